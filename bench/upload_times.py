"""How long a new user waits, in the real browser, from giving the Data page the company's five files to the Overview.

Issue 15, "The app at this size".

    python bench/make_company.py                 # once: bench/data/company/*.csv (2.7M rows, 113 MB)
    python bench/upload_times.py                 # 1 round, prints the table, writes bench/out/upload_times-*.json
    python bench/upload_times.py --rounds 2 --shots /tmp/upload_shots
    python bench/upload_times.py --straight      # to the Overview as soon as the status box says done
    python bench/upload_times.py --server-env CSM_CACHE_MB=4096 --py-spy /tmp/spy.txt   # a diagnosis

Each round starts a fresh `streamlit run app.py` on a free loopback port (so nothing is cached: the reading and
normalising are a new deployment's) and Debian's Chromium (1400 px, as bench/render_times.py), opens the app, goes
to the Data page and gives the page's uploader the five files (Playwright `set_input_files`, as a drop would). A
poller in the page notes when each new text first shows in the main column, so every step the status box shows is
timed as the person sees it: the upload until the status box opens, each "Reading <file>", "Guessing what each table
is", each "Normalising <table> (table k of n)", then the status box's end and the Data page drawn again with the new
data. Then the Overview (from the click until its numbers and every chart are drawn: render_times' DONE), noting
any spinner the app shows after half a second, and two reruns after a change of the sidebar's Period box (to the month before,
and back), each with the server's own time (CSM_RUN_LOG, written by app.py). The server's peak memory is its VmHWM
(/proc/<pid>/status). Each time is noted with the load average (a shared 2-core machine).

The Overview's headline cards are then checked against `python -m csm report <files> --format json` for the same
period (values and changes formatted with csm.fmt, compared as text): any difference is printed and kept in the JSON.
Sends traffic to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from render_times import DONE, SETTLE, RunLog, nav, period  # noqa: E402
from upload_report import COMPANY, FILES, cli_check, report  # noqa: E402

from tests import browser_support as bs  # noqa: E402

TIMEOUT = 600_000  # ms: the whole upload on a busy machine
READ = 1.5  # s a person spends on a page before the next click (not counted)

# Notes, in the page, the first time each text shows in the main column (epoch ms), and each change of the script
# state; what is on the page when it starts is not news. Polls every 25 ms with textContent (no layout).
SPINNERS = ("Computing", "Reading the tables")  # the texts of the app's spinners (app_pages/data.py's mapping editor)
WATCH = """() => {
  if (window.__watch) clearInterval(window.__watch);
  const now = () => performance.timeOrigin + performance.now();
  const sel = '[data-testid=stMarkdownContainer], [data-testid=stExpander] summary, [data-testid=stSpinner],'
            + ' [data-testid=stProgress], [data-testid=stAlert], h1';
  const texts = () => {
    const main = document.querySelector('[data-testid=stMain]');
    return main ? [...main.querySelectorAll(sel)].map(e => e.textContent.trim().slice(0, 300)) : [];
  };
  const seen = new Map(texts().map(t => [t, 0]));
  window.__seen = []; window.__states = [];
  let last = null;
  const poll = () => {
    const app = document.querySelector('[data-testid=stApp]');
    const s = app && app.getAttribute('data-test-script-state');
    if (s !== last) { window.__states.push([s, now()]); last = s; }
    for (const t of texts()) if (t && !seen.has(t)) { seen.set(t, 1); window.__seen.push([t, now()]); }
  };
  poll();
  window.__watch = setInterval(poll, 25);
}"""


# Whether Streamlit's "Running…" indicator (top right) is on screen: all a person has to tell a page still running.
RUNNING = """() => [...document.querySelectorAll('[data-testid^=stStatusWidget], [data-testid=stToolbar]')].map(w => {
  const r = w.getBoundingClientRect();
  return {testid: w.getAttribute('data-testid'), shown: !!w.offsetParent && r.width > 0 && r.height > 0,
          text: w.textContent.trim().slice(0, 80), box: [r.x, r.y, r.width, r.height].map(Math.round)};
})"""


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def memory(pid: int) -> dict[str, float]:
    """The process's peak and current resident memory, MB (Linux)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, val = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(val.split()[0]) / 1024
    return out


