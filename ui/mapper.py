"""The mapping editor: per table, its kind and which column holds each field, with a preview of the first rows.

Each table is edited in its own form inside its expander, drawn only while the expander is open; its "Apply mapping"
reads the data again with that table as set (the other tables as they were). A table whose kind changed gets the best
guess of columns for its new kind, to review before applying again. The date order, a question for every table, has
its own small form below them.
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from csm.mapping import Mapping, TableMapping
from csm.schema import KINDS, SURVEY_TYPES
from csm.views import data_report, mapping_editor

from . import state
from .safe import md

NONE = "— not in this table —"
UNSURE = 0.6  # a guess less sure than this (a table's kind, a field's column) is shown as one to check
UNIT_WORDS = {"units": "whole amounts", "cents": "cents (÷ 100)", "milliseconds": "milliseconds", "seconds": "seconds",
              "minutes": "minutes", "hours": "hours", "days": "days", "weeks": "weeks", "months": "months",
              "years": "years"}
IGNORE = "— ignore this table —"


def _kind_label(k: str | None) -> str:
    return IGNORE if k is None else f"{KINDS[k].label} ({k})"


OPENED = "map-opened"  # session state: table label -> its expander open (True) or closed, as the person left it


def _remember(label: str, key: str) -> None:
    st.session_state.setdefault(OPENED, {})[label] = st.session_state[key]


def editor(ws: state.Workspace) -> None:
    """One expander per table, its editor drawn only while it is open; each table applies its own mapping.

    The editor of every table drawn at once (about ten select boxes and a preview each, in closed expanders too) took
    the browser seconds to draw on every visit of the page. A table the guess is unsure of opens by itself."""
    raws = state.raws(ws)
    mapping = state.guessed_mapping(ws)
    prefix = f"map-{ws.digest[:10]}"
    current = [mapping.for_table(r.source, r.sheet) or TableMapping(r.source, r.sheet, None, confidence=0)
               for r in raws]
    for t, (raw, tm) in enumerate(zip(raws, current, strict=True)):
        unsure = (tm.kind is None or tm.confidence < UNSURE or not tm.usable
                  or any(ev["confidence"] < UNSURE for ev in tm.evidence.values()))  # a column to check
        title = f"**{md(raw.label)}** → {_kind_label(tm.kind)}" + (" · please check" if unsure else "")
        # Open as the person left it, else when unsure. Kept here, not in the expander's own state: the expander is
        # a new widget whenever its title changes (a kind applied), and would close under the person's eyes.
        key = f"{prefix}-{t}-open"
        opened = st.session_state.get(OPENED, {}).get(raw.label, unsure)
        box = st.expander(title, expanded=opened, icon=":material/table:", key=key, on_change=_remember,
                          args=(raw.label, key))
        if box.open:
            with box, st.form(f"{prefix}-{t}-form", border=False):
                table = _table(f"{prefix}-{t}", raw, tm)
                applied = st.form_submit_button("Apply mapping", type="primary", icon=":material/check:",
                                                help="Use this table as set above; the data is read again.")
            if applied:
                tables = [table if n == t else other for n, other in enumerate(current)]
                _apply(ws, Mapping(tuple(tables), mapping.options))
    _date_order(ws, mapping)


def _apply(ws: state.Workspace, new: Mapping) -> None:
    if new != ws.mapping:
        state.open_workspace(ws.with_mapping(new))
        st.rerun()


def _table(key: str, raw, tm: TableMapping) -> TableMapping:
    """One table's kind, the column of each field of that kind (and its unit), and a preview: the edited mapping."""
    kinds = [None, *KINDS]
    kind = st.selectbox("What is this table?", kinds, index=kinds.index(tm.kind), format_func=_kind_label,
                        key=f"{key}-kind", help=(KINDS[tm.kind].powers if tm.kind else "Choose a kind to use the table."))
    columns = dict(tm.columns)
    units: dict[str, str] = {}  # field -> the unit picked beside its column
    survey_type = tm.survey_type
    if kind is not None and kind == tm.kind:
        cands = mapping_editor.field_candidates(raw, kind)
        grid = st.columns(3)
        for n, f in enumerate(KINDS[kind].fields):
            opts = [NONE, *cands[f.name]]
            cur = tm.columns.get(f.name)
            ev = tm.evidence.get(f.name)  # the guess's confidence and why (empty once applied)
            why = f"Guessed ({ev['confidence']:.0%} sure): {ev['why']}." if ev else None
            pick = grid[n % 3].selectbox(
                f.name + (" *" if f.name in KINDS[kind].required else ""), opts,
                index=opts.index(cur) if cur in opts else 0, key=f"{key}-{kind}-{f.name}",
                help="\n\n".join(md(x) for x in (f.description, why) if x) or None,
            )
            if ev and ev["confidence"] < UNSURE and pick == cur:
                grid[n % 3].caption(":material/help: Not sure of this one: please check it.")
            if pick == NONE:
                columns.pop(f.name, None)
            else:
                columns[f.name] = pick
            choices = tm.unit_choices(f.name)
            if choices:  # a duration in seconds or hours, money in cents: converted on loading
                units[f.name] = grid[n % 3].selectbox(
                    f"{f.name} is written in", choices, index=choices.index(tm.unit(f.name)),
                    key=f"{key}-{kind}-{f.name}-unit", format_func=UNIT_WORDS.get,
                    help=f"Converted into {choices[0]} on loading; guessed from the header.")
            link = tm.links.get(f.name)
            if link is not None and pick == NONE:  # the field comes from another table
                grid[n % 3].caption(f":material/link: found through **{md(link.via)}** in "
                                    f"{md(link.source)} ({md(link.key)} → {md(link.value)})")
        if kind == "surveys":
            st_opts = [None, *SURVEY_TYPES]
            survey_type = st.selectbox(
                "Survey type of every row (when there is no survey-type column)", st_opts,
                index=st_opts.index(tm.survey_type) if tm.survey_type in st_opts else 0,
                format_func=lambda s: "— from the survey_type column —" if s is None else s.upper(),
                key=f"{key}-survey_type")
    elif kind is not None:
        st.caption("Apply to see this kind's fields with the best columns guessed.")
        columns = mapping_editor.guess_columns(raw, kind)
        survey_type = None
    st.caption(f"First rows (header on row {raw.header_row or '—'}; {len(raw.frame):,} rows)")
    st.dataframe(raw.frame.head(5), hide_index=True, width="stretch")
    for note in raw.notes:
        st.caption(md(note))
    table = replace(tm, kind=kind, columns=columns if kind else {}, survey_type=survey_type,
                    links=tm.links if kind == tm.kind else {}, confidence=1.0, evidence={}, units={})
    for name, unit in units.items():
        table = table.with_unit(name, unit) if name in columns else table
    return table


def _date_order(ws: state.Workspace, mapping: Mapping) -> None:
    """The day-first question, asked only when some mapped date column cannot tell by itself."""
    opts = mapping.options
    unclear = data_report.ambiguous_dates(state.raws(ws), mapping)
    if not unclear:
        return
    choices = [True, False]
    with st.form(f"map-{ws.digest[:10]}-dates", border=False):
        st.markdown("**How are dates like 03/04/2024 written?**")
        st.caption("These columns could be read either way: " + md("; ".join(unclear)))
        day_first = st.radio("Date order", choices, index=0 if opts.day_first in (None, True) else 1, horizontal=True,
                             format_func=lambda d: "day first (3 April)" if d else "month first (March 4)",
                             key=f"map-{ws.digest[:10]}-day_first", label_visibility="collapsed")
        applied = st.form_submit_button("Apply date order", icon=":material/check:")
    if applied:
        _apply(ws, replace(mapping, options=replace(opts, day_first=day_first)))
