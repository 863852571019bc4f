"""The shared sidebar: one control per setting declared in csm.settings, plus the period shown and the comparison.

Every control is derived from its `Option` (label, help, choices or range), keyed by the setting's name, bound to
the URL (`bind="query-params"`: the key is the parameter's name) and kept for the whole session
(`persist_state="session"`), so a page switch keeps the choices and a shared link reproduces the view. A value equal
to its default stays out of the URL. The period list is drawn under the date range but filled last, once every
setting that shapes the periods (the fiscal-year start among them) is known.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import streamlit as st

from csm.churn_variants import VARIANTS
from csm.errors import CsmError
from csm.settings import OPTIONS, SECTIONS, Option, Settings
from csm.snapshot import has_snapshot
from csm.views.period_choice import COMPARE, comparison_index, default_period

from . import sharing, state
from .safe import md

BOUND = {"bind": "query-params", "persist_state": "session"}
AUTO = "auto"
FILTER_BY = "filter_by"  # the attributes filtered on; each one's kept values under filter_<attribute>
RANGE = "range"  # the one control of the settings start and end
LAST_DAY = "period_last_day"  # session state: the last day of the period shown (kept across a granularity change)


def _keep_valid(key: str, options, fallback) -> None:
    """Put a remembered value that is no longer one of the options (other granularity, data) back to `fallback`."""
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = fallback


def _help(o: Option) -> str:
    return o.help + (f" auto: {o.auto}." if o.auto else "")


def _choice(o: Option):
    texts = ([AUTO] if o.auto else []) + [o.text(c) for c in o.choices]
    _keep_valid(o.name, texts, texts[0] if o.default is None else o.text(o.default))
    if o.control == "segmented":
        text = st.segmented_control(o.label, texts, default=o.text(o.default), required=True, key=o.name,
                                    help=_help(o), **BOUND)
    else:
        default = 0 if o.default is None else texts.index(o.text(o.default))
        text = st.selectbox(o.label, texts, index=default, key=o.name, help=_help(o), **BOUND)
    return o.parse(text)


def _number(o: Option):
    """A number input; 0 stands for auto where the setting has one."""
    cast = int if o.kind == "int" else float
    step = cast(o.step or 1)
    low = 0 if o.auto else cast(o.low) + (step if o.low_open else 0)
    default = cast(0 if o.default is None else o.default)
    label = f"{o.label} (0 = auto)" if o.auto else o.label
    value = st.number_input(label, cast(low), cast(o.high), default, step, format="%d" if cast is int else "%g",
                            key=o.name, help=_help(o), **BOUND)
    return None if o.auto and not value else cast(value)


def _range(span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    value = st.date_input("Date range", value=span, key=RANGE, format="YYYY-MM-DD",
                          help=f"The data covers {span[0]} to {span[1]}.", **BOUND)
    start, end = (*tuple(value), span[1])[:2] if value else span
    start, end = max(start, span[0]), min(end, span[1])
    return (start, end) if start <= end else span


def _filters(o: Option, ws: state.Workspace) -> tuple:
    """The attributes to filter on (several at once), then for each the values kept: a customer passes when each
    chosen attribute has one of its kept values."""
    attrs = state.available_attributes(ws)
    _prune(FILTER_BY, attrs)
    chosen = st.multiselect(o.label, attrs, key=FILTER_BY, placeholder="all customers", help=_help(o), **BOUND)
    kept = []
    for attr in chosen:
        key = f"filter_{attr}"
        values = state.attribute_values(ws, attr)
        _prune(key, values)
        picked = st.multiselect(f"Keep {attr}", values, key=key, placeholder="every value", **BOUND)
        if picked:
            kept.append((attr, tuple(picked)))
    return tuple(kept)


def _prune(key: str, options) -> None:
    """Drop remembered choices of a multiselect that are no longer among its options (other data)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


def _values(o: Option, choices: dict[str, str]):
    """A multiselect of the names the data offers; none chosen = the setting's auto."""
    kept = st.multiselect(o.label, list(choices), key=o.name, format_func=choices.get, placeholder=o.auto or "none",
                          help=_help(o), **BOUND)
    return tuple(kept) or None


def _weights(o: Option, choices: dict[str, str]):
    """One number per component the data offers; all at 1 = equal weights (the default)."""
    weights = {c: float(st.number_input(label, float(o.low), float(o.high), 1.0, float(o.step), format="%g",
                                        key=f"weight_{c}", **BOUND)) for c, label in choices.items()}
    return () if all(w == 1.0 for w in weights.values()) else tuple(weights.items())


def _controls(section: str, values: dict, ws: state.Workspace) -> list[tuple[Option, dict[str, str] | None]]:
    """The settings of one section that have a control here, in declaration order, with the choices the data offers
    (values and weights settings, read under the settings chosen so far; left out when the data offers none)."""
    out = []
    for o in OPTIONS.values():
        if o.section != section or (o.kind == "date" and o.name != "start"):  # start and end: one range control
            continue
        choices = None
        if o.kind in ("values", "weights"):
            try:
                choices = o.data_choices(state.workbench(ws).analysis(Settings(**values)))
            except CsmError:
                choices = {}
            if not choices:
                continue
        out.append((o, choices))
    return out


