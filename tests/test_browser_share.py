"""Sharing in the real browser (Playwright driving Debian's Chromium against `streamlit run app.py`).

A CS lead uploads files in one browser context and shares; an executive opens the link in a fresh context and reads
the same churn rate, MRR and NPS; the server restarts and the link still opens; a deep link to the Revenue page of the
share opens that page cold; the manage link revokes and the share link then gets the refusal page. And two app
processes on one PostgreSQL: shared on the first, opened on the second.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api
from playwright.sync_api import expect

from . import browser_support as bs
from . import pg_server

pytestmark = bs.marks()
ROOT = Path(__file__).resolve().parents[1]
UPLOAD = [ROOT / "sample_data" / "brightwave" / f for f in ("customers.csv", "subscriptions.csv", "surveys.csv")]
READ = {"Retention & churn": "Customer churn rate", "Revenue": "MRR", "Customer voice": "Net Promoter Score"}


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = bs.launch(p)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        ctx = browser.new_context(viewport=bs.VIEWPORT)  # a fresh context: no cookies, no session of the sharer
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def value(page, label: str) -> str:
    """The value of the first st.metric labelled `label` (exactly, or with its variant in brackets)."""
    m = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(re.compile(rf"^{re.escape(label)}( \(.*\))?$"))).first
    expect(m).to_be_visible(timeout=bs.RUN_TIMEOUT)
    return m.get_by_test_id("stMetricValue").inner_text()


def read_numbers(page) -> dict[str, str]:
    """Churn rate, MRR and NPS of the selected period, each read on its own page."""
    out = {}
    for title, label in READ.items():
        bs.open_page(page, title)
        out[label] = value(page, label)
    return out


def share(page) -> tuple[str, str]:
    """Press Share, fill the dialog, create: the share link and the manage link shown."""
    page.get_by_test_id("stSidebar").get_by_role("button", name="Share a read-only link").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Title").fill("Brightwave, for the board")
    dialog.get_by_label("Note for the viewer").fill("Churn is steady.")
    dialog.get_by_role("button", name="Create the link").click()
    codes = dialog.get_by_test_id("stCode")
    expect(codes).to_have_count(2, timeout=bs.RUN_TIMEOUT)
    link, manage = (c.inner_text().strip() for c in codes.all())
    assert "?share=" in link and "?manage=" in manage, (link, manage)
    dialog.get_by_role("button", name="Done").click()
    return link, manage


def open_link(page, url: str, title: str) -> None:
    page.goto(url)
    bs.wait_title(page, title)
    bs.assert_no_dialog(page)


def test_share_a_link_restart_deep_link_and_revoke(new_page, tmp_path):
    env = {"CSM_DATA_DIR": str(tmp_path)}
    srv = bs.StreamlitServer(env=env).start()
    try:
        lead = new_page()
        lead.goto(srv.url("data"))
        bs.wait_title(lead, "Your data")
        uploader = lead.get_by_test_id("stFileUploader").filter(has_text="Upload CSV or Excel files")
        uploader.locator("input[type=file]").set_input_files(UPLOAD)
        expect(lead.get_by_test_id("stSidebar")).to_contain_text("customers.csv, subscriptions.csv, surveys.csv",
                                                                   timeout=bs.RUN_TIMEOUT)
        bs.wait_idle(lead)
        numbers = read_numbers(lead)
        bs.open_page(lead, "Retention & churn")
        link, manage = share(lead)
        assert link.startswith(srv.base) and "/retention?share=" in link

        exec_page = new_page()
        open_link(exec_page, link, "Retention & churn")
        expect(exec_page.get_by_test_id("stMain")).to_contain_text("Brightwave, for the board")
        assert exec_page.get_by_test_id("stFileUploader").count() == 0
        assert exec_page.get_by_role("button", name="Share a read-only link").count() == 0
        assert read_numbers(exec_page) == numbers
        assert "share=" in exec_page.url  # the token stays in the URL from page to page

        srv.stop()
        srv = bs.StreamlitServer(port=srv.port, env=env).start()  # a new process: nothing in memory
        token = link.split("?share=")[1]
        deep = new_page()
        open_link(deep, srv.url("revenue", share=token), "Revenue")  # a cold-start deep link to one page
        assert value(deep, "MRR") == numbers["MRR"]
        assert read_numbers(new_page_after(deep, srv, token)) == numbers

        admin = new_page()
        admin.goto(manage.replace(manage.split("/?")[0], srv.base))
        bs.wait_title(admin, "Manage a shared link")
        admin.get_by_role("button", name="Revoke the link").click()
        expect(admin.get_by_test_id("stMain")).to_contain_text("status: revoked", timeout=bs.RUN_TIMEOUT)
        refused = new_page()
        refused.goto(srv.url("revenue", share=token))
        bs.wait_title(refused, "Link not valid")
        expect(refused.get_by_test_id("stMain")).to_contain_text("This link is not valid (expired or revoked).")
        assert refused.get_by_test_id("stMetric").count() == 0
    finally:
        srv.close()


def new_page_after(page, srv, token: str):
    """The same context, back on the share's first page (after a restart)."""
    open_link(page, srv.url("", share=token), "Retention & churn")
    return page


def test_two_replicas_on_one_postgresql_serve_each_others_shares(new_page):
    why = pg_server.why_not()
    if why:
        pytest.skip(why)
    with pg_server.PostgresServer() as pg:
        env = {"CSM_DATABASE_URL": pg.url}
        with bs.StreamlitServer(env=env) as first, bs.StreamlitServer(env=env) as second:
            lead = new_page()
            open_link(lead, first.url("revenue"), "Revenue")
            mrr = value(lead, "MRR")
            link, _ = share(lead)
            token = link.split("?share=")[1]
            viewer = new_page()
            open_link(viewer, second.url("revenue", share=token), "Revenue")
            assert value(viewer, "MRR") == mrr
