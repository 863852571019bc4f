"""Turning raw cells into typed values, and a raw table into the canonical columns of its kind.

The parsers take a Series of raw cells (text from CSV files, native values from workbooks) and return a `Parsed`:
the typed values, which non-blank cells could not be read, and plain-sentence notes about decisions taken for the
whole column (day-first dates, decimal comma, currency). `normalize_table` applies them to the mapped columns of a
table, adds the per-kind row rules, and lists every row it cannot use with its row number, column, value and reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import currencies, schema
from .errors import MappingError
from .io import RawTable
from .mapping import Options, TableMapping
from .schema import FALSE_WORDS, REJECT_COLUMNS, TRUE_WORDS
from .workbook import ERROR_VALUES, Uncalculated

__all__ = ["REJECT_COLUMNS"]  # imported from here as well

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # 1900 date system (Lotus leap-year bug included)
_SERIAL_RANGE = (20_000, 80_000)  # 1954-10-03 .. 2119-01-10
_SERIAL_MAX = 2_958_465  # 9999-12-31, Excel's last day: serials above the range up to it are far-future dates
# Dates from this year on are markers, not days ("no end": 9999-12-31); pandas' datetime64[ns] ends in 2262 anyway.
FAR_YEAR = 2200
_FIRST_YEAR = 1700  # and before this year a date is not read (datetime64[ns] starts in 1677)
_SERIAL_FAR = (pd.Timestamp(f"{FAR_YEAR}-01-01") - _EXCEL_EPOCH).days
_MONTHS = dict(
    zip(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), range(1, 13), strict=True)
)
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:(?:[t\s]+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([ap])?\.?m?\.?)?"
_ZONE = r"\s*(?:z|utc|gmt)?\s*(?:[+-]\d{2}(?::?\d{2})?)?"
_T = _TIME + _ZONE + "$"  # hour, minute, second, am/pm
_DATE_PATTERNS = {  # name -> regex; groups: the date parts in the order named, then the _TIME groups
    "ymd": rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_T}",
    "numeric": rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_T}",
    "d_mon_y": rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[-\s/.]*{_MONTH}[-\s/.,]*(\d{{4}}|\d{{2}}){_T}",
    "mon_d_y": rf"^{_WEEKDAY}{_MONTH}[-\s/.]*(\d{{1,2}})(?:st|nd|rd|th)?,?[-\s/.]*(\d{{4}}|\d{{2}}){_T}",
    "compact": rf"^((?:19|20)\d{{2}})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]){_T}",
}
_POINT_NUMBER = r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?(?:e[+-]?\d+)?$|^\.\d+$"
_COMMA_NUMBER = r"^(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d*)?$|^,\d+$"
_YES_NO = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
_PERIODS = {
    **dict.fromkeys(["month", "months", "monthly", "mo", "m", "1", "per month", "mthly", "mth"], "month"),
    **dict.fromkeys(["quarter", "quarters", "quarterly", "q", "qtr", "3", "per quarter"], "quarter"),
    **dict.fromkeys(["year", "years", "yearly", "annual", "annually", "yr", "y", "12", "per year", "pa"], "year"),
    **dict.fromkeys(["week", "weeks", "weekly", "wk", "w", "per week"], "week"),
}


@dataclass(frozen=True, eq=False)
class Parsed:
    """A parsed column: values (same index as the input), which non-blank cells were unreadable, and notes."""

    values: pd.Series
    bad: pd.Series
    info: tuple[str, ...] = ()
    currency: str | None = None
    far: pd.Series | None = None  # dates: cells after FAR_YEAR (9999-12-31, "no end"), NaT in `values`, not bad


# ---------------------------------------------------------------- helpers


def _flags(s: pd.Series) -> dict[str, pd.Series]:
    """Masks of the cells by Python type: str, bool, number (int/float, not bool), date (date/datetime/Timestamp)."""
    s = s.astype(object)
    types = s.map(type)
    kinds = {t: _type_kind(t) for t in types.unique()}
    kind = types.map(kinds)
    blank = s.isna() | (kind.eq("str") & s.where(kind.eq("str"), "x").astype(str).str.strip().eq(""))
    return {k: kind.eq(k) & ~blank for k in ("str", "bool", "number", "date")} | {"blank": blank}


def _type_kind(t: type) -> str:
    if issubclass(t, str):
        return "str"
    if issubclass(t, bool | np.bool_):
        return "bool"
    if issubclass(t, int | float | np.number):
        return "number"
    if issubclass(t, dt.date | np.datetime64):
        return "date"
    return "other"


def _text(s: pd.Series, mask: pd.Series) -> pd.Series:
    """Stripped text of the masked cells, "" elsewhere (safe for the .str accessor)."""
    return s.astype(object).where(mask, "").astype(str).str.strip()


def _numbers(s: pd.Series, mask: pd.Series) -> pd.Series:
    """The masked cells as float, NaN elsewhere."""
    return pd.to_numeric(s.astype(object).where(mask), errors="coerce").astype(float)


def _bad(parsed: pd.Series, flags: dict[str, pd.Series]) -> pd.Series:
    """Cells that hold something but parsed to nothing."""
    return (~flags["blank"] & parsed.isna()).astype(bool)


# Columns read from text files repeat their values (a date column of a million rows holds a few thousand days):
# every parser is elementwise except for the column-wide votes (date order, decimal mark, currency), so a text
# column is parsed once per distinct cell and the votes are weighted by how often each cell occurs.
_DISTINCT_MIN_ROWS = 2_000
_DISTINCT_MAX_SHARE = 0.5  # parse distinct cells when they are at most this share of the rows
_DISTINCT_SAMPLE = 20_000  # a spread sample of this many cells, nearly all distinct: ids, not worth counting


@dataclass(frozen=True, eq=False)
class _Distinct:
    cells: pd.Series  # the distinct cells (object), the blank one last when the column has blanks
    codes: np.ndarray  # position in `cells` of every row's cell
    weights: pd.Series  # rows per distinct cell, indexed like `cells`
    index: pd.Index  # the column's index

    def expand(self, values: pd.Series) -> pd.Series:
        """Per-distinct-cell results back to one per row, with the column's index."""
        return pd.Series(values.array.take(self.codes), index=self.index, name=values.name, dtype=values.dtype)

    def parsed(self, p: Parsed) -> Parsed:
        far = None if p.far is None else self.expand(p.far)
        return Parsed(self.expand(p.values), self.expand(p.bad), p.info, p.currency, far)


