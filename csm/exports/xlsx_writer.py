"""Typed cells for xlsxwriter: numbers as numbers, dates as dates, text as string cells that never run.

xlsxwriter's `write()` turns a string that begins with `=` into a formula and one that looks like a URL into a
link; the workbook here is opened with both conversions off, and every text goes through `write_string`. A text a
spreadsheet would run if typed (csm.exports.inert.risky) also gets Excel's quote prefix, so editing the cell and
pressing Enter keeps it text. Column widths follow what was written (within bounds).

    book = Book(buffer)
    sheet = book.sheet("Cover")
    sheet.write(0, 0, "Customer-success report", bold=True, font_size=16)
    sheet.write(1, 1, 0.064, num_format="0.0#%")
    sheet.frame(3, 0, table)        # header and rows, each cell typed
    book.close()
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable

import numpy as np
import pandas as pd
import xlsxwriter

from .inert import risky

DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
HEADER = {"bold": True, "bottom": 1, "bg_color": "#EEF3F8", "text_wrap": True, "valign": "top"}
OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
           "remove_timezone": True}


class Book:
    """An xlsxwriter workbook writing into a file-like object, with its formats made once per set of properties."""

    def __init__(self, out) -> None:
        self.wb = xlsxwriter.Workbook(out, OPTIONS)
        self._formats: dict[Hashable, object] = {}
        self.sheets: dict[str, Sheet] = {}

    def format(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format(props) if props else None
        return self._formats[key]

    def sheet(self, name: str) -> Sheet:
        """A new worksheet (the name cut to Excel's 31 characters, without the characters Excel refuses)."""
        clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31]
        s = Sheet(self, clean)
        self.sheets[clean] = s
        return s

    def close(self) -> None:
        for s in self.sheets.values():
            s.fit()
        self.wb.close()


class Sheet:
    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.name = name
        self.ws = book.wb.add_worksheet(name)
        self.widths: dict[int, float] = {}
        self.fixed: dict[int, float] = {}

    def _width(self, c: int, n: float) -> None:
        self.widths[c] = max(self.widths.get(c, 0), n)

    def write(self, r: int, c: int, value, **style) -> None:
        """One cell, typed by its Python value: blank (None, NaN, NaT), boolean, number, date or time, text."""
        ws, fmt = self.ws, self.book.format
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, np.datetime64):
            value = pd.Timestamp(value)
        if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            ws.write_blank(r, c, None, fmt(**style))
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, fmt(**style))
            self._width(c, 5)
        elif isinstance(value, int | float):
            if math.isinf(value):
                ws.write_blank(r, c, None, fmt(**style))
                return
            ws.write_number(r, c, value, fmt(**style))
            self._width(c, len(f"{value:,.2f}") + 2)
        elif isinstance(value, dt.datetime):
            timed = value.hour or value.minute or value.second
            value = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
            ws.write_datetime(r, c, value, fmt(**{"num_format": DATETIME if timed else DATE, **style}))
            self._width(c, 16 if timed else 10)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, value, fmt(**{"num_format": DATE, **style}))
            self._width(c, 10)
        else:
            text = str(value)
            ws.write_string(r, c, text, fmt(**({"quote_prefix": True} if risky(text) else {}), **style))
            self._width(c, max((len(line) for line in text.splitlines()), default=0))

    def row(self, r: int, c: int, values, **style) -> None:
        for k, v in enumerate(values):
            self.write(r, c + k, v, **style)

    def title(self, r: int, c: int, text: str, size: int = 14) -> None:
        """A heading that does not widen its column."""
        self.ws.write_string(r, c, text, self.book.format(bold=True, font_size=size))

    def merged(self, r: int, c0: int, c1: int, text: str, **style) -> None:
        """A text over several columns (a header above a metric's columns)."""
        if c1 > c0:
            self.ws.merge_range(r, c0, r, c1, "", self.book.format(**style))
        self.ws.write_string(r, c0, text, self.book.format(**style))

    def frame(self, r: int, c: int, frame: pd.DataFrame, formats: dict[str, dict] | None = None) -> int:
        """A table: its header (bold) and rows, each cell typed; `formats` styles named columns. The next free row."""
        formats = formats or {}
        self.row(r, c, [str(col) for col in frame.columns], **HEADER)
        for k, col in enumerate(frame.columns):
            style = formats.get(col, {})
            for i, v in enumerate(frame[col].tolist(), start=r + 1):
                self.write(i, c + k, v, **style)
        return r + 1 + len(frame)

    def width(self, c: int, n: float) -> None:
        """Fix a column's width (characters), whatever is written in it."""
        self.fixed[c] = n

    def fit(self, low: float = 6, high: float = 60) -> None:
        for c, n in self.widths.items():
            if c not in self.fixed:
                self.ws.set_column(c, c, min(high, max(low, n + 1)))
        for c, n in self.fixed.items():
            self.ws.set_column(c, c, n)
