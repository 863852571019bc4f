"""Health: the health cards, the bands over time, the at-risk customers, and the backtest of the score.

The scores come from the analysis of the settings health reads (ctx.analysis_for), whose inputs it keeps: a change
of an unrelated setting (the churn variant, say) does not score every customer again."""
import streamlit as st

from csm import charts, health_model
from csm.errors import CsmError
from csm.exports.inert import to_csv_bytes
from csm.exports.names import file_name, period_range
from csm.metrics.health import weights_text as health_weights_text
from csm.views import health_bands
from ui import cards, downloads, sharing, state, tables
from ui.lazy import opened
from ui.safe import md

ctx = state.context()
a = ctx.analysis_for("health_score")
cards.header(ctx, "health")
metrics, at_risk, backtest_tab = st.tabs(["Metrics", "Bands and at-risk customers", "Backtest"], key="health_tab",
                                         on_change="rerun", bind="query-params")  # only the open tab runs
NEEDS = health_model.needs_health(a)
NEEDS = NEEDS and f"Customer health cannot be scored: {NEEDS}."

if metrics.open:  # a chart drawn in a hidden tab is laid out at no width
    with metrics:
        cards.group_page(ctx, "health")

if at_risk.open:  # a chart drawn in a hidden tab is laid out at no width
    with at_risk:
        if NEEDS:
            st.info(NEEDS)
        else:
            try:
                weights = health_weights_text(a)
                st.caption("Weights in force (set them under **Health weights** in the sidebar; 0 leaves a component "
                           f"out): {weights}")
                h = ctx.health()
                bands = health_model.health_by_period(a)
            except CsmError as e:
                st.error(md(e))
            else:
                downloads.page_chart(ctx, "health_bands", "shares_chart", health_bands.bands_frame(bands, a.periods),
                                     "Customers per health band", charts.BAND_COLORS, ctx.granularity,
                                     definition=f"Health weights: {weights}")
                for col, band in zip(st.columns(3), ("red", "yellow", "green"), strict=True):
                    col.metric(f"{band.title()} customers in {ctx.period}", h.band_counts.get(band, 0), border=True)
                st.subheader(f"At risk in {ctx.period}")
                if not sharing.rows_allowed():
                    sharing.rows_withheld()
                else:
                    tables.table(h.customers("red"), currency=ctx.analysis.currency)
                    st.download_button("Download the at-risk list", ctx.at_risk_csv(),
                                       file_name("health_at_risk", ctx.period, ctx.granularity, "csv"), "text/csv", key="dl-atrisk")

if backtest_tab.open:  # a chart drawn in a hidden tab is laid out at no width
    with backtest_tab:
        if NEEDS:
            st.info(NEEDS)
        else:
            try:
                bt = health_model.backtest(a)
            except CsmError as e:
                st.error(md(e))
            else:
                st.markdown("The share of each band's customers that churned in the following period, over every period "
                            "in the range (with the health weights in force): a useful score has red churning "
                            "most.")
                summ = health_bands.backtest_summary(bt)
                downloads.page_chart(ctx, "health_backtest", "backtest_chart", summ,
                                     title="Churn in the next period, by health band",
                                     definition="Each band's customers that churned in the following period, every period")
                tables.table(summ, {"churn_rate_next": "percent"})

                def every_period() -> None:
                    tables.table(bt, {"churn_rate_next": "percent"})
                    st.download_button("Download CSV", to_csv_bytes(bt),
                                       file_name("health_backtest", period_range(a.periods.labels), ctx.granularity,
                                                 "csv"), "text/csv", key="dl-backtest")

                opened("Every period", "health-every-period", every_period)
