"""Many people on one server: concurrent browser sessions against `streamlit run app.py` on loopback.

    python bench/load_test.py                      # 10 sessions, half of them uploading (one a 200k-row file)
    python bench/load_test.py --sessions 20 --rounds 6

Every session is a fresh Chromium context (Debian's, through Playwright's async API) that opens the app at the same
moment as the others on a freshly started server (the first page of each is cold), then — for the uploaders —
opens the Data page and uploads its file, and then goes through `--rounds` rounds of a page switch and a switch of
the sidebar's granularity (month ↔ quarter: every period changes). Each step is timed from the action until the
page shows what only the run it caused can draw (the new page's title, "Now showing: FILE", a quarter in the Period
box) with the app idle again (`data-test-script-state`): a run that waits in the server's queue counts in full.
The server's resident memory (with its children: the workbook reader's) is sampled every 0.2 s.

It sends traffic to 127.0.0.1 only, and stops by itself: every wait is bounded, and the whole run by `--timeout`.
Prints one table; `--json FILE` writes the raw figures.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests import browser_support as bs  # noqa: E402

STEP_TIMEOUT = int(__import__("os").environ.get("LOAD_STEP_MS", 300_000))  # ms for one step
# A step is done when the page shows what the run it caused draws (a state only that run can produce) and the app is
# idle again: robust to a run that waits in a queue, and to timers a browser throttles.
DONE = """([kind, want]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
      || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (kind === 'title') {
    const h1 = document.querySelector('[data-testid=stMain] h1');
    return !!h1 && h1.textContent.trim() === want;
  }
  if (kind === 'text') return document.querySelector('[data-testid=stMain]').innerText.includes(want);
  const box = [...document.querySelectorAll('[data-testid=stSidebar] input[role=combobox]')]
    .find(i => i.getAttribute('aria-label') === 'Period');
  return !!box && new RegExp(want).test(box.value);
}"""
PAGES = ["Revenue", "Retention & churn", "Overview"]


def big_subscriptions(path: Path, rows: int) -> Path:
    """`rows` subscriptions of rows // 2 customers over five years, as a billing tool exports them."""
    rng = np.random.default_rng(7)
    n_cust = rows // 2
    start = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1700, rows), unit="D")
    length = rng.integers(30, 900, rows)
    end = (start + pd.to_timedelta(length, unit="D")).where(rng.random(rows) < 0.6)
    frame = pd.DataFrame({
        "Customer ID": [f"C{c:06d}" for c in rng.integers(0, n_cust, rows)],
        "Plan": rng.choice(["Starter", "Growth", "Scale"], rows),
        "Start Date": start.strftime("%m/%d/%Y"),
        "End Date": end.strftime("%m/%d/%Y"),
        "MRR": [f"${v:,.2f}" for v in rng.choice([29.0, 99.0, 249.0, 1250.0], rows)],
    })
    frame.to_csv(path, index=False)
    return path


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes and of their children already reaped (/proc/PID/stat)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / tick


def browser_pids() -> list[int]:
    """Every Chromium process of this machine's load test (they run as this user, started by Playwright)."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if "chrom" in (d / "comm").read_text():
                    out.append(int(d.name))
            except OSError:
                continue
    return out


class Memory:
    """Peak resident memory of a process and its children, sampled in a thread."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                continue
        return total

    def pids(self) -> list[int]:
        return [self.pid, *self._children(self.pid)]

    def _children(self, pid: int) -> list[int]:
        out = []
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                kids = (task / "children").read_text().split()
                for k in map(int, kids):
                    out += [k, *self._children(k)]
        except OSError:
            pass
        return out

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self._rss())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


async def timed(page, action, kind: str, want: str) -> float:
    """Seconds from `action` until the page shows `want` (see DONE) with no run in progress."""
    t = time.perf_counter()
    await action()
    await page.wait_for_function(DONE, arg=[kind, want], timeout=STEP_TIMEOUT, polling=20)
    return time.perf_counter() - t


async def idle(page) -> None:
    await page.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=stApp]');"
        " return a && a.getAttribute('data-test-connection-state') === 'CONNECTED'"
        " && a.getAttribute('data-test-script-state') === 'notRunning'; }", timeout=STEP_TIMEOUT, polling=50)


