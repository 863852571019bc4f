"""Finding the table in a grid of cells: which row is the header (title rows above it are skipped), which rows and
columns are blank, and which trailing rows are totals rather than data; one `RawTable` per table.

The readers (csm.io for workbooks, csm.textfile for CSV/TXT) hand over a grid of cells as the file holds them. Each
decision made here is written down in `RawTable.notes`; total rows are listed in `RawTable.excluded`, never dropped
silently. Row numbers are the ones the user sees: the line number in a CSV file, the Excel row number in a workbook.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .currencies import SIGNS
from .memo import Memo
from .schema import REJECT_COLUMNS as EXCLUDED_COLUMNS  # the rows left out here are the first of the rejects

TOTAL_REASON = "looks like a total row; left out"

_HEADER_SCAN = 30  # header searched among this many non-blank rows
_TOTAL_SCAN = 5  # total rows searched among this many last rows
MAX_COLUMNS = 500  # columns read per table (an export of 5,000 columns is a pivot or a mistake, and costs minutes)

_TOTAL_RE = re.compile(
    r"^\s*(grand\s*total|sub\s*-?\s*totals?|totals?|sum|summe|gesamt\w*|total\s+general|totale|somme|suma|soma)"
    r"(?![a-z])",
    re.IGNORECASE,
)
# Text that reads as a number or a date, not as a header: 12, -3.5, 1,200.00, $5, 12%, 2024-01-31, 31/01/24, Jan 5
_NUMBERISH_RE = rf"^[\s{SIGNS}(+\-−]*\d[\d\s.,'’]*[%)\-]?\s*(?:[A-Z]{{3}})?$"
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
    uncalculated: bool = False  # some cell is a formula the file holds no value for (csm.workbook.Uncalculated)
    # What the mapping editor derives from the table (candidate columns, date order), kept beside it: a RawTable is
    # shared read-only by the app's cache. Not pickled; a copy made by dataclasses.replace starts empty.
    memo: Memo = field(default_factory=Memo, init=False, repr=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.source} [{self.sheet}]" if self.sheet else self.source


# ---------------------------------------------------------------- finding the table in a grid


def to_table(
    grid: pd.DataFrame, source: str, sheet: str | None, row_numbers: np.ndarray, notes: list[str], *, letters: bool,
    filled: np.ndarray | None = None, plain: np.ndarray | None = None, known: list | None = None,
) -> RawTable | None:
    """Find the header, drop blank rows and columns and trailing totals; None when the grid holds nothing.

    `grid.attrs["width"]`, when a reader kept only the first columns of a wider file: the file's width. `filled`:
    the grid's notna() as a bool array when the reader knows it (then not worked out again); `plain`: what the
    reader found of each column (csm.columnar._plain), kept for `plain_column`; `known`: each column's
    (codes, distinct texts) or None (csm.columnar._object_part), kept for `known_cells`."""
    width = max(int(grid.attrs.get("width", 0)), grid.shape[1])
    grid = grid.reset_index(drop=True)
    notes = list(notes)
    if width > MAX_COLUMNS:
        notes.append(f"The table has {width:,} columns; the first {MAX_COLUMNS} were read and the other "
                     f"{width - MAX_COLUMNS:,} were not (at most {MAX_COLUMNS} per table: delete the columns "
                     "you do not need, or split the table).")
        grid = grid.iloc[:, :MAX_COLUMNS]
    grid.columns = range(grid.shape[1])
    filled = grid.notna().to_numpy() if filled is None else filled[:, : grid.shape[1]]
    if not filled.any():
        return None
    nonblank = filled.any(axis=1)
    header_pos = _header_among(grid, nonblank)
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
    used = filled[first_data - (header_pos is not None) :].any(axis=0)
    inner_blank = int((~used[np.argmax(used) : len(used) - np.argmax(used[::-1])]).sum())
    header_cells = (
        grid.iloc[header_pos]
        if header_pos is not None
        else pd.Series([None] * grid.shape[1], index=grid.columns, dtype=object)
    )
    columns = _column_names(header_cells, letters)
    body = grid.iloc[first_data:, used] if not used.all() else grid.iloc[first_data:]  # (no copy when all used)
    body.columns = [c for c, u in zip(columns, used, strict=True) if u]
    body_rows = np.asarray(row_numbers[first_data : first_data + len(body)])

    # Blank rows are counted between data rows only (blank lines at the end of a file are not news).
    keep = nonblank[first_data:]
    filled_pos = np.flatnonzero(keep)
    inner_blank_rows = int((~keep[: filled_pos[-1] + 1]).sum()) if len(filled_pos) else 0
    body, body_rows = (body if keep.all() else body[keep]).reset_index(drop=True), _rows_of(body_rows, keep)
    body_filled = _rows_of(filled[first_data:] if used.all() else filled[first_data:, used], keep)
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
        body, body_rows, body_filled = body[~total].reset_index(drop=True), body_rows[~total], body_filled[~total]
    if known is not None:
        codes = [None if k is None else (_rows_of(k[0][first_data:], keep, ~total), k[1])
                 for k, u in zip(known[: grid.shape[1]], used, strict=True) if u]
    table = RawTable(source, sheet, body, np.asarray(body_rows, dtype=int), header_row, tuple(notes), excluded)
    table.memo.put(_FILLED, (body_filled.shape, np.packbits(body_filled, axis=0)))  # a bit a cell
    if plain is not None:
        table.memo.put(_PLAIN, plain[: grid.shape[1]][used])
    if known is not None:
        table.memo.put(_KNOWN, codes)
    return table


_FILLED, _PLAIN, _KNOWN = "filled cells", "plain columns", "known cells"
PLAIN, PADDED = 1, 2  # what the reader found of a column (csm.columnar._plain): plain text; plain, and maybe a 0042


def _rows_of(a: np.ndarray, *masks: np.ndarray) -> np.ndarray:
    """The rows of `a` where each mask in turn is true (`a` itself when none leaves a row out: not copied)."""
    for mask in masks:
        if not mask.all():
            a = a[mask]
    return a


def plain_column(raw: RawTable, i: int) -> int:
    """What the reader found of column i: PLAIN text (stripped, no ".0", no "#" at the start; csm.columnar._plain),
    PADDED (plain, and some cell, header and rows left out included, is digits with leading zeros), or 0 (not
    plain, or not known)."""
    memo = getattr(raw, "memo", None)
    plain = memo.get(_PLAIN, lambda: None) if memo is not None and _PLAIN in memo else None
    return int(plain[i]) if plain is not None and len(plain) == raw.frame.shape[1] else 0


def known_cells(raw: RawTable, i: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(each cell's code, the distinct texts by code, None for a blank) of column i when the reader kept them (a
    column of few distinct texts, csm.columnar._object_part), else None."""
    memo = getattr(raw, "memo", None)
    known = memo.get(_KNOWN, lambda: None) if memo is not None and _KNOWN in memo else None
    if known is None or len(known) != raw.frame.shape[1] or known[i] is None or len(known[i][0]) != len(raw.frame):
        return None
    return known[i]


