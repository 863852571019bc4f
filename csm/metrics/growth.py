"""Product usage and the account portfolio: active customer rate, DAU/MAU, feature adoption, portfolio growth —
METRICS.md "Support, onboarding, conversion, usage" and "Breakdowns and cohorts"."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt, keys
from ..activity import OPEN, Intervals, days_of, to_days
from ..engine import Analysis
from ..results import safe_ratio
from ..schema import OPPORTUNITY_TYPES
from .build import pct, pct_lines, ratio_lines, series
from .per_period import as_list, period_sums
from .registry import metric

SPAN = np.int64(2**33)  # wider than any day number (open intervals end at 2**31), so customer blocks never mix


def needs_usage(a: Analysis) -> str | None:
    return None if a.dataset.has("usage") else "needs a usage table (date, customer_id)"


def _usage_pairs(a: Analysis) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (customer, period) pairs of the usage rows dated in the range: (usage customer codes,
    periods). Shared by the usage variant of the active customer rate and by feature adoption."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        code, ids = keys.codes(a, "usage")
        return keys.distinct_pairs(code, keys.periods_of(a, "usage"), len(ids), len(a.periods))

    return a.memo(("distinct_pairs", "usage"), compute)


def _served_in(iv: Intervals, code: np.ndarray, pidx: np.ndarray, a: Analysis) -> np.ndarray:
    """Whether each (customer `code` of the intervals, period) pair belongs to T of the period, as
    `count_customers` counts it: active on any day of the period."""
    if not len(iv.code):
        return np.zeros(len(code), bool)
    ps, pe = days_of(a.periods.starts)[pidx], days_of(a.periods.ends)[pidx]
    # A customer's merged intervals are disjoint and sorted, so (code, end) is sorted: the first interval of the
    # customer still active on the first day of the period (end > that day) is the only one that can count.
    key_end = iv.code * SPAN + iv.end
    j = np.searchsorted(key_end, code * SPAN + ps, side="right")
    jj = np.minimum(j, len(iv.code) - 1)
    return (j < len(iv.code)) & (iv.code[jj] == code) & (iv.start[jj] < pe)


def served_mode(a: Analysis) -> str:
    """`served` when subscriptions or customer dates give T; else `usage` (customers with any usage so far)."""
    has_customers = a.dataset.has("subscriptions") or a.dataset.has("customers", "signup_date")
    return "served" if has_customers and a.churn_event_missing() is None else "usage"


@metric(id="active_customer_rate", name="Active customer rate", unit="percent", group="growth",
        formula="customers served in the period with a usage event in it ÷ customers served (T) × 100",
        latex=r"\frac{\#\{c \in T : c \text{ used the product in } P\}}{T} \times 100", requires=needs_usage,
        needs=("usage",),
        definition="The share of customers served in the period (T: active on the day before it or on any day "
                   "of it) who used the product in it (seed 002's product usage rate).",
        notes=("Without subscriptions or customer dates there is no T; the denominator is then every customer "
               "with any usage up to the end of the period (variant `usage`).",
               "Usage by customers who are not in T (e.g. in a period after the one they churned in) is left out of "
               "the numerator, so the rate stays within 0–100."),
        source="seed 002")
def active_customer_rate(a: Analysis):
    k = len(a.periods)
    mode = served_mode(a)
    if mode == "served":
        # The customers' distinct pairs, in the intervals' code space (customers with no interval are in no T).
        lookup = keys.interval_lookup(a, "usage")  # asked first, the usage codes are made the intervals' own
        code, pp = _usage_pairs(a)
        code = lookup[code]
        code, pp = code[code >= 0], pp[code >= 0]
        num = period_sums(pp[_served_in(a.intervals, code, pp, a)], k)
        den = a.counts.T.astype(float)
        den_word, formula = "customers served", None
    else:
        num = period_sums(_usage_pairs(a)[1], k)
        code, ids = keys.codes(a, "usage")
        den = np.searchsorted(_first_usage(code, len(ids), a.table("usage")["date"]), days_of(a.periods.ends),
                              side="left").astype(float)
        den_word = "customers with usage so far"
        formula = "customers with a usage event in the period ÷ customers with any usage up to its end × 100"
    values = pct(num, den)
    worked = pct_lines(num, den, values, [f"{fmt.num(x)} active customers" for x in num],
                       [f"{fmt.num(x)} {den_word}" for x in den])
    return series(a, "active_customer_rate", values, num=num, den=den, worked=worked, n=den, variant=mode,
                  formula=formula, why=f"there were no {den_word}")


def _first_usage(code: np.ndarray, n: int, dates) -> np.ndarray:
    """Each customer's first usage day (day numbers, sorted; OPEN for a customer whose dates are all blank)."""
    day = to_days(dates)
    known = code >= 0  # a blank customer is no customer
    first = np.full(n, OPEN, np.int64)
    np.minimum.at(first, code[known], day[known])
    return np.sort(first)


