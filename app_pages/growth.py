"""Growth & adoption: every metric of the registry group `growth` as cards, and any of them split by plan, segment or owner."""
import streamlit as st

from ui import breakdowns, cards, state

ctx = state.context()
cards.header(ctx, "growth")
metrics, split = st.tabs(["Metrics", "By plan, segment or owner"], key="growth_tab",
                         on_change="rerun", bind="query-params")

if metrics.open:
    with metrics:
        cards.group_page(ctx, "growth")

if split.open:
    with split:
        breakdowns.section(ctx, "growth", prefer="plan", metric="active_customer_rate")
