"""The columnar path for CSV/TXT files: a delimited file read by pyarrow's multi-threaded CSV reader.

csm.textfile decides the encoding and the delimiter; pyarrow then reads every record as string columns. When the
records differ in width because title rows sit above the table, csm.textfile's own reader reads the first lines,
the header is found there as csm.grid finds it, and pyarrow reads from the header line on. The grid handed to
csm.grid is the one the own reader would give — the same cells (text, blank → None), the same rows and line
numbers — so header, blank rows and columns, totals and notes are decided the same way.

Whenever the file is not a rectangle that pyarrow reads exactly as the own reader does (rows of differing widths
below the header, a record spanning lines, a quote inside a value, lone carriage returns), `read_grid` returns None
and the caller reads the whole file its own way.
"""

from __future__ import annotations

import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .errors import InputError
from .grid import PADDED, PLAIN, header_position
from .simple_types import padded_text

HEAD_LINES = 200  # lines read by csm.textfile's own reader to find the header below title rows


def read_grid(data: bytes, text: str, delimiter: str, split
              ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray | None, np.ndarray | None, list | None] | None:
    """The grid of text cells (object, blank → None), each row's line number, which cells are filled (a bool
    array shaped as the grid, the grid's notna()), which columns are plain text (`_plain`) and each column's
    distinct texts when it has few (`_object_part`; the last three None when not worked out), or None when the file needs
    csm.textfile's own reader.

    `data`: the file's text as UTF-8 bytes; `text`: the same text decoded, or at least its first HEAD_LINES lines;
    `split(text)`: csm.textfile's own reader (grid and line numbers) used for the first lines; `delimiter`: a single
    character.
    """
    if len(delimiter) != 1 or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):  # lone CRs
        return None
    read = _rows_released(data, 0, delimiter)  # the whole file at once: no title rows, or as wide as the table
    if read is not None:
        return read
    head_text = _first_lines(text, HEAD_LINES)  # else the own reader finds the header in the first lines
    try:
        head, head_lines = split(head_text)
    except InputError:  # the head ends inside a quoted value
        return None
    start = header_position(head)  # pyarrow starts at the header row
    if start == 0 or not np.array_equal(head_lines[: start + 1], np.arange(1, start + 2)):
        return None  # no title rows, or they span lines (quoted line breaks): let the own reader number them
    read = _rows_released(data, start, delimiter)
    if read is None:
        return None
    body, rows, _, _, _ = read
    width = max(head.shape[1], body.shape[1])  # the title rows may be wider than the table
    grid = pd.concat([head.iloc[:start].reindex(columns=range(width)), body.reindex(columns=range(width))],
                     ignore_index=True).astype(object)
    return grid.where(grid.notna(), None), np.concatenate([np.arange(1, start + 1), rows]), None, None, None


def _rows_released(data: bytes, start: int, delimiter: str
                   ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, list] | None:
    """`_rows_from`, then pyarrow's memory pool told to give back the pages its freed columns held: mimalloc keeps
    them for reuse otherwise, and the app's server, which lives on after a read, would hold them (resident after
    reading bench large's eight files: 1,652 → 1,355 MiB; the peak, later while computing, is unchanged)."""
    read = _rows_from(data, start, delimiter)
    pa.default_memory_pool().release_unused()
    return read


def _rows_from(data: bytes, start: int, delimiter: str
               ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, list] | None:
    """The grid from line `start` (0-based) on, read by pyarrow, each row's line number, which cells are filled,
    which columns are plain text and their distinct texts; None when pyarrow cannot read it exactly as the own
    reader does."""
    body = data[_offset_of_line(data, start):] if start else data
    read = _read_arrow(body, delimiter)
    if read is None:
        return None
    columns, n_rows = read  # every line a record (an empty line too: a row of blank cells), unless one spans lines
    if b'"' in body and n_rows != body.count(b"\n") + (not body.endswith(b"\n")):
        return None  # a record spans lines
    for col in columns if b'"' in body else ():
        if pc.any(pc.match_substring(col, '"')).as_py():  # a quote inside a value: quoting rules may differ
            return None
    cells = _cells_of(columns)
    grid = pd.DataFrame({i: c[0] for i, c in enumerate(cells)}, columns=range(len(columns)), dtype=object,
                        copy=False)  # each column its own block: not copied into one
    filled = np.column_stack([c[1] for c in cells]) if cells else np.zeros((n_rows, 0), dtype=bool)
    rows = start + 1 + np.arange(n_rows)
    return grid, rows, filled, np.array([c[2] for c in cells], dtype=np.int8), [c[3] for c in cells]


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
    """Every field of every record as a string column, an empty line a record of empty fields (a blank row, as the
    own reader reads it); None when the records differ in width (or cannot be read)."""
    first = next(csv.reader(io.StringIO(data[:65_536].decode("utf-8", errors="replace"), newline=""),
                            delimiter=delimiter), None)
    if not first:
        return None
    names = [f"f{i}" for i in range(len(first))]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    return table.columns, table.num_rows


