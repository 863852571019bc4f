"""Calendar periods: week (ISO, Monday start), month, quarter, year, with an optional fiscal-year start month; or
"all": the whole range as one period (after the range of equal length just before it, what it is compared with).

A period is a run of calendar days `[start, end)`. Days are NumPy `datetime64[D]`; everything downstream works
on whole days. The periods of a range are contiguous, so the state at the end of one period is the state at
the start of the next (`E(P) = S(next P)`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .errors import OptionError

GRANULARITIES = ("week", "month", "quarter", "year", "all")
MONTHS_PER = {"month": 1.0, "quarter": 3.0, "year": 12.0}  # week and all: their days ÷ 30.44
DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class Periods:
    """Contiguous periods `[starts[i], ends[i])`, with their labels."""

    granularity: str
    starts: np.ndarray  # datetime64[D]
    ends: np.ndarray  # datetime64[D], exclusive
    labels: tuple[str, ...]
    fiscal_start: int = 1

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def boundaries(self) -> np.ndarray:
        """The K + 1 days on which state is read: the last day before each period, then the last day of the last."""
        return np.concatenate([self.starts - DAY, self.ends[-1:] - DAY])

    @property
    def days(self) -> np.ndarray:
        """Number of calendar days in each period."""
        return (self.ends - self.starts).astype(np.int64)

    @property
    def months(self) -> np.ndarray:
        """Length of each period in months (a week is 7 ÷ 30.44 months; a whole range, its days ÷ 30.44)."""
        if self.granularity not in MONTHS_PER:
            return self.days / (365.25 / 12)
        return np.full(len(self), MONTHS_PER[self.granularity])

    def index_of(self, days: np.ndarray) -> np.ndarray:
        """Period index of each day, or -1 for days outside the range."""
        days = np.asarray(days, dtype="datetime64[D]")
        idx = np.searchsorted(self.starts, days, side="right") - 1
        inside = (idx >= 0) & (days < self.ends[-1]) if len(self) else np.zeros(len(days), bool)
        return np.where(inside, idx, -1)

    def find(self, label: str) -> int:
        try:
            return self.labels.index(label)
        except ValueError:
            raise OptionError(f"there is no period {label!r} in the range {self.labels[0]}…{self.labels[-1]}") from None

    def records(self) -> list[dict[str, str]]:
        return [
            {"label": lab, "start": str(s), "end": str(e)}
            for lab, s, e in zip(self.labels, self.starts, self.ends, strict=True)
        ]


def _month_index(day: np.datetime64) -> int:
    return int(np.datetime64(day, "M").astype(np.int64))


def period_start(day: dt.date | np.datetime64, granularity: str, fiscal_start: int = 1) -> np.datetime64:
    """First day of the period that contains `day`."""
    d = np.datetime64(day, "D")
    if granularity == "week":
        # 1970-01-01 was a Thursday: Monday-start weeks are offset by 3 days.
        n = int(d.astype(np.int64))
        return np.datetime64(n - (n + 3) % 7, "D")
    step = {"month": 1, "quarter": 3, "year": 12}[granularity]
    m = _month_index(d) - (fiscal_start - 1)
    m0 = m - m % step + (fiscal_start - 1)
    return np.datetime64(np.datetime64(m0, "M"), "D")


def _label(start: np.datetime64, granularity: str, fiscal_start: int) -> str:
    d = start.astype(dt.date)
    if granularity == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if granularity == "month":
        return f"{d.year}-{d.month:02d}"
    if fiscal_start == 1:
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}" if granularity == "quarter" else f"{d.year}"
    # Fiscal years are named after the calendar year in which they end (FY2025 = Apr 2024 – Mar 2025).
    months_in = (d.month - fiscal_start) % 12
    fy = d.year + (1 if d.month >= fiscal_start else 0)
    return f"FY{fy}-Q{months_in // 3 + 1}" if granularity == "quarter" else f"FY{fy}"


def make_periods(
    granularity: str, start: dt.date | np.datetime64, end: dt.date | np.datetime64, fiscal_start: int = 1,
    earliest: dt.date | np.datetime64 | None = None,
) -> Periods:
    """The periods from the one containing `start` to the one containing `end` (both inclusive); for "all", the
    range itself, after the range of equal length before it when `earliest` (the data's first day) reaches it.

    >>> make_periods("month", dt.date(2024, 1, 15), dt.date(2024, 3, 1)).labels
    ('2024-01', '2024-02', '2024-03')
    >>> make_periods("all", dt.date(2024, 7, 1), dt.date(2024, 12, 31), earliest=dt.date(2023, 1, 1)).labels
    ('2023-12-30 – 2024-06-30', '2024-07-01 – 2024-12-31')
    """
    if granularity not in GRANULARITIES:
        raise OptionError(f"granularity must be one of {', '.join(GRANULARITIES)}, not {granularity!r}")
    if granularity == "all":
        return _whole_range(start, end, earliest, int(fiscal_start))
    if not 1 <= int(fiscal_start) <= 12:
        raise OptionError(f"the fiscal year must start in month 1–12, not {fiscal_start}")
    first = period_start(start, granularity, fiscal_start)
    last_day = np.datetime64(end, "D")
    if last_day < np.datetime64(start, "D"):
        raise OptionError(f"the end date {end} is before the start date {start}")
    if granularity == "week":
        n = int((last_day - first).astype(np.int64)) // 7 + 1
        starts = first + np.arange(n + 1) * 7 * DAY
    else:
        step = {"month": 1, "quarter": 3, "year": 12}[granularity]
        m_first = _month_index(first)
        n = (_month_index(last_day) - m_first) // step + 1
        starts = (np.datetime64(m_first, "M") + np.arange(n + 1) * step).astype("datetime64[D]")
    labels = tuple(_label(s, granularity, fiscal_start) for s in starts[:-1])
    return Periods(granularity, starts[:-1], starts[1:], labels, int(fiscal_start))


def _whole_range(start, end, earliest, fiscal_start: int) -> Periods:
    first, stop = np.datetime64(start, "D"), np.datetime64(end, "D") + DAY
    if stop <= first:
        raise OptionError(f"the end date {end} is before the start date {start}")
    starts = [first]
    if earliest is not None and first - (stop - first) >= np.datetime64(earliest, "D"):
        starts.insert(0, first - (stop - first))
    ends = [*starts[1:], stop]
    labels = tuple(f"{s} – {e - DAY}" for s, e in zip(starts, ends, strict=True))
    return Periods("all", np.array(starts), np.array(ends), labels, fiscal_start)