def _distinct(s: pd.Series) -> _Distinct | None:
    """The distinct cells of an all-text column (blank cells allowed) whose values repeat; None otherwise.

    Only text columns: 1, 1.0 and True are equal as dictionary keys but parse differently.
    """
    if len(s) < _DISTINCT_MIN_ROWS or s.dtype != object or pd.api.types.infer_dtype(s, skipna=True) != "string":
        return None
    values = s.to_numpy()
    if len(values) > 2 * _DISTINCT_SAMPLE:
        sample = values[:: len(values) // _DISTINCT_SAMPLE]
        if len(pd.unique(sample)) > 0.9 * len(sample):
            return None
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    n = len(uniques) + 1
    if n > _DISTINCT_MAX_SHARE * len(s):
        return None
    na = codes < 0
    cells = list(uniques)
    if na.any():
        cells.append(s.iloc[int(np.argmax(na))])  # a blank cell as it is (None or NaN)
        codes = np.where(na, len(uniques), codes)
    weights = pd.Series(np.bincount(codes, minlength=len(cells)), dtype=np.int64)
    return _Distinct(pd.Series(cells, dtype=object, name=s.name), codes, weights, s.index)


def _votes(mask: pd.Series, weights: pd.Series | None) -> int:
    """How many rows a mask of (distinct) cells stands for."""
    if weights is None:
        return int(mask.sum())
    return int(weights[mask.index][mask.fillna(False).to_numpy(dtype=bool)].sum())


# ---------------------------------------------------------------- dates


def _date_parts(text: pd.Series) -> pd.DataFrame:
    """Regex parts of every text date: columns pattern, a, b, c (a-b-c as written), hour, minute, second, ampm."""
    columns = ["a", "b", "c", "hour", "minute", "second", "ampm"]
    todo = text.str.lower()
    todo = todo[todo.ne("")]
    found = []
    for name, pattern in _DATE_PATTERNS.items():  # a handful of patterns
        if todo.empty:
            break
        parts = todo.str.extract(pattern)
        hit = parts[0].notna()
        found.append(parts[hit].set_axis(columns, axis=1).assign(pattern=name))
        todo = todo[~hit]
    out = pd.concat(found) if found else pd.DataFrame(columns=[*columns, "pattern"])
    return out.reindex(text.index).astype(object)


def _numeric_order(parts: pd.DataFrame, weights: pd.Series | None = None) -> tuple[int, int]:
    """(rows whose first part is > 12, rows whose second part is > 12) among the d/m/y or m/d/y text dates.

    `weights`: rows per cell when `parts` holds the distinct cells of a column.
    """
    numeric = parts[parts["pattern"].eq("numeric")]
    a = pd.to_numeric(numeric["a"], errors="coerce")
    b = pd.to_numeric(numeric["b"], errors="coerce")
    return _votes((a > 12) & (b <= 12), weights), _votes((b > 12) & (a <= 12), weights)


def date_order_evidence(s: pd.Series) -> str:
    """What the column's numeric text dates (01/02/2024) say about their order.

    "day_first" or "month_first" when some value settles it (a part > 12; the majority wins if both occur),
    "ambiguous" when no value does, "none" when the column has no such dates.
    """
    d = _distinct(s)
    if d is not None:
        s = d.cells
    flags = _flags(s)
    return _order_evidence(_date_parts(_text(s, flags["str"])), None if d is None else d.weights)


def _order_evidence(parts: pd.DataFrame, weights: pd.Series | None = None) -> str:
    if not parts["pattern"].eq("numeric").any():
        return "none"
    day_votes, month_votes = _numeric_order(parts, weights)
    if day_votes == month_votes == 0:
        return "ambiguous"
    return "day_first" if day_votes > month_votes else "month_first"


def parse_dates(s: pd.Series, day_first: bool | None = None, keep_time: bool = False) -> Parsed:
    """Dates (datetime64[ns], midnight unless keep_time) from text, Excel serial numbers and date cells.

    Text: ISO (2024-01-31, 2024/01/31, with time and zone: the wall-clock date as written), 31/01/2024 or
    01/31/2024 or 31.01.24 (order decided per column, see `date_order_evidence`; `day_first` settles ambiguous
    columns, month-first otherwise), 31 Jan 2024, Jan 31, 2024, 31-Jan-24, January 31 2024, 20240131.
    Numbers: Excel serials 20000–80000 (1900 date system) and yyyymmdd integers.
    """
    d = _distinct(s)
    if d is not None:
        return d.parsed(_parse_dates(d.cells, day_first, keep_time, d.weights))
    return _parse_dates(s, day_first, keep_time)


_ISO_TEXT = r"(?:1[7-9]|2[01])\d{2}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?"  # years 1700–2199: in datetime64[ns]
_ISO_FORMATS = {10: "%Y-%m-%d", 16: "%Y-%m-%d %H:%M", 19: "%Y-%m-%d %H:%M:%S"}  # by length of the text


def _iso_text_dates(text: pd.Series) -> pd.Series:
    """Plain ISO text (2024-01-31, 2024-01-31 13:45[:30]) read with a fixed format; NaT for every other cell.

    The general reader gives these cells the same value (pattern "ymd", four-digit year, two-digit parts); cells
    a fixed format cannot read (2024-02-30) stay NaT here and go the general way, as do other years.
    """
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    hit = np.flatnonzero(text.str.fullmatch(_ISO_TEXT).to_numpy(dtype=bool, na_value=False))
    if len(hit):
        cells = text.to_numpy(dtype=object)[hit]
        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        for width, fmt in _ISO_FORMATS.items():
            sel = lengths == width
            if sel.any():
                read = pd.to_datetime(pd.Series(cells[sel], dtype=object), format=fmt, errors="coerce")
                out[hit[sel]] = read.to_numpy(dtype="datetime64[ns]")
    return pd.Series(out, index=text.index)


def _parse_dates(s: pd.Series, day_first: bool | None, keep_time: bool, weights: pd.Series | None = None) -> Parsed:
    flags = _flags(s)
    info: list[str] = []
    text = _text(s, flags["str"])
    iso = _iso_text_dates(text)
    parts = _date_parts(text.where(iso.isna(), ""))  # the other text cells

    evidence = _order_evidence(parts, weights)
    if evidence == "ambiguous":
        dayfirst = bool(day_first)
        how = "day-first (31/01)" if dayfirst else "month-first (01/31)"
        why = "as set in the options" if day_first is not None else "the usual reading when nothing says otherwise"
        info.append(f"Dates like 01/02/2024 could be day-first or month-first; read as {how}, {why}.")
    else:
        dayfirst = evidence == "day_first"
        day_votes, month_votes = _numeric_order(parts, weights)
        if day_votes and month_votes:
            info.append(
                f"Dates are mostly {'day' if dayfirst else 'month'}-first; "
                f"{min(day_votes, month_votes)} written the other way round could not be read."
            )

    # Parts as written -> year, month, day.
    pattern = parts["pattern"]
    a, b, c = parts["a"], parts["b"], parts["c"]
    month_name = lambda x: x.str[:3].map(_MONTHS)  # noqa: E731
    numeric = pattern.eq("numeric")
    year = np.select(
        [pattern.isin(["ymd", "compact"]), numeric | pattern.isin(["d_mon_y", "mon_d_y"])], [a, c], default=None
    )
    month = np.select(
        [pattern.isin(["ymd", "compact"]), numeric & dayfirst, numeric, pattern.eq("d_mon_y"), pattern.eq("mon_d_y")],
        [b, b, a, month_name(b.astype(object).fillna("")), month_name(a.astype(object).fillna(""))],
        default=None,
    )
    day = np.select(
        [pattern.isin(["ymd", "compact"]), numeric & dayfirst, numeric, pattern.eq("d_mon_y"), pattern.eq("mon_d_y")],
        [c, a, b, a, b],
        default=None,
    )
    comps = pd.DataFrame({"year": year, "month": month, "day": day}, index=s.index).apply(
        pd.to_numeric, errors="coerce"
    )
    short_year = comps["year"] < 100
    comps.loc[short_year, "year"] += np.where(comps.loc[short_year, "year"] < 69, 2000, 1900)
    hour = pd.to_numeric(parts["hour"], errors="coerce").fillna(0)
    ampm = parts["ampm"].fillna("")
    hour = hour.where(~ampm.eq("p") | hour.ge(12), hour + 12).where(~(ampm.eq("a") & hour.eq(12)), 0)
    if keep_time:
        comps["hour"] = hour
        comps["minute"] = pd.to_numeric(parts["minute"], errors="coerce").fillna(0)
        comps["second"] = pd.to_numeric(parts["second"], errors="coerce").fillna(0)
    valid = comps[["year", "month", "day"]].notna().all(axis=1)
    far = valid & (comps["year"] >= FAR_YEAR) & comps["month"].between(1, 12) & comps["day"].between(1, 31)
    valid &= comps["year"].between(_FIRST_YEAR, FAR_YEAR - 1)
    from_text = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    if valid.any():
        from_text[valid] = pd.to_datetime(comps[valid], errors="coerce")
        bad_time = (hour > 23) | (pd.to_numeric(parts["minute"], errors="coerce") > 59)
        from_text[bad_time] = pd.NaT
    from_text = from_text.fillna(iso)

    # Numbers: Excel serials, or yyyymmdd; numeric text counts as a number too.
    as_number = _numbers(s, flags["number"]).fillna(
        pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}(?:\.\d+)?")), errors="coerce")
    )
    serial = as_number.where(as_number.between(*_SERIAL_RANGE))
    far |= as_number.between(_SERIAL_FAR, _SERIAL_MAX + 1, inclusive="left")
    from_serial = _EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    ymd = as_number.where(as_number.between(19000101, 21001231) & (as_number % 1 == 0))
    from_ymd = pd.to_datetime(ymd.astype("Int64").astype(str), format="%Y%m%d", errors="coerce")
    from_ymd = from_ymd.where(ymd.notna())
    if serial.notna().any() and flags["number"].any():
        info.append("Numbers in a date column were read as Excel date serials.")

    cell_years = _cell_years(s, flags["date"])
    far |= cell_years.ge(FAR_YEAR)
    from_cells = _date_cells(s, flags["date"] & cell_years.lt(FAR_YEAR), cell_years)
    values = from_text.fillna(from_serial).fillna(from_ymd).fillna(from_cells).astype("datetime64[ns]")
    zoned = text.str.contains(_ZONE_WRITTEN, case=False, na=False).any() or _any_zone(s, flags["date"])
    if zoned:
        info.append("Time zones were dropped: each time is read as the wall-clock time written (METRICS.md: "
                    "calendar dates).")
    if not keep_time:
        days = values.dt.normalize()
        minute = pd.to_numeric(parts["minute"], errors="coerce").fillna(0)
        written = from_text.notna() & (hour.ne(0) | minute.ne(0))  # a time in text cells (not kept in `values`)
        if written.any() or (values.notna() & values.ne(days)).any():
            info.append("Times of day were dropped: each value counts on its calendar date as written.")
        values = days
    far = far.fillna(False).astype(bool)
    return Parsed(values, _bad(values, flags) & ~far, tuple(info), far=far)


