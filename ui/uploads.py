"""The files of a workspace: reading an upload (with progress), adding files to the workspace or replacing the
sample company, removing one file, and the Data page's list of files.

A person's workspace keeps its files: a new upload is added to them (a file of the same name replaces the one there)
and the mapping of the files kept stays as the person edited it; only the new files' tables are guessed (with every
table in view, so that a new table can be linked to a kept one). The sample company is replaced by a first upload.
"""
from __future__ import annotations

import contextlib

import streamlit as st

from csm.errors import CsmError
from csm.guess import guess_mapping
from csm.io import RawTable

from . import state
from .safe import md

ROUND = "upload_round"  # session state: bumped after each upload is read, which gives the uploader an empty key


def uploader_key() -> str:
    return f"uploads-{st.session_state.get(ROUND, 0)}"


def read_uploads(files: list[tuple[str, bytes]], into: state.Workspace | None = None) -> state.Workspace | None:
    """Read uploaded files with progress shown and return the workspace they make: `into` with them added, or (no
    `into`, or the sample company) a workspace of their own with a guessed mapping.

    A file that cannot be read is left out with its reason (one sentence naming the file, kept in
    `Workspace.unread` for the Data page) and the others are used; None when no file could be read."""
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    good: list[state.File] = []
    unread: list[str] = []
    with st.status(f"Reading {len(files)} file{'s' if len(files) != 1 else ''}…", expanded=True) as status:
        bar = st.progress(0.0)
        for k, (name, data) in enumerate(files, start=1):
            st.markdown(f"Reading **{md(name)}** ({len(data) / 1024:,.0f} KB)")
            try:
                state.read_one(state.File(name, data))
            except CsmError as e:
                unread.append(str(e))
                st.error(md(e))
                continue
            good.append(state.File(name, data))
            bar.progress(k / len(files))
        if not good:
            status.update(label=f"Could not read {md(files[0][0]) if len(files) == 1 else 'any of the files'}",
                          state="error")
            return None
        names = {f.name for f in good}
        kept = () if into is None or into.sample else tuple(f for f in into.files if f.name not in names)
        ws = _workspace(kept + tuple(good), tuple(unread))
        st.write("Guessing what each table is…")
        guessed = guess_mapping(state.raws(ws))
        mapping = guessed if not kept else state.guessed_mapping(into).updated(guessed, names)
        _normalise(ws.with_mapping(mapping))
        left_out = f", {len(unread)} left out" if unread else ""
        status.update(label=f"Read {len(good)} file{'s' if len(good) != 1 else ''}{left_out}",
                      state="error" if unread else "complete", expanded=bool(unread))
    return ws.with_mapping(mapping)


def release(uploads) -> None:
    """Drop Streamlit's own copies of uploaded files once they are read. The workspace keeps their bytes, and the
    uploader they came through is replaced by an empty one (a new key), so nothing asks for them again; Streamlit
    would otherwise hold every file a person uploads until their session ends (a browser deletes an uploaded file
    only when its ✕ is clicked), and a long session's uploads would pile up in the server's memory."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or ctx.uploaded_file_mgr is None:
        return
    for f in uploads:
        ctx.uploaded_file_mgr.remove_file(ctx.session_id, f.file_id)


def _normalise(ws: state.Workspace) -> None:
    """Normalise the tables with the mapping guessed, table by table with progress (the dataset is then cached for
    the pages); a mapping that cannot be used is left for the Data page to explain."""
    bar = st.progress(0.0, text="Normalising the tables…")

    def told(k: int, n: int, label: str) -> None:
        with _not_recorded():  # the bar belongs to this run, not to the cached dataset's replay
            bar.progress((k - 1) / n, text=f"Normalising {md(label)} (table {k} of {n})…")

    with contextlib.suppress(CsmError):
        state.dataset(ws, progress=told)
    bar.progress(1.0, text="Tables normalised; computing the metrics as each page needs them")


@contextlib.contextmanager
def _not_recorded():
    """Streamlit calls made inside a cached function are recorded and replayed on every later cache hit, into a
    layout block that is gone by then; a progress update is news of this run only, so it is not recorded."""
    try:
        from streamlit.runtime.caching.cached_message_replay import in_cached_function
    except ImportError:  # another Streamlit: the update is recorded as any call would be
        yield
        return
    token = in_cached_function.set(False)
    try:
        yield
    finally:
        in_cached_function.reset(token)


def _workspace(files: tuple[state.File, ...], unread: tuple[str, ...] = (), mapping=None) -> state.Workspace:
    names = [f.name for f in files]
    label = ", ".join(names) if len(names) <= 3 else f"{len(names)} uploaded files"
    log = tuple(_line(r) for f in files for r in state.read_one(f))
    return state.Workspace(label, files, mapping, read_log=log, unread=unread)


def _line(r: RawTable) -> str:
    return (f"{r.label}: {len(r.frame):,} rows, {r.frame.shape[1]} columns"
            + (f" (header on row {r.header_row})" if r.header_row and r.header_row > 1 else ""))


def remove_file(ws: state.Workspace, name: str) -> state.Workspace:
    """The workspace without the file `name` (its tables leave the mapping; the others stay as edited); the sample
    company when it was the last file."""
    files = tuple(f for f in ws.files if f.name != name)
    if not files:
        return state.sample_workspace()
    return _workspace(files, mapping=state.guessed_mapping(ws).without(name))


def files_list(ws: state.Workspace) -> None:
    """The workspace's files, each with its tables and a button that removes it."""
    if ws.sample:
        return
    st.markdown(f"**Files in this workspace** ({len(ws.files)}); a new upload is added to them, and a file of the "
                "same name replaces the one here.")
    for k, f in enumerate(ws.files):
        tables = state.read_one(f)
        name, size, remove = st.columns([6, 3, 2], vertical_alignment="center")
        name.markdown(f":material/description: {md(f.name)}")
        size.caption(f"{len(f.data) / 1024:,.0f} KB · {len(tables)} table{'s' if len(tables) != 1 else ''}")
        if remove.button("Remove", key=f"remove-file-{k}", icon=":material/close:",
                         help="Leave this file out; the mapping of the others stays as it is."):
            state.open_workspace(remove_file(ws, f.name))
            st.rerun()
