"""How long one person waits for each step in the real browser: the steps issue 16 timed, on the sample company.

    python bench/render_times.py                 # 3 rounds, prints a table
    python bench/render_times.py --rounds 5 --json out.json

A fresh `streamlit run app.py` on loopback and Debian's Chromium (1400 px). Each step is timed from the action (a
page load, a click; a kind change from the click on Apply mapping) until the page shows what only the run it caused
can draw (the new title, the week in the Period box, the kind in the table's heading), the app is idle again, every
chart on the page has drawn its canvas or SVG and no element has come or gone for 0.15 s (not counted). Beside each
browser time: the server's own time for the runs of the step (`CSM_RUN_LOG`, written by app.py), when the last
message of the step reached the page, and how much the server sent, so a slow step shows where its time goes.

Before each step the person reads the page for 1.5 s (not counted): meanwhile the browser finishes loading what the
app asked it to load ahead (the chart and formula code, ui/lazy.py). The first open of a new server (cold: imports,
the sample company read) is timed apart from a second person's first open (warm). Sends traffic to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from tests import browser_support as bs  # noqa: E402

TIMEOUT = 120_000  # ms for one step
READ = 1.5  # s a person spends on a page before the next click (not counted; the app may load code meanwhile)
SETTLE = 0.15  # s without a new element on the page: the drawing is over (charts mount after the run ends)
# Done: connected, no run in progress, `want` drawn, every chart's canvas/SVG in place, and no element added or
# removed for SETTLE seconds (a chart's code loads and mounts after the run that sent it has finished).
DONE = """([kind, want, settle]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
      || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const main = document.querySelector('[data-testid=stMain]');
  if (!main) return false;
  if (kind === 'title') {
    const h1 = main.querySelector('h1');
    if (!h1 || h1.textContent.trim() !== want) return false;
  } else if (kind === 'period') {
    const box = [...document.querySelectorAll('[data-testid=stSidebar] input[role=combobox]')]
      .find(i => i.getAttribute('aria-label') === 'Period');
    if (!box || !new RegExp(want).test(box.value)) return false;
  } else if (!main.textContent.includes(want)) return false;
  const n = document.getElementsByTagName('*').length, now = performance.now(), s = window.__settle;
  if (!s || s.n !== n) { window.__settle = {n, since: now}; return false; }
  if (now - s.since < settle * 1000) return false;
  // last, as it makes the browser lay the page out (checked on every poll, it would slow the drawing it times)
  const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].filter(e => e.offsetParent);
  return !charts.some(e => !e.querySelector('canvas, svg'));  // (a hidden chart draws nothing)
}"""


class RunLog:
    """The server's per-run times (app.py appends `page<TAB>seconds` per run to CSM_RUN_LOG)."""

    def __init__(self, path: Path):
        self.path, self.seen = path, 0

    def since_last(self) -> list[float]:
        lines = self.path.read_text().splitlines() if self.path.exists() else []
        new, self.seen = lines[self.seen:], len(lines)
        return [float(line.split("\t")[1]) for line in new]


class Frames:
    """What the server sent over the websocket: bytes, and when the last message came."""

    def __init__(self, page):
        self.bytes, self.last = 0, 0.0
        page.on("websocket", lambda ws: ws.on("framereceived", self._got))

    def _got(self, payload) -> None:
        self.bytes += len(payload)
        self.last = time.perf_counter()


def step(page, log: RunLog, action, kind: str, want: str) -> tuple[float, float, float, float]:
    """(browser seconds, server seconds, seconds to the last message, kB received) of one step."""
    page.wait_for_timeout(READ * 1000)  # the person reads what the last step drew before the next click
    log.since_last()
    frames = page.frames_seen
    frames.bytes = 0
    t0 = time.perf_counter()
    action()
    page.wait_for_timeout(50)  # let the click's rerun begin before the first look
    page.evaluate("window.__settle = null")
    page.wait_for_function(DONE, arg=[kind, want, SETTLE], timeout=TIMEOUT, polling=20)
    done = time.perf_counter() - t0 - SETTLE
    return done, sum(log.since_last()), max(frames.last - t0, 0), frames.bytes / 1e3


