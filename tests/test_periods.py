"""csm.periods: the whole date range as one period ("all"), compared with the range of equal length before it.

The flow identity E(P) = S(next P) holds across the two ranges, and the counts of a whole range equal those of its
months put together where they add up (new, churned) or are read at its ends (customers at start and end)."""
from __future__ import annotations

import datetime as dt
import doctest

import numpy as np
import pytest

from csm import periods
from csm.engine import Analysis, Settings
from csm.errors import OptionError
from csm.metrics import REGISTRY
from csm.periods import make_periods
from csm.views.period_choice import comparison_index

from .conftest import dataset, frame


def test_the_module_examples_hold():
    assert doctest.testmod(periods).failed == 0


def test_a_whole_range_is_one_period_after_the_range_before_it():
    p = make_periods("all", dt.date(2024, 7, 1), dt.date(2024, 12, 31), earliest=dt.date(2020, 1, 1))
    assert p.labels == ("2023-12-30 – 2024-06-30", "2024-07-01 – 2024-12-31")
    assert list(p.days) == [184, 184] and p.ends[0] == p.starts[1]
    assert comparison_index(p, 1, "previous") == 0 and comparison_index(p, 1, "year") is None
    np.testing.assert_allclose(p.months, [184 / (365.25 / 12)] * 2)
    alone = make_periods("all", dt.date(2024, 7, 1), dt.date(2024, 12, 31), earliest=dt.date(2024, 3, 1))
    assert alone.labels == ("2024-07-01 – 2024-12-31",) and comparison_index(alone, 0, "previous") is None
    with pytest.raises(OptionError, match="before the start date"):
        make_periods("all", dt.date(2024, 7, 1), dt.date(2024, 6, 30))


def test_a_whole_range_counts_what_its_months_count():
    subs = frame([("a", "2024-01-10", "2024-03-05", 10.0), ("b", "2024-02-01", None, 20.0),
                  ("c", "2024-04-15", "2024-05-20", 5.0), ("d", "2023-11-01", None, 7.0)],
                 "customer_id start_date end_date mrr")
    ds = dataset(subscriptions=subs)
    whole = Analysis(ds, Settings(granularity="all", start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)))
    months = Analysis(ds, Settings(granularity="month", start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)))
    assert whole.periods.labels == ("2024-01-01 – 2024-06-30",)  # the data starts 2023-11-01: no earlier half-year
    w, m = whole.counts, months.counts
    assert (w.S[0], w.E[0]) == (m.S[0], m.E[-1]) == (1, 2)
    assert w.N[0] == m.N.sum() == 3 and w.C[0] == m.C.sum() == 2
    churn = REGISTRY["customer_churn_rate"].compute(whole).points[0]
    assert (churn.numerator, churn.denominator, churn.value) == (2, 1, 200.0)
