"""The periods a view shows: the one shown by default, and the one it is compared with.

    i = default_period(analysis.periods, analysis.dataset.span())        # the last complete period
    j = comparison_index(analysis.periods, i, "year")                    # same period a year earlier, or None
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from ..periods import Periods

COMPARE = {"previous": "Previous period", "year": "Same period a year earlier"}


def default_period(periods: Periods, span: tuple[np.datetime64, np.datetime64] | None) -> int:
    """Index of the last period the data covers completely (the last period when none is complete)."""
    if span is None or not len(periods):
        return max(len(periods) - 1, 0)
    last_day = np.datetime64(span[1], "D")
    complete = np.flatnonzero(periods.ends - np.timedelta64(1, "D") <= last_day)
    return int(complete[-1]) if len(complete) else len(periods) - 1


def comparison_index(periods: Periods, i: int, compare: str) -> int | None:
    """The period compared with period i: the one before it, or the one starting a year earlier (None if outside)."""
    if compare == "previous":
        return i - 1 if i >= 1 else None
    if periods.granularity == "all":  # the range before it is the only comparison a whole range has
        return None
    if periods.granularity == "week":  # 52 weeks back: the same ISO week number, a Monday again
        j = i - 52
        return j if j >= 0 else None
    start = periods.starts[i].astype(dt.date)
    try:
        target = np.datetime64(start.replace(year=start.year - 1), "D")
    except ValueError:  # 29 February
        target = np.datetime64(start.replace(year=start.year - 1, day=28), "D")
    j = int(periods.index_of(np.array([target]))[0])
    return j if 0 <= j < i else None
