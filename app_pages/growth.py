"""Growth & adoption: every metric of the registry group `growth` as cards, and any of them split by plan, segment or owner."""
import streamlit as st

from ui import breakdowns, cards, state

ctx = state.context()
cards.header(ctx, "growth")
metrics, split = st.tabs(["Metrics", "By plan, segment or owner"])

with metrics:
    cards.group_page(ctx, "growth")

with split:
    breakdowns.section(ctx, "growth", prefer="plan", metric="active_customer_rate")
