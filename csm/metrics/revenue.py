"""Subscription revenue: MRR, its five movements, NRR, GRR and the rates built on them — METRICS.md "Revenue"."""
from __future__ import annotations

from .. import fmt
from ..engine import Analysis
from ..results import safe_ratio
from .build import money_texts, pct, pct_lines, ratio_lines, series
from .registry import metric


def needs_subscriptions(a: Analysis) -> str | None:
    return None if a.dataset.has("subscriptions") else "needs a subscriptions table with customer_id, start_date and mrr (or amount + billing_period)"


COMMON = dict(group="revenue", requires=needs_subscriptions, needs=("subscriptions",))
WHY_START = "there was no MRR at the start"


@metric(id="mrr", name="MRR", unit="money", formula="Σ MRR of the subscriptions active on the last day of the period",
        latex=r"\mathrm{MRR}(P) = \sum_{s \text{ active on the last day of } P} \mathrm{mrr}_s",
        definition="Monthly recurring revenue at the end of the period: annual plans count 1/12 of their amount, "
                   "quarterly 1/3, weekly 52/12.", source="seeds 000–003", **COMMON)
def mrr(a: Analysis):
    f = a.flows
    ends = [str(d) for d in a.periods.boundaries[1:]]
    worked = [f"Σ MRR of {fmt.num(n)} paying customers on {d} = {fmt.money(v, a.currency)}"
              for n, d, v in zip(f.paying_end, ends, f.end, strict=True)]
    return series(a, "mrr", f.end, worked=worked, n=f.paying_end, small=False)


MOVEMENT_TEXT = {
    "new_mrr": ("New MRR", "MRR at the end of the period of customers who never paid before it", "new customers",
                "m_0 = 0,\\ m_1 > 0,\\ \\text{never paid before}", True),
    "reactivation_mrr": ("Reactivation MRR", "MRR at the end of the period of returning customers who had paid before",
                         "returning customers", "m_0 = 0,\\ m_1 > 0,\\ \\text{paid before}", True),
    "expansion_mrr": ("Expansion MRR", "increase in MRR of customers paying at both ends of the period",
                      "expanding customers", "m_1 > m_0 > 0:\\ m_1 - m_0", True),
    "contraction_mrr": ("Contraction MRR", "decrease in MRR of customers paying at both ends of the period",
                        "contracting customers", "0 < m_1 < m_0:\\ m_0 - m_1", False),
    "churned_mrr": ("Churned MRR", "MRR at the start of the period of customers paying nothing at its end",
                    "churned customers", "m_0 > 0,\\ m_1 = 0:\\ m_0", False),
}


def _movement(metric_id: str):
    name, formula, who, cond, good = MOVEMENT_TEXT[metric_id]

    @metric(id=metric_id, name=name, unit="money", formula=formula,
            latex=r"\sum_{c:\ " + cond.split(":")[0] + r"} " + (cond.split(":\\ ")[1] if ":\\ " in cond else "m_1"),
            definition=f"{formula[0].upper()}{formula[1:]}; m0 and m1 are a customer's MRR on the last day before "
                       "and the last day of the period (ChartMogul's rule).",
            higher_is_better=good, source="ChartMogul", **COMMON)
    def compute(a: Analysis):
        f = a.flows
        v = getattr(f, metric_id)
        n = f.counts[metric_id]
        worked = [f"{fmt.num(k)} {who}: {fmt.money(x, a.currency)}" for k, x in zip(n, v, strict=True)]
        return series(a, metric_id, v, worked=worked, n=n, small=False)

    return compute


for _mid in MOVEMENT_TEXT:
    _movement(_mid)


def _start_texts(a: Analysis):
    return money_texts(a, a.flows.start)


@metric(id="net_revenue_retention", name="Net revenue retention", unit="percent",
        formula="(MRR at start + expansion − contraction − churned) ÷ MRR at start × 100",
        latex=r"\frac{\mathrm{MRR}_0 + \text{expansion} - \text{contraction} - \text{churned}}{\mathrm{MRR}_0} \times 100",
        definition="How much of the revenue at the start is still there at the end, counting upgrades and "
                   "downgrades of those same customers; new and returning customers are left out.",
        notes=("Seed 002's worked example: (100,000 + 20,000 − 5,000 − 5,000) ÷ 100,000 × 100 = 110 %.",),
        source="seed 002", **COMMON)
def net_revenue_retention(a: Analysis):
    f = a.flows
    num = f.start + f.expansion_mrr - f.contraction_mrr - f.churned_mrr
    values = pct(num, f.start)
    m = lambda x: fmt.money(x, a.currency)  # noqa: E731
    nt = [f"({m(s)} + {m(e)} − {m(c)} − {m(ch)})" for s, e, c, ch in
          zip(f.start, f.expansion_mrr, f.contraction_mrr, f.churned_mrr, strict=True)]
    return series(a, "net_revenue_retention", values, num=num, den=f.start,
                  worked=pct_lines(num, f.start, values, nt, _start_texts(a)), n=f.paying_start, why=WHY_START)


@metric(id="gross_revenue_retention", name="Gross revenue retention", unit="percent",
        formula="(MRR at start − contraction − churned) ÷ MRR at start × 100",
        latex=r"\frac{\mathrm{MRR}_0 - \text{contraction} - \text{churned}}{\mathrm{MRR}_0} \times 100",
        definition="The share of the revenue at the start kept, ignoring any expansion: at most 100 %.",
        source="common SaaS reading", **COMMON)
