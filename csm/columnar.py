"""The columnar path for CSV/TXT files: the bulk of a delimited file read by pyarrow's multi-threaded CSV reader.

csm.textfile decides the encoding and the delimiter and reads the first lines with its own reader (which takes
every oddity); the header row is found there. From the header line on, pyarrow reads the file as string columns.
The grid handed to csm.grid is the one csm.textfile's own reader would give — the same cells (text, blank → None),
the same rows and line numbers — so header, blank rows and columns, totals and notes are decided the same way.

Whenever the rest of the file is not a plain rectangle that pyarrow reads exactly as csm.textfile's reader does
(rows of differing widths, a record spanning lines, a quote inside a value, lone carriage returns), `read_grid`
returns None and the caller reads the whole file its own way.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .errors import InputError
from .grid import header_position

HEAD_LINES = 200  # lines read by csm.textfile's own reader to find the header
# A cell without any letter, digit, punctuation or symbol may be blank (whitespace only, as str.strip reads it)
_MAYBE_BLANK = r"^[^\p{L}\p{N}\p{P}\p{S}]*$"


def read_grid(data: bytes, text: str, delimiter: str, split) -> tuple[pd.DataFrame, np.ndarray] | None:
    """The grid of text cells (object, blank → None) and each row's line number, or None when the file needs
    csm.textfile's own reader.

    `data`: the file's text as UTF-8 bytes; `text`: the same text decoded; `split(text)`: csm.textfile's own
    reader (grid and line numbers) used for the first lines; `delimiter`: a single character.
    """
    if len(delimiter) != 1 or text.count("\r") != text.count("\r\n"):  # lone CR: a line end pyarrow reads alike?
        return None
    head_text = _first_lines(text, HEAD_LINES)
    try:
        head, head_lines = split(head_text)
    except InputError:  # the head ends inside a quoted value
        return None
    if head_text == text:  # the whole file is the head: nothing to gain
        return None
    start = header_position(head)  # pyarrow starts at the header row
    if not np.array_equal(head_lines[: start + 1], np.arange(1, start + 2)):
        return None  # the title rows span lines (quoted line breaks): let the own reader number them
    offset = _offset_of_line(data, start)
    body = _read_arrow(data[offset:], delimiter)
    if body is None:
        return None
    columns, n_rows = body
    lines = _nonblank_lines(data[offset:])
    if len(lines) != n_rows:  # a record spans lines, or a line pyarrow did not read as a row
        return None
    for col in columns:
        if pc.any(pc.match_substring(col, '"')).as_py():  # a quote inside a value: quoting rules may differ
            return None
    width = max(head.shape[1] if start else 0, len(columns))
    n = int(lines[-1]) + 1 if len(lines) else 0  # rows from the start line to the last line holding something
    grid = pd.DataFrame({i: _cells(col, lines, n) if i < len(columns) else np.full(n, None, dtype=object)
                         for i, col in enumerate([*columns, *[None] * (width - len(columns))])}, columns=range(width),
                        dtype=object)
    rows = start + 1 + np.arange(n)
    if start:
        top = head.iloc[:start].reindex(columns=range(width)).astype(object)
        top = top.where(top.notna(), None)
        grid = pd.concat([top, grid], ignore_index=True)
        rows = np.concatenate([np.arange(1, start + 1), rows])
    return grid, rows


def _first_lines(text: str, n: int) -> str:
    """The first n lines of text (with their line ends), or the whole text when it has no more."""
    pos = -1
    for _ in range(n):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return text
    return text[: pos + 1]


def _offset_of_line(data: bytes, line: int) -> int:
    """Byte offset where line `line` (0-based) starts."""
    pos = -1
    for _ in range(line):
        pos = data.find(b"\n", pos + 1)
    return pos + 1


def _read_arrow(data: bytes, delimiter: str) -> tuple[list[pa.ChunkedArray], int] | None:
    """Every field of every record as a string column; None when the records differ in width (or cannot be read)."""
    first = next(csv.reader(io.StringIO(data[:65_536].decode("utf-8", errors="replace"), newline=""),
                            delimiter=delimiter), None)
    if not first:
        return None
    names = [f"f{i}" for i in range(len(first))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    return table.columns, table.num_rows


def _nonblank_lines(data: bytes) -> np.ndarray:
    """0-based numbers of the lines that hold something (pyarrow skips empty lines), counted from `data`'s start."""
    n_lines = data.count(b"\n") + (not data.endswith(b"\n"))
    if b"\n\n" not in data and b"\n\r\n" not in data and not data.startswith((b"\n", b"\r\n")):
        return np.arange(n_lines)  # no empty line (the usual case): no need to look at each line
    buf = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buf == 10)
    if len(buf) and buf[-1] != 10:
        ends = np.append(ends, len(buf))
    starts = np.concatenate([[0], ends[:-1] + 1]) if len(ends) else np.zeros(0, dtype=np.int64)
    length = ends - starts
    cr = (length > 0) & (buf[np.maximum(ends - 1, 0)] == 13)
    return np.flatnonzero(length - cr > 0)


def _cells(col: pa.ChunkedArray, lines: np.ndarray, n: int) -> np.ndarray:
    """One column's cells as an object array (blank or whitespace-only → None), one per line from the start line
    on (None on the empty lines between).

    Each distinct text is made a Python string once and shared by the cells holding it (dates, plans and amounts
    repeat: a million cells of a few thousand days cost a few thousand strings).
    """
    encoded = col.combine_chunks().dictionary_encode()
    texts = encoded.dictionary.to_numpy(zero_copy_only=False)
    maybe = np.flatnonzero(pc.match_substring_regex(encoded.dictionary, _MAYBE_BLANK).to_numpy(zero_copy_only=False))
    for i in maybe:  # a handful: "", " ", "\u3000"
        if not texts[i].strip():
            texts[i] = None
    values = texts[encoded.indices.to_numpy(zero_copy_only=False)]
    if len(lines) == n:
        return values
    out = np.full(n, None, dtype=object)  # empty lines inside the table: blank rows
    out[lines] = values
    return out
