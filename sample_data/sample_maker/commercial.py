"""Brightwave's commercial side: monthly costs (retention and other), the sign-up funnel and sales opportunities."""
from __future__ import annotations

from datetime import timedelta

from .dates import add_months, month_starts
from .determinism import rng_for
from .simulation import Company, Customer, Sub
from .story import CSMS, FORECASTING_LAUNCH


def costs_table(co: Company, custs: list[Customer], subs: list[Sub]) -> tuple[list[str], list[list]]:
    rng = rng_for("brightwave:costs")
    rows = []
    for m in month_starts(co.start, co.end):
        n_csm = sum(1 for _, joined in CSMS if joined <= m)
        salary = 6500.0 if m.year >= 2025 else 6250.0
        onb = {2023: 1200.0, 2024: 1800.0, 2025: 4500.0}[m.year] + float(rng.integers(-20, 21)) * 10
        mkt = 9000.0 if m.month == 10 and m.year >= 2024 else 800.0 + float(rng.integers(0, 171)) * 10
        train = {2023: 400.0, 2024: 700.0, 2025: 1100.0}[m.year] + float(rng.integers(0, 31)) * 10
        tools = {2023: 450.0, 2024: 900.0, 2025: 1350.0}[m.year]
        new = [s for s in subs if s.start_kind in ("new", "reactivation") and s.start.year == m.year and s.start.month == m.month]
        commission = round(0.10 * sum(s.mrr * 12 for s in new), 2)
        for cat, amt in (("CS salaries", n_csm * salary), ("Onboarding programs", onb), ("Customer marketing", mkt),
                         ("Training", train), ("Tools", tools), ("Sales commissions", commission)):
            rows.append([m, cat, amt])
    return ["Month", "Category", "Amount"], rows


def funnel_table(co: Company, custs: list[Customer]) -> tuple[list[str], list[list]]:
    rng = rng_for("brightwave:funnel")
    rows = []
    for m in month_starts(co.start, co.end):
        conv = sum(1 for c in custs if c.signup.year == m.year and c.signup.month == m.month)
        rate = rng.uniform(0.0055, 0.0085)
        visitors = round(conv / rate) + int(rng.integers(0, 50))
        rows.append([m, visitors, conv])
    return ["Month", "Visitors", "Conversions"], rows


def opportunities_table(co: Company, custs: list[Customer]) -> tuple[list[str], list[list]]:
    rng = rng_for("brightwave:opportunities")
    opps: list[tuple] = []
    for c in custs:
        for i, s in enumerate(c.subs):
            prev = c.subs[i - 1] if i else None
            if s.start_kind == "upgrade" and prev is not None:
                opps.append((s.start - timedelta(int(rng.integers(10, 41))), c.cid, "expansion", (s.mrr - prev.mrr) * 12))
            if s.start_kind == "reactivation":
                opps.append((s.start - timedelta(int(rng.integers(7, 22))), c.cid, "repurchase", s.mrr * 12))
            if s.period == "year":  # renewals of annual plans
                k = 1
                while True:
                    r = add_months(s.start, 12 * k)
                    if r > co.end or (s.end is not None and r > s.end):
                        break
                    opps.append((r - timedelta(30), c.cid, "repurchase", s.amount))
                    k += 1
        if c.subs and c.segment != "SMB" and rng.random() < 0.25:
            s = c.subs[0]
            opps.append((s.start - timedelta(int(rng.integers(5, 30))), c.cid, "replacement", s.mrr * 12))
        if c.subs and rng.random() < 0.3 and c.plan0 != "Starter":  # open expansion talks that did not close
            d = c.subs[0].start + timedelta(int(rng.integers(60, 500)))
            if any(s.start <= d and (s.end is None or s.end > d) for s in c.subs):
                opps.append((d, c.cid, "expansion", float(rng.choice([1200, 2400, 3600, 4800]))))
        # Forecasting add-on pitched after its launch
        if rng.random() < 0.15:
            d = FORECASTING_LAUNCH + timedelta(int(rng.integers(0, 480)))
            if any(s.start <= d and (s.end is None or s.end > d) for s in c.subs):
                opps.append((d, c.cid, "innovation", float(rng.choice([1200, 2400, 6000], p=[0.5, 0.35, 0.15]))))
    opps = [o for o in opps if co.start <= o[0] <= co.end]
    opps.sort(key=lambda o: (o[0], o[1], o[2]))
    head = ["Opportunity ID", "Date", "Customer ID", "Type", "Amount"]
    return head, [[f"OPP-{i + 1:04d}", d, cid, typ, round(amt, 2)] for i, (d, cid, typ, amt) in enumerate(opps)]