def granularity(page, to: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("radiogroup", name="Granularity").get_by_role(
        "radio", name=to, exact=True).click()


def period(page, label: str) -> None:
    """Choose a period in the sidebar's Period box, as a person does (open it, click the period)."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(
        has=page.get_by_role("combobox", name="Period", exact=True))
    box.get_by_role("combobox").click()
    page.keyboard.type(label)  # the list is long and drawn in part: filter it to the period
    page.get_by_role("listbox").get_by_role("option", name=label, exact=True).click()


def nav(page, name: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True).click()


def table_box(page, table: str):
    return page.get_by_test_id("stMain").get_by_test_id("stExpander").filter(has_text=f"{table} →").first


def choose_kind(page, table: str, kind_label: str) -> None:
    """Open a table in the mapping editor and pick its kind, as a person does (not timed: the person's own time)."""
    exp = table_box(page, table)
    if not exp.get_by_role("combobox", name="What is this table?").is_visible():
        exp.locator("summary").click()
    box = exp.get_by_test_id("stSelectbox").filter(has=page.get_by_role("combobox", name="What is this table?"))
    for _ in range(5):  # a rerun that ends as the list opens closes it again: open until the click lands
        box.get_by_role("button", name="Open").click()
        try:
            page.get_by_role("listbox").get_by_role("option", name=kind_label, exact=True).click(timeout=3_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {kind_label!r} for {table}")


def apply_kind(page, log: RunLog, table: str, kind_label: str, heading: str) -> tuple:
    """The step a person waits for: from the click on the table's Apply mapping to the data read again."""
    choose_kind(page, table, kind_label)
    def apply() -> None:
        button = table_box(page, table).get_by_role("button", name="Apply mapping")
        if not button.count():  # the editor before issue 16: one form for every table, its button below them
            button = page.get_by_test_id("stMain").get_by_role("button", name="Apply mapping")
        button.click()

    return step(page, log, apply, "text", f"{table} → {heading}")


def one_round(browser, server, log: RunLog, cold: bool) -> list[tuple]:
    ctx = browser.new_context(viewport=bs.VIEWPORT)
    page = ctx.new_page()
    page.frames_seen = Frames(page)
    out = []
    try:
        out.append(("first open (cold server)" if cold else "first open (warm server)",
                    *step(page, log, lambda: page.goto(server.url()), "title", "Overview")))
        out.append(("Data page", *step(page, log, lambda: nav(page, "Data"), "title", "Your data")))
        out.append(("apply a kind change", *apply_kind(page, log, "churn_events.csv", "Product usage (usage)",
                                                        "Product usage")))
        out.append(("apply the kind back", *apply_kind(page, log, "churn_events.csv", "Churn events (churn_events)",
                                                        "Churn events")))
        out.append(("Revenue page", *step(page, log, lambda: nav(page, "Revenue"), "title", "Revenue")))
        out.append(("Revenue, week granularity", *step(page, log, lambda: granularity(page, "week"),
                                                       "period", r"W\d")))
        out.append(("Revenue, month granularity", *step(page, log, lambda: granularity(page, "month"),
                                                        "period", r"^\d{4}-\d{2}$")))
        out.append(("Revenue, another period", *step(page, log, lambda: period(page, "2024-09"), "period",
                                                     r"^2024-09$")))
        for name, title in [("Retention & churn", "Retention & churn"), ("Overview", "Overview")]:
            out.append((f"{name} page", *step(page, log, lambda n=name: nav(page, n), "title", title)))
    finally:
        ctx.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright


    tmp = Path(tempfile.mkdtemp(prefix="csm-render-"))
    log = RunLog(tmp / "runs.tsv")
    rows: list[tuple] = []
    with bs.StreamlitServer(env={"CSM_RUN_LOG": str(log.path), "CSM_DATA_DIR": str(tmp / "data")}) as server, \
            sync_playwright() as p:
        browser = bs.launch(p)
        for r in range(args.rounds):
            rows += one_round(browser, server, log, cold=r == 0)
        browser.close()
    steps: dict[str, list[tuple]] = {}
    for name, *figures in rows:
        steps.setdefault(name, []).append(figures)
    heads = ["browser s", "server s", "last message s", "kB sent"]
    print(f"{'step (each round)':30} " + " ".join(f"{h:>20}" for h in heads))
    for name, vals in steps.items():
        print(f"{name:30} " + " ".join(f"{' '.join(f'{v[i]:6.2f}' for v in vals):>20}" for i in range(4)))
    if args.json:
        args.json.write_text(json.dumps(steps, indent=1))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