def _cell_years(s: pd.Series, mask: pd.Series) -> pd.Series:
    """The year of each date cell (a date/datetime object), NaN elsewhere: read before any conversion that could
    overflow (9999-12-31 is outside datetime64[ns])."""
    out = pd.Series(np.nan, index=s.index)
    if mask.any():
        out[mask] = [_year(v) for v in s[mask].to_numpy(dtype=object)]
    return out


def _year(v) -> float:
    if isinstance(v, np.datetime64):
        return np.nan if np.isnat(v) else float(v.astype("datetime64[Y]").astype(np.int64) + 1970)
    return float(getattr(v, "year", np.nan))


_ZONE_WRITTEN = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:z|utc|gmt|(?:z|utc|gmt)?\s*[+-]\d{2}(?::?\d{2})?)$"


def _any_zone(s: pd.Series, mask: pd.Series) -> bool:
    """Whether any date cell (a datetime object, not text) carries a time zone."""
    return bool(mask.any()) and any(getattr(v, "tzinfo", None) is not None for v in s[mask].to_numpy(dtype=object))


def _date_cells(s: pd.Series, mask: pd.Series, years: pd.Series | None = None) -> pd.Series:
    """Date/datetime/Timestamp cells as naive datetime64[ns] (the wall-clock time as written)."""
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    years = _cell_years(s, mask) if years is None else years
    mask = mask & years.between(_FIRST_YEAR, 2261)  # datetime64[ns] ends in 2262: later ones stay NaT
    if mask.any():
        cells = s[mask].map(lambda v: pd.Timestamp(v).tz_localize(None) if getattr(v, "tzinfo", None) else v)
        out[mask] = pd.to_datetime(cells, errors="coerce").astype("datetime64[ns]")
    return out


