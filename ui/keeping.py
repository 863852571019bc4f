"""A person's workspace kept across a reload: stored (csm.shares, private) under a link of its own (`?ws=…`).

Reloading the page starts a new Streamlit session, which would drop the upload and the mapping edits and show the
sample company. So once a person's workspace is on screen, it is stored for KEEP (the files, the mapping) and its
manage token is put in the URL through a hidden control bound to it (the manage token, so that whoever holds the
link may also replace or delete what it keeps); a session that starts with that URL reopens it, editable. Each change
of the workspace stores the new one and deletes the previous. "Forget my files" deletes it at
once and keeps nothing more in this session. A kept workspace never opens as a share link, nor a share as one.
"""
from __future__ import annotations

import contextlib

import streamlit as st

from csm.mapping import Mapping
from csm.shares import ShareError, ShareNotFound, Snapshot

from . import sharing, state
from .safe import md

WS = "ws"  # the query parameter (and the hidden control's key)
KEPT = "kept_workspace"  # session state: (workspace key, manage token) of what is stored
OFF = "keep_off"  # session state: the person asked to keep nothing
KEEP = "7 days"


def restore() -> None:
    """On a session's first run with `?ws=…`: reopen the workspace kept under it (or say it is gone)."""
    token = st.query_params.get(WS)
    if not token or state.KEY in st.session_state:
        return
    try:
        snap = sharing.store().get(token, sharing.now(), manage=True)
        if not snap.private:
            raise ShareNotFound()
    except ShareNotFound:
        st.toast("The files of this link are no longer kept: showing the sample company.", icon=":material/info:")
        return
    ws = state.Workspace(snap.label, snap.files, Mapping.loads(snap.mapping))
    st.session_state[state.KEY] = ws
    st.session_state[KEPT] = (ws.key, token)


def keep(ws: state.Workspace, where) -> None:
    """Store `ws` if it is a person's own and not stored yet, and keep its token in the URL; `where` shows the
    hidden control and a line saying so, with the button that forgets."""
    if ws.sample or st.session_state.get(OFF) or st.session_state.get(sharing.OPENED) is not None:
        return
    kept = st.session_state.get(KEPT)
    if kept is None or kept[0] != ws.key:
        snap = Snapshot(files=tuple((f.name, f.data) for f in ws.files), mapping=state.guessed_mapping(ws).dumps(),
                        settings={}, label=ws.label, title=ws.label, private=True, allow_explore=True,
                        allow_rows=True)
        try:
            created = sharing.store().create(snap, sharing.now(), KEEP)
        except ShareError as e:  # too large to keep, or the store is full: the session still works, without it
            where.caption(f"Your files are not kept across a reload: {md(e)}.")
            return
        if kept is not None:
            _delete(kept[1])
        kept = (ws.key, created.manage_token)
        st.session_state[KEPT] = kept
    with where:
        state.url_token(WS, kept[1])
        st.caption(f"Your files are kept for {KEEP} under this page's address, so a reload keeps them.")
        st.button("Forget my files now", icon=":material/delete:", on_click=forget, key="forget-files")


def forget() -> None:
    """Delete the stored workspace and keep nothing more in this session (the files stay open until it ends)."""
    kept = st.session_state.pop(KEPT, None)
    st.session_state[OFF] = True
    st.session_state[WS] = ""
    if kept is not None:
        _delete(kept[1])


def _delete(manage_token: str) -> None:
    with contextlib.suppress(ShareNotFound):
        sharing.store().delete(manage_token)