async def open_link(page, name: str) -> None:
    await page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True).click()


async def change_granularity(page, to: str) -> None:
    """Switch the sidebar's granularity (month ↔ quarter: every period changes), as a person clicks it."""
    group = page.get_by_test_id("stSidebar").get_by_role("radiogroup", name="Granularity")
    await group.get_by_role("radio", name=to, exact=True).click()


async def session(k: int, browser, server, upload: Path | None, rounds: int, out: dict) -> None:
    ctx = await browser.new_context(viewport=bs.VIEWPORT)
    ctx.set_default_timeout(STEP_TIMEOUT)  # every wait of a step, clicks and file inputs too (Playwright's is 30 s)
    page = await ctx.new_page()
    page.on("pageerror", lambda e: out["errors"].append(f"session {k}: {e}"))
    step = "first page"
    try:
        t = time.perf_counter()
        await page.goto(server.url())
        await page.get_by_test_id("stMetric").first.wait_for(timeout=STEP_TIMEOUT)
        await idle(page)
        out["first"].append(time.perf_counter() - t)
        if upload is not None:
            step = "upload"
            out["page"].append(await timed(page, lambda: open_link(page, "Data"), "title", "Your data"))
            files = page.get_by_test_id("stFileUploader").first.locator("input[type=file]")
            out["upload"].append(await timed(page, lambda: files.set_input_files(upload), "text",
                                             f"Now showing: {upload.name}"))
            out["uploaded"].append(upload.name)
        here = "Data" if upload is not None else "Overview"
        for r in range(rounds):
            step = f"round {r}: page"
            link = [p for p in PAGES if p != here][(k + r) % (len(PAGES) - 1)]
            out["page"].append(await timed(page, lambda link=link: open_link(page, link), "title", link))
            here, step = link, f"round {r}: granularity on {link}"
            to = "quarter" if r % 2 == 0 else "month"
            out["rerun"].append(await timed(page, lambda to=to: change_granularity(page, to), "period",
                                            r"^\d{4}-Q\d$" if to == "quarter" else r"^\d{4}-\d{2}$"))
        if await page.get_by_test_id("stException").count():
            out["errors"].append(f"session {k}: {await page.get_by_test_id('stException').first.inner_text()}")
    except Exception as e:  # a timed-out step is a failure to report, not a reason to stop the others
        out["errors"].append(f"session {k}, {step}: {type(e).__name__}: {str(e).splitlines()[0]}")
    finally:
        await ctx.close()


