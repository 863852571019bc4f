"""Retention & churn: the metric cards, the churn variants side by side with the reconciliation list, the cohort
heatmaps, and churn per account owner.

Only the open tab runs (switching tabs reruns the page), so the reconciliation, the cohorts and the 250-owner
split are computed when someone looks at them, not on every change of a sidebar control."""
import streamlit as st

from csm import fmt
from csm.cohorts import cohort_retention
from csm.engine import CHURN_VARIANTS
from csm.errors import CsmError
from csm.exports.inert import to_csv_bytes
from csm.exports.names import file_name, period_range
from csm.reconcile import reconcile, variants_side_by_side
from csm.snapshot import has_snapshot
from csm.views import churn_reasons as reasons_view
from ui import breakdowns, cards, downloads, sharing, snapshot, state, tables
from ui.lazy import opened
from ui.pages import METRIC_PAGES
from ui.safe import md

ctx = state.context(snapshot=METRIC_PAGES["retention"].title)
a = ctx.analysis
cards.header(ctx, "retention")
missing = a.churn_event_missing()


def churn_variants() -> None:
    if missing:
        st.info(cards.needs_text(cards.REGISTRY["customer_churn_rate"], missing))
        return
    side = variants_side_by_side(a, ctx.period)
    st.markdown(f"Seven readings of the churn rate for **{ctx.period}**; the one in force "
                f"(**{ctx.settings.churn_variant}**) is dark blue. Pick it in the sidebar.")
    left, right = st.columns([3, 2])
    with right:
        downloads.page_chart(ctx, "retention_churn_variants", "variants_chart", side,
                             f"Churn rate by variant, {ctx.period}", period=ctx.period,
                             definition=f"Seven readings of the churn rate; in force: {ctx.settings.churn_variant}; "
                                        f"churn event: {a.churn_event}")
    with left:
        shown = side.assign(value=[fmt.value(v, "percent") for v in side["value"]])
        st.dataframe(shown[["variant", "value", "worked", "formula", "in_force"]], hide_index=True,
                     width="stretch")
    st.subheader("Why do two variants differ?")
    c1, c2 = st.columns(2)
    va = c1.selectbox("Variant A", CHURN_VARIANTS, index=CHURN_VARIANTS.index(ctx.settings.churn_variant),
                      key="reconcile_a", persist_state="session")
    vb = c2.selectbox("Variant B", CHURN_VARIANTS, index=CHURN_VARIANTS.index("total"), key="reconcile_b",
                      persist_state="session")
    try:
        diff = reconcile(a, va, vb, ctx.period)
    except CsmError as e:
        st.error(md(e))
        return
    if diff.empty:
        st.success(f"{va} and {vb} count exactly the same customers in {ctx.period}.")
    else:
        st.caption(f"{len(diff)} customer rows make the difference in {ctx.period}: each is counted by one "
                   "variant and not the other, in the numerator or the denominator.")
        if not sharing.rows_allowed():
            sharing.rows_withheld()
            return
        tables.table(diff)
        st.download_button("Download the reconciliation list", to_csv_bytes(diff),
                           file_name(f"retention_reconcile_{va}_{vb}", ctx.period, ctx.granularity, "csv"), "text/csv", key="dl-reconcile")


def cohorts() -> None:
    if missing:
        st.info(cards.needs_text(cards.REGISTRY["customer_churn_rate"], missing))
        return
    kind = st.segmented_control("Cohorts by", ["logo", "revenue"], default="logo", required=True,
                                format_func=lambda k: {"logo": "customers", "revenue": "MRR"}[k],
                                key="cohort_kind", persist_state="session")
    if kind == "revenue" and not a.dataset.has("subscriptions"):
        st.info("Revenue cohorts need a subscriptions table with customer_id, start_date and mrr.")
        return
    try:
        c = cohort_retention(a, kind)
    except CsmError as e:
        st.error(md(e))
        return
    title = "% of each cohort still active" if kind == "logo" else "% of each cohort's first MRR kept"
    downloads.page_chart(ctx, f"retention_cohorts_{kind}", "heatmap", c.long, title,
                         "% retained" if kind == "logo" else "% of first MRR",
                         definition=f"Cohorts by period of first activation; churn event: {a.churn_event}")

    def cohort_table() -> None:
        st.dataframe(c.matrix, width="stretch")
        st.dataframe(c.sizes, hide_index=True, width="stretch")
        st.download_button("Download CSV", to_csv_bytes(c.matrix, index=True),
                           file_name(f"retention_cohorts_{kind}", period_range(a.periods.labels), ctx.granularity,
                                     "csv"), "text/csv", key="dl-cohorts")

    opened("The cohort table", f"cohort-table-{kind}", cohort_table)


def churn_reasons() -> None:
    frame = reasons_view.by_period(a)
    st.markdown(f"The churn events of {md(', '.join(reasons_view.sources(a)))} by reason, over the periods shown; "
                f"the customers' own words for **{ctx.period}** below.")
    downloads.page_chart(ctx, "retention_churn_reasons", "shares_chart", reasons_view.shares(frame),
                         "Churn events by reason", None, ctx.granularity, "churn events",
                         definition="Churn events dated in each period, by reason")
    tables.table(reasons_view.latest_first(frame), {c: "count" for c in [*frame.index, "total"]})
    words = reasons_view.comments(a, ctx.i)
    st.subheader(f"What they said in {ctx.period}")
    if words.empty:
        st.caption("No comment came with the churn events of this period.")
    elif not sharing.rows_allowed():
        sharing.rows_withheld()
    else:
        tables.table(words)


split = breakdowns.tab_title(ctx, "customer_churn_rate", "owner")  # "By plan" where the data has no owner
names = ["Metrics", "Churn variants", "Cohorts", split]
if a.dataset.has("churn_events"):
    names.append("Churn reasons")
if has_snapshot(a.dataset):
    names.append("Snapshot")
tabs = dict(zip(names, st.tabs(names, key="retention_tab", on_change="rerun", bind="query-params"), strict=True))
metrics, variants, cohort_tab, by_owner = (tabs[n] for n in names[:4])
if metrics.open:
    with metrics:
        cards.group_page(ctx, "retention")
if variants.open:
    with variants:
        churn_variants()
if cohort_tab.open:
    with cohort_tab:
        cohorts()
if by_owner.open:
    with by_owner:
        breakdowns.section(ctx, "retention", prefer="owner", metric="customer_churn_rate")
if "Churn reasons" in tabs and tabs["Churn reasons"].open:
    with tabs["Churn reasons"]:
        churn_reasons()
if "Snapshot" in tabs and tabs["Snapshot"].open:
    with tabs["Snapshot"]:
        st.caption("The customers table's churned flag, read as a snapshot of the day it was exported: churn over "
                   "the whole list, whatever the period chosen.")
        snapshot.section(a)
