"""CSV/TXT files as grids of text cells: the encoding (UTF-8, UTF-16 with or without a byte-order mark, Windows-1252,
Latin-1), the delimiter (comma, semicolon, tab, pipe or runs of whitespace) and the line each record starts on.

Every cell is read as text (blank → None); csm.grid then finds the table in the grid.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from .columnar import read_grid as columnar_grid
from .errors import InputError
from .grid import RawTable, blank_to_none, to_table

_DELIMITERS = {
    ",": "comma-separated",
    ";": "semicolon-separated",
    "\t": "tab-separated",
    "|": "pipe-separated",
    " ": "whitespace-separated",
}


def read_text(raw: bytes, name: str, columnar: bool = True) -> RawTable:
    """A delimited (or whitespace-separated) text file, every cell read as text.

    `columnar`: the bulk of a delimited file is read by pyarrow (csm.columnar) when it gives the very same grid;
    False reads it with this module's own reader only (the tests compare both).
    """
    text, encoding, decoded = _decode(raw, name)
    delimiter = _detect_delimiter(text)
    grid = None
    if delimiter == " ":
        grid, line_numbers = _split_whitespace(text)
    elif columnar:
        utf8 = raw if encoding == "UTF-8" and not decoded else text.encode("utf-8")
        read = columnar_grid(utf8, text, delimiter, lambda head: _split_delimited(head, delimiter, name))
        if read is not None:
            grid, line_numbers = read
    if grid is None:
        grid, line_numbers = _split_delimited(text, delimiter, name)
    how = _DELIMITERS[delimiter]
    table = to_table(grid, name, None, line_numbers, [f"Read as {encoding} text, {how}.", *decoded],
                      letters=False)
    if table is None:
        raise InputError("the file holds no data", source=name)
    return table


def _decode(raw: bytes, name: str) -> tuple[str, str, list[str]]:
    """Text of the file, a description of its encoding (UTF-8 ±BOM, UTF-16 with or without BOM, Windows-1252,
    Latin-1) and notes on what decoding changed (stray NUL characters removed)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="replace"), "UTF-8 (with byte-order mark)"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = raw.decode("utf-16", errors="replace"), "UTF-16"
    elif (order := _utf16_without_bom(raw)) is not None:
        text, encoding = raw.decode(order, errors="replace"), "UTF-16 (no byte-order mark)"
    else:
        for codec, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
            try:
                text, encoding = raw.decode(codec), label
                break
            except UnicodeDecodeError:
                continue
    nuls = text.count("\x00")
    controls = len(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text[:100_000]))
    if controls > 0.01 * min(len(text), 100_000):
        raise InputError("the file is neither a text table (CSV) nor a spreadsheet workbook", source=name)
    if nuls:  # a few stray zero bytes (a damaged export): dropped, and said, rather than the whole file refused
        lines = sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer("\x00", text)})
        where = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
        text = text.replace("\x00", "")
        return text, encoding, [f"{nuls:,} NUL character{'s' if nuls > 1 else ''} (zero bytes) removed, on "
                                f"line{'s' if len(lines) > 1 else ''} {where}."]
    return text, encoding, []


def _utf16_without_bom(raw: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a byte-order mark (zero bytes at
    every other position, as ASCII text in UTF-16 has), else None."""
    head = raw[:20_000]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.4 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.4 and zero_odd < 0.05:
        return "utf-16-be"
    return None


def _detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number of fields most consistently.

    Candidates are comma, semicolon, tab and pipe (quoted text is ignored while counting). When none appears, lines
    that split evenly on runs of whitespace make a whitespace-separated file (" "); otherwise the file has one column.
    """
    lines = [ln for ln in _lines(text, 200) if ln.strip()][:60]
    unquoted = pd.Series([re.sub(r'"[^"]*"', "", ln) for ln in lines], dtype=object)
    best, best_score = ",", (0.0, 0)
    for d in (",", ";", "\t", "|"):
        score = _consistency(unquoted.str.count(re.escape(d)))
        if score > best_score:
            best, best_score = d, score
    if best_score[1] == 0:
        fields = pd.Series(lines, dtype=object).str.split().str.len()
        share, mode = _consistency(fields)
        if mode >= 2 and share >= 0.8:
            return " "
    return best


def _consistency(counts: pd.Series) -> tuple[float, int]:
    """(share of lines with the most common count, that count); (0, 0) when the most common count is 0."""
    if counts.empty:
        return 0.0, 0
    mode = int(counts.mode().max())
    return (float((counts == mode).mean()), mode) if mode else (0.0, 0)


def _lines(text: str, first: int | None = None) -> list[str]:
    """Lines split on \\n, \\r\\n or \\r only (str.splitlines also splits on rarer characters, which CSV does not).

    `first`: only the first lines (the rest of the text is not split).
    """
    if first == 0:
        return []
    lines = re.split(r"\r\n|\r|\n", text, maxsplit=first or 0)
    if first is not None and len(lines) > first:  # cut short: the last piece is the rest of the text
        return lines[:first]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _line_count(text: str) -> int:
    """len(_lines(text)), counted without splitting."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + 1 - (text == "" or text.endswith(("\n", "\r")))


def _width(text: str, delimiter: str) -> int:
    """The largest number of fields of any record, as the csv module reads them (at least 1).

    Without quotes or carriage returns a record is a line and its fields are its delimiters + 1 (a blank line has
    none): counted on the bytes. Otherwise the csv module reads the text.
    """
    if '"' in text or "\r" in text or len(delimiter) != 1 or ord(delimiter) > 127:
        return max(map(len, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), default=1) or 1
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    delims = np.flatnonzero(data == ord(delimiter))
    if len(delims) == 0:
        return 1
    per_line = np.bincount(np.searchsorted(newlines, delims))
    return int(per_line.max()) + 1


def _split_delimited(text: str, delimiter: str, name: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Cells of a delimited file (all text, blank → None) and the line number each record starts on."""
    width = _width(text, delimiter)
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError, csv.Error) as e:
        raise InputError(f"the file cannot be read as a table ({str(e).splitlines()[0]})", source=name) from None
    line_numbers = np.arange(1, len(grid) + 1)
    if len(grid) != _line_count(text):  # quoted values span lines: ask the csv module where each record starts
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ends = np.fromiter((reader.line_num for _ in reader), dtype=int)
        if len(ends) == len(grid):
            line_numbers = np.concatenate([[1], ends[:-1] + 1])
    return blank_to_none(grid), line_numbers


def _split_whitespace(text: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Cells of a whitespace-separated file, and the line number of each line."""
    lines = pd.Series(_lines(text), dtype=object)
    grid = lines.str.split(expand=True)
    grid.columns = range(grid.shape[1])
    return blank_to_none(grid), np.arange(1, len(lines) + 1)
