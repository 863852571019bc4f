"""The planner's controls: the scenario a person is building (one control per rate, bound to the URL), the scenarios
they saved (in the session and in the URL's `scenarios` parameter) and the export. csm.forecast does the rest."""
from __future__ import annotations

import streamlit as st

from csm.errors import CsmError
from csm.forecast import scenario as sc
from csm.forecast.projection import RATES, Rates

from .safe import md

BOUND = {"bind": "query-params", "persist_state": "session"}
SAVED = "saved_scenarios"  # session state: name → Scenario
SAVED_PARAM = "scenarios"  # the URL parameter that keeps them
PERCENT_RANGE = 10.0  # the sliders move a percentage by up to ± 10 points


def saved() -> dict[str, sc.Scenario]:
    """The saved scenarios: from the session, or on a first visit from the URL."""
    if SAVED not in st.session_state:
        try:
            found = sc.decode(st.query_params.get(SAVED_PARAM, ""), tuple(RATES))
        except CsmError:
            found = []
        st.session_state[SAVED] = {s.name: s for s in found}
    return st.session_state[SAVED]


def _keep_in_url() -> None:
    text = sc.encode(list(saved().values()))
    if text:
        st.query_params[SAVED_PARAM] = text
    else:
        st.query_params.pop(SAVED_PARAM, None)


def save(s: sc.Scenario) -> None:
    saved()[s.name] = s
    _keep_in_url()


def forget(name: str) -> None:
    saved().pop(name, None)
    _keep_in_url()


def load(s: sc.Scenario, rates: Rates) -> None:
    """Put a saved scenario back into the controls (before they are drawn)."""
    st.session_state["scenario_name"] = s.name
    for rate in rates.values:
        o = s.override(rate)
        st.session_state[f"d_{rate}"] = o.value if o and o.mode == "add" else 0.0
        st.session_state[f"s_{rate}"] = o.value if o and o.mode == "set" else None


def controls(rates: Rates) -> sc.Scenario:
    """One '±' control per rate (a slider for percentages) and, folded away, one 'set to' per rate; the scenario
    they make."""
    name = st.text_input("Scenario name", "My scenario", key="scenario_name", max_chars=60, **BOUND)
    overrides = []
    for rate in rates.values:
        spec = RATES[rate]
        key = f"d_{rate}"
        label = f"{spec.label}: {rates.shown(rate)} ± " + ("points" if spec.unit == "percent" else "")
        if spec.unit == "percent":
            d = st.slider(label, -PERCENT_RANGE, PERCENT_RANGE, 0.0, spec.step, format="%+.1f", key=key, **BOUND)
        else:
            d = st.number_input(label, value=0.0, step=spec.step, format="%.2f", key=key, **BOUND)
        if d:
            overrides.append(sc.Override(rate, "add", float(d)))
    with st.expander("Set exact values instead"):
        st.caption("A value set here replaces the rate (and its ± above).")
        for rate in rates.values:
            spec = RATES[rate]
            v = st.number_input(f"{spec.label} ({'%' if spec.unit == 'percent' else spec.unit})", min_value=0.0,
                                value=None, step=spec.step, format="%g", key=f"s_{rate}", placeholder="as is",
                                **BOUND)
            if v is not None:
                overrides.append(sc.Override(rate, "set", float(v)))
    return sc.Scenario(name, tuple(overrides))


def saved_section(current: sc.Scenario, rates: Rates, exports: dict[str, bytes]) -> None:
    """Save the current scenario, load or forget a saved one, export them all."""
    kept = saved()
    c1, c2 = st.columns(2)
    if c1.button("Save this scenario", icon=":material/bookmark_add:", key="save_scenario"):
        save(current)
        st.toast(f"Saved {md(current.name)}")
    if kept:
        pick = c2.selectbox("Saved scenarios", list(kept), key="saved_pick", format_func=md)
        b1, b2 = c2.columns(2)
        if b1.button("Load", key="load_scenario"):
            load(kept[pick], rates)
            st.rerun()
        if b2.button("Forget", key="forget_scenario"):
            forget(pick)
            st.rerun()
    d1, d2 = st.columns(2)
    d1.download_button("Export the scenarios (JSON)", sc.dumps([*kept.values()] or [current]).encode(),
                       "scenarios.json", "application/json", key="dl-scenarios", icon=":material/download:")
    d2.download_button("Export the projections (CSV)", exports["csv"], "projections.csv", "text/csv",
                       key="dl-projections", icon=":material/download:")