def _users(a: Analysis) -> np.ndarray:
    """A user code per usage row: the user_id where given, else the customer (codes of the two never collide)."""
    cust, _ = keys.codes(a, "usage")
    if "user_id" not in a.table("usage"):
        return cust
    user, names = keys.codes(a, "usage", "user_id")  # blank → −1
    return np.where(user >= 0, user, len(names) + cust)


@metric(id="dau_mau", name="DAU/MAU", unit="ratio", group="growth",
        formula="mean daily active users over the days of the period ÷ distinct users active in the period",
        latex=r"\frac{\frac{1}{\text{days}} \sum_{d \in P} \mathrm{DAU}_d}{\#\{\text{users active in } P\}}",
        requires=needs_usage, needs=("usage",),
        definition="Stickiness: how many of the period's users come back on a typical day, a ratio from 0 to 1. "
                   "Every calendar day of the period counts (a day with no usage counts as 0).",
        notes=("Users are user_id where given, else the customer_id.",
               "With weeks the denominator is weekly active users (WAU), with quarters quarterly ones: the ratio "
               "always compares a day with the whole period."),
        source="seed 002")
def dau_mau(a: Analysis):
    k = len(a.periods)
    users = _users(a)
    pidx = keys.periods_of(a, "usage")
    ok = pidx >= 0
    first = days_of(a.periods.starts[:1])[0]
    span = days_of(a.periods.ends[-1:])[0] - first  # days in the range: a row's day is first + 0 … span − 1
    # One sort of the (user, day) keys gives both: the distinct user-days, and the distinct users per period (a
    # user's days are sorted, and the period follows from the day).
    pairs = keys.sort_keys(users[ok] * span + (to_days(a.table("usage")["date"])[ok] - first))
    period_of_day = a.period_index(first + np.arange(span))
    user, p = pairs // span, period_of_day[pairs % span]
    new_day = np.ones(len(pairs), bool)
    new_day[1:] = pairs[1:] != pairs[:-1]
    new_period = np.ones(len(pairs), bool)
    new_period[1:] = (user[1:] != user[:-1]) | (p[1:] != p[:-1])
    user_days = period_sums(p[new_day], k)
    mau = period_sums(p[new_period], k)
    days = a.periods.days.astype(float)
    dau = user_days / days
    values = safe_ratio(dau, mau)
    nt = [f"({fmt.num(x)} user-days ÷ {fmt.num(d)} days = {fmt.num(y)} a day)" for x, d, y in
          zip(user_days, days, dau, strict=True)]
    worked = ratio_lines(dau, mau, values, nt, [f"{fmt.num(m)} users" for m in mau])
    return series(a, "dau_mau", values, num=dau, den=mau, worked=worked, n=mau, why="no user was active")


def needs_features(a: Analysis) -> str | None:
    return None if a.dataset.has("usage", "feature") else "needs a usage table with a feature column (date, customer_id, feature)"


@metric(id="feature_adoption", name="Feature adoption", unit="percent", group="growth",
        formula="mean over features of (customers using the feature ÷ customers with any usage) × 100",
        latex=r"\frac{1}{F} \sum_f \frac{\#\{c \text{ using } f \text{ in } P\}}{\#\{c \text{ with usage in } P\}} "
              r"\times 100", requires=needs_features, needs=("usage",),
        definition="Per feature, the share of customers with any usage in the period who used that feature (extra "
                   "series keyed by feature). The headline value is the mean of those shares over every feature "
                   "seen in the data, i.e. the average share of the features each active customer uses.",
        notes=("A feature nobody used in a period counts as 0 % there, so the headline is comparable between "
               "periods; it equals customer-feature pairs ÷ (active customers × features).",
               "The feature list comes from the whole usage table (before customer filters)."),
        source="seed 002")