# ---------------------------------------------------------------- amounts and numbers


def _split_amount(text: pd.Series) -> pd.DataFrame:
    """Text amounts split into currency (as written), sign and the digits with their separators."""
    currency = text.str.extract(currencies.AMOUNT_RE, expand=False)
    body = text.str.replace(currencies.AMOUNT_RE, "", regex=True).str.replace(r"[\s'’\u00a0\u202f]", "", regex=True)
    body = body.str.replace("−", "-", regex=False)
    paren = body.str.fullmatch(r"\(.*\)")
    body = body.where(~paren, body.str[1:-1])
    minus = body.str.match(r"^[-]") | body.str.match(r".*[-]$")
    body = body.str.replace(r"^[-+]|-$", "", regex=True)
    return pd.DataFrame({"currency": currency, "negative": paren | minus, "digits": body.str.lower()})


def _decimal_comma(digits: pd.Series, weights: pd.Series | None = None) -> bool:
    """Whether the column writes decimals with a comma: 1.200,50 and 12,5 outnumber 1,200.50 and 12.5.

    `weights`: rows per cell when `digits` holds the distinct cells of a column.
    """
    d = digits[digits.ne("")]
    both = d.str.contains(",", regex=False) & d.str.contains(".", regex=False)
    last_comma = d.str.rfind(",") > d.str.rfind(".")
    comma_only = d.str.contains(",", regex=False) & ~both
    point_only = d.str.contains(".", regex=False) & ~both
    comma_votes = (
        (both & last_comma)
        | (comma_only & ~d.str.fullmatch(r"\d{1,3}(?:,\d{3})+"))
        | (point_only & d.str.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}"))
    )
    point_votes = (
        (both & ~last_comma)
        | (point_only & ~d.str.fullmatch(r"\d{1,3}(?:\.\d{3})+"))
        | (comma_only & d.str.fullmatch(r"\d{1,3}(?:,\d{3}){2,}"))
    )
    return _votes(comma_votes, weights) > _votes(point_votes, weights)


