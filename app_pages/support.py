"""Support & onboarding: the ticket and onboarding metrics as cards, and support-team performance per agent."""
import streamlit as st

from ui import breakdowns, cards, state

ctx = state.context()
cards.header(ctx, "support")
metrics, by_agent = st.tabs(["Metrics", "By agent or owner"], key="support_tab",
                            on_change="rerun", bind="query-params")

if metrics.open:
    with metrics:
        cards.group_page(ctx, "support")

if by_agent.open:
    with by_agent:
        breakdowns.section(ctx, "support", prefer="agent", metric="first_contact_resolution_rate")
