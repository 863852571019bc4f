"""Guessing kinds, column mappings and links (csm.guess) from messy headers, values and the shared real data."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.guess import column_candidates, guess_mapping, guess_table, profile
from csm.headers import field_for_header, header_words, is_generic_header
from csm.mapping import Link, TableMapping
from csm.schema import KINDS, is_usable

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@dataclass(frozen=True)
class Raw:
    """A stand-in for csm.io.RawTable: the guesser only reads source, sheet and frame."""

    source: str
    sheet: str | None
    frame: pd.DataFrame


def table(source: str, columns: dict[str, list], sheet: str | None = None) -> Raw:
    """A table as CSV reading gives it: every value a string, blanks as None."""
    frame = pd.DataFrame({h: [None if v is None else str(v) for v in vs] for h, vs in columns.items()}, dtype=object)
    return Raw(source, sheet, frame)


# ---------------------------------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Monthly Fee ($)", ("monthly", "fee")),
        ("customerID", ("customer", "id")),
        ("CustomerID", ("customer", "id")),
        ("MonthlyCharges", ("monthly", "charges")),
        ("Cust #", ("customer",)),
        ("Start Dt", ("start", "date")),
        ("Cancelled On", ("canceled", "on")),
        ("Customer E-mail", ("customer", "email")),
        ("Date d'activation", ("date", "d", "activation")),
        ("Créé le", ("cree", "le")),
        ("refund_amount_usd", ("refund", "amount")),
        ("  Go-Live  ", ("go", "live")),
    ],
)
def test_header_words(header, words):
    assert header_words(header) == words


HEADERS = [
    # customer_id
    ("Cust #", "subscriptions", "customer_id"),
    ("Customer ID", "transactions", "customer_id"),
    ("CustomerID", "transactions", "customer_id"),
    ("Account", "subscriptions", "customer_id"),
    ("Account ID", "customers", "customer_id"),
    ("account_id", "tickets", "customer_id"),
    ("Client", "transactions", "customer_id"),
    ("Customer Email", "surveys", "customer_id"),
    ("Email", "customers", "customer_id"),
    ("Member No", "transactions", "customer_id"),
    ("master_id", "transactions", "customer_id"),
    ("customerID", "customers", "customer_id"),
    # subscriptions
    ("Start Dt", "subscriptions", "start_date"),
    ("Start", "subscriptions", "start_date"),
    ("Started", "subscriptions", "start_date"),
    ("Subscription start", "subscriptions", "start_date"),
    ("Begin date", "subscriptions", "start_date"),
    ("Activated on", "subscriptions", "start_date"),
    ("Cancelled On", "subscriptions", "end_date"),
    ("Canceled", "subscriptions", "end_date"),
    ("End", "subscriptions", "end_date"),
    ("End Dt", "subscriptions", "end_date"),
    ("Cancellation date", "subscriptions", "end_date"),
    ("Ended", "subscriptions", "end_date"),
    ("Churned on", "subscriptions", "end_date"),
    ("MRR", "subscriptions", "mrr"),
    ("Monthly Fee ($)", "subscriptions", "mrr"),
    ("Monthly fee", "subscriptions", "mrr"),
    ("Monthly amount", "subscriptions", "mrr"),
    ("mrr_amount", "subscriptions", "mrr"),
    ("Monthly recurring revenue", "subscriptions", "mrr"),
    ("MonthlyCharges", "subscriptions", "mrr"),
    ("Billing period", "subscriptions", "billing_period"),
    ("Billing frequency", "subscriptions", "billing_period"),
    ("Interval", "subscriptions", "billing_period"),
    ("Plan interval", "subscriptions", "billing_period"),
    ("Billing cycle", "subscriptions", "billing_period"),
    ("subscription_id", "subscriptions", "subscription_id"),
    # transactions
    ("Amount", "transactions", "amount"),
    ("Total", "transactions", "amount"),
    ("Price", "transactions", "amount"),
    ("Invoice total", "transactions", "amount"),
    ("Value", "transactions", "amount"),
    ("Paid", "transactions", "amount"),
    ("dollars", "transactions", "amount"),
    ("Revenue", "transactions", "amount"),
    ("Date", "transactions", "date"),
    ("Invoice date", "transactions", "date"),
    ("Order date", "transactions", "date"),
    ("Paid at", "transactions", "date"),
    ("Transaction date", "transactions", "date"),
    ("Recurring", "transactions", "recurring"),
    ("Is subscription", "transactions", "recurring"),
    ("Invoice #", "transactions", "transaction_id"),
    ("Order ID", "transactions", "transaction_id"),
    # customers
    ("Signup date", "customers", "signup_date"),
    ("Signed up", "customers", "signup_date"),
    ("Joined", "customers", "signup_date"),
    ("Created", "customers", "signup_date"),
    ("Customer since", "customers", "signup_date"),
    ("Registration date", "customers", "signup_date"),
    ("Churn date", "customers", "churn_date"),
    ("Churned", "customers", "churned"),  # a yes/no flag by its header; dates in it make it the churn date
    ("Churned on", "customers", "churn_date"),
    ("Cancelled On", "customers", "churn_date"),
    ("Left on", "customers", "churn_date"),
    ("Paid date", "customers", "paid_date"),
    ("Converted to paid", "customers", "paid_date"),
    ("First payment", "customers", "paid_date"),
    ("Upgrade date", "customers", "paid_date"),
    ("Kickoff", "customers", "onboarding_start"),
    ("Kick-off date", "customers", "onboarding_start"),
    ("Onboarding started", "customers", "onboarding_start"),
    ("Go-live", "customers", "onboarding_complete"),
    ("Onboarding completed", "customers", "onboarding_complete"),
    ("Live date", "customers", "onboarding_complete"),
    ("Plan", "customers", "plan"),
    ("Tier", "customers", "plan"),
    ("plan_tier", "customers", "plan"),
    ("Package", "customers", "plan"),
    ("Product", "customers", "plan"),
    ("Segment", "customers", "segment"),
    ("Industry", "customers", "segment"),
    ("Size", "customers", "segment"),
    ("Region", "customers", "segment"),
    ("Owner", "customers", "owner"),
    ("CSM", "customers", "owner"),
    ("Account manager", "customers", "owner"),
    ("Rep", "customers", "owner"),
    ("Name", "customers", "name"),
    ("Company", "customers", "name"),
    ("Customer name", "customers", "name"),
    ("account_name", "customers", "name"),
    # surveys
    ("Score", "surveys", "score"),
    ("Rating", "surveys", "score"),
    ("NPS", "surveys", "score"),
    ("How likely are you to recommend us to a friend or colleague?", "surveys", "score"),
    ("How satisfied were you with your support experience?", "surveys", "score"),
    ("How easy was it to get your issue resolved?", "surveys", "score"),
    ("satisfaction_score", "surveys", "score"),
    ("CSAT", "surveys", "score"),
    ("Survey", "surveys", "survey_type"),
    ("Survey type", "surveys", "survey_type"),
    ("Type", "surveys", "survey_type"),
    ("Comment", "surveys", "comment"),
    ("Why?", "surveys", "comment"),
    ("Feedback", "surveys", "comment"),
    ("Reason", "surveys", "comment"),
    ("What could we do better?", "surveys", "comment"),
    ("Submitted", "surveys", "date"),
    ("Response date", "surveys", "date"),
    ("Answered at", "surveys", "date"),
    ("Timestamp", "surveys", "date"),
    # tickets
    ("Created", "tickets", "created_at"),
    ("Opened", "tickets", "created_at"),
    ("submitted_at", "tickets", "created_at"),
    ("Created at", "tickets", "created_at"),
    ("Date opened", "tickets", "created_at"),
    ("Resolved", "tickets", "resolved_at"),
    ("Closed", "tickets", "resolved_at"),
    ("closed_at", "tickets", "resolved_at"),
    ("Solved at", "tickets", "resolved_at"),
    ("FCR", "tickets", "first_contact_resolved"),
    ("First contact resolution", "tickets", "first_contact_resolved"),
    ("Resolved on first contact", "tickets", "first_contact_resolved"),
    ("One touch", "tickets", "first_contact_resolved"),
    ("Replies", "tickets", "contacts"),
    ("Contacts", "tickets", "contacts"),
    ("Touches", "tickets", "contacts"),
    ("Number of replies", "tickets", "contacts"),
    ("Agent", "tickets", "agent"),
    ("Assignee", "tickets", "agent"),
    ("Handled by", "tickets", "agent"),
    ("Ticket #", "tickets", "ticket_id"),
    ("ticket_id", "tickets", "ticket_id"),
    # usage
    ("usage_date", "usage", "date"),
    ("Event date", "usage", "date"),
    ("Day", "usage", "date"),
    ("Timestamp", "usage", "date"),
    ("User", "usage", "user_id"),
    ("User ID", "usage", "user_id"),
    ("Seat", "usage", "user_id"),
    ("Feature", "usage", "feature"),
    ("feature_name", "usage", "feature"),
    ("Event", "usage", "feature"),
    ("Action", "usage", "feature"),
    ("Module", "usage", "feature"),
    ("Minutes", "usage", "minutes"),
    ("Duration (min)", "usage", "minutes"),
    ("Time spent", "usage", "minutes"),
    ("usage_duration_secs", "usage", "minutes"),
    # costs
    ("Cost", "costs", "amount"),
    ("Expense", "costs", "amount"),
    ("Amount", "costs", "amount"),
    ("Category", "costs", "category"),
    ("Cost type", "costs", "category"),
    ("Department", "costs", "category"),
    # funnel
    ("Visitors", "funnel", "visitors"),
    ("Sessions", "funnel", "visitors"),
    ("Visits", "funnel", "visitors"),
    ("Conversions", "funnel", "conversions"),
    ("Signups", "funnel", "conversions"),
    ("Trials", "funnel", "conversions"),
    ("Orders", "funnel", "conversions"),
    # opportunities
    ("Type", "opportunities", "type"),
    ("Opportunity type", "opportunities", "type"),
    ("Deal type", "opportunities", "type"),
    ("Amount", "opportunities", "amount"),
    ("Value", "opportunities", "amount"),
    ("Close date", "opportunities", "date"),
]


@pytest.mark.parametrize(("header", "kind", "field"), HEADERS, ids=[f"{k}:{h}" for h, k, _ in HEADERS])
def test_messy_header_names_its_field(header, kind, field):
    assert field_for_header(header, kind) == field


@pytest.mark.parametrize("kind", list(KINDS))
def test_canonical_field_names_always_match(kind):
    for f in KINDS[kind].field_names:
        assert field_for_header(f, kind) == f
        assert field_for_header(f.upper(), kind) == f


@pytest.mark.parametrize(
    ("header", "kind"),
    [("seats", "subscriptions"), ("churn_event_id", "usage"), ("gender", "customers"), ("error_count", "usage")],
)
def test_unrelated_headers_name_no_field(header, kind):
    assert field_for_header(header, kind) is None


@pytest.mark.parametrize(
    ("header", "generic"),
    [("Column 3", True), ("Unnamed: 2", True), ("", True), ("B", True), ("col_4", True), ("Amount", False)],
)
def test_generic_headers(header, generic):
    assert is_generic_header(header) is generic


# ---------------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------------


def test_profile_sees_dates_money_scores_and_booleans():
    def p(values):
        return profile(pd.Series(values, dtype=object))

    assert p(["2024-01-31", "01/02/2024", "3 Mar 2024", "20240105", None]).date == 1.0
    assert p(["45292", "45300"]).date == 1.0  # Excel serial numbers
    assert p([pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]).text_date == 1.0
    money = p(["$1,200.00", "₦5,000", "(300)", "12.50"])
    assert (money.number, money.text_date) == (1.0, 0.0)
    assert money.currency == 0.5
    assert p(["0", "7", "10", "9"]).in_0_10 == 1.0
    assert p(["Y", "N", "yes", "TRUE", "0"]).boolean == 1.0
    assert p(["monthly", "Annual", "quarterly"]).period == 1.0
    assert p(["Expansion", "repurchase"]).opportunity == 1.0
    assert p([None, "", "  "]).n == 0


def test_a_date_column_without_dates_loses_to_one_with_dates():
    raw = table(
        "orders.csv",
        {
            "Customer": ["a1", "a2", "a3"],
            "Date": ["n/a", "pending", "see notes"],
            "Invoice date": ["2024-01-03", "2024-01-09", "2024-02-01"],
            "Total": ["10.00", "20.50", "7.25"],
        },
    )
    assert column_candidates(raw, "transactions", "date")[0] == "Invoice date"
    assert guess_table(raw).columns == {"customer_id": "Customer", "date": "Invoice date", "amount": "Total"}


def test_column_candidates_lists_every_column_best_first():
    raw = table(
        "subs.csv",
        {
            "Plan": ["Pro", "Basic"],
            "Monthly Fee ($)": ["$49.00", "$19.00"],
            "Cust #": ["001", "002"],
            "Start Dt": ["2024-01-01", "2024-02-01"],
        },
    )
    got = column_candidates(raw, "subscriptions", "mrr")
    assert got[0] == "Monthly Fee ($)"
    assert sorted(got) == sorted(raw.frame.columns)
    assert column_candidates(raw, "subscriptions", "customer_id")[0] == "Cust #"
    assert column_candidates(raw, "subscriptions", "start_date")[0] == "Start Dt"


# ---------------------------------------------------------------------------------------------------------------
# Whole tables: kind and complete column mapping
# ---------------------------------------------------------------------------------------------------------------

DATES = ["2024-01-05", "2024-02-11", "2024-03-02", "2024-03-20", "2024-04-07", "2024-05-19"]
US_DATES = ["01/05/2024", "02/11/2024", "03/02/2024", "03/20/2024", "04/07/2024", "05/19/2024"]
IDS = ["C001", "C002", "C003", "C001", "C004", "C002"]

TABLES = [
    (
        "nps survey with the question as header",
        table(
            "responses.csv",
            {
                "Timestamp": [f"{d} 10:15:00" for d in DATES],
                "Email": ["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com"],
                "How likely are you to recommend us to a friend or colleague?": ["9", "10", "6", "0", "8", "7"],
                "What could we do better?": ["faster support please", None, "the price is too high", "", "ok", None],
            },
        ),
        "surveys",
        {
            "date": "Timestamp",
            "customer_id": "Email",
            "score": "How likely are you to recommend us to a friend or colleague?",
            "comment": "What could we do better?",
        },
        "nps",
    ),
    (
        "subscriptions sheet with Cust #, Start Dt, Monthly Fee ($), Cancelled On",
        table(
            "billing.xlsx",
            {
                "Cust #": ["1001", "1002", "1003", "1004", "1005", "1006"],
                "Plan": ["Pro", "Basic", "Pro", "Team", "Basic", "Pro"],
                "Start Dt": US_DATES,
                "Monthly Fee ($)": ["$49.00", "$19.00", "$49.00", "$99.00", "$19.00", "$1,200.00"],
                "Cancelled On": [None, "06/01/2024", None, None, "07/15/2024", None],
            },
            sheet="Subs",
        ),
        "subscriptions",
        {
            "customer_id": "Cust #",
            "plan": "Plan",
            "start_date": "Start Dt",
            "mrr": "Monthly Fee ($)",
            "end_date": "Cancelled On",
        },
        None,
    ),
    (
        "annual billing: amount per period with the period",
        table(
            "contracts.csv",
            {
                "Account": IDS,
                "Started": DATES,
                "Ended": [None, None, "2024-12-31", None, None, None],
                "Price": ["1200", "600", "100", "1200", "49", "600"],
                "Billing cycle": ["annual", "annual", "monthly", "annual", "monthly", "Yearly"],
            },
        ),
        "subscriptions",
        {
            "customer_id": "Account",
            "start_date": "Started",
            "end_date": "Ended",
            "amount": "Price",
            "billing_period": "Billing cycle",
        },
        None,
    ),
    (
        "transactions: a customer, a date and an amount",
        table(
            "export.csv",
            {
                "Invoice #": ["INV-1", "INV-2", "INV-3", "INV-4", "INV-5", "INV-6"],
                "Client": IDS,
                "Invoice date": US_DATES,
                "Total": ["$120.00", "$80.50", "(30.00)", "$120.00", "$15.99", "$80.50"],
                "Recurring": ["Y", "Y", "N", "Y", "N", "Y"],
            },
        ),
        "transactions",
        {
            "transaction_id": "Invoice #",
            "customer_id": "Client",
            "date": "Invoice date",
            "amount": "Total",
            "recurring": "Recurring",
        },
        None,
    ),
    (
        "costs: a date, an amount and a category, no customer",
        table(
            "data.csv",
            {
                "Date": DATES,
                "Category": ["Salaries", "Tools", "Salaries", "Travel", "Tools", "Salaries"],
                "Amount": ["5,000.00", "300.00", "5,000.00", "812.40", "300.00", "5,250.00"],
            },
        ),
        "costs",
        {"date": "Date", "category": "Category", "amount": "Amount"},
        None,
    ),
    (
        "funnel: visitors and conversions per day",
        table(
            "weekly.csv",
            {
                "Week": DATES,
                "Sessions": ["1200", "1350", "990", "1500", "1420", "1610"],
                "Signups": ["30", "41", "22", "52", "40", "47"],
            },
        ),
        "funnel",
        {"date": "Week", "visitors": "Sessions", "conversions": "Signups"},
        None,
    ),
    (
        "opportunities: deal types",
        table(
            "crm_export.csv",
            {
                "Close date": DATES,
                "Customer": IDS,
                "Deal type": ["Expansion", "Repurchase", "Innovation", "Replacement", "Expansion", "Expansion"],
                "Value": ["10000", "2500", "7000", "1200", "3000", "800"],
            },
        ),
        "opportunities",
        {"date": "Close date", "customer_id": "Customer", "type": "Deal type", "amount": "Value"},
        None,
    ),
    (
        "tickets with FCR and an agent",
        table(
            "helpdesk.csv",
            {
                "Ticket #": ["101", "102", "103", "104", "105", "106"],
                "Customer ID": IDS,
                "Opened": [f"{d} 09:00" for d in DATES],
                "Solved at": [f"{d} 17:30" for d in DATES],
                "Assignee": ["Ann", "Bo", "Ann", "Cy", "Bo", "Ann"],
                "One touch": ["yes", "no", "yes", "yes", "no", "yes"],
            },
        ),
        "tickets",
        {
            "ticket_id": "Ticket #",
            "customer_id": "Customer ID",
            "created_at": "Opened",
            "resolved_at": "Solved at",
            "agent": "Assignee",
            "first_contact_resolved": "One touch",
        },
        None,
    ),
    (
        "usage events",
        table(
            "events.csv",
            {
                "Day": DATES,
                "Account ID": IDS,
                "User": ["u1", "u2", "u3", "u1", "u4", "u2"],
                "Action": ["login", "export", "login", "report", "login", "export"],
                "Duration (min)": ["12", "3", "45", "7", "1", "30"],
            },
        ),
        "usage",
        {"date": "Day", "customer_id": "Account ID", "user_id": "User", "feature": "Action", "minutes": "Duration (min)"},
        None,
    ),
    (
        "customers with onboarding dates and owners",
        table(
            "accounts.csv",
            {
                "Company": ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"],
                "Customer ID": ["C001", "C002", "C003", "C004", "C005", "C006"],
                "Customer since": DATES,
                "Kickoff": DATES,
                "Go-live": ["2024-02-01", None, "2024-04-01", "2024-04-20", None, "2024-06-01"],
                "Churned": [None, None, "2024-09-30", None, None, None],
                "CSM": ["Ann", "Bo", "Ann", "Bo", "Cy", "Cy"],
                "Tier": ["Gold", "Silver", "Gold", "Bronze", "Silver", "Gold"],
            },
        ),
        "customers",
        {
            "name": "Company",
            "customer_id": "Customer ID",
            "signup_date": "Customer since",
            "onboarding_start": "Kickoff",
            "onboarding_complete": "Go-live",
            "churn_date": "Churned",
            "owner": "CSM",
            "plan": "Tier",
        },
        None,
    ),
    (
        "csat survey without a type column: type from the 1-5 scale",
        table(
            "responses.csv",
            {
                "Customer": IDS,
                "Submitted": DATES,
                "Rating": ["5", "4", "3", "5", "1", "2"],
                "Comment": ["great", None, "slow", "", "bad", "meh"],
            },
        ),
        "surveys",
        {"customer_id": "Customer", "date": "Submitted", "score": "Rating", "comment": "Comment"},
        "csat",
    ),
    (
        "surveys of several types in one table",
        table(
            "feedback.csv",
            {
                "Response date": DATES,
                "Survey": ["NPS", "CSAT", "CES", "NPS", "CSAT", "NPS"],
                "Score": ["9", "4", "6", "10", "5", "3"],
            },
        ),
        "surveys",
        {"date": "Response date", "survey_type": "Survey", "score": "Score"},
        None,
    ),
]


@pytest.mark.parametrize(("raw", "kind", "columns", "survey_type"), [t[1:] for t in TABLES], ids=[t[0] for t in TABLES])
def test_whole_table_guess(raw, kind, columns, survey_type):
    got = guess_table(raw)
    assert (got.kind, got.columns, got.survey_type) == (kind, columns, survey_type)
    assert got.usable
    assert 0.5 <= got.confidence <= 1
    assert (got.source, got.sheet) == (raw.source, raw.sheet)


@pytest.mark.parametrize(("raw", "kind", "columns", "survey_type"), [t[1:] for t in TABLES], ids=[t[0] for t in TABLES])
def test_guess_round_trips_through_the_mapping_json(raw, kind, columns, survey_type):
    got = guess_table(raw)
    back = TableMapping.from_json(got.to_json())
    assert (back.source, back.sheet, back.kind, back.columns, back.survey_type) == (
        raw.source,
        raw.sheet,
        kind,
        columns,
        survey_type,
    )


@pytest.mark.parametrize(
    ("values", "mapped"),
    [(["Subscription", "One-off", "subscription", "One-off"], True), (["Invoice", "Credit note", "Invoice", "Invoice"], False)],
)
def test_a_type_column_is_recurring_only_when_its_values_say_so(values, mapped):
    raw = table("sales.csv", {"Customer": IDS[:4], "Date": DATES[:4], "Amount": ["1.00", "2.00", "3.00", "4.00"], "Type": values})
    got = guess_table(raw)
    assert got.kind == "transactions"
    assert ("recurring" in got.columns) is mapped


def test_costs_become_transactions_once_a_customer_column_appears():
    costs = TABLES[4][1]
    frame = costs.frame.assign(**{"Customer ID": IDS})
    got = guess_table(Raw("data.csv", None, frame))
    assert (got.kind, got.columns) == ("transactions", {"date": "Date", "amount": "Amount", "customer_id": "Customer ID"})


def test_file_name_breaks_a_tie():
    cols = {"Date": DATES, "Amount": ["10.00", "12.00", "9.50", "11.00", "13.25", "8.00"]}
    assert guess_table(table("expenses.csv", cols)).kind == "costs"


def test_survey_type_from_the_file_name_and_the_scale():
    cols = {"Date": DATES, "Score": ["5", "6", "7", "6", "5", "7"]}
    assert guess_table(table("ces_q1.csv", cols)).survey_type == "ces"
    assert guess_table(table("responses.csv", cols)).survey_type == "ces"  # 1-7 scale
    cols10 = {"Date": DATES, "Score": ["5", "6", "7", "6", "5", "0"]}
    assert guess_table(table("responses.csv", cols10)).survey_type == "nps"


def test_nothing_fits_gives_no_kind_and_low_confidence():
    raw = table("notes.csv", {"Colour": ["red", "blue"], "Mood": ["happy", "sad"]})
    got = guess_table(raw)
    assert (got.kind, got.columns) == (None, {})
    assert got.confidence <= 0.3


def test_each_column_at_most_once():
    raw = table(
        "subs.csv",
        {"Created": DATES, "Account": IDS, "MRR": ["10", "20", "30", "10", "5", "20"], "Cancelled On": [None] * 6},
    )
    got = guess_table(raw)
    assert got.kind == "subscriptions"
    assert len(set(got.columns.values())) == len(got.columns)


alphabet = st.sampled_from(["Date", "Amount", "Customer", "Plan", "Score", "Foo", "Type", "Created", "MRR", "Start"])


@settings(max_examples=40, deadline=None)
@given(st.lists(alphabet, min_size=1, max_size=6, unique=True), st.integers(0, 2))
def test_any_guess_is_consistent(headers, values):
    """Whatever the table, the guess maps each column once, to fields of its kind, and is usable or has no kind."""
    pool = [DATES[:3], ["1.50", "2", "3"], ["a", "b", "c"]]
    raw = table("t.csv", {h: pool[(i + values) % 3] for i, h in enumerate(headers)})
    got = guess_table(raw)
    assert 0 <= got.confidence <= 1
    assert len(set(got.columns.values())) == len(got.columns)
    assert set(got.columns.values()) <= set(headers)
    if got.kind is None:
        assert got.columns == {}
    else:
        assert set(got.columns) <= set(KINDS[got.kind].field_names)
        assert is_usable(got.kind, got.columns)


# ---------------------------------------------------------------------------------------------------------------
# Links between tables
# ---------------------------------------------------------------------------------------------------------------

SUBS = table(
    "subs.csv",
    {
        "subscription_id": ["S-1", "S-2", "S-3", "S-4"],
        "account_id": ["A-1", "A-1", "A-2", "A-3"],
        "start_date": DATES[:4],
        "mrr_amount": ["100", "50", "20", "80"],
    },
)


def test_usage_keyed_by_subscription_links_to_the_customer_through_subscriptions():
    usage = table(
        "usage.csv",
        {
            "usage_id": ["U-1", "U-2", "U-3", "U-4", "U-5", "U-6"],
            "subscription_id": ["S-1", "S-2", "S-1", "S-3", "S-4", "S-4"],
            "usage_date": DATES,
            "feature_name": ["f1", "f2", "f1", "f3", "f1", "f2"],
        },
    )
    m = guess_mapping([SUBS, usage])
    subs, use = m.tables
    assert subs.columns == {
        "subscription_id": "subscription_id",
        "customer_id": "account_id",
        "start_date": "start_date",
        "mrr": "mrr_amount",
    }
    assert (use.kind, use.columns) == ("usage", {"date": "usage_date", "feature": "feature_name"})
    assert use.links == {"customer_id": Link("subscription_id", "subs.csv", None, "subscription_id", "account_id")}
    assert use.usable


def test_link_found_by_values_when_headers_differ():
    usage = table(
        "activity.xlsx",
        {"Sub": ["S-1", "S-2", "S-1", "S-3", "S-4", "S-4"], "Event date": DATES, "Event": list("abcabc")},
        sheet="Log",
    )
    subs = Raw("billing.xlsx", "Subs", SUBS.frame)
    _, use = guess_mapping([subs, usage]).tables
    assert use.links == {"customer_id": Link("Sub", "billing.xlsx", "Subs", "subscription_id", "account_id")}
    assert "customer_id" not in use.columns


def test_tables_with_their_own_customer_column_get_no_link():
    tx = TABLES[3][1]
    m = guess_mapping([SUBS, tx])
    assert all(t.links == {} for t in m.tables)


def test_no_link_when_values_do_not_overlap():
    usage = table("usage.csv", {"ref_id": ["X-9", "X-8", "X-7", "X-9"], "usage_date": DATES[:4], "Event": list("abca")})
    _, use = guess_mapping([SUBS, usage]).tables
    assert use.links == {}


# ---------------------------------------------------------------------------------------------------------------
# Real data in ../shared/data (skipped where it is absent)
# ---------------------------------------------------------------------------------------------------------------

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")


def _csv(path: Path) -> Raw:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    return Raw(path.name, None, frame)


@pytest.fixture(scope="module")
def ravenstack():
    names = ["accounts", "subscriptions", "feature_usage", "support_tickets", "churn_events"]
    return [_csv(SHARED / "ravenstack" / f"ravenstack_{n}.csv") for n in names]


@needs_shared
def test_ravenstack_guesses_every_table_and_links_usage_through_subscriptions(ravenstack):
    m = guess_mapping(ravenstack)
    got = {t.source: (t.kind, t.columns, t.links) for t in m.tables}
    assert got == {
        "ravenstack_accounts.csv": (
            "customers",
            {
                "customer_id": "account_id",
                "name": "account_name",
                "segment": "industry",
                "signup_date": "signup_date",
                "plan": "plan_tier",
                "churned": "churn_flag",
            },
            {},
        ),
        "ravenstack_subscriptions.csv": (
            "subscriptions",
            {
                "subscription_id": "subscription_id",
                "customer_id": "account_id",
                "start_date": "start_date",
                "end_date": "end_date",
                "plan": "plan_tier",
                "mrr": "mrr_amount",
            },
            {},
        ),
        "ravenstack_feature_usage.csv": (
            "usage",
            {"date": "usage_date", "feature": "feature_name", "minutes": "usage_duration_secs"},
            {
                "customer_id": Link(
                    "subscription_id", "ravenstack_subscriptions.csv", None, "subscription_id", "account_id"
                )
            },
        ),
        "ravenstack_support_tickets.csv": (
            "tickets",
            {"ticket_id": "ticket_id", "customer_id": "account_id", "created_at": "submitted_at", "resolved_at": "closed_at",
             "first_response_minutes": "first_response_time_minutes", "satisfaction": "satisfaction_score"},
            {},
        ),
        "ravenstack_churn_events.csv": (
            "churn_events",
            {"customer_id": "account_id", "churn_date": "churn_date", "reason": "reason_code", "comment": "feedback_text"},
            {},
        ),
    }
    units = {t.source: t.units for t in m.tables if t.units}
    assert units == {"ravenstack_feature_usage.csv": {"minutes": "seconds"}}
    assert all(t.usable for t in m.tables)


@needs_shared
def test_ravenstack_usage_alone_keeps_its_subscription_column_as_the_customer(ravenstack):
    """Without the subscriptions table to link through, the subscription id is the best customer key on offer."""
    got = guess_table(ravenstack[2])
    assert (got.kind, got.columns.get("customer_id"), got.links) == ("usage", "subscription_id", {})
    assert got.confidence < 0.9


@needs_shared
def test_telco_snapshot_is_a_customers_table():
    got = guess_table(_csv(SHARED / "telco" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"))
    assert (got.kind, got.columns) == ("customers", {"customer_id": "customerID", "plan": "Contract", "tenure": "tenure",
                                                     "monthly_charge": "MonthlyCharges", "churned": "Churn",
                                                     "total_charges": "TotalCharges"})


@needs_shared
def test_cdnow_without_header_is_transactions_from_values_alone():
    path = SHARED / "cdnow" / "CDNOW_sample.txt"
    frame = pd.read_csv(path, sep=r"\s+", header=None, dtype=str, names=[f"Column {i}" for i in range(1, 6)])
    got = guess_table(Raw(path.name, None, frame))
    assert (got.kind, got.columns) == ("transactions", {"customer_id": "Column 1", "date": "Column 3", "amount": "Column 5"})


def test_guess_reads_native_excel_values():
    """XLSX cells arrive as datetimes, floats and booleans rather than text."""
    frame = pd.DataFrame(
        {
            "Customer": ["A", "B", "C"],
            "Order date": [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-09"), None],
            "Amount": [10.5, np.nan, 99.0],
            "Recurring": [True, False, True],
        },
        dtype=object,
    )
    got = guess_table(Raw("book.xlsx", "Orders", frame))
    assert (got.kind, got.columns) == (
        "transactions",
        {"customer_id": "Customer", "date": "Order date", "amount": "Amount", "recurring": "Recurring"},
    )


def test_a_date_and_an_amount_alone_are_costs_only_when_the_person_says_so():
    """Without a category (or a customer), a dated amount may be money in as well as out (a sales ledger without
    its customers): costs is guessed as the only kind that fits, but below the Data page's 0.6, so it is asked."""
    from csm.guess import guess_mapping
    from csm.loading import read_sources

    bare = read_sources([("ledger.csv", b"Date,Amount\n2024-01-05,120.00\n2024-01-09,80.50\n2024-02-01,99.00\n")])
    tm = guess_mapping(bare).tables[0]
    assert tm.kind == "costs" and tm.columns == {"date": "Date", "amount": "Amount"} and tm.confidence < 0.6
    spent = read_sources([("ledger.csv", b"Date,Amount,Category\n2024-01-05,120.00,Tools\n2024-01-09,80.50,Rent\n")])
    tm = guess_mapping(spent).tables[0]
    assert tm.kind == "costs" and tm.confidence >= 0.9
