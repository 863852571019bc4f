"""Compare periods: every metric in two periods side by side — both values, the change, and whether it is better
(csm.forecast.compare)."""
import streamlit as st

from csm.exports.inert import to_csv_bytes
from csm.forecast import charts as fc_charts
from csm.forecast import compare
from ui import planner, state
from ui.safe import md

ctx = state.context()
a = ctx.analysis
labels = list(a.periods.labels)
st.title("Compare periods")
st.caption(f"{md(ctx.workspace.label)} · {ctx.granularity}")
c1, c2 = st.columns(2)
for key, default in (("compare_a", ctx.period), ("compare_b", labels[ctx.j] if ctx.j is not None else labels[0])):
    if st.session_state.get(key) not in (None, *labels):  # another granularity or data: back to the default
        st.session_state[key] = default
pa = c1.selectbox("Period", labels, index=labels.index(ctx.period), key="compare_a", **planner.BOUND)
pb = c2.selectbox("Compared with", labels, index=labels.index(labels[ctx.j] if ctx.j is not None else labels[0]),
                  key="compare_b", **planner.BOUND)
c = compare.compare_periods(a, labels.index(pa), labels.index(pb), ctx.series)  # the series are memoised
counts = c.counts()
st.markdown(f"**{pa} against {pb}:** {counts.get('better', 0)} metrics better, {counts.get('worse', 0)} worse, "
            f"{counts.get('same', 0)} the same" + (f", {counts['no verdict']} without a good direction or a value"
                                                   if counts.get("no verdict") else "") + ".")
frame = c.frame
left, right = st.columns([3, 2], gap="large")
with left:
    st.dataframe(frame[["name", "shown", "change_shown", "verdict"]].rename(columns={
        "name": "metric", "shown": f"{pb} → {pa}", "change_shown": "change"}), hide_index=True, width="stretch",
        height=min(38 + 35 * len(frame), 900))
    st.download_button("Download CSV", to_csv_bytes(frame.drop(columns=["shown"])),
                       f"compare_{pa}_{pb}.csv", "text/csv", key="dl-compare", icon=":material/download:")
with right:
    st.altair_chart(fc_charts.comparison_chart(frame, f"Change from {pb} to {pa}"), width="stretch")
