"""The loaded workspace (files + mapping) and the cached steps from it to an `Analysis`.

One typed object lives in the session: `Workspace`. Everything else is derived through cached pure calls keyed on
the files' content, the mapping and the settings, so a rerun (or a page switch) costs nothing. A metric's series is
keyed on the settings it reads (csm.settings_keys), and analyses that agree on the base settings share their
intermediate results (Analysis.sibling), so a churn-variant change recomputes the churn rate only.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd
import streamlit as st

from csm import health_model, settings_keys, views
from csm.attributes import available_attributes as _available_attributes
from csm.dataset import Dataset
from csm.engine import Analysis, Settings
from csm.errors import CsmError
from csm.guess import guess_mapping
from csm.io import RawTable
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.metrics import REGISTRY
from csm.results import MetricSeries

from .safe import md

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = Path(os.environ.get("CSM_SAMPLE_DIR", ROOT / "sample_data" / "brightwave"))
SAMPLE_MAPPING = SAMPLE_DIR.parent / f"{SAMPLE_DIR.name}_mapping.json"
SAMPLE_NAME = "Brightwave Analytics (sample company)"
KEY = "workspace"
RESET = "reset_view"  # set when another workspace opens: the sidebar puts the data-dependent controls back


def digest(files: tuple[tuple[str, bytes], ...]) -> str:
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode())
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@dataclass(frozen=True)
class Workspace:
    """The files a user is looking at and the mapping in force (None = guess it)."""

    label: str
    files: tuple[tuple[str, bytes], ...]
    mapping: Mapping | None = None
    sample: bool = False
    read_log: tuple[str, ...] = field(default=(), compare=False)  # what reading the files found, for the Data page
    unread: tuple[str, ...] = field(default=(), compare=False)  # why each file left out could not be read

    @cached_property
    def digest(self) -> str:
        return digest(self.files)

    @cached_property
    def file_digests(self) -> tuple[str, ...]:
        return tuple(digest((f,)) for f in self.files)

    @property
    def mapping_json(self) -> str | None:
        return None if self.mapping is None else self.mapping.dumps()

    def with_mapping(self, mapping: Mapping) -> Workspace:
        return replace(self, mapping=mapping)


# ----- reading and loading (cached on content) ---------------------------------------------------------------
# Shared read-only (nothing downstream mutates a RawTable), keyed on the file's name and content digest: a rerun
# neither hashes the bytes again nor unpickles a copy of every table, as st.cache_data would.
@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)
def _read_one(key: str, _name: str, _data: bytes) -> list[RawTable]:
    return read_sources([(_name, _data)])


def read_one(name: str, data: bytes, key: str | None = None) -> list[RawTable]:
    """Every table (sheet) of one file; `key` is its digest when known (see Workspace.file_digests)."""
    return _read_one(key or digest(((name, data),)), name, data)


def raws(ws: Workspace) -> list[RawTable]:
    return [r for (name, data), key in zip(ws.files, ws.file_digests, strict=True) for r in read_one(name, data, key)]


@st.cache_resource(show_spinner=False, max_entries=8, ttl=3600)  # shared read-only: csm never mutates a Dataset
def _dataset(key: str, mapping_json: str | None, _ws: Workspace) -> Dataset:
    mapping = None if mapping_json is None else Mapping.loads(mapping_json)
    return load(raws(_ws), mapping)


def dataset(ws: Workspace) -> Dataset:
    """The workspace's dataset (raises CsmError when the files or the mapping cannot be used)."""
    return _dataset(ws.digest, ws.mapping_json, ws)


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def _attributes_of(key: str, mapping_json: str | None, _ws: Workspace) -> list[str]:
    return _available_attributes(dataset(_ws))


def available_attributes(ws: Workspace) -> list[str]:
    """The customer attributes with a value (the sidebar's filter choices), cached per dataset."""
    return _attributes_of(ws.digest, ws.mapping_json, ws)


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _values_of(key: str, mapping_json: str | None, attribute: str, _ws: Workspace) -> list[str]:
    return views.attribute_values(dataset(_ws), attribute)


def attribute_values(ws: Workspace, attribute: str) -> list[str]:
    """The distinct values of one customer attribute (the filter's choices), cached per dataset."""
    return _values_of(ws.digest, ws.mapping_json, attribute, ws)


@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def _base_analysis(key: str, mapping_json: str | None, base_key: str, currency: str | None, _ws: Workspace,
                   _settings: Settings) -> Analysis:
    """The first analysis seen for these base settings; the others with the same base are its siblings."""
    ds = dataset(_ws)
    if currency:
        ds = replace(ds, currency=currency)
    return Analysis(ds, _settings)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)  # the sidebar's and the metrics' own (analysis_for)
