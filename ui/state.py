"""The loaded workspace (files + mapping), the few Streamlit caches the app needs, and what a page sees.

The rule: pages call csm freely; csm memoises (csm.memo, csm.workbench: keyed on what each result reads); the UI
caches only what must outlive a session and Streamlit must hold: the tables read from a file (`read_one`, on the
file's digest), the dataset of a workspace (`dataset`, on its files and mapping), that dataset's workbench (every
analysis and result computed from it, shared by every session looking at the same data), the guessed mapping and
the sample company. One typed object lives in the session: `Workspace`.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from csm import health_model
from csm.attributes import attribute_values as _attribute_values
from csm.attributes import available_attributes as _available_attributes
from csm.dataset import Dataset
from csm.engine import Analysis
from csm.exports.inert import to_csv_bytes
from csm.guess import guess_mapping
from csm.io import RawTable
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.results import MetricSeries
from csm.settings import Settings
from csm.views.metric_table import series_frame
from csm.workbench import Workbench

from .budget import BUDGET, frame_bytes

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = Path(os.environ.get("CSM_SAMPLE_DIR", ROOT / "sample_data" / "brightwave"))
SAMPLE_MAPPING = SAMPLE_DIR.parent / f"{SAMPLE_DIR.name}_mapping.json"
SAMPLE_NAME = "Brightwave Analytics (sample company)"
KEY = "workspace"
RESET = "reset_view"  # set when another workspace opens: the sidebar puts the data-dependent controls back


T = TypeVar("T")


def digest(files) -> str:
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode())
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@dataclass(frozen=True)
class File:
    """One uploaded file: its name and bytes (never altered), unpacked as `name, data = file`."""

    name: str
    data: bytes

    @cached_property
    def digest(self) -> str:
        return digest(((self.name, self.data),))

    def __iter__(self):
        return iter((self.name, self.data))

    def __getitem__(self, i: int):
        return (self.name, self.data)[i]


@dataclass(frozen=True)
class Workspace:
    """The files a user is looking at and the mapping in force (None = guess it)."""

    label: str
    files: tuple[File, ...]  # in the order they were added
    mapping: Mapping | None = None
    sample: bool = False
    read_log: tuple[str, ...] = field(default=(), compare=False)  # what reading the files found, for the Data page
    unread: tuple[str, ...] = field(default=(), compare=False)  # why each file left out could not be read

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", tuple(f if isinstance(f, File) else File(*f) for f in self.files))

    @cached_property
    def digest(self) -> str:
        return digest(tuple(self.files))

    @cached_property
    def key(self) -> tuple[str, str | None]:
        """What the workspace's data depends on: the files' content and the mapping (the caches' hash)."""
        return self.digest, self.mapping_json

    @property
    def mapping_json(self) -> str | None:
        return None if self.mapping is None else self.mapping.dumps()

    def with_mapping(self, mapping: Mapping) -> Workspace:
        return replace(self, mapping=mapping)


# ----- the Streamlit caches: shared by every session, read-only (csm never mutates a RawTable or a Dataset) -------
# Keyed through hash_funcs on the files' digests (computed once per File), so a rerun hashes no bytes again.
_BY_CONTENT = {File: lambda f: f.digest, Workspace: lambda ws: ws.key}


def read_one(file: File) -> list[RawTable]:
    """Every table (sheet) of one file (cached; the cache capped by size in ui.budget)."""
    tables = _read_one(file)
    key = stand_in(file)
    BUDGET.keep(("file", file.digest), lambda: sum(frame_bytes(r.frame) for r in tables),
                lambda: _read_one.clear(key))
    return tables


@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600, hash_funcs=_BY_CONTENT)
def _read_one(file: File) -> list[RawTable]:
    return read_sources([tuple(file)])


def stand_in(item: File | Workspace) -> File | Workspace:
    """An object that the caches hash like `item` (a file's digest, a workspace's key) and that holds none of its
    bytes: what the size budget releases an entry with."""
    out = object.__new__(type(item))
    if isinstance(item, File):
        object.__setattr__(out, "name", item.name)
        object.__setattr__(out, "data", b"")
        out.__dict__["digest"] = item.digest
    else:
        object.__setattr__(out, "label", "")
        object.__setattr__(out, "files", ())
        out.__dict__["key"] = item.key
    return out


