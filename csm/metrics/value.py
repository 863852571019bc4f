"""Transaction revenue, ARPU, repeat purchases, CLV and retention cost — METRICS.md "Revenue (transactions)",
"Customer lifetime value" and "Cost".

A purchase is a transaction with a positive amount; refunds (negative amounts) count toward revenue only.
The per-period helpers come from csm.metrics.per_period; customer codes and distinct counts from csm.keys,
computed once per analysis.
"""
from __future__ import annotations

import numpy as np

from .. import fmt, keys
from ..activity import days_of, to_days
from ..engine import Analysis
from ..results import safe_ratio
from .build import money_texts, pct, pct_lines, ratio_lines, series
from .per_period import as_list, period_sums
from .registry import metric


def _money(a: Analysis):
    return lambda x: fmt.money(x, a.currency)


def _has_tx(a: Analysis) -> bool:
    return a.dataset.has("transactions")


def needs_transactions(a: Analysis) -> str | None:
    return None if _has_tx(a) else "needs a transactions table (customer_id, date, amount)"


def _tx(a: Analysis):
    """Transactions of the analysis: (period index, amount, purchase mask); the period index is computed once per
    analysis (csm.keys)."""
    amount = a.table("transactions")["amount"].to_numpy(dtype=float)
    return keys.periods_of(a, "transactions"), amount, amount > 0


def _buyers(a: Analysis, rows=slice(None)) -> np.ndarray:
    """Distinct customers with a transaction per period, among `rows` (all, or a mask such as purchases only)."""
    code, ids = keys.codes(a, "transactions")
    return keys.distinct_per_period(code[rows], keys.periods_of(a, "transactions")[rows], len(ids), len(a.periods))


TX = dict(group="value", needs=("transactions",))


# ----- revenue ----------------------------------------------------------------------------------------------
@metric(id="revenue", name="Revenue", unit="money", formula="Σ transaction amounts dated in the period (refunds included)",
        latex=r"\sum_{t \in P} \mathrm{amount}_t", requires=needs_transactions,
        definition="Every transaction amount dated in the period, refunds (negative amounts) included.",
        source="METRICS.md", **TX)
def revenue(a: Analysis):
    pidx, amount, _ = _tx(a)
    k = len(a.periods)
    total, rows, refunds = period_sums(pidx, k, amount), period_sums(pidx, k), period_sums(pidx[amount < 0], k)
    m = _money(a)
    worked = [f"Σ of {fmt.num(r)} transactions ({fmt.num(f)} refunds) = {m(v)}"
              for r, f, v in zip(rows, refunds, total, strict=True)]
    return series(a, "revenue", total, worked=worked, n=rows, small=False)


def needs_recurring_flag(a: Analysis) -> str | None:
    if a.dataset.has("transactions", "recurring"):
        return None
    return "needs a transactions table with a recurring flag (customer_id, date, amount, recurring)"


@metric(id="non_recurring_revenue", name="Non-recurring revenue", unit="money",
        formula="Σ amounts dated in the period whose recurring flag is false",
        latex=r"\sum_{t \in P,\ \neg \mathrm{recurring}_t} \mathrm{amount}_t", requires=needs_recurring_flag,
        definition="One-off revenue in the period: upsells, cross-sells and add-ons (transactions flagged as not "
                   "recurring), refunds of such transactions included.",
        notes=("Seed 001 calls this \"expansion MRR\"; it is not MRR (it is not recurring), so it is reported "
               "under its own name. Expansion MRR proper is the subscription movement `expansion_mrr`.",
               "Transactions with a blank recurring flag are left out."),
        source="seed 001", **TX)
