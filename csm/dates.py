"""Date cells: text in the usual ways of writing a date, Excel serial numbers, yyyymmdd numbers and native dates.

The order of numeric dates (31/01 or 01/31) is decided per column from the values that settle it
(`date_order_evidence`); dates from FAR_YEAR on are markers ("no end": 9999-12-31), not days.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .cells import Parsed, distinct_cells, numbers_of, text_of, type_masks, unreadable, votes
from .clean_dates import event_times, fast_dates, iso_text_dates, zoned_only
from .vocabulary.values import MONTHS

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
_NUMERIC_HEAD = r"(\d{1,2})[-/.](\d{1,2})[-/.]"  # 31/01/ or 01-31-: how a numeric date (day and month) starts
_DATE_PATTERNS = {  # name -> regex; groups: the date parts in the order named, then the _TIME groups
    "ymd": rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_T}",
    "numeric": rf"^{_NUMERIC_HEAD}(\d{{4}}|\d{{2}}){_T}",
    "d_mon_y": rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[-\s/.]*{_MONTH}[-\s/.,]*(\d{{4}}|\d{{2}}){_T}",
    "mon_d_y": rf"^{_WEEKDAY}{_MONTH}[-\s/.]*(\d{{1,2}})(?:st|nd|rd|th)?,?[-\s/.]*(\d{{4}}|\d{{2}}){_T}",
    "compact": rf"^((?:19|20)\d{{2}})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]){_T}",
}


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
    if not todo.empty and todo.str.contains(_ANY_LOCAL_MONTH, regex=True).any():  # month names of other languages
        local = _local_months(todo)
        for name in ("d_mon_y", "mon_d_y"):
            parts = local.str.extract(_DATE_PATTERNS[name])
            hit = parts[0].notna()
            found.append(parts[hit].set_axis(columns, axis=1).assign(pattern=name))
            local = local[~hit]
    out = pd.concat(found) if found else pd.DataFrame(columns=[*columns, "pattern"])
    return out.reindex(text.index).astype(object)


_ENGLISH = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LOCAL_NAMES = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_LOCAL_MONTH = rf"(?<![a-z])({_LOCAL_NAMES})(?![a-z])"
_ANY_LOCAL_MONTH = rf"(?<![a-z])(?:{_LOCAL_NAMES})(?![a-z])"


def _local_months(text: pd.Series) -> pd.Series:
    """Dates with a month name of csm.vocabulary.values written the English way: "31. januar 2024", "31 janv. 2024",
    "31 de enero de 2024", "1er mars 2024" → "31 jan 2024" (the text is in lower case)."""
    text = text.str.replace(r"(?<=\d)(?:er|º|°)(?![a-z])|(?<![a-z])(?:de|del)(?![a-z])", " ", regex=True)
    return text.str.replace(_LOCAL_MONTH, lambda m: _ENGLISH[MONTHS[m[1]] - 1], regex=True).str.strip()


def _numeric_order(parts: pd.DataFrame, weights: pd.Series | None = None) -> tuple[int, int]:
    """(rows whose first part is > 12, rows whose second part is > 12) among the d/m/y or m/d/y text dates.

    `weights`: rows per cell when `parts` holds the distinct cells of a column.
    """
    numeric = parts[parts["pattern"].eq("numeric")]
    a = pd.to_numeric(numeric["a"], errors="coerce")
    b = pd.to_numeric(numeric["b"], errors="coerce")
    return votes((a > 12) & (b <= 12), weights), votes((b > 12) & (a <= 12), weights)


def date_order_evidence(s: pd.Series) -> str:
    """What the column's numeric text dates (01/02/2024) say about their order.

    "day_first" or "month_first" when some value settles it (a part > 12; the majority wins if both occur),
    "ambiguous" when no value does, "none" when the column has no such dates.
    """
    d = distinct_cells(s)
    if d is not None:
        s = d.cells
    text = text_of(s, type_masks(s)["str"])
    text = text[text.str.match(_NUMERIC_HEAD)]  # only these can be numeric dates: the rest say nothing of the order
    return _order_evidence(_date_parts(text), None if d is None else d.weights)


def _order_evidence(parts: pd.DataFrame, weights: pd.Series | None = None) -> str:
    if not parts["pattern"].eq("numeric").any():
        return "none"
    day_votes, month_votes = _numeric_order(parts, weights)
    if day_votes == month_votes == 0:
        return "ambiguous"
    return "day_first" if day_votes > month_votes else "month_first"


def parse_dates(s: pd.Series, day_first: bool | None = None, keep_time: bool = False, why: str | None = None) -> Parsed:
    """Dates (datetime64[ns], midnight unless keep_time) from text, Excel serial numbers and date cells.

    Text: ISO (2024-01-31, 2024/01/31, with time and zone: the wall-clock date as written), 31/01/2024 or
    01/31/2024 or 31.01.24 (order decided per column, see `date_order_evidence`; `day_first` settles ambiguous
    columns, month-first otherwise; `why` says what set `day_first` when the options did not), 31 Jan 2024,
    Jan 31, 2024, 31-Jan-24, January 31 2024, 20240131.
    Numbers: Excel serials 20000–80000 (1900 date system) and yyyymmdd integers.
    """
    d = distinct_cells(s)
    if d is not None:
        return d.parsed(_parse_dates(d.cells, day_first, keep_time, d.weights, why=why))
    return _parse_dates(s, day_first, keep_time, why=why)


def _parse_dates(s: pd.Series, day_first: bool | None, keep_time: bool, weights: pd.Series | None = None,
                 fast: bool = True, why: str | None = None) -> Parsed:
    flags = type_masks(s)
    info: list[str] = []
    if fast and (quick := event_times(s, flags, keep_time)) is not None:
        return quick  # every cell a time written 2024-03-05T14:22:31Z or …+02:00: read from the bytes
    text = text_of(s, flags["str"])
    if fast and (quick := zoned_only(s, text, flags, keep_time)) is not None:
        return quick  # every cell a zoned ISO time (or blank): the usual event log, without a look for plain ISO
    iso = iso_text_dates(text)
    if fast and (quick := fast_dates(s, text, iso, flags, day_first, keep_time, weights, why)) is not None:
        return quick  # every cell written one of the usual clean ways (or blank): the usual export
    parts = _date_parts(text.where(iso.isna(), ""))  # the other text cells

    dayfirst, said = _date_order(parts, weights, day_first, why)
    info.extend(said)

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
    as_number = numbers_of(s, flags["number"]).fillna(
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
    from_cells = date_cells(s, flags["date"] & cell_years.lt(FAR_YEAR), cell_years)
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
    return Parsed(values, unreadable(values, flags) & ~far, tuple(info), far=far)


def _date_order(parts: pd.DataFrame, weights: pd.Series | None, day_first: bool | None,
                why: str | None) -> tuple[bool, list[str]]:
    """Whether the column's numeric text dates are read day-first, and the note that decision earns."""
    evidence = _order_evidence(parts, weights)
    if evidence == "ambiguous":
        dayfirst = bool(day_first)
        how = "day-first (31/01)" if dayfirst else "month-first (01/31)"
        why = why or ("as set in the options" if day_first is not None else
                      "the usual reading when nothing says otherwise")
        return dayfirst, [f"Dates like 01/02/2024 could be day-first or month-first; read as {how}, {why}."]
    dayfirst = evidence == "day_first"
    day_votes, month_votes = _numeric_order(parts, weights)
    if day_votes and month_votes:
        return dayfirst, [f"Dates are mostly {'day' if dayfirst else 'month'}-first; "
                          f"{min(day_votes, month_votes)} written the other way round could not be read."]
    return dayfirst, []


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


def date_cells(s: pd.Series, mask: pd.Series, years: pd.Series | None = None) -> pd.Series:
    """Date/datetime/Timestamp cells as naive datetime64[ns] (the wall-clock time as written)."""
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    years = _cell_years(s, mask) if years is None else years
    mask = mask & years.between(_FIRST_YEAR, 2261)  # datetime64[ns] ends in 2262: later ones stay NaT
    if mask.any():
        cells = s[mask].map(lambda v: pd.Timestamp(v).tz_localize(None) if getattr(v, "tzinfo", None) else v)
        out[mask] = pd.to_datetime(cells, errors="coerce").astype("datetime64[ns]")
    return out