def _analysis(key: str, mapping_json: str | None, settings_key: str, currency: str | None, _ws: Workspace,
              _settings: Settings) -> Analysis:
    base = _base_analysis(key, mapping_json, settings_keys.base_key(_settings), currency, _ws, _settings)
    return base.sibling(_settings)


def analysis(ws: Workspace, settings: Settings, currency: str | None = None) -> Analysis:
    """A shared, read-only Analysis per (files, mapping, settings, currency); those with the same base settings
    share their intermediate results."""
    return _analysis(ws.digest, ws.mapping_json, repr(settings), currency, ws, settings)


@st.cache_resource(show_spinner=False, max_entries=2048, ttl=3600)
def _series(key: str, mapping_json: str | None, currency: str | None, metric_id: str, series_key: str,
            _ctx: Context) -> MetricSeries:
    return REGISTRY[metric_id].compute(_ctx.analysis_for(metric_id))


# ----- the session's workspace -------------------------------------------------------------------------------
def sample_workspace() -> Workspace:
    """The sample company: its CSVs and, when it ships one, its mapping."""
    files = tuple((p.name, p.read_bytes()) for p in sorted(SAMPLE_DIR.glob("*.csv")))
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


def read_uploads(files: list[tuple[str, bytes]]) -> Workspace | None:
    """Read uploaded files with progress shown, guess the mapping, and return the new workspace.

    A file that cannot be read is left out with its reason (one sentence naming the file, kept in
    `Workspace.unread` for the Data page) and the others are used; None when no file could be read.
    """
    log: list[str] = []
    good: list[tuple[str, bytes]] = []
    unread: list[str] = []
    with st.status(f"Reading {len(files)} file{'s' if len(files) != 1 else ''}…", expanded=True) as status:
        bar = st.progress(0.0)
        tables: list[RawTable] = []
        for k, (name, data) in enumerate(files, start=1):
            st.markdown(f"Reading **{md(name)}** ({len(data) / 1024:,.0f} KB)")
            try:
                got = read_one(name, data)
            except CsmError as e:
                unread.append(str(e))
                st.error(md(e))
                continue
            good.append((name, data))
            tables.extend(got)
            for r in got:
                log.append(f"{r.label}: {len(r.frame):,} rows, {r.frame.shape[1]} columns"
                           + (f" (header on row {r.header_row})" if r.header_row and r.header_row > 1 else ""))
            bar.progress(k / len(files))
        if not good:
            status.update(label=f"Could not read {md(files[0][0]) if len(files) == 1 else 'any of the files'}",
                          state="error")
            return None
        st.write("Guessing what each table is…")
        mapping = guess_mapping(tables)
        left_out = f", {len(unread)} left out" if unread else ""
        status.update(label=f"Read {len(good)} file{'s' if len(good) != 1 else ''}: {len(tables)} tables{left_out}",
                      state="error" if unread else "complete", expanded=bool(unread))
    label = ", ".join(n for n, _ in good) if len(good) <= 3 else f"{len(good)} uploaded files"
    return Workspace(label, tuple(good), mapping, read_log=tuple(log), unread=tuple(unread))


def guessed_mapping(ws: Workspace) -> Mapping:
    """The workspace's mapping, guessed from the tables when it has none."""
    return ws.mapping if ws.mapping is not None else _guess(ws.digest, ws)


@st.cache_data(show_spinner=False, max_entries=16)
def _guess(key: str, _ws: Workspace) -> Mapping:
    return guess_mapping(raws(_ws))


@st.cache_data(show_spinner=False, max_entries=32)
def unclear_dates(key: str, mapping_json: str, _ws: Workspace, _mapping: Mapping) -> list[str]:
    """Mapped date columns that could be read day-first or month-first (csm.views.ambiguous_dates), cached."""
    return views.ambiguous_dates(raws(_ws), _mapping)


@st.cache_data(show_spinner=False, max_entries=256)
def candidates(key: str, table: int, kind: str, _raw: RawTable) -> dict[str, list[str]]:
    return views.field_candidates(_raw, kind)


