"""The fast readings of the usual columns — plain ISO dates, ISO times with a zone, US dates, plain numbers, dollar
amounts — give exactly what the general readings give (values, unreadable cells, far-off dates, notes, currency), on
generated columns mixing them with each other and with every other way of writing a cell."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import csm.amounts
import csm.dates
from csm.amounts import _parse_numeric_cells
from csm.dates import _parse_dates
from tests.test_fuzz_tables import cell

ISO = st.sampled_from(["2024-01-31", "2024-02-29", "2023-02-29", "2024-01-31 13:45", "2024-01-31 00:00:00",
                       " 2024-03-01 ", "1699-12-31", "1700-01-01", "2199-12-31", "2200-01-01", "9999-12-31",
                       "2024-01-31 10:00Z", "2024-13-01"])
PLAIN = st.sampled_from(["12", "-3", "1250.50", "0.1", "-0.0", "007", "99999999999999999999", "1.234", " 5 ", "-0",
                         "1,200", "5.", ".5", "١٢", "- 5", "1e3"])
ZONED = st.sampled_from(["2024-03-05T14:22:31Z", "2024-03-05T00:00:31+02:00", "2024-03-05T00:00Z",
                         "2024-03-05T14:22:31.123-05:00", "2024-03-05 14:22:31 +0000", "2024-03-05 14:22+0530",
                         "2024-03-05T14:22:31", "2024-03-05T00:00:00", "2024-03-05T14:22:31-05", "2024-03-05T14:22Z",
                         "2024-02-29T23:59:59+10:00", "2023-02-29T10:00:00Z", "2024-03-05T24:00:00Z",
                         "2024-03-05T14:60:00Z", "2024-03-05T14:22:60Z", "2024-03-05t14:22:31z", "2024-03-05T14:22:31,5Z",
                         "2199-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "1699-12-31T10:00:00Z", "1700-01-01T00:00Z",
                         "2024-03-05T4:22:31Z", "2024-03-05 14:22:31 Z", "2024-03-05T14:22:31+02:00:00", " 2024-03-05T14:22Z ",
                         "2024-01-31", "2024-01-31 00:00:30", "2024-01-31 13:45"])
US = st.sampled_from(["03/05/2024", "12/31/2024", "31/12/2024", "3/5/2024", "02/30/2024", "13/13/2024", "03/05/24",
                      "03-05-2024", "01/01/1699", "01/01/1700", "01/01/2200", "12/31/2199", "00/10/2024", "10/00/2024",
                      "003/05/2024", " 07/04/2024 ", "07/04/2024 10:00", "2024-07-04"])
DOLLARS = st.sampled_from(["$1,250.00", "-$30.00", "($30.00)", "$0.00", "-$0.00", "(0.00)", "$1,250", "1,250.00",
                           "$12", "12", "-7.5", "$.50", "$1,25.00", "$ 5.00", "$-5.00", "-($5)", "US$5", "5$",
                           "$1,234,567.89", "$99,999,999,999,999,999.00", "(-$5.00)", "$1.234", "$1,234.5", "1.234.567",
                           "$5.", "€5.00", "$1,2345.00", "($30.00", "+$3"])
NATIVE = st.sampled_from([45_000, 45_000.5, 20240131, 3, True, dt.date(2024, 1, 31), dt.datetime(2024, 1, 31, 10, 30),
                          dt.datetime(2024, 1, 31, 10, 30, tzinfo=dt.UTC), pd.Timestamp("2024-01-31 00:00:05"),
                          np.nan, float("inf")])
BLANK = st.sampled_from(["", "  ", None])


def _mostly(common):
    return st.lists(st.one_of(common, common, common, BLANK, cell()), min_size=1, max_size=12).map(
        lambda cells: pd.Series(cells, dtype=object))


def _mixed(*common):
    """Columns of the given shapes, mostly (so that whole columns of them come often), with blanks, other text
    cells and native cells; named as a table's column is."""
    shapes = st.one_of(*common)
    return st.lists(st.one_of(shapes, shapes, shapes, shapes, BLANK, cell(), NATIVE), min_size=1, max_size=12).map(
        lambda cells: pd.Series(cells, dtype=object, name="Column"))


