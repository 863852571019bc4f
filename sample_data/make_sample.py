"""Write the sample data: Brightwave Analytics (clean CSVs + workbook), the messy Acme export, and the templates.

    python sample_data/make_sample.py            # rewrites everything under sample_data/

Deterministic: every random draw comes from NumPy generators seeded with fixed numbers, every date is fixed,
so the CSVs and JSON files are byte-identical on every run. The workbooks are written with fixed document
properties and zip timestamps, so they are stable too (for the same openpyxl and zlib).

Brightwave Analytics is fictional: a B2B SaaS selling Starter $49, Growth $149 and Scale $499 a month (annual
plans = 10 × the monthly price, billed yearly), 2023-01-01 to 2025-12-31. The story the numbers tell:

- launch in January 2023 with a batch of beta customers, then steadily growing sign-ups;
- logo churn of about 2–4 % a month, higher on Starter, lower on Scale and on annual plans;
- a product outage in July 2024: a spike of tickets, service credits, an NPS dip and a churn bump in Aug–Oct 2024;
- in 2025 a bigger CS team and a new onboarding program: faster onboarding, better FCR, lower churn;
- the "Forecasting" feature launched on 2024-09-01 (feature adoption grows from zero);
- one CSM's book (Tom Okafor) churns noticeably more than the others' (churn by owner).
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from csm.schema import KINDS  # noqa: E402

SEED = 20230101
FIXED_STAMP = datetime(2026, 1, 1, 0, 0, 0)  # document properties of the workbooks
ZIP_STAMP = (2026, 1, 1, 0, 0, 0)


def rng_for(name: str) -> np.random.Generator:
    """One independent generator per purpose, so changing one table does not reshuffle the others."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode())])


# ---------------------------------------------------------------------------------------------------------------
# Calendar helpers


def add_months(d: date, k: int) -> date:
    m = d.month - 1 + k
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, days_in_month(y, m)))


def days_in_month(y: int, m: int) -> int:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - date(y, m, 1)).days


def month_starts(start: date, end: date) -> list[date]:
    out, d = [], date(start.year, start.month, 1)
    while d <= end:
        out.append(d)
        d = add_months(d, 1)
    return out


def month_end(d: date) -> date:
    return date(d.year, d.month, days_in_month(d.year, d.month))


def months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


# ---------------------------------------------------------------------------------------------------------------
# Word lists

NAME_A = (
    "Blue", "North", "Summit", "Cedar", "Harbor", "Maple", "Silver", "Granite", "Copper", "Willow", "Pioneer",
    "Lakeside", "Redwood", "Bright", "Sterling", "Evergreen", "Oak", "Falcon", "Meridian", "Prairie", "Coastal",
    "Aspen", "Keystone", "Riverbend", "Ironwood", "Juniper", "Beacon", "Horizon", "Crescent", "Highland",
    "Orchard", "Sunrise", "Atlas", "Brook", "Canyon", "Clearwater", "Fairview", "Golden", "Hillcrest", "Liberty",
    "Magnolia", "Northstar", "Pinecrest", "Quarry", "Rockport", "Sequoia", "Tidewater", "Union", "Valley", "Westfield",
)
NAME_B = (
    "Logistics", "Dental", "Bakery", "Analytics", "Outfitters", "Builders", "Legal", "Realty", "Fitness", "Foods",
    "Labs", "Consulting", "Marketing", "Apparel", "Clinics", "Supply", "Studios", "Brewing", "Freight", "Insurance",
    "Pharmacy", "Solar", "Media", "Travel", "Motors", "Roofing", "Accounting", "Veterinary", "Events", "Print",
    "Software", "Wellness", "Interiors", "Staffing", "Energy", "Coffee", "Hardware", "Learning", "Home Care", "Optics",
)
NAME_C = ("LLC", "Inc.", "Co.", "Group", "Partners", "", "", "Ltd.")

CSMS = (  # name, joined
    ("Priya Natarajan", date(2023, 1, 1)),
    ("Marcus Bell", date(2023, 1, 1)),
    ("Elena Ruiz", date(2024, 3, 1)),
    ("Tom Okafor", date(2024, 3, 1)),
    ("Hannah Schmidt", date(2025, 2, 1)),
)
OWNER_CHURN = {"Priya Natarajan": 0.85, "Marcus Bell": 1.0, "Elena Ruiz": 0.95, "Tom Okafor": 1.45, "Hannah Schmidt": 0.9}

AGENTS = (  # name, joined, first-contact resolution rate
    ("Sam Carter", date(2023, 1, 1), 0.74),
    ("Aisha Khan", date(2023, 1, 1), 0.70),
    ("Diego Alvarez", date(2023, 1, 1), 0.66),
    ("Wei Zhang", date(2023, 1, 1), 0.56),
    ("Olivia Brooks", date(2024, 4, 1), 0.72),
    ("Noah Fischer", date(2025, 1, 1), 0.78),
)
PRIORITIES = ("Low", "Normal", "High", "Urgent")

FEATURES = ("Dashboards", "Reports", "Data connectors", "Alerts", "Segments", "Sharing", "API", "Forecasting")
FEATURE_ALPHA = np.array([3.0, 2.5, 1.2, 1.0, 0.8, 0.8, 0.4, 0.9])
FORECASTING_LAUNCH = date(2024, 9, 1)

OUTAGE_START, OUTAGE_END = date(2024, 7, 8), date(2024, 7, 19)

NPS_COMMENTS = {
    "promoter": (
        "Love the dashboards, the whole team uses them every morning.",
        "Support is fast and friendly.",
        "Saves us hours every week on reporting.",
        "Our CSM really understands our business.",
        "Easy to set up and the connectors just work.",
        "Best analytics tool we have tried.",
        "The alerts caught a problem before our customers did.",
        "Great value for the price.",
        "Forecasting is a game changer for our planning.",
        "Onboarding was smooth, we were live in two weeks.",
    ),
    "passive": (
        "Good product, a few reports are slow.",
        "Does what we need, the UI could be simpler.",
        "Fine overall, would like more export options.",
        "Solid, but pricing for more seats is steep.",
        "Works well once set up; setup took a while.",
        "Decent. Missing a couple of connectors we need.",
        "Happy enough, documentation could be better.",
    ),
    "detractor": (
        "Too many outages lately.",
        "Reports are often wrong after the data sync.",
        "Support takes days to answer.",
        "Too expensive for what we use.",
        "We never managed to connect our CRM.",
        "The July outage cost us a week of reporting.",
        "Hard to learn, our team stopped using it.",
        "Billing mistakes two months in a row.",
    ),
}
CSAT_COMMENTS = {
    "good": ("Quick fix, thanks!", "Very helpful agent.", "Solved on the first call.", "Clear explanation.",
             "Great service as always."),
    "bad": ("Took far too long.", "Had to explain the problem three times.", "Still not fixed.",
            "Nobody followed up.", "The answer did not help."),
}
CES_COMMENTS = {
    "easy": ("Setup was painless.", "The onboarding checklist made it easy.", "Connectors worked first time.",
             "Our CSM walked us through everything."),
    "hard": ("Took much longer than expected.", "Data import was confusing.", "Too many steps to connect our data.",
             "We needed several calls to get started."),
}