def text_cells(raw: RawTable) -> bool:
    """Whether the table's cells are as csm.columnar reads them (the only reader that hands over `known`): each None
    or a str with something in it besides whitespace."""
    memo = getattr(raw, "memo", None)
    return memo is not None and _KNOWN in memo


def filled_cells(raw: RawTable, i: int) -> np.ndarray:
    """`raw.frame.iloc[:, i].notna()` as a bool array: kept from reading the table when known (a copy of the table
    made with dataclasses.replace starts without it)."""
    memo = getattr(raw, "memo", None)
    kept = memo.get(_FILLED, lambda: None) if memo is not None and _FILLED in memo else None
    if kept is not None and kept[0] == raw.frame.shape:
        return np.unpackbits(kept[1][:, i], count=kept[0][0]).astype(bool)
    return raw.frame.iloc[:, i].notna().to_numpy()


def _header_among(grid: pd.DataFrame, nonblank: np.ndarray) -> int | None:
    """Position of the header row (see `_find_header`), looking at the first non-blank rows only."""
    scan = np.flatnonzero(nonblank)[: _HEADER_SCAN + 50]
    kinds = _cell_kinds(grid.iloc[: scan[-1] + 1])
    return _find_header(kinds, nonblank[: scan[-1] + 1])


def header_position(grid: pd.DataFrame) -> int:
    """Where the header row of a grid's first rows is (0 when there is none, or the grid is blank)."""
    grid = grid.reset_index(drop=True).iloc[:, :MAX_COLUMNS]
    grid.columns = range(grid.shape[1])
    nonblank = grid.notna().any(axis=1).to_numpy()
    return (_header_among(grid, nonblank) or 0) if nonblank.any() else 0


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
    """Each cell as 'blank', 'text', 'number' or 'date' (text that reads as a number or date counts as such).

    Every cell is classified on its own, so the columns are classified together: one pass over all the cells.
    """
    cells = pd.Series(grid.to_numpy(dtype=object).ravel(order="F"), dtype=object)  # column after column
    is_str, is_date = _type_flags(cells)
    text = cells.where(is_str, "").astype(str).str.strip()  # as _texts
    numberish = text.str.match(_NUMBERISH_RE)
    dateish = text.str.match(_DATEISH_RE, flags=re.IGNORECASE)
    kinds = np.select([cells.isna(), is_date | (is_str & dateish), ~is_str | numberish], ["blank", "date", "number"],
                      default="text")
    return pd.DataFrame(kinds.astype(object).reshape(grid.shape, order="F"), index=grid.index, columns=grid.columns,
                        dtype=object)


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
        typed = (below.isin(["number", "date"]).mean() > 0.8) & header.ne("blank")  # a blank cell says nothing
        if typed.any() and header[typed].isin(["number", "date"]).all():
            return None
    return pos


def _column_names(header: pd.Series, letters: bool) -> list[str]:
    """Stripped, unique header texts; a blank header is named by its column letter (workbooks) or position (CSV)."""
    names = []
    for pos, value in header.items():  # one per column
        text = _header_text(value)
        names.append(text or f"Column {excel_letter(pos) if letters else pos + 1}")
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


def excel_letter(pos: int) -> str:
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


def blank_to_none(grid: pd.DataFrame) -> pd.DataFrame:
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


def fill_merged(grid: pd.DataFrame, merged) -> list[str]:
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
            done.append(f"{excel_letter(c0)}{r0 + 1}:{excel_letter(c1)}{r1 + 1}")
    if not done:
        return []
    shown = ", ".join(done[:5]) + (f" and {len(done) - 5} more" if len(done) > 5 else "")
    return [f"Merged cells {shown} were read as the value of their first cell in every row they span."]
