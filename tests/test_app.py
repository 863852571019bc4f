"""The app through Streamlit's AppTest: every page on the sample company shows the number csm computes, the upload
flow reads a messy workbook, the period and the churn variant change the number shown, the URL sets the view,
and a page whose data is missing says what it needs instead of failing.

AppTest runs app.py (the frame: sidebar + st.navigation) and then the page chosen with switch_page, as a browser
session would. Expected numbers are computed with csm directly, never copied from the screen.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from csm import fmt
from csm.engine import Analysis, Settings
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.metrics import REGISTRY
from csm.views import metric_table, period_choice

from .conftest import open_table, rendered, uploader

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
SAMPLE = ROOT / "sample_data" / "brightwave"
MESSY = ROOT / "sample_data" / "messy" / "acme_export.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# page script → a metric whose value the page must show
PAGES = {
    "app_pages/overview.py": "customer_churn_rate",
    "app_pages/retention.py": "customer_churn_rate",
    "app_pages/revenue.py": "mrr",
    "app_pages/value.py": "revenue",
    "app_pages/voice.py": "csat",
    "app_pages/support.py": "first_contact_resolution_rate",
    "app_pages/growth.py": "active_customer_rate",
    "app_pages/health.py": "health_score",
}

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="the sample company is not generated")


@pytest.fixture(scope="module")
def sample_dataset():
    raws = read_sources(sorted(SAMPLE.glob("*.csv")))
    mapping = Mapping.loads((SAMPLE.parent / "brightwave_mapping.json").read_text())
    return load(raws, mapping)


def expected(ds, metric_id: str, period: str | None = None, **settings) -> str:
    """The value csm computes for the metric, formatted as the app shows it (default: the app's default period)."""
    a = Analysis(ds, Settings(**settings))
    s = REGISTRY[metric_id].compute(a)
    i = a.periods.find(period) if period else period_choice.default_period(a.periods, ds.span())
    return fmt.value(s.points[i].value, s.unit, a.currency)


def shown(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def state_dataset(ws):
    from ui import state

    return state.dataset(ws)


def start(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_shows_csm_number_on_the_sample(page, sample_dataset):
    at = start(page)
    assert not at.error, [e.value for e in at.error]
    want = expected(sample_dataset, PAGES[page])
    assert want in shown(at), (PAGES[page], want, shown(at))


def test_first_visit_opens_the_sample_company_on_the_overview():
    at = start()
    assert "Overview" in [t.value for t in at.title]
    assert at.session_state["workspace"].sample
    assert any("Brightwave" in c.value for c in at.sidebar.caption)
    assert any(" from " in m.value or " held at " in m.value for m in at.markdown), "plain-words sentences"
    demo = [i.value for i in at.info if "fictional company" in i.value]  # said on the page and in the sidebar
    assert len(demo) == 2 and [i for i in at.sidebar.info if "Demo numbers of a fictional company" in i.value]


def test_data_page_shows_mapping_editor_and_report(sample_dataset):
    at = start("app_pages/data.py")
    assert not at.error
    tables = [t.label for t in sample_dataset.report.tables]
    heads = [e.label for e in at.expander if e.label.startswith("**")]
    assert len(heads) == len(tables) and all(any(t in rendered(h) for h in heads) for t in tables), heads
    # every guess is sure: each table's editor stays closed, and is drawn only once opened (a light page)
    assert [s.label for s in at.selectbox].count("What is this table?") == 0
    open_table(at, "costs.csv")
    assert [s.value for s in at.selectbox if s.label == "What is this table?"] == ["costs"]
    assert [b.label for b in at.button].count("Apply mapping") == 1 and not at.exception
    assert any(sample_dataset.report.summary() in m.value for m in at.markdown)
    assert [b.label for b in at.button if b.label == "Use the sample company"]
    assert {"dl-mapping", "tpl-customers", "tpl-surveys"} <= {d.key for d in at.download_button}


def test_changing_the_period_changes_the_value(sample_dataset):
    at = start("app_pages/retention.py")
    before = expected(sample_dataset, "customer_churn_rate")
    at.selectbox(key="period").set_value("2024-09").run()
    assert not at.exception
    after = expected(sample_dataset, "customer_churn_rate", "2024-09")
    assert after != before
    assert after in shown(at) and before not in [m.value for m in at.metric if "churn rate" in m.label]


def test_changing_the_churn_variant_changes_value_and_formula(sample_dataset):
    at = start("app_pages/retention.py")
    at.selectbox(key="churn_variant").set_value("total").run()
    assert not at.exception
    want = expected(sample_dataset, "customer_churn_rate", churn_variant="total")
    assert want != expected(sample_dataset, "customer_churn_rate")
    assert want in [m.value for m in at.metric if m.label == "Customer churn rate (total)"]
    assert any(r"\frac{C}{T}" in x.value for x in at.latex)


def test_the_url_sets_the_view(sample_dataset):
    at = start("app_pages/retention.py", churn_variant="end", period="2024-03", granularity="month")
    assert at.selectbox(key="churn_variant").value == "end"
    want = expected(sample_dataset, "customer_churn_rate", "2024-03", churn_variant="end")
    assert want in [m.value for m in at.metric if m.label == "Customer churn rate (end)"]


def test_settings_survive_a_page_switch(sample_dataset):
    at = start("app_pages/retention.py")
    at.selectbox(key="churn_variant").set_value("average").run()
    at.switch_page("app_pages/overview.py").run()
    assert at.selectbox(key="churn_variant").value == "average"
    assert expected(sample_dataset, "customer_churn_rate", churn_variant="average") in shown(at)


def test_upload_a_messy_workbook():
    at = start("app_pages/data.py")
    uploader(at).set_value(("acme_export.xlsx", MESSY.read_bytes(), XLSX)).run()
    assert not at.exception, [e.message for e in at.exception]
    ws = at.session_state["workspace"]
    assert not ws.sample and ws.files[0][0] == "acme_export.xlsx"
    ds = load(read_sources([MESSY]))  # the guessed mapping, as the app uses it
    assert any(ds.report.summary() in m.value for m in at.markdown)
    assert ds.report.rows_rejected > 0 and at.dataframe  # the rejected rows are listed
    assert f"Rows not used ({ds.report.rows_rejected:,} rows" in [h.value for h in at.subheader][-1]
    span = tuple(d.astype(object) for d in ds.span())
    assert at.date_input(key="range").value == span  # the view follows the new data
    at.switch_page("app_pages/revenue.py").run()
    assert not at.exception
    assert expected(ds, "mrr") in shown(at)
    assert not [i for i in at.info if "fictional company" in i.value], "no demo notice over the person's own data"


def test_a_workspace_keeps_its_files_and_their_mapping_as_files_come_and_go():
    at = start("app_pages/data.py")
    csv = {n: (SAMPLE / n).read_bytes() for n in ("subscriptions.csv", "surveys.csv", "costs.csv")}
    uploader(at).set_value([("subscriptions.csv", csv["subscriptions.csv"], "text/csv"),
                            ("costs.csv", csv["costs.csv"], "text/csv")]).run()
    open_table(at, "costs.csv")
    ignore = next(s for s in at.selectbox if s.label == "What is this table?" and s.value == "costs")
    ignore.select_index(0)  # ignore the costs table: an edit the next upload must not undo
    next(b for b in at.form_submit_button if b.label == "Apply mapping").click().run()
    assert not uploader(at).value, "the uploader is emptied once its files are in the workspace"
    uploader(at).set_value(("surveys.csv", csv["surveys.csv"], "text/csv")).run()
    ws = at.session_state["workspace"]
    assert [f.name for f in ws.files] == ["subscriptions.csv", "costs.csv", "surveys.csv"]
    kinds = {t.source: t.kind for t in ws.mapping.tables}
    assert kinds == {"subscriptions.csv": "subscriptions", "costs.csv": None, "surveys.csv": "surveys"}
    uploader(at).set_value(("subscriptions.csv", csv["subscriptions.csv"], "text/csv")).run()  # replaces, not doubles
    assert [f.name for f in at.session_state["workspace"].files] == ["costs.csv", "surveys.csv", "subscriptions.csv"]
    assert "Read 3 files: 3 tables" in [e.label for e in at.expander]
    next(b for b in at.button if b.key == "remove-file-0").click().run()  # costs.csv
    ws = at.session_state["workspace"]
    assert [f.name for f in ws.files] == ["surveys.csv", "subscriptions.csv"] and not ws.sample
    next(b for b in at.button if b.key == "remove-file-0").click().run()  # surveys.csv
    assert "Read 1 file: 1 table" in [e.label for e in at.expander]  # (not "1 tables")
    assert {t.source for t in ws.mapping.tables} == {"surveys.csv", "subscriptions.csv"}
    assert not at.exception and "MRR" in [m.label for m in at.switch_page("app_pages/revenue.py").run().metric]


def test_applying_an_edited_mapping_reloads_the_data():
    at = start("app_pages/data.py")
    open_table(at, "costs.csv")
    ignore = next(s for s in at.selectbox if s.label == "What is this table?" and s.value == "costs")
    ignore.select_index(0)  # the first choice: ignore this table
    next(b for b in at.form_submit_button if b.label == "Apply mapping").click().run()
    assert not at.exception
    mapping = at.session_state["workspace"].mapping
    assert next(t for t in mapping.tables if t.source == "costs.csv").kind is None


def test_a_table_set_to_another_kind_stays_open_with_that_kinds_columns():
    """The cancellation log set to usage by hand (a usage table already exists without its columns): the data still
    loads, and the table stays open under its new heading with usage's fields to review; set back, it is as before."""
    at = start("app_pages/data.py")
    open_table(at, "churn_events.csv")
    before = at.session_state["workspace"]
    kind = next(s for s in at.selectbox if s.label == "What is this table?")
    kind.set_value("usage")
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [s.value for s in at.selectbox if s.label == "What is this table?"] == ["usage"]  # still open
    assert {"date *", "customer_id *", "feature"} <= {s.label for s in at.selectbox}
    usage = at.session_state["workspace"].mapping.for_table("churn_events.csv", None)
    assert usage.kind == "usage" and usage.columns["customer_id"] == "Customer ID"
    ds = at.session_state["workspace"]
    assert any(r.label == "churn_events.csv" and r.kind == "usage" for r in state_dataset(ds).report.tables)
    next(s for s in at.selectbox if s.label == "What is this table?").set_value("churn_events")
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    again = at.session_state["workspace"].mapping.for_table("churn_events.csv", None)
    assert again.kind == "churn_events" and again.columns == before.mapping.for_table("churn_events.csv", None).columns


def test_a_cards_notes_and_numbers_are_drawn_once_opened(sample_dataset):
    """A closed card section costs nothing to draw; opened, it shows the metric's table and its CSV."""
    at = start("app_pages/revenue.py")
    assert "dl-mrr" not in {d.key for d in at.download_button} and not at.dataframe
    at.session_state["numbers-mrr"] = True
    at.session_state["notes-mrr"] = True
    at.run()
    assert not at.exception and "dl-mrr" in {d.key for d in at.download_button}
    table = at.dataframe[0].value
    assert len(table) == len(Analysis(sample_dataset, Settings()).periods.labels)
    assert any(m.value.startswith("**Formula:**") for m in at.markdown)


def test_a_page_without_its_data_says_what_it_needs():
    at = start("app_pages/data.py")
    surveys = (SAMPLE / "surveys.csv").read_bytes()
    uploader(at).set_value(("surveys.csv", surveys, "text/csv")).run()
    assert not at.exception
    at.switch_page("app_pages/revenue.py").run()
    assert not at.exception and not at.error
    needs = [i.value for i in at.info]
    assert any("needs a subscriptions table with customer_id, start_date" in t.lower() for t in needs), needs
    at.switch_page("app_pages/voice.py").run()
    assert not at.exception and at.metric  # the survey metrics still show


def test_filter_by_a_customer_attribute(sample_dataset):
    at = start("app_pages/revenue.py")
    at.multiselect(key="filter_by").set_value(["plan"]).run()
    at.multiselect(key="filter_plan").set_value(["Starter"]).run()
    assert not at.exception
    want = expected(sample_dataset, "mrr", filters=(("plan", ("Starter",)),))
    assert want != expected(sample_dataset, "mrr")
    assert want in shown(at)


def test_filter_by_two_attributes_at_once(sample_dataset):
    from csm.attributes import attribute_values

    at = start("app_pages/revenue.py")
    segment = attribute_values(sample_dataset, "segment")[0]
    at.multiselect(key="filter_by").set_value(["plan", "segment"]).run()
    at.multiselect(key="filter_plan").set_value(["Starter", "Growth"]).run()
    at.multiselect(key="filter_segment").set_value([segment]).run()
    assert not at.exception
    both = (("plan", ("Starter", "Growth")), ("segment", (segment,)))
    assert at.session_state["context"].settings.filters == both
    want = expected(sample_dataset, "mrr", filters=both)
    assert want not in (expected(sample_dataset, "mrr", filters=both[:1]), expected(sample_dataset, "mrr"))
    assert want in shown(at)


def test_another_granularity_keeps_the_period_that_holds_the_one_shown():
    at = start("app_pages/retention.py")
    at.selectbox(key="period").set_value("2024-05").run()
    at.segmented_control(key="granularity").set_value("quarter").run()
    assert at.selectbox(key="period").value == "2024-Q2"
    at.segmented_control(key="granularity").set_value("week").run()
    assert at.selectbox(key="period").value == "2024-W26"  # the week of 30 June 2024, Q2's last day
    at.segmented_control(key="granularity").set_value("year").run()
    assert at.selectbox(key="period").value == "2024"


def test_a_whole_range_as_one_period_compared_with_the_range_before_it(sample_dataset):
    import datetime as dt

    at = start("app_pages/voice.py")
    at.date_input(key="range").set_value((dt.date(2025, 1, 1), dt.date(2025, 6, 30))).run()
    at.segmented_control(key="granularity").set_value("all").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="period").value == "2025-01-01 – 2025-06-30"
    assert at.selectbox(key="period").options == ["2024-07-04 – 2024-12-31", "2025-01-01 – 2025-06-30"]
    want = expected(sample_dataset, "csat", "2025-01-01 – 2025-06-30", granularity="all", start=dt.date(2025, 1, 1),
                    end=dt.date(2025, 6, 30))
    assert want in shown(at)
    assert any("vs 2024-07-04 – 2024-12-31" in str(m.proto) for m in at.metric)


def test_the_open_tab_is_in_the_url():
    at = start("app_pages/revenue.py", revenue_tab="MRR movements")
    assert any(h.value.startswith("Who moved in") for h in at.subheader), "the MRR movements tab is the one open"


def test_a_zero_change_is_neutral():
    """'Churned customers 0 ↑ +0' in red read as a change: no change has no sign, no arrow, no colour."""
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    at = start("app_pages/retention.py", period="2023-02")
    card = next(m for m in at.metric if m.label == "Churned customers")
    assert (card.value, card.delta) == ("0", "0")
    gray, no_arrow = MetricProto.MetricColor.Value("GRAY"), MetricProto.MetricDirection.Value("NONE")
    assert (card.proto.color, card.proto.direction) == (gray, no_arrow)
    moved = next(m for m in at.metric if m.label == "Customers at end")
    assert moved.delta.startswith("+") and moved.proto.color != gray


def test_the_split_tab_is_titled_by_what_it_splits_by():
    at = start("app_pages/data.py")
    uploader(at).set_value(("subscriptions.csv", (SAMPLE / "subscriptions.csv").read_bytes(), "text/csv")).run()
    at.switch_page("app_pages/retention.py").run()
    assert [t.label for t in at.tabs] == ["Metrics", "Churn variants", "Cohorts", "By plan"]  # no owner column here
    at.session_state["retention_tab"] = "By plan"
    at.run()
    assert any("has no owner" in c.value and "splits by plan" in c.value for c in at.caption)


def test_a_field_found_through_another_table_shows_its_link():
    """A usage log keyed by subscription reaches its customer through the subscriptions table: say so, not
    '— not in this table —' alone (RavenStack's export has this shape)."""
    subs = (b"subscription_id,account_id,start_date,end_date,plan_tier,mrr_amount\n"
            b"S-1,A-1,2024-01-03,,Pro,800\nS-2,A-2,2024-02-10,2024-05-01,Basic,120\nS-3,A-1,2024-03-01,,Basic,90\n")
    usage = (b"usage_id,subscription_id,usage_date,feature_name,usage_count\n"
             b"U-1,S-1,2024-03-02,reports,4\nU-2,S-2,2024-03-05,export,1\nU-3,S-3,2024-04-01,reports,7\n")
    at = start("app_pages/data.py")
    uploader(at).set_value([("subscriptions.csv", subs, "text/csv"), ("feature_usage.csv", usage, "text/csv")]).run()
    usage_map = at.session_state["workspace"].mapping.for_table("feature_usage.csv", None)
    assert usage_map.kind == "usage" and "customer_id" in usage_map.links
    open_table(at, "feature_usage.csv")
    captions = [rendered(c.value) for c in at.caption]
    assert any("found through **subscription_id** in subscriptions.csv (subscription_id → account_id)" in c
               for c in captions), captions


def test_a_snapshot_without_dates_shows_what_it_supports():
    """A CRM snapshot (IBM Telco's shape: a churned flag, no dates) loads; the Overview and Retention pages show its
    churn, tenure and MRR at risk with their worked lines, and the other pages say what it lacks."""
    snapshot = (b"customerID,gender,tenure,Contract,MonthlyCharges,Churn\n7590-VHVEG,Female,1,Month-to-month,29.85,No\n"
                b"5575-GNVDE,Male,34,One year,56.95,No\n3668-QPYBK,Male,2,Month-to-month,53.85,Yes\n")
    at = start("app_pages/data.py")
    uploader(at).set_value(("telco.csv", snapshot, "text/csv")).run()
    for page in ("app_pages/overview.py", "app_pages/retention.py"):
        at.switch_page(page).run()
        assert not at.exception
        shown = {m.label: m.value for m in at.metric}
        assert shown == {"Churn rate (snapshot)": "33.33 %", "Average tenure": "12.3 months", "MRR at risk": "53.85"}
        said = " ".join(rendered(m.value) for m in at.markdown)
        assert "1 churned ÷ 3 customers × 100 = 33.33 %" in said and "37 months ÷ 3 customers = 12.33 months" in said
        assert not [i for i in at.info if "Load your data" in i.value]
    at.switch_page("app_pages/revenue.py").run()
    assert not at.exception
    assert "This customer list is a snapshot" in " ".join(w.value for w in at.warning)


def test_data_without_dates_or_churn_flag_says_what_it_lacks():
    """A customer list with neither dates nor a churned flag: the Overview says why nothing is shown."""
    plain = b"customerID,gender,Contract\n7590-VHVEG,Female,Month-to-month\n5575-GNVDE,Male,One year\n"
    at = start("app_pages/data.py")
    uploader(at).set_value(("crm.csv", plain, "text/csv")).run()
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    said = " ".join(w.value for w in at.warning)
    assert "These tables hold no dates" in said and "Map a date column" in said
    assert not [i for i in at.info if "Load your data" in i.value]


def test_a_period_the_data_covers_in_part_says_so():
    """CDNOW's shape: 18 months of purchases, so its second year is half a year; the card and the chart say so."""
    rows = [f"c{k % 7},{d},{10 + k}" for k, d in enumerate(pd.date_range("2024-01-01", "2025-06-28", freq="D").date)]
    csv = ("customer_id,date,amount\n" + "\n".join(rows) + "\n").encode()
    at = start("app_pages/data.py")
    uploader(at).set_value(("purchases.csv", csv, "text/csv")).run()
    at.switch_page("app_pages/value.py").run()
    at.segmented_control(key="granularity").set_value("year").run()
    assert at.selectbox(key="period").value == "2025" and not at.exception
    frame = at.session_state["context"].frame("revenue")
    assert frame["coverage"].tolist() == ["complete", "partial: 2025-01-01 – 2025-06-28"]
    assert any("2025 is partial: 2025-01-01 – 2025-06-28" in c.value for c in at.caption)


def test_load_a_saved_mapping():
    at = start("app_pages/data.py")
    saved = (SAMPLE.parent / "brightwave_mapping.json").read_bytes()
    edited = saved.replace(b'"kind": "costs"', b'"kind": null')
    at.file_uploader(key="mapping_upload").set_value(("mapping.json", edited, "application/json")).run()
    assert not at.exception
    mapping = at.session_state["workspace"].mapping
    assert mapping == Mapping.loads(edited)
    assert next(t for t in mapping.tables if t.source == "costs.csv").kind is None


def test_an_unreadable_upload_is_explained_and_the_data_kept():
    at = start("app_pages/data.py")
    uploader(at).set_value(("broken.xlsx", b"PK\x03\x04 not really a workbook", XLSX)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("broken.xlsx" in rendered(e.value) for e in at.error), [e.value for e in at.error]
    assert at.session_state["workspace"].sample


def test_another_granularity_moves_the_period_to_its_default(sample_dataset):
    at = start("app_pages/retention.py")
    at.segmented_control(key="granularity").set_value("quarter").run()
    assert not at.exception
    assert at.selectbox(key="period").value == "2025-Q4"
    assert expected(sample_dataset, "customer_churn_rate", granularity="quarter") in shown(at)


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Click a tab of a page whose tabs run lazily (st.tabs(on_change="rerun")): its label becomes the tabs' state."""
    at.session_state[key] = label
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_retention_tabs_run_when_opened(sample_dataset):
    from csm.breakdown import breakdown
    from csm.reconcile import variants_side_by_side

    at = start("app_pages/retention.py")
    a = Analysis(sample_dataset, Settings())
    period = a.periods.labels[period_choice.default_period(a.periods, sample_dataset.span())]
    assert [t.label for t in at.tabs] == ["Metrics", "Churn variants", "Cohorts", "By owner", "Churn reasons"]
    assert any(h.value == "Customer churn rate" for h in at.subheader)
    assert not at.dataframe or all("owner" not in d.value.columns for d in at.dataframe)  # not computed yet

    open_tab(at, "retention_tab", "By owner")
    assert not at.error, [e.value for e in at.error]
    assert not any(h.value == "Customer churn rate" for h in at.subheader)  # the metrics tab is not drawn now
    full = breakdown(a, "customer_churn_rate", "owner")
    one = metric_table.breakdown_in_period(full, "owner", period, "percent", a.currency)
    shown = next(d.value for d in at.dataframe if "group" in d.value.columns)
    assert shown["group"].tolist() == one["group"].tolist()
    assert shown["shown"].tolist() == one["shown"].tolist()

    at.selectbox(key="churn_variant").set_value("total").run()  # a sidebar change redraws the open tab
    assert not at.exception and at.session_state["retention_tab"] == "By owner"
    total = breakdown(Analysis(sample_dataset, Settings(churn_variant="total")), "customer_churn_rate", "owner")
    want = metric_table.breakdown_in_period(total, "owner", period, "percent", a.currency)["shown"].tolist()
    assert want != one["shown"].tolist()
    assert next(d.value for d in at.dataframe if "group" in d.value.columns)["shown"].tolist() == want

    open_tab(at, "retention_tab", "Churn variants")
    side = variants_side_by_side(Analysis(sample_dataset, Settings(churn_variant="total")), period)
    table = next(d.value for d in at.dataframe if "variant" in d.value.columns)
    assert table["value"].tolist() == [fmt.value(v, "percent") for v in side["value"]]
    assert table["in_force"].tolist() == (side["variant"] == "total").tolist()
    assert any("total and total count exactly the same customers" in m.value for m in at.success)  # A = in force
    at.selectbox(key="reconcile_b").set_value("start").run()
    assert not at.exception and "dl-reconcile" in {b.key for b in at.download_button}

    open_tab(at, "retention_tab", "Cohorts")
    assert not at.error and at.get("vega_lite_chart")


def test_the_sample_companys_churn_reasons_are_csms(sample_dataset):
    """The sample company's cancellation log: the Churn reasons tab counts csm's churn events by reason."""
    from csm.metrics.registry import compute

    at = start("app_pages/retention.py")
    open_tab(at, "retention_tab", "Churn reasons")
    assert not at.exception and not at.error
    a = Analysis(sample_dataset, Settings())
    i = period_choice.default_period(a.periods, sample_dataset.span())
    s = compute(a, "churn_events")
    table = next(d.value for d in at.dataframe if "total" in d.value.columns).set_index("period")
    period = a.periods.labels[i]
    assert table.loc[period, "total"] == s.points[i].value
    assert {k: table.loc[period, k] for k in table.columns if k != "total"} == {
        k.removeprefix("reason:"): v[i] for k, v in s.extra.items()}


@pytest.mark.parametrize(("page", "key", "tab", "shows"), [
    ("app_pages/revenue.py", "revenue_tab", "MRR movements", "Who moved in"),
    ("app_pages/voice.py", "voice_tab", "Responses and comments", "responses in"),
    ("app_pages/value.py", "value_tab", "By plan, segment or owner", None),
    ("app_pages/growth.py", "growth_tab", "By plan, segment or owner", None),
    ("app_pages/support.py", "support_tab", "By agent or owner", None),
])
def test_a_second_tab_runs_when_opened(page, key, tab, shows):
    at = start(page)
    assert at.metric and not any(s.label == "Split by" for s in at.selectbox)
    open_tab(at, key, tab)
    assert not at.error, [e.value for e in at.error]
    assert not at.metric  # the metric cards are the first tab's
    if shows:
        assert any(shows in h.value for h in at.subheader), [h.value for h in at.subheader]
    else:
        assert any(s.label == "Split by" for s in at.selectbox) and at.dataframe


def test_health_at_risk_list_is_csm_and_follows_the_period(sample_dataset):
    from csm import health_model

    at = open_tab(start("app_pages/health.py"), "health_tab", "Bands and at-risk customers")
    a = Analysis(sample_dataset, Settings())
    comps = health_model.present_components(a)

    def at_risk(period):
        want = health_model.health_scores(a, period, dict.fromkeys(comps, 1.0)).customers("red")
        got = next(d.value for d in at.dataframe if "band" in d.value.columns and (d.value["band"] == "red").all())
        return got["customer_id"].tolist(), want["customer_id"].tolist()

    period = a.periods.labels[period_choice.default_period(a.periods, sample_dataset.span())]
    got, want = at_risk(period)
    assert got == want and want
    at.selectbox(key="churn_variant").set_value("end").run()  # unrelated to health: the same list, not rescored
    assert at_risk(period)[0] == want
    at.selectbox(key="period").set_value("2024-09").run()
    got, want = at_risk("2024-09")
    assert got == want


def test_health_card_and_at_risk_list_agree_under_weights_set_in_the_sidebar(sample_dataset):
    """The weights are a setting like any other: the health cards, the at-risk list and the band counts all read it."""
    from csm import health_model

    at = start("app_pages/health.py")
    at.number_input(key="weight_usage").set_value(4.0).run()
    at.number_input(key="weight_tenure").set_value(0.0).run()
    assert not at.exception and not at.error
    weights = (("usage", 4.0), ("voice", 1.0), ("support", 1.0), ("mrr_trend", 1.0), ("tenure", 0.0))
    assert at.session_state["context"].settings.health_weights == weights
    a = Analysis(sample_dataset, Settings(health_weights=weights))
    period = a.periods.labels[period_choice.default_period(a.periods, sample_dataset.span())]
    want = health_model.health_scores(a, period).customers("red")["customer_id"].tolist()
    equal = health_model.health_scores(Analysis(sample_dataset, Settings()), period).customers("red")
    assert want != equal["customer_id"].tolist(), "the weights change who is at risk"
    card = next(m.value for m in at.metric if m.label.startswith("At-risk customers"))  # the Metrics tab
    open_tab(at, "health_tab", "Bands and at-risk customers")
    listed = next(d.value for d in at.dataframe if "band" in d.value.columns and (d.value["band"] == "red").all())
    assert listed["customer_id"].tolist() == want
    red = next(m.value for m in at.metric if m.label == f"Red customers in {period}")
    assert card == red == fmt.num(len(want)) == expected(sample_dataset, "at_risk_customers",
                                                          health_weights=weights)


def test_a_sessions_first_run_loads_the_chart_and_formula_code_out_of_sight():
    """The first run draws an empty chart and a formula in the hidden warm-up container (the browser loads their
    code while the Overview is read); later runs draw it no more."""
    from ui.lazy import CHART_WARMUP

    at = start()
    warm = next(b for b in at.main.children.values() if getattr(b.proto, "id", None) is not None
                and CHART_WARMUP in str(b.proto))
    kinds = [getattr(c, "type", "") for c in warm.children.values()]
    assert kinds == ["vega_lite_chart", "latex"] or kinds == ["arrow_vega_lite_chart", "latex"], kinds
    at.switch_page("app_pages/overview.py").run()
    assert CHART_WARMUP not in str([b.proto for b in at.main.children.values()])
    assert not at.get("vega_lite_chart") and not at.get("arrow_vega_lite_chart")  # the Overview draws none itself
