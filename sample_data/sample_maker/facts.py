"""Facts computed straight from the simulation, month by month (customers, new, reactivated, churned, MRR) and NPS by
quarter: an independent check for the metrics engine, written to brightwave_facts.json."""
from __future__ import annotations

from datetime import date, timedelta

from .dates import add_months, month_starts
from .simulation import Company, Customer


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
