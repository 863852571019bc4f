"""Issue 18 in a real browser: file names, sheet names, column headers and cells that carry Markdown images and
links, `:material/…:` shortcodes, LaTeX and HTML are shown as text on every page and tab, and the browser never
asks for the address they name.

`streamlit run` on a loopback port, Debian's Chromium through Playwright. Nothing listens on the injected address:
any request the page makes to it is seen by Playwright (and fails), so an image or a prefetch cannot slip by.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from . import browser_support as bs

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = bs.marks()

HOST = f"127.0.0.1:{bs.free_port()}"  # nothing listens here
SHEET = f"![s](http://{HOST}/sheet.png) <img src=x onerror=alert(1)>"
VOICE_SHEET = "Voice :material/home: $x^2$"
PLAN = f"![p](http://{HOST}/plan.png) :material/bolt:"
COMMENT = f"[c](http://{HOST}/comment) $\\LaTeX$ <img src=x onerror=alert(2)>"
CSV_NAME = f"[f](http:{HOST}) :material/star: $y$ <b>x</b>.csv"
HEADER = f"Signup ![h](http://{HOST}/header.png)"
JOINER = "\u2060"

# every page, and the tabs each one has (label as shown)
PAGES = {
    "Overview": [], "Data": [],
    "Retention & churn": ["Churn variants", "Cohorts", re.compile(r"^By (owner|plan|segment)$")],  # by what it uses
    "Revenue": ["MRR movements", "By plan"],
    "Customer value": ["By plan, segment or owner"], "Customer voice": ["Responses and comments"],
    "Support & onboarding": ["By agent or owner"], "Growth & adoption": ["By plan, segment or owner"],
    "Health": ["Bands and at-risk customers", "Backtest"],
}


def workbook() -> bytes:
    """Subscriptions (with a hostile plan) and surveys (hostile comments), in sheets with hostile names.

    openpyxl refuses such sheet names, as Excel does; the names are written into the saved XML, as a hand-edited or
    generated workbook may carry them (calamine reads them)."""
    wb = openpyxl.Workbook()
    subs = wb.active
    subs.title = "S1"
    subs.append(["customer_id", "plan", "start_date", "end_date", "mrr"])
    for k in range(40):
        subs.append([f"c{k}", PLAN if k % 2 else "Basic", dt.date(2024, 1 + k % 6, 1),
                     dt.date(2024, 9, 1) if k % 5 == 0 else None, 100 + k])
    voice = wb.create_sheet("S2")
    voice.append(["date", "customer_id", "survey_type", "score", "comment"])
    for k in range(40):
        voice.append([dt.date(2024, 1 + k % 9, 2), f"c{k}", "nps", k % 11, COMMENT])
    buf = io.BytesIO()
    wb.save(buf)
    src, out = zipfile.ZipFile(buf), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                for old, new in (("S1", SHEET), ("S2", VOICE_SHEET)):
                    esc = new.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
                    data = data.replace(f'name="{old}"'.encode(), f'name="{esc}"'.encode())
            z.writestr(item, data)
    return out.getvalue()


def customers_csv() -> bytes:
    """Customers whose signup column has a hostile header and dates that read either way (03/04/2024)."""
    rows = [f"customer_id,{HEADER},segment"] + [f"c{k},0{1 + k % 9}/0{1 + k % 3}/2024,{PLAN}" for k in range(40)]
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture(scope="module")
def server():
    with bs.StreamlitServer() as srv:
        yield srv


def test_hostile_names_and_cells_show_as_text_everywhere_and_fetch_nothing(server):
    with playwright_api.sync_playwright() as p:
        browser = bs.launch(p)
        ctx = browser.new_context(viewport=bs.VIEWPORT)
        ctx.set_default_timeout(30_000)
        page = ctx.new_page()
        asked, dialogs, errors = [], [], []
        page.on("request", lambda r: asked.append(r.url) if HOST in r.url else None)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(server.url("data"))
            bs.wait_title(page, "Your data")
            uploader = page.get_by_test_id("stMain").get_by_test_id("stFileUploader").filter(
                has_text="Upload CSV or Excel files")
            uploader.locator("input[type=file]").set_input_files([
                {"name": "report.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml"
                 ".sheet", "buffer": workbook()},
                {"name": CSV_NAME, "mimeType": "text/csv", "buffer": customers_csv()},
            ])
            expect(page.get_by_test_id("stMain")).to_contain_text("Now showing: report.xlsx", timeout=bs.RUN_TIMEOUT)
            bs.wait_idle(page)
            boxes = page.get_by_test_id("stExpander")
            for k in range(boxes.count()):  # open each: the mapping editor's tables, their notes (a rerun each)
                if boxes.nth(k).locator("details").get_attribute("open") is None:
                    boxes.nth(k).locator("summary").click()
                    bs.wait_idle(page)
            shown = text_of(page)
            for literal in (SHEET, VOICE_SHEET, CSV_NAME, HEADER):
                assert literal in shown, (literal, shown[:3000])
            check_page(page, asked, dialogs, "Data")

            for title, tabs in PAGES.items():
                if title == "Data":
                    continue
                bs.open_page(page, title, "Overview" if title == "Overview" else None)
                check_page(page, asked, dialogs, title)
                for tab in tabs:
                    page.get_by_role("tab", name=tab, exact=True).click()
                    bs.wait_idle(page)
                    check_page(page, asked, dialogs, f"{title} › {tab}")

            # a filter on the hostile plan: the page header names it, as text
            bs.open_page(page, "Revenue")
            bs.sidebar_multiselect(page, "Filter customers by", "plan")
            bs.sidebar_multiselect(page, "Keep plan", PLAN.replace(JOINER, ""))
            caption = page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first
            expect(caption).to_contain_text("plan:")
            assert f"plan: {PLAN}" in caption.inner_text().replace(JOINER, "")
            check_page(page, asked, dialogs, "Revenue filtered on the hostile plan")
        finally:
            ctx.close()
            browser.close()
    assert not asked, asked
    assert not dialogs, dialogs
    assert not errors, errors


def text_of(page) -> str:
    """What a person reads on the page (the invisible word joiners ui/safe.py adds dropped)."""
    return page.locator("body").inner_text().replace(JOINER, "")


def check_page(page, asked: list[str], dialogs: list[str], where: str) -> None:
    """No injected element exists: no image, link, frame or source naming the address; no LaTeX or icon drawn from
    user text; no dialog; nothing requested."""
    page.wait_for_timeout(300)  # an image would be requested as soon as it is in the DOM
    for css in (f"img[src*='{HOST}']", f"a[href*='{HOST}']", f"[src*='{HOST}']", "img[src='x']", "img[onerror]",
                "b:text-is('x')"):
        assert page.locator(css).count() == 0, (where, css)
    main = page.get_by_test_id("stMain")
    for tex in bs.tex(main):
        assert not re.search(r"LaTeX|x\^2|\by\b", tex), (where, tex)  # the app's own formulas only
    icons = main.get_by_test_id("stMarkdownContainer").get_by_test_id("stIconMaterial").all_inner_texts()
    assert not {"home", "bolt", "star"} & set(icons), (where, icons)
    assert not asked, (where, asked)
    assert not dialogs, (where, dialogs)