def non_recurring_revenue(a: Analysis):
    t = a.table("transactions")
    one_off = t["recurring"].astype("boolean").eq(False).fillna(False).to_numpy(dtype=bool)
    pidx = a.period_index(t["date"])[one_off]
    k = len(a.periods)
    total, rows = period_sums(pidx, k, t["amount"].to_numpy(dtype=float)[one_off]), period_sums(pidx, k)
    m = _money(a)
    worked = [f"Σ of {fmt.num(r)} non-recurring transactions = {m(v)}" for r, v in zip(rows, total, strict=True)]
    return series(a, "non_recurring_revenue", total, worked=worked, n=rows, small=False)


# ----- ARPU -------------------------------------------------------------------------------------------------
def needs_revenue(a: Analysis) -> str | None:
    if _has_tx(a):
        return None
    if a.dataset.has("subscriptions"):  # ARPU falls back to ARPA, which also needs the churn event's data
        return a.churn_event_missing()
    return "needs a transactions table (customer_id, date, amount) or a subscriptions table (for ARPA)"


@metric(id="arpu", name="ARPU", unit="money", formula="revenue ÷ customers with a transaction in the period",
        latex=r"\frac{\text{revenue}}{\#\{c : c \text{ has a transaction in } P\}}", requires=needs_revenue,
        definition="Average revenue per customer who transacted in the period (seed 002). Without transactions "
                   "it falls back to ARPA: MRR at the end ÷ customers at the end.",
        notes=("Customers whose only transaction in the period is a refund count in the denominator.",
               "With subscriptions only, ARPU equals ARPA (variant `arpa`) and says so in its formula."),
        group="value", needs=("transactions", "subscriptions"), source="seed 002")
def arpu(a: Analysis):
    if not _has_tx(a):
        return _arpu_from_arpa(a)
    pidx, amount, _ = _tx(a)
    k = len(a.periods)
    total, buyers = period_sums(pidx, k, amount), _buyers(a)
    values = safe_ratio(total, buyers)
    worked = ratio_lines(total, buyers, values, money_texts(a, total), [f"{fmt.num(b)} customers" for b in buyers],
                         _money(a))
    return series(a, "arpu", values, num=total, den=buyers, worked=worked, n=buyers, variant="transactions",
                  why="no customer had a transaction")


def _arpu_from_arpa(a: Analysis):
    from .revenue import arpa

    s = arpa(a)
    num = [p.numerator for p in s.points]
    den = [p.denominator for p in s.points]
    return series(a, "arpu", s.values, num=num, den=den, worked=[f"ARPA (no transactions): {p.worked}" for p in s.points],
                  n=[p.n for p in s.points], variant="arpa",
                  formula="ARPA = MRR at end ÷ customers at end (no transactions, so ARPU falls back to ARPA)",
                  latex=r"\frac{\mathrm{MRR}_1}{E}", why="there were no customers at the end")


# ----- repeat purchases -------------------------------------------------------------------------------------
TIERS = (("1", 1, 2), ("2–5", 2, 6), ("6–10", 6, 11), ("11+", 11, None))  # label, at least, fewer than


def _customers_with_at_least(a: Analysis, window: str, thresholds) -> dict[int, np.ndarray]:
    """Per threshold m, customers with ≥ m purchases (up to the end of each period, or within it).

    From one sort of the purchases by (customer, day) or (customer, period): a customer's m-th purchase is the
    m-th entry of their run, and a run of at least m entries is a customer with at least m purchases."""
    pidx, _, buy = _tx(a)
    k = len(a.periods)
    code, _ = keys.codes(a, "transactions")
    known = buy & (code >= 0)  # a purchase by a blank customer is nobody's
    code = code[known]
    if window == "period":
        p = pidx[known]
        first, size, ordered = _runs(code[p >= 0] * k + p[p >= 0], 1)  # runs of one customer in one period
        return {m: period_sums(ordered[first[size >= m]] % k, k) for m in thresholds}
    day = to_days(a.table("transactions")["date"])[known]  # a blank date is day OPEN: after every period
    lo = day.min(initial=0)
    span = day.max(initial=lo) - lo + 1  # OPEN − lo + 1 when a date is blank; else keys small enough to sort quicker
    first, size, ordered = _runs(code * span + (day - lo), span)  # runs of one customer, by day
    ends = days_of(a.periods.ends)
    return {m: np.searchsorted(np.sort(ordered[first[size >= m] + m - 1] % span + lo), ends, side="left").astype(float)
            for m in thresholds}


