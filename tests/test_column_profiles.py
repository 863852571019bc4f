"""csm.column_profile: profiling a table's columns together gives each column the profile it has alone."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csm.column_profile import profile, profiles
from tests.test_fuzz_tables import cell

ODD = [
    pd.Series(["1", "2", None, "", " ", "$1,200.00", "(300)", "12345678901234567890", "0.5", "Yes", "monthly", "nps",
               "a@b.c", "007", "2024-01-01", dt.date(2024, 1, 1), 5, 5.5, True, "#REF!"], dtype=object),
    pd.Series([], dtype=object),
    pd.Series([None, ""], dtype=object),
    pd.Series([1.5, 2, np.nan]),
    pd.to_datetime(pd.Series(["2024-01-01", None])),
    pd.Series([f"C{i:05d}" for i in range(5000)], dtype=object),  # sampled: 2,000 of 5,000
]


def _same(a, b) -> bool:
    return all(x == y or (x != x and y != y) for x, y in zip(vars(a).values(), vars(b).values(), strict=True))


def test_odd_columns_profile_alike_together_and_alone():
    together = profiles(ODD)
    assert all(_same(t, profile(c)) for t, c in zip(together, ODD, strict=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.lists(cell() | st.none(), max_size=40), min_size=1, max_size=6))
def test_generated_columns_profile_alike_together_and_alone(columns):
    series = [pd.Series(c, dtype=object) for c in columns]
    together = profiles(series)
    assert all(_same(t, profile(c)) for t, c in zip(together, series, strict=True))