def stages(t0: float, seen: list[tuple[str, float]], files: list[str]) -> list[tuple[str, float, float]]:
    """(stage, seconds, seconds since the files were given) from the texts the page showed and when (epoch ms).

    A stage lasts from its own text's first showing to the next stage's; the first ("upload") from t0 to the status
    box opening. The texts are the app's (ui/uploads.py)."""
    marks: list[tuple[str, float, int]] = []
    got: set[str] = set()

    def mark(name: str, t: float, order: int) -> None:  # order: the app's, for texts seen in the same poll
        if name not in got:
            got.add(name)
            marks.append((name, t, order))

    for text, t in seen:
        if re.match(r"^Reading \d+ files?…", text):
            mark("status box opens (upload sent)", t, 0)
        m = re.match(r"^Reading (\S+) \(", text)
        if m and m.group(1) in files:
            mark(f"Reading {m.group(1)}", t, 1 + files.index(m.group(1)))
        if text.startswith("Guessing what each table is"):
            mark("Guessing what each table is", t, 20)
        m = re.match(r"^Normalising (.+) \(table (\d+) of (\d+)\)", text)
        if m:
            mark(f"Normalising {m.group(1)} (table {m.group(2)} of {m.group(3)})", t, 30 + int(m.group(2)))
        if text.startswith("Tables normalised"):
            mark("Tables normalised (bar full)", t, 90)
        if re.match(r"^Read \d+ files?", text):
            mark("status box complete → Data page drawn again", t, 91)
    marks.sort(key=lambda m: (m[1], m[2]))
    out = []
    prev_name, prev_t = "upload (files to the server, run starts)", t0
    for name, t, _ in marks:
        out.append((prev_name, (t - prev_t) / 1e3, (t - t0) / 1e3))
        prev_name, prev_t = name, t
    out.append((prev_name, None, None))  # closed by the caller (the page drawn again)
    return out


def wait_done(page, kind: str, want: str) -> None:
    page.evaluate("window.__settle = null")
    page.wait_for_function(DONE, arg=[kind, want, SETTLE], timeout=TIMEOUT, polling=20)


def shot(page, shots: Path | None, name: str, taken: dict, full: bool = False) -> None:
    if shots is None or name in taken:
        return
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    taken[name] = str(path)


def headlines(page) -> dict:
    """The Overview's caption and its cards: label → (value, delta)."""
    cards = page.get_by_test_id("stMain").get_by_test_id("stMetric")
    out = {}
    for k in range(cards.count()):
        c = cards.nth(k)
        label = c.get_by_test_id("stMetricLabel").inner_text().strip()
        value = c.get_by_test_id("stMetricValue").inner_text().strip()
        delta = c.get_by_test_id("stMetricDelta")
        out[label] = [value, delta.inner_text().strip() if delta.count() else None]
    caption = page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first.inner_text().strip()
    return {"caption": caption, "cards": out}


def period_box(page) -> str:
    return bs.combobox(page.get_by_test_id("stSidebar"), "Period").input_value()


def month_before(label: str) -> str:
    y, m = map(int, label.split("-"))
    return f"{y - (m == 1)}-{12 if m == 1 else m - 1:02d}"


def rerun(page, log: RunLog, action, kind: str, want: str) -> dict:
    page.wait_for_timeout(READ * 1000)
    log.since_last()
    page.evaluate("window.__seen = []")
    t0 = time.perf_counter()
    action()
    page.wait_for_timeout(50)
    wait_done(page, kind, want)
    browser = time.perf_counter() - t0 - SETTLE
    server = log.since_last()
    spin = [t for t, _ in page.evaluate("window.__seen") if t.startswith(SPINNERS)]
    return {"browser_s": browser, "server_s": sum(server), "server_runs": server, "spinners": spin,
            "load": loadavg()}