def _draw(controls, values: dict, ws: state.Workspace, span) -> None:
    """Each control writes its setting's value into `values`."""
    for o, choices in controls:
        if o.kind == "date":
            values["start"], values["end"] = _range(span)
        elif o.kind == "choice":
            values[o.name] = _choice(o)
            if o.name == "churn_variant":
                st.caption(f"Churn rate = {VARIANTS[values[o.name]].formula}")
        elif o.kind in ("int", "float"):
            values[o.name] = _number(o)
        elif o.kind == "filters":
            values[o.name] = _filters(o, ws)
        else:
            values[o.name] = (_values if o.kind == "values" else _weights)(o, choices)


SNAPSHOT_WHY = ("This customer list is a snapshot: a churned flag, no dates. The **Overview** and **Retention** pages "
                "show what it supports (churn over the list, by plan or segment, tenure, MRR at risk); the other "
                "metrics are counted per period and need dates (a signup, start or purchase date).")


def _no_dates(ds) -> str:
    """What a dataset without any date lacks, in words (a snapshot export such as a CRM's customer list)."""
    used = ", ".join(f"{md(t.label)} ({t.kind})" for t in ds.report.tables if t.kind) or "none"
    return ("These tables hold no dates, so there are no periods to show metrics for: every metric here is counted "
            f"per week, month, quarter or year. Tables in use: {used}. Map a date column (a signup, start or "
            "purchase date) on the Data page, or add a table that has one.")


def render(ws: state.Workspace, shared: sharing.SharedView | None = None) -> state.Context | None:
    """Draw the sidebar for the workspace and build the context pages read; None (with the reason) on bad data.

    In a shared view the settings are the snapshot's: only the period range and granularity have controls, and only
    when the sharer allowed it (then the period and comparison too); the other definitions are listed."""
    sb = st.sidebar
    st.session_state.pop(state.WHY_NO_VIEW, None)
    sb.caption(f"**Data:** {md(ws.label)}")
    state.demo_notice(sb, short=True)
    try:
        ds = state.dataset(ws)
    except CsmError as e:
        sb.error(md(e))
        st.session_state[state.WHY_NO_VIEW] = md(e)
        return None
    raw_span = ds.span()
    st.session_state.pop(state.SNAPSHOT, None)
    if raw_span is None:
        if has_snapshot(ds):  # a customer list with a churned flag: the Overview and Retention pages show it whole
            st.session_state[state.SNAPSHOT] = state.workbench(ws).analysis(Settings())
            why = SNAPSHOT_WHY
        else:
            why = _no_dates(ds)
        sb.warning(why)
        st.session_state[state.WHY_NO_VIEW] = why
        return None
    span = (raw_span[0].astype(dt.date), raw_span[1].astype(dt.date))
    reset = st.session_state.pop(state.RESET, False)
    if reset:  # new data: its whole span, no filter (set through session state, which the browser widget follows)
        st.session_state[RANGE] = span
        st.session_state[FILTER_BY] = []
    values: dict = {}
    explore = shared is None or shared.snapshot.allow_explore
    with sb:
        if explore:
            _draw(_controls("top", values, ws), values, ws, span)
        period_slot = st.container()  # filled once the periods are known
        if shared is not None:
            sharing.sidebar_banner(shared)
        else:
            _draw(_controls("main", values, ws), values, ws, span)
            for section, title in SECTIONS.items():
                controls = _controls(section, values, ws) if title else []
                if controls:
                    with st.expander(title):
                        _draw(controls, values, ws, span)
    try:
        settings = Settings(**values).check() if shared is None else sharing.settings(shared, values)
        a = state.workbench(ws).analysis(settings)
        labels = list(a.periods.labels)
    except CsmError as e:
        sb.error(md(e))
        st.session_state[state.WHY_NO_VIEW] = md(e)
        return None
    default = default_period(a.periods, raw_span)
    if not explore:  # a shared view whose sharer fixed the period
        period = shared.snapshot.period if shared.snapshot.period in labels else labels[default]
        compare = shared.snapshot.compare
        period_slot.caption(f"Period: **{md(period)}** ({settings.granularity})")
    else:
        period, compare = _period(period_slot, a.periods, default, reset)
    i = a.periods.find(period)
    st.session_state[LAST_DAY] = a.periods.ends[i] - np.timedelta64(1, "D")  # where another granularity lands
    j = comparison_index(a.periods, i, compare)
    if j is None:
        sb.caption("No comparison period in the range: deltas are left out.")
    return state.Context(ws, settings, state.workbench(ws), i, j, compare)


def _period(slot, periods, default: int, reset: bool) -> tuple[str, str]:
    """The period shown and the comparison, drawn in `slot` (under the date range).

    A remembered period that is not one of these (another granularity, range or fiscal year) gives way to the one
    holding its last day (2025-06 → 2025-Q2), or to the default when that day is outside the range."""
    labels = list(periods.labels)
    with slot:
        if reset:
            st.session_state["period"] = labels[default]
        last = st.session_state.get(LAST_DAY)
        if "period" in st.session_state and st.session_state["period"] not in labels and last is not None:
            k = int(periods.index_of(np.array([last]))[0])
            st.session_state["period"] = labels[k if k >= 0 else default]
        _keep_valid("period", labels, labels[default])
        period = st.selectbox("Period", labels, index=default, key="period",
                              help="The period the cards show; the default is the last complete one.", **BOUND)
        compare = st.segmented_control("Compare with", list(COMPARE), default="previous", required=True,
                                       key="compare", help="previous: the period before; year: the same period a "
                                                           "year earlier.", **BOUND)
    return period, compare