def _parse_numeric(s: pd.Series, money: bool) -> Parsed:
    """Shared by parse_money and parse_number: text numbers with either decimal mark, and native numbers."""
    d = _distinct(s)
    if d is None:
        return _parse_numeric_cells(s, money)
    p = _parse_numeric_cells(d.cells, money, d)
    return d.parsed(p)


def _parse_numeric_cells(s: pd.Series, money: bool, distinct: _Distinct | None = None) -> Parsed:
    flags = _flags(s)
    info: list[str] = []
    text = _text(s, flags["str"])
    parts = _split_amount(text)
    digits = parts["digits"]
    comma = _decimal_comma(digits[flags["str"]], None if distinct is None else distinct.weights)
    if comma:
        info.append("Numbers use a decimal comma (1.200,50).")
        ok = digits.str.fullmatch(_COMMA_NUMBER)
        plain = digits.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        ok = digits.str.fullmatch(_POINT_NUMBER)
        plain = digits.str.replace(",", "", regex=False)
    dash = digits.eq("") & parts["negative"] & flags["str"]  # "-" or "$ -": an accounting zero
    number = pd.to_numeric(plain.where(ok), errors="coerce").where(~parts["negative"], lambda x: -x)
    if money:  # a score or a count written "-" is not there, not zero
        number = number.mask(dash, 0.0)
    if not money:
        number = number.where(parts["currency"].isna())
    values = number.where(flags["str"], _numbers(s, flags["number"])).astype(float)
    values = values.where(np.isfinite(values))

    currency = None
    if money:
        written = parts["currency"]
        if distinct is not None and written.notna().any():  # counted over the rows, in row order, as without
            written = distinct.expand(written)
        codes = written.dropna().map(currencies.code_of)
        if len(codes):
            counts = codes.value_counts()
            currency = str(counts.index[0])
            info.append(f"Currency {currency} detected from the amounts.")
            if len(counts) > 1:
                info.append(f"Amounts are in several currencies ({', '.join(counts.index)}); they are not converted.")
    return Parsed(values, _bad(values, flags), tuple(info), currency)


def parse_money(s: pd.Series) -> Parsed:
    """Amounts as float: $1,200.00, ₦5,000, € 1.200,50, 1 200,50, (300), -300, 300-, USD 1,200, 1,200.50 EUR.

    The decimal mark is decided per column (1.200,50 and 12,5 outnumbering 1,200.50 → decimal comma); 1,200 alone
    reads as 1200. A lone dash (accounting format) is 0. `Parsed.currency` is the ISO code of the currency symbol
    or code seen most, None if none.
    """
    return _parse_numeric(s, money=True)