def _cells_of(columns: list[pa.ChunkedArray]) -> list[tuple]:
    """`_object_part` of each column. Two worker threads work out the columns' Arrow parts (`_arrow_part`: pyarrow
    lets go of the GIL) while this thread makes the Python strings of the columns whose part is ready: on bench
    large the Arrow parts take 2.4 s of CPU and the strings 1.0 s. At most _AHEAD columns' parts are held at once
    (the column made contiguous, a 32-bit code a cell)."""
    if len(columns) < 2:
        return [_object_part(_arrow_part(col)) for col in columns]
    with ThreadPoolExecutor(max_workers=2) as workers:
        parts = [workers.submit(_arrow_part, col) for col in columns[:_AHEAD]]
        out = []
        for i in range(len(columns)):
            if i + _AHEAD < len(columns):
                parts.append(workers.submit(_arrow_part, columns[i + _AHEAD]))
            out.append(_object_part(parts[i].result()))
            parts[i] = None  # its Arrow arrays go with it
        return out


_AHEAD = 3  # columns whose Arrow parts are worked out or held while this thread makes strings


def _arrow_part(col: pa.ChunkedArray) -> tuple:
    """What `_object_part` needs of a column, worked out in pyarrow: the whole column (direct) or its dictionary
    encoding (shared), which of those texts are blank, and whether the column is plain text (`_plain`).

    Each distinct text is made a Python string once and shared by the cells holding it (dates, plans and amounts
    repeat: a million cells of a few thousand days cost a few thousand strings). A column whose texts are nearly
    all distinct (ids, names, times) is turned into strings directly: finding its distinct texts would cost more
    than it saves. Both give the same cells."""
    col = col.combine_chunks()
    return _direct_arrow(col) if _mostly_distinct(col) else _shared_arrow(col)


def _direct_arrow(col: pa.Array) -> tuple:
    """`_arrow_part` of a column whose cells are each made a Python string."""
    blank, changed = _blank_and_changed(col)
    return col, None, blank, _plain(col, ~blank, changed)


def _shared_arrow(col: pa.Array) -> tuple:
    """`_arrow_part` of a column whose distinct texts are made Python strings, each shared by its cells."""
    encoded = col.dictionary_encode()
    blank, changed = _blank_and_changed(encoded.dictionary)
    return encoded.dictionary, encoded.indices, blank, _plain(encoded.dictionary, ~blank, changed)


def _object_part(part: tuple) -> tuple[np.ndarray, np.ndarray, int, tuple[np.ndarray, np.ndarray] | None]:
    """One column's cells as an object array (blank or whitespace-only → None), which of them are filled (not
    None), whether it is plain text (`_plain`), and, when the column's distinct texts are at most half its cells,
    (each cell's code, the texts by code, None for a blank): what csm.cells.distinct_cells would otherwise find
    again by hashing every cell."""
    texts, indices, blank, plain = part
    values = texts.to_numpy(zero_copy_only=False)
    values[blank] = None
    if indices is None:  # a Python string per cell
        return values, ~blank, plain, None
    codes = indices.to_numpy(zero_copy_only=False)
    known = None
    if len(values) <= len(codes) // 2:
        known = (codes.astype(np.int16 if len(values) <= np.iinfo(np.int16).max else np.int32), values)
    return values[codes], ~blank[codes], plain, known


_DISTINCT_SAMPLE = 20_000  # cells looked at to tell a column of mostly distinct texts


def _mostly_distinct(col: pa.Array) -> bool:
    """Whether at least 99 % of a spread sample of the column's cells are distinct texts (ids, names)."""
    if len(col) < 2:
        return False
    sample = col if len(col) <= _DISTINCT_SAMPLE else col.take(
        np.linspace(0, len(col) - 1, _DISTINCT_SAMPLE).astype(np.int64))
    return pc.count_distinct(sample).as_py() > 0.99 * len(sample)


