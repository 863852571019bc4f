"""The exports in the app, through AppTest: every page with charts offers the Excel report (and the Overview the PDF
summary) and a PNG and an SVG of every chart; every file a page offers is made only when its button is pressed; on
a company whose ids, plans and comments are formulas, every CSV the app offers is inert and the workbook holds them
as text; a shared view's exports hold customer-level rows only if the sharer allowed them.

What a download button would serve is caught where Streamlit stores it (its media file manager): the bytes of an
eager download, the function of a deferred one (called here as a click would).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from csm.exports.inert import risky
from csm.metrics import GROUPS, REGISTRY
from csm.shares import ShareStore, Snapshot, database_url
from ui import state

from . import hostile_company

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# every page and tab that draws a chart: (page, tab state key, tab label)
VIEWS = [
    ("app_pages/overview.py", None, None),
    ("app_pages/retention.py", "retention_tab", "Metrics"),
    ("app_pages/retention.py", "retention_tab", "Churn variants"),
    ("app_pages/retention.py", "retention_tab", "Cohorts"),
    ("app_pages/retention.py", "retention_tab", "By owner"),
    ("app_pages/revenue.py", "revenue_tab", "Metrics"),
    ("app_pages/revenue.py", "revenue_tab", "MRR movements"),
    ("app_pages/revenue.py", "revenue_tab", "By plan"),
    ("app_pages/value.py", "value_tab", "Metrics"),
    ("app_pages/value.py", "value_tab", "By plan, segment or owner"),
    ("app_pages/voice.py", "voice_tab", "Metrics"),
    ("app_pages/voice.py", "voice_tab", "Responses and comments"),
    ("app_pages/support.py", "support_tab", "Metrics"),
    ("app_pages/support.py", "support_tab", "By agent or owner"),
    ("app_pages/growth.py", "growth_tab", "Metrics"),
    ("app_pages/growth.py", "growth_tab", "By plan, segment or owner"),
    ("app_pages/health.py", "health_tab", "Metrics"),
    ("app_pages/health.py", "health_tab", "Bands and at-risk customers"),
    ("app_pages/health.py", "health_tab", "Backtest"),
]


@pytest.fixture
def served(monkeypatch):
    """Every file the app hands Streamlit for a download button: (file name, mimetype, bytes or a function)."""
    got: list[tuple[str | None, str | None, object]] = []
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record_add(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if is_for_static_download:
            got.append((file_name, mimetype, data))
        return add(self, data, mimetype, coordinates, file_name, is_for_static_download)

    def record_deferred(self, fn, mimetype, coordinates, file_name=None, **kw):
        got.append((file_name, mimetype, fn))
        return add_deferred(self, fn, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add", record_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return got


def data(item) -> bytes:
    """What a click downloads: the bytes, or what the deferred function makes."""
    value = item[2]() if callable(item[2]) else item[2]
    return value.encode() if isinstance(value, str) else value


def visit(at: AppTest, page: str, key: str | None, tab: str | None) -> AppTest:
    at.switch_page(page)
    if key:
        at.session_state[key] = tab
    at.run()
    assert not at.exception, (page, tab, [e.message for e in at.exception])
    return at


def keys(at: AppTest) -> set[str]:
    return {d.key for d in at.download_button}


def test_every_page_with_charts_offers_the_report_and_each_charts_images():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    for page, key, tab in VIEWS:
        visit(at, page, key, tab)
        group = Path(page).stem
        charts = len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart"))
        assert charts or group == "overview", (page, tab)  # the Overview's sparklines are part of its numbers
        got = keys(at)
        images = {k for k in got if k.startswith("png-")}
        assert len(images) == charts, (page, tab, charts, sorted(images))  # one PNG per chart, and one SVG
        assert {k.replace("png-", "svg-", 1) for k in images} <= got
        assert f"dl-xlsx-{group}" in got, (page, got)
        if group == "overview":
            assert "dl-pdf-overview" in got
        if tab == "Metrics":
            shown = {m.id for m in REGISTRY.values() if m.group == group}
            assert {f"png-{mid}" for mid in shown} & images, (page, images)


def test_the_overviews_files_are_made_on_click_with_their_names(served):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    period = at.session_state["period"]
    files = {name: item for item in served if (name := item[0])}
    xlsx, pdf = files[f"overview_report_{period}_month.xlsx"], files[f"overview_summary_{period}_month.pdf"]
    assert callable(xlsx[2]) and callable(pdf[2]), "made when the button is pressed, not on every rerun"
    book = openpyxl.load_workbook(io.BytesIO(data(xlsx)))
    assert book.active.title == "Overview" and "Retention & churn" in book.sheetnames
    shown = [m.value for m in at.metric]
    text = PdfReader(io.BytesIO(data(pdf))).pages[0].extract_text()
    assert shown and all(v in text for v in shown), (shown, text[:400])

    served.clear()
    visit(at, "app_pages/retention.py", "retention_tab", "Metrics")
    files = {item[0]: item for item in served}
    png = files[f"customer_churn_rate_{period}_month.png"]
    assert data(png)[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in data(files[f"customer_churn_rate_{period}_month.svg"])
    book = openpyxl.load_workbook(io.BytesIO(data(files[f"retention_report_{period}_month.xlsx"])))
    assert book.active.title == "Retention & churn", "a metric page's report opens on its own sheet"


@pytest.fixture
def hostile_workspace() -> state.Workspace:
    files = tuple(state.File(n, d) for n, d in hostile_company.files().items())
    from csm.mapping import Mapping

    return state.Workspace("=HYPERLINK(\"http://x\",\"y\") Corp", files, Mapping.loads(json.dumps(hostile_company.MAPPING)))


def test_every_csv_the_app_offers_is_inert(served, hostile_workspace):
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["workspace"] = hostile_workspace
    opened = [*(f"numbers-{m}" for m in REGISTRY), *(f"every-period-{g}" for g in GROUPS), "cohort-table-logo",
              "cohort-table-revenue", "health-every-period"]
    for key in opened:  # every section that offers a CSV open: each is drawn only while open
        at.session_state[key] = True
    at.run()
    at.selectbox(key="period").set_value("2024-05").run()
    for page, key, tab in [*VIEWS, ("app_pages/data.py", None, None)]:
        visit(at, page, key, tab)
    csvs = {name: data(item) for name, mime, item_data in served if mime == "text/csv"
            for item in [(name, mime, item_data)]}
    assert {"rejected_rows.csv", "voice_nps_responses_2024-05_month.csv", "revenue_mrr_movers_2024-05_month.csv",
            "customers_end_2024-01_to_2024-06_month.csv"} <= set(csvs), sorted(csvs)
    found = set()
    for name, body in csvs.items():
        for row in csv.reader(io.StringIO(body.decode())):
            for cell in row:
                assert not risky(cell), (name, cell)
                found |= {p for p in (*hostile_company.PAYLOADS, hostile_company.REJECTED) if cell == "'" + p}
    assert found == {*hostile_company.PAYLOADS, hostile_company.REJECTED}, found

    xlsx = next(item for item in served if item[0] == "overview_report_2024-05_month.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data(xlsx)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    typed = {c.value for c in cells if c.data_type == "s" and c.quotePrefix}
    # in May: @SUM(A1) churns (its plan is -2+3) and comments =HYPERLINK(…) and @SUM(A1); +1+1 left in April
    assert {hostile_company.PAYLOADS[0], hostile_company.PAYLOADS[2], hostile_company.PAYLOADS[3],
            hostile_company.REJECTED} <= typed, typed


def test_a_shared_views_exports_hold_customer_rows_only_if_allowed(served, tmp_path, monkeypatch):
    monkeypatch.setenv("CSM_DATA_DIR", str(tmp_path))
    store = ShareStore.open(database_url(None, tmp_path))
    snap = Snapshot(files=tuple(hostile_company.files().items()), mapping=json.dumps(hostile_company.MAPPING),
                    settings={}, page="overview", period="2024-05", label="Hostile Co")
    now = dt.datetime.now(dt.UTC)
    for allow, sheets in ((False, set()), (True, {"At risk 2024-05", "MRR movers 2024-05", "Comments 2024-05",
                                                  "Rows not used"})):
        token = store.create(Snapshot(**{**snap.__dict__, "allow_rows": allow}), now, "1 day").token
        served.clear()
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["share"] = token
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        xlsx = next(item for item in served if item[1] == XLSX)
        names = set(openpyxl.load_workbook(io.BytesIO(data(xlsx))).sheetnames)
        customer = {n for n in names if n.startswith(("At risk", "MRR movers", "Comments", "Rows not used"))}
        assert customer == sheets, (allow, names)


def test_no_closed_section_holds_a_table_or_a_chart():
    """What a closed expander holds is drawn by the browser all the same: tables, charts and formulas wait until
    their section is opened (ui/lazy.py), so a page of cards draws quickly after each change."""
    heavy = {"dataframe", "arrow_data_frame", "vega_lite_chart", "arrow_vega_lite_chart", "latex", "table"}

    def inside(node) -> list[str]:
        out = []
        for child in getattr(node, "children", {}).values():
            out += [getattr(child, "type", ""), *inside(child)]
        return out

    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    for page, key, tab in [*VIEWS, ("app_pages/data.py", None, None), ("app_pages/planner.py", None, None),
                           ("app_pages/forecasts.py", None, None)]:
        visit(at, page, key, tab)
        closed = [e for e in at.expander if not e.proto.expanded]
        assert closed, (page, tab)  # the sidebar's options at least
        for e in closed:
            assert not heavy & set(inside(e)), (page, tab, e.label, inside(e))
