"""The Plan pages through AppTest on the sample company: a slider moves the scenario line and the worked recurrence
to csm's numbers; saved scenarios go to the URL; Compare periods and Forecasts show csm's numbers."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from csm.engine import Analysis, Settings
from csm.forecast import scenario as sc
from csm.forecast.compare import compare_periods
from csm.forecast.projection import horizon_sentence, project, recent_rates
from csm.views import period_choice

from .conftest import rendered
from .test_app import APP, SAMPLE, sample_dataset  # noqa: F401 - a fixture

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="the sample company is not generated")
CHURN_SLIDER = "d_churn_rate"


def start(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update(query)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def expected_runs(ds, scenario: sc.Scenario | None, horizon: int = 12, window: int = 3):
    a = Analysis(ds, Settings())
    i = period_choice.default_period(a.periods, ds.span())
    rates = recent_rates(a, i, window)
    return project(rates, horizon), project(rates, horizon, scenario) if scenario else None


def texts(at: AppTest) -> list[str]:
    return [rendered(m.value) for m in at.markdown]


def chart_runs(at: AppTest) -> set[str]:
    """The lines of the projection chart (its colour scale's domain: one entry per run)."""
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    return set(spec["encoding"]["color"]["scale"]["domain"])


def test_a_slider_moves_the_scenario_line_and_the_worked_recurrence(sample_dataset):  # noqa: F811
    at = start("app_pages/planner.py")
    base, _ = expected_runs(sample_dataset, None)
    assert f"- {base.worked[0]}" in texts(at)
    assert chart_runs(at) == {"Actual", "Baseline"}

    at.slider(key=CHURN_SLIDER).set_value(-1.0).run()
    assert not at.exception and not at.error
    scenario = sc.Scenario("My scenario", (sc.Override("churn_rate", "add", -1.0),))
    base, scen = expected_runs(sample_dataset, scenario)
    shown = texts(at)
    assert f"- {scen.worked[0]}" in shown and f"- {base.worked[0]}" not in shown
    sentence = horizon_sentence(base, scen, "customers")
    assert "instead of" in sentence
    label, rest = sentence.split(":", 1)
    assert f"**{label}:**{rest}" in shown
    assert chart_runs(at) == {"Actual", "Baseline", "My scenario"}


def test_a_saved_scenario_goes_to_the_url_and_comes_back_from_it(sample_dataset):  # noqa: F811
    at = start("app_pages/planner.py")
    at.text_input(key="scenario_name").set_value("Lower churn").run()
    at.slider(key=CHURN_SLIDER).set_value(-0.5).run()
    at.button(key="save_scenario").click().run()
    url = at.query_params["scenarios"]
    url = url[0] if isinstance(url, list) else url
    assert sc.decode(url) == [sc.Scenario("Lower churn", (sc.Override("churn_rate", "add", -0.5),))]
    again = start("app_pages/planner.py", scenarios=url)  # a fresh session opened from the link
    assert again.selectbox(key="saved_pick").value == "Lower churn"
    assert any("churn_rate-0.5" in str(df.value.to_dict()) for df in again.dataframe)


def test_compare_periods_shows_csm_changes(sample_dataset):  # noqa: F811
    at = start("app_pages/compare.py")
    a = Analysis(sample_dataset, Settings())
    i = period_choice.default_period(a.periods, sample_dataset.span())
    c = compare_periods(a, i, i - 1)
    counts = c.counts()
    assert any(f"{counts.get('better', 0)} metrics better, {counts.get('worse', 0)} worse" in t for t in texts(at))
    table = at.dataframe[0].value
    assert table["change"].tolist() == c.frame["change_shown"].tolist()


def test_forecasts_page_fits_the_cohorts_and_the_purchases(sample_dataset):  # noqa: F811
    at = start("app_pages/forecasts.py")
    assert not at.error
    assert any(t.startswith("- Fitted by maximum likelihood to") for t in texts(at))
