"""Every metric of `python -m csm report` against an independent, day-by-day oracle of METRICS.md (tests/oracle.py).

Small seeded random datasets with hand-placed edge cases are written as CSV files with canonical headers, the real
command line is run as a subprocess (`python -m csm report FILES --format json ...`), and each metric's per-period
value (and numerator / denominator where the spec defines them, and extras such as the NPS shares) is compared
with the oracle at rel 1e-9. The command-line runs happen once per session, two at a time.

Known disagreements where the spec, read word for word, says ours is wrong are `xfail(strict=True)` (KNOWN), and
only in the cases whose data holds the edge case that sets them apart (the oracle's `triggers`), so that a fix
shows up as XPASS; each also has a minimal hand-made case at the end of this file.

Where the spec leaves a choice open the oracle does not guess and the metric is not compared: CLV's default
lifespan at quarter/year/week granularity ("monthly churn rate" from a non-monthly period), CLV at week
granularity ("months in P"), fiscal-year labels, the health score, the single value of feature_adoption (only
the per-feature shares are specified).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.oracle import CHECK_SKIP, Options, Oracle

# the command runs from the project root; CSM_ORACLE_ROOT may point it at another checkout (e.g. a snapshot of HEAD)
ROOT = Path(os.environ.get("CSM_ORACLE_ROOT") or Path(__file__).resolve().parents[1])
D = dt.date

HEADERS = {
    "customers": ["customer_id", "signup_date", "churn_date", "paid_date", "onboarding_start", "onboarding_complete",
                  "plan"],
    "subscriptions": ["customer_id", "start_date", "end_date", "mrr"],
    "subscriptions_amount": ["customer_id", "start_date", "end_date", "amount", "billing_period"],
    "transactions": ["transaction_id", "customer_id", "date", "amount", "recurring"],
    "surveys": ["date", "score", "survey_type", "customer_id"],
    "tickets": ["ticket_id", "created_at", "resolved_at", "first_contact_resolved", "customer_id"],
    "tickets_contacts": ["ticket_id", "created_at", "resolved_at", "contacts", "customer_id"],
    "usage": ["date", "customer_id", "user_id", "feature", "minutes"],
    "funnel": ["date", "visitors", "conversions"],
    "costs": ["date", "amount", "category"],
    "opportunities": ["date", "type", "amount", "customer_id"],
}


# a spreadsheet's own headers, read through a mapping file (DATA.md, Mapping file) instead of guessed
ODD_HEADERS = {
    "subscriptions": {"customer_id": "Account", "start_date": "Start Dt", "end_date": "Cancelled On",
                      "mrr": "Monthly Fee ($)"},
    "transactions": {"transaction_id": "Invoice #", "customer_id": "Cust #", "date": "Invoice Date",
                     "amount": "Total", "recurring": "Subscription?"},
}


def _cell(v, style: str = "iso", rng: random.Random | None = None, money: bool = False) -> str:
    """A CSV cell. Dates in `style`: "iso" 2024-01-31; "time" 2024-01-31 23:15 (the time of day must be dropped);
    "tz" 2024-01-31T23:15:00-05:00 (time of day and zone dropped: still 31 January, whatever the UTC day);
    "messy": dates 01/31/2024, money $1,200.00 and (30.00), booleans Y/N (DATA.md: must be handled);
    "eu": dates 31/01/2024, money ₦1.234,50 and -₦30,00, yes/no; "serial": Excel serial dates, 1/0."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return {"messy": ("Y", "N"), "eu": ("yes", "no"), "serial": ("1", "0")}.get(style, ("true", "false"))[not v]
    if style == "eu" and isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")  # day-first
    if style == "eu" and money:  # 1.234,50 with a currency sign; a refund with a minus
        text = f"{abs(v):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return ("-" if v < 0 else "") + "₦" + text
    if style == "serial" and isinstance(v, dt.date):
        return str((v - D(1899, 12, 30)).days)  # Excel serial day numbers
    if style == "messy" and isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v.strftime("%m/%d/%Y")  # month-first
    if style == "messy" and money:
        return f"${v:,.2f}" if v >= 0 else f"({-v:,.2f})"  # $1,200.00; (30.00) for a refund
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        if style == "time":
            return f"{v.isoformat()} {rng.choice([0, 9, 12, 23]):02d}:{rng.choice([0, 15, 59]):02d}"
        if style == "tz":
            late = rng.random() < 0.5  # near midnight, so that a conversion to UTC would move the day
            return f"{v.isoformat()}T{'23:30' if late else '00:30'}:00{'-05:00' if late else '+03:00'}"
        return v.isoformat()
    return str(v)