# ---------------------------------------------------------------------------------------------------------------
# The company simulation (shared by Brightwave and the smaller Acme export)


@dataclass(frozen=True)
class Company:
    name: str
    id_fmt: str
    start: date
    end: date  # last day of the data
    launch: int  # customers signing up in the first month
    signups: tuple[float, float]  # expected sign-ups per month: base + slope × month index
    plans: tuple[str, ...]  # cheapest first
    prices: dict[str, float]  # monthly price
    churn: tuple[float, ...]  # base monthly churn hazard per plan
    plan_mix: dict[str, tuple[float, ...]]  # per segment
    segments: dict[str, float]
    annual_share: dict[str, float]
    trial_share: dict[str, float]
    never_pay: float  # share of trials that never pay
    early_cancel: int  # customers who join and leave in the same month
    owners: tuple[tuple[str, date], ...]
    events: bool  # the outage of July 2024 and the 2025 improvements


@dataclass
class Sub:
    customer: str
    plan: str
    period: str  # month / year
    start: date
    amount: float
    end: date | None = None
    start_kind: str = "new"  # new / upgrade / downgrade / switch / reactivation
    end_reason: str | None = None  # churn / upgrade / downgrade / switch / early_cancel
    sid: str = ""

    @property
    def mrr(self) -> float:
        return self.amount / 12 if self.period == "year" else self.amount


@dataclass
class Customer:
    idx: int
    cid: str
    name: str
    segment: str
    owner: str
    signup: date
    fit: float
    plan0: str
    period0: str
    trial_days: int = 0
    never_pays: bool = False
    early_cancel: bool = False
    paid: date | None = None
    subs: list[Sub] = field(default_factory=list)
    churn_date: date | None = None
    onboarding_start: date | None = None
    onboarding_complete: date | None = None
    n_users: int = 1

    @property
    def trial_end(self) -> date | None:
        return self.signup + timedelta(self.trial_days) if self.trial_days else None

    @property
    def plan(self) -> str:
        return self.subs[-1].plan if self.subs else self.plan0

    def intervals(self, end: date) -> list[tuple[date, date, str]]:
        """Merged active intervals [a, b) clipped to the data (b = end + 1 day when still active), with how each
        ended ("open", "churn", "trial")."""
        out: list[list] = []
        if self.trial_days:
            te = self.trial_end if (self.never_pays or self.paid is None) else self.paid
            out.append([self.signup, min(te, end + timedelta(1)), "trial" if self.never_pays and te <= end else "open"])
        for s in self.subs:
            b = s.end if s.end is not None else end + timedelta(1)
            how = "churn" if s.end is not None else "open"
            if out and out[-1][1] >= s.start:
                out[-1][1], out[-1][2] = max(out[-1][1], b), how
            else:
                out.append([s.start, b, how])
        return [(a, b, how) for a, b, how in out]


def time_mult(co: Company, d: date) -> float:
    if not co.events:
        return 1.0
    if date(2024, 8, 1) <= d < date(2024, 11, 1):
        return 1.8  # churn after the July 2024 outage
    if d >= date(2025, 1, 1):
        return 0.72  # bigger CS team, new onboarding program
    return 1.0


def company_name(rng: np.random.Generator, used: set[str]) -> str:
    while True:
        parts = [NAME_A[rng.integers(len(NAME_A))], NAME_B[rng.integers(len(NAME_B))], NAME_C[rng.integers(len(NAME_C))]]
        name = " ".join(p for p in parts if p)
        if name not in used:
            used.add(name)
            return name


def simulate(co: Company, tag: str) -> list[Customer]:
    rng = rng_for(f"{tag}:customers")
    months = month_starts(co.start, co.end)
    signups: list[date] = []
    for mi, m0 in enumerate(months):
        if mi == 0:
            n = co.launch
        else:
            season = {12: 0.75, 1: 1.15, 8: 0.85}.get(m0.month, 1.0)
            n = int(rng.poisson((co.signups[0] + co.signups[1] * mi) * season))
        dim = days_in_month(m0.year, m0.month)
        signups += [m0 + timedelta(int(d)) for d in np.sort(rng.integers(0, dim, n))]
    used: set[str] = set()
    segs = list(co.segments)
    custs: list[Customer] = []
    loads = dict.fromkeys((o for o, _ in co.owners), 0)
    for i, sd in enumerate(signups):
        seg = segs[rng.choice(len(segs), p=list(co.segments.values()))]
        plan0 = co.plans[rng.choice(len(co.plans), p=co.plan_mix[seg])]
        period0 = "year" if rng.random() < co.annual_share[seg] else "month"
        avail = [o for o, joined in co.owners if joined <= sd]
        # the least-loaded available CSM, ties broken at random
        low = min(loads[o] for o in avail)
        cands = [o for o in avail if loads[o] <= low + 8]
        owner = cands[rng.integers(len(cands))]
        loads[owner] += 1
        c = Customer(i, co.id_fmt.format(i + 1), company_name(rng, used), seg, owner, sd, float(rng.normal()), plan0, period0)
        if rng.random() < co.trial_share[seg]:
            c.trial_days = int(rng.choice([14, 14, 14, 21, 30, 30]) + rng.integers(0, 3))
            c.never_pays = bool(rng.random() < co.never_pay)
        custs.append(c)
    # a few who join and leave within the same calendar month: no trial, sign up early in the month
    pool = [c for c in custs if not c.trial_days and co.start + timedelta(45) < c.signup < co.end - timedelta(60)]
    for j in rng.choice(len(pool), co.early_cancel, replace=False):
        c = pool[int(j)]
        c.early_cancel = True
        c.signup = date(c.signup.year, c.signup.month, int(rng.integers(1, 11)))
    # the launch batch signs up on the first days; keep customers ordered by sign-up for readable ids
    custs.sort(key=lambda c: (c.signup, c.idx))
    for i, c in enumerate(custs):
        c.idx, c.cid = i, co.id_fmt.format(i + 1)
    life = rng_for(f"{tag}:lifecycle")
    for c in custs:
        lifecycle(co, c, life)
        onboarding(co, c, life)
    return custs