def parse_number(s: pd.Series) -> Parsed:
    """Plain numbers as float, text or native, with the same decimal-mark logic as parse_money (no currency)."""
    return _parse_numeric(s, money=False)


# ---------------------------------------------------------------- small types


def _per_distinct(parse: Callable[[pd.Series], Parsed]) -> Callable[[pd.Series], Parsed]:
    """An elementwise parser applied once per distinct cell of a repetitive text column."""

    def wrapped(s: pd.Series) -> Parsed:
        d = _distinct(s)
        return parse(s) if d is None else d.parsed(parse(d.cells))

    wrapped.__name__, wrapped.__doc__ = parse.__name__, parse.__doc__
    return wrapped


@_per_distinct
def parse_bool(s: pd.Series) -> Parsed:
    """Yes/no as pandas "boolean": Y/N, yes/no, TRUE/FALSE, T/F, 1/0, resolved/unresolved, native bools, 0/1."""
    flags = _flags(s)
    text = _text(s, flags["str"]).str.lower()
    from_text = text.map(_YES_NO)
    number = _numbers(s, flags["number"])
    from_number = number.map({1.0: True, 0.0: False})
    values = from_text.where(flags["str"], from_number.where(flags["number"], s.where(flags["bool"])))
    values = values.astype(object).where(values.notna(), None).astype("boolean")
    return Parsed(values, _bad(values, flags))


@_per_distinct
def parse_billing_period(s: pd.Series) -> Parsed:
    """Billing periods as "week", "month", "quarter" or "year" (monthly, mo, m, 1, quarterly, q, 3, annual, yr, 12,
    "12 months", "every 3 months"…)."""
    flags = _flags(s)
    text = _text(s, flags["str"]).str.lower().str.replace(r"[\s_-]+", " ", regex=True)
    number = _numbers(s, flags["number"]).map({1.0: "month", 3.0: "quarter", 12.0: "year"})
    counted = _counted_periods(text.where(text.map(_PERIODS).isna()))
    values = text.map(_PERIODS).fillna(counted).where(flags["str"], number).astype(object)
    values = values.where(values.notna(), None)
    return Parsed(values, _bad(values, flags))


_COUNTED = {("1", "week"): "week", ("1", "month"): "month", ("3", "month"): "quarter", ("12", "month"): "year",
            ("1", "quarter"): "quarter", ("4", "quarter"): "year", ("1", "year"): "year", ("52", "week"): "year"}


def _counted_periods(text: pd.Series) -> pd.Series:
    """A period written as a count and a unit ("12 months", "every 3 months", "1 year", "per 1 week") as one of
    the four periods; other counts (2 weeks, 6 months) stay unread, so their rows are reported."""
    parts = text.str.extract(r"^(?:every |per )?0*(\d+) ?(week|month|quarter|year)s?$")
    keys = pd.Series(list(zip(parts[0], parts[1], strict=True)), index=text.index, dtype=object)
    return keys.map(_COUNTED)


def parse_id(s: pd.Series) -> Parsed:
    """Identifiers as stripped text; whole numbers lose Excel's ".0" (123.0 → "123"), written as text too ("1001.0"
    is the id 1001 that a spreadsheet saved as a number)."""
    return Parsed(_as_text(s, whole_ids=True), pd.Series(False, index=s.index))


def parse_text(s: pd.Series) -> Parsed:
    """Stripped text, None for blank cells (numbers as for parse_id, date cells as ISO dates)."""
    return Parsed(_as_text(s), pd.Series(False, index=s.index))


def _as_text(s: pd.Series, whole_ids: bool = False) -> pd.Series:
    """`whole_ids`: text such as "1001.0" loses its ".0" as well (ids)."""
    d = _distinct(s)
    if d is not None:
        cells = _cells_as_text(d.cells)
        return d.expand(_without_point_zero(cells) if whole_ids else cells)
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) == "string":
        # Text only (ids of a CSV file, mostly distinct): what the general path below gives for str and blank cells.
        text = s.where(s.notna(), "").astype(str).str.strip()
        if whole_ids:  # on the string dtype, before the cast: a vectorised pass, not one per cell
            text = _without_point_zero(text)
        blank = s.isna() | text.eq("")
        return text.astype(object).where(~blank, None)
    values = _cells_as_text(s)
    return _without_point_zero(values) if whole_ids else values


def _without_point_zero(text: pd.Series) -> pd.Series:
    """"1001.0" → "1001" (and "7.00" → "7"); every other cell as it is."""
    hit = text.str.fullmatch(r"\d+\.0+", na=False).to_numpy(dtype=bool)
    if not hit.any():
        return text
    text = text.copy()
    text[hit] = text[hit].str.replace(r"\.0+$", "", regex=True)
    return text


