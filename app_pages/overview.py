"""Overview: the headline numbers of the selected period against the comparison period, in plain words."""
import streamlit as st

from csm import summary
from csm.errors import CsmError
from csm.metrics import REGISTRY
from csm.views import data_report
from ui import cards, downloads, state, tables
from ui.lazy import opened
from ui.pages import METRIC_PAGES
from ui.safe import md

ctx = state.context(snapshot="Overview")
a = ctx.analysis
st.title("Overview")
cmp = a.periods.labels[ctx.j] if ctx.j is not None else None
st.caption(f"{md(ctx.workspace.label)} · {ctx.period}" + (f" compared with {cmp}" if cmp else ""))
state.demo_notice(st)
downloads.report_buttons(ctx, "overview", pdf=True)

try:
    heads = summary.headlines(a, ctx.i, ctx.j, ctx.series)
except CsmError as e:
    st.error(md(e))
    st.stop()
if not heads:
    st.info("None of the headline metrics can be computed from the data yet: add tables on the Data page.")
for k in range(0, len(heads), 4):
    cols = st.columns(4)
    for col, (ch, _s) in zip(cols, heads[k : k + 4], strict=False):
        with col:
            cards.kpi(ctx, REGISTRY[ch.metric_id], border=True, sparkline=True)

st.subheader("In plain words")
st.markdown("\n".join(f"- {ch.sentence()}" for ch, _ in heads))

worse = [ch for ch, _ in heads if ch.verdict == "worse"]
if worse:
    st.warning("Moved the wrong way: " + "; ".join(f"{ch.name} ({ch.delta_text()})" for ch in worse) + ".",
               icon=":material/trending_down:")

st.subheader("Where to look next")
cols = st.columns(len(METRIC_PAGES))
for col, page in zip(cols, METRIC_PAGES.values(), strict=True):
    n = sum(1 for m in cards.metrics_of(page.group) if not m.requires(a))
    total = len(cards.metrics_of(page.group))
    col.page_link(page.script, label=page.title, help=f"{n} of {total} metrics have data")
    col.caption(f"{n} of {total} metrics")

opened("What each table feeds, and the columns that fed nothing", "overview-feeds",
       lambda: tables.table(data_report.uses_frame(a.dataset, a)))
