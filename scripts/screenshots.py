"""Screenshots of the app for the README, taken in the real browser on the sample company.

    python scripts/screenshots.py            # writes docs/screenshots/*.png

Starts `streamlit run app.py` on a free loopback port (as tests/test_browser.py does), opens the Overview and the
Retention & churn page in Debian's headless Chromium at 1400×1000, waits until the numbers and the charts are drawn
(never a spinner), and saves one screenshot of each.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import browser_support as bs  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
# file name → (url path, page title, anchor of a metric card to bring into view or None)
SHOTS = {
    "overview.png": ("", "Overview", None),  # the default page lives at the root URL (/overview is not a route)
    "metric.png": ("retention", "Retention & churn", "customer_churn_rate"),  # the churn card: chart and formula
    "churn_reasons.png": ("retention?retention_tab=Churn+reasons", "Retention & churn", None),
}
# A snapshot customer list (IBM Telco's, in ../shared/data) uploaded on the Data page, then its Overview
TELCO = ROOT.parent / "shared" / "data" / "telco" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"


def drawn(page) -> None:
    """Wait until the page's run finished, its numbers are on screen and every chart in view has drawn."""
    from playwright.sync_api import expect

    bs.wait_idle(page)
    if page.get_by_test_id("stMetricValue").count():  # a tab of tables and charts has none
        expect(page.get_by_test_id("stMetricValue").first).to_be_visible()
    charts = page.get_by_test_id("stMain").locator("[data-testid=stVegaLiteChart], [data-testid=stArrowVegaLiteChart]")
    for k in range(charts.count()):
        chart = charts.nth(k)
        if chart.is_visible():
            expect(chart.locator("canvas, svg.marks").first).to_be_visible(timeout=bs.RUN_TIMEOUT)
    expect(page.get_by_test_id("stSkeleton").locator("visible=true")).to_have_count(0)
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(300)  # let the last chart transition settle


def take(browser, server: bs.StreamlitServer, out: Path = OUT) -> list[Path]:
    """One screenshot per entry of SHOTS, each in a fresh browser context; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (path, title, anchor) in SHOTS.items():
        ctx = browser.new_context(viewport=bs.VIEWPORT, device_scale_factor=1)
        try:
            page = ctx.new_page()
            page.goto(server.url(path))
            bs.wait_title(page, title)
            bs.assert_no_dialog(page)
            drawn(page)
            if anchor:  # the card's heading at the top of the view, once the cards above it are drawn
                page.locator(f"[id='{anchor}']").evaluate("e => e.scrollIntoView({block: 'start'})")
                drawn(page)
            target = out / name
            page.screenshot(path=str(target))
            written.append(target)
        finally:
            ctx.close()
    if TELCO.exists():
        written.append(_snapshot(browser, server, out / "snapshot.png"))
    return written


def _snapshot(browser, server: bs.StreamlitServer, target: Path) -> Path:
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport=bs.VIEWPORT, device_scale_factor=1)
    try:
        page = ctx.new_page()
        page.goto(server.url("data"))
        bs.wait_title(page, "Your data")
        main = page.get_by_test_id("stMain")
        uploader = main.get_by_test_id("stFileUploader").filter(has_text="Upload CSV or Excel files")
        uploader.locator("input[type=file]").set_input_files(TELCO)
        expect(main).to_contain_text(f"Now showing: {TELCO.name}", timeout=bs.RUN_TIMEOUT)
        bs.open_page(page, "Overview", "Overview")
        drawn(page)
        page.screenshot(path=str(target))
        return target
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT, help=f"folder for the PNGs (default {OUT.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with bs.StreamlitServer() as server, sync_playwright() as p:
        browser = bs.launch(p)
        try:
            for f in take(browser, server, args.out):
                print(f)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