def lifecycle(co: Company, c: Customer, rng: np.random.Generator) -> None:
    if c.never_pays:
        c.churn_date = c.trial_end if c.trial_end <= co.end else None
        return
    c.paid = c.signup + timedelta(c.trial_days)
    if c.paid > co.end:  # still on trial at the end of the data
        c.paid = None
        return
    tier = {p: i for i, p in enumerate(co.plans)}
    seg_mult = {"SMB": 1.1, "Mid-market": 0.9, "Enterprise": 0.7}[c.segment]
    owner_mult = OWNER_CHURN.get(c.owner, 1.0)
    plan, period, start, kind = c.plan0, c.period0, c.paid, "new"
    reactivations = 0
    while start <= co.end:
        amount = co.prices[plan] * (10 if period == "year" else 1)
        sub = Sub(c.cid, plan, period, start, amount, start_kind=kind)
        c.subs.append(sub)
        if c.early_cancel:
            sub.end, sub.end_reason = start + timedelta(int(rng.integers(6, 16))), "early_cancel"
            break
        step = 12 if period == "year" else 1
        k, nxt = 1, None
        while True:
            r = add_months(start, step * k)
            if r > co.end:
                break
            tenure = months_between(c.paid, r)
            t = tier[plan]
            p = co.churn[t] * seg_mult * owner_mult * math.exp(-0.45 * c.fit) * time_mult(co, r)
            p *= 1.4 if tenure <= 3 else 1.0
            up = (0.018, 0.010, 0.0)[t] * math.exp(0.3 * c.fit) if t < len(co.plans) - 1 else 0.0
            down = (0.0, 0.005, 0.006)[t] * math.exp(-0.3 * c.fit) if t > 0 else 0.0
            switch = 0.004 if period == "month" and co.annual_share["SMB"] > 0 else 0.0
            if period == "year":
                p = 1 - (1 - 0.75 * p) ** 12
                up, down = (1 - (1 - up) ** 12) * 0.6, 1 - (1 - down) ** 12
            u = rng.random()
            if u < p:
                sub.end, sub.end_reason = r, "churn"
                if reactivations < 2 and rng.random() < 0.16 * math.exp(0.3 * c.fit):
                    reactivations += 1
                    back = r + timedelta(int(rng.integers(45, 300)))
                    new_plan = plan if rng.random() < 0.7 else co.plans[max(0, t - 1)]
                    nxt = (new_plan, "month", back, "reactivation")
                break
            if u < p + up:
                sub.end, sub.end_reason = r, "upgrade"
                nxt = (co.plans[t + 1], period, r, "upgrade")
                break
            if u < p + up + down:
                sub.end, sub.end_reason = r, "downgrade"
                nxt = (co.plans[t - 1], period, r, "downgrade")
                break
            if u < p + up + down + switch:
                sub.end, sub.end_reason = r, "switch"
                nxt = (plan, "year", r, "switch")
                break
            k += 1
        if nxt is None:
            break
        plan, period, start, kind = nxt
    last = c.subs[-1]
    c.churn_date = last.end if last.end is not None and last.end <= co.end else None


def onboarding(co: Company, c: Customer, rng: np.random.Generator) -> None:
    c.onboarding_start = c.signup if rng.random() < 0.75 else c.signup + timedelta(int(rng.integers(1, 8)))
    median = 13.0 if (co.events and c.signup >= date(2025, 1, 1)) else 21.0
    days = 4 + round(rng.lognormal(math.log(median - 4), 0.45))
    done = c.onboarding_start + timedelta(days)
    stalled = rng.random() < 0.05
    left = c.churn_date is not None and done >= c.churn_date
    if c.never_pays and c.trial_end and done >= c.trial_end:
        left = True
    c.onboarding_complete = None if (stalled or left or done > co.end) else done
    plan_users = {0: (1, 4), 1: (2, 7), 2: (5, 13)}[co.plans.index(c.plan0)]
    c.n_users = int(rng.integers(*plan_users)) + (2 if any(s.start_kind == "upgrade" for s in c.subs) else 0)


def assign_subscription_ids(custs: list[Customer], fmt: str) -> list[Sub]:
    subs = sorted((s for c in custs for s in c.subs), key=lambda s: (s.start, s.customer))
    for i, s in enumerate(subs):
        s.sid = fmt.format(i + 1)
    return subs


# ---------------------------------------------------------------------------------------------------------------
# Brightwave tables


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


def d_iso(d: date | None) -> str:
    return "" if d is None else d.isoformat()


def money(x: float) -> str:
    return f"{x:.2f}"


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