async def run(args, server, uploads: list[Path | None]) -> dict:
    from playwright.async_api import async_playwright

    out = {"first": [], "page": [], "rerun": [], "upload": [], "uploaded": [], "errors": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=bs.CHROMIUM, headless=True, args=bs.CHROMIUM_ARGS)
        cpu0 = cpu_seconds(browser_pids())
        try:
            await asyncio.wait_for(asyncio.gather(*(
                session(k, browser, server, uploads[k], args.rounds, out) for k in range(args.sessions))),
                timeout=args.timeout)
        except TimeoutError:
            out["errors"].append(f"the run passed --timeout {args.timeout} s and was stopped")
        finally:
            out["browser_cpu_s"] = cpu_seconds(browser_pids()) - cpu0
            await browser.close()
    return out


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--uploaders", type=int, help="sessions that upload (default: half)")
    ap.add_argument("--rounds", type=int, default=4, help="page switch + period change rounds per session")
    ap.add_argument("--big-rows", type=int, default=200_000, help="rows of the one big upload")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds for the whole run")
    ap.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout whose app.py is served")
    ap.add_argument("--nice", action="store_true",
                    help="run the browsers at the lowest CPU priority, as if they were on the users' own machines "
                         "(on one machine they otherwise take most of the CPU from the server they measure)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--profile", type=Path, help="py-spy's collapsed stacks of the server to this file")
    args = ap.parse_args()
    uploaders = args.sessions // 2 if args.uploaders is None else args.uploaders

    data = HERE / "data" / "load"
    data.mkdir(parents=True, exist_ok=True)
    big = data / f"subscriptions_{args.big_rows // 1000}k.csv"
    if not big.exists():
        big_subscriptions(big, args.big_rows)
    small = [ROOT / "sample_data" / "messy" / "acme_export.xlsx", ROOT / "sample_data" / "brightwave" / "subscriptions.csv"]
    uploads = [big if k == 0 and uploaders else small[k % 2] if k < uploaders else None for k in range(args.sessions)]

    bs.ROOT = args.app_dir  # the server runs in the checkout served (its .streamlit/config.toml included)
    run_log = data / "runs.tsv"
    run_log.unlink(missing_ok=True)
    server = bs.StreamlitServer(env={"CSM_RUN_LOG": str(run_log)})
    server.command = lambda: [sys.executable, "-m", "streamlit", "run", str(args.app_dir / "app.py"),
                              "--server.port", str(server.port), "--server.headless", "true",
                              "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
                              "--server.fileWatcherType", "none"]
    with server:
        spy = None
        if args.profile:  # py-spy samples the server (all its threads) for the whole run, as collapsed stacks
            spy = subprocess.Popen(["py-spy", "record", "--pid", str(server.proc.pid), "--rate", "50", "--format",
                                    "raw", "--subprocesses", "--output", str(args.profile)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if args.nice:  # from here on this process and the browsers it starts yield the CPU to the server
            os.nice(19)
        with Memory(server.proc.pid) as mem:
            cpu0 = cpu_seconds(mem.pids())
            t = time.perf_counter()
            out = asyncio.run(run(args, server, uploads))
            wall = time.perf_counter() - t
            server_cpu = cpu_seconds(mem.pids()) - cpu0
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(60)
        _, err = server.output()
    out["server_tracebacks"] = err.count("Traceback")
    runs = [float(line.split("\t")[1]) for line in run_log.read_text().splitlines()] if run_log.exists() else []
    out["server_runs"] = runs
    summary = {
        "sessions": args.sessions, "uploaders": uploaders, "rounds": args.rounds, "wall_s": wall,
        "first_p50": pct(out["first"], 50), "first_max": max(out["first"], default=float("nan")),
        "page_p50": pct(out["page"], 50), "page_p95": pct(out["page"], 95),
        "rerun_p50": pct(out["rerun"], 50), "rerun_p95": pct(out["rerun"], 95),
        "upload_p50": pct(out["upload"], 50), "upload_max": max(out["upload"], default=float("nan")),
        "errors": len(out["errors"]) + out["server_tracebacks"], "peak_rss_mb": mem.peak / 2**20,
        "runs": len(runs), "run_p50": pct(runs, 50), "run_p95": pct(runs, 95), "run_max": max(runs, default=float("nan")),
        "server_cpu_s": server_cpu, "browser_cpu_s": out["browser_cpu_s"], "nice": args.nice,
    }
    print(f"{args.sessions} sessions ({uploaders} uploading, one {args.big_rows:,} rows), {args.rounds} rounds each, "
          f"{wall:.1f} s in all" + (", browsers niced" if args.nice else ""))
    print(f"  first page (cold server)  p50 {summary['first_p50']:6.2f} s   max {summary['first_max']:6.2f} s")
    print(f"  page switch               p50 {summary['page_p50']:6.2f} s   p95 {summary['page_p95']:6.2f} s")
    print(f"  granularity (rerun)       p50 {summary['rerun_p50']:6.2f} s   p95 {summary['rerun_p95']:6.2f} s")
    print(f"  upload to numbers         p50 {summary['upload_p50']:6.2f} s   max {summary['upload_max']:6.2f} s")
    print(f"  script runs on the server  p50 {summary['run_p50']:6.2f} s   p95 {summary['run_p95']:6.2f} s   "
          f"max {summary['run_max']:6.2f} s  ({len(runs)} runs, from the app's CSM_RUN_LOG)")
    print(f"  errors {summary['errors']}   server peak RSS {summary['peak_rss_mb']:,.0f} MB")
    print(f"  CPU: server {server_cpu:.1f} s, browsers {out['browser_cpu_s']:.1f} s, of {os.cpu_count() * wall:.0f} s on {os.cpu_count()} cores")
    for e in out["errors"][:10]:
        print(f"    {e}")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "raw": out}, indent=1))
    return 0 if summary["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
