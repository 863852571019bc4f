"""An independent reference implementation of shared/METRICS.md, for tests/test_oracle.py.

Deliberately simple and slow: state is evaluated day by day, customer by customer, straight from the words of
the specification. It never imports `csm`. Input: ``tables``, a dict kind -> list of row dicts holding Python
values (``datetime.date`` / ``datetime.datetime``, numbers, ``bool``, ``str``, ``None`` for a blank cell), the same
rows the test writes out as CSV files with canonical headers.

Every metric comes back as a list (one entry per period) of ``{"value", "numerator", "denominator"}``;
``numerator``/``denominator`` are ``CHECK_SKIP`` where the spec does not define them. Extras (NPS shares,
per-feature adoption, ...) come back as ``{metric: {key: [per period]}}``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DAY = dt.timedelta(days=1)
OPEN = dt.date(9999, 12, 31)  # a blank end date: still active
CHECK_SKIP = "skip"  # numerator/denominator not defined by the spec for this metric


# ---------------------------------------------------------------------------------------------------- time
def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def period_of(d: dt.date, granularity: str) -> tuple[str, dt.date, dt.date]:
    """(label, start, end) of the calendar period holding day d; end is exclusive."""
    if granularity == "week":
        s = d - dt.timedelta(days=d.weekday())  # ISO: Monday start
        iso_year, iso_week, _ = s.isocalendar()
        return f"{iso_year}-W{iso_week:02d}", s, s + 7 * DAY
    if granularity == "month":
        s = d.replace(day=1)
        return f"{s.year}-{s.month:02d}", s, _add_months(s, 1)
    if granularity == "quarter":
        q = (d.month - 1) // 3
        s = dt.date(d.year, 3 * q + 1, 1)
        return f"{s.year}-Q{q + 1}", s, _add_months(s, 3)
    if granularity == "year":
        s = dt.date(d.year, 1, 1)
        return str(d.year), s, dt.date(d.year + 1, 1, 1)
    raise ValueError(granularity)


def periods(granularity: str, start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Every calendar period from the one holding `start` to the one holding `end` (the last day of the range)."""
    out = []
    p = period_of(start, granularity)
    while p[1] <= end:
        out.append(p)
        p = period_of(p[2], granularity)
    return out


def days(ps: dt.date, pe: dt.date):
    d = ps
    while d < pe:
        yield d
        d += DAY


def _day(x) -> dt.date | None:
    """A calendar date: time of day dropped (METRICS.md, Time)."""
    if x is None:
        return None
    if isinstance(x, dt.datetime):
        return x.date()
    return x


def _stamp(v) -> dt.datetime:
    """A ticket time as wall-clock datetime: the zone dropped, a bare date at midnight."""
    if isinstance(v, dt.datetime):
        return v.replace(tzinfo=None)
    return dt.datetime(v.year, v.month, v.day)


MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}
BILLING = {"month": 1.0, "quarter": 1 / 3, "year": 1 / 12, "week": 52 / 12}


def sub_mrr(row: dict) -> float:
    if row.get("mrr") is not None:
        return float(row["mrr"])
    bp = row.get("billing_period") or "month"
    return {"month": row["amount"], "quarter": row["amount"] / 3, "year": row["amount"] / 12,
            "week": row["amount"] * 52 / 12}[bp]


def _ratio(num, den, scale=100.0):
    return {"value": (num / den * scale) if den else None, "numerator": num, "denominator": den}


def _count(v):
    return {"value": v, "numerator": CHECK_SKIP, "denominator": CHECK_SKIP}