def usage_rows(co: Company, custs: list[Customer]) -> tuple[list[str], list[list], dict[str, np.ndarray]]:
    """Daily usage: one row per active user and day (sometimes two features), fading out before churn.

    Returns also, per customer, the active day ordinals (used for tickets)."""
    rng = rng_for("brightwave:usage")
    launch = FORECASTING_LAUNCH.toordinal()
    o_start, o_end = co.start.toordinal(), co.end.toordinal()
    chunks: list[tuple] = []
    active_days: dict[str, np.ndarray] = {}
    for c in custs:
        ivs = c.intervals(co.end)
        if not ivs:
            continue
        days = np.concatenate([np.arange(a.toordinal(), b.toordinal()) for a, b, _ in ivs])
        days = days[(days >= o_start) & (days <= o_end)]
        active_days[c.cid] = days
        if days.size == 0:
            continue
        ends = np.array(sorted(b.toordinal() for _, b, how in ivs if how in ("churn", "trial")), dtype=np.int64)
        weekday = (days - 1) % 7  # 0 = Monday
        engage = float(np.clip(math.exp(0.35 * c.fit + rng.normal(0, 0.2)), 0.4, 1.6))
        p = np.where(weekday < 5, 0.155, 0.014) * engage
        since = days - days[0]
        p = p * (0.45 + 0.55 * np.minimum(1.0, since / 30))
        if ends.size:
            pos = np.searchsorted(ends, days, side="right")
            has = pos < ends.size
            to_end = np.where(has, ends[np.minimum(pos, ends.size - 1)] - days, 10_000)
            p = p * np.where(to_end < 90, 0.15 + 0.85 * (to_end / 90) ** 1.5, 1.0)
        drift = np.exp(rng.normal(0, 0.2, size=(days.size // 30) + 1))
        p = np.clip(p * np.repeat(drift, 30)[: days.size], 0, 0.95)
        weights = rng.dirichlet(FEATURE_ALPHA * (2.0 if c.plan0 == "Scale" else 1.0) + 0.05)
        w_pre = weights.copy()
        w_pre[FEATURES.index("Forecasting")] = 0
        cum_pre, cum_post = np.cumsum(w_pre / w_pre.sum()), np.cumsum(weights)
        act = rng.random((c.n_users, days.size)) < p
        user_i, day_i = np.nonzero(act)
        # a second feature on some active user-days
        extra = rng.random(user_i.size) < 0.2
        user_i = np.concatenate([user_i, user_i[extra]])
        day_i = np.concatenate([day_i, day_i[extra]])
        d = days[day_i]
        u = rng.random(d.size)
        cum = np.where((d >= launch)[:, None], cum_post[None, :], cum_pre[None, :])
        feat = np.minimum((u[:, None] > cum).sum(axis=1), len(FEATURES) - 1)
        minutes = np.clip(np.round(rng.lognormal(math.log(14), 0.8, d.size)), 1, 240).astype(np.int64)
        chunks.append((c.cid, d, user_i, feat, minutes))
    rows: list[tuple] = []
    for cid, d, ui, feat, minutes in chunks:
        for a, b, f, m in zip(d.tolist(), ui.tolist(), feat.tolist(), minutes.tolist(), strict=True):
            rows.append((a, cid, b + 1, f, m))
    rows.sort()
    # a user uses a feature at most once a day in the export: merge duplicates (second draws of the same feature)
    merged: list[list] = []
    for a, cid, u, f, m in rows:
        if merged and merged[-1][0] == a and merged[-1][1] == cid and merged[-1][2] == u and merged[-1][3] == f:
            merged[-1][4] += m
        else:
            merged.append([a, cid, u, f, m])
    head = ["Date", "Customer ID", "User ID", "Feature", "Minutes"]
    out = [[date.fromordinal(a), cid, f"{cid}-U{u:02d}", FEATURES[f], m] for a, cid, u, f, m in merged]
    return head, out, active_days


def tickets_rows(co: Company, custs: list[Customer], active_days: dict[str, np.ndarray]) -> list[dict]:
    rng = rng_for("brightwave:tickets")
    o_out_a, o_out_b = OUTAGE_START.toordinal(), OUTAGE_END.toordinal()
    tickets: list[dict] = []
    cut = datetime.combine(co.end, datetime.max.time())
    for c in custs:
        days = active_days.get(c.cid)
        if days is None or days.size == 0:
            continue
        base = {0: 0.25, 1: 0.45, 2: 0.9}[co.plans.index(c.plan0)] / 30
        weekday = (days - 1) % 7
        rate = base * np.where(weekday < 5, 1.3, 0.25)
        rate = rate * np.where((days >= o_out_a) & (days <= o_out_b), 5.0, 1.0)
        rate = rate * np.where(days - days[0] < 30, 2.0, 1.0)
        ends = np.array(sorted(b.toordinal() for _, b, how in c.intervals(co.end) if how == "churn"), dtype=np.int64)
        if ends.size:
            pos = np.searchsorted(ends, days, side="right")
            to_end = np.where(pos < ends.size, ends[np.minimum(pos, ends.size - 1)] - days, 10_000)
            rate = rate * np.where(to_end < 60, 1.8, 1.0)
        n = rng.poisson(rate)
        for day_ord in np.repeat(days, n).tolist():
            d = date.fromordinal(day_ord)
            hour = int(rng.choice(np.arange(7, 20), p=_HOUR_P))
            created = datetime(d.year, d.month, d.day, hour, int(rng.integers(0, 60)))
            agents = [a for a in AGENTS if a[1] <= d]
            name, _, fcr_p = agents[int(rng.integers(len(agents)))]
            outage = OUTAGE_START <= d <= OUTAGE_END
            if co.events and d >= date(2025, 1, 1):
                fcr_p += 0.05
            if outage:
                fcr_p -= 0.2
            prio = PRIORITIES[int(rng.choice(4, p=[0.05, 0.25, 0.35, 0.35] if outage else [0.25, 0.5, 0.2, 0.05]))]
            fcr = bool(rng.random() < fcr_p)
            contacts = 1 if fcr else 2 + int(rng.poisson(1.0))
            hours = rng.lognormal(math.log(2.5), 0.9) if fcr else rng.lognormal(math.log(14 * (contacts - 1)), 0.7)
            if prio == "Urgent":
                hours *= 0.4
            resolved = created + timedelta(minutes=max(5, round(hours * 60)))
            if (co.end - d).days < 6 and rng.random() < 0.2:  # a few tickets of the last days are still open
                resolved = None
            tickets.append({"customer": c.cid, "created": created, "resolved": None if resolved is None or resolved > cut else resolved,
                            "fcr": fcr, "contacts": contacts, "agent": name, "priority": prio})
    tickets.sort(key=lambda t: (t["created"], t["customer"]))
    for i, t in enumerate(tickets):
        t["id"] = f"TCK-{10001 + i}"
    return tickets


_HOUR_P = np.array([2, 6, 10, 11, 10, 8, 9, 10, 10, 9, 7, 5, 3], dtype=float)
_HOUR_P /= _HOUR_P.sum()


def tickets_table(tickets: list[dict]) -> tuple[list[str], list[list]]:
    head = ["Ticket ID", "Customer ID", "Created at", "Resolved at", "Resolved on first contact", "Contacts", "Agent",
            "Priority"]
    rows = [[t["id"], t["customer"], t["created"], t["resolved"], "Y" if t["fcr"] and t["resolved"] else "N",
             t["contacts"], t["agent"], t["priority"]] for t in tickets]
    return head, rows


def surveys_table(co: Company, custs: list[Customer], tickets: list[dict]) -> tuple[list[str], list[list]]:
    rng = rng_for("brightwave:surveys:2")
    out: list[tuple] = []  # date, type, customer, score, comment

    def pick(options: tuple[str, ...]) -> str:
        return options[int(rng.integers(len(options)))]

    # NPS: every quarter, every paying customer is asked once (a rolling schedule over the quarter); ~30 % answer
    quarters = [q for q in month_starts(co.start, co.end) if q.month in (1, 4, 7, 10)]
    for c in custs:
        for q in quarters:
            sent = q + timedelta(int(rng.integers(0, 84)))
            ans = sent + timedelta(int(rng.integers(0, 11)))
            paying = any(s.start <= sent and (s.end is None or s.end > sent) for s in c.subs)
            respond = rng.random() < 0.30
            if not paying or not respond or ans > co.end:
                continue
            latent = 8.1 + 1.2 * c.fit + (0.3 if c.plan == "Scale" else 0.0) + rng.normal(0, 1.5)
            if any(s.end_reason in ("churn", "early_cancel") and 0 <= (s.end - ans).days <= 120 for s in c.subs):
                latent -= 2.2
            if date(2024, 7, 1) <= ans < date(2024, 10, 1):
                latent -= 1.0
            if ans >= date(2025, 1, 1):
                latent += 0.4
            score = int(np.clip(round(latent), 0, 10))
            group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
            comment = pick(NPS_COMMENTS[group]) if rng.random() < 0.55 else ""
            if comment.startswith("Forecasting") and ans < FORECASTING_LAUNCH:
                comment = NPS_COMMENTS["promoter"][0]
            if "July outage" in comment and ans < date(2024, 8, 1):
                comment = NPS_COMMENTS["detractor"][0]
            out.append((ans, "nps", c.cid, score, comment))
    # CSAT after resolved tickets
    csat_p = {"fcr": [0.02, 0.03, 0.08, 0.32, 0.55], "multi": [0.07, 0.10, 0.18, 0.33, 0.32],
              "slow": [0.15, 0.15, 0.25, 0.25, 0.20]}
    for t in tickets:
        if t["resolved"] is None or rng.random() >= 0.35:
            continue
        d = t["resolved"].date() + timedelta(int(rng.integers(0, 2)))
        if d > co.end:
            continue
        hours = (t["resolved"] - t["created"]).total_seconds() / 3600
        key = "fcr" if t["fcr"] else ("slow" if hours > 48 else "multi")
        score = int(rng.choice(5, p=csat_p[key])) + 1
        comment = ""
        if rng.random() < 0.3:
            comment = pick(CSAT_COMMENTS["good" if score >= 4 else "bad"])
        out.append((d, "csat", t["customer"], score, comment))
    # CES after onboarding
    ces_p = {"fast": [0.02, 0.05, 0.13, 0.40, 0.40], "mid": [0.04, 0.10, 0.26, 0.38, 0.22],
             "slow": [0.12, 0.22, 0.30, 0.26, 0.10]}
    for c in custs:
        if c.onboarding_complete is None or rng.random() >= 0.55:
            continue
        d = c.onboarding_complete + timedelta(int(rng.integers(1, 5)))
        if d > co.end:
            continue
        took = (c.onboarding_complete - c.onboarding_start).days
        score = int(rng.choice(5, p=ces_p["fast" if took <= 14 else "mid" if took <= 30 else "slow"])) + 1
        comment = pick(CES_COMMENTS["easy" if score >= 4 else "hard"]) if rng.random() < 0.35 else ""
        out.append((d, "ces", c.cid, score, comment))
    out.sort(key=lambda r: (r[0], r[1], r[2]))
    head = ["Response ID", "Date", "Customer ID", "Survey type", "Score", "Comment"]
    return head, [[f"R-{i + 1:05d}", d, cid, typ, score, com] for i, (d, typ, cid, score, com) in enumerate(out)]


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


# ---------------------------------------------------------------------------------------------------------------
# Facts computed straight from the simulation (an independent check for the metrics engine)


def facts(co: Company, custs: list[Customer], surveys: list[list]) -> dict:
    months = month_starts(co.start, co.end)
    ivs = {c.cid: [(a, b) for a, b, _ in _sub_intervals(c)] for c in custs}
    first = {cid: v[0][0] for cid, v in ivs.items() if v}

    def active(cid: str, d: date) -> bool:
        return any(a <= d < b for a, b in ivs[cid])

    def mrr_on(d: date) -> float:
        return sum(s.mrr for c in custs for s in c.subs if s.start <= d and (s.end is None or s.end > d))

    out = []
    for m in months:
        nxt = add_months(m, 1)
        before, last = m - timedelta(1), nxt - timedelta(1)
        s_n = sum(active(cid, before) for cid in ivs)
        e_n = sum(active(cid, last) for cid in ivs)
        new = sum(1 for cid, f in first.items() if m <= f < nxt)
        react = sum(1 for cid, v in ivs.items() if first.get(cid) is not None and not (m <= first[cid] < nxt)
                    and any(m <= a < nxt for a, _ in v[1:]))
        churned = sum(1 for cid, v in ivs.items() if any(m <= b < nxt and not active(cid, b) for _, b in v))
        out.append({"month": m.strftime("%Y-%m"), "customers_start": s_n, "new": new, "reactivated": react,
                    "churned": churned, "customers_end": e_n,
                    "churn_rate_start": round(100 * churned / s_n, 2) if s_n else None,
                    "mrr_end": round(mrr_on(last), 2)})
    nps = {}
    for y in (2023, 2024, 2025):
        for q in range(4):
            sc = [r[4] for r in surveys if r[3] == "nps" and r[1].year == y and (r[1].month - 1) // 3 == q]
            if sc:
                pro = sum(s >= 9 for s in sc) / len(sc)
                det = sum(s <= 6 for s in sc) / len(sc)
                nps[f"{y}-Q{q + 1}"] = {"responses": len(sc), "nps": round(100 * (pro - det), 1)}
    return {"company": co.name, "definitions": "METRICS.md, churn event = subscription; month ends; MRR = amount ÷ 12 for annual plans",
            "months": out, "nps_by_quarter": nps}


def _sub_intervals(c: Customer) -> list[tuple[date, date, str]]:
    out: list[list] = []
    for s in c.subs:
        b = s.end if s.end is not None else date(9999, 12, 31)
        if out and out[-1][1] >= s.start:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([s.start, b, ""])
    return [tuple(x) for x in out]


# ---------------------------------------------------------------------------------------------------------------
# Writing


def fmt_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        return money(v)
    return str(v)


def write_csv(path: Path, head: list[str], rows: list[list], money_cols: set[str] = frozenset()) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for r in rows:
        w.writerow([fmt_cell(v) for v in r])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))


MONEY_FMT = '"$"#,##0.00;-"$"#,##0.00'
DATE_FMT = "yyyy-mm-dd"
DATETIME_FMT = "yyyy-mm-dd hh:mm"
EPOCH = date(1899, 12, 30)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class XlsxWriter:
    """A small, fast and deterministic .xlsx writer for plain tables (openpyxl needs a minute for 1M cells).

    Every sheet: a bold header row, frozen below the header; dates and datetimes as real date cells, money as
    numbers with a currency format, text in the shared-strings table."""

    STYLE_HEADER, STYLE_DATE, STYLE_DATETIME, STYLE_MONEY = 1, 2, 3, 4

    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []
        self.strings: dict[str, int] = {}

    def _s(self, text: str) -> int:
        i = self.strings.get(text)
        if i is None:
            i = self.strings[text] = len(self.strings)
        return i

    def add_sheet(self, title: str, head: list[str], rows: list[list], money_cols: set[str], widths: dict[str, int]) -> None:
        letters = [get_column_letter(i + 1) for i in range(len(head))]
        money_idx = {i for i, h in enumerate(head) if h in money_cols}
        out = []
        cells = "".join(f'<c r="{letters[i]}1" s="{self.STYLE_HEADER}" t="s"><v>{self._s(h)}</v></c>' for i, h in enumerate(head))
        out.append(f'<row r="1">{cells}</row>')
        for n, r in enumerate(rows, start=2):
            cells = []
            for i, v in enumerate(r):
                if v is None or v == "":
                    continue
                ref = f"{letters[i]}{n}"
                if isinstance(v, datetime):
                    serial = (v.date() - EPOCH).days + (v.hour * 60 + v.minute) / 1440
                    cells.append(f'<c r="{ref}" s="{self.STYLE_DATETIME}"><v>{serial!r}</v></c>')
                elif isinstance(v, date):
                    cells.append(f'<c r="{ref}" s="{self.STYLE_DATE}"><v>{(v - EPOCH).days}</v></c>')
                elif isinstance(v, bool):
                    raise TypeError("booleans are written as text")
                elif isinstance(v, (int, float)):
                    style = f' s="{self.STYLE_MONEY}"' if i in money_idx else ""
                    cells.append(f'<c r="{ref}"{style}><v>{v!r}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="s"><v>{self._s(str(v))}</v></c>')
            out.append(f'<row r="{n}">{"".join(cells)}</row>')
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{widths.get(h, max(12, len(h) + 2))}" customWidth="1"/>'
            for i, h in enumerate(head)
        )
        selected = ' tabSelected="1"' if not self.sheets else ""
        xml = (
            f'{XML_HEAD}<worksheet xmlns="{NS}" xmlns:r="{NS_R}">'
            f'<dimension ref="A1:{letters[-1]}{len(rows) + 1}"/>'
            f'<sheetViews><sheetView workbookViewId="0"{selected}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
            f'<sheetData>{"".join(out)}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
        )
        self.sheets.append((title, xml))

    def save(self, path: Path) -> None:
        n = len(self.sheets)
        stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
        files = {
            "[Content_Types].xml": (
                f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(n)
                )
                + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                f'{XML_HEAD}<Relationships xmlns="{NS_PKG}">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
                "</Relationships>"
            ),
            "docProps/app.xml": (
                f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                "<Application>Microsoft Excel</Application></Properties>"
            ),
            "docProps/core.xml": (
                f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                "<dc:title>Brightwave Analytics — sample data</dc:title><dc:creator>make_sample.py</dc:creator>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
                "</cp:coreProperties>"
            ),
            "xl/workbook.xml": (
                f'{XML_HEAD}<workbook xmlns="{NS}" xmlns:r="{NS_R}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>'
                + "".join(f'<sheet name="{xml_escape(t)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (t, _) in enumerate(self.sheets))
                + "</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{XML_HEAD}<Relationships xmlns="{NS_PKG}">'
                + "".join(
                    f'<Relationship Id="rId{i + 1}" Type="{NS_R}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                    for i in range(n)
                )
                + f'<Relationship Id="rId{n + 1}" Type="{NS_R}/styles" Target="styles.xml"/>'
                f'<Relationship Id="rId{n + 2}" Type="{NS_R}/sharedStrings" Target="sharedStrings.xml"/>'
                "</Relationships>"
            ),
            "xl/styles.xml": (
                f'{XML_HEAD}<styleSheet xmlns="{NS}"><numFmts count="3">'
                f'<numFmt numFmtId="164" formatCode="{xml_escape(DATE_FMT)}"/>'
                f'<numFmt numFmtId="165" formatCode="{xml_escape(DATETIME_FMT)}"/>'
                f'<numFmt numFmtId="166" formatCode="{xml_escape(MONEY_FMT)}"/></numFmts>'
                '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
                '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
                '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
            ),
            "xl/sharedStrings.xml": (
                f'{XML_HEAD}<sst xmlns="{NS}" count="{len(self.strings)}" uniqueCount="{len(self.strings)}">'
                + "".join(f"<si><t>{xml_escape(s)}</t></si>" for s in self.strings)
                + "</sst>"
            ),
        }
        for i, (_, xml) in enumerate(self.sheets):
            files[f"xl/worksheets/sheet{i + 1}.xml"] = xml
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                zi = zipfile.ZipInfo(name, date_time=ZIP_STAMP)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = 0o644 << 16
                z.writestr(zi, text.encode("utf-8"), compresslevel=6)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buf.getvalue())


