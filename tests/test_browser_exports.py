"""The exports in the real browser (Playwright driving Debian's Chromium against `streamlit run app.py`): the Excel
report and the PDF summary download from the Overview with their names; the workbook holds the numbers of
`report_object` for the sample company, compared whole; the PDF is one page carrying every headline value the page
shows; a metric card's chart downloads as a PNG twice its drawn size."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright import sync_api as playwright_api
from playwright.sync_api import expect
from pypdf import PdfReader

from csm.engine import Analysis
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.report import report_object

from . import browser_support as bs
from .test_exports import _norm, metrics_from_workbook

pytestmark = bs.marks()
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "brightwave"


@pytest.fixture(scope="module")
def page():
    with bs.StreamlitServer() as srv, playwright_api.sync_playwright() as p:
        browser = bs.launch(p)
        ctx = browser.new_context(viewport=bs.VIEWPORT, accept_downloads=True)
        ctx.set_default_timeout(60_000)
        pg = ctx.new_page()
        pg.goto(srv.url("overview"))
        bs.wait_title(pg, "Overview")
        yield pg
        browser.close()


def download(page, label: str):
    with page.expect_download(timeout=90_000) as dl:
        page.get_by_test_id("stMain").get_by_role("button", name=label, exact=True).first.click()
    return dl.value


def test_the_overviews_excel_report_and_pdf_summary(page):
    period = bs.combobox(page.get_by_test_id("stSidebar"), "Period").input_value()
    expect(page.get_by_test_id("stMetricValue")).to_have_count(10, timeout=bs.RUN_TIMEOUT)  # every tile drawn
    shown = [v.inner_text() for v in page.get_by_test_id("stMetricValue").all()]

    xlsx = download(page, "Excel report")
    assert xlsx.suggested_filename == f"overview_report_{period}_month.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(xlsx.path()).read_bytes()))
    ds = load(read_sources(sorted(SAMPLE.glob("*.csv"))), Mapping.loads((SAMPLE.parent / "brightwave_mapping.json")
                                                                        .read_text()))
    assert _norm(metrics_from_workbook(book)) == _norm(report_object(Analysis(ds))["metrics"])
    overview = [r for r in book["Overview"].iter_rows(min_row=5, max_row=14, values_only=True)]
    assert [r[1] for r in overview] == [period] * 10

    pdf = download(page, "PDF summary")
    assert pdf.suggested_filename == f"overview_summary_{period}_month.pdf"
    reader = PdfReader(io.BytesIO(Path(pdf.path()).read_bytes()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    missing = [v for v in shown if v not in text]
    assert not missing, (missing, text[:500])


def test_a_metric_charts_png(page):
    bs.open_page(page, "Retention & churn")
    card = page.get_by_test_id("stMain")
    expect(card.get_by_role("button", name="PNG").first).to_be_visible()
    png = download(page, "PNG")
    assert png.suggested_filename.startswith("customers_start_") and png.suggested_filename.endswith("_month.png")
    data = Path(png.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") >= 2 * 760
