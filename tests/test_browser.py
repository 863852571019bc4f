"""The app in a real browser: `streamlit run` on a loopback port, driven by Debian's Chromium through Playwright.

1. Cold start: on a freshly started server, the very first page request is a deep link straight to the churn page
   with settings in the URL. The frame (app.py) must run — sidebar drawn, settings taken from the URL — and the page
   must show csm's number for those settings on the sample company (what a first visit opens).
2. The person's path: upload a messy multi-sheet workbook through the real file input, check the guessed mapping
   and the data report (rejected rows), apply the mapping, open the churn page, switch the churn variant in the
   sidebar, and read the value, the worked line and the formula change to csm's numbers for the new variant.
3. The screenshots script runs against the same server.

Expected numbers are computed here with csm (read_sources/load, Analysis, the registry), never copied from the
screen; sample_data/messy/expected.json is the independent truth about the workbook.

    python -m pytest tests/test_browser.py -q        # about a minute on 2 cores
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from csm import fmt
from csm.engine import Analysis, Settings
from csm.guess import guess_mapping
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.metrics import REGISTRY
from csm.views import period_choice

from . import browser_support as bs

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

ROOT = bs.ROOT
SAMPLE = ROOT / "sample_data" / "brightwave"
MESSY = ROOT / "sample_data" / "messy" / "acme_export.xlsx"
MESSY_TRUTH = json.loads((ROOT / "sample_data" / "messy" / "expected.json").read_text())[MESSY.name]["sheets"]
CHURN = "customer_churn_rate"

pytestmark = bs.marks()


# ----- what csm says -------------------------------------------------------------------------------------------
def sample_dataset():
    raws = read_sources(sorted(SAMPLE.glob("*.csv")))
    return load(raws, Mapping.loads((SAMPLE.parent / "brightwave_mapping.json").read_text()))


def messy_dataset():
    """The workbook as the app reads an upload: every sheet, the guessed mapping."""
    raws = read_sources([(MESSY.name, MESSY.read_bytes())])
    return load(raws, guess_mapping(raws))


def churn_expected(ds, period: str | None = None, **settings) -> dict[str, str]:
    """csm's churn rate for the settings, as the app shows it: value, worked line, formula (words and TeX)."""
    lo, hi = ds.span()
    s_ = Settings(start=lo.astype(dt.date), end=hi.astype(dt.date), **settings)  # the sidebar's default range
    a = Analysis(ds, s_)
    i = a.periods.find(period) if period else period_choice.default_period(a.periods, ds.span())
    s = REGISTRY[CHURN].compute(a)
    p = s.points[i]
    return {"period": p.period, "value": fmt.value(p.value, s.unit, a.currency), "worked": p.worked,
            "formula": s.formula, "latex": s.latex, "variant": s.variant,
            "label": f"{REGISTRY[CHURN].name} ({s.variant})"}


# ----- fixtures ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pw():
    with playwright_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(pw):
    b = bs.launch(pw)
    yield b
    b.close()


@pytest.fixture(scope="module")
def server():
    """One app server for the module's tests (the cold-start test starts its own)."""
    with bs.StreamlitServer() as srv:
        yield srv


