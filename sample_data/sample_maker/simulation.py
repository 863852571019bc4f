"""The company simulation shared by Brightwave and the smaller Acme export: sign-ups, trials, subscriptions with
their upgrades, downgrades, switches, churn and reactivations, and onboarding, all drawn from one `Company` profile."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from .dates import add_months, days_in_month, month_starts, months_between
from .determinism import rng_for
from .story import OWNER_CHURN
from .words import NAME_A, NAME_B, NAME_C


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
