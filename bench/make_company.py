"""A 100k-customer company's five exports as its tools write them (issue 15's first target), deterministic.

    python bench/make_company.py          # writes bench/data/company/*.csv (git-ignored), ~2.7M rows, ~113 MB

| file              | as written by           | rows   | headers                                                           |
|-------------------|-------------------------|--------|-------------------------------------------------------------------|
| customers.csv     | a CRM / billing tool    | 100k   | Customer ID, Name, Created (UTC), Plan, Segment, Account Owner, Canceled At |
| subscriptions.csv | a billing tool (Stripe) | ~103k  | Subscription ID, Customer ID, Plan, Status, Interval, Amount, Created (UTC), Canceled At |
| invoices.csv      | a billing tool          | 640k   | Invoice Number, Customer ID, Date, Amount, Status                  |
| nps.csv           | a survey tool           | 60k    | Response ID, Customer ID, How likely are you to recommend…?, Comment, Submitted At |
| usage.csv         | product analytics       | 1.8M   | Timestamp, Customer ID, Event                                     |

Dates as US exports write them (03/05/2024: month first; some day above 12 settles the order), money as
`$1,250.00` (refunds `-$30.00`, a few `($30.00)`), and the NPS answers' and usage events' times as ISO timestamps
with a zone (`2024-03-05T14:22:31Z`, `2024-03-05T14:22:31+02:00`). The company is bench/make_data.py's, kept
simple: signups growing over five years (2021-01-01 … 2025-12-31), ~63 % paying, trials, plan changes, add-ons,
churn after an exponential lifetime (mean 30 months) and some coming back; invoices, answers and events drawn
within the paying customers' subscriptions. numpy's PCG64 with a fixed seed: the same command writes the same bytes.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "company"
SEED = 15  # issue 15
CUSTOMERS, INVOICES, ANSWERS, EVENTS = 100_000, 640_000, 60_000, 1_800_000
FIRST = np.datetime64("2021-01-01")
SPAN = int((np.datetime64("2025-12-31") - FIRST).astype(int)) + 1  # 1826 days
PLANS = np.array(["Starter", "Team", "Business", "Scale", "Enterprise"])
PRICES = np.array([49.0, 99.0, 249.0, 499.0, 1490.0])
PLAN_P = np.array([0.35, 0.3, 0.2, 0.1, 0.05])
SEGMENTS = np.array(["SMB", "Mid-market", "Enterprise"])
EVENT_NAMES = np.array(["Login", "View", "Export", "Share", "Alert", "Sync", "API Call"])
ZONES = np.array(["Z"] * 6 + ["+01:00", "+02:00", "-05:00", "-08:00", "+05:30", "+00:00"])
COMMENTS = np.array(["Great service.", "Slow to respond.", "Very helpful team, thanks!", "Missing a feature we need.",
                     "Easy to set up.", "Too expensive for what we use.", "Love the dashboards.", "", "", ""],
                    dtype=object)


def log(msg: str) -> None:
    print(msg, flush=True)


def us_dates(d: np.ndarray) -> np.ndarray:
    """Day offsets from FIRST (−1 = blank) → 'MM/DD/YYYY' (object array, '' for blank)."""
    iso = pd.Series((FIRST + np.maximum(d, 0).astype("timedelta64[D]")).astype(str))
    out = (iso.str[5:7] + "/" + iso.str[8:10] + "/" + iso.str[:4]).to_numpy(dtype=object)
    out[d < 0] = ""
    return out


def iso_times(d: np.ndarray, seconds: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """Day offsets and seconds of the day, with a zone written after → '2024-03-05T14:22:31+02:00'."""
    t = (FIRST + d.astype("timedelta64[D]")).astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    return (pd.Series(t.astype(str)) + pd.Series(zone)).to_numpy(dtype=object)


def money(x: np.ndarray, brackets: np.ndarray | None = None) -> np.ndarray:
    """Amounts → '$1,250.00', '-$30.00' (or '($30.00)' where `brackets`): each distinct amount formatted once."""
    values, inverse = np.unique(np.round(x, 2), return_inverse=True)
    text = np.array([f"${abs(v):,.2f}" for v in values], dtype=object)  # a few thousand distinct amounts
    sign = np.where(values < 0, "-", "").astype(object)
    out = (sign + text)[inverse]
    if brackets is not None:
        paren = brackets & (x < 0)
        out[paren] = "(" + text[inverse[paren]] + ")"
    return out


def ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


def make(out: Path = OUT, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """The five exports written into `out`; `scale` shrinks every table alike (tests use a small company)."""
    rng = np.random.default_rng(SEED)
    n, invoices_n, answers_n, events_n = (round(k * scale) for k in (CUSTOMERS, INVOICES, ANSWERS, EVENTS))

    # ---- customers: signups grow over time (density ∝ √t), ~63 % ever pay, churn after ~30 months
    signup = np.sort((SPAN - 31) * rng.random(n) ** (2 / 3)).astype(np.int64)
    plan_i = rng.choice(len(PLANS), n, p=PLAN_P)
    pays = rng.random(n) < 0.625
    trial = pays & (rng.random(n) < 0.35)
    paid = np.where(pays, signup + np.where(trial, 14, 0), -1)
    lifetime = np.ceil(rng.exponential(30 * 30.44, n)).astype(np.int64) + 1
    churn = np.where(pays & (paid + lifetime < SPAN), paid + lifetime, -1)
    cust_ids = ids("C", n, 6)
    owners = np.array([f"{a} {b}" for a in ("Ann", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo")
                       for b in ("Lee", "Chen", "Diaz", "Khan", "Moss", "Novak", "Ortiz", "Park", "Quinn", "Reyes",
                                 "Shah", "Tran", "Ueda", "Vega", "Wolf", "Young", "Zhou", "Abe", "Bell", "Cruz",
                                 "Dunn", "Egan", "Ford", "Gray", "Hunt")])  # 250 account owners
    customers = pd.DataFrame({
        "Customer ID": cust_ids, "Name": np.char.add("Company ", np.arange(1, n + 1).astype(str)).astype(object),
        "Created (UTC)": us_dates(signup), "Plan": PLANS[plan_i], "Segment": SEGMENTS[np.minimum(plan_i // 2, 2)],
        "Account Owner": owners[rng.integers(0, len(owners), n)], "Canceled At": us_dates(churn),
    })

    # ---- subscriptions: trial, first plan, changed plan, add-on, reactivation (bench/make_data.py's rows)
    P = np.flatnonzero(pays)
    p_end = np.where(churn[P] >= 0, churn[P], -1)
    p_stop = np.where(p_end >= 0, p_end, SPAN)
    mrr0 = PRICES[plan_i[P]]
    T = P[trial[P]]
    parts = [(T, signup[T], signup[T] + 14, np.zeros(len(T)), PLANS[plan_i[T]])]
    when = paid[P] + (rng.random(len(P)) * (p_stop - paid[P])).astype(np.int64)
    change = (rng.random(len(P)) < 0.2) & (when > paid[P]) & (when < p_stop)
    factor = np.where(rng.random(len(P)) < 0.7, 1.5, 0.6)
    up = np.minimum(plan_i[P] + 1, len(PLANS) - 1)
    down = np.maximum(plan_i[P] - 1, 0)
    parts.append((P, paid[P], np.where(change, when, p_end), mrr0, PLANS[plan_i[P]]))
    C = np.flatnonzero(change)
    parts.append((P[C], when[C], p_end[C], np.round(mrr0[C] * factor[C], 2),
                  PLANS[np.where(factor[C] > 1, up[C], down[C])]))
    a_start = paid[P] + (rng.random(len(P)) * (p_stop - paid[P])).astype(np.int64)
    a_len = rng.integers(30, 400, len(P))
    A = np.flatnonzero((rng.random(len(P)) < 0.05) & (a_start < p_stop - 1))
    a_end = np.minimum(a_start[A] + a_len[A], p_stop[A])
    parts.append((P[A], a_start[A], np.where(a_end >= SPAN, -1, a_end), np.full(len(A), 29.0),
                  np.full(len(A), "Add-on: extra seats")))
    b_start = p_end + rng.integers(30, 365, len(P))
    B = np.flatnonzero((p_end >= 0) & (rng.random(len(P)) < 0.12) & (b_start < SPAN - 1))
    b_end = b_start[B] + np.ceil(rng.exponential(20 * 30.44, len(B))).astype(np.int64) + 1
    parts.append((P[B], b_start[B], np.where(b_end >= SPAN, -1, b_end), mrr0[B], PLANS[plan_i[P[B]]]))
    cust, s, e, m, plan = (np.concatenate([p[i] for p in parts]) for i in range(5))
    order = np.lexsort((cust, s))
    cust, s, e, m, plan = cust[order], s[order], e[order], m[order], plan[order]
    ns = len(cust)
    status = np.where(e >= 0, "canceled", np.where(m > 0, "active", "trialing"))
    subs = pd.DataFrame({
        "Subscription ID": ids("sub_", ns, 8), "Customer ID": cust_ids[cust], "Plan": plan, "Status": status,
        "Interval": np.full(ns, "month"), "Amount": money(m), "Created (UTC)": us_dates(s), "Canceled At": us_dates(e),
    })

    # Activity is drawn within the paid subscription rows
    paid_rows = np.flatnonzero(m > 0)

    def during(k: int) -> tuple[np.ndarray, np.ndarray]:
        r = paid_rows[rng.integers(0, len(paid_rows), k)]
        hi = np.where(e[r] >= 0, e[r], SPAN)
        return r, np.minimum(s[r] + (rng.random(k) * (hi - s[r])).astype(np.int64), SPAN - 1)

    # ---- invoices: the plan's amount, one-off services, a few refunds (written -$x, some ($x))
    r, d = during(invoices_n)
    kind = rng.random(invoices_n)
    amount = np.where(kind < 0.85, m[r], np.round(rng.uniform(50, 4000, invoices_n), 2))
    refund = kind > 0.98
    amount = np.where(refund, -np.round(m[r] / 2, 2), amount)
    order = np.argsort(d, kind="stable")
    invoices = pd.DataFrame({
        "Invoice Number": ids("INV-", invoices_n, 7), "Customer ID": cust_ids[cust[r]][order],
        "Date": us_dates(d[order]), "Amount": money(amount[order], brackets=rng.random(invoices_n) < 0.2),
        "Status": np.where(refund, "refunded", "paid")[order],
    })

    # ---- NPS answers: a score 0–10, a comment, when (a timestamp with the customer's zone)
    zone_of = ZONES[rng.integers(0, len(ZONES), n)]
    r, d = during(answers_n)
    order = np.argsort(d, kind="stable")
    r, d = r[order], d[order]
    score = np.clip(np.round(rng.normal(7.6, 2.3, answers_n)), 0, 10).astype(np.int64)
    nps = pd.DataFrame({
        "Response ID": np.arange(5_000_001, 5_000_001 + answers_n), "Customer ID": cust_ids[cust[r]],
        "How likely are you to recommend us to a friend or colleague?": score,
        "Comment": COMMENTS[rng.integers(0, len(COMMENTS), answers_n)],
        "Submitted At": iso_times(d, rng.integers(0, 86_400, answers_n), zone_of[cust[r]]),
    })

    # ---- usage events: seven kinds
    r, d = during(events_n)
    order = np.argsort(d, kind="stable")
    r, d = r[order], d[order]
    c = cust[r]
    usage = pd.DataFrame({
        "Timestamp": iso_times(d, rng.integers(0, 86_400, events_n), zone_of[c]), "Customer ID": cust_ids[c],
        "Event": EVENT_NAMES[rng.integers(0, len(EVENT_NAMES), events_n)],
    })

    tables = {"customers": customers, "subscriptions": subs, "invoices": invoices, "nps": nps, "usage": usage}
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        t = time.perf_counter()
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False)
        log(f"  {path}: {len(frame):,} rows × {frame.shape[1]} columns "
            f"({path.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t:.1f} s)")
    return tables


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--scale", type=float, default=1.0, help="every table's rows × this (default 1: 100k customers)")
    a = ap.parse_args()
    t = time.perf_counter()
    tables = make(a.out, a.scale)
    rows = sum(len(f) for f in tables.values())
    size = sum((a.out / f"{k}.csv").stat().st_size for k in tables) / 1e6
    log(f"{rows:,} rows, {size:.1f} MB in {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