# ----- what a page sees --------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Context:
    """The workspace, the settings the sidebar decided, and the analysis they give. Pages read only this."""

    workspace: Workspace
    settings: Settings
    analysis: Analysis
    i: int  # selected period
    j: int | None  # comparison period
    compare: str  # "previous" or "year"
    currency: str | None = None  # override of the data's currency
    _run: dict = field(default_factory=dict, repr=False)  # this run's answers (a card asks for its series twice)

    def _once(self, what: str, metric_id: str, get):
        try:
            return self._run[what, metric_id]
        except KeyError:
            value = self._run[what, metric_id] = get(*self.metric_key(metric_id), self)
            return value

    def metric_key(self, metric_id: str) -> tuple[str, str | None, str | None, str, str]:
        """What one metric's results depend on: the data, the currency and the settings the metric reads."""
        return (self.workspace.digest, self.workspace.mapping_json, self.currency, metric_id,
                settings_keys.series_key(metric_id, self.settings))

    @property
    def period(self) -> str:
        return self.analysis.periods.labels[self.i]

    @property
    def granularity(self) -> str:
        return self.settings.granularity

    def analysis_for(self, metric_id: str) -> Analysis:
        """The analysis under the settings the metric reads (csm.settings_keys.canonical), the others at their
        defaults: it gives the metric's results for every choice of the settings the metric does not read, so
        its own cached work (its shared work, health inputs) survives, say, a churn-variant change."""
        return analysis(self.workspace, settings_keys.canonical(metric_id, self.settings), self.currency)

    def series(self, metric_id: str) -> MetricSeries:
        return self._once("series", metric_id, _series)

    def frame(self, metric_id: str) -> pd.DataFrame:
        """The table behind a metric (csm.views.series_frame), cached with its series: shared, read-only."""
        return self._once("frame", metric_id, _frame)

    def table(self, metric_id: str) -> pd.DataFrame:
        """The frame without its display column, as the card's table shows it; cached with the series."""
        return self._once("table", metric_id, _table)

    def csv(self, metric_id: str) -> bytes:
        """The card's table as the CSV it offers for download, cached with the series."""
        return self._once("csv", metric_id, _csv)


@st.cache_resource(show_spinner=False, max_entries=2048, ttl=3600)
def _frame(key: str, mapping_json: str | None, currency: str | None, metric_id: str, series_key: str,
           _ctx: Context) -> pd.DataFrame:
    return views.series_frame(_ctx.series(metric_id), _ctx.analysis.periods, _ctx.analysis.currency)


@st.cache_resource(show_spinner=False, max_entries=2048, ttl=3600)
def _table(key: str, mapping_json: str | None, currency: str | None, metric_id: str, series_key: str,
           _ctx: Context) -> pd.DataFrame:
    return _ctx.frame(metric_id).drop(columns=["shown"])


@st.cache_data(show_spinner=False, max_entries=2048, ttl=3600)
def _csv(key: str, mapping_json: str | None, currency: str | None, metric_id: str, series_key: str,
         _ctx: Context) -> bytes:
    return _ctx.table(metric_id).to_csv(index=False).encode()


def health_scores(ctx: Context, weights: dict[str, float] | None) -> health_model.Health:
    """csm.health_model.health_scores of the selected period, cached on what it reads (the settings health reads, the
    period, the weights): the Health page redraws without scoring every customer again."""
    return _health_scores(*ctx.metric_key("health_score"), ctx.period, repr(weights), ctx, weights)


@st.cache_resource(show_spinner=False, max_entries=256, ttl=3600)
def _health_scores(key: str, mapping_json: str | None, currency: str | None, metric_id: str, series_key: str,
                   period: str, weights_key: str, _ctx: Context, _weights) -> health_model.Health:
    return health_model.health_scores(_ctx.analysis_for(metric_id), period, _weights)


def at_risk_csv(ctx: Context, weights: dict[str, float] | None) -> bytes:
    """The red band of `health_scores(ctx, weights)` as the CSV the page offers, cached with it."""
    return _at_risk_csv(*ctx.metric_key("health_score"), ctx.period, repr(weights), ctx, weights)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def _at_risk_csv(key: str, mapping_json: str | None, currency: str | None, metric_id: str, series_key: str,
                 period: str, weights_key: str, _ctx: Context, _weights) -> bytes:
    return health_scores(_ctx, _weights).customers("red").to_csv(index=False).encode()


CONTEXT = "context"


def set_context(ctx: Context | None) -> None:
    st.session_state[CONTEXT] = ctx


def context() -> Context:
    """The context app.py built for this run; stops the page with a pointer to the Data page when there is none."""
    ctx = st.session_state.get(CONTEXT)
    if ctx is None:
        st.info("Load your data on the **Data** page to see the metrics.")
        st.page_link("app_pages/data.py", label="Go to the Data page", icon=":material/upload_file:")
        st.stop()
    return ctx
