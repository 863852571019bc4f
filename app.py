"""The frame and router: page config, the shared sidebar, and the navigation.

    streamlit run app.py

A share link (`?share=…`) opens the shared workspace read-only (ui/sharing.py); a manage link (`?manage=…`) opens
the page that extends, revokes or deletes it.

The page scripts live in app_pages/ (not pages/: next to st.navigation, a folder named pages/ sends a cold-start
deep link to Streamlit's legacy router, which runs the page without this file and loses the sidebar).
"""
from __future__ import annotations

import logging
import os
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import keeping, lazy, sharing, sidebar, state
from ui.pages import METRIC_PAGES, PLAN_PAGES

RUN_LOG = os.environ.get("CSM_RUN_LOG")
st.set_page_config(page_title="Customer-success metrics", page_icon=":material/monitoring:", layout="wide")
# A formula wider than its column is drawn a little smaller and scrolls sideways, instead of being cut off.
st.html("<style>.katex-display{overflow-x:auto;overflow-y:hidden;padding:2px 0}"
        ".katex-display>.katex{font-size:1.05em}@media (max-width:640px){.katex-display>.katex{font-size:.8em}}"
        f".st-key-{lazy.CHART_WARMUP}{{position:absolute;width:2px;height:2px;overflow:hidden;visibility:hidden;"
        "pointer-events:none}</style>")
lazy.warm_up_charts()


def _asks_for(url_path: str) -> bool:
    """Whether this run was opened by a URL naming the page (a deep link, not a click or a rerun).

    Streamlit serves its default page at "/" only, so "/overview" would open a "Page not found" dialog: on such a
    link the Overview is made an ordinary page for this run, and the URL finds it. (Streamlit has no public way to
    read the requested page before st.navigation; an internal that moves only costs the dialog back.)
    """
    pages = getattr(get_script_run_ctx(), "pages_manager", None)
    return getattr(pages, "intended_page_name", None) == url_path and not getattr(
        pages, "intended_page_script_hash", None)


def _pages(shared: sharing.SharedView | None) -> dict[str, list[st.Page]]:
    """The navigation: the Data page and the Overview, then one page per metric group (ui/pages.py), then the
    planning pages (what if, compare periods, forecasts). A shared view has no Data page, and opens on the page that
    was shared."""
    home = shared.snapshot.page if shared else "overview"
    metric = [st.Page(p.script, title=p.title, icon=p.icon, url_path=p.url_path,
                      default=p.url_path == home and not _asks_for(home)) for p in METRIC_PAGES.values()]
    overview = st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview",
                       default=home == "overview" and not _asks_for("overview"))
    plan = [st.Page(script, title=title, icon=icon, url_path=url, default=home == url and not _asks_for(url))
            for script, title, icon, url in PLAN_PAGES]
    if shared:
        return {"Shared view": [overview], "Metrics": metric, "Plan": plan}
    data = st.Page("app_pages/data.py", title="Data", icon=":material/upload_file:", url_path="data")
    return {"Your data": [data, overview], "Metrics": metric, "Plan": plan}


started = time.perf_counter()
if st.query_params.get(sharing.MANAGE):
    sharing.manage_page(st.query_params[sharing.MANAGE])  # stops
shared = sharing.opened()  # a share link: its workspace, read-only (an invalid link stops at the refusal page)
if shared is None:
    keeping.restore()  # ?ws=…: a person's own workspace, kept across a reload
page = st.navigation(_pages(shared))
share_slot = st.sidebar.container()
try:
    context = sidebar.render(state.workspace(), shared)
except Exception:  # never let the sidebar take the page (the Data page above all) down with it
    logging.getLogger(__name__).exception("the sidebar failed")
    st.sidebar.error("The view could not be built from this data (an unexpected error; it is logged). The Data "
                     "page still works: check the mapping there, load other files or go back to the sample company.")
    context = None
state.set_context(context)
if shared:
    sharing.page_banner(shared)
else:
    keeping.keep(state.workspace(), st.sidebar.container())
    if context is not None:
        sharing.share_button(share_slot, context, page.url_path or "overview")
try:
    page.run()
finally:  # with CSM_RUN_LOG set (bench/load_test.py), each run's own time on the server, one line a run
    if RUN_LOG:
        with open(RUN_LOG, "a") as log:
            log.write(f"{page.url_path or 'overview'}\t{time.perf_counter() - started:.4f}\n")
