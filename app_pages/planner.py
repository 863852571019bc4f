"""What if: the baseline projection of customers, MRR, ARR and revenue from the recent rates, a scenario that
overrides any of them, both on one chart with the difference at the horizon in words, and the recurrence written
out with this scenario's numbers (csm.forecast.projection)."""
import pandas as pd
import streamlit as st

from csm import fmt
from csm.exports.inert import to_csv_bytes
from csm.forecast import charts as fc_charts
from csm.forecast.projection import LATEX, RATES, horizon_sentence, project, recent_rates
from ui import cards, planner, state
from ui.lazy import opened
from ui.safe import md

ctx = state.context()
a = ctx.analysis
st.title("What if")
st.caption(f"{md(ctx.workspace.label)} · projected from the end of {ctx.period} ({ctx.granularity})")
if a.churn_event_missing():
    st.info(cards.needs_text(cards.REGISTRY["customer_churn_rate"], a.churn_event_missing()))
    st.stop()

c1, c2, c3 = st.columns(3)
horizon = c1.number_input(f"Periods ahead ({ctx.granularity}s)", 1, 60, 12, key="planner_horizon", **planner.BOUND)
window = c2.number_input("Average the rates over the last … periods", 1, 24, 3, key="planner_window",
                         **planner.BOUND)
rates = recent_rates(a, ctx.i, int(window), ctx.series)
measures = [m for m in fc_charts.MEASURES if m == "customers" or (m in ("mrr", "arr") and rates.mrr is not None)
            or (m == "revenue" and (rates.mrr is not None or "revenue_per_customer" in rates.values))]
measure = c3.segmented_control("Show", measures, default="mrr" if "mrr" in measures else "customers",
                               format_func=fc_charts.MEASURES.get, required=True, key="planner_measure",
                               **planner.BOUND)

left, right = st.columns([2, 3], gap="large")
with left:
    st.subheader("The scenario")
    scenario = planner.controls(rates)
base = project(rates, int(horizon))
scen = project(rates, int(horizon), scenario)
money = lambda v: fmt.money(v, a.currency)  # noqa: E731

with right:
    history = None
    if measure == "customers":
        s = ctx.series("customers_end")
    elif measure in ("mrr", "arr"):
        s = ctx.series("mrr")
    else:
        s = ctx.series("revenue") if "revenue_per_customer" in rates.values else None
    if s is not None:
        lo = max(0, ctx.i - 2 * int(horizon))
        history = pd.DataFrame({"period": s.labels[lo: ctx.i + 1], "start": pd.to_datetime(a.periods.starts[lo: ctx.i + 1]),
                                "value": s.values[lo: ctx.i + 1] * (12 if measure == "arr" else 1)})
    frame = fc_charts.projection_frame([base, scen] if scenario.overrides else [base], measure, history)
    title = f"{fc_charts.MEASURES[measure]}: baseline" + (f" and {scen.name}" if scenario.overrides else "")
    st.altair_chart(fc_charts.projection_chart(frame, title, ctx.granularity, fc_charts.MEASURES[measure]),
                    width="stretch")
    for m in measures:
        line = horizon_sentence(base, scen, m, a.currency)
        if line:
            st.markdown(f"**{md(line.split(':')[0])}:**{md(line.split(':', 1)[1])}")
    st.markdown("**The recurrence**")
    for part in LATEX.split(r";\qquad "):  # customers, then MRR: one line each
        st.latex(part)
    st.caption(md(scen.formula))
    shown = scen.worked[:3] + ((scen.worked[-1],) if len(scen.worked) > 3 else ())
    for w in shown:
        st.markdown(f"- {md(w)}")
    opened(f"Every period of {scen.name}" if scenario.overrides else "Every period", "planner-every-period",
           lambda: st.markdown("\n".join(f"- {md(w)}" for w in scen.worked)))
    st.markdown("**Customer lifetime value at the horizon**")
    st.markdown(f"- Baseline: {md(base.clv_worked)}")
    if scenario.overrides:
        st.markdown(f"- {md(scen.name)}: {md(scen.clv_worked)}")

st.subheader("The rates")
st.dataframe(pd.DataFrame({
    "rate": [RATES[r].label for r in rates.values],
    "baseline": [rates.shown(r) for r in rates.values],
    "scenario": [rates.shown(r, scen.rates[r]) for r in rates.values],
    "how": [rates.worked[r] for r in rates.values],
}), hide_index=True, width="stretch")
st.caption(f"Churn rate in the variant in force ({rates.variant}). Churned MRR is a rate of its own: a scenario that "
           "lowers customer churn leaves MRR alone unless churned MRR moves too.")

st.subheader("Saved scenarios")
table = pd.concat([p.frame().assign(scenario=p.name) for p in (base, scen)], ignore_index=True)
planner.saved_section(scenario, rates, {"csv": to_csv_bytes(table)})
kept = planner.saved()
if kept:
    runs = [base] + [project(rates, int(horizon), s) for s in kept.values()]
    st.dataframe(pd.DataFrame({
        "scenario": [p.name for p in runs], "overrides": [p.scenario.text() if p.scenario else "" for p in runs],
        f"customers in {base.labels[-1]}": [fmt.num(p.customers[-1], 1) for p in runs],
        **({f"MRR in {base.labels[-1]}": [money(float(p.mrr[-1])) for p in runs]} if base.mrr is not None else {}),
        "CLV": [money(p.clv) if p.clv is not None else "—" for p in runs],
    }), hide_index=True, width="stretch")