def _weights(s: pd.Series, counts: list[int]) -> pd.Series:
    """Rows per cell, as when `s` holds a column's distinct cells."""
    return pd.Series((counts * len(s))[: len(s)], dtype=np.int64)


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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mixed(ZONED, ISO), st.sampled_from([None, True, False]), st.booleans())
def test_iso_times_with_zones_read_as_the_general_reading_reads_them(s, day_first, keep_time):
    _assert_same(_parse_dates(s, day_first, keep_time), _parse_dates(s, day_first, keep_time, fast=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(ZONED, ZONED, BLANK), min_size=1, max_size=12).map(lambda c: pd.Series(c, dtype=object)),
       st.booleans())
def test_a_column_of_zoned_times_reads_as_the_general_reading_reads_it(s, keep_time):
    """A column whose first filled cell is a zoned time is looked at as zoned times first (clean_dates.zoned_only);
    whether or not the rest are, it reads as the general reading reads it."""
    _assert_same(_parse_dates(s, None, keep_time), _parse_dates(s, None, keep_time, fast=False))


UTC = st.builds("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format, st.sampled_from([1699, 1700, 2023, 2024, 2199, 2200]),
                st.integers(0, 13), st.integers(0, 32), st.integers(0, 24), st.integers(0, 60), st.integers(0, 60)
                ) | st.sampled_from(["2024-03-05T14:22:31Z", "2024-03-05T00:00:00Z", "2024-03-05t14:22:31Z",
                                     "2024-03-05T14:22:31z", "2024/03/05T14:22:31Z", "2024-03-05T14:22:3١Z",
                                     "2024-03-05 14:22:31Z", "2024-03-05T14:22:31+", "2024-03-05T14-22:31Z",
                                     "2024-03-05T14:22:31+02:00", "2024-03-05T23:22:31-05:00", "2024-03-05T14:22:31+0200",
                                     "2024-03-05T14:22:31*02:00", "2024-03-05T14:22:31+02-00", "2024-03-05T14:22:31+0a:00",
                                     "2024-03-05T14:22:31+02:00Z", "2024-03-05T14:22:31 +02:0", "2024-03-05T14:22:31+02:00:00",
                                     "2024-03-05T14:22:31Zé", "2024-03-05T14:22é"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(UTC, UTC, UTC, UTC, BLANK, ZONED), min_size=1, max_size=12).map(
    lambda c: pd.Series(c, dtype=object)), st.booleans())
def test_event_times_read_from_their_bytes_as_the_general_reading_reads_them(s, keep_time):
    """clean_dates.event_times reads 2024-03-05T14:22:31Z cells from their bytes; every other cell (a day or time
    that is none, another layout, a digit of another script) sends the column the usual way."""
    _assert_same(_parse_dates(s, None, keep_time), _parse_dates(s, None, keep_time, fast=False))