def save_stable(wb: Workbook, path: Path) -> None:
    """Save an openpyxl workbook with fixed document properties and zip timestamps, so the bytes do not depend
    on when it ran."""
    wb.properties.creator = "make_sample.py"
    wb.properties.created = FIXED_STAMP
    raw = io.BytesIO()
    wb.save(raw)
    stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_STAMP)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


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
        "first_contact_resolved": "Resolved on first contact", "contacts": "Contacts", "agent": "Agent"}),
    ("usage.csv", "Usage", "usage", set(), {
        "date": "Date", "customer_id": "Customer ID", "user_id": "User ID", "feature": "Feature", "minutes": "Minutes"}),
    ("costs.csv", "Costs", "costs", {"Amount"}, {"date": "Month", "category": "Category", "amount": "Amount"}),
    ("funnel.csv", "Funnel", "funnel", set(), {"date": "Month", "visitors": "Visitors", "conversions": "Conversions"}),
    ("opportunities.csv", "Opportunities", "opportunities", {"Amount"}, {
        "date": "Date", "customer_id": "Customer ID", "type": "Type", "amount": "Amount"}),
)
WIDTHS = {"Company name": 30, "Description": 34, "Comment": 48, "Account owner": 18, "Created at": 17,
          "Resolved at": 17, "Resolved on first contact": 24, "User ID": 14, "Feature": 16, "Category": 20}


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