def feature_adoption(a: Analysis):
    k = len(a.periods)
    pidx = keys.periods_of(a, "usage")
    cust, ids = keys.codes(a, "usage")
    active = period_sums(_usage_pairs(a)[1], k)
    # Each row's feature as a position in `features` (−1 for a blank), by way of the distinct raw values.
    raw, uniques = keys.codes(a, "usage", "feature")
    every = a.dataset.get("usage")  # the feature list comes from the whole table, before customer filters
    seen = uniques if a.table("usage") is every else pd.unique(every["feature"].dropna())
    features = sorted(set(_feature_names(seen)) - {""})
    position = {f: i for i, f in enumerate(features)}
    of_unique = np.array([position.get(f, -1) for f in _feature_names(uniques)] + [-1], dtype=np.int64)
    feat = of_unique[raw]  # raw −1 (blank) picks the trailing −1
    used = (feat >= 0) & (cust >= 0)
    nf = max(len(features), 1)
    code, pp = keys.distinct_pairs(cust[used] * nf + feat[used], pidx[used], len(ids) * nf, k)
    counts = np.bincount(code % nf * k + pp, minlength=nf * k)[: nf * k].reshape(nf, k).astype(float)
    pairs = counts.sum(axis=0)
    den = active * len(features)
    values = pct(pairs, den)
    worked = pct_lines(pairs, den, values, [f"{fmt.num(x)} customer-feature pairs" for x in pairs],
                       [f"({fmt.num(x)} customers × {len(features)} features)" for x in active])
    extra = {f: as_list(pct(counts[i], active)) for i, f in enumerate(features)}
    return series(a, "feature_adoption", values, num=pairs, den=den, worked=worked, n=active, variant="mean",
                  why="no customer used the product", extra=extra)


def _feature_names(values) -> list[str]:
    return [str(v).strip() for v in values]


def needs_opportunities(a: Analysis) -> str | None:
    return None if a.dataset.has("opportunities") else "needs an opportunities table (date, type, amount)"


@metric(id="portfolio_growth", name="Portfolio growth", unit="count", group="growth",
        formula="opportunities dated in the period, counted (and summed) by type",
        latex=r"\#\{o : \mathrm{date}_o \in P\}", requires=needs_opportunities, needs=("opportunities",),
        definition="New business from the existing portfolio (seed 000): opportunities dated in the period, by type "
                   "— repurchase, replacement, expansion, innovation. The value is their number; the extra series "
                   "`<type>_count` and `<type>_amount` split it by type.",
        notes=("Types are matched ignoring case; a type outside the four is reported under its own name.",
               "Amounts are summed where the table has an amount column; a blank amount counts as 0."),
        source="seed 000")
def portfolio_growth(a: Analysis):
    o = a.table("opportunities")
    pidx = a.period_index(o["date"])
    k = len(a.periods)
    kind = o["type"].astype("string").str.strip().str.lower().fillna("unknown").to_numpy(dtype=object)
    seen = set(kind[pidx >= 0])
    types = [*OPPORTUNITY_TYPES, *sorted(seen - set(OPPORTUNITY_TYPES))]
    amount = o["amount"].fillna(0).to_numpy(dtype=float) if "amount" in o else None
    total = period_sums(pidx, k)
    extra, parts = {}, [[] for _ in range(k)]
    for t in types:
        mask = kind == t
        n = period_sums(pidx[mask], k)
        extra[f"{t}_count"] = as_list(n)
        if amount is not None:
            s = period_sums(pidx[mask], k, amount[mask])
            extra[f"{t}_amount"] = as_list(s)
        for i in range(k):
            if n[i]:
                parts[i].append(f"{fmt.num(n[i])} {t}" + (f" ({fmt.money(s[i], a.currency)})" if amount is not None
                                                         else ""))
    worked = [f"{fmt.num(x)} opportunities" + (f": {', '.join(p)}" if p else "") for x, p in
              zip(total, parts, strict=True)]
    return series(a, "portfolio_growth", total, worked=worked, n=total, small=False, extra=extra)


# ----- funnel conversion ------------------------------------------------------------------------------------
def needs_funnel(a: Analysis) -> str | None:
    return None if a.dataset.has("funnel") else "needs a funnel table (date, visitors, conversions)"


@metric(id="conversion_rate", name="Conversion rate", unit="percent", group="growth",
        formula="conversions ÷ visitors × 100, summed over funnel rows dated in the period",
        latex=r"\frac{\sum_{P} \text{conversions}}{\sum_{P} \text{visitors}} \times 100", requires=needs_funnel,
        needs=("funnel",), definition="How well visitors turn into customers (or sign-ups): conversions ÷ visitors "
                                     "over the funnel rows dated in the period.",
        notes=("Rows are summed before dividing, so a day with many visitors weighs more than a quiet one.",),
        source="seed 002")
