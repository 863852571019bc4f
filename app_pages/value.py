"""Customer value: every metric of the registry group `value` as cards, and any of them split by plan, segment or owner."""
import streamlit as st

from ui import breakdowns, cards, state

ctx = state.context()
cards.header(ctx, "value")
metrics, split = st.tabs(["Metrics", "By plan, segment or owner"], key="value_tab",
                         on_change="rerun", bind="query-params")

if metrics.open:
    with metrics:
        cards.group_page(ctx, "value")

if split.open:
    with split:
        breakdowns.section(ctx, "value", prefer="plan", metric="arpu")
