"""The mapping editor: per table, its kind and which column holds each field, with a preview of the first rows.

All tables are edited in one form; "Apply mapping" reloads the data once. A table whose kind changed gets the
best guess of columns for its new kind, to review before applying again.
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from csm.mapping import Mapping, Options, TableMapping
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


def editor(ws: state.Workspace) -> None:
    raws = state.raws(ws)
    mapping = state.guessed_mapping(ws)
    prefix = f"map-{ws.digest[:10]}"
    edited: list[TableMapping] = []
    with st.form(f"{prefix}-form", border=False):
        for t, raw in enumerate(raws):
            tm = mapping.for_table(raw.source, raw.sheet) or TableMapping(raw.source, raw.sheet, None, confidence=0)
            unsure = tm.kind is None or tm.confidence < UNSURE or not tm.usable
            title = f"**{md(raw.label)}** → {_kind_label(tm.kind)}" + (" · please check" if unsure else "")
            with st.expander(title, expanded=unsure, icon=":material/table:"):
                kinds = [None, *KINDS]
                kind = st.selectbox("What is this table?", kinds, index=kinds.index(tm.kind), format_func=_kind_label,
                                    key=f"{prefix}-{t}-kind",
                                    help=(KINDS[tm.kind].powers if tm.kind else "Choose a kind to use the table."))
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
                            index=opts.index(cur) if cur in opts else 0, key=f"{prefix}-{t}-{kind}-{f.name}",
                            help="\n\n".join(md(x) for x in (f.description, why) if x) or None,
                        )
                        if ev and ev["confidence"] < UNSURE and pick == cur:
                            grid[n % 3].caption(":material/help: Not sure of this one: please check it.")
                        if pick == NONE:
                            columns.pop(f.name, None)
                        else:
                            columns[f.name] = pick
                        choices = tm.unit_choices(f.name) if tm.kind == kind else ()
                        if choices:  # a duration in seconds or hours, money in cents: converted on loading
                            unit = grid[n % 3].selectbox(
                                f"{f.name} is written in", choices, index=choices.index(tm.unit(f.name)),
                                key=f"{prefix}-{t}-{kind}-{f.name}-unit", format_func=UNIT_WORDS.get,
                                help=f"Converted into {choices[0]} on loading; guessed from the header.")
                            units[f.name] = unit
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
                            key=f"{prefix}-{t}-survey_type")
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
            edited.append(table)
        options = _options(ws, mapping)
        applied = st.form_submit_button("Apply mapping", type="primary", icon=":material/check:")
    if applied:
        new = Mapping(tuple(edited), options)
        if new != ws.mapping:
            state.open_workspace(ws.with_mapping(new))
            st.rerun()


def _options(ws: state.Workspace, mapping: Mapping) -> Options:
    """The day-first question, asked only when some mapped date column cannot tell by itself."""
    opts = mapping.options
    unclear = data_report.ambiguous_dates(state.raws(ws), mapping)
    if not unclear:
        return opts
    choices = [True, False]
    st.markdown("**How are dates like 03/04/2024 written?**")
    st.caption("These columns could be read either way: " + md("; ".join(unclear)))
    day_first = st.radio("Date order", choices, index=0 if opts.day_first in (None, True) else 1, horizontal=True,
                         format_func=lambda d: "day first (3 April)" if d else "month first (March 4)",
                         key=f"map-{ws.digest[:10]}-day_first", label_visibility="collapsed")
    return replace(opts, day_first=day_first)
