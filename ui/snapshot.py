"""A snapshot customer list (a churned flag and a tenure, no dates: a CRM export such as IBM Telco's), shown whole.

The figures come from csm.snapshot, each with its formula and worked line like every metric card; churn split by any
customer attribute; the tenure survival curve; and what a snapshot cannot give (no movement from period to period).
"""
from __future__ import annotations

import streamlit as st

from csm import fmt, snapshot
from csm.exports.inert import to_csv_bytes
from csm.views import data_report

from . import cards, tables
from .lazy import opened

ATTRIBUTES = {"plan": "plan (or contract)", "segment": "segment", "owner": "account owner"}
LIMITS = ("A snapshot is one day's list: it gives churn over the whole list, not per week, month or year, so no "
          "new, reactivated or churned counts per period, no MRR movements and no cohorts. Add dates (a signup, "
          "churn, start or purchase date) for those.")


def page(a, title: str) -> None:
    """The page of a snapshot customer list: the Overview and Retention pages show this when the data has no dates."""
    st.title(title)
    n = int(a.table("customers")["churned"].notna().sum())
    st.caption(f"A snapshot of {fmt.num(n)} customers: a churned flag, no dates.")
    st.info(LIMITS, icon=":material/photo_camera:")
    section(a)
    opened("What each table feeds, and the columns that fed nothing", "snapshot-feeds",
           lambda: tables.table(data_report.uses_frame(a.dataset, a)))


def section(a) -> None:
    """The snapshot's figures, churn by attribute and tenure survival."""
    figures = snapshot.snapshot_figures(a)
    cols = st.columns(len(figures))
    for col, f in zip(cols, figures.values(), strict=True):
        with col, st.container(border=True):
            st.metric(f.name, fmt.value(f.value, f.unit, a.currency),
                      help=f.definition)
            st.latex(f.latex)
            st.markdown(f.worked)
    _by_attribute(a)
    _survival(a)


def _by_attribute(a) -> None:
    present = snapshot.attributes(a)
    if not present:
        return
    st.subheader("Churn by customer attribute")
    attr = st.selectbox("Split by", present, format_func=lambda k: ATTRIBUTES.get(k, k), key="snapshot_split",
                        help="The mapped plan, segment and owner, then every other column of the customer list with "
                             f"2 to {snapshot.MAX_GROUPS} distinct values.")
    by = snapshot.churn_by(a, attr)
    shown = by.rename(columns={attr: "group", "rate": "value", "customers": "n"})
    cards.chart("breakdown_chart", shown[["group", "value", "n"]], f"Churn rate by {ATTRIBUTES.get(attr, attr)}",
                "churn rate (%)")
    tables.table(by, {"rate": "percent", "customers": "count", "churned": "count"})
    st.download_button("Download CSV", to_csv_bytes(by), f"snapshot_churn_by_{attr}.csv", "text/csv",
                       key="dl-snapshot-by", icon=":material/download:")


def _survival(a) -> None:
    km = snapshot.tenure_survival(a)
    if km.empty:
        return
    st.subheader("Tenure survival (Kaplan–Meier)")
    st.latex(r"S(t) = \prod_{t_i \le t} \left(1 - \frac{d_i}{n_i}\right)")
    st.caption("The share of customers still here after each month of tenure: at each tenure tᵢ, nᵢ customers have "
               "stayed at least that long and dᵢ of them churned then; a customer still here counts up to their "
               "tenure and no further (censored).")
    cards.chart("survival_chart", km)
    half = km[km["survival"] <= 0.5]
    st.markdown(f"**Median tenure:** {fmt.num(half['tenure'].iloc[0])} months" if len(half) else
                f"**Median tenure:** more than {fmt.num(km['tenure'].iloc[-1])} months (over half the customers are "
                f"still here at the longest tenure, where {fmt.num(100 * km['survival'].iloc[-1])} % remain).")

    def survival_table() -> None:
        tables.table(km, {"at_risk": "count", "churned": "count", "survival": "number"})
        st.download_button("Download CSV", to_csv_bytes(km), "snapshot_tenure_survival.csv", "text/csv",
                           key="dl-snapshot-km", icon=":material/download:")

    opened("The survival table", "snapshot-km", survival_table)
