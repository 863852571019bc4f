"""The shared sidebar: how the numbers are computed (granularity, dates, variants, currency, filter).

Every control is keyed, bound to the URL (`bind="query-params"`, the key is the parameter name) and kept for the
whole session (`persist_state="session"`), so a page switch keeps the choices and a shared link reproduces the
view. A value equal to its default stays out of the URL.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from csm import views
from csm.engine import CES_DIRECTIONS, CHURN_EVENTS, CHURN_VARIANTS, CLV_METHODS, Settings
from csm.errors import CsmError
from csm.metrics.retention import CHURN_FORMULAS
from csm.periods import GRANULARITIES, make_periods

from . import state
from .safe import md

BOUND = {"bind": "query-params", "persist_state": "session"}
CURRENCIES = ("USD", "EUR", "GBP", "NGN", "INR", "JPY", "CAD", "AUD", "BRL", "ZAR", "KES", "GHS", "CHF")
AUTO = "auto"
EVENT_LABELS = {AUTO: "automatic (from the data)", "subscription": "subscription ends",
                "customer_dates": "customer churn date", "inactivity": "no purchase for N days"}
NO_FILTER = "all customers"


def _keep_valid(key: str, options, fallback) -> None:
    """Put a remembered value that is no longer one of the options (other granularity, data) back to `fallback`."""
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = fallback


def _range(span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    value = st.date_input("Date range", value=span, key="range", format="YYYY-MM-DD",
                          help=f"The data covers {span[0]} to {span[1]}.", **BOUND)
    start, end = (*tuple(value), span[1])[:2] if value else span
    start, end = max(start, span[0]), min(end, span[1])
    return (start, end) if start <= end else span


def render(ws: state.Workspace) -> state.Context | None:
    """Draw the sidebar for the workspace and build the context pages read; None (with the reason) on bad data."""
    sb = st.sidebar
    sb.caption(f"**Data:** {md(ws.label)}")
    try:
        ds = state.dataset(ws)
    except CsmError as e:
        sb.error(md(e))
        return None
    raw_span = ds.span()
    if raw_span is None:
        sb.warning("No dates in the mapped tables yet: map a date column on the Data page.")
        return None
    span = (raw_span[0].astype(dt.date), raw_span[1].astype(dt.date))
    reset = st.session_state.pop(state.RESET, False)
    if reset:  # new data: its whole span, no filter (set through session state, which the browser widget follows)
        st.session_state["range"] = span
        st.session_state["filter_by"] = NO_FILTER
        st.session_state["filter_values"] = []
    with sb:
        gran = st.segmented_control("Granularity", GRANULARITIES, default="month", required=True, key="granularity",
                                    **BOUND)
        start, end = _range(span)
        periods = make_periods(gran, start, end)
        labels = list(periods.labels)
        default = views.default_period(periods, raw_span)
        if reset:
            st.session_state["period"] = labels[default]
        _keep_valid("period", labels, labels[default])
        period = st.selectbox("Period", labels, index=default, key="period",
                              help="The period the cards show; the default is the last complete one.", **BOUND)
        compare = st.segmented_control("Compare with", list(views.COMPARE), default="previous", required=True,
                                       key="compare", help="previous: the period before; year: the same period a "
                                                           "year earlier.", **BOUND)
        event = st.selectbox("Churn event", (AUTO, *CHURN_EVENTS), key="churn_event",
                             help="What makes a customer active. " + "; ".join(
                                 f"{k}: {v}" for k, v in EVENT_LABELS.items()) + ".", **BOUND)
        variant = st.selectbox("Churn variant", CHURN_VARIANTS, key="churn_variant",
                               help="Which reading of the churn rate is in force (every variant is shown side by side "
                                    "on the Retention page).", **BOUND)
        st.caption(f"Churn rate = {CHURN_FORMULAS[variant][0]}")
        currency = st.selectbox("Currency", (AUTO, *CURRENCIES), key="currency",
                                help=f"auto: as in the data ({ds.currency or 'no currency seen'}).", **BOUND)
        attrs = state.available_attributes(ws)
        _keep_valid("filter_by", (NO_FILTER, *attrs), NO_FILTER)
        by = st.selectbox("Filter customers by", (NO_FILTER, *attrs), key="filter_by", **BOUND)
        filters: tuple = ()
        if by != NO_FILTER:
            values = state.attribute_values(ws, by)
            if "filter_values" in st.session_state:
                st.session_state["filter_values"] = [v for v in st.session_state["filter_values"] if v in values]
            kept = st.multiselect(f"Keep {by}", values, key="filter_values", placeholder="every value", **BOUND)
            if kept:
                filters = ((by, tuple(kept)),)
        with st.expander("More options"):
            extra = _more_options()
    settings = Settings(granularity=gran, start=start, end=end, churn_variant=variant,
                        churn_event=None if event == AUTO else event, filters=filters, **extra)
    try:
        a = state.analysis(ws, settings, None if currency == AUTO else currency)
        i = a.periods.find(period)
    except CsmError as e:
        sb.error(md(e))
        return None
    j = views.comparison_index(a.periods, i, compare)
    if j is None:
        sb.caption("No comparison period in the range: deltas are left out.")
    return state.Context(ws, settings, a, i, j, compare, None if currency == AUTO else currency)


def _more_options() -> dict:
    """The less common options of the metrics; each one is named in the metric it changes."""
    d = Settings()
    inactivity = st.number_input("Inactivity days (churn event: no purchase)", 1, 3650, d.inactivity_days,
                                 key="inactivity_days", **BOUND)
    csat = st.number_input("CSAT threshold (0 = by scale)", 0.0, 10.0, 0.0, 1.0, key="csat_threshold", **BOUND)
    ces = st.selectbox("CES direction", CES_DIRECTIONS, key="ces_direction", **BOUND)
    clv = st.selectbox("CLV method", (AUTO, *CLV_METHODS), key="clv_method", **BOUND)
    lifespan = st.number_input("Lifespan in months (0 = 1 ÷ churn rate)", 0.0, 600.0, 0.0, 1.0,
                               key="lifespan_months", **BOUND)
    margin = st.number_input("Gross margin %", 1.0, 100.0, d.gross_margin, 1.0, key="gross_margin", **BOUND)
    fcr = st.selectbox("FCR denominator (tickets…)", ("created", "resolved"), key="fcr_denominator", **BOUND)
    repeat = st.selectbox("Repeat-purchase window", ("cumulative", "period"), key="repeat_window", **BOUND)
    target = st.number_input("Onboarding target (days)", 1.0, 365.0, d.onboarding_target_days, 1.0,
                             key="onboarding_target", **BOUND)
    return dict(
        inactivity_days=int(inactivity), csat_threshold=csat or None, ces_direction=ces,
        clv_method=None if clv == AUTO else clv, lifespan_months=lifespan or None, gross_margin=float(margin),
        fcr_denominator=fcr, repeat_window=repeat, onboarding_target_days=float(target),
    )