def write_csvs(tables: dict, folder: Path, style: str = "iso") -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for kind, rows in tables.items():
        if not rows:
            continue
        header = HEADERS[kind]
        if kind == "subscriptions" and "amount" in rows[0]:
            header = HEADERS["subscriptions_amount"]
        if kind == "tickets" and "contacts" in rows[0]:
            header = HEADERS["tickets_contacts"]
        header = [h for h in header if any(h in r for r in rows)]  # a column no row has is left out
        path = folder / f"{kind}.csv"
        rng = random.Random(kind)
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            for r in rows:
                w.writerow([_cell(r.get(h), style, rng, h in ("amount", "mrr")) for h in header])
        files.append(str(path))
    return files


def write_xlsx(tables: dict, folder: Path) -> list[str]:
    """The tables as the sheets of one workbook: real date cells, numbers and booleans."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    for kind, rows in tables.items():
        header = HEADERS["subscriptions_amount" if kind == "subscriptions" and "amount" in rows[0] else kind]
        header = [h for h in header if any(h in r for r in rows)]
        ws = wb.create_sheet(kind)
        ws.append(header)
        for r in rows:
            ws.append([r.get(h) for h in header])
    path = folder / "workbook.xlsx"
    wb.save(path)
    return [str(path)]


# ---------------------------------------------------------------------------------------------------- datasets
def _rday(rng, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


LO, HI = D(2023, 10, 1), D(2024, 6, 30)

EDGE_SUBS = [  # (customer, start, end, mrr): the edge cases the random rows may miss
    ("e_same", D(2024, 2, 10), D(2024, 2, 10), 100),  # same-day start and end: active on no day
    ("e_inout", D(2024, 3, 5), D(2024, 3, 20), 80),  # joins and leaves in one period
    ("e_back_same", D(2024, 1, 1), D(2024, 4, 10), 100), ("e_back_same", D(2024, 4, 20), None, 100),
    ("e_back_later", D(2024, 1, 1), D(2024, 2, 15), 60), ("e_back_later", D(2024, 4, 3), D(2024, 5, 1), 60),
    ("e_upgrade", D(2023, 12, 1), D(2024, 3, 15), 100), ("e_upgrade", D(2024, 3, 15), None, 200),  # same-day
    ("e_overlap", D(2024, 1, 10), D(2024, 5, 1), 50), ("e_overlap", D(2024, 2, 1), D(2024, 3, 1), 30),
    ("e_zero", D(2024, 1, 1), None, 0),  # zero MRR only: never active under the subscription event
    ("e_gap0", D(2024, 1, 1), D(2024, 2, 1), 100), ("e_gap0", D(2024, 2, 1), D(2024, 3, 1), 0),
    ("e_gap0", D(2024, 3, 1), None, 100),  # a zero-MRR row does not bridge the gap
    ("e_boundary", D(2023, 11, 1), D(2024, 3, 1), 40),  # first inactive day = first day of a period
    ("e_down", D(2024, 1, 15), D(2024, 4, 1), 300), ("e_down", D(2024, 4, 1), D(2024, 6, 10), 150),
    ("e_new_out_back", D(2024, 5, 2), D(2024, 5, 10), 70), ("e_new_out_back", D(2024, 5, 20), None, 70),
    ("e_react_out", D(2023, 11, 1), D(2023, 12, 1), 90), ("e_react_out", D(2024, 2, 5), D(2024, 2, 20), 90),
    ("e_touch", D(2024, 1, 1), D(2024, 2, 1), 50), ("e_touch", D(2024, 2, 1), D(2024, 3, 10), 50),
    ("e_empty_first", D(2024, 1, 10), D(2024, 1, 10), 100), ("e_empty_first", D(2024, 3, 1), None, 100),
]


def saas(seed: int, amount_mode: bool = False, n: int = 16) -> dict:
    """Subscriptions (mrr, or amount + billing_period), transactions, customers and usage for ~n customers."""
    rng = random.Random(seed)
    cust = [f"c{i:02d}" for i in range(n)]
    subs = []
    for c in cust:
        for _ in range(rng.choice([1, 1, 2, 3])):
            s = _rday(rng, LO, HI)
            e = None if rng.random() < 0.3 else s + dt.timedelta(days=rng.choice([0, 1, 15, 31, 45, 90, 200]))
            subs.append((c, s, e, rng.choice([0, 50, 100, 120, 250, 250])))
    subs += EDGE_SUBS
    rows = []
    for c, s, e, m in subs:
        if amount_mode:
            bp = rng.choice(["month", "quarter", "year", "week"])
            # amounts whose monthly value is a whole number, so "m1 > m0" never hangs on float rounding
            amount = {"month": m, "quarter": m * 3, "year": m * 12, "week": m * 12 // 52 * 12}[bp] if m else 0
            if bp == "week":
                amount = rng.choice([0, 12, 24, 120]) if m else 0
            rows.append({"customer_id": c, "start_date": s, "end_date": e, "amount": amount, "billing_period": bp})
        else:
            rows.append({"customer_id": c, "start_date": s, "end_date": e, "mrr": m})
    tx = []
    n = 0
    for c in [*cust, "e_upgrade", "e_inout", "only_refund"]:
        for _ in range(rng.randrange(0, 7)):
            n += 1
            amt = rng.choice([20, 35.5, 50, 99.99, 120, 0]) if c != "only_refund" else -30
            if rng.random() < 0.15:
                amt = -abs(amt) or -10
            tx.append({"transaction_id": f"t{n}", "customer_id": c, "date": _rday(rng, LO, HI), "amount": amt,
                       "recurring": rng.random() < 0.5})
    tx.append({"transaction_id": "tx_only_refund", "customer_id": "only_refund", "date": D(2024, 2, 2),
               "amount": -30, "recurring": False})
    customers = []
    for c in [*cust, "e_same_day", "e_paid_at_signup", "e_paid_on_p_start", "e_paid_after_churn"]:
        signup = _rday(rng, LO, HI)
        churn = signup + dt.timedelta(days=rng.choice([0, 10, 40, 120])) if rng.random() < 0.35 else None
        paid = signup + dt.timedelta(days=rng.choice([0, 5, 20, 60])) if rng.random() < 0.6 else None
        if c == "e_same_day":
            signup, churn, paid = D(2024, 3, 3), D(2024, 3, 3), None
        if c == "e_paid_at_signup":
            signup, churn, paid = D(2024, 2, 14), None, D(2024, 2, 14)
        if c == "e_paid_on_p_start":
            signup, churn, paid = D(2024, 2, 10), D(2024, 5, 1), D(2024, 4, 1)
        if c == "e_paid_after_churn":
            signup, churn, paid = D(2024, 1, 5), D(2024, 2, 1), D(2024, 3, 10)
        ob_start = None if rng.random() < 0.5 else signup + dt.timedelta(days=rng.randrange(0, 5))
        ob_done = (ob_start or signup) + dt.timedelta(days=rng.randrange(0, 60)) if rng.random() < 0.7 else None
        customers.append({"customer_id": c, "signup_date": signup, "churn_date": churn, "paid_date": paid,
                          "onboarding_start": ob_start, "onboarding_complete": ob_done,
                          "plan": rng.choice(["basic", "pro"])})
    usage = []
    for _ in range(70 * n // 16):
        c = rng.choice([*cust, "e_upgrade", "ghost"])
        usage.append({"date": _rday(rng, D(2023, 12, 1), HI), "customer_id": c,
                      "user_id": f"{c}-u{rng.randrange(3)}", "feature": rng.choice(["export", "import", "share", None]),
                      "minutes": rng.randrange(1, 60)})
    for d in range(20):  # a dense burst, so that DAU/MAU is not just 1 / days
        for u in range(rng.randrange(1, 6)):
            c = cust[u]
            usage.append({"date": D(2024, 3, 5) + dt.timedelta(days=d), "customer_id": c, "user_id": f"{c}-u{u % 2}",
                          "feature": rng.choice(["export", "share"]), "minutes": 5})
    costs = [{"date": _rday(rng, LO, HI), "amount": rng.choice([100, 250.5, 40]),
              "category": rng.choice(["retention", "marketing"])} for _ in range(12)]
    opps = [{"date": _rday(rng, LO, HI), "type": rng.choice(["repurchase", "replacement", "expansion", "innovation"]),
             "amount": rng.choice([None, 100, 250]), "customer_id": rng.choice(cust)} for _ in range(15)]
    if seed % 2 == 0:  # no user_id column: users are customers
        usage = [{k: v for k, v in r.items() if k != "user_id"} for r in usage]
    return {"subscriptions": rows, "transactions": tx, "customers": customers, "usage": usage, "costs": costs,
            "opportunities": opps}


def transactions_only(seed: int, scale: float = 1) -> dict:
    rng = random.Random(seed)
    tx = []
    for i in range(14):
        for j in range(rng.randrange(1, 7)):
            amt = rng.choice([10, 25, 40, 60.5]) * scale
            if rng.random() < 0.15:
                amt = -amt
            tx.append({"transaction_id": f"t{i}-{j}", "customer_id": f"b{i:02d}", "date": _rday(rng, LO, HI),
                       "amount": amt, "recurring": rng.choice([True, False, False, None])})
    # bought once and never came back; twice on one day; a refund only after the inactivity window
    tx += [{"transaction_id": "x1", "customer_id": "once", "date": D(2024, 1, 31), "amount": 50, "recurring": False},
           {"transaction_id": "x2", "customer_id": "twice", "date": D(2024, 3, 3), "amount": 20, "recurring": False},
           {"transaction_id": "x3", "customer_id": "twice", "date": D(2024, 3, 3), "amount": 30, "recurring": True},
           {"transaction_id": "x4", "customer_id": "once", "date": D(2024, 6, 1), "amount": -50, "recurring": False}]
    return {"transactions": tx}


def voice(seed: int, csat_scale: int = 5, ces_top: int = 7, contacts: bool = False, times: bool = False) -> dict:
    """Surveys, tickets, funnel, usage without customer data (usage falls back to 'any usage so far')."""
    rng = random.Random(seed)
    sv = []
    for _ in range(60):
        sv.append({"date": _rday(rng, D(2024, 1, 1), HI), "score": rng.randrange(0, 11), "survey_type": "nps",
                   "customer_id": f"c{rng.randrange(10)}"})
    lo = 0 if csat_scale == 10 else 1
    for _ in range(40):
        sv.append({"date": _rday(rng, D(2024, 1, 1), HI), "score": rng.randrange(lo, csat_scale + 1),
                   "survey_type": "csat", "customer_id": f"c{rng.randrange(10)}"})
    sv.append({"date": D(2024, 2, 1), "score": csat_scale, "survey_type": "csat", "customer_id": "c1"})
    sv += [{"date": D(2024, 3, 4), "score": 11, "survey_type": "nps", "customer_id": "c1"},  # rejected by row
           {"date": D(2024, 3, 5), "score": -1, "survey_type": "nps", "customer_id": "c2"}]
    for _ in range(30):
        sv.append({"date": _rday(rng, D(2024, 1, 1), HI), "score": rng.randrange(1, ces_top + 1),
                   "survey_type": "ces", "customer_id": f"c{rng.randrange(10)}"})
    sv += [{"date": D(2024, 2, 2), "score": ces_top, "survey_type": "ces", "customer_id": "c2"},
           {"date": D(2024, 2, 3), "score": 1, "survey_type": "ces", "customer_id": "c3"}]
    tk = []
    for i in range(40):
        created = _rday(rng, D(2023, 12, 15), HI)
        if times:
            created = dt.datetime.combine(created, dt.time(rng.randrange(24), rng.choice([0, 30])))
        resolved = None
        if rng.random() < 0.8:
            resolved = created + dt.timedelta(days=rng.choice([0, 0, 1, 2, 5]),
                                              hours=rng.randrange(0, 10) if times else 0)
        fcr = resolved is not None and rng.random() < 0.5
        r = {"ticket_id": f"k{i}", "created_at": created, "resolved_at": resolved, "customer_id": f"c{i % 7}"}
        if contacts:
            r["contacts"] = (1 if fcr else rng.choice([2, 3])) if resolved is not None else 1 + rng.randrange(3)
        else:
            r["first_contact_resolved"] = fcr
        tk.append(r)
    fu = [{"date": _rday(rng, D(2024, 1, 1), HI), "visitors": rng.randrange(10, 300), "conversions": rng.randrange(0, 9)}
          for _ in range(25)]
    us = [{"date": _rday(rng, D(2023, 12, 1), HI), "customer_id": f"c{rng.randrange(8)}",
           "user_id": f"u{rng.randrange(12)}", "feature": rng.choice(["a", "b"]), "minutes": 5} for _ in range(60)]
    return {"surveys": sv, "tickets": tk, "funnel": fu, "usage": us}


def numeric_ids(tables: dict) -> dict:
    """The same tables with every customer id a number (as billing exports have it), the same across tables."""
    ids = sorted({r["customer_id"] for rows in tables.values() for r in rows if r.get("customer_id")})
    new = {c: str(1001 + i) for i, c in enumerate(ids)}
    return {k: [{**r, "customer_id": new[r["customer_id"]]} if r.get("customer_id") else r for r in rows]
            for k, rows in tables.items()}


DATASETS = {
    "saas1": saas(1),
    "saas2": saas(2),
    "annual": saas(3, amount_mode=True),
    "subs_only": {"subscriptions": saas(4)["subscriptions"]},
    "tx_only": transactions_only(5),
    "voice5": voice(6),
    "saas2_tz": saas(2),
    "big": saas(16, n=1500),  # large enough for whatever a "small data" fast path in ours does not cover
    "numeric": numeric_ids(saas(10)),
    "messy": saas(11),
    "mapped": {k: v for k, v in saas(17).items() if k in ODD_HEADERS},
    "tx_eu": transactions_only(14, scale=50),  # thousands: ₦1.250,00
    "subs_serial": {k: v for k, v in saas(15).items() if k in ("subscriptions", "transactions")},
    "xlsx": saas(13, amount_mode=True),
    "tx_time": transactions_only(5),
    "voice7": voice(9, csat_scale=7, ces_top=7),
    "voice10": voice(7, csat_scale=10, ces_top=5, contacts=True),
    "voice_times": {"tickets": voice(8, times=True)["tickets"]},
}

H1 = (D(2024, 1, 1), D(2024, 6, 30))
CASES = {
    # case id: (dataset, options)
    "saas1-month-default": ("saas1", Options(start=H1[0], end=H1[1], clv_method="purchase")),
    "saas1-month-start_cohort": ("saas1", Options(start=H1[0], end=H1[1], churn_variant="start_cohort",
                                                  churn_event="subscription", clv_method="subscription",
                                                  gross_margin=80.0)),
    "saas1-quarter-customer_dates-total": ("saas1", Options("quarter", D(2023, 10, 1), H1[1], "total",
                                                            "customer_dates", clv_method="purchase",
                                                            lifespan_months=12.0)),
    "saas1-week-average": ("saas1", Options("week", D(2024, 1, 31), D(2024, 4, 6), "average", "subscription")),
    "saas1-month-inactivity30-customer_days": ("saas1", Options(start=H1[0], end=H1[1],
                                                                churn_variant="customer_days",
                                                                churn_event="inactivity", inactivity_days=30,
                                                                clv_method="purchase")),
    "saas2-month-customer_dates-acquired": ("saas2", Options(start=D(2023, 11, 1), end=D(2024, 8, 31),
                                                             churn_variant="acquired",
                                                             churn_event="customer_dates", clv_method="purchase")),
    "saas2-year-end": ("saas2", Options("year", D(2023, 1, 1), D(2024, 12, 31), "end", "subscription",
                                        clv_method="purchase", lifespan_months=24.0)),
    "annual-month-start": ("annual", Options(start=D(2023, 10, 1), end=H1[1], churn_event="subscription")),
    "annual-quarter-customer_days": ("annual", Options("quarter", H1[0], H1[1], "customer_days")),
    "subs_only-month-total": ("subs_only", Options(start=H1[0], end=D(2024, 9, 30), churn_variant="total")),
    "tx_only-month-default": ("tx_only", Options(start=H1[0], end=D(2024, 9, 30), clv_method="purchase")),
    "tx_only-week14-end": ("tx_only", Options("week", D(2024, 2, 28), D(2024, 4, 20), "end", inactivity_days=14)),
    "voice5-month": ("voice5", Options(start=H1[0], end=D(2024, 7, 31))),
    "voice5-week-thresholds": ("voice5", Options("week", D(2024, 3, 7), D(2024, 4, 25), csat_threshold=3.0,
                                                 ces_direction="higher_is_harder")),
    "numeric-month-customer_dates": ("numeric", Options(start=H1[0], end=H1[1], churn_event="customer_dates",
                                                        clv_method="purchase")),
    "messy-month": ("messy", Options(start=H1[0], end=H1[1], clv_method="purchase")),
    "mapped-month": ("mapped", Options(start=H1[0], end=H1[1], clv_method="purchase")),
    "tx_eu-month": ("tx_eu", Options(start=H1[0], end=H1[1], clv_method="purchase")),
    "subs_serial-quarter": ("subs_serial", Options("quarter", H1[0], H1[1], "start_cohort")),
    "xlsx-month-customer_dates": ("xlsx", Options(start=H1[0], end=H1[1], churn_event="customer_dates",
                                                  churn_variant="total")),
    "big-month": ("big", Options(start=LO, end=H1[1], churn_variant="customer_days", clv_method="purchase")),
    "big-week-inactivity": ("big", Options("week", D(2024, 2, 1), D(2024, 4, 30), "start_cohort", "inactivity",
                                           inactivity_days=45)),
    "saas2_tz-month": ("saas2_tz", Options(start=D(2023, 11, 1), end=D(2024, 8, 31))),
    "tx_time-month": ("tx_time", Options(start=H1[0], end=D(2024, 9, 30), clv_method="purchase")),
    "voice7-month": ("voice7", Options(start=H1[0], end=H1[1])),
    "saas1-default-range": ("saas1", Options(churn_event="customer_dates", churn_variant="average")),
    "tx_only-default-range-quarter": ("tx_only", Options("quarter")),
    "saas1-week-no-data-iso53": ("saas1", Options("week", D(2026, 12, 23), D(2027, 1, 6), "customer_days")),
    "voice10-quarter": ("voice10", Options("quarter", H1[0], H1[1])),
    "voice_times-month": ("voice_times", Options(start=H1[0], end=H1[1])),
}

# Known disagreements, where the spec's words say ours is wrong: xfail(strict=True), so a fix shows up as XPASS.
# metric -> [(the oracle's trigger: the data holds the edge case that sets ours and the spec apart, the discrepancy)]
KNOWN: dict[str, list[tuple[str, str]]] = {}


DATE_STYLE = {"saas2_tz": "tz", "tx_time": "time", "messy": "messy", "xlsx": "xlsx",
              "tx_eu": "eu", "subs_serial": "serial", "mapped": "mapped"}  # datasets written with a time of day (and zone)


def _oracle(case: str):
    ds, opts = CASES[case]
    return Oracle(DATASETS[ds], opts).compute()


ORACLE = {case: _oracle(case) for case in CASES}


def write_mapped(tables: dict, folder: Path) -> list[str]:
    """CSV files with other headers, and a mapping file (passed as --mapping) saying which is which."""
    folder.mkdir(parents=True, exist_ok=True)
    files, entries = [], []
    for kind, cols in ODD_HEADERS.items():
        rows = tables[kind]
        path = folder / f"export_{kind}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(list(cols.values()))
            for r in rows:
                w.writerow([_cell(r.get(c)) for c in cols])
        files.append(str(path))
        entries.append({"source": path.name, "kind": kind, "columns": cols})
    mapping = folder / "mapping.json"
    mapping.write_text(json.dumps({"tables": entries, "options": {"day_first": False}}), encoding="utf-8")
    return [*files, "--mapping", str(mapping)]


def _run(case: str, tmp: Path, fmt: str = "json") -> dict | str:
    ds, opts = CASES[case]
    style = DATE_STYLE.get(ds, "iso")
    if style == "mapped":
        files = write_mapped(DATASETS[ds], tmp / case)
    elif style == "xlsx":
        files = write_xlsx(DATASETS[ds], tmp / case)
    else:
        files = write_csvs(DATASETS[ds], tmp / case, style)
    cmd = [sys.executable, "-m", "csm", "report", *files, "--format", fmt, *opts.argv()]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, f"{' '.join(cmd)}\n{p.stderr}"
    return json.loads(p.stdout) if fmt == "json" else p.stdout


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("oracle")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case: pool.submit(_run, case, tmp) for case in CASES}
        return {case: f.result() for case, f in futures.items()}


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _params():
    out = []
    for case, (values, _extras, triggers) in ORACLE.items():
        for mid in sorted(values):
            reasons = [reason for trigger, reason in KNOWN.get(mid, []) if trigger in triggers]
            marks = [pytest.mark.xfail(strict=True, reason=" | ".join(reasons))] if reasons else []
            out.append(pytest.param(case, mid, id=f"{case}:{mid}", marks=marks))
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_periods_match_the_calendar(reports, case):
    ds, opts = CASES[case]
    want = [{"label": lab, "start": s.isoformat(), "end": e.isoformat()}
            for lab, s, e in Oracle(DATASETS[ds], opts).P]
    assert reports[case]["periods"] == want


@pytest.mark.parametrize("case", list(CASES))
def test_churn_event_and_variant_in_force(reports, case):
    """The report says which churn event and churn variant it used (defaults: subscription when subscriptions
    exist, inactivity for transactions only; variant start)."""
    ds, opts = CASES[case]
    oracle = Oracle(DATASETS[ds], opts)
    if "customer_churn_rate" in ORACLE[case][0]:
        assert reports[case]["churn_event"] == oracle.event
        assert reports[case]["metrics"]["customer_churn_rate"]["variant"] == opts.churn_variant


@pytest.mark.parametrize("case,metric", _params())
def test_metric_matches_the_oracle(reports, case, metric):
    values, extras, _ = ORACLE[case]
    got = reports[case]["metrics"]
    assert metric in got, f"{metric} missing; warnings: {reports[case]['warnings']}"
    series = got[metric]["series"]
    labels = [p["label"] for p in reports[case]["periods"]]
    assert [p["period"] for p in series] == labels
    bad = []
    for label, want, have in zip(labels, values[metric], series, strict=True):
        for key in ("value", "numerator", "denominator"):
            if want[key] == CHECK_SKIP:
                continue
            if not _close(have[key], want[key]):
                bad.append(f"{label} {key}: ours {have[key]!r}, spec {want[key]!r}  ({have.get('worked')})")
    for key, want_list in extras.get(metric, {}).items():
        have_list = got[metric].get("extra", {}).get(key)
        assert have_list is not None, f"{metric} extra {key!r} missing"
        for label, w, h in zip(labels, want_list, have_list, strict=True):
            if not _close(h, w):
                bad.append(f"{label} extra {key}: ours {h!r}, spec {w!r}")
    assert not bad, "\n".join(bad)


RATIO_METRICS_WITH_WARNING = ("customer_churn_rate", "customer_retention_rate", "customer_growth_rate",
                              "net_revenue_retention", "gross_revenue_retention", "expansion_mrr_rate",
                              "mrr_growth_rate", "revenue_churn_rate", "quick_ratio", "arpa", "arpu",
                              "repeat_purchase_rate", "customer_retention_cost", "nps", "csat", "ces",
                              "first_contact_resolution_rate", "conversion_rate", "free_to_paid_rate",
                              "active_customer_rate", "dau_mau")


@pytest.mark.parametrize("case", list(CASES))
def test_a_null_ratio_comes_with_a_warning(reports, case):
    """METRICS.md: 'A ratio whose denominator is 0 is null with a warning — never inf, never a crash.'"""
    rep = reports[case]
    missing = []
    for mid, m in rep["metrics"].items():
        if mid not in RATIO_METRICS_WITH_WARNING:
            continue
        for p in m["series"]:
            # the warning may list a few periods and then "and N more"
            if p["value"] is None and not any(w.startswith(mid + " ") and ("null" in w or "undefined" in w)
                                              and (p["period"] in w or " more" in w) for w in rep["warnings"]):
                missing.append(f"{mid} {p['period']}")
    assert not missing, missing


@pytest.mark.parametrize("case", list(CASES))
def test_small_sample_flag(reports, case):
    """METRICS.md: 'A rate computed from fewer than 30 customers (or 30 survey responses) carries a small-sample
    warning.' Checked where the denominator is that count: S for the start-based rates, responses for surveys."""
    metrics = reports[case]["metrics"]
    wrong = []
    for mid in ("customer_retention_rate", "customer_growth_rate", "nps", "csat", "ces"):
        for p in metrics.get(mid, {}).get("series", []):
            if p["small_sample"] != ((p["denominator"] or 0) < 30):
                wrong.append(f"{mid} {p['period']}: {p['denominator']} -> small_sample {p['small_sample']}")
    assert not wrong, wrong