def write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------------------------------------------
# The messy Acme export


ACME = Company(
    name="Acme Corp",
    id_fmt="{:d}",
    start=date(2023, 7, 1),
    end=date(2024, 12, 31),
    launch=12,
    signups=(3.6, 0.05),
    plans=("Basic", "Pro", "Premium"),
    prices={"Basic": 99.0, "Pro": 300.0, "Premium": 1200.0},
    churn=(0.040, 0.025, 0.015),
    plan_mix={"SMB": (0.6, 0.35, 0.05), "Mid-market": (0.2, 0.55, 0.25), "Enterprise": (0.0, 0.4, 0.6)},
    segments={"SMB": 0.6, "Mid-market": 0.3, "Enterprise": 0.1},
    annual_share={"SMB": 0.0, "Mid-market": 0.0, "Enterprise": 0.0},
    trial_share={"SMB": 0.0, "Mid-market": 0.0, "Enterprise": 0.0},
    never_pay=0.0,
    early_cancel=1,
    owners=(("Dana Whitfield", date(2023, 1, 1)), ("Luis Moreno", date(2023, 1, 1))),
    events=False,
)
ACME_TITLE = "Acme Corp — Billing export"
ACME_GENERATED = "Generated on 15/01/2025 09:32 by admin@acme.example"


def usd_text(x: float) -> str:
    return f"(${-x:,.2f})" if x < 0 else f"${x:,.2f}"


def excel_serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