@pytest.fixture
def page(browser, request):
    """A fresh browser context per test; on failure, a screenshot in .pytest_cache/d/browser/."""
    ctx = browser.new_context(viewport=bs.VIEWPORT, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    failed_before = request.session.testsfailed
    yield pg
    if request.session.testsfailed > failed_before:  # the call phase is reported before this teardown
        shot = Path(request.config.cache.mkdir("browser")) / f"{request.node.name}.png"
        pg.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failure: {shot}")
    ctx.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def assert_no_app_error(page) -> None:
    bs.assert_no_dialog(page)
    exc = page.get_by_test_id("stException")
    assert exc.count() == 0, exc.first.inner_text()
    err = page.get_by_test_id("stAlertContentError")  # the sidebar's, or a card's CsmError message
    assert err.count() == 0, err.all_text_contents()


def assert_churn_card(page, want: dict[str, str]) -> None:
    """The churn-rate card shows the value, the worked line and the formula csm computes."""
    card = bs.metric_card(page, CHURN)
    m = bs.metric(page, want["label"], card)
    expect(m.get_by_test_id("stMetricValue")).to_have_text(want["value"], timeout=bs.RUN_TIMEOUT)
    expect(card).to_contain_text(f"Variant in force: {want['variant']} — {want['formula']}")
    expect(card).to_contain_text(f"{want['period']}: {want['worked']}")
    assert want["latex"] in bs.tex(card), (want["latex"], bs.tex(card))


# ----- 1. cold start ---------------------------------------------------------------------------------------------
# First in the file: its server runs (and stops) before the module's shared server starts.
def test_cold_start_deep_link_runs_the_frame_with_the_url_settings(browser):
    query = {"granularity": "quarter", "churn_variant": "total"}
    want = churn_expected(sample_dataset(), granularity="quarter", churn_variant="total")
    assert want["value"] != churn_expected(sample_dataset(), granularity="quarter")["value"], \
        "precondition: the variant changes the number on the sample company"
    with bs.StreamlitServer() as srv:
        ctx = browser.new_context(viewport=bs.VIEWPORT)
        try:
            page = ctx.new_page()
            page.goto(srv.url("retention", **query))  # the first page request this server sees
            bs.wait_title(page, "Retention & churn")
            assert_no_app_error(page)
            sidebar = page.get_by_test_id("stSidebar")
            # app.py ran: its navigation sections and its controls are in the sidebar, set from the URL
            nav = page.get_by_test_id("stSidebarNav")
            expect(nav.get_by_role("link", name="Retention & churn", exact=True)).to_be_visible()
            expect(nav).to_contain_text("Metrics")
            expect(sidebar).to_contain_text("Brightwave Analytics (sample company)")
            expect(bs.combobox(sidebar, "Churn variant")).to_have_value("total")
            expect(bs.combobox(sidebar, "Period")).to_have_value(want["period"])
            expect(sidebar.get_by_role("radiogroup", name="Granularity")
                   .get_by_role("radio", name="quarter", exact=True)).to_be_checked()
            assert page.url.startswith(srv.url("retention")), page.url  # not redirected to the default page
            caption = page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first
            expect(caption).to_contain_text(f"{want['period']} (quarter)")
            assert_churn_card(page, want)
            assert re.fullmatch(r".*\d.*%", want["value"])
        finally:
            ctx.close()
        _, err = srv.output()
    assert "Traceback" not in err, err[-3000:]


# ----- 2. upload, mapping, churn variant ----------------------------------------------------------------------
def test_upload_messy_workbook_apply_mapping_and_switch_the_churn_variant(page, server):
    ds = messy_dataset()
    before = churn_expected(ds)  # the default variant
    after = churn_expected(ds, churn_variant="total")
    assert before["variant"] == "start"
    assert after["value"] != before["value"] and after["latex"] != before["latex"], \
        "precondition: the two variants differ on the workbook"

    page.goto(server.url())
    bs.wait_title(page, "Overview")
    bs.open_page(page, "Data", "Your data")
    main = page.get_by_test_id("stMain")

    # the real file input of the uploader
    uploader = main.get_by_test_id("stFileUploader").filter(has_text="Upload CSV or Excel files")
    uploader.locator("input[type=file]").set_input_files(MESSY)
    expect(main).to_contain_text(f"Now showing: {MESSY.name}", timeout=bs.RUN_TIMEOUT)
    bs.wait_idle(page)
    assert_no_app_error(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Data: {MESSY.name}")

    # the guessed mapping: one table per sheet, its kind, the columns the workbook's truth names
    for sheet, truth in MESSY_TRUTH.items():
        exp = main.get_by_test_id("stExpander").filter(has_text=f"{MESSY.name} [{sheet}] →")
        expect(exp).to_have_count(1)
        expect(exp.locator("summary")).to_contain_text(f"({truth['kind']})")
    subs = main.get_by_test_id("stExpander").filter(has_text=f"{MESSY.name} [Subscriptions] →")
    subs.locator("summary").click()  # its editor is drawn once open (a rerun)
    bs.wait_idle(page)
    for field, column in MESSY_TRUTH["Subscriptions"]["columns"].items():
        box = subs.get_by_role("combobox", name=re.compile(rf"^{re.escape(field)}( \*)?$"))
        expect(box).to_have_value(column)
    expect(bs.combobox(subs, "customer_id *")).to_have_value("Cust #")

    # the data report: csm's summary, and every bad row of the truth among the rejected rows
    expect(main).to_contain_text(ds.report.summary())
    rejects = ds.report.rejects
    rows = ds.report.rows_rejected  # the heading counts rows, and the reasons when a row has several
    reasons = f", {len(rejects):,} reasons" if len(rejects) != rows else ""
    expect(main.get_by_role("heading", name=f"Rows not used ({rows:,} rows{reasons})")).to_be_visible()
    with page.expect_download() as dl:
        main.get_by_role("button", name="Download the rejected rows (CSV)").click()
    shown = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text())))
    assert len(shown) == len(rejects)
    for sheet, truth in MESSY_TRUTH.items():
        for bad in truth["bad_rows"]:
            hits = [r for r in shown if r["sheet"] == sheet and r["row"] == str(bad["row"])]
            assert hits, (sheet, bad, shown)
    row32 = next(r for r in shown if r["sheet"] == "Subscriptions" and r["row"] == "32")
    assert row32["column"] == "Start Dt" and row32["value"] == "n/a" and "not a date" in row32["reason"], row32

    # accept the mapping
    subs.get_by_role("button", name="Apply mapping").click()
    bs.wait_idle(page)
    assert_no_app_error(page)
    expect(main).to_contain_text(ds.report.summary())

    # the churn page on the uploaded data, default variant
    bs.open_page(page, "Retention & churn")
    assert_no_app_error(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(bs.combobox(sidebar, "Period")).to_have_value(before["period"])
    span = [str(d.astype(dt.date)) for d in ds.span()]  # the date range follows the new data (not the sample's)
    inputs = sidebar.get_by_test_id("stDateInput").filter(has_text="Date range").locator("input")
    for k, day in enumerate(span):
        expect(inputs.nth(k)).to_have_value(day)
    expect(main.get_by_test_id("stCaptionContainer").first).to_contain_text(f"{MESSY.name} · {before['period']}")
    assert_churn_card(page, before)

    # switch the variant in the sidebar; the rerun redraws the card with the other number and formula
    bs.sidebar_select(page, "Churn variant", "total")
    expect(page).to_have_url(re.compile(r"[?&]churn_variant=total(&|$)"))
    expect(sidebar).to_contain_text(f"Churn rate = {after['formula']}")
    assert_churn_card(page, after)
    bs.wait_idle(page)
    assert_churn_card(page, after)
    assert before["latex"] not in bs.tex(bs.metric_card(page, CHURN))
    expect(bs.metric(page, before["label"])).to_have_count(0)
    assert_no_app_error(page)


# ----- 3. screenshots ------------------------------------------------------------------------------------------
def test_screenshots_script_shows_real_content(browser, server, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    paths = mod.take(browser, server, tmp_path)
    for p in paths:
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (bs.VIEWPORT["width"], bs.VIEWPORT["height"]), p