def one_round(p, n: int, shots: Path | None, env: dict[str, str], spy: Path | None = None,
              straight: bool = False) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="csm-upload-"))
    log = RunLog(tmp / "runs.tsv")
    paths = [str(COMPANY / f) for f in FILES]
    res: dict = {"round": n, "load_start": loadavg()}
    taken: dict[str, str] = {}
    pre = f"r{n}-" if shots else ""
    res["server_env"] = env
    spying = None
    with bs.StreamlitServer(env={"CSM_RUN_LOG": str(log.path), "CSM_DATA_DIR": str(tmp / "data"), **env}) as server:
        pid = server.proc.pid
        browser = bs.launch(p)
        ctx = browser.new_context(viewport=bs.VIEWPORT)
        page = ctx.new_page()
        try:
            t = time.perf_counter()
            page.goto(server.url())
            wait_done(page, "title", "Overview")
            res["first open (sample company), s"] = time.perf_counter() - t - SETTLE
            nav(page, "Data")
            wait_done(page, "title", "Your data")
            res["memory_before_upload_mb"] = memory(pid)
            page.wait_for_timeout(READ * 1000)
            page.evaluate(WATCH)
            log.since_last()
            uploader = page.get_by_test_id("stFileUploader").filter(has_text="Upload CSV or Excel files").first
            if spy:  # the server's stacks during the upload (py-spy, raw collapsed stacks), until the page is drawn
                out = spy.with_name(f"{spy.stem}-r{n}{spy.suffix or '.txt'}")
                spying = subprocess.Popen(["py-spy", "record", "-p", str(pid), "-f", "raw", "-r", "50", "-o", str(out),
                                           "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                res["py_spy"] = str(out)
                time.sleep(1)
            t0 = time.time() * 1e3
            uploader.locator("input[type=file]").set_input_files(paths)
            res["set_input_files_s"] = (time.time() * 1e3 - t0) / 1e3
            # Until the Data page is drawn again with the five files; screenshots on the way.
            deadline = time.monotonic() + TIMEOUT / 1e3
            while True:
                seen = page.evaluate("window.__seen")
                texts = [s for s, _ in seen]
                if any(s.startswith("Reading usage.csv") for s in texts):
                    shot(page, shots, f"{pre}1-reading", taken)
                if any(re.match(r"^Normalising .*table 3 of", s) for s in texts):
                    shot(page, shots, f"{pre}2-normalising", taken)
                if any(s.startswith("Tables normalised") for s in texts):
                    shot(page, shots, f"{pre}3-normalised", taken)
                done_at = [t for s, t in seen if re.match(r"^Read \d+ files?", s)]
                if straight and done_at:  # the person goes to the Overview as soon as the status box says done
                    break
                if done_at and time.time() * 1e3 - done_at[0] > 10_000:  # what the person sees 10 s after that
                    if "running_indicator_10s_after" not in res:
                        res["running_indicator_10s_after"] = page.evaluate(RUNNING)
                    shot(page, shots, f"{pre}3b-10s-after-status-complete", taken, full=True)
                done = page.evaluate("""() => {
                  const app = document.querySelector('[data-testid=stApp]');
                  const main = document.querySelector('[data-testid=stMain]');
                  return app.getAttribute('data-test-script-state') === 'notRunning'
                      && main.textContent.includes('5 uploaded files')
                      && !main.querySelector('[data-testid=stProgress]');
                }""")
                if done:
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError("the upload did not finish")
                page.wait_for_timeout(100)
            if straight:
                res["running_indicator_at_status_complete"] = page.evaluate(RUNNING)
                t_click = time.time() * 1e3
                nav(page, "Overview")
                page.wait_for_timeout(50)
                wait_done(page, "title", "Overview")
                end_name = "status box complete → Overview drawn (clicked at once)"
            else:
                wait_done(page, "text", "5 uploaded files")
                end_name = "total: files given → Data page drawn with them"
            t_end = time.time() * 1e3 - SETTLE * 1e3
            if spying:
                spying.send_signal(signal.SIGINT)
                spying.wait(timeout=60)
            seen = page.evaluate("window.__seen")
            res["states"] = page.evaluate("window.__states")
            rows = stages(t0, seen, FILES)
            last = rows[-1][0]
            prev = max((t for _, _, t in rows[:-1] if t is not None), default=0.0)
            if straight:
                last = "status box complete → Overview clicked"
                rows[-1] = (last, (t_click - t0) / 1e3 - prev, (t_click - t0) / 1e3)
                rows.append(("Overview clicked → drawn", (t_end - t_click) / 1e3, (t_end - t0) / 1e3))
            else:
                rows[-1] = (last, (t_end - t0) / 1e3 - prev, (t_end - t0) / 1e3)
            rows.append((end_name.replace("status box complete", "total: files given"), (t_end - t0) / 1e3,
                         (t_end - t0) / 1e3))
            res["upload_stages"] = rows
            res["upload_spinners"] = [t for t, _ in seen if t.startswith(SPINNERS)]
            res["upload_server_runs"] = log.since_last()
            res["status_texts"] = [[s, (t - t0) / 1e3] for s, t in seen]
            res["memory_after_upload_mb"] = memory(pid)
            res["load_after_upload"] = loadavg()
            if straight:
                res["overview"] = {"browser_s": (t_end - t_click) / 1e3, "server_s": sum(res["upload_server_runs"][1:]),
                                   "server_runs": res["upload_server_runs"], "load": loadavg(),
                                   "spinners": [s for s, _ in seen if s.startswith(SPINNERS)]}
            else:
                shot(page, shots, f"{pre}4-data-after", taken)
                # The Overview: from the click until its numbers and charts are drawn.
                res["overview"] = rerun(page, log, lambda: nav(page, "Overview"), "title", "Overview")
            shot(page, shots, f"{pre}5-overview", taken)
            res["headlines"] = headlines(page)
            first = period_box(page)
            before = month_before(first)
            res["period_shown"] = first
            res["rerun: Period → month before"] = rerun(page, log, lambda: period(page, before), "period",
                                                        f"^{before}$")
            shot(page, shots, f"{pre}6-overview-{before}", taken)
            res["headlines_before"] = headlines(page)
            res["period_before"] = before
            res["rerun: Period → back"] = rerun(page, log, lambda: period(page, first), "period", f"^{first}$")
            res["rerun: Period → month before, again"] = rerun(page, log, lambda: period(page, before), "period",
                                                               f"^{before}$")
            # Back to the Data page (to check the mapping, say): its editor and report over the new data.
            res["Data page again"] = rerun(page, log, lambda: nav(page, "Data"), "text", "5 uploaded files")
            res["Overview again"] = rerun(page, log, lambda: nav(page, "Overview"), "title", "Overview")
            res["memory_end_mb"] = memory(pid)
            res["load_end"] = loadavg()
        finally:
            res["screenshots"] = taken
            ctx.close()
            browser.close()
            _, err = server.output()
            res["server_errors"] = [ln for ln in err.splitlines() if "Traceback" in ln or "Error" in ln][:20]
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--json", type=Path, help="default: bench/out/upload_times-<time>.json")
    ap.add_argument("--shots", type=Path, help="a folder for screenshots (status box, Data page, Overview)")
    ap.add_argument("--server-env", action="append", default=[], metavar="KEY=VALUE",
                    help="an environment variable for the server (e.g. CSM_CACHE_MB=4096)")
    ap.add_argument("--py-spy", type=Path, metavar="FILE", help="record the server's stacks during the upload")
    ap.add_argument("--straight", action="store_true",
                    help="go to the Overview as soon as the status box says done (not waiting for the Data page)")
    ap.add_argument("--no-cli", action="store_true", help="skip the check against `python -m csm report`")
    args = ap.parse_args()
    missing = [f for f in FILES if not (COMPANY / f).exists()]
    if missing:
        sys.exit(f"missing {', '.join(missing)} in {COMPANY}: run `python bench/make_company.py` first")
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    rounds = []
    with sync_playwright() as p:
        for n in range(1, args.rounds + 1):
            rounds.append(one_round(p, n, args.shots, dict(kv.split("=", 1) for kv in args.server_env),
                                    args.py_spy, args.straight))
    result = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "rounds": rounds}
    if not args.no_cli and rounds and "headlines" in rounds[0]:
        r = rounds[0]
        pages = [(r["period_shown"], r["headlines"])]
        if "headlines_before" in r:
            pages.append((r["period_before"], r["headlines_before"]))
        result["cli_check"] = cli_check(pages)
    report(result)
    path = args.json or HERE / "out" / f"upload_times-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"\nwritten: {path}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