def test_an_event_logs_timestamps_are_not_looked_at_as_plain_iso_dates(monkeypatch):
    import csm.clean_dates

    looked = []
    monkeypatch.setattr(csm.dates, "iso_text_dates", lambda text: looked.append(1) or csm.clean_dates.iso_text_dates(text))
    s = pd.Series(["2024-03-05T14:22:31Z", None, "2024-03-06T00:00:00+02:00"], dtype=object)
    with monkeypatch.context() as m:  # read from the bytes (clean_dates.event_times): no pattern matched
        m.setattr(csm.dates, "zoned_only", lambda *_: pytest.fail("the zoned times were matched cell by cell"))
        assert _parse_dates(s, None, True).values.tolist()[::2] == [pd.Timestamp("2024-03-05 14:22:31"),
                                                                     pd.Timestamp("2024-03-06")]
    s = pd.Series(["2024-03-05T14:22:31Z", None, "2024-03-06T00:00:00+0100"], dtype=object)  # another offset
    assert _parse_dates(s, None, False).values.tolist()[::2] == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-06")]
    assert looked == []
    _parse_dates(pd.Series(["2024-03-05T14:22:31Z", "2024-03-06"], dtype=object), None, False)
    assert looked == [1]  # one plain ISO date among them: the usual way
    for empty in ([], [None, " "]):  # no filled cell to look at first (a table of no rows: the command line's answer)
        s = pd.Series(empty, dtype=object)
        _assert_same(_parse_dates(s, None, False), _parse_dates(s, None, False, fast=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mixed(US), st.sampled_from([None, True, False]), st.booleans(), st.lists(st.integers(1, 9), min_size=1),
       st.sampled_from([None, "as the table's amounts are written with a decimal comma (1.200,50)"]))
def test_us_dates_read_as_the_general_reading_reads_them(s, day_first, keep_time, counts, why):
    weights = _weights(s, counts)  # the vote on the order counts rows, as over a column's distinct cells
    _assert_same(_parse_dates(s, day_first, keep_time, weights, why=why),
                 _parse_dates(s, day_first, keep_time, weights, fast=False, why=why))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mixed(DOLLARS, PLAIN), st.booleans())
def test_dollar_amounts_read_as_the_general_reading_reads_them(s, money):
    _assert_same(_parse_numeric_cells(s, money), _parse_numeric_cells(s, money, fast=False))


def test_the_company_exports_columns_take_the_fast_readings(monkeypatch):
    """bench/make_company.py's shapes never reach the general readings (their patterns are not run)."""
    def general(*_):
        raise AssertionError("the general reading ran")

    monkeypatch.setattr(csm.dates, "_date_parts", general)
    monkeypatch.setattr(csm.amounts, "_split_amount", general)
    zoned = pd.Series(["2024-03-05T14:22:31Z", "2024-03-05T23:10:00+02:00", None], dtype=object)
    got = _parse_dates(zoned, None, False)
    assert got.values.tolist()[:2] == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-05")]
    assert got.info == ("Time zones were dropped: each time is read as the wall-clock time written (METRICS.md: "
                        "calendar dates).", "Times of day were dropped: each value counts on its calendar date as "
                        "written.")
    assert _parse_dates(zoned, None, True).values[1] == pd.Timestamp("2024-03-05 23:10")
    us = _parse_dates(pd.Series(["03/05/2024", "12/31/2024", ""], dtype=object), None, False)
    assert us.values.tolist()[:2] == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-12-31")] and us.info == ()
    money = _parse_numeric_cells(pd.Series(["$1,250.00", "-$30.00", "($30.00)", None], dtype=object), True)
    assert money.values.tolist()[:3] == [1250.0, -30.0, -30.0] and money.currency == "USD"


def test_the_fast_readings_are_taken_for_clean_columns():
    dates = pd.Series(["2024-01-31", None, "2024-02-01 10:00"], dtype=object)
    assert _parse_dates(dates, None, False).info == ("Times of day were dropped: each value counts on its calendar "
                                                     "date as written.",)
    numbers = pd.Series(["-0", "12.50", None], dtype=object)
    got = _parse_numeric_cells(numbers, True).values
    assert got.tolist()[:2] == [0.0, 12.5] and np.signbit(got.iloc[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mixed(US, ZONED, ISO, st.sampled_from(["1.2.2024", "13-1-24", "١٢/٠١/٢٠٢٤", "1/13/2024 10:00 pm", "31 Jan 2024"])))
def test_the_date_order_looks_only_at_cells_that_can_be_numeric_dates(s):
    """date_order_evidence leaves out the cells that cannot be numeric dates (ISO times, month names) before
    parsing: the same evidence as parsing every cell."""
    from csm.cells import text_of, type_masks
    from csm.dates import _date_parts, _order_evidence, date_order_evidence

    every_cell = _order_evidence(_date_parts(text_of(s, type_masks(s)["str"])))
    assert date_order_evidence(s) == every_cell
