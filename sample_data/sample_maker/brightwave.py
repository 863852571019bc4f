"""Brightwave Analytics: its company profile, and `brightwave()`, which simulates it and writes brightwave/*.csv,
brightwave.xlsx, the two mapping files and brightwave_facts.json."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from csm.schema import KINDS

from .billing import customers_table, invoices_table, subscriptions_table
from .churn_log import churn_events_table
from .commercial import costs_table, funnel_table, opportunities_table
from .facts import facts
from .simulation import Company, assign_subscription_ids, simulate
from .story import CSMS
from .surveys import surveys_table
from .text_files import write_csv, write_json
from .tickets import tickets_rows, tickets_table
from .usage import usage_rows
from .workbooks import XlsxWriter

BRIGHTWAVE = Company(
    name="Brightwave Analytics",
    id_fmt="BW-{:04d}",
    start=date(2023, 1, 1),
    end=date(2025, 12, 31),
    launch=40,
    signups=(10.2, 0.35),
    plans=("Starter", "Growth", "Scale"),
    prices={"Starter": 49.0, "Growth": 149.0, "Scale": 499.0},
    churn=(0.040, 0.026, 0.014),
    plan_mix={"SMB": (0.65, 0.32, 0.03), "Mid-market": (0.15, 0.60, 0.25), "Enterprise": (0.0, 0.25, 0.75)},
    segments={"SMB": 0.62, "Mid-market": 0.28, "Enterprise": 0.10},
    annual_share={"SMB": 0.15, "Mid-market": 0.30, "Enterprise": 0.50},
    trial_share={"SMB": 0.65, "Mid-market": 0.45, "Enterprise": 0.25},
    never_pay=0.05,
    early_cancel=6,
    owners=CSMS,
    events=True,
)



# file name, sheet, kind, money columns, mapping field -> header
TABLES = (
    ("customers.csv", "Customers", "customers", set(), {
        "customer_id": "Customer ID", "name": "Company name", "signup_date": "Signup date", "churn_date": "Churn date",
        "paid_date": "Paid date", "onboarding_start": "Onboarding start", "onboarding_complete": "Onboarding complete",
        "plan": "Plan", "segment": "Segment", "owner": "Account owner"}),
    ("subscriptions.csv", "Subscriptions", "subscriptions", {"Amount"}, {
        "subscription_id": "Subscription ID", "customer_id": "Customer ID", "plan": "Plan", "start_date": "Start date",
        "end_date": "End date", "amount": "Amount", "billing_period": "Billing period"}),
    ("invoices.csv", "Invoices", "transactions", {"Amount"}, {
        "transaction_id": "Invoice ID", "customer_id": "Customer ID", "date": "Date", "amount": "Amount",
        "recurring": "Recurring"}),
    ("surveys.csv", "Surveys", "surveys", set(), {
        "date": "Date", "customer_id": "Customer ID", "survey_type": "Survey type", "score": "Score",
        "comment": "Comment"}),
    ("tickets.csv", "Tickets", "tickets", set(), {
        "ticket_id": "Ticket ID", "customer_id": "Customer ID", "created_at": "Created at", "resolved_at": "Resolved at",
        "first_contact_resolved": "Resolved on first contact", "contacts": "Contacts", "agent": "Agent",
        "first_response_at": "First response at"}),
    ("churn_events.csv", "Churn log", "churn_events", set(), {
        "customer_id": "Customer ID", "churn_date": "Churn date", "reason": "Churn reason", "comment": "Comment"}),
    ("usage.csv", "Usage", "usage", set(), {
        "date": "Date", "customer_id": "Customer ID", "user_id": "User ID", "feature": "Feature", "minutes": "Minutes"}),
    ("costs.csv", "Costs", "costs", {"Amount"}, {"date": "Month", "category": "Category", "amount": "Amount"}),
    ("funnel.csv", "Funnel", "funnel", set(), {"date": "Month", "visitors": "Visitors", "conversions": "Conversions"}),
    ("opportunities.csv", "Opportunities", "opportunities", {"Amount"}, {
        "date": "Date", "customer_id": "Customer ID", "type": "Type", "amount": "Amount"}),
)
WIDTHS = {"Company name": 30, "Description": 34, "Comment": 48, "Account owner": 18, "Created at": 17,
          "Resolved at": 17, "First response at": 17, "Resolved on first contact": 24, "Churn reason": 24, "User ID": 14, "Feature": 16, "Category": 20}


def brightwave(out_dir: Path) -> dict:
    co = BRIGHTWAVE
    custs = simulate(co, "brightwave")
    subs = assign_subscription_ids(custs, "SUB-{:05d}")
    usage_head, usage, active_days = usage_rows(co, custs)
    tickets = tickets_rows(co, custs, active_days)
    surveys = surveys_table(co, custs, tickets)
    data = {
        "customers": customers_table(custs),
        "subscriptions": subscriptions_table(subs),
        "transactions": invoices_table(co, custs),
        "surveys": surveys,
        "tickets": tickets_table(tickets),
        "usage": (usage_head, usage),
        "costs": costs_table(co, custs, subs),
        "funnel": funnel_table(co, custs),
        "opportunities": opportunities_table(co, custs),
        "churn_events": churn_events_table(custs),
    }
    wb = XlsxWriter()
    mapping = {"tables": [], "options": {"day_first": False, "currency": "USD"}}
    xmapping = {"tables": [], "options": {"day_first": False, "currency": "USD"}}
    counts = {}
    for fname, sheet, kind, money_cols, cols in TABLES:
        head, rows = data[kind]
        assert set(cols.values()) <= set(head), (kind, set(cols.values()) - set(head))
        write_csv(out_dir / "brightwave" / fname, head, rows)
        wb.add_sheet(sheet, head, rows, money_cols, WIDTHS)
        ordered = {f: cols[f] for f in KINDS[kind].field_names if f in cols}
        mapping["tables"].append({"source": fname, "kind": kind, "columns": ordered})
        xmapping["tables"].append({"source": "brightwave.xlsx", "sheet": sheet, "kind": kind, "columns": ordered})
        counts[fname] = len(rows)
    wb.save(out_dir / "brightwave.xlsx")
    write_json(out_dir / "brightwave_mapping.json", mapping)
    write_json(out_dir / "brightwave_xlsx_mapping.json", xmapping)
    f = facts(co, custs, surveys[1])
    f["rows"] = counts
    write_json(out_dir / "brightwave_facts.json", f)
    return f