def conversion_rate(a: Analysis):
    f = a.table("funnel")
    pidx = a.period_index(f["date"])
    k = len(a.periods)
    visitors = period_sums(pidx, k, f["visitors"].fillna(0).to_numpy(dtype=float))
    conversions = period_sums(pidx, k, f["conversions"].fillna(0).to_numpy(dtype=float))
    values = pct(conversions, visitors)
    worked = pct_lines(conversions, visitors, values, [f"{fmt.num(x)} conversions" for x in conversions],
                       [f"{fmt.num(x)} visitors" for x in visitors])
    return series(a, "conversion_rate", values, num=conversions, den=visitors, worked=worked, n=visitors,
                  why="there were no visitors")


# ----- free to paid -----------------------------------------------------------------------------------------
def needs_free_to_paid(a: Analysis) -> str | None:
    if a.dataset.has("customers", "signup_date", "paid_date"):
        return None
    return "needs a customers table with signup_date and paid_date"


def free_spells(c: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each customer's free spell `[signed up, min(paid + 1, churn))` in day numbers, and the upgrade days.

    METRICS.md: a customer is free on the days signup ≤ d ≤ paid (the paid day included: they were free that
    morning) with d < churn. One without a signup date, or whose paid date is before the signup date, was never free
    and is no upgrade; an upgrade is a paid day on which the customer was free, so every upgrader of a period is
    among its free customers and the rate lies in 0–100 (a paid date on or after the churn date is none either).
    """
    signup, paid, churn, has_paid, never = _paid_states(c)
    end = np.minimum(np.where(has_paid, paid + 1, OPEN), churn)
    keep = ~never & (end > signup)
    upgraded = has_paid & ~never & (paid < churn)
    return signup[keep], end[keep], paid[upgraded]


def _paid_states(c: pd.DataFrame):
    """Day numbers of signup, paid and churn (OPEN where blank), whether a paid date is given, and whether the
    customer was never free (no signup date, or paid before signing up)."""
    signup, paid = to_days(c["signup_date"]), to_days(c["paid_date"])
    churn = to_days(c["churn_date"]) if "churn_date" in c else np.full(len(c), OPEN)
    has_paid = paid < OPEN
    return signup, paid, churn, has_paid, (signup >= OPEN) | (has_paid & (paid < signup))


def upgrade_exclusions(c: pd.DataFrame) -> dict[str, int]:
    """Customers with a paid date who are no upgrade, by reason (for the data report's note on the table)."""
    if "paid_date" not in c or "signup_date" not in c:
        return {}
    _, paid, churn, has_paid, never = _paid_states(c)
    never &= has_paid
    return {"no signup date, or paid before signing up": int(never.sum()),
            "paid on or after the churn date": int((has_paid & ~never & (paid >= churn)).sum())}


@metric(id="free_to_paid_rate", name="Free-to-paid rate", unit="percent", group="growth",
        formula="customers whose paid date falls in the period ÷ customers free on any day of the period × 100",
        latex=r"\frac{\#\{c : \mathrm{paid}_c \in P\}}{\#\{c : c \text{ free on a day of } P\}} \times 100",
        requires=needs_free_to_paid, needs=("customers",),
        definition="The share of free customers who upgraded to paying in the period (seed 000). Free = signed up, "
                   "not yet paid, not churned; the extra series `upgrades` is the number who upgraded.",
        notes=("Free is a state of calendar days (METRICS.md): a customer is free from the signup date to the paid "
               "date, the paid day included (they were free that morning), and before the churn date. So every "
               "upgrader of a period is among its free customers and the rate lies in 0–100.",
               "A customer without a signup date, or whose paid date is before the signup date, was never free and "
               "is no upgrade; nor is a paid date on or after the churn date. The data report counts them.",
               "Customers with a signup date and no paid date are free until they churn."),
        source="seed 000")
def free_to_paid_rate(a: Analysis):
    start, end, upgraded = free_spells(a.table("customers"))
    ps, pe = days_of(a.periods.starts), days_of(a.periods.ends)
    free = (np.searchsorted(np.sort(start), pe, side="left") - np.searchsorted(np.sort(end), ps, side="right"))
    free = free.astype(float)
    k = len(a.periods)
    up = period_sums(a.period_index(upgraded.astype("datetime64[D]")), k)
    values = pct(up, free)
    worked = pct_lines(up, free, values, [f"{fmt.num(x)} upgrades" for x in up],
                       [f"{fmt.num(x)} free customers" for x in free])
    return series(a, "free_to_paid_rate", values, num=up, den=free, worked=worked, n=free,
                  why="no customer was on the free plan", extra={"upgrades": as_list(up)})
