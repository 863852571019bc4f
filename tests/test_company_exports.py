"""bench/make_company.py's five exports (issue 15's 100k-customer company), written small: the guess maps each file's
kind and fields as its headers say, and every date and amount column takes a fast reading (the general readings'
patterns never run), giving what the general readings give."""
from __future__ import annotations

import pandas as pd
import pytest

import csm.amounts
import csm.dates
from bench.make_company import make
from csm.guess import guess_mapping
from csm.loading import load, read_sources

EXPECTED = {  # file → kind, survey type, fields as the tools' headers name them
    "customers.csv": ("customers", None, {
        "customer_id": "Customer ID", "name": "Name", "signup_date": "Created (UTC)", "plan": "Plan",
        "segment": "Segment", "owner": "Account Owner", "churn_date": "Canceled At"}),
    "subscriptions.csv": ("subscriptions", None, {
        "subscription_id": "Subscription ID", "customer_id": "Customer ID", "plan": "Plan",
        "billing_period": "Interval", "amount": "Amount", "start_date": "Created (UTC)", "end_date": "Canceled At"}),
    "invoices.csv": ("transactions", None, {
        "transaction_id": "Invoice Number", "customer_id": "Customer ID", "date": "Date", "amount": "Amount"}),
    "nps.csv": ("surveys", "nps", {
        "customer_id": "Customer ID", "score": "How likely are you to recommend us to a friend or colleague?",
        "comment": "Comment", "date": "Submitted At"}),
    "usage.csv": ("usage", None, {"date": "Timestamp", "customer_id": "Customer ID", "feature": "Event"}),
}


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    out = tmp_path_factory.mktemp("company")
    make(out, scale=0.03)  # 3,000 customers, 54,000 usage events
    return sorted(out.glob("*.csv"))


def test_the_five_exports_are_guessed_as_their_headers_say(company):
    mapping = guess_mapping(read_sources(company))
    got = {t.source: (t.kind, t.survey_type, t.columns) for t in mapping.tables}
    assert got == EXPECTED


def test_the_five_exports_take_the_fast_readings_and_read_as_the_general_ones(company, monkeypatch):
    calls = {"dates": 0, "amounts": 0}
    fast_dates, fast_amounts = csm.dates._parse_dates, csm.amounts._parse_numeric_cells

    def general_dates(*args, **kwargs):
        slow = fast_dates(*args, **kwargs, fast=False)
        got = fast_dates(*args, **kwargs)
        for a, b in ((got.values, slow.values), (got.bad, slow.bad), (got.far, slow.far)):
            pd.testing.assert_series_equal(a, b, check_exact=True)
        assert got.info == slow.info
        calls["dates"] += 1
        return got

    def general_amounts(*args, **kwargs):
        slow = fast_amounts(*args, **kwargs, fast=False)
        got = fast_amounts(*args, **kwargs)
        pd.testing.assert_series_equal(got.values, slow.values, check_exact=True)
        pd.testing.assert_series_equal(got.bad, slow.bad)
        assert (got.info, got.currency) == (slow.info, slow.currency)
        calls["amounts"] += 1
        return got

    monkeypatch.setattr(csm.dates, "_parse_dates", general_dates)
    monkeypatch.setattr(csm.amounts, "_parse_numeric_cells", general_amounts)
    ds = load(read_sources(company))  # read afresh: a table keeps its normalised copy beside it
    assert calls["dates"] >= 7 and calls["amounts"] >= 2
    assert ds.report.rows_rejected == 0

    monkeypatch.setattr(csm.dates, "_parse_dates", fast_dates)
    monkeypatch.setattr(csm.amounts, "_parse_numeric_cells", fast_amounts)

    def general(*_):
        raise AssertionError("a general reading ran")

    monkeypatch.setattr(csm.dates, "_date_parts", general)
    monkeypatch.setattr(csm.amounts, "_split_amount", general)
    assert load(read_sources(company)).report.rows_rejected == 0