def acme(out_dir: Path) -> dict:
    co = ACME
    custs = simulate(co, "acme")
    for c in custs:  # Acme's ids are plain numbers starting at 1001
        new = str(1000 + c.idx + 1)
        for s in c.subs:
            s.customer = new
        c.cid = new
    subs = assign_subscription_ids(custs, "{:d}")
    rng = rng_for("acme:mess")
    wb = Workbook()
    wb.remove(wb.active)
    expected: dict = {"acme_export.xlsx": {"sheets": {}}, "nps_semicolon_latin1.csv": {}}
    sheets = expected["acme_export.xlsx"]["sheets"]
    bold = Font(bold=True)

    # Customers: merged title, generated-on line, blank line, header on row 4; real date cells
    ws = wb.create_sheet("Customers")
    head = ["Cust #", "Customer Name", "Customer Email", "Signup Dt", "Cancelled On", "Plan", "Account Mgr"]
    ws.append([ACME_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([ACME_GENERATED])
    ws.append([])
    ws.append(head)
    for cell in ws[4]:
        cell.font = bold
    for c in custs:
        email = "billing@" + re.sub(r"[^a-z]", "", c.name.lower().split(" ")[0] + c.name.lower().split(" ")[1]) + ".example"
        ws.append([int(c.cid), c.name, email, c.signup, c.churn_date, c.plan, c.owner])
        r = ws.max_row
        for col in (4, 5):
            ws.cell(r, col).number_format = "dd/mm/yyyy"
    sheets["Customers"] = {
        "kind": "customers", "header_row": 4, "first_data_row": 5, "last_data_row": ws.max_row,
        "good_rows": len(custs), "bad_rows": [], "blank_rows": [], "blank_columns": [], "total_row": None,
        "title_rows": [1, 2], "merged_title": "A1:G1", "dates": "date cells", "money": None,
        "columns": {"customer_id": "Cust #", "name": "Customer Name", "signup_date": "Signup Dt",
                    "churn_date": "Cancelled On", "plan": "Plan", "owner": "Account Mgr"},
    }

    # Subscriptions: title + generated-on, header on row 3, day-first text dates, money as text, a blank column,
    # a blank row in the middle, a trailing Total row, two bad rows
    ws = wb.create_sheet("Subscriptions")
    head = ["Cust #", "Plan", "Start Dt", "Cancelled On", None, "Monthly Fee ($)"]
    ws.append([ACME_TITLE])
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([ACME_GENERATED])
    ws.append(head)
    for cell in ws[3]:
        cell.font = bold
    bad_na = len(subs) // 3
    churned = [i for i, s in enumerate(subs) if s.end is not None and s.end_reason == "churn" and i > bad_na + 5]
    bad_order = churned[len(churned) // 2]
    blank_after = len(subs) // 2
    bad_rows, blank_rows, good, good_sum, fee_total = [], [], 0, 0.0, 0.0
    for i, s in enumerate(subs):
        if i == blank_after:
            blank_rows.append(ws.max_row + 1)
            ws.append([])
        start_txt = s.start.strftime("%d/%m/%Y")
        end = s.end
        if i == bad_order:
            end = s.start - timedelta(int(rng.integers(5, 20)))
        end_txt = end.strftime("%d/%m/%Y") if end else None
        if i == bad_na:
            start_txt = "n/a"
        ws.append([int(s.customer), s.plan, start_txt, end_txt, None, usd_text(s.amount)])
        fee_total += s.amount
        if i == bad_na:
            bad_rows.append({"row": ws.max_row, "column": "Start Dt", "value": "n/a", "reason": "not a date (start date is required)"})
        elif i == bad_order:
            bad_rows.append({"row": ws.max_row, "column": "Cancelled On", "value": end_txt,
                             "reason": f"end date before the start date ({start_txt})"})
        else:
            good += 1
            good_sum += s.amount
    ws.append(["Total", None, None, None, None, usd_text(fee_total)])
    total_row = ws.max_row
    for cell in ws[total_row]:
        cell.font = bold
    sheets["Subscriptions"] = {
        "kind": "subscriptions", "header_row": 3, "first_data_row": 4, "last_data_row": total_row - 1,
        "good_rows": good, "bad_rows": bad_rows, "blank_rows": blank_rows, "blank_columns": ["E"],
        "total_row": total_row, "title_rows": [1, 2], "merged_title": "A1:F1", "dates": "day-first text (dd/mm/yyyy)",
        "money": "text like $1,200.00", "sum_monthly_fee_good_rows": round(good_sum, 2),
        "columns": {"customer_id": "Cust #", "plan": "Plan", "start_date": "Start Dt", "end_date": "Cancelled On",
                    "mrr": "Monthly Fee ($)"},
    }

    # Payments: header on row 1, Excel serial dates, money text with (…) refunds, a blank customer id, a Total row
    ws = wb.create_sheet("Payments")
    head = ["Invoice No", "Cust #", "Paid On", "Amount", "Recurring?", "Memo"]
    ws.append(head)
    for cell in ws[1]:
        cell.font = bold
    pays: list[tuple] = []
    for c in custs:
        for s in c.subs:
            k = 0
            while True:
                d = add_months(s.start, k)
                if d > co.end or (s.end is not None and d >= s.end):
                    break
                pays.append((d, c.cid, s.amount, "Y", f"{s.plan} monthly fee"))
                k += 1
            if s.end_reason == "early_cancel":
                pays.append((s.end, c.cid, -s.amount, "Y", "Refund"))
        if c.subs and rng.random() < 0.15:
            pays.append((c.subs[0].start, c.cid, 450.0, "N", "Setup fee"))
    refunded = [p for p in pays if p[2] == 300.0]
    for j in sorted(rng.choice(len(refunded), 2, replace=False)):
        p = refunded[int(j)]
        pays.append((p[0] + timedelta(12), p[1], -300.0, "Y", "Refund — billing error"))
    pays.sort(key=lambda p: (p[0], int(p[1]), -p[2]))
    blank_id = len(pays) // 4
    bad_rows, good, good_sum, total = [], 0, 0.0, 0.0
    for i, (d, cid, amt, rec, memo) in enumerate(pays):
        ws.append([f"A-{5001 + i}", None if i == blank_id else int(cid), excel_serial(d),
                   usd_text(amt) if amt > 0 else f"({-amt:,.2f})", rec, memo])
        total += amt
        if i == blank_id:
            bad_rows.append({"row": ws.max_row, "column": "Cust #", "value": "", "reason": "blank customer id (required)"})
        else:
            good += 1
            good_sum += amt
    ws.append(["TOTAL", None, None, usd_text(total) if total >= 0 else f"({-total:,.2f})", None, None])
    total_row = ws.max_row
    sheets["Payments"] = {
        "kind": "transactions", "header_row": 1, "first_data_row": 2, "last_data_row": total_row - 1,
        "good_rows": good, "bad_rows": bad_rows, "blank_rows": [], "blank_columns": [], "total_row": total_row,
        "title_rows": [], "merged_title": None, "dates": "Excel serial numbers", "money": "text; refunds as (300.00)",
        "sum_amount_good_rows": round(good_sum, 2), "refunds": sum(1 for p in pays if p[2] < 0),
        "columns": {"transaction_id": "Invoice No", "customer_id": "Cust #", "date": "Paid On", "amount": "Amount",
                    "recurring": "Recurring?"},
    }

    # NPS: a merged title row, header on row 2, real dates, one score of 11
    ws = wb.create_sheet("NPS")
    ws.append(["Acme Corp — NPS responses"])
    ws.merge_cells("A1:D1")
    ws["A1"].font = Font(bold=True, size=14)
    head = ["Response Date", "Cust #", "Likelihood to recommend (0-10)", "Why?"]
    ws.append(head)
    for cell in ws[2]:
        cell.font = bold
    resp = []
    for c in custs:
        for q in (date(2023, 10, 1), date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1)):
            d = q + timedelta(int(rng.integers(20, 60)))
            if any(s.start <= d and (s.end is None or s.end > d) for s in c.subs) and rng.random() < 0.35 and d <= co.end:
                score = int(np.clip(round(7.4 + 1.2 * c.fit + rng.normal(0, 1.6)), 0, 10))
                group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
                comment = NPS_COMMENTS[group][int(rng.integers(len(NPS_COMMENTS[group])))] if rng.random() < 0.5 else None
                if comment and ("July outage" in comment or "Forecasting" in comment):
                    comment = None
                resp.append((d, int(c.cid), score, comment))
    resp.sort()
    bad_i = len(resp) * 2 // 3
    bad_rows, scores = [], []
    for i, (d, cid, score, comment) in enumerate(resp):
        if i == bad_i:
            score = 11
        ws.append([d, cid, score, comment])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
        if i == bad_i:
            bad_rows.append({"row": ws.max_row, "column": "Likelihood to recommend (0-10)", "value": "11",
                             "reason": "NPS score outside 0–10"})
        else:
            scores.append(score)
    sheets["NPS"] = {
        "kind": "surveys", "survey_type": "nps", "header_row": 2, "first_data_row": 3, "last_data_row": ws.max_row,
        "good_rows": len(scores), "bad_rows": bad_rows, "blank_rows": [], "blank_columns": [], "total_row": None,
        "title_rows": [1], "merged_title": "A1:D1", "dates": "date cells", "money": None,
        "nps_good_rows": _nps(scores),
        "columns": {"date": "Response Date", "customer_id": "Cust #", "score": "Likelihood to recommend (0-10)",
                    "comment": "Why?"},
    }
    for w in wb.worksheets:
        for col, width in zip("ABCDEFG", (12, 28, 30, 14, 14, 16, 18), strict=True):
            w.column_dimensions[col].width = width
    save_stable(wb, out_dir / "messy" / "acme_export.xlsx")
    expected["nps_semicolon_latin1.csv"] = nps_csv(out_dir / "messy" / "nps_semicolon_latin1.csv")
    expected["notes"] = ("Row numbers are as Excel shows them (1-based, title rows included). good_rows counts the "
                         "data rows that can be used; bad_rows must each be reported; blank and total rows are not data.")
    write_json(out_dir / "messy" / "expected.json", expected)
    return expected


def _nps(scores: list[int]) -> float:
    pro = sum(s >= 9 for s in scores)
    det = sum(s <= 6 for s in scores)
    return round(100 * (pro - det) / len(scores), 1)


NPS_CSV_CUSTOMERS = (
    "Café Lumière SARL", "Müller & Söhne GmbH", "Ångström Design AB", "Peña Logística S.L.", "Crème Brûlée Co.",
    "Bäckerei Schön", "Øresund Shipping ApS", "Señora Pérez Consulting", "Élan Vital Spa", "Zürich Optik AG",
    "François & Fils", "Ålesund Print AS", "Søren Lydstudie ApS", "Café Niño", "Hôtel Côte d'Azur",
)
NPS_CSV_COMMENTS = {
    "promoter": ("Très bien, merci !", "Excellent service; très rapide.", "Sehr gut – alles funktioniert.",
                 "Muy útil para nuestro equipo.", "Great value for 49 € a month.", "Der Support ist großartig."),
    "passive": ("Bien, mais un peu cher.", "Ganz okay; Export könnte besser sein.", "Está bien, nada especial.",
                "Fine – the reports load slowly."),
    "detractor": ("Trop de pannes ce mois-ci.", "Zu teuer für unser kleines Büro.", "El soporte tardó días.",
                  "Didn't work with our Öko-Kasse till system."),
}


def nps_csv(path: Path) -> dict:
    rng = rng_for("acme:nps_csv")
    header = ["Submitted", "Customer", "How likely are you to recommend us to a friend or colleague?", "Comment"]
    rows, scores = [], []
    day = date(2024, 3, 1)
    for _ in range(60):
        day += timedelta(int(rng.integers(0, 3)))
        t = datetime(day.year, day.month, day.day, int(rng.integers(8, 20)), int(rng.integers(0, 60)), int(rng.integers(0, 60)))
        cust = NPS_CSV_CUSTOMERS[int(rng.integers(len(NPS_CSV_CUSTOMERS)))]
        score = int(rng.choice(11, p=[0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.06, 0.12, 0.18, 0.22, 0.23]))
        group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        comment = NPS_CSV_COMMENTS[group][int(rng.integers(len(NPS_CSV_COMMENTS[group])))] if rng.random() < 0.7 else ""
        rows.append([t.strftime("%Y-%m-%d %H:%M:%S"), cust, str(score), comment])
        scores.append(score)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("cp1252"))
    return {"kind": "surveys", "survey_type": "nps", "encoding": "cp1252", "delimiter": ";", "header_row": 1,
            "first_data_row": 2, "good_rows": len(rows), "bad_rows": [], "total_row": None,
            "nps_good_rows": _nps(scores),
            "columns": {"date": header[0], "customer_id": header[1], "score": header[2], "comment": header[3]}}


# ---------------------------------------------------------------------------------------------------------------
# Templates


EXAMPLES: dict[str, dict[str, str]] = {
    "customers": {"customer_id": "C-001", "signup_date": "2024-01-15", "churn_date": "", "paid_date": "2024-01-29",
                  "onboarding_start": "2024-01-15", "onboarding_complete": "2024-02-09", "plan": "Growth",
                  "segment": "SMB", "owner": "Jane Doe", "name": "Example Bakery LLC"},
    "subscriptions": {"customer_id": "C-001", "start_date": "2024-01-29", "end_date": "", "mrr": "149.00",
                      "amount": "149.00", "billing_period": "month", "plan": "Growth", "subscription_id": "S-001"},
    "transactions": {"customer_id": "C-001", "date": "2024-01-29", "amount": "149.00", "recurring": "yes",
                     "transaction_id": "INV-001"},
    "surveys": {"date": "2024-03-01", "score": "9", "survey_type": "nps", "customer_id": "C-001",
                "comment": "Great support team"},
    "tickets": {"created_at": "2024-02-03 09:15", "resolved_at": "2024-02-03 11:40", "first_contact_resolved": "yes",
                "contacts": "1", "ticket_id": "T-001", "customer_id": "C-001", "agent": "Alex Lee"},
    "usage": {"date": "2024-02-05", "customer_id": "C-001", "user_id": "U-001", "feature": "Dashboards", "minutes": "25"},
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
            lines.append(f"- `{f}` ({fld.type}{req}): {desc}")
        lines.append("")
    (tdir / "README.md").write_bytes("\n".join(lines).encode("utf-8"))


# ---------------------------------------------------------------------------------------------------------------


def main(out_dir: Path | None = None) -> dict:
    out_dir = Path(out_dir) if out_dir is not None else HERE
    f = brightwave(out_dir)
    acme(out_dir)
    templates(out_dir)
    return f


if __name__ == "__main__":
    summary = main()
    for m in summary["months"]:
        print(m["month"], m["customers_start"], m["new"], m["reactivated"], m["churned"], m["customers_end"],
              m["churn_rate_start"], m["mrr_end"])
    print(json.dumps(summary["nps_by_quarter"]))
    print(json.dumps(summary["rows"]))
