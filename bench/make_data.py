"""Deterministic benchmark data: a SaaS company over five years (2021-01-01 … 2025-12-31) at three sizes.

    python bench/make_data.py                   # small, medium, large (+ the 100k × 8 XLSX)
    python bench/make_data.py --sizes small     # just one size

Writes CSV files into bench/data/<size>/ (git-ignored) and bench/data/subscriptions_100k.xlsx.

| size   | subscriptions rows | customers rows (paying) | transactions | surveys | tickets | usage |
|--------|--------------------|-------------------------|--------------|---------|---------|-------|
| small  | ~10k               | 10k (~6.3k)             | 1.5 × subs   | 0.3 ×   | 0.3 ×   | 2 ×   |
| medium | ~100k              | 100k (~63k)             | …            |         |         |       |
| large  | ~1M                | 1M (~630k)              | …            |         |         |       |

Every customer signs up (more of them later: the company grows); ~63 % of them ever pay. A paying customer may
start with a free trial (a subscription row with mrr 0), pays for a first plan, may change plan (the first row ends,
a second starts the same day at a higher or lower MRR: expansion or contraction), may buy an add-on that overlaps the
plan, churns after an exponential lifetime (mean 30 months; still open at the end of 2025 otherwise), and may come
back after a gap (reactivation). About 22 % of subscription rows are free (mrr 0), so the 1M-row file holds ~780k
paid rows: the "~750k rows" of the performance target.

The subscriptions file uses the canonical column names (customer_id, start_date, end_date, mrr, …) so that the DuckDB
peer (../shared/peers/duckdb_mrr.py) reads exactly the same file. Everything is drawn from numpy's PCG64 with a fixed
seed per size: the same command always writes the same bytes.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = {"small": 10_000, "medium": 100_000, "large": 1_000_000}  # customers rows ≈ subscription rows
SEEDS = {"small": 11, "medium": 12, "large": 13}
FIRST = np.datetime64("2021-01-01")
LAST = np.datetime64("2025-12-31")
SPAN = int((LAST - FIRST).astype(int)) + 1  # 1826 days
PLANS = np.array(["Starter", "Team", "Business", "Scale", "Enterprise"])
PRICES = np.array([49.0, 99.0, 249.0, 499.0, 1490.0])
PLAN_P = np.array([0.35, 0.3, 0.2, 0.1, 0.05])
SEGMENTS = np.array(["SMB", "Mid-market", "Enterprise"])
FEATURES = np.array(["Dashboards", "Reports", "Alerts", "Data connectors", "API", "Sharing", "Exports", "Mobile"])
COST_CATEGORIES = np.array(["CS salaries", "Onboarding programs", "Success tooling", "Training", "Events"])
COMMENTS = np.array(["Great service.", "Slow to respond.", "Very helpful agent.", "Missing a feature we need.",
                     "Easy to set up.", "Too expensive.", "Love the dashboards.", ""], dtype=object)


def log(msg: str) -> None:
    print(msg, flush=True)


def days_to_text(d: np.ndarray) -> np.ndarray:
    """int day offsets from FIRST (−1 = blank) → 'YYYY-MM-DD' strings (object array, '' for blank)."""
    out = (FIRST + d.astype("timedelta64[D]")).astype(str).astype(object)
    out[d < 0] = ""
    return out


def ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


def write(frame: pd.DataFrame, path: Path) -> None:
    t = time.perf_counter()
    frame.to_csv(path, index=False)
    log(f"    {path.relative_to(HERE)}: {len(frame):,} rows × {frame.shape[1]} columns "
        f"({path.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t:.1f} s)")


def make(size: str) -> dict[str, pd.DataFrame]:
    n = SIZES[size]
    rng = np.random.default_rng(SEEDS[size])
    out = DATA / size
    out.mkdir(parents=True, exist_ok=True)
    log(f"{size}: {n:,} customers")

    # ---- customers: signups grow over time (density ∝ √t), ~63 % ever pay
    signup = np.sort((SPAN - 31) * rng.random(n) ** (2 / 3)).astype(np.int64)
    plan_i = rng.choice(len(PLANS), n, p=PLAN_P)
    seg = SEGMENTS[np.minimum(plan_i // 2, 2)]
    pays = rng.random(n) < 0.625
    trial = pays & (rng.random(n) < 0.35)
    paid = np.where(pays, signup + np.where(trial, 14, 0), -1)
    lifetime = np.ceil(rng.exponential(30 * 30.44, n)).astype(np.int64) + 1
    churn = np.where(pays & (paid + lifetime < SPAN), paid + lifetime, -1)  # day of first inactivity
    onboard_done = np.where(rng.random(n) < 0.85, signup + rng.integers(3, 75, n), -1)
    onboard_done[onboard_done >= SPAN] = -1
    cust_ids = ids("C", n, 7)
    owners = ids("CSM ", max(5, n // 400), 4)
    customers = pd.DataFrame({
        "customer_id": cust_ids, "name": np.char.add("Company ", np.arange(1, n + 1).astype(str)).astype(object),
        "signup_date": days_to_text(signup), "churn_date": days_to_text(churn), "paid_date": days_to_text(paid),
        "onboarding_complete": days_to_text(onboard_done), "plan": PLANS[plan_i], "segment": seg,
        "owner": owners[rng.integers(0, len(owners), n)],
    })

    # ---- subscriptions (rows: trial, first plan, changed plan, add-on, reactivation)
    P = np.flatnonzero(pays)
    p_end = np.where(churn[P] >= 0, churn[P], -1)  # −1 = open
    p_stop = np.where(p_end >= 0, p_end, SPAN)  # last day + 1 within the data
    mrr0 = PRICES[plan_i[P]]
    parts = []
    T = P[trial[P]]
    parts.append((T, signup[T], signup[T] + 14, np.zeros(len(T)), np.full(len(T), "Trial", dtype=object)))
    change = rng.random(len(P)) < 0.2
    when = paid[P] + (rng.random(len(P)) * (p_stop - paid[P])).astype(np.int64)
    change &= (when > paid[P]) & (when < p_stop)
    factor = np.where(rng.random(len(P)) < 0.7, 1.5, 0.6)
    parts.append((P, paid[P], np.where(change, when, p_end), mrr0, PLANS[plan_i[P]].astype(object)))
    C = np.flatnonzero(change)
    parts.append((P[C], when[C], p_end[C], np.round(mrr0[C] * factor[C], 2), np.full(len(C), "Changed", dtype=object)))
    addon = rng.random(len(P)) < 0.05
    a_start = paid[P] + (rng.random(len(P)) * (p_stop - paid[P])).astype(np.int64)
    a_len = rng.integers(30, 400, len(P))
    addon &= a_start < p_stop - 1
    A = np.flatnonzero(addon)
    a_end = np.minimum(a_start[A] + a_len[A], p_stop[A])
    a_end = np.where(a_end >= SPAN, -1, a_end)
    parts.append((P[A], a_start[A], a_end, np.full(len(A), 29.0), np.full(len(A), "Add-on", dtype=object)))
    back = (p_end >= 0) & (rng.random(len(P)) < 0.12)
    b_start = p_end + rng.integers(30, 365, len(P))
    back &= b_start < SPAN - 1
    B = np.flatnonzero(back)
    b_end = b_start[B] + np.ceil(rng.exponential(20 * 30.44, len(B))).astype(np.int64) + 1
    b_end = np.where(b_end >= SPAN, -1, b_end)
    parts.append((P[B], b_start[B], b_end, mrr0[B], PLANS[plan_i[P[B]]].astype(object)))
    cust = np.concatenate([p[0] for p in parts])
    s = np.concatenate([p[1] for p in parts])
    e = np.concatenate([p[2] for p in parts])
    m = np.concatenate([p[3] for p in parts])
    plan = np.concatenate([p[4] for p in parts])
    order = np.lexsort((cust, s))
    cust, s, e, m, plan = cust[order], s[order], e[order], m[order], plan[order]
    ns = len(cust)
    subs = pd.DataFrame({
        "subscription_id": ids("S", ns, 8), "customer_id": cust_ids[cust], "plan": plan,
        "start_date": days_to_text(s), "end_date": days_to_text(e), "mrr": m,
    })
    log(f"  {ns:,} subscription rows ({int((m > 0).sum()):,} paid), {len(P):,} paying customers")

    # Paid rows, for drawing activity of paying customers while they pay
    paid_rows = np.flatnonzero(m > 0)
    pe = np.where(e[paid_rows] >= 0, e[paid_rows], SPAN)

    def during(k: int):
        r = paid_rows[rng.integers(0, len(paid_rows), k)]
        hi = np.where(e[r] >= 0, e[r], SPAN)
        d = s[r] + (rng.random(k) * (hi - s[r])).astype(np.int64)
        return r, np.minimum(d, SPAN - 1)

    del pe
    # ---- transactions: invoices of the plan amount, some one-off add-ons, a few refunds
    k = int(1.5 * ns)
    r, d = during(k)
    kind = rng.random(k)
    amount = np.where(kind < 0.85, m[r], np.round(rng.uniform(50, 2000, k), 2))
    amount = np.where(kind > 0.98, -np.round(m[r] / 2, 2), amount)
    order = np.argsort(d, kind="stable")
    tx = pd.DataFrame({
        "transaction_id": ids("INV-", k, 8), "customer_id": cust_ids[cust[r]][order], "date": days_to_text(d[order]),
        "amount": amount[order], "recurring": np.where(kind < 0.85, "Yes", "No")[order],
    })

    # ---- surveys
    k = int(0.3 * ns)
    r, d = during(k)
    st = rng.choice(np.array(["nps", "csat", "ces"]), k, p=[0.5, 0.35, 0.15])
    score = np.where(st == "nps", rng.integers(0, 11, k), np.where(st == "csat", rng.integers(1, 6, k),
                                                                     rng.integers(1, 8, k)))
    order = np.argsort(d, kind="stable")
    surveys = pd.DataFrame({
        "response_id": ids("R-", k, 8), "date": days_to_text(d[order]), "customer_id": cust_ids[cust[r]][order],
        "survey_type": st[order], "score": score[order], "comment": COMMENTS[rng.integers(0, len(COMMENTS), k)],
    })

    # ---- tickets (timestamps to the minute)
    k = int(0.3 * ns)
    r, d = during(k)
    order = np.argsort(d, kind="stable")
    r, d = r[order], d[order]
    created = (FIRST + d.astype("timedelta64[D]")).astype("datetime64[m]") + rng.integers(0, 1440, k).astype(
        "timedelta64[m]")
    resolved = created + rng.exponential(20 * 60, k).astype(np.int64).astype("timedelta64[m]")
    resolved = np.minimum(resolved, np.datetime64("2025-12-31T23:59"))  # stay inside the five years
    res_txt = pd.Series(resolved).dt.strftime("%Y-%m-%d %H:%M").to_numpy(dtype=object)
    res_txt[rng.random(k) < 0.05] = ""
    contacts = 1 + rng.poisson(0.6, k)
    tickets = pd.DataFrame({
        "ticket_id": ids("T-", k, 8), "customer_id": cust_ids[cust[r]],
        "created_at": pd.Series(created).dt.strftime("%Y-%m-%d %H:%M"), "resolved_at": res_txt,
        "first_contact_resolved": np.where(contacts == 1, "Y", "N"), "contacts": contacts,
        "agent": ids("Agent ", max(5, n // 2000), 3)[rng.integers(0, max(5, n // 2000), k)],
    })

    # ---- usage events
    k = 2 * ns
    r, d = during(k)
    order = np.argsort(d, kind="stable")
    r, d = r[order], d[order]
    usage = pd.DataFrame({
        "date": days_to_text(d), "customer_id": cust_ids[cust[r]],
        "user_id": np.char.add(cust_ids[cust[r]].astype(str), np.char.add("-U", rng.integers(1, 6, k).astype(str))),
        "feature": FEATURES[rng.integers(0, len(FEATURES), k)], "minutes": rng.integers(1, 120, k),
    })

    # ---- costs: per month and category, one row per team (teams grow with the company)
    teams = max(1, n // 20_000)
    months = np.arange(np.datetime64("2021-01"), np.datetime64("2026-01")).astype("datetime64[D]")
    grid = np.array(np.meshgrid(np.arange(len(months)), np.arange(len(COST_CATEGORIES)), np.arange(teams),
                                indexing="ij")).reshape(3, -1)
    costs = pd.DataFrame({
        "month": months[grid[0]].astype(str), "category": COST_CATEGORIES[grid[1]],
        "team": np.char.add("Team ", (grid[2] + 1).astype(str)), "amount": np.round(rng.uniform(500, 20_000, grid.shape[1]), 2),
    })

    # ---- funnel: daily visitors and conversions per channel (channels grow with the company)
    channels = max(1, n // 50_000)
    grid = np.array(np.meshgrid(np.arange(SPAN), np.arange(channels), indexing="ij")).reshape(2, -1)
    visitors = rng.poisson(200 + n / 100, grid.shape[1])
    funnel = pd.DataFrame({
        "date": days_to_text(grid[0]), "channel": np.char.add("Channel ", (grid[1] + 1).astype(str)),
        "visitors": visitors, "conversions": rng.binomial(visitors, 0.02),
    })

    tables = {"customers": customers, "subscriptions": subs, "transactions": tx, "surveys": surveys,
              "tickets": tickets, "usage": usage, "costs": costs, "funnel": funnel}
    for name, frame in tables.items():
        write(frame, out / f"{name}.csv")
    return tables


def make_xlsx(subs: pd.DataFrame, customers: pd.DataFrame, rows: int = 100_000) -> None:
    """subscriptions_100k.xlsx: 100k rows × 8 columns (ids, text, real Excel dates, numbers, blanks)."""
    from openpyxl import Workbook

    t = time.perf_counter()
    seg = customers.set_index("customer_id")["segment"]
    top = subs.head(rows)
    frame = pd.DataFrame({
        "Subscription ID": top["subscription_id"], "Customer ID": top["customer_id"], "Plan": top["plan"],
        "Segment": top["customer_id"].map(seg), "Start date": pd.to_datetime(top["start_date"]),
        "End date": pd.to_datetime(top["end_date"].replace("", None)), "MRR": top["mrr"],
        "Seats": (top["mrr"] // 25).astype(int) + 1,
    })
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Subscriptions")
    ws.append(list(frame.columns))
    cols = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    for i in range(len(frame)):  # generation only (openpyxl writes row by row)
        ws.append([None if (v is pd.NaT or v != v) else (v.to_pydatetime() if hasattr(v, "to_pydatetime") else v)
                   for v in (c[i] for c in cols)])
    path = DATA / "subscriptions_100k.xlsx"
    wb.save(path)
    log(f"    {path.relative_to(HERE)}: {len(frame):,} rows × {frame.shape[1]} columns "
        f"({path.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t:.1f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    ap.add_argument("--no-xlsx", action="store_true")
    a = ap.parse_args()
    t0 = time.perf_counter()
    for size in a.sizes:
        t = time.perf_counter()
        tables = make(size)
        log(f"  {size} done in {time.perf_counter() - t:.1f} s")
        if size == "medium" and not a.no_xlsx:
            make_xlsx(tables["subscriptions"], tables["customers"])
        del tables
    if "medium" not in a.sizes and not a.no_xlsx and (DATA / "medium" / "subscriptions.csv").exists():
        make_xlsx(pd.read_csv(DATA / "medium" / "subscriptions.csv", dtype=str, keep_default_na=False),
                  pd.read_csv(DATA / "medium" / "customers.csv", dtype=str, keep_default_na=False))
    log(f"all done in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
