"""Brightwave's billing tables: customers, subscriptions and invoices (recurring charges, one-off items, refunds and
the July 2024 service credits)."""
from __future__ import annotations

from datetime import date, timedelta

from .dates import add_months
from .determinism import rng_for
from .simulation import Company, Customer, Sub
from .story import OUTAGE_END, OUTAGE_START


def customers_table(custs: list[Customer]) -> tuple[list[str], list[list]]:
    head = ["Customer ID", "Company name", "Signup date", "Churn date", "Paid date", "Onboarding start",
            "Onboarding complete", "Plan", "Segment", "Account owner"]
    rows = [[c.cid, c.name, c.signup, c.churn_date, c.paid, c.onboarding_start, c.onboarding_complete, c.plan,
             c.segment, c.owner] for c in custs]
    return head, rows


def subscriptions_table(subs: list[Sub]) -> tuple[list[str], list[list]]:
    head = ["Subscription ID", "Customer ID", "Plan", "Start date", "End date", "Amount", "Billing period"]
    rows = [[s.sid, s.customer, s.plan, s.start, s.end, s.amount, s.period] for s in subs]
    return head, rows


def invoices_table(co: Company, custs: list[Customer]) -> tuple[list[str], list[list]]:
    rng = rng_for("brightwave:invoices")
    items: list[tuple] = []  # date, customer, amount, recurring, description
    for c in custs:
        for s in c.subs:
            step = 12 if s.period == "year" else 1
            label = f"{s.plan} plan — {'annual' if s.period == 'year' else 'monthly'}"
            k = 0
            while True:
                d = add_months(s.start, step * k)
                if d > co.end or (s.end is not None and d >= s.end):
                    break
                items.append((d, c.cid, s.amount, True, label))
                k += 1
            if s.end_reason == "early_cancel":
                items.append((s.end, c.cid, -s.amount, True, f"Refund — {label}"))
        if c.paid is not None:
            p_onb = {"SMB": 0.05, "Mid-market": 0.35, "Enterprise": 0.6}[c.segment]
            if rng.random() < p_onb:
                items.append((c.paid, c.cid, 500.0, False, "Onboarding package"))
        # one-off add-ons while paying
        for a, b, _ in c.intervals(co.end):
            a = max(a, c.paid or a)
            n_months = max(0, (b - a).days) / 30.4
            for _ in range(int(rng.poisson(0.008 * n_months))):
                d = a + timedelta(int(rng.integers(0, max(1, (b - a).days))))
                what, amt = [("Extra seats pack", 99.0), ("Premium connector", 199.0), ("Training workshop", 750.0),
                             ("Custom report build", 1200.0)][int(rng.choice(4, p=[0.4, 0.3, 0.2, 0.1]))]
                items.append((d, c.cid, amt, False, what))
    # service credits for the July 2024 outage, to a few Scale customers
    scale = [c for c in custs if any(s.plan == "Scale" and s.start <= OUTAGE_START and (s.end is None or s.end > OUTAGE_END)
                                     for s in c.subs)]
    for j in sorted(rng.choice(len(scale), 4, replace=False)):
        items.append((date(2024, 8, 5) + timedelta(int(j) % 7), scale[int(j)].cid, -150.0, True,
                      "Service credit — July outage"))
    items.sort(key=lambda t: (t[0], t[1], not t[3], t[4]))
    head = ["Invoice ID", "Customer ID", "Date", "Amount", "Recurring", "Description"]
    rows = [[f"INV-{i + 1:06d}", cid, d, amt, "Yes" if rec else "No", desc] for i, (d, cid, amt, rec, desc) in enumerate(items)]
    return head, rows
