"""The churn variants table: one row per variant, and its counts agree with its customers in every period."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings

from csm.activity import period_members
from csm.churn_variants import NAMES, VARIANTS, variant
from csm.engine import CHURN_VARIANTS, Analysis, Settings
from csm.errors import OptionError
from csm.settings import OPTIONS

from .conftest import dataset, frame
from .test_customer_counts import analysis, one_change_per_period


def test_names_are_the_seven_in_their_order_everywhere():
    assert NAMES == ("start", "start_cohort", "acquired", "total", "average", "customer_days", "end")
    assert CHURN_VARIANTS == NAMES
    assert OPTIONS["churn_variant"].choices == NAMES  # the setting, its flag and its control offer the table's rows
    assert all(v.name == k and v.numerator and v.denominator and v.undefined_why for k, v in VARIANTS.items())


def test_only_the_number_denominators_carry_a_note():
    assert [v.name for v in VARIANTS.values() if not v.denominator_is_set] == ["average", "customer_days"]


def test_unknown_variant_is_a_sentence():
    with pytest.raises(OptionError, match="churn variant must be one of start, start_cohort"):
        variant("median")


def _members_agree(a: Analysis) -> None:
    c = a.counts
    for i in range(len(a.periods.labels)):
        m = period_members(a.intervals, a.periods, i)
        for v in VARIANTS.values():
            num, den, _, _ = v.parts(c)
            assert len(v.numerator_members(m)) == num[i], (v.name, i)
            if v.denominator_is_set:
                assert len(v.denominator_members(m)) == den[i], (v.name, i)


def test_members_match_the_counts_by_hand():
    _members_agree(analysis())


@settings(max_examples=30, deadline=None)
@given(one_change_per_period())
def test_members_match_the_counts(rows):
    assume(rows)
    subs = frame(rows, "customer_id start_date end_date mrr")
    _members_agree(Analysis(dataset(subscriptions=subs), Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))))
