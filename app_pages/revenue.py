"""Revenue: the metric cards and the MRR movements per period with the customers behind each movement."""
import streamlit as st

from csm import fmt
from csm.exports.inert import to_csv_bytes
from csm.exports.names import file_name
from csm.views import mrr_movements
from ui import breakdowns, cards, downloads, sharing, state, tables

ctx = state.context()
a = ctx.analysis
cards.header(ctx, "revenue")
metrics, movements, by_plan = st.tabs(["Metrics", "MRR movements", "By plan"], key="revenue_tab",
                                      on_change="rerun", bind="query-params")

if metrics.open:
    with metrics:
        cards.group_page(ctx, "revenue")

if movements.open:
    with movements:
        missing = cards.REGISTRY["mrr"].requires(a)
        if missing:
            st.info(cards.needs_text(cards.REGISTRY["mrr"], missing))
        else:
            frame = mrr_movements.movements_frame(a)
            downloads.page_chart(ctx, "revenue_mrr_movements", "movements_chart", frame, "MRR movements per period",
                                 ctx.granularity, definition="New, reactivation and expansion MRR above zero; "
                                                             "contraction and churned MRR below")
            st.subheader(f"Who moved in {ctx.period}")
            who = mrr_movements.movement_customers(a, ctx.i)
            kinds = ["new", "reactivation", "expansion", "contraction", "churned"]
            pick = st.pills("Movement", kinds, selection_mode="multi", default=kinds, key="movement_pick",
                            persist_state="session")
            shown = who[who["movement"].isin(pick or kinds)]
            total = shown["change"].sum()
            st.caption(f"{len(shown)} customers, net change {fmt.money(float(total), a.currency)}.")
            if not sharing.rows_allowed():
                sharing.rows_withheld()
            else:
                tables.table(shown, dict.fromkeys(("mrr_start", "mrr_end", "change"), "money"), a.currency)
                st.download_button("Download CSV", to_csv_bytes(shown),
                                   file_name("revenue_mrr_movers", ctx.period, ctx.granularity, "csv"), "text/csv",
                                   key="dl-movements")

if by_plan.open:
    with by_plan:
        breakdowns.section(ctx, "revenue", prefer="plan", metric="mrr")