def _cells_as_text(s: pd.Series) -> pd.Series:
    flags = _flags(s)
    number = _numbers(s, flags["number"])
    whole = number.where(number % 1 == 0)
    as_number = whole.astype("Int64").astype(str).where(whole.notna(), number.astype(str))
    dates = _date_cells(s, flags["date"])
    as_date = dates.dt.strftime("%Y-%m-%d").where(dates.dt.normalize() == dates, dates.astype(str))
    unread = flags["date"] & dates.isna()  # a date past 2262 (9999-12-31): as written
    if unread.any():
        as_date[unread] = s[unread].map(str)
    values = (
        _text(s, flags["str"])
        .where(flags["str"], as_number.where(flags["number"], as_date.where(flags["date"], s.astype(str))))
        .astype(object)
    )
    return values.where(~flags["blank"], None)


# ---------------------------------------------------------------- tables


@dataclass(frozen=True, eq=False)
class NormalizedTable:
    """A table in canonical columns: typed, only usable rows, every unusable row listed in `rejects`."""

    mapping: TableMapping
    frame: pd.DataFrame  # canonical field columns + "_row" (user row number) + "_source" (table label)
    rejects: pd.DataFrame  # source, sheet, row, column, value, reason: one line per problem
    notes: tuple[str, ...] = ()
    currency: str | None = None
    rows_read: int = 0


_PARSERS: dict[str, tuple[Callable[..., Parsed], str]] = {
    schema.ID: (parse_id, ""),
    schema.TEXT: (parse_text, ""),
    schema.DATE: (parse_dates, "not a date"),
    schema.DATETIME: (lambda s, **kw: parse_dates(s, keep_time=True, **kw), "not a date"),
    schema.MONEY: (parse_money, "not an amount"),
    schema.NUMBER: (parse_number, "not a number"),
    schema.BOOL: (parse_bool, "not yes or no"),
    schema.PERIOD: (parse_billing_period, "not a billing period (week, month, quarter or year)"),
}


def normalize_table(raw: RawTable, table: TableMapping, options: Options | None = None) -> NormalizedTable:
    """The mapped columns of `raw` parsed into the canonical fields of `table.kind`, with the rows it cannot use.

    A row is rejected when a required field is blank, when a mapped non-text field holds a value that cannot be
    read, or when it breaks a rule of its kind (an end before the start, more conversions than visitors, …).
    Rows the reader left out on purpose (total rows) stay in `raw.excluded`; they are not repeated here, so
    `rows_read` (the rows of `raw.frame`) = rows in `frame` + distinct rows in `rejects`.
    """
    options = options or Options()
    if table.kind is None:
        raise MappingError(f"{table.label}: no kind is chosen for this table")
    kind = schema.kind(table.kind)
    missing = [c for c in table.columns.values() if c not in raw.frame.columns]
    if missing:
        raise MappingError(
            f"{table.label}: column {missing[0]!r} is not in the table; its columns are {', '.join(raw.frame.columns)}"
        )
    if not table.usable:
        raise MappingError(f"{table.label}: {kind.label.lower()} need {_needs(kind)} mapped")

    frame = pd.DataFrame(index=raw.frame.index)
    problems: list[pd.DataFrame] = []
    notes = list(raw.notes)
    currencies = []

    def reject(mask: pd.Series, field_name: str, reason: str) -> None:
        column = table.columns[field_name]
        if mask.any():
            problems.append(
                pd.DataFrame(
                    {
                        "source": raw.source,
                        "sheet": raw.sheet,
                        "row": raw.rows[mask.to_numpy()],
                        "column": column,
                        "value": raw.frame.loc[mask, column].to_numpy(),
                        "reason": reason,
                    }
                )
            )

    required = set(kind.required) | ({"mrr"} if "mrr" in table.columns else set())
    if table.kind == "subscriptions" and "mrr" not in table.columns:
        required.add("amount")
    for field_name, column in table.columns.items():  # a handful of columns
        ftype = kind.field(field_name).type
        parser, reason = _PARSERS[ftype]
        kwargs = {"day_first": options.day_first} if ftype in (schema.DATE, schema.DATETIME) else {}
        parsed = parser(raw.frame[column], **kwargs)
        frame[field_name] = parsed.values
        notes.extend(f"{column}: {i}" for i in parsed.info)
        if parsed.currency:
            currencies.append(parsed.currency)
        if field_name in required:
            reject(raw.frame[column].isna(), field_name, "required field is blank")
        errors, uncalculated = (None, None) if ftype == schema.TEXT else _error_cells(
            raw.frame[column], raw.uncalculated, None if ftype == schema.ID else parsed.bad)
        bad = parsed.bad
        for mask, why in ((errors, "the cell shows a spreadsheet error, not a value"),
                          (uncalculated, "a formula the file holds no value for (it was never calculated): open the "
                                         "file in a spreadsheet program, save it, and upload it again")):
            if mask is not None:
                reject(mask, field_name, why)
                frame.loc[mask, field_name] = None
                bad = bad & ~mask
        reject(bad, field_name, reason)
        if parsed.far is not None and parsed.far.any():
            _far_dates(parsed.far, table.kind, field_name, column, reject, notes)

    _kind_rules(table, frame, reject, notes)
    if table.kind == "surveys" and table.survey_type and "survey_type" not in frame:
        frame["survey_type"] = table.survey_type
    elif "survey_type" in frame:
        frame["survey_type"] = frame["survey_type"].map(str.lower, na_action="ignore")

    rejects = pd.concat([p for p in problems if len(p)], ignore_index=True) if any(len(p) for p in problems) else None
    if rejects is None:
        rejects = pd.DataFrame(columns=REJECT_COLUMNS)
    rejects = rejects.astype({"row": int}).sort_values("row", kind="stable").reset_index(drop=True)
    frame["_row"] = raw.rows.astype(int)
    frame["_source"] = table.label
    frame = frame[~frame["_row"].isin(rejects["row"])].reset_index(drop=True)

    currency = options.currency or (currencies[0] if currencies else None)
    if options.currency and currencies and currencies[0] != options.currency:
        notes.append(
            f"The amounts show {currencies[0]} but the options say {options.currency}; {options.currency} is used."
        )
    return NormalizedTable(table, frame, rejects, tuple(notes), currency, len(raw.frame))