def test_csv_format_carries_the_json_numbers(reports, tmp_path):
    """--format csv: one row per metric and period, the same value / numerator / denominator as --format json."""
    case = "saas1-month-default"
    text = _run(case, tmp_path, fmt="csv")
    rows = list(csv.DictReader(text.splitlines()))
    by_key = {(r["metric"], r["period"]): r for r in rows}
    for mid, m in reports[case]["metrics"].items():
        for p in m["series"]:
            r = by_key[(mid, p["period"])]
            for key in ("value", "numerator", "denominator"):
                want = p[key]
                assert (r[key] == "") if want is None else _close(float(r[key]), want), (mid, p["period"], key)


# ---------------------------------------------------------------------------------------------------- minimal cases
def _report(tmp_path, tables: dict, *args: str, style: str = "iso") -> dict:
    files = write_csvs(tables, tmp_path, style)
    p = subprocess.run([sys.executable, "-m", "csm", "report", *files, "--format", "json", *args],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_free_to_paid_minimal(tmp_path):
    # p_start pays on 1 Feb: free 10 Jan – 1 Feb (free that morning); "free" never pays. Feb: 1 upgrade ÷ 2 free.
    tables = {"customers": [
        {"customer_id": "p_start", "signup_date": D(2024, 1, 10), "churn_date": None, "paid_date": D(2024, 2, 1)},
        {"customer_id": "free", "signup_date": D(2024, 1, 5), "churn_date": None, "paid_date": None}]}
    s = _report(tmp_path, tables, "--start", "2024-01-01", "--end", "2024-02-29")["metrics"]["free_to_paid_rate"]
    feb = s["series"][1]
    assert (feb["numerator"], feb["denominator"], feb["value"]) == (1, 2, 50)


def test_free_to_paid_numerator_minimal(tmp_path):
    # "gone" signs up 5 Jan, churns 1 Feb, pays 10 Mar: no upgrade (not free that day). March: 0 upgrades ÷ 1 free.
    tables = {"customers": [
        {"customer_id": "gone", "signup_date": D(2024, 1, 5), "churn_date": D(2024, 2, 1), "paid_date": D(2024, 3, 10)},
        {"customer_id": "free", "signup_date": D(2024, 1, 5), "churn_date": None, "paid_date": None}]}
    s = _report(tmp_path, tables, "--start", "2024-03-01", "--end", "2024-03-31")["metrics"]["free_to_paid_rate"]
    mar = s["series"][0]
    assert (mar["numerator"], mar["denominator"], mar["value"], s["extra"]["upgrades"][0]) == (0, 1, 0, 0)
    report = _report(tmp_path, tables, "--start", "2024-03-01", "--end", "2024-03-31")
    assert any("1 customer with a paid date is no upgrade (paid on or after the churn date)" in w
               for w in report["warnings"]), report["warnings"]


def test_resolution_time_keeps_the_time_of_day(tmp_path):
    """Created 3 Jan 10:00, resolved 3 Jan 13:00: 3 hours. METRICS.md's calendar dates place the ticket in its
    period; "median hours from created to resolved" reads the times written (a reading, stated in the notes)."""
    tables = {"tickets": [{"ticket_id": "t1", "created_at": dt.datetime(2024, 1, 3, 10), "customer_id": "a",
                           "resolved_at": dt.datetime(2024, 1, 3, 13), "first_contact_resolved": True}]}
    s = _report(tmp_path, tables, "--start", "2024-01-01", "--end", "2024-01-31")["metrics"]["resolution_time_hours"]
    assert s["series"][0]["value"] == 3


def test_dropped_time_of_day_is_reported(tmp_path):
    """METRICS.md (Time): '(time of day and time zone dropped after parsing; the data report says so)'."""
    tables = {"transactions": [{"transaction_id": "t1", "customer_id": "a", "date": D(2024, 1, 31), "amount": 10,
                                "recurring": True}]}
    rep = _report(tmp_path, tables, "--start", "2024-01-01", "--end", "2024-01-31", style="tz")
    assert rep["metrics"]["revenue"]["series"][0]["value"] == 10  # 31 Jan as written, not 1 Feb in UTC
    notes = [w for w in rep["warnings"] if "left out" not in w and "undefined" not in w]
    assert any("time" in w.lower() for w in notes), rep["warnings"]


def test_fiscal_year_bounds(tmp_path):
    """METRICS.md: year granularity with an optional fiscal-year start month: April to March."""
    rep = _report(tmp_path, {"subscriptions": [{"customer_id": "a", "start_date": D(2024, 1, 5), "end_date": None,
                                                "mrr": 10}]},
                  "--granularity", "year", "--fiscal-start", "4", "--start", "2024-01-01", "--end", "2024-12-31")
    assert [(p["start"], p["end"]) for p in rep["periods"]] == [("2023-04-01", "2024-04-01"),
                                                               ("2024-04-01", "2025-04-01")]
    assert [p["value"] for p in rep["metrics"]["mrr"]["series"]] == [10, 10]
