"""The templates (templates/): one CSV per table kind with csm.schema's field names and an example row, and a
README that explains each column. Generated from the schema, so they follow it."""
from __future__ import annotations

from pathlib import Path

from csm.schema import KINDS

from .text_files import write_csv

EXAMPLES: dict[str, dict[str, str]] = {
    "customers": {"customer_id": "C-001", "signup_date": "2024-01-15", "churn_date": "", "paid_date": "2024-01-29",
                  "onboarding_start": "2024-01-15", "onboarding_complete": "2024-02-09", "plan": "Growth",
                  "segment": "SMB", "owner": "Jane Doe", "name": "Example Bakery LLC", "churned": "no",
                  "tenure": "11", "monthly_charge": "149.00", "total_charges": "1639.00"},
    "subscriptions": {"customer_id": "C-001", "start_date": "2024-01-29", "end_date": "", "mrr": "149.00",
                      "amount": "149.00", "billing_period": "month", "billing_count": "1", "plan": "Growth", "subscription_id": "S-001"},
    "transactions": {"customer_id": "C-001", "date": "2024-01-29", "amount": "149.00", "recurring": "yes",
                     "transaction_id": "INV-001"},
    "surveys": {"date": "2024-03-01", "score": "9", "survey_type": "nps", "customer_id": "C-001",
                "comment": "Great support team"},
    "tickets": {"created_at": "2024-02-03 09:15", "resolved_at": "2024-02-03 11:40", "first_contact_resolved": "yes",
                "contacts": "1", "ticket_id": "T-001", "customer_id": "C-001", "agent": "Alex Lee",
                "satisfaction": "5", "first_response_at": "2024-02-03 09:32", "first_response_minutes": "17"},
    "usage": {"date": "2024-02-05", "customer_id": "C-001", "user_id": "U-001", "feature": "Dashboards", "minutes": "25"},
    "churn_events": {"customer_id": "C-001", "churn_date": "2024-11-30", "reason": "pricing",
                     "comment": "Too expensive for a team our size"},
    "costs": {"date": "2024-02-01", "amount": "6500.00", "category": "CS salaries"},
    "funnel": {"date": "2024-02-01", "visitors": "3200", "conversions": "24"},
    "opportunities": {"date": "2024-03-10", "type": "expansion", "amount": "1200.00", "customer_id": "C-001"},
}
FALLBACK_DESCRIPTIONS = {
    "plan": "plan or product name",
    "segment": "customer segment (e.g. SMB, Mid-market, Enterprise)",
    "date": "the day it happened",
    "score": "the answer: NPS 0–10, CSAT 1–5 (or 1–7, 1–10), CES 1–5",
    "customer_id": "the customer's key, as in the other tables",
    "comment": "free-text answer",
    "recurring": "yes for subscription charges, no for one-off items (add-ons, services)",
    "transaction_id": "invoice, order or payment number",
    "ticket_id": "the ticket's number",
    "agent": "support agent who handled the ticket",
    "user_id": "the user (person) who used the product",
    "feature": "feature or screen used",
    "minutes": "time spent",
    "category": "cost category (mark which ones are retention costs in the app)",
    "visitors": "visitors (or leads) in that period",
    "conversions": "visitors who converted (sign-ups, trials started, purchases)",
    "amount": "amount of money",
    "start_date": "first day active",
    "created_at": "when the ticket was opened (date and time)",
    "resolved_at": "when it was resolved (date and time); blank = still open",
    "first_contact_resolved": "yes when resolved on the first contact",
}
KIND_DESCRIPTIONS = {  # where one field name means something particular in a kind
    ("surveys", "date"): "the day the answer was given",
    ("usage", "date"): "the day of use",
    ("costs", "date"): "the day or month the cost belongs to",
    ("costs", "amount"): "cost amount",
    ("funnel", "date"): "start of the day, week or month counted",
    ("opportunities", "date"): "the day the opportunity was opened",
    ("opportunities", "amount"): "value of the opportunity",
    ("transactions", "date"): "invoice, order or payment date",
}


def template_fields(kind: str) -> list[str]:
    k = KINDS[kind]
    return [f.name for f in k.fields if f.required] + [f.name for f in k.fields if not f.required]


def templates(out_dir: Path) -> None:
    tdir = out_dir / "templates"
    lines = ["# Templates", "",
             "One CSV per table kind: the header row holds the canonical field names (required fields first) and one "
             "example row. Fill it in (or rename your own columns to these names) and upload it; any other header "
             "works too, you then map it in the app. Dates as YYYY-MM-DD, money as plain numbers, refunds negative.", ""]
    for kind, k in KINDS.items():
        fields = template_fields(kind)
        write_csv(tdir / f"{kind}.csv", fields, [[EXAMPLES[kind][f] for f in fields]])
        lines += [f"## {kind}.csv — {k.label}", "", f"Powers: {k.powers}.", ""]
        if k.required_sets:
            alts = " or ".join("(" + ", ".join(s) + ")" for s in k.required_sets)
            lines += [f"Needs {alts}.", ""]
        for f in fields:
            fld = k.field(f)
            desc = fld.description or KIND_DESCRIPTIONS.get((kind, f)) or FALLBACK_DESCRIPTIONS.get(f, "")
            req = ", required" if fld.required else ""
            unit = f", in {fld.unit}" if fld.unit else ""
            lines.append(f"- `{f}` ({fld.type}{unit}{req}): {desc}")
        lines.append("")
    (tdir / "README.md").write_bytes("\n".join(lines).encode("utf-8"))