def raws(ws: Workspace) -> list[RawTable]:
    return [r for f in ws.files for r in read_one(f)]


def dataset(ws: Workspace, progress=None) -> Dataset:
    """The workspace's dataset (raises CsmError when the files or the mapping cannot be used; cached, the cache
    capped by size in ui.budget). `progress(k, n, label)`: told of each table as it is normalised."""
    ds = _dataset(ws, progress)
    key = stand_in(ws)
    BUDGET.keep(("dataset", ws.key), lambda: sum(frame_bytes(f) for f in ds.tables.values()),
                lambda: _dataset.clear(key))
    return ds


@st.cache_resource(show_spinner=False, max_entries=8, ttl=3600, hash_funcs=_BY_CONTENT)
def _dataset(ws: Workspace, _progress=None) -> Dataset:
    """(`_progress` is not part of the cache key.)"""
    return load(raws(ws), ws.mapping, progress=_progress)


@st.cache_resource(show_spinner=False, max_entries=8, ttl=3600, hash_funcs=_BY_CONTENT)
def workbench(ws: Workspace) -> Workbench:
    """Every analysis and result computed from the workspace's dataset (csm.workbench)."""
    return Workbench(dataset(ws))


def available_attributes(ws: Workspace) -> list[str]:
    """The customer attributes with a value (the sidebar's filter choices)."""
    return _available_attributes(dataset(ws))


def attribute_values(ws: Workspace, attribute: str) -> list[str]:
    """The distinct values of one customer attribute (the filter's choices)."""
    return _attribute_values(dataset(ws), attribute)


# ----- the session's workspace -------------------------------------------------------------------------------
def sample_workspace() -> Workspace:
    """The sample company: its CSVs and, when it ships one, its mapping."""
    files = tuple(File(p.name, p.read_bytes()) for p in sorted(SAMPLE_DIR.glob("*.csv")))
    mapping = Mapping.loads(SAMPLE_MAPPING.read_text()) if SAMPLE_MAPPING.exists() else None
    return Workspace(SAMPLE_NAME, files, mapping, sample=True)


@st.cache_resource(show_spinner=False)
def _sample() -> Workspace:
    return sample_workspace()


def workspace() -> Workspace:
    """The session's workspace; a first visit opens the sample company."""
    if KEY not in st.session_state:
        st.session_state[KEY] = _sample()
    return st.session_state[KEY]


def open_workspace(ws: Workspace) -> None:
    """Make `ws` the session's workspace; view choices that belonged to the previous data are reset by the sidebar."""
    old = st.session_state.get(KEY)
    st.session_state[KEY] = ws
    if old is None or old.digest != ws.digest:
        st.session_state[RESET] = True


def open_sample() -> None:
    open_workspace(_sample())


def guessed_mapping(ws: Workspace) -> Mapping:
    """The workspace's mapping, guessed from the tables when it has none."""
    return ws.mapping if ws.mapping is not None else _guess(ws)


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=_BY_CONTENT)  # read-only: a Mapping is frozen
def _guess(ws: Workspace) -> Mapping:
    return guess_mapping(raws(ws))


