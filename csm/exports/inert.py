"""Cells that cannot run as formulas: OWASP's CSV-injection rule, once, for every CSV and workbook csm writes.

A spreadsheet opening a CSV runs a cell that begins with `=`, `+`, `-` or `@` (and, in some, a tab or a carriage
return) as a formula: `=HYPERLINK("http://x","y")` in a customer id becomes a link that sends data away. OWASP's
guidance (https://owasp.org/www-community/attacks/CSV_Injection): such a cell is written with a leading single
quote, so the spreadsheet reads it as text. Only text cells are touched: numbers stay numbers, and a text cell
that is a plain number (`-300`, `+1.5`, `2e3`: nothing a spreadsheet could run) is left as written, as defusedcsv
does, so a rejected amount or a negative value in a text column still reads as the number it is; so is a lone
trigger character (`-`, the usual "no answer"), which has nothing to run.

    inert('=HYPERLINK("http://x","y")')   # '\\'=HYPERLINK("http://x","y")'
    inert("-2+3"), inert("-300"), inert(-2)  # ("'-2+3", '-300', -2)
    to_csv_bytes(frame)                   # the bytes of every CSV download and of --rejects

In a workbook a text cell is a string cell (xlsxwriter's `write_string`), which never runs; `risky` tells the
workbook which of them to mark with Excel's own quote prefix as well, so editing the cell keeps it text.
"""
from __future__ import annotations

import re

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = "[=+\\-@\t\r]"
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)


def risky(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula: it begins with a trigger, something follows it (a
    lone `-`, an NPS answer or a blank marker, runs nothing), and it is not a number."""
    return len(text) > 1 and text[0] in TRIGGERS and _NUMBER_RE.fullmatch(text) is None


def inert(cell):
    """The cell as a spreadsheet must read it: a risky text with a leading single quote; anything else as it is."""
    return "'" + cell if isinstance(cell, str) and risky(cell) else cell


def _risky_cells(col: pd.Series) -> pd.Series:
    """Which cells of a column are risky text (vectorised; a column of no text has none)."""
    try:
        starts = col.str.match(_STARTS, na=False)
    except AttributeError:  # an object column holding no text at all
        return pd.Series(False, index=col.index)
    if not starts.any():
        return starts
    return starts & (col.str.len() > 1).fillna(False).astype(bool) & ~col.str.fullmatch(_NUMBER, na=False).astype(bool)


def _texty(col: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(col.dtype) or pd.api.types.is_string_dtype(col.dtype)


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every risky text cell (and column name, and index label) made inert; the same frame when
    none is, so the common case copies nothing."""
    out = frame
    for k, (_, col) in enumerate(frame.items()):
        if not _texty(col):
            continue
        bad = _risky_cells(col)
        if bad.any():
            if out is frame:
                out = frame.copy()
            fixed = col.astype(object).copy()
            fixed[bad] = "'" + col[bad].astype(str)
            out.isetitem(k, fixed)
    names = [inert(c) for c in frame.columns]
    if names != list(frame.columns):
        out = out.set_axis(names, axis=1)
    labels = frame.index.to_series()
    if _texty(labels) and _risky_cells(labels).any():
        out = out.set_axis(pd.Index([inert(x) for x in frame.index], name=frame.index.name), axis=0)
    return out


def to_csv_bytes(frame: pd.DataFrame, index: bool = False) -> bytes:
    """The CSV every download offers (UTF-8, comma-separated), with risky text cells made inert."""
    return inert_frame(frame).to_csv(index=index).encode("utf-8")
