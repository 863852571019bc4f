"""RavenStack's five files uploaded in the app as they are: the guessed mapping shows the usage durations' unit and
lets the user change it, the Retention page has the churn reasons, Voice shows CSAT from the tickets, Support the
first response time. Expected numbers come from csm or from the files (tests/test_shapes.py checks csm's)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import open_table, rendered, uploader

ROOT = Path(__file__).resolve().parents[1]
RAVEN = ROOT.parent / "shared" / "data" / "ravenstack"
pytestmark = pytest.mark.skipif(not RAVEN.exists(), reason="../shared/data is not here")


@pytest.fixture(scope="module")
def raven_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/data.py").run()
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(RAVEN.glob("*.csv"))]
    uploader(at).set_value(files).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_mapping_editor_shows_and_changes_a_columns_unit(raven_app):
    at = raven_app
    at.switch_page("app_pages/data.py").run()
    open_table(at, "ravenstack_feature_usage.csv")
    unit = next(s for s in at.selectbox if s.label == "minutes is written in")
    assert unit.value == "seconds"
    ws = at.session_state["workspace"]
    assert ws.mapping.for_table("ravenstack_feature_usage.csv", None).units == {"minutes": "seconds"}
    unit.set_value("minutes")
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert not at.exception
    ws = at.session_state["workspace"]
    assert ws.mapping.for_table("ravenstack_feature_usage.csv", None).units == {}
    unit = next(s for s in at.selectbox if s.label == "minutes is written in")
    unit.set_value("seconds")
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert at.session_state["workspace"].mapping.for_table("ravenstack_feature_usage.csv", None).units == {
        "minutes": "seconds"}


def test_retention_shows_the_churn_reasons_with_the_customers_words(raven_app):
    at = raven_app
    at.switch_page("app_pages/retention.py").run()
    labels = [t.label for t in at.tabs]
    assert labels[4:] == ["Churn reasons", "Snapshot"], labels
    at.query_params["retention_tab"] = "Churn reasons"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    said = " ".join(rendered(m.value) for m in at.markdown)
    assert "The churn events of ravenstack_churn_events.csv by reason" in said
    frames = [d.value for d in at.dataframe]
    reasons = next(f for f in frames if "period" in f.columns and "total" in f.columns).set_index("period")
    assert reasons.loc["2024-12", "total"] == 117 and reasons.index[0] == "2024-12"
    assert reasons.loc["2024-12", "budget"] == 26


def test_voice_shows_csat_from_the_tickets_and_support_the_first_response(raven_app):
    at = raven_app
    at.query_params.clear()
    at.switch_page("app_pages/voice.py").run()
    assert not at.exception
    said = " ".join(rendered(m.value) for m in at.markdown)
    assert "40 responses ≥ 4 ÷ 62 responses (all on tickets) × 100 = 64.52 %" in said
    at.switch_page("app_pages/support.py").run()
    assert not at.exception
    said = " ".join(rendered(m.value) for m in at.markdown)
    assert "median of 98 tickets created in 2024-12 = 98.5 minutes" in said