def _plain(v):
    return {"value": v, "numerator": CHECK_SKIP, "denominator": CHECK_SKIP}


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    if not n:
        return None
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def _percentile(xs, q):
    """Linear interpolation between closest ranks (the usual default, numpy's `linear`)."""
    xs = sorted(xs)
    if not xs:
        return None
    pos = q * (len(xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _mean(xs):
    return sum(xs) / len(xs) if xs else None


# ---------------------------------------------------------------------------------------------------- options
@dataclass
class Options:
    granularity: str = "month"
    start: dt.date | None = None
    end: dt.date | None = None
    churn_variant: str = "start"
    churn_event: str | None = None
    inactivity_days: int = 90
    csat_threshold: float | None = None
    ces_direction: str = "higher_is_easier"
    clv_method: str | None = None
    lifespan_months: float | None = None
    gross_margin: float = 100.0
    extra_args: list = field(default_factory=list)

    def argv(self) -> list[str]:
        a = ["--granularity", self.granularity, "--churn-variant", self.churn_variant,
             "--inactivity-days", str(self.inactivity_days), "--ces-direction", self.ces_direction,
             "--gross-margin", repr(self.gross_margin)]
        if self.start:
            a += ["--start", self.start.isoformat()]
        if self.end:
            a += ["--end", self.end.isoformat()]
        if self.churn_event:
            a += ["--churn-event", self.churn_event]
        if self.csat_threshold is not None:
            a += ["--csat-threshold", repr(self.csat_threshold)]
        if self.clv_method:
            a += ["--clv-method", self.clv_method]
        if self.lifespan_months is not None:
            a += ["--lifespan-months", repr(self.lifespan_months)]
        return a + list(self.extra_args)


# ---------------------------------------------------------------------------------------------------- oracle
class Oracle:
    def __init__(self, tables: dict[str, list[dict]], opts: Options):
        self.t = {k: v for k, v in tables.items() if v}
        self.o = opts
        self.event = opts.churn_event or ("subscription" if "subscriptions" in self.t
                                           else "inactivity" if "transactions" in self.t else "customer_dates")
        start, end = opts.start, opts.end
        if start is None or end is None:  # DATA.md: the range defaults to the first and last date in the data
            cells = [_day(v) for rows in self.t.values() for r in rows for v in r.values()
                     if isinstance(v, dt.date)]
            start, end = start or min(cells), end or max(cells)
        self.P = periods(opts.granularity, start, end)
        self.intervals = self._intervals(self.event)
        self.subs_of: dict[str, list[dict]] = {}
        for r in self.t.get("subscriptions", []):
            self.subs_of.setdefault(r["customer_id"], []).append(r)
        self.triggers: set[str] = set()  # spec edge cases met in this data (tests/test_oracle.py: known issues)

    # ---- active intervals ------------------------------------------------------------------------------
    def _intervals(self, event: str) -> dict[str, list[tuple[dt.date, dt.date]]]:
        iv: dict[str, list] = {}
        if event == "subscription":
            for r in self.t.get("subscriptions", []):
                if sub_mrr(r) > 0:
                    iv.setdefault(r["customer_id"], []).append((r["start_date"], r["end_date"] or OPEN))
        elif event == "customer_dates":
            for r in self.t.get("customers", []):
                if r.get("signup_date"):
                    iv.setdefault(r["customer_id"], []).append((r["signup_date"], r.get("churn_date") or OPEN))
        elif event == "inactivity":
            n = dt.timedelta(days=self.o.inactivity_days)
            for r in self.t.get("transactions", []):
                if r["amount"] > 0:  # purchases only; refunds never extend activity
                    d = _day(r["date"])
                    iv.setdefault(r["customer_id"], []).append((d, d + n))
        # an interval [d, d) covers no day: the customer is not active on it (the union below handles it)
        return iv

    def active(self, c: str, d: dt.date) -> bool:
        return any(s <= d < e for s, e in self.intervals.get(c, ()))

    def first_active(self, c: str):
        starts = [s for s, e in self.intervals.get(c, ()) if s < e]
        return min(starts) if starts else None

    # ---- customer counts -------------------------------------------------------------------------------
    def customer_sets(self, ps, pe):
        cs = sorted(self.intervals)
        S = {c for c in cs if self.active(c, ps - DAY)}
        E = {c for c in cs if self.active(c, pe - DAY)}
        N = {c for c in cs if self.first_active(c) is not None and ps <= self.first_active(c) < pe}
        C, R, T = set(), set(), set()
        cdays = 0
        for c in cs:
            prev = self.active(c, ps - DAY)
            for d in days(ps, pe):
                now = self.active(c, d)
                if now:
                    T.add(c)
                    cdays += 1
                if prev and not now:
                    C.add(c)  # d is the first inactive day, and the customer is not active again on d
                if now and not prev and c not in N:
                    R.add(c)
                prev = now
        return dict(S=S, E=E, N=N, R=R, C=C, T=T, cdays=cdays, ndays=(pe - ps).days)

    def churn_rate(self, k, variant):
        S, E, N, C, T = (len(k[x]) for x in "SENCT")
        if variant == "start":
            return _ratio(C, S)
        if variant == "start_cohort":
            return _ratio(S - len(k["S"] & k["E"]), S)
        if variant == "acquired":
            return _ratio(C, N)
        if variant == "total":
            return _ratio(C, T)
        if variant == "average":
            return _ratio(C, (S + E) / 2)
        if variant == "customer_days":
            return _ratio(C, k["cdays"] / k["ndays"])
        if variant == "end":
            return _ratio(C, E)
        raise ValueError(variant)

    # ---- MRR -------------------------------------------------------------------------------------------
    def mrr_on(self, c, d):
        return sum(sub_mrr(r) for r in self.subs_of.get(c, []) if r["start_date"] <= d < (r["end_date"] or OPEN))

    def had_mrr_before(self, c, ps):
        return any(sub_mrr(r) > 0 and r["start_date"] < (r["end_date"] or OPEN) and r["start_date"] < ps
                   for r in self.subs_of.get(c, []))

    def movements(self, ps, pe):
        mv = dict(new=0.0, reactivation=0.0, expansion=0.0, contraction=0.0, churned=0.0, m0=0.0, m1=0.0)
        for c in sorted(self.subs_of):
            m0, m1 = self.mrr_on(c, ps - DAY), self.mrr_on(c, pe - DAY)
            mv["m0"] += m0
            mv["m1"] += m1
            if m0 == 0 and m1 > 0:
                mv["reactivation" if self.had_mrr_before(c, ps) else "new"] += m1
            elif m0 > 0 and m1 == 0:
                mv["churned"] += m0
            elif m1 > m0 > 0:
                mv["expansion"] += m1 - m0
            elif 0 < m1 < m0:
                mv["contraction"] += m0 - m1
        return mv

    # ---- all metrics -----------------------------------------------------------------------------------
    def compute(self):
        out: dict[str, list] = {}
        extra: dict[str, dict[str, list]] = {}

        def put(mid, v):
            out.setdefault(mid, []).append(v)

        def put_extra(mid, key, v):
            extra.setdefault(mid, {}).setdefault(key, []).append(v)

        t = self.t
        source = {"subscription": "subscriptions", "customer_dates": "customers", "inactivity": "transactions"}
        has_customers_data = source[self.event] in t
        subs = "subscriptions" in t
        tx = t.get("transactions", [])
        for _label, ps, pe in self.P:
            last = pe - DAY
            k = self.customer_sets(ps, pe) if has_customers_data else None
            if k is not None:
                S, E = len(k["S"]), len(k["E"])
                put("customers_start", _count(S))
                put("customers_end", _count(E))
                put("new_customers", _count(len(k["N"])))
                put("reactivated_customers", _count(len(k["R"])))
                put("churned_customers", _count(len(k["C"])))
                put("customer_churn_rate", self.churn_rate(k, self.o.churn_variant))
                put("customer_retention_rate", _ratio(len(k["S"] & k["E"]), S))
                put("customer_growth_rate", _ratio(E - S, S))
            if subs:
                mv = self.movements(ps, pe)
                m0, m1 = mv["m0"], mv["m1"]
                put("mrr", _plain(m1))
                for name in ("new", "reactivation", "expansion", "contraction", "churned"):
                    put(f"{name}_mrr", _plain(mv[name]))
                put("net_revenue_retention",
                    _ratio(m0 + mv["expansion"] - mv["contraction"] - mv["churned"], m0))
                put("gross_revenue_retention", _ratio(m0 - mv["contraction"] - mv["churned"], m0))
                put("expansion_mrr_rate", _ratio(mv["expansion"], m0))
                put("mrr_growth_rate", _ratio(m1 - m0, m0))
                put("revenue_churn_rate", _ratio(mv["contraction"] + mv["churned"], m0))
                put("quick_ratio", _ratio(mv["new"] + mv["reactivation"] + mv["expansion"],
                                          mv["churned"] + mv["contraction"], scale=1.0))
                arpa = _ratio(m1, len(k["E"]), scale=1.0)
                put("arpa", arpa)
            if tx:
                in_p = [r for r in tx if ps <= _day(r["date"]) < pe]
                revenue = sum(r["amount"] for r in in_p)
                put("revenue", _plain(revenue))
                if any("recurring" in r for r in tx):
                    put("non_recurring_revenue", _plain(sum(r["amount"] for r in in_p if r.get("recurring") is False)))
                put("arpu", _ratio(revenue, len({r["customer_id"] for r in in_p}), scale=1.0))
                counts: dict[str, int] = {}
                for r in tx:
                    if r["amount"] > 0 and _day(r["date"]) <= last:
                        counts[r["customer_id"]] = counts.get(r["customer_id"], 0) + 1
                put("repeat_purchase_rate", _ratio(sum(1 for n in counts.values() if n >= 2), len(counts)))
                for tier, lo, hi in (("1", 1, 1), ("2–5", 2, 5), ("6–10", 6, 10), ("11+", 11, 10**9)):
                    put_extra("repeat_purchase_rate", tier, sum(1 for n in counts.values() if lo <= n <= hi)
                              / len(counts) * 100 if counts else None)
                purchases = [r for r in in_p if r["amount"] > 0]
                buyers = {r["customer_id"] for r in purchases}
                if self.o.clv_method == "purchase" and self.o.granularity in MONTHS_IN:
                    lifespan = self.o.lifespan_months
                    if lifespan is None and self.o.granularity == "month" and k is not None:
                        c, s = len(k["C"]), len(k["S"])
                        lifespan = (1 / (c / s)) if c and s else None
                    if self.o.lifespan_months is not None or self.o.granularity == "month":
                        if purchases and lifespan is not None:
                            apv = revenue / len(purchases)  # revenue (refunds included) ÷ purchases in P
                            freq = len(purchases) / len(buyers) / MONTHS_IN[self.o.granularity]
                            put("clv", _plain(apv * freq * lifespan))
                        else:
                            put("clv", _plain(None))
            elif subs:
                put("arpu", arpa)
            if subs and self.o.clv_method == "subscription" and self.o.granularity == "month":
                c, s = len(k["C"]), len(k["S"])
                a = arpa["value"]
                put("clv", _plain(a * self.o.gross_margin / 100 / (c / s) if (a is not None and c and s) else None))

            # ---- surveys
            sv = [r for r in t.get("surveys", []) if 0 <= r["score"] <= 10]  # others are rejected by row
            nps = [r["score"] for r in sv if r["survey_type"] == "nps" and ps <= _day(r["date"]) < pe]
            if any(r["survey_type"] == "nps" for r in sv):
                n = len(nps)
                pro = sum(1 for x in nps if x >= 9)
                det = sum(1 for x in nps if x <= 6)
                pas = n - pro - det
                put("nps", _plain((pro - det) / n * 100 if n else None))
                put_extra("nps", "promoters", pro / n * 100 if n else None)
                put_extra("nps", "passives", pas / n * 100 if n else None)
                put_extra("nps", "detractors", det / n * 100 if n else None)
            csat_all = [r["score"] for r in sv if r["survey_type"] == "csat"]
            if csat_all:
                scale = 5 if max(csat_all) <= 5 else 7 if max(csat_all) <= 7 else 10
                thr = self.o.csat_threshold if self.o.csat_threshold is not None else {5: 4, 7: 6, 10: 8}[scale]
                xs = [r["score"] for r in sv if r["survey_type"] == "csat" and ps <= _day(r["date"]) < pe]
                put("csat", _ratio(sum(1 for x in xs if x >= thr), len(xs)))
                put_extra("csat", "mean_score", _mean(xs))
            ces_all = [r["score"] for r in sv if r["survey_type"] == "ces"]
            if ces_all:
                top = 5 if max(ces_all) <= 5 else 7 if max(ces_all) <= 7 else 10
                bottom = 0 if min(ces_all) == 0 else 1
                xs = [r["score"] for r in sv if r["survey_type"] == "ces" and ps <= _day(r["date"]) < pe]
                put("ces", _plain(_mean(xs)))
                if self.o.ces_direction == "higher_is_easier":
                    low = [x for x in xs if x >= top - 1]
                else:
                    low = [x for x in xs if x <= bottom + 1]
                put_extra("ces", "low_effort_share", len(low) / len(xs) * 100 if xs else None)

            # ---- tickets
            tk = t.get("tickets", [])
            if tk:
                created = [r for r in tk if ps <= _day(r["created_at"]) < pe]

                def first_contact(r):
                    if "first_contact_resolved" in r:
                        return r["first_contact_resolved"] is True
                    return r.get("contacts") == 1

                put("first_contact_resolution_rate", _ratio(sum(1 for r in created if first_contact(r)), len(created)))
                resolved = [r for r in tk if r.get("resolved_at") is not None and ps <= _day(r["resolved_at"]) < pe]
                # hours between the wall-clock times written (the zone dropped); periods by calendar day. Our
                # reading of "median hours from created to resolved": the Time section's calendar dates place a
                # ticket in its period; an hours metric keeps the time of day (a date alone counts as midnight).
                hours = [(_stamp(r["resolved_at"]) - _stamp(r["created_at"])).total_seconds() / 3600
                         for r in resolved]
                put("resolution_time_hours", _plain(_median(hours)))

            # ---- customers table: onboarding, free-to-paid
            cu = t.get("customers", [])
            if any(r.get("onboarding_complete") for r in cu):
                ds = []
                for r in cu:
                    done = r.get("onboarding_complete")
                    begin = r.get("onboarding_start") or r.get("signup_date")
                    if done and begin and ps <= done < pe:
                        ds.append((done - begin).days)
                put("onboarding_days", _plain(_median(ds)))
                put_extra("onboarding_days", "mean", _mean(ds))
                put_extra("onboarding_days", "p90", _percentile(ds, 0.9))
                put_extra("onboarding_days", "within_target", (sum(1 for x in ds if x <= 30) / len(ds) * 100)
                          if ds else None)
            if any(r.get("paid_date") for r in cu):
                def free_on(r, d):  # METRICS.md: signup ≤ d ≤ paid (the paid day included), d < churn
                    su, pd_, ch = r.get("signup_date"), r.get("paid_date"), r.get("churn_date")
                    if not su or (pd_ and pd_ < su):  # never free: no signup date, or paid before signing up
                        return False
                    return su <= d and not (pd_ and pd_ < d) and not (ch and ch <= d)

                paid = {r["customer_id"] for r in cu if r.get("paid_date") and ps <= r["paid_date"] < pe
                        and free_on(r, r["paid_date"])}
                free = {r["customer_id"] for r in cu if any(free_on(r, d) for d in days(ps, pe))}
                if any(r.get("paid_date") and ps <= r["paid_date"] < pe and r["customer_id"] not in paid for r in cu):
                    self.triggers.add("paid_in_P_but_no_upgrade")  # no signup, paid before it, or after churning
                put("free_to_paid_rate", _ratio(len(paid), len(free)))
                put_extra("free_to_paid_rate", "upgrades", len(paid))

            # ---- costs: retention cost per customer served (all costs rows by default)
            co = t.get("costs", [])
            if co and k is not None:
                put("customer_retention_cost",
                    _ratio(sum(r["amount"] for r in co if ps <= _day(r["date"]) < pe), len(k["T"]), scale=1.0))

            # ---- opportunities: counted and summed by type
            op = t.get("opportunities", [])
            if op:
                rows = [r for r in op if ps <= _day(r["date"]) < pe]
                put("portfolio_growth", _plain(len(rows)))
                for ty in ("repurchase", "replacement", "expansion", "innovation"):
                    put_extra("portfolio_growth", f"{ty}_count", sum(1 for r in rows if r["type"] == ty))
                    put_extra("portfolio_growth", f"{ty}_amount",
                              sum(r.get("amount") or 0 for r in rows if r["type"] == ty))

            # ---- funnel
            fu = t.get("funnel", [])
            if fu:
                rows = [r for r in fu if ps <= _day(r["date"]) < pe]
                put("conversion_rate", _ratio(sum(r["conversions"] for r in rows), sum(r["visitors"] for r in rows)))

            # ---- usage
            us = t.get("usage", [])
            if us:
                in_p = [r for r in us if ps <= _day(r["date"]) < pe]
                users_p = {r["customer_id"] for r in in_p}
                if "subscriptions" in t or "customers" in t:
                    served = k["T"]
                    put("active_customer_rate", _ratio(len(users_p & served), len(served)))
                else:
                    so_far = {r["customer_id"] for r in us if _day(r["date"]) <= last}
                    put("active_customer_rate", _ratio(len(users_p), len(so_far)))

                def user(r):
                    return r.get("user_id") or r["customer_id"]

                daily = [len({user(r) for r in in_p if _day(r["date"]) == d}) for d in days(ps, pe)]
                mean_daily = sum(daily) / len(daily)
                put("dau_mau", _ratio(mean_daily, len({user(r) for r in in_p}), scale=1.0))
                # the single value is not specified (only the per-feature shares): not compared
                put("feature_adoption", {"value": CHECK_SKIP, "numerator": CHECK_SKIP, "denominator": CHECK_SKIP})
                features = sorted({r["feature"] for r in us if r.get("feature")})
                for f in features:
                    using = {r["customer_id"] for r in in_p if r.get("feature") == f}
                    put_extra("feature_adoption", f, len(using) / len(users_p) * 100 if users_p else None)
        return out, extra, self.triggers
