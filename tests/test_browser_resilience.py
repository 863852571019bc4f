"""Issue 19 in a real browser: one user's hostile upload never takes the server from another, and the default
page's own URL opens without a "Page not found" dialog.

`streamlit run` on a loopback port, Debian's Chromium through Playwright, as in tests/test_browser.py.
"""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from . import browser_support as bs

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = bs.marks()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = bs.launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server():
    with bs.StreamlitServer() as srv:
        yield srv


def new_page(browser):
    ctx = browser.new_context(viewport=bs.VIEWPORT)
    ctx.set_default_timeout(30_000)
    return ctx, ctx.new_page()


def test_the_overview_url_opens_the_overview_without_a_dialog(browser, server):
    ctx, page = new_page(browser)
    try:
        page.goto(server.url("overview"))
        bs.wait_title(page, "Overview")
        page.wait_for_timeout(500)  # the dialog, when there is one, follows the first run's messages
        bs.assert_no_dialog(page)
        bs.open_page(page, "Data", "Your data")
        bs.open_page(page, "Overview")
        bs.assert_no_dialog(page)
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
    finally:
        ctx.close()


def test_a_far_corner_workbook_upload_leaves_every_other_session_working(browser, server, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["customer_id", "start_date", "mrr"])
    ws.append(["c1", dt.date(2024, 1, 1), 100])
    ws["XFD1048576"] = "x"  # the used range is now 17 billion cells: the native reader would abort the server
    path = tmp_path / "corner.xlsx"
    wb.save(path)

    other_ctx, other = new_page(browser)
    ctx, page = new_page(browser)
    try:
        other.goto(server.url("revenue"))
        bs.wait_title(other, "Revenue")

        page.goto(server.url("data"))
        bs.wait_title(page, "Your data")
        main = page.get_by_test_id("stMain")
        uploader = main.get_by_test_id("stFileUploader").filter(has_text="Upload CSV or Excel files")
        uploader.locator("input[type=file]").set_input_files(path)
        expect(main.get_by_test_id("stAlertContentError").filter(has_text="corner.xlsx")).to_contain_text(
            "XFD1048576", timeout=bs.RUN_TIMEOUT)
        bs.wait_idle(page)
        assert server.proc.poll() is None, "the server process died"
        expect(main.get_by_role("button", name="Use the sample company")).to_be_visible()

        # the other session: still connected, and a new run answers
        bs.open_page(other, "Retention & churn")
        expect(other.get_by_test_id("stMetric").first).to_be_visible()
        bs.wait_idle(other)
    finally:
        ctx.close()
        other_ctx.close()
    _, err = server.output()
    assert "Traceback" not in err, err[-3000:]