# ----- what a page sees --------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Context:
    """The workspace, the settings the sidebar decided, and the analysis they give. Pages read only this."""

    workspace: Workspace
    settings: Settings
    workbench: Workbench = field(repr=False)
    i: int  # selected period
    j: int | None  # comparison period
    compare: str  # "previous" or "year"

    @cached_property
    def analysis(self) -> Analysis:
        return self.workbench.analysis(self.settings)

    @property
    def period(self) -> str:
        return self.analysis.periods.labels[self.i]

    @property
    def granularity(self) -> str:
        return self.settings.granularity

    def analysis_for(self, metric_id: str) -> Analysis:
        """The analysis under the settings the metric reads (csm.workbench.Workbench.analysis_for)."""
        return self.workbench.analysis_for(metric_id, self.settings)

    def series(self, metric_id: str) -> MetricSeries:
        return self.workbench.series(metric_id, self.settings)

    def result(self, what, metric_id: str, compute: Callable[[Analysis], T]) -> T:
        """Anything derived from one metric's analysis, kept by the workbench on what the metric reads."""
        return self.workbench.result(what, metric_id, self.settings, compute)

    def frame(self, metric_id: str) -> pd.DataFrame:
        """The table behind a metric (csm.views.metric_table.series_frame): shared, read-only."""
        return self.result("frame", metric_id, lambda a: series_frame(self.series(metric_id), a.periods, a.currency,
                                                                      a.dataset.span()))

    def table(self, metric_id: str) -> pd.DataFrame:
        """The frame without its display column, as the card's table shows it."""
        return self.result("table", metric_id, lambda a: self.frame(metric_id).drop(columns=["shown"]))

    def csv(self, metric_id: str) -> bytes:
        """The card's table as the CSV it offers for download."""
        return self.result("csv", metric_id, lambda a: to_csv_bytes(self.table(metric_id)))

    def health(self) -> health_model.Health:
        """The customers' health scores in the selected period (weights from the settings)."""
        return self.result(("health", self.period), "health_score",
                           lambda a: health_model.health_scores(a, self.period))

    def at_risk_csv(self) -> bytes:
        """The red band of `health()` as the CSV the Health page offers."""
        return self.result(("at risk csv", self.period), "health_score",
                           lambda a: to_csv_bytes(self.health().customers("red")))


CONTEXT = "context"
WHY_NO_VIEW = "why_no_view"  # session state: why the sidebar could not build a context this run (shown on the page)
SNAPSHOT = "snapshot_analysis"  # session state: the analysis of a snapshot customer list (no dates), for its pages
DEMO = ("These are the numbers of **Brightwave Analytics**, a fictional company, so there is something to explore. "
        "Your own files go on the **Data** page: customer lists, subscriptions or invoices, surveys, tickets, "
        "usage logs, costs, as your tools export them.")


DEMO_SHORT = "Demo numbers of a fictional company. Your own files go on the **Data** page."


def url_token(key: str, value: str) -> None:
    """Keep `value` in the URL under `key` across pages and reloads: a hidden text control bound to the query string
    (Streamlit keeps the parameters of the entry script's bound controls when the page changes)."""
    st.html(f"<style>.st-key-{key}{{display:none}}</style>")
    st.session_state[key] = value
    st.text_input(key, key=key, disabled=True, label_visibility="collapsed", bind="query-params")


def demo_notice(where, short: bool = False) -> None:
    """Say, while the sample company is shown, that it is one, and where a person's own files go."""
    ws = st.session_state.get(KEY)
    if ws is not None and ws.sample and st.session_state.get("shared_view") is None:
        where.info(DEMO_SHORT if short else DEMO, icon=":material/science:")
        where.page_link("app_pages/data.py", label="Upload your own files", icon=":material/upload_file:")


def set_context(ctx: Context | None) -> None:
    st.session_state[CONTEXT] = ctx
    if ctx is not None:
        st.session_state.pop(WHY_NO_VIEW, None)


def context(snapshot: str | None = None) -> Context:
    """The context app.py built for this run; stops the page with a pointer to the Data page when there is none.

    `snapshot`: the page's title, for the pages that show a snapshot customer list (no dates) whole instead."""
    ctx = st.session_state.get(CONTEXT)
    if ctx is None and snapshot and st.session_state.get(SNAPSHOT) is not None:
        from . import snapshot as snapshot_view

        snapshot_view.page(st.session_state[SNAPSHOT], snapshot)
        st.stop()
    if ctx is None:
        why = st.session_state.get(WHY_NO_VIEW)
        if why:
            st.warning(why, icon=":material/event_busy:")
        if st.session_state.get("shared_view") is not None:  # a shared view has no Data page
            st.info("This shared view cannot be shown: the sidebar says why.")
        else:
            if not why:
                st.info("Load your data on the **Data** page to see the metrics.")
            st.page_link("app_pages/data.py", label="Go to the Data page", icon=":material/upload_file:")
        st.stop()
    return ctx
