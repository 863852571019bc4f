"""Sections drawn only while they are open, and the chart code loaded before the first chart.

Streamlit mounts what a closed expander holds as if it were shown: a page of metric cards, each with its table and
notes folded away, took the browser seconds to draw after every change of period or granularity. An expander made
here reruns the page when it is opened or closed, and its content is drawn only while it is open.

The browser loads the code that draws charts (Vega) and formulas (KaTeX, with its fonts) the first time a page shows
one: about half a second on the first metric page a person opens. The first run of a session draws an empty chart
and a formula out of sight, so that code loads while the Overview is being read.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def opened(label: str, key: str, draw: Callable[[], None], **expander) -> None:
    """An expander whose content `draw()` draws only while it is open (opening it reruns the page)."""
    box = st.expander(label, key=key, on_change="rerun", **expander)
    if box.open:
        with box:
            draw()


CHART_WARMUP = "chart-warmup"  # the container's key: app.py's CSS makes .st-key-chart-warmup tiny and invisible
# (laid out, so that the chart is drawn and its code loaded; hidden from screen readers too)
WARMED = "charts_warmed"  # session state: the hidden chart was drawn in this session


def warm_up_charts() -> None:
    """On a session's first run: an empty chart and a formula in an invisible container (see the module docstring)."""
    if st.session_state.get(WARMED):
        return
    st.session_state[WARMED] = True
    with st.container(key=CHART_WARMUP, height=1, border=False):
        st.vega_lite_chart({"mark": "point", "data": {"values": []}}, height=1, width=1)
        st.latex(r"\text{Rate} = \frac{a}{b} \times 100")  # and the formulas' code and fonts
