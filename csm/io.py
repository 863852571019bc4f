"""Reading the files a user uploads: CSV/TXT text tables and Excel workbooks, one `RawTable` per table.

Everything comes in as it is written in the file: CSV cells as text (blank → None, csm.textfile), workbook cells as
the native values the workbook holds (read in a guarded child process, csm.workbook). Where the table sits in the
grid of cells (header, blank rows and columns, total rows) is decided by csm.grid.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from . import workbook
from .errors import InputError
from .grid import EXCLUDED_COLUMNS, MAX_COLUMNS, TOTAL_REASON, RawTable, blank_to_none, fill_merged, to_table
from .textfile import read_text

__all__ = ["EXCLUDED_COLUMNS", "MAX_COLUMNS", "TOTAL_REASON", "RawTable", "read_file"]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and password-protected .xlsx)
_WORKBOOK_EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}


def read_file(data: Any, name: str | None = None) -> list[RawTable]:
    """Read a CSV/TXT file or a workbook into one RawTable per table (per non-empty sheet).

    `data` is a path, bytes, or a binary file-like object (such as a Streamlit UploadedFile); it is read once and
    never modified. Unreadable input raises `InputError` with a one-sentence reason.
    """
    raw, name = _read_bytes(data, name)
    if not raw or raw.isspace():  # (as `not raw.strip()`, without copying the file)
        raise InputError("the file is empty", source=name)
    ext = os.path.splitext(name)[1].lower()
    if raw.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return _read_workbook(raw, name)
    if ext in _WORKBOOK_EXTENSIONS:
        return _named_as_workbook(raw, name, ext)
    return [read_text(raw, name)]


def _named_as_workbook(raw: bytes, name: str, ext: str) -> list[RawTable]:
    """A file named .xls/.xlsx that is no workbook container: many "Export to Excel" buttons write a tab-separated
    text or a web page under that name. Text with columns is read as text (and said); otherwise the reason."""
    try:
        return _read_workbook(raw, name)
    except InputError as e:
        if raw.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html", b"<table")):
            raise InputError(f"the file is a web page (HTML) named {ext}, as some \"Export to Excel\" buttons make; "
                             "open it in Excel and save it as .xlsx or CSV", source=name) from None
        try:
            table = read_text(raw, name)
        except InputError:
            raise e from None
        if table.frame.shape[1] < 2 or table.frame.empty:  # a line of words is no table
            raise e from None
        return [replace(table, notes=(f"The file is named {ext} but holds text, not a workbook; it was read as "
                                      "text.", *table.notes))]


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
        grid = blank_to_none(grid)
        filled = fill_merged(grid, read.merged.get(sheet, ()))
        table = to_table(grid, name, str(sheet), np.arange(1, len(grid) + 1), filled, letters=True)
        if table is None:
            skipped.append(str(sheet))
        else:
            uncalculated = any(isinstance(e, workbook.Uncalculated) for *_, e in read.errors.get(sheet, ()))
            tables.append(replace(table, uncalculated=uncalculated) if uncalculated else table)
    if not tables:
        raise InputError(read.notes[0] if read.notes else "the workbook has no data in any sheet", source=name)
    notes = list(read.notes)
    if skipped:
        notes.append(f"Empty sheet{'s' if len(skipped) > 1 else ''} {', '.join(map(repr, skipped))} skipped.")
    if notes:
        tables[0] = replace(tables[0], notes=(*notes, *tables[0].notes))
    return tables
