"""The app under files that used to break it (issue 19), through AppTest: the Data page stays usable (uploader,
the sample button, the reason named), pages whose data is missing say so, and a viewer never sees a traceback.
"""
from __future__ import annotations

import datetime as dt
import tomllib

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT, rendered, uploader

APP = ROOT / "app.py"
SAMPLE = ROOT / "sample_data" / "brightwave"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def on_data_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def upload(at: AppTest, name: str, data: bytes, mime: str = "text/csv") -> AppTest:
    uploader(at).set_value((name, data, mime)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def data_page_usable(at: AppTest) -> None:
    assert at.title[0].value == "Your data"
    assert any(b.label == "Use the sample company" for b in at.button)
    assert uploader(at)


def test_a_far_future_end_date_opens_every_page(tmp_path):
    csv = (b"customer_id,start_date,end_date,mrr\nc1,2024-01-01,2024-06-30,100\nc2,2024-02-01,9999-12-31,50\n"
           b"c3,2024-03-01,,70\n")
    at = upload(on_data_page(), "subs.csv", csv)
    data_page_usable(at)
    assert not at.session_state["workspace"].sample
    assert any("read as no end date" in rendered(c.value) for c in at.caption) or any(
        "read as no end date" in str(df.value.to_dict()) for df in at.dataframe)
    for page in ("app_pages/overview.py", "app_pages/revenue.py", "app_pages/retention.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.metric, page


def test_a_far_corner_workbook_is_explained_and_the_data_page_stays(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["XFD1048576"] = "x"
    wb.save(tmp_path / "corner.xlsx")
    at = upload(on_data_page(), "corner.xlsx", (tmp_path / "corner.xlsx").read_bytes(), XLSX)
    errors = [rendered(e.value) for e in at.error]
    assert any("corner.xlsx" in e and "XFD1048576" in e for e in errors), errors
    data_page_usable(at)
    assert at.session_state["workspace"].sample  # the data in use is kept
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception and at.metric


def test_year_9999_cells_in_a_workbook_load(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["customer_id", "start_date", "end_date", "mrr"])
    ws.append(["c1", dt.date(2024, 1, 1), dt.datetime(9999, 12, 31), 100])
    ws.append(["c2", dt.date(2024, 1, 1), dt.date(2024, 5, 1), 100])
    wb.save(tmp_path / "subs.xlsx")
    at = upload(on_data_page(), "subs.xlsx", (tmp_path / "subs.xlsx").read_bytes(), XLSX)
    data_page_usable(at)
    at.switch_page("app_pages/revenue.py").run()
    assert not at.exception and at.metric


@pytest.mark.parametrize("only", ["surveys.csv", "usage.csv"])
def test_health_without_active_customers_says_what_it_needs(only):
    at = upload(on_data_page(), only, (SAMPLE / only).read_bytes())
    at.switch_page("app_pages/health.py").run()
    assert not at.exception, [e.message for e in at.exception]
    infos = [i.value for i in at.info]
    assert any("health scores the customers active by the churn event" in i for i in infos), infos


def test_a_viewer_gets_no_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_a_sidebar_that_fails_leaves_the_data_page_and_says_so(monkeypatch):
    """Whatever breaks in the sidebar (here: it raises), the Data page still offers the uploader and the sample."""
    from ui import sidebar

    def broken(ws):
        raise RuntimeError("boom in the sidebar")

    monkeypatch.setattr(sidebar, "render", broken)
    at = on_data_page()
    data_page_usable(at)
    assert any("The view could not be built from this data" in e.value for e in at.sidebar.error)
    assert not any("boom" in e.value for e in at.error)  # the detail goes to the log, not to the viewer
    at.switch_page("app_pages/revenue.py").run()
    assert not at.exception
    assert any("Load your data on the **Data** page" in i.value for i in at.info)


def test_one_unreadable_file_leaves_the_others_in_use():
    at = on_data_page()
    subs = (SAMPLE / "subscriptions.csv").read_bytes()
    uploader(at).set_value([("subscriptions.csv", subs, "text/csv"),
                                                ("broken.xlsx", b"PK\x03\x04 not really a workbook", XLSX)]).run()
    assert not at.exception, [e.message for e in at.exception]
    ws = at.session_state["workspace"]
    assert not ws.sample and [n for n, _ in ws.files] == ["subscriptions.csv"]
    errors = [rendered(e.value) for e in at.error]
    assert any(e.startswith("broken.xlsx: the file looks like a spreadsheet workbook but cannot be opened")
               and e.endswith("the other files are used without it.") for e in errors), errors
    at.switch_page("app_pages/revenue.py").run()
    assert not at.exception and at.metric
