"""Fast readings of the usual clean date columns (csm.dates' general reading is five patterns over every cell).

Each gives exactly what the general reading gives such a column (values, unreadable cells, far dates, notes), with a
few whole-column string operations instead; tests/test_fast_paths.py and tests/test_company_exports.py compare them
on generated columns mixing every other way of writing a cell.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .cells import Parsed, unreadable

_ISO_TEXT = r"(?:1[7-9]|2[01])\d{2}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?"  # years 1700–2199: in datetime64[ns]
_ISO_FORMATS = {10: "%Y-%m-%d", 16: "%Y-%m-%d %H:%M", 19: "%Y-%m-%d %H:%M:%S"}  # by length of the text


def iso_text_dates(text: pd.Series) -> pd.Series:
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


_ZONE_TEXT = r"(?:Z| ?[+-][0-9]{2}(?::?[0-9]{2})?)"  # 2024-03-05T14:22:31Z, …+02:00, …+0200, … +0000, …-05
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?"  # 14:22, 14:22:31, 14:22:31.123: real times
_ISO_ZONED = rf"(?:1[7-9]|2[01])[0-9]{{2}}-[0-9]{{2}}-[0-9]{{2}}(?:T{_CLOCK}{_ZONE_TEXT}?| {_CLOCK}{_ZONE_TEXT})"
_ZONE_END = r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)$"  # among _ISO_ZONED's cells: those with a zone
_US_DATE = r"^([0-9]{1,2})/([0-9]{1,2})/((?:1[7-9]|2[01])[0-9]{2})$"  # 03/05/2024, 3/5/2024: years 1700–2199


# 2024-03-05T14:22:31Z and 2024-03-05T14:22:31+02:00, as most event exports write a time: the bytes that must be
# digits, and the others, of the 19 before the zone
_TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
_TIME_SIGNS = {4: "-", 7: "-", 10: "T", 13: ":", 16: ":"}


def event_times(s: pd.Series, flags: dict[str, pd.Series], keep_time: bool) -> Parsed | None:
    """`_iso_zoned` of a column whose every filled cell is written 2024-03-05T14:22:31Z or 2024-03-05T14:22:31+02:00
    (-05:00), read from the cells' bytes as matrices of 19 and 6 columns (no pattern matched cell by cell: the
    company's 1.8M cells in half the time). None for any other column, and for one holding a day that is no date or
    a time that is none (2023-02-29, 24:00): the general reading says which."""
    blank = flags["blank"].to_numpy(dtype=bool)
    first = s.iat[int(np.argmin(blank))] if len(blank) and not blank.all() else None  # the first filled cell
    if not isinstance(first, str) or len(first) not in (20, 25) or first[10] != "T":
        return None  # (looked at before any copy: every date column of a table passes here)
    if not flags["str"].eq(~flags["blank"]).all():
        return None
    cells = s.to_numpy(dtype=object)[~blank]
    text = pa.array(cells, type=pa.string()).view(pa.binary())
    length = pc.binary_length(text).to_numpy(zero_copy_only=False)  # (in bytes: a character beyond ASCII takes more)
    utc = length == 20
    if not (utc | (length == 25)).all():
        return None
    head, zone = _bytes(pc.binary_slice(text, 0, 19), 19), pc.binary_slice(text, 19, 25)
    offset = _bytes(pc.filter(zone, pa.array(~utc)), 6)
    if head is None or offset is None or not pc.all(pc.equal(pc.equal(zone, b"Z"), pa.array(utc))).as_py():
        return None  # a 20th byte that is no Z
    if (head[:, list(_TIME_SIGNS)] != np.array([ord(c) for c in _TIME_SIGNS.values()], np.uint8)).any():
        return None
    if ((offset[:, 0] != ord("+")) & (offset[:, 0] != ord("-"))).any() or (offset[:, 3] != ord(":")).any():
        return None
    digit = head[:, _TIME_DIGITS] - np.uint8(48)  # (a byte below "0" wraps round to above 9 too)
    if (digit > 9).any() or ((offset[:, [1, 2, 4, 5]] - np.uint8(48)) > 9).any():  # (the offset's value: any)
        return None
    d = {at: digit[:, k] for k, at in enumerate(_TIME_DIGITS)}  # (uint8 views: two digits fit, 99 at most)
    century, year, month, day_, hour, minute, second = (d[i] * 10 + d[i + 1] for i in (0, 2, 5, 8, 11, 14, 17))
    if ((century < 17) | (century > 21) | (hour > 23) | (minute > 59) | (second > 59)).any():
        return None
    ymd = (century.astype(np.int32) * 100 + year) * 10_000 + month.astype(np.int32) * 100 + day_
    day, days = pd.factorize(ymd)  # a few thousand
    read = pd.to_datetime(pd.Series(days.astype(str), dtype=object), format="%Y%m%d", errors="coerce")
    if read.isna().any():
        return None
    values = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[ns]")
    values[~blank] = read.to_numpy(dtype="datetime64[ns]")[day]
    info = ["Time zones were dropped: each time is read as the wall-clock time written (METRICS.md: calendar dates)."]
    if keep_time:
        values[~blank] += (hour.astype(np.int64) * 3600 + minute.astype(np.int64) * 60 + second).astype("timedelta64[s]")
    elif ((hour != 0) | (minute != 0)).any():
        info.append("Times of day were dropped: each value counts on its calendar date as written.")
    values = pd.Series(values, index=s.index)
    far = pd.Series(False, index=s.index)
    return Parsed(values, unreadable(values, flags) & ~far, tuple(info), far=far)


def _bytes(cells: pa.Array, width: int) -> np.ndarray | None:
    """The cells' bytes as a matrix of `width` columns (a view), or None unless every cell is that wide."""
    _, offsets, data = cells.buffers()
    at = np.frombuffer(offsets, np.int32)[cells.offset: cells.offset + len(cells) + 1]
    if cells.null_count or (np.diff(at) != width).any():
        return None
    if not len(cells):
        return np.zeros((0, width), np.uint8)
    return np.frombuffer(data, np.uint8)[at[0]: at[0] + width * len(cells)].reshape(len(cells), width)