def _runs(keys_: np.ndarray, span) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort the keys and cut them into runs of equal key ÷ span: (where each run starts, its length, the sorted
    keys)."""
    ordered = keys.sort_keys(keys_)
    group = ordered // span
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    return first, np.diff(np.r_[first, len(ordered)]), ordered


@metric(id="repeat_purchase_rate", reads=("repeat_window",),
        name="Repeat purchase rate", unit="percent",
        formula="customers with ≥ 2 purchases up to the end of the period ÷ customers with ≥ 1 purchase × 100",
        latex=r"\frac{\#\{c : \text{purchases}_c \ge 2\}}{\#\{c : \text{purchases}_c \ge 1\}} \times 100",
        requires=needs_transactions,
        definition="The share of purchasing customers who bought more than once. Purchase tiers (1, 2–5, 6–10, 11+) "
                   "give the share of customers in each.",
        notes=("`cumulative` (default) counts every purchase dated up to the end of the period, including before "
               "the reporting range; `period` counts purchases in the period only.",
               "Refunds are not purchases; every positive transaction row is one purchase.",
               "The extra series `1`, `2–5`, `6–10`, `11+` are each tier's share of purchasing customers (they sum "
               "to 100)."),
        source="seed 002", **TX)
def repeat_purchase_rate(a: Analysis):
    window = a.settings.repeat_window
    at_least = _customers_with_at_least(a, window, (1, 2, 6, 11))
    buyers, repeat = at_least[1], at_least[2]
    values = pct(repeat, buyers)
    tiers = {lab: as_list(pct(at_least[lo] - (at_least[hi] if hi else 0), buyers)) for lab, lo, hi in TIERS}
    scope = "up to the end of the period" if window == "cumulative" else "in the period"
    worked = pct_lines(repeat, buyers, values, [f"{fmt.num(r)} repeat customers" for r in repeat],
                       [f"{fmt.num(b)} purchasing customers" for b in buyers])
    return series(a, "repeat_purchase_rate", values, num=repeat, den=buyers, worked=worked, n=buyers, variant=window,
                  formula=f"customers with ≥ 2 purchases {scope} ÷ customers with ≥ 1 purchase {scope} × 100",
                  why=f"no customer had bought anything {scope}", extra=tiers)


# ----- customer lifetime value ------------------------------------------------------------------------------
def clv_method(a: Analysis) -> str:
    return a.settings.clv_method or ("purchase" if _has_tx(a) else "subscription")


def needs_clv(a: Analysis) -> str | None:
    method = clv_method(a)
    if method == "purchase" and not _has_tx(a):
        return "the purchase method needs a transactions table (customer_id, date, amount)"
    if method == "subscription" and not a.dataset.has("subscriptions"):
        return "the subscription method needs a subscriptions table (customer_id, start_date, mrr) for ARPA"
    missing = a.churn_event_missing()
    if method == "subscription" and missing:
        return f"ARPA needs customer counts, and {missing}"
    if a.settings.lifespan_months is None and missing:
        return f"the lifespan comes from the monthly churn rate, and {missing} (or set a lifespan in months)"
    return None


def lifespan(a: Analysis) -> tuple[np.ndarray, list[str]]:
    """Lifespan in months per period and its text: set by the user, or 1 ÷ monthly churn rate (start variant).

    For weeks, quarters and years the period's churn rate C ÷ S is turned into a monthly rate by dividing by
    the months in the period (a quarter's 9 % is 3 % a month), so the lifespan is months × S ÷ C.
    """
    k = len(a.periods)
    if a.settings.lifespan_months is not None:
        life = np.full(k, float(a.settings.lifespan_months))
        return life, [f"{fmt.num(x)} months (set)" for x in life]
    c, months = a.counts, a.periods.months
    monthly = safe_ratio(c.C, c.S) / months
    life = safe_ratio(np.ones(k), monthly)
    per = "" if a.periods.granularity == "month" else " ÷ {m} months"
    texts = [f"{fmt.num(x)} months (1 ÷ monthly churn {fmt.num(r * 100)} % = {fmt.num(ch)} ÷ {fmt.num(s)}"
             f"{per.format(m=fmt.num(mo))})" if not np.isnan(x) else "? months"
             for x, r, ch, s, mo in zip(life, monthly, c.C, c.S, months, strict=True)]
    return life, texts


def _unknown(a: Analysis, life: np.ndarray) -> list[str]:
    """After a worked line with no value for want of a lifespan: why, and what to do ("" where there is one)."""
    c = a.counts
    return ["" if not np.isnan(x) else f" ({_no_lifespan(ch, s)})" for x, ch, s in zip(life, c.C, c.S, strict=True)]


SET_LIFESPAN = "set 'Lifespan in months' (--lifespan-months) to value customers anyway"


def _no_lifespan(churned: float, at_start: float) -> str:
    """Why 1 ÷ churn gives no lifespan in a period, and what to do about it."""
    if at_start == 0:
        return f"no lifespan: there were no customers at the start of the period to measure churn on; {SET_LIFESPAN}"
    return (f"no lifespan: none of the {fmt.num(at_start)} customers at the start churned, so 1 ÷ churn is "
            f"unbounded; {SET_LIFESPAN}")


CLV_FORMULAS = {
    "purchase": ("average purchase value × purchases per customer per month × lifespan in months",
                 r"\frac{\text{revenue}}{\text{purchases}} \times \frac{\text{purchases}}{\text{buyers} \times "
                 r"\text{months}} \times \text{lifespan}"),
    "subscription": ("ARPA × gross margin ÷ monthly customer churn rate",
                     r"\frac{\mathrm{ARPA} \times \text{margin}}{\text{monthly churn rate}}"),
}


@metric(id="clv", reads=("clv_method", "gross_margin", "lifespan_months"),
        name="Customer lifetime value", unit="money", formula=CLV_FORMULAS["purchase"][0],
        latex=CLV_FORMULAS["purchase"][1], requires=needs_clv,
        definition="Revenue a customer is expected to bring over their whole relationship: monthly value per "
                   "customer × expected lifespan in months.",
        notes=("Seeds 001 and 002 worked example: $50 a purchase × 3 purchases a month × 24 months = $3,600.",
               "Per period: average purchase value = revenue ÷ purchases in the period; frequency = purchases ÷ "
               "purchasing customers ÷ months in the period.",
               "The lifespan defaults to 1 ÷ monthly customer churn rate (start variant, C ÷ S); for weeks, "
               "quarters and years the period's rate is divided by the months in the period. A period with no "
               "churn has no finite lifespan, so CLV is null there unless a lifespan is set.",
               "The gross margin applies to the subscription method only (the purchase method is a revenue value, "
               "as the seeds define it).",
               "Default method: purchase when there are transactions, else subscription."),
        group="value", needs=("transactions", "subscriptions"), source="seeds 001, 002")
def clv(a: Analysis):
    method = clv_method(a)
    life, life_text = lifespan(a)
    why_not = _unknown(a, life)
    m = _money(a)
    if method == "purchase":
        pidx, amount, buy = _tx(a)
        k = len(a.periods)
        total, purchases = period_sums(pidx, k, amount), period_sums(pidx[buy], k)
        buyers = _buyers(a, buy)
        months = a.periods.months
        apv = safe_ratio(total, purchases)
        freq = safe_ratio(purchases, buyers) / months
        values = apv * freq * life
        worked = [f"{m(v_)} per purchase ({m(t)} ÷ {fmt.num(p)} purchases) × {fmt.num(f)} purchases per customer "
                  f"per month ({fmt.num(p)} ÷ {fmt.num(b)} customers ÷ {fmt.num(mo)} months) × {lt} = {m(v)}{w}"
                  for v_, t, p, f, b, mo, lt, v, w in zip(apv, total, purchases, freq, buyers, months, life_text,
                                                          values, why_not, strict=True)]
        n, why = buyers, "there were no purchases, or no customer churned so the lifespan is unknown (set one)"
    else:
        f, e = a.flows, a.counts.E
        arpa = safe_ratio(f.end, e)
        margin = a.settings.gross_margin / 100
        values = arpa * margin * life
        worked = [f"ARPA {m(x)} ({m(mrr)} ÷ {fmt.num(c)} customers) × {fmt.num(margin * 100)} % margin × {lt} = "
                  f"{m(v)}{w}" for x, mrr, c, lt, v, w in zip(arpa, f.end, e, life_text, values, why_not, strict=True)]
        n, why = e, "there were no customers at the end, or no customer churned so the lifespan is unknown (set one)"
    return series(a, "clv", values, worked=worked, n=n, variant=method, formula=CLV_FORMULAS[method][0],
                  latex=CLV_FORMULAS[method][1], why=why)


# ----- customer retention cost ------------------------------------------------------------------------------
def needs_costs(a: Analysis) -> str | None:
    if not a.dataset.has("costs"):
        return "needs a costs table (date, amount) and customer counts"
    if a.settings.retention_categories and not a.dataset.has("costs", "category"):
        return "retention categories are chosen, but the costs table has no category column"
    missing = a.churn_event_missing()
    return f"the customers served come from customer counts, and {missing}" if missing else None


def cost_categories(a: Analysis) -> dict[str, str]:
    """The cost categories in the data (the choices of the retention-categories setting)."""
    costs = a.dataset.get("costs")
    if costs is None or "category" not in costs:
        return {}
    names = a.dataset.memo.get("cost categories", lambda: tuple(sorted(
        costs["category"].dropna().astype(str).str.strip().unique().tolist())))
    return {n: n for n in names if n}


@metric(id="customer_retention_cost", reads=("retention_categories",),
        name="Customer retention cost", unit="money",
        formula="retention costs dated in the period ÷ customers served in the period",
        latex=r"\frac{\sum_{\text{cost} \in P} \mathrm{amount}}{T}", requires=needs_costs,
        definition="What retaining one customer cost in the period: customer-success and service costs dated in the "
                   "period (every cost row, or only the categories marked as retention) ÷ customers served (T).",
        notes=("Seeds 001 and 002 divide by \"your total number of customers\"; we read that as the customers "
               "served in the period (T: active on any day of it).",
               "Categories are matched ignoring case and surrounding spaces."),
        higher_is_better=False, group="value", needs=("costs",), source="seeds 001, 002")
def customer_retention_cost(a: Analysis):
    costs = a.table("costs")
    cats = a.settings.retention_categories
    keep = np.ones(len(costs), bool)
    if cats:
        wanted = {str(c).strip().casefold() for c in cats}
        keep = costs["category"].astype("string").str.strip().str.casefold().isin(wanted).fillna(False).to_numpy(bool)
    k = len(a.periods)
    pidx = a.period_index(costs["date"])[keep]
    total = period_sums(pidx, k, costs["amount"].to_numpy(dtype=float)[keep])
    served = a.counts.T.astype(float)
    values = safe_ratio(total, served)
    worked = ratio_lines(total, served, values, money_texts(a, total), [f"{fmt.num(t)} customers" for t in served],
                         _money(a))
    return series(a, "customer_retention_cost", values, num=total, den=served, worked=worked, n=served,
                  variant="categories" if cats else "all costs", why="no customers were served")