def _error_cells(s: pd.Series, uncalculated: bool, within: pd.Series | None = None
                 ) -> tuple[pd.Series | None, pd.Series | None]:
    """(cells holding an Excel error value (#REF!, #N/A, …), formula cells the file never calculated); None for
    either when there are none (the usual case). `uncalculated`: whether the table has any such formula (looking at
    every cell's type costs a pass over the column, so only then). `within`: only these cells can be either (a
    date, amount, number, flag or period parser reads neither, so the cells it could not read)."""
    if s.dtype != object:
        return None, None
    cells = s if within is None else s[within.to_numpy(dtype=bool)]
    if cells.empty:
        return None, None
    hit = cells.isin(ERROR_VALUES)
    formulas = cells.map(type).eq(Uncalculated) if uncalculated else None
    full = lambda m: m.reindex(s.index, fill_value=False) if within is not None else m  # noqa: E731
    return (full(hit) if hit.any() else None), (full(formulas) if formulas is not None and formulas.any() else None)


# An end written as a far-future date (9999-12-31, Excel's last day) is the usual way to say "no end".
OPEN_ENDS = {("subscriptions", "end_date"), ("customers", "churn_date")}


def _far_dates(far: pd.Series, kind: str, field_name: str, column: str, reject: Callable, notes: list[str]) -> None:
    """Dates in FAR_YEAR or later: no end where the field is an end (noted), a rejected row anywhere else."""
    n = int(far.sum())
    if (kind, field_name) in OPEN_ENDS:
        notes.append(f"{column}: {n:,} date{'s' if n > 1 else ''} in {FAR_YEAR} or later (such as 9999-12-31) read "
                     "as no end date.")
    else:
        reject(far, field_name, f"a date in {FAR_YEAR} or later (such as 9999-12-31) is a marker, not a day")


def _kind_rules(table: TableMapping, frame: pd.DataFrame, reject: Callable, notes: list[str]) -> None:
    """Rules across fields of one row, per kind; adds derived fields (mrr from amount and billing period)."""
    cols = table.columns
    if table.kind == "subscriptions":
        if "mrr" not in cols and "amount" in cols:
            period = frame["billing_period"] if "billing_period" in frame else pd.Series("month", index=frame.index)
            factor = period.map(schema.BILLING_PERIODS).fillna(1.0).astype(float)
            frame["mrr"] = frame["amount"] * factor
            notes.append(
                "MRR worked out from the amount and billing period (a blank period counts as monthly)."
                if "billing_period" in cols
                else "MRR taken as the amount (no billing period column: amounts are taken as monthly)."
            )
            mrr_field = "amount"
        else:
            mrr_field = "mrr"
        if mrr_field in cols:
            reject(frame["mrr"] < 0, mrr_field, "mrr is negative")
        if "end_date" in cols and "start_date" in cols:
            reject(frame["end_date"] < frame["start_date"], "end_date", "ends before it starts")
    elif table.kind == "funnel":
        for f in ("visitors", "conversions"):
            if f in cols:
                reject(frame[f] < 0, f, "cannot be negative")
        if {"visitors", "conversions"} <= set(cols):
            more = (frame["conversions"] > frame["visitors"]) & (frame["visitors"] >= 0)
            reject(more, "conversions", "more conversions than visitors")
    elif table.kind == "tickets" and {"created_at", "resolved_at"} <= set(cols):
        reject(frame["resolved_at"] < frame["created_at"], "resolved_at", "resolved before it was created")


def _needs(kind: schema.Kind) -> str:
    sets = kind.required_sets or (kind.required,)
    return " or ".join(" and ".join(s) for s in sets)
