"""The fast readings of the usual columns — plain ISO dates, plain numbers — give exactly what the general readings
give (values, unreadable cells, far-off dates, notes, currency), on generated columns mixing them with every
other way of writing a cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csm.amounts import _parse_numeric_cells
from csm.dates import _parse_dates
from tests.test_fuzz_tables import cell

ISO = st.sampled_from(["2024-01-31", "2024-02-29", "2023-02-29", "2024-01-31 13:45", "2024-01-31 00:00:00",
                       " 2024-03-01 ", "1699-12-31", "1700-01-01", "2199-12-31", "2200-01-01", "9999-12-31",
                       "2024-01-31 10:00Z", "2024-13-01"])
PLAIN = st.sampled_from(["12", "-3", "1250.50", "0.1", "-0.0", "007", "99999999999999999999", "1.234", " 5 ", "-0",
                         "1,200", "5.", ".5", "١٢", "- 5", "1e3"])
BLANK = st.sampled_from(["", "  ", None])


def _mostly(common):
    return st.lists(st.one_of(common, common, common, BLANK, cell()), min_size=1, max_size=12).map(
        lambda cells: pd.Series(cells, dtype=object))


def _assert_same(a, b) -> None:
    pd.testing.assert_series_equal(a.values, b.values, check_exact=True)
    pd.testing.assert_series_equal(a.bad, b.bad)
    assert (a.far is None) == (b.far is None)
    if a.far is not None:
        pd.testing.assert_series_equal(a.far, b.far)
    assert (a.info, a.currency) == (b.info, b.currency)
    if a.values.dtype == float:
        assert np.array_equal(np.signbit(a.values.to_numpy()), np.signbit(b.values.to_numpy()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mostly(ISO), st.sampled_from([None, True, False]), st.booleans())
def test_plain_iso_dates_read_as_the_general_reading_reads_them(s, day_first, keep_time):
    _assert_same(_parse_dates(s, day_first, keep_time), _parse_dates(s, day_first, keep_time, fast=False))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mostly(PLAIN), st.booleans())
def test_plain_numbers_read_as_the_general_reading_reads_them(s, money):
    _assert_same(_parse_numeric_cells(s, money), _parse_numeric_cells(s, money, fast=False))


def test_the_fast_readings_are_taken_for_clean_columns():
    dates = pd.Series(["2024-01-31", None, "2024-02-01 10:00"], dtype=object)
    assert _parse_dates(dates, None, False).info == ("Times of day were dropped: each value counts on its calendar "
                                                     "date as written.",)
    numbers = pd.Series(["-0", "12.50", None], dtype=object)
    got = _parse_numeric_cells(numbers, True).values
    assert got.tolist()[:2] == [0.0, 12.5] and np.signbit(got.iloc[0])