def zoned_only(s: pd.Series, text: pd.Series, flags: dict[str, pd.Series], keep_time: bool) -> Parsed | None:
    """`_iso_zoned` of a column of text cells that are all zoned ISO times (or blank), looked at only when its first
    filled cell is one: an event log's timestamps need no look for plain ISO text (`iso_text_dates`, which none of
    them is: the two patterns share no text) — 0.12 s of 1.8M. None for any other column."""
    filled = ~flags["blank"].to_numpy(dtype=bool)
    first = int(filled.argmax()) if len(filled) else 0
    if not filled.any() or not re.fullmatch(_ISO_ZONED, text.iat[first]) or not flags["str"].eq(~flags["blank"]).all():
        return None
    zoned = text.str.fullmatch(_ISO_ZONED).fillna(False).astype(bool)
    if not zoned.eq(~flags["blank"]).all():
        return None
    none = pd.Series(np.full(len(s), np.datetime64("NaT"), dtype="datetime64[ns]"), index=s.index)
    return _iso_zoned(s, text, none, zoned, flags, keep_time)


def fast_dates(s: pd.Series, text: pd.Series, iso: pd.Series, flags: dict[str, pd.Series], day_first: bool | None,
               keep_time: bool, weights: pd.Series | None, why: str | None) -> Parsed | None:
    """What `_parse_dates` gives a column of text cells all written in clean ISO (plain, or with a `T` and a
    zone: `_iso_zoned`), or all as numeric dates with slashes and a four-digit year (`_us_dates`); None for any
    other column."""
    filled = ~flags["blank"]
    if not flags["str"].eq(filled).all():
        return None
    plain = iso.notna()
    if plain.eq(filled).all():
        return _iso_only(s, iso, flags, keep_time)
    rest = filled & ~plain
    zoned = text.str.fullmatch(_ISO_ZONED).fillna(False).astype(bool)
    if zoned.eq(rest).all():
        return _iso_zoned(s, text, iso, zoned, flags, keep_time)
    if not plain.any():
        return _us_dates(s, text, flags, day_first, weights, why)
    return None


