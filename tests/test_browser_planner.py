"""The Plan pages in a real browser: from the Overview through the navigation to What if, a slider moved the way a
person does moves the worked recurrence and the URL; Compare periods and Forecasts draw without an exception."""
from __future__ import annotations

import re

import pytest

from csm.engine import Analysis, Settings
from csm.forecast.projection import project, recent_rates
from csm.views import period_choice

from . import browser_support as bs
from .test_browser import assert_no_app_error, sample_dataset

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = bs.marks()


def test_the_tour_reaches_the_plan_pages_without_an_exception():
    ds = sample_dataset()
    lo, hi = ds.span()
    a = Analysis(ds, Settings(start=lo.astype(object), end=hi.astype(object)))
    rates = recent_rates(a, period_choice.default_period(a.periods, ds.span()), 3)
    base = project(rates, 12)
    with playwright_api.sync_playwright() as p, bs.StreamlitServer() as srv:
        browser = bs.launch(p)
        ctx = browser.new_context(viewport=bs.VIEWPORT)
        ctx.set_default_timeout(30_000)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(srv.url())
            bs.wait_title(page, "Overview")
            bs.open_page(page, "What if")
            assert_no_app_error(page)
            main = page.get_by_test_id("stMain")
            expect(main).to_contain_text(base.worked[0].split(": ", 1)[1].split(";")[0], timeout=bs.RUN_TIMEOUT)
            expect(main.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first
                   ).to_be_visible(timeout=bs.RUN_TIMEOUT)
            slider = main.get_by_test_id("stSlider").filter(has_text="Customer churn rate").get_by_role("slider")
            slider.focus()
            for _ in range(10):  # ten steps of 0.1 point down, as arrow keys move it
                page.keyboard.press("ArrowLeft")
            expect(page).to_have_url(re.compile(r"[?&]d_churn_rate=-1(\.0)?(&|$)"), timeout=bs.RUN_TIMEOUT)
            bs.wait_idle(page)
            expect(main).to_contain_text("instead of")
            assert_no_app_error(page)
            bs.open_page(page, "Compare periods")
            assert_no_app_error(page)
            expect(main).to_contain_text("metrics better")
            bs.open_page(page, "Forecasts")
            assert_no_app_error(page)
            expect(main).to_contain_text("Fitted by maximum likelihood")
        finally:
            ctx.close()
            browser.close()
        _, err = srv.output()
    assert not errors, errors
    assert "Traceback" not in err, err[-3000:]
