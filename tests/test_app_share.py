"""Sharing through AppTest: the Share dialog stores the view, a share link opens it read-only with the sharer's
numbers, the viewer may explore only where allowed, customer-level rows only where allowed, the manage link revokes
and deletes, and every invalid link gets the same refusal page.

The store is SQLite in a temporary folder (CSM_DATA_DIR); the store's own tests, on SQLite and PostgreSQL, are in
tests/test_shares.py.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from csm.shares import NOT_VALID, ShareStore, database_url

from .conftest import open_table, uploader
from .test_app import start as run  # the app on a page, with a query string, checked for exceptions

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("app_pages/overview.py", "app_pages/retention.py", "app_pages/revenue.py", "app_pages/voice.py",
         "app_pages/health.py")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CSM_DATA_DIR", str(tmp_path))
    return tmp_path


def share(at: AppTest, *, explore: bool = False, rows: bool = False, title: str = "Q3 for the board",
          note: str = "Churn is up; see Retention.") -> tuple[str, str]:
    """Press Share in `at`, fill the dialog, create the link; the share and manage tokens."""
    next(b for b in at.sidebar.button if b.label == "Share a read-only link").click().run()
    next(t for t in at.text_input if t.label == "Title").set_value(title)
    next(t for t in at.text_area if t.label == "Note for the viewer").set_value(note)
    next(t for t in at.text_input if t.label == "Your name (optional)").set_value("Ada")
    boxes = list(at.checkbox)
    boxes[0].set_value(explore)
    boxes[1].set_value(rows)
    at.get("form_submit_button")[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    link, manage = at.session_state["share_created"]
    assert "?share=" in link and "?manage=" in manage
    assert [c.value for c in at.code] == [link, manage]  # shown once, each with a copy button
    next(b for b in at.button if b.label == "Done").click().run()
    assert "share_created" not in at.session_state
    return link.split("?share=")[1], manage.split("?manage=")[1]


def metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


@pytest.fixture
def sharer() -> AppTest:
    at = run("app_pages/retention.py")
    at.selectbox(key="churn_variant").set_value("average").run()
    at.selectbox(key="period").set_value("2024-09").run()
    return at


def test_a_shared_view_is_read_only_with_the_sharers_numbers(sharer):
    token, _ = share(sharer)
    viewer = run(share=token)
    assert not viewer.get("file_uploader") and not [s for s in viewer.selectbox if s.label == "What is this table?"]
    assert not [b for b in viewer.sidebar.button if "Share" in b.label]
    banner = " ".join(i.value for i in viewer.info)
    assert "Q3 for the board" in banner and "Churn is up" in banner and "Ada" in banner
    assert "Churn variant: average" in " ".join(m.value for m in viewer.sidebar.markdown)
    assert [t.value for t in viewer.title] == ["Retention & churn"]  # it opens on the page that was shared
    for page in PAGES:
        sharer.switch_page(page).run()
        viewer.switch_page(page).run()
        assert not viewer.exception
        assert metrics(viewer) == metrics(sharer) and metrics(viewer), page
    assert viewer.session_state["context"].settings == sharer.session_state["context"].settings
    assert viewer.session_state["context"].period == "2024-09"
    with pytest.raises(Exception):  # noqa: B017 - the Data page is not part of a shared view
        viewer.switch_page("app_pages/data.py").run()
        assert not viewer.exception


def test_the_viewer_explores_only_where_allowed_and_goes_back(sharer):
    fixed, _ = share(sharer)
    viewer = run(share=fixed)
    assert not [s for s in viewer.sidebar.get("segmented_control") if s.key == "granularity"]
    assert not [s for s in viewer.sidebar.selectbox if s.key in ("period", "churn_variant")]
    free, _ = share(sharer, explore=True)
    viewer = run(share=free)
    before = metrics(viewer)
    viewer.sidebar.get("segmented_control")[0].set_value("quarter").run()
    assert viewer.session_state["context"].settings.granularity == "quarter"
    assert viewer.session_state["context"].settings.churn_variant == "average"  # the definitions stay the sharer's
    assert metrics(viewer) != before
    next(b for b in viewer.sidebar.button if b.label == "Back to the shared view").click().run()
    assert viewer.session_state["context"].period == "2024-09" and metrics(viewer) == before


def test_customer_rows_only_when_the_sharer_allowed_them(sharer):
    sharer.switch_page("app_pages/health.py").run()
    without, _ = share(sharer)
    with_rows, _ = share(sharer, rows=True)

    def at_risk_rows(token: str):
        at = run(share=token, health_tab="Bands and at-risk customers")
        return [d.value for d in at.dataframe if "customer_id" in d.value.columns], [c.value for c in at.caption]

    shown, _ = at_risk_rows(with_rows)
    assert shown and len(shown[0]) > 0
    hidden, captions = at_risk_rows(without)
    assert not hidden and "Customer-level rows are not part of this shared view." in captions


def _refused(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Link not valid"] and [e.value for e in at.error] == [NOT_VALID] \
        and not at.metric and not at.dataframe


def test_every_invalid_link_gets_the_same_refusal(sharer, data_dir):
    token, manage = share(sharer)
    store = ShareStore.open(database_url(None, data_dir))
    snap = store.get(token, dt.datetime.now(dt.UTC))
    expired = store.create(snap, dt.datetime.now(dt.UTC) - dt.timedelta(days=2), "1 day").token
    for bad in ("A" * 32, "short", "../../etc/passwd", manage, expired):
        assert _refused(run(share=bad)), bad
    revoker = run(manage=manage)
    assert any("status: **live**" in m.value for m in revoker.markdown)
    next(b for b in revoker.button if b.label == "Revoke the link").click().run()
    assert any("status: **revoked**" in m.value for m in revoker.markdown)
    assert _refused(run(share=token))
    revoker.checkbox[0].check().run()
    next(b for b in revoker.button if b.label.startswith("Delete")).click().run()
    assert _refused(revoker) and _refused(run(manage=manage))


def test_a_reload_reopens_a_persons_workspace_as_they_left_it():
    at = run("app_pages/data.py")
    subs = (ROOT / "sample_data" / "brightwave" / "subscriptions.csv").read_bytes()
    costs = (ROOT / "sample_data" / "brightwave" / "costs.csv").read_bytes()
    uploader(at).set_value([("subscriptions.csv", subs, "text/csv"), ("costs.csv", costs, "text/csv")]).run()
    open_table(at, "costs.csv")
    next(s for s in at.selectbox if s.label == "What is this table?" and s.value == "costs").select_index(0)
    next(b for b in at.form_submit_button if b.label == "Apply mapping").click().run()
    ws = at.session_state["workspace"]
    token = at.session_state["ws"]
    assert token and at.sidebar.text_input(key="ws").proto.query_param_key == "ws"  # the browser keeps it in the URL
    reloaded = run("app_pages/data.py", ws=token)  # a reload: a new session with the same URL
    again = reloaded.session_state["workspace"]
    assert [f.name for f in again.files] == ["subscriptions.csv", "costs.csv"] and again.mapping == ws.mapping
    assert reloaded.session_state["ws"] == token
    assert _refused(run(share=token)), "a kept workspace does not open as a share link"
    next(b for b in reloaded.sidebar.button if b.label == "Forget my files now").click().run()
    forgotten = run(ws=token)
    assert forgotten.session_state["workspace"].sample
    assert any("no longer kept" in t.value for t in forgotten.toast)


def test_an_open_shared_view_stops_when_the_link_is_revoked(sharer):
    token, manage = share(sharer)
    viewer = run(share=token)
    assert viewer.metric
    next(b for b in run(manage=manage).button if b.label == "Revoke the link").click().run()
    viewer.switch_page("app_pages/revenue.py").run()
    assert _refused(viewer)
