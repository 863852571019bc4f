"""Sharing, the Streamlit side: the Share dialog (the CS lead), the shared view (the executive), the manage page and
the one refusal. The store itself is csm.shares (SQLite in a data folder, or PostgreSQL when configured).

A shared view is the sharer's workspace rebuilt from its snapshot through the same loading code, read-only: no Data
page, no upload, no mapping editor, no Share button; the definitions in force listed instead of their controls; the
period, range and granularity changeable only if the sharer allowed it; customer-level rows only if allowed. The
token stays in the URL across pages through a hidden control bound to it (`share`), so every page of a share has a
link of its own, a cold start included.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import streamlit as st

from csm.mapping import Mapping
from csm.settings import OPTIONS, Settings
from csm.shares import EXPIRIES, NOT_VALID, Limits, ShareError, ShareNotFound, ShareStore, Snapshot, database_url

from . import state
from .safe import md

SHARE = "share"  # the query parameter (and the hidden control's key) of a share link
MANAGE = "manage"  # the query parameter of a manage link
OPENED = "shared_view"  # session state: the SharedView this session opened
EXPLORE = ("granularity", "start", "end")  # the settings a viewer may change when the sharer allows it


@dataclass(frozen=True)
class SharedView:
    token: str
    snapshot: Snapshot  # without its files (they are in the workspace)
    workspace: state.Workspace


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _secret(name: str) -> str | None:
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets file: Streamlit raises rather than returning nothing
        return None


def store_url() -> str:
    """CSM_DATABASE_URL (or `database_url` in Streamlit's secrets) for PostgreSQL, else SQLite in CSM_DATA_DIR."""
    url = os.environ.get("CSM_DATABASE_URL") or _secret("database_url")
    return database_url(url, os.environ.get("CSM_DATA_DIR", state.ROOT / "data"))


@st.cache_resource(show_spinner=False)
def _store(url: str, max_mb: float, max_live: int) -> ShareStore:
    return ShareStore.open(url, Limits(int(max_mb * 2**20), max_live))


def store() -> ShareStore:
    return _store(store_url(), float(os.environ.get("CSM_SHARE_MAX_MB", 100)),
                  int(os.environ.get("CSM_SHARE_MAX_LIVE", 1000)))


# ----- the executive's side ----------------------------------------------------------------------------------
def opened() -> SharedView | None:
    """The share this session shows: opened from the link's token on first sight, checked on every run (a revoked
    or expired link stops at the refusal page). None outside a shared view."""
    token = st.query_params.get(SHARE) or st.session_state.get(SHARE)
    view: SharedView | None = st.session_state.get(OPENED)
    if not token and view is None:
        return None
    token = token or view.token
    try:
        if view is None or view.token != token:
            snap = store().get(token, now())
            if snap.private:  # a person's kept workspace opens only through its own link (?ws=), editable
                raise ShareNotFound()
            ws = state.Workspace(snap.label or "Shared view", snap.files, Mapping.loads(snap.mapping))
            view = SharedView(token, Snapshot(**{**snap.__dict__, "files": ()}), ws)
            st.session_state[OPENED] = view
            _apply(view, first=True)
        elif not store().is_live(token, now()):
            raise ShareNotFound()
    except ShareNotFound:
        refuse()
    st.session_state[state.KEY] = view.workspace
    return view


def _apply(view: SharedView, first: bool = False) -> None:
    """Put the snapshot's view back into the controls a viewer may touch (on first sight: only where the link does
    not say otherwise, so a deep link keeps its own period)."""
    snap, s = view.snapshot, Settings.from_json(view.snapshot.settings)
    values = {"granularity": s.granularity, "range": (s.start, s.end) if s.start and s.end else None,
              "period": snap.period, "compare": snap.compare}
    for key, value in values.items():
        if value is not None and not (first and key in st.query_params):
            st.session_state[key] = value


def refuse() -> None:
    """The one page for an unknown, malformed, expired or revoked link: no data, no detail."""
    st.title("Link not valid")
    st.error(NOT_VALID, icon=":material/link_off:")
    st.markdown("Ask the person who shared it for a new link, or [open the app](/) on its sample company.")
    st.stop()


def settings(view: SharedView, values: dict) -> Settings:
    """The snapshot's settings, with the viewer's period range and granularity where the sharer allowed them."""
    s = Settings.from_json(view.snapshot.settings)
    if view.snapshot.allow_explore:
        s = s.replace(**{k: values[k] for k in EXPLORE if k in values})
    return s


def sidebar_banner(view: SharedView) -> None:
    """The hidden control that keeps the token in the URL, and the definitions in force."""
    state.url_token(SHARE, view.token)
    s = Settings.from_json(view.snapshot.settings)
    lines = [f"- {md(OPTIONS[n].label)}: {md(_shown(n, v))}" for n, v in s.changed().items()
             if n not in ("start", "end") and not (view.snapshot.allow_explore and n in EXPLORE)]
    st.sidebar.markdown("**Definitions in force** (as shared)\n" + ("\n".join(lines) if lines else "- the defaults"))
    if view.snapshot.allow_explore:  # the callback runs before the next run draws the controls it resets
        st.sidebar.button("Back to the shared view", icon=":material/undo:", on_click=_apply, args=(view,))


def _shown(name: str, value) -> str:
    o = OPTIONS[name]
    if o.kind in ("weights", "filters"):
        return ", ".join(f"{k} {v if not isinstance(v, tuple) else '/'.join(v)}" for k, v in value)
    if o.kind == "values":
        return ", ".join(value)
    return o.text(value)


def page_banner(view: SharedView) -> None:
    """Above every page of a shared view: what it is, who shared it, until when, and that it is read-only."""
    snap = view.snapshot
    by = f" by {md(snap.author)}" if snap.author else ""
    until = f"until {snap.expires_at:%Y-%m-%d %H:%M} UTC" if snap.expires_at else "with no expiry"
    period = f" · period {md(snap.period)}" if snap.period else ""
    st.info(f"**{md(snap.title or snap.label)}** — shared{by} on {snap.created_at:%Y-%m-%d}, {until}{period}. "
            "A read-only view: the data and the definitions are the sharer's."
            + (f"\n\n{md(snap.note)}" if snap.note else ""), icon=":material/share:")


def rows_allowed() -> bool:
    """Whether customer-level rows (names, ids, comments) may be shown: always, except in a shared view whose
    sharer did not allow them."""
    view = st.session_state.get(OPENED)
    return view is None or view.snapshot.allow_rows


def rows_withheld() -> None:
    st.caption("Customer-level rows are not part of this shared view.")


# ----- the sharer's side ---------------------------------------------------------------------------------------
SHARING = "share_dialog_open"  # session state: the dialog stays open across reruns until it is dismissed


def _closed() -> None:
    st.session_state.pop(SHARING, None)
    st.session_state.pop("share_created", None)


def share_button(slot, ctx: state.Context, page: str) -> None:
    """The Share button (in `slot`, at the top of the sidebar) and, once pressed, its dialog."""
    if slot.button("Share a read-only link", icon=":material/share:", width="stretch",
                   help="A link that opens these files, settings and page, read-only, in any browser, until it "
                        "expires or you revoke it."):
        st.session_state[SHARING] = True
    if st.session_state.get(SHARING):
        share_dialog(ctx, page)


@st.dialog("Share a read-only link", on_dismiss=_closed)
def share_dialog(ctx: state.Context, page: str) -> None:
    """Title, note, name, expiry and what the viewer may do; the link and the private manage link, shown once."""
    done = st.session_state.get("share_created")
    if done:
        st.success("Anyone with this link sees these numbers, read-only:")
        st.code(done[0], language=None)
        st.warning("Your private manage link, shown only now (keep it to extend, revoke or delete the share):")
        st.code(done[1], language=None)
        if st.button("Done"):
            _closed()
            st.rerun()
        return
    ws = ctx.workspace
    with st.form("share_form", border=False):
        title = st.text_input("Title", value=ws.label, max_chars=200)
        note = st.text_area("Note for the viewer", max_chars=2000)
        author = st.text_input("Your name (optional)", max_chars=100)
        expiry = st.selectbox("The link works for", list(EXPIRIES), index=1)
        explore = st.checkbox("The viewer may change the period, the date range and the granularity", value=True)
        rows = st.checkbox("Show customer-level rows (at-risk list, drill-downs, survey comments)", value=False)
        size = sum(len(f.data) for f in ws.files)
        st.caption(f"Stored: the {len(ws.files)} file{'s' if len(ws.files) != 1 else ''} of this workspace "
                   f"({size / 2**20:,.1f} MB), the mapping, every setting, this page and period.")
        if not st.form_submit_button("Create the link", type="primary"):
            return
    snap = Snapshot(files=tuple((f.name, f.data) for f in ws.files), mapping=state.guessed_mapping(ws).dumps(),
                    settings=ctx.settings.to_json(), page=page, period=ctx.period, compare=ctx.compare,
                    label=ws.label, title=title.strip(), note=note.strip(), author=author.strip(),
                    allow_explore=explore, allow_rows=rows)
    try:
        created = store().create(snap, now(), expiry)
    except ShareError as e:
        st.error(md(e))
        return
    base = _base_url()
    st.session_state["share_created"] = (f"{base}/{page}?{SHARE}={created.token}",
                                         f"{base}/?{MANAGE}={created.manage_token}")
    st.rerun()


def _base_url() -> str:
    """The app's address as the browser sees it (scheme, host and any path prefix), without the page."""
    url = str(st.context.url or "").split("?")[0].rstrip("/")
    path = url.split("://", 1)[-1]
    if "/" in path and path.rsplit("/", 1)[1] in ("data", "overview", *_page_paths()):
        url = url.rsplit("/", 1)[0]
    return url


def _page_paths() -> tuple[str, ...]:
    from .pages import METRIC_PAGES, PLAN_PAGES

    return (*(p.url_path for p in METRIC_PAGES.values()), *(url for *_, url in PLAN_PAGES))


# ----- the manage link ---------------------------------------------------------------------------------------
def manage_page(token: str) -> None:
    """Extend, revoke or delete a share from its private manage link."""
    try:
        snap = store().manage(token, now())
        status = store().status(token, now())
    except ShareNotFound:
        refuse()
        return
    st.title("Manage a shared link")
    until = f"{snap.expires_at:%Y-%m-%d %H:%M} UTC" if snap.expires_at else "no expiry"
    st.markdown(f"**{md(snap.title or snap.label)}** · created {snap.created_at:%Y-%m-%d %H:%M} UTC · expires: "
                f"{until} · {snap.size / 2**20:,.1f} MB · status: **{status}**")
    st.caption("The share link itself is not stored (only a fingerprint of it), so it cannot be shown again here.")
    if status == "revoked":
        st.info("This share is revoked: its link no longer opens and its files are deleted.")
    else:
        left, right = st.columns([2, 3], vertical_alignment="bottom")
        expiry = left.selectbox("Extend: the link works for, from now", list(EXPIRIES), index=1)
        if right.button("Extend", icon=":material/update:"):
            try:
                store().extend(token, now(), expiry)
            except ShareError as e:  # expired, and its files purged since: it cannot come back
                st.error(md(e))
            else:
                st.rerun()
        if st.button("Revoke the link", icon=":material/link_off:", type="primary",
                     help="The link stops opening at once, for everyone; its files are deleted."):
            store().revoke(token, now())
            st.rerun()
    sure = st.checkbox("Also forget this share and this manage link")
    if st.button("Delete the share and this manage link", icon=":material/delete:", disabled=not sure):
        store().delete(token)
        st.rerun()
    st.stop()
