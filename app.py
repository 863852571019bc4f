"""The frame and router: page config, the shared sidebar, and the navigation.

    streamlit run app.py

The page scripts live in app_pages/ (not pages/: next to st.navigation, a folder named pages/ sends a cold-start
deep link to Streamlit's legacy router, which runs the page without this file and loses the sidebar).
"""
from __future__ import annotations

import streamlit as st

from ui import sidebar, state

st.set_page_config(page_title="Customer-success metrics", page_icon=":material/monitoring:", layout="wide")

PAGES = {
    "Your data": [
        st.Page("app_pages/data.py", title="Data", icon=":material/upload_file:", url_path="data"),
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview",
                default=True),
    ],
    "Metrics": [
        st.Page("app_pages/retention.py", title="Retention & churn", icon=":material/group_remove:",
                url_path="retention"),
        st.Page("app_pages/revenue.py", title="Revenue", icon=":material/payments:", url_path="revenue"),
        st.Page("app_pages/value.py", title="Customer value", icon=":material/savings:", url_path="value"),
        st.Page("app_pages/voice.py", title="Customer voice", icon=":material/reviews:", url_path="voice"),
        st.Page("app_pages/support.py", title="Support & onboarding", icon=":material/support_agent:",
                url_path="support"),
        st.Page("app_pages/growth.py", title="Growth & adoption", icon=":material/trending_up:", url_path="growth"),
        st.Page("app_pages/health.py", title="Health", icon=":material/ecg_heart:", url_path="health"),
    ],
}

page = st.navigation(PAGES)
state.set_context(sidebar.render(state.workspace()))
page.run()
