"""Sections drawn only while they are open.

Streamlit mounts what a closed expander holds as if it were shown: a page of metric cards, each with its table and
notes folded away, took the browser seconds to draw after every change of period or granularity. An expander made
here reruns the page when it is opened or closed, and its content is drawn only while it is open.
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
