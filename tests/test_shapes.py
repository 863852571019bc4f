"""Every shape a real export comes in: several tables of one kind, churn-event logs, satisfaction on tickets, first
response times, units, and snapshot customer lists — through the real readers, guess and loader.

The third-party figures are recomputed here with plain pandas from the files themselves (never copied from csm);
the small tables are computed by hand in the comments.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csm.engine import Analysis, Settings
from csm.loading import load, read_sources
from csm.mapping import Mapping, TableMapping
from csm.metrics.registry import compute
from csm.snapshot import churn_by, kaplan_meier, snapshot_figures, tenure_survival

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RAVEN = SHARED / "ravenstack"
TELCO = SHARED / "telco" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
needs_shared = pytest.mark.skipif(not RAVEN.exists(), reason="../shared/data is not here")


def _load(files: dict[str, bytes], mapping: Mapping | None = None):
    return load(read_sources(list(files.items())), mapping)


# ---------------------------------------------------------------------------------------------------------------
# RavenStack's five files, uploaded as they are
# ---------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def raven():
    return load(read_sources(sorted(str(p) for p in RAVEN.glob("*.csv"))))


@needs_shared
def test_ravenstack_churn_events_are_their_own_table_and_no_customer_loses_an_attribute(raven):
    kinds = {t.label: t.kind for t in raven.report.tables}
    assert kinds["ravenstack_churn_events.csv"] == "churn_events"
    customers = raven.tables["customers"]
    accounts = pd.read_csv(RAVEN / "ravenstack_accounts.csv")
    assert len(customers) == len(accounts) == 500
    assert customers["name"].notna().all() and customers["segment"].notna().all()
    assert len(raven.tables["churn_events"]) == 600


@needs_shared
def test_ravenstack_devtools_filter_keeps_every_devtools_account(raven):
    accounts = pd.read_csv(RAVEN / "ravenstack_accounts.csv")
    devtools = int((accounts["industry"] == "DevTools").sum())  # 113
    a = Analysis(raven, Settings(filters=(("segment", ("DevTools",)),), start=dt.date(2024, 12, 1),
                                 end=dt.date(2024, 12, 31)))
    assert a.churn_event == "subscription"
    assert compute(a, "customers_end").points[-1].value == devtools == 113


@needs_shared
def test_ravenstack_customer_dates_churn_counts_the_churn_events_of_each_month(raven):
    events = pd.read_csv(RAVEN / "ravenstack_churn_events.csv", parse_dates=["churn_date"])
    signup = pd.read_csv(RAVEN / "ravenstack_accounts.csv", parse_dates=["signup_date"]).set_index("account_id")
    events = events[events["churn_date"] > events["account_id"].map(signup["signup_date"])]  # a day as a customer
    a = Analysis(raven, Settings(churn_event="customer_dates", start=dt.date(2024, 10, 1), end=dt.date(2024, 12, 31)))
    churned = compute(a, "churned_customers")
    for point, month in zip(churned.points, ("2024-10", "2024-11", "2024-12"), strict=True):
        in_month = events[events["churn_date"].dt.strftime("%Y-%m") == month]
        assert point.value == in_month["account_id"].nunique(), month
    assert [p.value for p in churned.points] == [60, 60, 96]
    counted = compute(a, "churn_events")
    assert [p.value for p in counted.points] == [66, 68, 117]  # events, a customer leaving twice counted twice
    assert sum(v[-1] for k, v in counted.extra.items() if k.startswith("reason:")) == 117
    assert any("3 churn events are of customers with no signup date, or dated on or before the signup" in n
               for n in raven.report.notes)


@needs_shared
def test_ravenstack_csat_comes_from_the_tickets_satisfaction_scores(raven):
    a = Analysis(raven, Settings(start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 31)))
    p = compute(a, "csat").points[-1]
    assert (p.numerator, p.denominator, round(p.value, 2)) == (40, 62, 64.52)
    assert p.worked == "40 responses ≥ 4 ÷ 62 responses (all on tickets) × 100 = 64.52 %"
    whole = compute(Analysis(raven, Settings(granularity="all")), "csat").points[-1]
    assert (whole.numerator, whole.denominator, round(whole.value, 2)) == (779, 1175, 66.30)


@needs_shared
def test_ravenstack_usage_seconds_become_minutes_and_first_response_is_the_median(raven):
    usage = pd.read_csv(RAVEN / "ravenstack_feature_usage.csv")
    assert np.allclose(np.sort(raven.tables["usage"]["minutes"].to_numpy()),
                       np.sort(usage["usage_duration_secs"].to_numpy() / 60))
    tickets = pd.read_csv(RAVEN / "ravenstack_support_tickets.csv", parse_dates=["submitted_at"], date_format="mixed")
    december = tickets[tickets["submitted_at"].dt.strftime("%Y-%m") == "2024-12"]
    a = Analysis(raven, Settings(start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 31)))
    p = compute(a, "first_response_minutes").points[-1]
    assert p.value == december["first_response_time_minutes"].median() == 98.5
    assert p.n == len(december)


# ---------------------------------------------------------------------------------------------------------------
# IBM Telco: a snapshot
# ---------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def telco():
    return Analysis(load(read_sources([str(TELCO)])))


@needs_shared
def test_telco_churn_over_the_snapshot(telco):
    figs = snapshot_figures(telco)
    rate = figs["snapshot_churn_rate"]
    assert (rate.numerator, rate.denominator, round(rate.value, 2)) == (1869, 7043, 26.54)
    raw = pd.read_csv(TELCO)
    assert figs["mrr_at_risk"].value == pytest.approx(raw.loc[raw["Churn"] == "Yes", "MonthlyCharges"].sum())
    assert figs["average_tenure"].value == pytest.approx(raw["tenure"].mean())
    # the 11 TotalCharges cells holding a single space: left out of the average and said, not fatal
    paid = pd.to_numeric(raw["TotalCharges"].str.strip().replace("", None))
    per = figs["average_total_charges"]
    assert (per.denominator, per.value) == (7032, pytest.approx(paid.mean()))
    assert per.worked == "16,056,168.7 ÷ 7,032 customers = 2,283.3 (11 blank left out)"


@needs_shared
def test_telco_churn_by_contract_matches_pandas(telco):
    raw = pd.read_csv(TELCO)
    expected = raw.groupby("Contract")["Churn"].agg(customers="size", churned=lambda s: int((s == "Yes").sum()))
    got = churn_by(telco, "plan").set_index("plan")
    assert got[["customers", "churned"]].to_dict() == expected.to_dict()
    assert got["rate"].round(2).to_dict() == {"Month-to-month": 42.71, "One year": 11.27, "Two year": 2.83}


@needs_shared
def test_telco_tenure_survival_is_the_product_limit_estimate_at_every_tenure(telco):
    raw = pd.read_csv(TELCO)
    km = tenure_survival(telco).set_index("tenure")
    s = 1.0
    for t in sorted(raw["tenure"].unique()):  # the estimator written out, one tenure at a time
        at_risk = int((raw["tenure"] >= t).sum())
        died = int(((raw["tenure"] == t) & (raw["Churn"] == "Yes")).sum())
        s *= 1 - died / at_risk
        assert (km.loc[t, "at_risk"], km.loc[t, "churned"]) == (at_risk, died)
        assert km.loc[t, "survival"] == pytest.approx(s, abs=1e-12)


def test_kaplan_meier_of_nobody_is_empty():
    assert kaplan_meier(np.zeros(0), np.zeros(0, bool)).empty


def test_kaplan_meier_matches_a_hand_computed_table():
    # tenures 1, 2, 2, 3, 5, 5 with churn at 1, one of the 2s and one of the 5s:
    # t=1: 6 at risk, 1 churned → 5/6 = 0.8333; t=2: 5 at risk, 1 → 0.8333 × 4/5 = 0.6667;
    # t=3: 3 at risk, 0 → 0.6667; t=5: 2 at risk, 1 → 0.6667 × 1/2 = 0.3333
    km = kaplan_meier(np.array([1, 2, 2, 3, 5, 5]), np.array([True, True, False, False, True, False]))
    assert km["at_risk"].tolist() == [6, 5, 3, 2]
    assert km["churned"].tolist() == [1, 1, 0, 1]
    assert km["survival"].round(4).tolist() == [0.8333, 0.6667, 0.6667, 0.3333]


# ---------------------------------------------------------------------------------------------------------------
# Tables of one kind combined
# ---------------------------------------------------------------------------------------------------------------
def test_customers_tables_join_field_by_field_first_non_blank_wins_and_conflicts_are_reported():
    crm = b"Customer ID,Name,Segment,Signup date\nA,Acme,SMB,2024-01-05\nB,Bolt,,2024-02-01\nC,Cato,Enterprise,2024-03-01\n"
    billing = b"Customer ID,Plan,Segment\nB,Pro,Mid-market\nC,Basic,SMB\nD,Pro,SMB\n"
    ds = _load({"crm.csv": crm, "billing.csv": billing})
    c = ds.tables["customers"].set_index("customer_id").astype(object)
    c = c.where(c.notna(), None)
    assert sorted(c.index) == ["A", "B", "C", "D"]
    assert c["name"].to_dict() == {"A": "Acme", "B": "Bolt", "C": "Cato", "D": None}
    # B's segment is blank in crm.csv: billing.csv fills it; C's differs: crm.csv (first) wins, reported
    assert c["segment"].to_dict() == {"A": "SMB", "B": "Mid-market", "C": "Enterprise", "D": "SMB"}
    assert c["plan"].to_dict() == {"A": None, "B": "Pro", "C": "Basic", "D": "Pro"}  # a field only in the second table
    notes = " ".join(ds.report.notes)
    assert "segment: 1 customer with different values in different tables" in notes
    assert "C: Enterprise (crm.csv) vs SMB (billing.csv)" in notes


def test_stacked_tables_leave_out_a_record_exported_twice_and_list_it():
    jan = b"Customer,Invoice date,Amount\nA,2024-01-05,100\nB,2024-01-09,50\nB,2024-01-09,50\n"
    feb = b"Customer,Invoice date,Amount\nB,2024-01-09,50\nA,2024-02-05,100\n"
    ds = _load({"jan.csv": jan, "feb.csv": feb})
    t = ds.tables["transactions"]
    # jan.csv's two B rows are two purchases (one table keeps its own); feb.csv's B row repeats one of them
    assert sorted(t["amount"].tolist()) == [50, 50, 100, 100] and len(t) == 4
    rej = ds.report.rejects
    assert rej[["source", "row"]].values.tolist() == [["feb.csv", 2]]
    assert rej["reason"].iloc[0] == "the same record as row 3 of jan.csv"  # row 1 is the header
    assert "1 row of feb.csv repeats a record of an earlier table and is not counted twice" in ds.report.notes


def test_stacked_tables_with_a_field_only_one_of_them_has_stack_whole():
    """A second usage log without the feature column (a table the user set to usage by hand): its feature is
    blank, no record repeats one of the first table, and nothing fails comparing text with blanks."""
    first = b"Customer,Date,Feature,Count\nA,2024-01-05,reports,3\nB,2024-01-09,export,1\n"
    second = b"Customer,Date,Count\nA,2024-01-05,3\nC,2024-02-01,2\n"
    mapping = {"tables": [
        {"source": "one.csv", "kind": "usage", "columns": {"customer_id": "Customer", "date": "Date",
                                                           "feature": "Feature", "minutes": "Count"}},
        {"source": "two.csv", "kind": "usage", "columns": {"customer_id": "Customer", "date": "Date",
                                                           "minutes": "Count"}}]}
    ds = _load({"one.csv": first, "two.csv": second}, Mapping.loads(json.dumps(mapping)))
    u = ds.tables["usage"]
    assert u[["customer_id", "minutes"]].values.tolist() == [["A", 3], ["B", 1], ["A", 3], ["C", 2]]
    assert u["feature"].tolist()[:2] == ["reports", "export"] and u["feature"].iloc[2:].isna().all()
    assert ds.report.rejects.empty


# ---------------------------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------------------------
def test_units_are_guessed_from_headers_and_converted():
    usage = b"Account,Day,Duration (hrs)\nA,2024-01-05,1.5\nB,2024-01-06,0.25\n"
    subs = b"Account,Start,amount_cents,Billing period\nA,2024-01-01,12000,year\nB,2024-01-01,4900,month\n"
    ds = _load({"usage.csv": usage, "subs.csv": subs})
    assert {t.source: t.units for t in ds.mapping.tables} == {"usage.csv": {"minutes": "hours"},
                                                             "subs.csv": {"amount": "cents"}}
    assert ds.tables["usage"]["minutes"].tolist() == [90.0, 15.0]
    assert sorted(ds.tables["subscriptions"]["amount"].tolist()) == [49.0, 120.0]
    a = Analysis(ds, Settings(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31)))
    assert compute(a, "mrr").points[0].value == pytest.approx(120 / 12 + 49)  # $120 a year + $49 a month
    notes = [n for t in ds.report.tables for n in t.notes]
    assert "Duration (hrs) is read in hours and converted into minutes (× 60) for minutes" in notes
    assert "amount_cents is read in cents and converted into units (÷ 100) for amount" in notes


def test_a_unit_set_in_the_mapping_wins_and_round_trips():
    usage = b"Account,Day,Time used\nA,2024-01-05,120\n"
    tm = TableMapping("usage.csv", None, "usage", {"customer_id": "Account", "date": "Day", "minutes": "Time used"})
    m = Mapping((tm.with_unit("minutes", "seconds"),))
    assert Mapping.loads(m.dumps()) == m and m.to_json()["tables"][0]["units"] == {"minutes": "seconds"}
    ds = _load({"usage.csv": usage}, m)
    assert ds.tables["usage"]["minutes"].tolist() == [2.0]
    assert tm.with_unit("minutes", "seconds").with_unit("minutes", "minutes").units == {}


def test_a_mapping_with_a_unit_a_field_cannot_have_is_refused():
    from csm.errors import MappingError

    bad = '{"tables": [{"source": "u.csv", "kind": "usage", "columns": {"minutes": "T"}, "units": {"minutes": "cents"}}]}'
    with pytest.raises(MappingError, match="minutes cannot be written in 'cents'; its units are minutes"):
        Mapping.loads(bad)


@needs_shared
def test_the_data_report_says_what_each_table_feeds_and_which_columns_fed_nothing(raven, telco):
    from csm.views.data_report import uses_frame

    uses = uses_frame(raven, Analysis(raven)).set_index("table")
    assert uses.loc["ravenstack_churn_events.csv", "feeds"] == "Churn events"
    assert uses.loc["ravenstack_churn_events.csv", "columns not used"] == (
        "churn_event_id, refund_amount_usd, preceding_upgrade_flag, preceding_downgrade_flag, is_reactivation")
    tickets = uses.loc["ravenstack_support_tickets.csv", "feeds"]
    assert tickets.startswith("CSAT (the satisfaction answered on tickets)") and "First response time" in tickets
    assert "Customers at end" not in uses.loc["ravenstack_accounts.csv", "feeds"]  # the churn event reads subscriptions
    assert "Customers at end" in uses.loc["ravenstack_subscriptions.csv", "feeds"]
    dates = uses_frame(raven, Analysis(raven, Settings(churn_event="customer_dates"))).set_index("table")
    assert "Customers at end" in dates.loc["ravenstack_accounts.csv", "feeds"]
    assert "Churned customers" in dates.loc["ravenstack_churn_events.csv", "feeds"]
    snap = uses_frame(telco.dataset, telco).set_index("table").iloc[0]
    assert snap["feeds"] == "Churn rate (snapshot), Average tenure, MRR at risk, Revenue per customer"
    assert "PaymentMethod" in snap["columns not used"] and "customerID" not in snap["columns not used"]


@needs_shared
def test_the_command_line_reports_a_snapshot(capsys):
    import json

    from csm.cli import main

    assert main(["report", str(TELCO), "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["periods"] == []
    point = obj["metrics"]["snapshot_churn_rate"]["series"][0]
    assert (point["period"], point["numerator"], point["denominator"]) == ("snapshot", 1869, 7043)
    assert point["worked"] == "1,869 churned ÷ 7,043 customers × 100 = 26.54 %"
    by_contract = {r["plan"]: (r["customers"], r["churned"]) for r in obj["snapshot"]["churn_by"]["plan"]}
    assert by_contract == {"Month-to-month": (3875, 1655), "One year": (1473, 166), "Two year": (1695, 48)}
    km = obj["snapshot"]["tenure_survival"]
    assert (km[0]["tenure"], km[0]["at_risk"], km[-1]["tenure"]) == (0, 7043, 72)
    assert main(["report", str(TELCO), "--format", "table"]) == 0
    assert "Churn rate (snapshot)       26.54 %" in capsys.readouterr().out


@needs_shared
def test_a_dated_report_keeps_the_snapshot_figures_apart_from_the_periods(capsys):
    from csm.cli import main

    files = [str(p) for p in sorted(RAVEN.glob("*.csv"))]
    assert main(["report", *files, "--format", "table", "--start", "2024-12-01", "--end", "2024-12-31"]) == 0
    out = capsys.readouterr().out
    block = out.split("snapshot (the customers' churned flag, over the whole list)\n")[1]
    assert block.startswith("Churn rate (snapshot)") and "22 %" in block.splitlines()[0]


@needs_shared
def test_the_responses_list_says_which_answers_came_from_tickets(raven):
    from csm.views.surveys import survey_responses

    a = Analysis(raven, Settings(start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 31)))
    r = survey_responses(a, "csat", 0)
    assert len(r) == 62 and set(r["from"]) == {"ticket"}


def test_a_billing_period_written_as_a_count_and_a_unit_divides_the_amount():
    # Recurly: 990 for 12 months = 82.50 a month; 49 for 1 month = 49; Stripe: 300 every 3 months = 100
    recurly = (b"account_code,unit_amount,activated_at,plan_interval_length,plan_interval_unit\n"
               b"globex,990.00,2024-01-19,12,months\nacme,49.00,2024-01-04,1,months\n")
    ds = _load({"subscriptions-export.csv": recurly})
    assert ds.mapping.tables[0].columns["billing_count"] == "plan_interval_length"
    mrr = ds.tables["subscriptions"].set_index("customer_id")["mrr"].to_dict()
    assert mrr == {"globex": 82.5, "acme": 49.0}
    # the unit without its count is no billing period: left unmapped rather than a 12× error on the yearly plan
    alone = b"account_code,unit_amount,activated_at,plan_interval_unit\nglobex,990.00,2024-01-19,months\n"
    assert "billing_period" not in _load({"subscriptions-export.csv": alone}).mapping.tables[0].columns
    bad = b"Customer,Start,Amount,Billing period,Billing period unit\nA,2024-01-01,300,0,month\nB,2024-01-01,90,3,month\n"
    ds = _load({"subs.csv": bad})
    assert ds.tables["subscriptions"]["mrr"].tolist() == [30.0]
    assert ds.report.rejects["reason"].tolist() == ["the billing period count must be a whole number of 1 or more"]
