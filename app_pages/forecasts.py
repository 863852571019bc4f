"""Forecasts from the data: retention of the logo cohorts (the sBG model, Fader & Hardie 2007) and, for purchases,
each customer's expected purchases, P(alive) and value (BG/NBD and Gamma-Gamma). Each fit is shown with its
parameters and worked numbers; a fit that cannot be trusted is said, not drawn."""
import numpy as np
import streamlit as st

from csm import fmt
from csm.cohorts import cohort_retention
from csm.errors import CsmError
from csm.exports.inert import to_csv_bytes
from csm.forecast import bgnbd, sbg
from csm.forecast import charts as fc_charts
from csm.forecast.cohort_forecast import retention_forecast
from csm.forecast.customer_value import customer_value
from csm.forecast.purchase_history import MONTH
from csm.metrics.value import needs_transactions
from ui import cards, planner, sharing, state
from ui.lazy import opened
from ui.safe import md

ctx = state.context()
a = ctx.analysis
st.title("Forecasts")
last_day = a.periods.ends[ctx.i] - np.timedelta64(1, "D")
st.caption(f"{md(ctx.workspace.label)} · fitted to the data up to {last_day} (the end of {ctx.period})")
retention_tab, value_tab = st.tabs(["Retention of the cohorts", "Customer value from purchases"], key="forecast_tab",
                                   on_change="rerun")


def retention() -> None:
    if a.churn_event_missing():
        st.info(cards.needs_text(cards.REGISTRY["customer_churn_rate"], a.churn_event_missing()))
        return
    horizon = st.number_input(f"Project … {ctx.granularity}s on", 1, 60, 12, key="sbg_horizon", **planner.BOUND)
    discount = 1.1 ** (float(np.mean(a.periods.months)) / 12) - 1  # 10 % a year, per period
    fc = ctx.result(("sbg", ctx.period, int(horizon)), "customers_end", lambda an: retention_forecast(
        cohort_retention(an, "logo"), an.periods.labels, ctx.period, int(horizon), discount))
    st.latex(sbg.LATEX)
    if fc.fit is None:
        st.warning(md(fc.reason), icon=":material/hourglass_empty:")
        return
    if not fc.drawable:
        st.warning(md(fc.reason) + " The fit is listed below for reference.", icon=":material/report:")
    else:
        st.success(md(fc.reason), icon=":material/check_circle:")
        cohorts = list(fc.remaining.sort_values("start", ascending=False)["cohort"])
        default = [c for c in cohorts if c in set(fc.remaining.nlargest(4, "start")["cohort"])]
        pick = st.multiselect("Cohorts", sorted(cohorts), default=sorted(default), key="sbg_cohorts",
                              persist_state="session")
        shown = fc.cohorts[fc.cohorts["cohort"].isin(pick)]
        st.altair_chart(fc_charts.retention_chart(shown, fc.pooled, "Retention by cohort: observed, then projected "
                                                  "(dashed); all cohorts pooled and the fitted curve in black"),
                        width="stretch")
    for line in fc.worked:
        st.markdown(f"- {md(line)}")
    if fc.held:
        st.caption(f"{fc.held} cohort counts rose when customers came back; the model holds each at its running "
                   "minimum (a customer who left is not a survivor again).")

    def per_cohort() -> None:
        st.caption(f"Expected remaining lifetime (DERL) discounted at 10 % a year ({fmt.num(discount * 100, 3)} % a "
                   "period), in periods; 'periods within horizon' counts the periods a customer is expected to stay "
                   f"in the next {int(horizon)}.")
        st.dataframe(fc.remaining, hide_index=True, width="stretch")

    opened("Per cohort: customers now, expected at the horizon, expected remaining lifetime", "forecast-cohorts",
           per_cohort)


def purchases() -> None:
    missing = needs_transactions(a)
    if missing:
        st.info(f"Predictive CLV {missing}: it models purchases (BG/NBD, Gamma-Gamma).")
        return
    if a.dataset.has("subscriptions"):
        st.caption("These models are for purchases without a contract (a customer can stop without telling you); "
                   "your data also has subscriptions, whose retention the other tab forecasts.")
    c1, c2 = st.columns(2)
    months = c1.number_input("Months ahead", 1, 60, 12, key="clv_horizon", **planner.BOUND)
    threshold = c2.slider("At risk below P(alive)", 0.05, 0.95, 0.3, 0.05, key="clv_at_risk", **planner.BOUND)
    end = last_day.astype(object)
    try:
        fc = ctx.result(("bgnbd", ctx.period, int(months)), "clv", lambda an: customer_value(
            an.table("transactions"), end, months * MONTH / 7, margin=an.settings.gross_margin / 100,
            currency=an.currency))
    except CsmError as e:
        st.warning(md(e))
        return
    k1, k2, k3 = st.columns(3)
    k1.metric(f"Expected purchases, next {int(months)} months", fmt.num(fc.total_purchases, 0))
    k2.metric(f"Expected value, next {int(months)} months", fmt.money(fc.total_value, a.currency, 0))
    risk = fc.at_risk(threshold)
    k3.metric("Customers at risk", f"{len(risk):,}", help="Bought again at least once, but P(alive) is below the "
              "threshold: most valuable first in the list below.")
    st.latex(bgnbd.LATEX)
    st.latex(bgnbd.P_ALIVE_LATEX)
    for line in fc.worked:
        st.markdown(f"- {md(line)}")
    for note in fc.notes:
        st.caption(md(note))
    if not sharing.rows_allowed():
        sharing.rows_withheld()
        return
    st.subheader(f"At risk ({len(risk):,})")
    if not sharing.rows_allowed():
        sharing.rows_withheld()
    else:
        st.dataframe(risk, hide_index=True, width="stretch")
        st.download_button("Download every customer (CSV)", to_csv_bytes(fc.customers),
                           f"customer_value_{ctx.period}.csv", "text/csv", key="dl-clv", icon=":material/download:")


if retention_tab.open:
    with retention_tab:
        retention()
if value_tab.open:
    with value_tab:
        purchases()
