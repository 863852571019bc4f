"""Reading the files a user uploads: CSV/TXT text tables and Excel workbooks, one `RawTable` per table.

Everything comes in as it is written in the file: CSV cells as text (blank → None), workbook cells as the native
values the workbook holds. What this module decides is *where* the table is: which row is the header (title rows
above it are skipped), which rows and columns are blank, and which trailing rows are totals rather than data. Each
decision is written down in `RawTable.notes`; total rows are listed in `RawTable.excluded`, never dropped silently.
Row numbers are the ones the user sees: the line number in a CSV file, the Excel row number in a workbook.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import workbook
from .errors import InputError

EXCLUDED_COLUMNS = ["source", "sheet", "row", "column", "value", "reason"]
TOTAL_REASON = "looks like a total row; left out"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and password-protected .xlsx)
_WORKBOOK_EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_DELIMITERS = {
    ",": "comma-separated",
    ";": "semicolon-separated",
    "\t": "tab-separated",
    "|": "pipe-separated",
    " ": "whitespace-separated",
}
_HEADER_SCAN = 30  # header searched among this many non-blank rows
_TOTAL_SCAN = 5  # total rows searched among this many last rows
MAX_COLUMNS = 500  # columns read per table (an export of 5,000 columns is a pivot or a mistake, and costs minutes)

_TOTAL_RE = re.compile(
    r"^\s*(grand\s*total|sub\s*-?\s*totals?|totals?|sum|summe|gesamt\w*|total\s+general|totale|somme|suma|soma)"
    r"(?![a-z])",
    re.IGNORECASE,
)
# Text that reads as a number or a date, not as a header: 12, -3.5, 1,200.00, $5, 12%, 2024-01-31, 31/01/24, Jan 5
_NUMBERISH_RE = r"^[\s$€£¥₦₹(+\-−]*\d[\d\s.,'’]*[%)\-]?\s*(?:[A-Z]{3})?$"
_DATEISH_RE = (
    r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T\s].*)?$"
    r"|^\d{1,2}[-\s](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[-\s,]+\d{2,4}$"
    r"|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4}$"
)


@dataclass(frozen=True, eq=False)
class RawTable:
    """One table as read from a file: a CSV file or one sheet of a workbook."""

    source: str  # file name as the user knows it
    sheet: str | None  # sheet name for workbooks, None for CSV
    frame: pd.DataFrame  # data rows only, columns = header texts (stripped, unique)
    rows: np.ndarray  # user-visible row number of each frame row
    header_row: int | None  # user-visible row number of the header; None when the file has no header
    notes: tuple[str, ...] = ()
    excluded: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXCLUDED_COLUMNS))

    @property
    def label(self) -> str:
        return f"{self.source} [{self.sheet}]" if self.sheet else self.source


def read_file(data: Any, name: str | None = None) -> list[RawTable]:
    """Read a CSV/TXT file or a workbook into one RawTable per table (per non-empty sheet).

    `data` is a path, bytes, or a binary file-like object (such as a Streamlit UploadedFile); it is read once and
    never modified. Unreadable input raises `InputError` with a one-sentence reason.
    """
    raw, name = _read_bytes(data, name)
    if not raw or not raw.strip():
        raise InputError("the file is empty", source=name)
    ext = os.path.splitext(name)[1].lower()
    if raw.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or ext in _WORKBOOK_EXTENSIONS:
        return _read_workbook(raw, name)
    return [_read_text(raw, name)]


# ---------------------------------------------------------------- bytes in


def _read_bytes(data: Any, name: str | None) -> tuple[bytes, str]:
    """All bytes of `data` and the name the user knows it by."""
    if isinstance(data, str | os.PathLike):
        path = Path(data)
        try:
            return path.read_bytes(), name or path.name
        except OSError as e:
            raise InputError(f"the file cannot be opened ({e.strerror or e})", source=name or path.name) from None
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data), name or "upload"
    if hasattr(data, "read"):
        name = name or os.path.basename(str(getattr(data, "name", "") or "upload"))
        if hasattr(data, "getvalue"):
            return bytes(data.getvalue()), name
        pos = data.tell() if hasattr(data, "tell") else None
        content = data.read()
        if pos is not None and hasattr(data, "seek"):
            data.seek(pos)
        if isinstance(content, str):
            content = content.encode("utf-8")
        return bytes(content), name
    raise TypeError(f"read_file takes a path, bytes or a binary file object, not {type(data).__name__}")


# ---------------------------------------------------------------- workbooks


def _read_workbook(raw: bytes, name: str) -> list[RawTable]:
    """Every non-empty sheet of a workbook (read in a child process, see csm.workbook); empty sheets are skipped
    with a note, and a cell holding an Excel error (#REF!, #N/A) keeps its error text, to be reported as such."""
    read = workbook.read(raw, name)
    tables, skipped = [], []
    for sheet, grid in read.grids.items():
        grid = grid.astype(object)
        for row, col, error in read.errors.get(sheet, ()):
            if row < grid.shape[0] and col < grid.shape[1]:
                grid.iat[row, col] = error
        grid = _blank_to_none(grid)
        filled = _fill_merged(grid, read.merged.get(sheet, ()))
        table = _to_table(grid, name, str(sheet), np.arange(1, len(grid) + 1), filled, letters=True)
        if table is None:
            skipped.append(str(sheet))
        else:
            tables.append(table)
    if not tables:
        raise InputError(read.notes[0] if read.notes else "the workbook has no data in any sheet", source=name)
    notes = list(read.notes)
    if skipped:
        notes.append(f"Empty sheet{'s' if len(skipped) > 1 else ''} {', '.join(map(repr, skipped))} skipped.")
    if notes:
        first = tables[0]
        tables[0] = RawTable(
            first.source, first.sheet, first.frame, first.rows, first.header_row, (*notes, *first.notes), first.excluded
        )
    return tables


def _fill_merged(grid: pd.DataFrame, merged) -> list[str]:
    """Merged ranges that span rows take their first cell's value in every cell (an id merged over a customer's
    rows belongs to each row); ranges within one row (a title over the columns) stay as they are. A note names them."""
    done = []
    for r0, c0, r1, c1 in merged:  # a handful per sheet
        if r1 <= r0 or r0 >= grid.shape[0] or c0 >= grid.shape[1]:
            continue
        r1, c1 = min(r1, grid.shape[0] - 1), min(c1, grid.shape[1] - 1)
        value = grid.iat[r0, c0]
        if value is None:
            continue
        block = grid.iloc[r0 : r1 + 1, c0 : c1 + 1]
        if block.notna().sum().sum() == 1:  # only the first cell holds something, as a merge leaves it
            grid.iloc[r0 : r1 + 1, c0 : c1 + 1] = value
            done.append(f"{_excel_letter(c0)}{r0 + 1}:{_excel_letter(c1)}{r1 + 1}")
    if not done:
        return []
    shown = ", ".join(done[:5]) + (f" and {len(done) - 5} more" if len(done) > 5 else "")
    return [f"Merged cells {shown} were read as the value of their first cell in every row they span."]


# ---------------------------------------------------------------- text files


def _read_text(raw: bytes, name: str) -> RawTable:
    """A delimited (or whitespace-separated) text file, every cell read as text."""
    text, encoding, decoded = _decode(raw, name)
    delimiter = _detect_delimiter(text)
    if delimiter == " ":
        grid, line_numbers = _split_whitespace(text)
    else:
        grid, line_numbers = _split_delimited(text, delimiter, name)
    how = _DELIMITERS[delimiter]
    table = _to_table(grid, name, None, line_numbers, [f"Read as {encoding} text, {how}.", *decoded],
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
    return _blank_to_none(grid), line_numbers


def _split_whitespace(text: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Cells of a whitespace-separated file, and the line number of each line."""
    lines = pd.Series(_lines(text), dtype=object)
    grid = lines.str.split(expand=True)
    grid.columns = range(grid.shape[1])
    return _blank_to_none(grid), np.arange(1, len(lines) + 1)


# ---------------------------------------------------------------- finding the table in a grid


def _to_table(
    grid: pd.DataFrame, source: str, sheet: str | None, row_numbers: np.ndarray, notes: list[str], *, letters: bool
) -> RawTable | None:
    """Find the header, drop blank rows and columns and trailing totals; None when the grid holds nothing."""
    grid = grid.reset_index(drop=True)
    notes = list(notes)
    if grid.shape[1] > MAX_COLUMNS:
        notes.append(f"The table has {grid.shape[1]:,} columns; the first {MAX_COLUMNS} were read and the other "
                     f"{grid.shape[1] - MAX_COLUMNS:,} were not (at most {MAX_COLUMNS} per table: delete the columns "
                     "you do not need, or split the table).")
        grid = grid.iloc[:, :MAX_COLUMNS]
    grid.columns = range(grid.shape[1])
    filled = grid.notna()
    if not filled.to_numpy().any():
        return None
    nonblank = filled.any(axis=1).to_numpy()
    scan = np.flatnonzero(nonblank)[: _HEADER_SCAN + 50]
    kinds = _cell_kinds(grid.iloc[: scan[-1] + 1])  # the header is found among the first rows
    header_pos = _find_header(kinds, nonblank[: scan[-1] + 1])
    if header_pos is None:
        first_data, header_row = 0, None
        notes.append("No header row found; columns are named by position.")
    else:
        first_data, header_row = header_pos + 1, int(row_numbers[header_pos])
        above = int(nonblank[:header_pos].sum())
        if above:
            notes.append(f"{above} title row{'s' if above > 1 else ''} above the header (row {header_row}) skipped.")
        elif header_row != 1:
            notes.append(f"Header found on row {header_row}.")

    # Columns blank in the header and every data row go; only those between filled columns are worth a note.
    region = filled.iloc[first_data - (header_pos is not None) :]
    used = region.any(axis=0).to_numpy()
    inner_blank = int((~used[np.argmax(used) : len(used) - np.argmax(used[::-1])]).sum())
    header_cells = (
        grid.iloc[header_pos]
        if header_pos is not None
        else pd.Series([None] * grid.shape[1], index=grid.columns, dtype=object)
    )
    columns = _column_names(header_cells, letters)
    body = grid.iloc[first_data:, used]
    body.columns = [c for c, u in zip(columns, used, strict=True) if u]
    body_rows = np.asarray(row_numbers[first_data : first_data + len(body)])

    # Blank rows are counted between data rows only (blank lines at the end of a file are not news).
    keep = nonblank[first_data:]
    filled_pos = np.flatnonzero(keep)
    inner_blank_rows = int((~keep[: filled_pos[-1] + 1]).sum()) if len(filled_pos) else 0
    body, body_rows = body[keep].reset_index(drop=True), body_rows[keep]
    if inner_blank_rows:
        notes.append(f"{inner_blank_rows} blank row{'s' if inner_blank_rows > 1 else ''} dropped.")
    if inner_blank:
        notes.append(f"{inner_blank} blank column{'s' if inner_blank > 1 else ''} dropped.")

    total = _total_rows(body)
    excluded = pd.DataFrame(columns=EXCLUDED_COLUMNS)
    if total.any():
        lines = []
        for pos in np.flatnonzero(total):  # a handful of rows at most
            cells = body.iloc[pos]
            label_col = cells.first_valid_index() if cells[body.columns[0]] is not None else body.columns[0]
            row = int(body_rows[pos])
            lines.append([source, sheet, row, label_col, cells[label_col], TOTAL_REASON])
            notes.append(f"Row {row} looks like a total row and was left out.")
        excluded = pd.DataFrame(lines, columns=EXCLUDED_COLUMNS)
        body, body_rows = body[~total].reset_index(drop=True), body_rows[~total]
    return RawTable(source, sheet, body, np.asarray(body_rows, dtype=int), header_row, tuple(notes), excluded)


def _type_flags(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(is text, is a date/datetime object) for each cell, looking each distinct Python type up once."""
    types = s.map(type)
    is_date = {t: issubclass(t, dt.date | np.datetime64) for t in types.unique()}
    return types.eq(str), types.map(is_date).astype(bool)


def _texts(s: pd.Series) -> pd.Series:
    """Stripped text of the text cells, "" for every other cell (safe for the .str accessor)."""
    is_str, _ = _type_flags(s)
    return s.where(is_str, "").astype(str).str.strip()


def _cell_kinds(grid: pd.DataFrame) -> pd.DataFrame:
    """Each cell as 'blank', 'text', 'number' or 'date' (text that reads as a number or date counts as such)."""
    out = pd.DataFrame(index=grid.index, columns=grid.columns, dtype=object)
    for col in grid.columns:
        s = grid[col]
        is_str, is_date = _type_flags(s)
        text = _texts(s)
        numberish = text.str.match(_NUMBERISH_RE)
        dateish = text.str.match(_DATEISH_RE, flags=re.IGNORECASE)
        out[col] = np.select(
            [s.isna(), is_date | (is_str & dateish), ~is_str | numberish], ["blank", "date", "number"], default="text"
        )
    return out


def _find_header(kinds: pd.DataFrame, nonblank: np.ndarray) -> int | None:
    """Position of the header row among the first non-blank rows, or None when the table has no header.

    The header is the first row with (nearly) the most text cells, whose cells are mostly text, and which has rows
    below it. When that row looks like the rows below it (its cells are numbers/dates where theirs are), there is no
    header: the file starts with data.
    """
    candidates = np.flatnonzero(nonblank)[:_HEADER_SCAN]
    if len(candidates) == 0:
        return None
    top = kinds.iloc[candidates]
    n_text = top.eq("text").sum(axis=1).to_numpy()
    n_filled = top.ne("blank").sum(axis=1).to_numpy()
    if n_text.max() == 0:
        return None
    threshold = max(1, int(np.ceil(0.75 * n_text.max())))
    ok = (n_text >= threshold) & (n_text >= 0.6 * n_filled)
    if not ok.any():
        return None
    pos = int(candidates[np.argmax(ok)])
    # Does the header row look like data? Compare with the rows below in columns that hold numbers or dates there.
    below = kinds.iloc[pos + 1 :][nonblank[pos + 1 :]].head(50)
    if len(below):
        header = kinds.iloc[pos]
        typed = below.isin(["number", "date"]).mean() > 0.8
        if typed.any() and header[typed].isin(["number", "date"]).all():
            return None
    return pos


def _column_names(header: pd.Series, letters: bool) -> list[str]:
    """Stripped, unique header texts; a blank header is named by its column letter (workbooks) or position (CSV)."""
    names = []
    for pos, value in header.items():  # one per column
        text = _header_text(value)
        names.append(text or f"Column {_excel_letter(pos) if letters else pos + 1}")
    seen: dict[str, int] = {}
    unique = []
    for n in names:
        key = n.casefold()
        seen[key] = seen.get(key, 0) + 1
        unique.append(n if seen[key] == 1 else f"{n} ({seen[key]})")
    return unique


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return " ".join(str(value).split())


def _excel_letter(pos: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _total_rows(body: pd.DataFrame) -> np.ndarray:
    """Which of the last rows are totals: a 'Total'-like first text cell, or a blank first column beside numbers."""
    n = len(body)
    total = np.zeros(n, dtype=bool)
    if n < 2 or body.shape[1] == 0:
        return total
    tail = body.iloc[-_TOTAL_SCAN:]
    first_value = tail.bfill(axis=1).iloc[:, 0]
    total[n - len(tail) :] = _texts(first_value).str.match(_TOTAL_RE).to_numpy(dtype=bool)
    # A last row with the first (key) column blank while numbers sit beside it, when that column is otherwise filled.
    first_col = body.iloc[:, 0]
    if (
        n >= 3
        and first_col.iloc[-1] is None
        and first_col.iloc[:-1].notna().mean() >= 0.9
        and (_cell_kinds(body.iloc[-1:, 1:]).iloc[0] == "number").any()
    ):
        total[-1] = True
    return total


def _blank_to_none(grid: pd.DataFrame) -> pd.DataFrame:
    """Blank or whitespace-only text and NaN/NaT → None, in an object frame."""
    grid = grid.astype(object)
    for col in grid.columns:
        s = grid[col]
        if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):  # text and blanks only (CSV)
            is_str = s.notna()
        else:
            is_str, _ = _type_flags(s)
        blank = s.isna().to_numpy() | (is_str & s.where(is_str, "x").astype(str).str.strip().eq("")).to_numpy()
        grid[col] = s.where(~blank, None)
    return grid