def _iso_zoned(s: pd.Series, text: pd.Series, iso: pd.Series, zoned: pd.Series, flags: dict[str, pd.Series],
               keep_time: bool) -> Parsed | None:
    """ISO text with a `T` or a zone (2024-03-05T14:22:31Z, 2024-03-05T14:22:31.5+02:00, 2024-03-05 14:22 +0000),
    perhaps beside plain ISO text, as the general reading reads it: the wall-clock time as written, the zone dropped
    (with its note), fractions of a second ignored; without `keep_time` a time counts toward the "times of day were
    dropped" note when its hour or minute is not zero (seconds alone do not, as in the general reading), a plain
    ISO text's when it is not midnight. None when some cell is no real date or time (2024-02-30, 24:00, :60):
    those take the general way."""
    cells = pa.array(text.where(zoned), type=pa.large_string())
    ascii_ = cells.view(pa.large_binary())  # _ISO_ZONED's cells are ASCII: a byte is a character

    def part(start: int, stop: int) -> pa.Array:
        return pc.binary_slice(ascii_, start, stop).cast(pa.large_string())

    day = part(0, 10).dictionary_encode()  # a few thousand days
    read = pd.to_datetime(pd.Series(day.dictionary.to_pylist(), dtype=object), format="%Y-%m-%d", errors="coerce")
    if read.isna().any():
        return None
    codes = pc.fill_null(day.indices, len(read)).to_numpy()
    values = np.append(read.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))[codes]
    info: list[str] = []
    if pc.any(pc.match_substring_regex(cells, _ZONE_END)).as_py():
        info.append("Time zones were dropped: each time is read as the wall-clock time written (METRICS.md: "
                    "calendar dates).")
    if keep_time:
        def number(digits: pa.Array) -> np.ndarray:
            return pc.fill_null(pc.cast(digits, pa.int64()), 0).to_numpy()

        seconds = pc.if_else(pc.equal(part(16, 17), ":"), part(17, 19), "0")  # 14:22 and 14:22Z: no seconds
        clock = number(part(11, 13)) * 3600 + number(part(14, 16)) * 60 + number(seconds)
        values = values + clock.astype("timedelta64[s]")
    values = pd.Series(values, index=s.index).where(zoned, iso.astype("datetime64[ns]"))
    if not keep_time:
        days = values.dt.normalize()
        if pc.any(pc.not_equal(part(11, 16), "00:00")).as_py() or (~zoned & values.notna() & values.ne(days)).any():
            info.append("Times of day were dropped: each value counts on its calendar date as written.")
        values = days
    far = pd.Series(False, index=s.index)
    return Parsed(values, unreadable(values, flags) & ~far, tuple(info), far=far)


def _us_dates(s: pd.Series, text: pd.Series, flags: dict[str, pd.Series], day_first: bool | None,
              weights: pd.Series | None, why: str | None) -> Parsed | None:
    """Numeric dates with slashes and a four-digit year (03/05/2024, 3/5/2024: as US exports write them, or
    31/01/2024) as the general reading reads them: the order decided by the same vote (and note), a cell that
    cannot be a date that way round (13/13/2024, 02/30/2024) unreadable. None for any other column."""
    parts = text.str.extract(_US_DATE)
    if parts[0].isna().ne(flags["blank"]).any():
        return None
    parts = pd.DataFrame({"pattern": np.where(parts[0].notna(), "numeric", None), "a": parts[0], "b": parts[1]},
                         index=s.index)
    from .dates import _date_order  # (csm.dates reads this module: imported when first asked)

    dayfirst, info = _date_order(parts, weights, day_first, why)
    first, second = (pd.to_numeric(parts[k], errors="coerce") for k in ("a", "b"))
    comps = pd.DataFrame({"year": pd.to_numeric(text.str.slice(-4), errors="coerce").where(parts["a"].notna()),
                          "month": second if dayfirst else first, "day": first if dayfirst else second},
                         index=s.index).astype(float)
    valid = comps.notna().all(axis=1)
    values = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    if valid.any():
        values[valid] = pd.to_datetime(comps[valid], errors="coerce")
    far = pd.Series(False, index=s.index)
    return Parsed(values, unreadable(values, flags) & ~far, tuple(info), far=far)


def _iso_only(s: pd.Series, iso: pd.Series, flags: dict[str, pd.Series], keep_time: bool) -> Parsed:
    """What `_parse_dates` gives a column whose every non-blank cell is plain ISO text: those dates, no cell
    unreadable or far off, and the one note such a column can earn (times of day dropped). No zone is written in
    such text (_ZONE_WRITTEN needs a letter or a sign after a time; plain ISO text ends in the time's digits)."""
    info: list[str] = []
    values = iso.astype("datetime64[ns]")
    if not keep_time:
        days = values.dt.normalize()
        if (values.notna() & values.ne(days)).any():
            info.append("Times of day were dropped: each value counts on its calendar date as written.")
        values = days
    far = pd.Series(False, index=s.index)
    return Parsed(values, unreadable(values, flags) & ~far, tuple(info), far=far)