# Every character Python's str.strip takes for whitespace (none is above U+3000)
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_ASCII_SPACES = "".join(c for c in _SPACES if c.isascii())


def _blank_and_changed(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Which texts are blank (empty or whitespace only: `not text.strip()`, as csm.grid.blank_to_none reads a
    cell) and which stripping changes (pyarrow trimming the very characters str.strip does).

    Only the texts that begin or end in a byte that may be whitespace (`_EDGE`) are trimmed: a column's first and
    last bytes are read from its buffers (`_ends`), where trimming every text would copy the column."""
    ends = _ends(texts)
    if ends is None:
        return _trimmed(texts)
    length, first, last = ends
    blank, changed = length == 0, np.zeros(len(texts), dtype=bool)
    maybe = np.flatnonzero(_EDGE[first] | _EDGE[last])
    if len(maybe):
        blank[maybe], changed[maybe] = _trimmed(texts.take(pa.array(maybe)))
    return blank, changed


def _trimmed(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """`_blank_and_changed` of every text, by trimming it."""
    if pc.all(pc.string_is_ascii(texts)).as_py() is not False:  # (7 × quicker: a byte table, not code points)
        trimmed = pc.ascii_trim(texts, characters=_ASCII_SPACES)
    else:
        trimmed = pc.utf8_trim(texts, characters=_SPACES)
    length = pc.binary_length(trimmed)
    blank = pc.equal(length, 0).to_numpy(zero_copy_only=False)
    return blank, pc.not_equal(length, pc.binary_length(texts)).to_numpy(zero_copy_only=False)


# A byte a text beginning or ending in whitespace may begin or end in: an ASCII space, or any byte of a character
# beyond ASCII (U+00A0, U+3000…)
_EDGE = np.zeros(256, dtype=bool)
_EDGE[[ord(c) for c in _ASCII_SPACES]] = True
_EDGE[0x80:] = True


def _ends(texts: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Each text's length in bytes and its first and last byte (0 for an empty text), read from the array's
    buffers; None for an array with nulls or of another type."""
    data = _data(texts)
    if data is None:
        return None
    offsets, data = data
    length = np.diff(offsets)
    filled = length > 0
    first = np.where(filled, data[np.minimum(offsets[:-1], len(data) - 1)], 0)
    last = np.where(filled, data[np.clip(offsets[1:] - 1, 0, len(data) - 1)], 0)
    return length, first, last


def _data(texts: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """The offsets (one more than the texts) and the bytes of a string array without nulls, as NumPy views; None
    for an array with nulls or of another type."""
    if texts.null_count or not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        return None
    _, offsets, data = texts.buffers()
    width = np.int32 if pa.types.is_string(texts.type) else np.int64
    offsets = np.frombuffer(offsets, dtype=width)[texts.offset: texts.offset + len(texts) + 1]
    return offsets, (np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(1, np.uint8))


def _plain(texts: pa.Array, filled: np.ndarray, changed: np.ndarray) -> int:
    """PLAIN when every filled text is plain: stripping changes none (`changed`), none holds ".0" (no "1001.0" id)
    and none starts with "#" (no spreadsheet error such as #N/A); PADDED when, besides, some is digits with leading
    zeros (0042: simple_types.padded_text); else 0. csm.normalize takes the ids and text of a plain column as they
    are."""
    if np.any(changed & filled):
        return 0
    if _may_hold(texts, b".0") or _may_hold(texts, b"#"):
        odd = pc.or_(pc.match_substring(texts, ".0"), pc.starts_with(texts, "#"))
        if np.any(odd.to_numpy(zero_copy_only=False) & filled):
            return 0
    return PADDED if pc.any(pc.starts_with(texts, "0")).as_py() and padded_text(texts) else PLAIN


def _may_hold(texts: pa.Array, part: bytes) -> bool:
    """False when no text holds `part` (a search of the array's bytes, 3 ms a million texts: some pair of texts
    side by side may hold it where no text does, so True says only "maybe")."""
    data = _data(texts)
    if data is None:
        return True
    offsets, data = data
    return re.search(re.escape(part), memoryview(data)[int(offsets[0]):int(offsets[-1])]) is not None