def gross_revenue_retention(a: Analysis):
    f = a.flows
    num = f.start - f.contraction_mrr - f.churned_mrr
    values = pct(num, f.start)
    m = lambda x: fmt.money(x, a.currency)  # noqa: E731
    nt = [f"({m(s)} − {m(c)} − {m(ch)})" for s, c, ch in zip(f.start, f.contraction_mrr, f.churned_mrr, strict=True)]
    return series(a, "gross_revenue_retention", values, num=num, den=f.start,
                  worked=pct_lines(num, f.start, values, nt, _start_texts(a)), n=f.paying_start, why=WHY_START)


@metric(id="expansion_mrr_rate", name="Expansion MRR rate", unit="percent",
        formula="expansion MRR ÷ MRR at start × 100", latex=r"\frac{\text{expansion}}{\mathrm{MRR}_0} \times 100",
        definition="Revenue added by existing customers' upgrades, relative to the MRR at the start (seed 003).",
        source="seed 003", **COMMON)
def expansion_mrr_rate(a: Analysis):
    f = a.flows
    values = pct(f.expansion_mrr, f.start)
    return series(a, "expansion_mrr_rate", values, num=f.expansion_mrr, den=f.start,
                  worked=pct_lines(f.expansion_mrr, f.start, values, money_texts(a, f.expansion_mrr), _start_texts(a)),
                  n=f.paying_start, why=WHY_START)


@metric(id="mrr_growth_rate", name="MRR growth rate", unit="percent",
        formula="(MRR at end − MRR at start) ÷ MRR at start × 100",
        latex=r"\frac{\mathrm{MRR}_1 - \mathrm{MRR}_0}{\mathrm{MRR}_0} \times 100",
        definition="Net change of MRR over the period relative to the start.",
        notes=("Seed 000 calls this \"expansion revenue\" and multiplies the MRR difference by 100; that only makes "
               "sense divided by the MRR at the start, which is what we do.",), source="seed 000", **COMMON)
def mrr_growth_rate(a: Analysis):
    f = a.flows
    num = f.end - f.start
    values = pct(num, f.start)
    nt = [f"({fmt.money(e, a.currency)} − {fmt.money(s, a.currency)})" for s, e in zip(f.start, f.end, strict=True)]
    return series(a, "mrr_growth_rate", values, num=num, den=f.start,
                  worked=pct_lines(num, f.start, values, nt, _start_texts(a)), n=f.paying_start, why=WHY_START)


@metric(id="revenue_churn_rate", name="Revenue churn rate", unit="percent",
        formula="(contraction + churned MRR) ÷ MRR at start × 100",
        latex=r"\frac{\text{contraction} + \text{churned}}{\mathrm{MRR}_0} \times 100",
        definition="Revenue lost from existing customers (downgrades and cancellations) relative to the start.",
        higher_is_better=False, **COMMON)
def revenue_churn_rate(a: Analysis):
    f = a.flows
    num = f.contraction_mrr + f.churned_mrr
    values = pct(num, f.start)
    nt = [f"({fmt.money(c, a.currency)} + {fmt.money(ch, a.currency)})" for c, ch in
          zip(f.contraction_mrr, f.churned_mrr, strict=True)]
    return series(a, "revenue_churn_rate", values, num=num, den=f.start,
                  worked=pct_lines(num, f.start, values, nt, _start_texts(a)), n=f.paying_start, why=WHY_START)


@metric(id="quick_ratio", name="SaaS quick ratio", unit="ratio",
        formula="(new + reactivation + expansion MRR) ÷ (churned + contraction MRR)",
        latex=r"\frac{\text{new} + \text{reactivation} + \text{expansion}}{\text{churned} + \text{contraction}}",
        definition="MRR gained for every unit of MRR lost; above 4 is usually called efficient growth.", **COMMON)
def quick_ratio(a: Analysis):
    f = a.flows
    num = f.new_mrr + f.reactivation_mrr + f.expansion_mrr
    den = f.churned_mrr + f.contraction_mrr
    values = safe_ratio(num, den)
    m = lambda x: fmt.money(x, a.currency)  # noqa: E731
    nt = [f"({m(x)} + {m(y)} + {m(z)})" for x, y, z in zip(f.new_mrr, f.reactivation_mrr, f.expansion_mrr, strict=True)]
    dt_ = [f"({m(x)} + {m(y)})" for x, y in zip(f.churned_mrr, f.contraction_mrr, strict=True)]
    return series(a, "quick_ratio", values, num=num, den=den, worked=ratio_lines(num, den, values, nt, dt_),
                  small=False, why="no MRR was lost")


def needs_arpa(a: Analysis) -> str | None:
    """ARPA divides by E, the customers at the end under the churn event in force: it needs that event's data too."""
    return needs_subscriptions(a) or a.churn_event_missing()


@metric(id="arpa", name="ARPA", unit="money", formula="MRR at end ÷ customers at end",
        latex=r"\frac{\mathrm{MRR}_1}{E}",
        definition="Average monthly revenue per paying account at the end of the period.",
        **{**COMMON, "requires": needs_arpa})
def arpa(a: Analysis):
    f = a.flows
    e = a.counts.E
    values = safe_ratio(f.end, e)
    m = lambda x: fmt.money(x, a.currency)  # noqa: E731
    worked = ratio_lines(f.end, e, values, money_texts(a, f.end), [fmt.num(x) for x in e], m)
    return series(a, "arpa", values, num=f.end, den=e, worked=worked, n=e, why="there were no customers at the end")

