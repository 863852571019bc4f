"""Many people on one server, without browsers: websocket clients that speak Streamlit's own protocol.

    python bench/load_ws.py --sessions 20 --duration 180      # 20 sessions for three minutes, half uploading

bench/load_test.py drives real Chromium contexts, which on a small machine take most of the CPU from the server they
measure. Here each session is what the browser's frontend sends and receives, nothing more: it opens
`/_stcore/stream` (the XSRF cookie from `/_stcore/health`, the token as the second subprotocol, as the frontend does),
asks for the first run (`rerun_script` with its `ClientState`), and reads the ForwardMsgs until `script_finished`.
Then, until `--duration` has passed, it goes round: switch to a metric page (`page_script_hash` from the
`navigation` message), change the sidebar's Period select box three times (its widget id found in the deltas by
its label, a new `string_value` each time), and — for the uploaders — open the Data page and upload files through
its uploader as the browser does: `file_urls_request`, an HTTP PUT of each file to the `upload_url` the server
answers with, then a rerun whose widget state lists the uploaded files.

Each step is timed from the BackMsg to the `script_finished` of the run it caused (runs that `st.rerun` restarts
included). Errors: an Exception element in any delta, an error-level `script_finished`, a run that does not finish
within `--step-timeout`, a refused upload, a closed connection. The server's resident memory (with its children: the
workbook reader's) is sampled every 0.2 s. Traffic goes to 127.0.0.1 only and the run stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402  (websockets comes with Streamlit's server)
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.Common_pb2 import UploadedFileInfo  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from bench.load_test import Memory, cpu_seconds, pct  # noqa: E402

METRIC_PAGES = ["Overview", "Revenue", "Retention & churn"]
UPLOADER = "Upload CSV or Excel files"  # the Data page's uploader label starts so
SAMPLE = ROOT / "sample_data"
UPLOAD_SETS = [sorted((SAMPLE / "brightwave").glob("*.csv")), [SAMPLE / "messy" / "acme_export.xlsx"],
               [SAMPLE / "brightwave" / "subscriptions.csv", SAMPLE / "brightwave" / "customers.csv"]]


@dataclass
class Run:
    """What one script run (and the runs `st.rerun` chained to it) drew."""

    widgets: dict[str, tuple[str, str, list[str], int]] = field(default_factory=dict)  # label -> (kind, id, options, default)
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # page name -> page_script_hash
    page_hash: str = ""


@dataclass
class Figures:
    first: list[float] = field(default_factory=list)
    rerun: list[float] = field(default_factory=list)
    page: list[float] = field(default_factory=list)
    upload: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Session:
    """One person's tab: a websocket to the server and the widget states the frontend would hold."""

    def __init__(self, k: int, base: str, figures: Figures, step_timeout: float, think: float = 0.0):
        self.k, self.base, self.fig, self.step_timeout, self.think = k, base, figures, step_timeout, think
        self._rng = random.Random(k)
        self.ws = None
        self.session_id = ""
        self.xsrf = ""
        self.states: dict[str, WidgetState] = {}  # widget id -> the state the frontend sends back
        self.run = Run()
        self.file_urls: dict[str, ForwardMsg] = {}

    async def connect(self) -> None:
        def health() -> str:
            with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=30) as r:
                cookie = r.headers.get("Set-Cookie", "")
            return cookie.split("_streamlit_xsrf=", 1)[1].split(";", 1)[0] if "_streamlit_xsrf=" in cookie else ""

        self.xsrf = await asyncio.to_thread(health)
        headers = {"Origin": self.base}
        if self.xsrf:
            headers["Cookie"] = f"_streamlit_xsrf={self.xsrf}"
        protocols = ["streamlit", self.xsrf] if self.xsrf else ["streamlit"]
        self.ws = await websockets.connect(self.base.replace("http", "ws", 1) + "/_stcore/stream",
                                           subprotocols=protocols, additional_headers=headers,
                                           max_size=None, open_timeout=self.step_timeout)

    async def send(self, msg: BackMsg) -> None:
        await self.ws.send(msg.SerializeToString())

    async def pause(self) -> None:
        if self.think:  # a person reads the page before the next click: uniform on [0, 2 × think] seconds
            await asyncio.sleep(self._rng.uniform(0, 2 * self.think))

    async def rerun(self, page_hash: str | None = None, changed: WidgetState | None = None,
                    pause: bool = True) -> float:
        """Ask for a run (of `page_hash`, default the current page) and wait for it: seconds until it finished."""
        if pause:
            await self.pause()
        if changed is not None:
            self.states[changed.id] = changed
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.run.page_hash if page_hash is None else page_hash
        msg.rerun_script.widget_states.widgets.extend(self.states.values())
        t = time.perf_counter()
        await self.send(msg)
        await asyncio.wait_for(self.finish(), self.step_timeout)
        return time.perf_counter() - t

    async def finish(self) -> None:
        """Read ForwardMsgs until the requested run (and any `st.rerun` it chained) has finished."""
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                if fwd.new_session.initialize.session_id:
                    self.session_id = fwd.new_session.initialize.session_id
                self.run = Run(page_hash=fwd.new_session.page_script_hash, pages=self.run.pages)
            elif kind == "navigation":
                self.run.pages = {p.page_name: p.page_script_hash for p in fwd.navigation.app_pages}
                self.run.page_hash = fwd.navigation.page_script_hash or self.run.page_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._element(fwd.delta.new_element)
            elif kind == "file_urls_response":
                self.file_urls[fwd.file_urls_response.response_id] = fwd
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # st.rerun: the server starts the next run by itself
                if status != "FINISHED_SUCCESSFULLY":
                    self.fig.errors.append(f"session {self.k}: script finished {status}")
                # the frontend forgets the states of widgets the run did not draw
                ids = {w[1] for w in self.run.widgets.values()}
                self.states = {i: s for i, s in self.states.items() if i in ids}
                for e in self.run.exceptions:
                    self.fig.errors.append(f"session {self.k}: exception element: {e}")
                return

    def _element(self, el) -> None:
        kind = el.WhichOneof("type")
        if kind in ("selectbox", "radio"):
            w = getattr(el, kind)
            self.run.widgets[w.label] = (kind, w.id, list(w.options), w.default)
        elif kind == "file_uploader":
            self.run.widgets[el.file_uploader.label] = (kind, el.file_uploader.id, [], 0)
        elif kind == "exception":
            self.run.exceptions.append(f"{el.exception.type}: {el.exception.message[:200]}")
        elif kind == "markdown":
            self.run.texts.append(el.markdown.body)
        elif kind == "heading":
            self.run.headings.append(el.heading.body)

    def widget(self, label: str, prefix: bool = False) -> tuple[str, str, list[str], int] | None:
        for name, w in self.run.widgets.items():
            if name == label or (prefix and name.startswith(label)):
                return w
        return None

    async def change_period(self, step: int) -> None:
        w = self.widget("Period")
        if w is None or len(w[2]) < 2:
            raise RuntimeError(f"no Period select box with two options on page {self.run.page_hash}")
        _, wid, options, default = w
        current = self.states[wid].string_value if wid in self.states else options[default]
        others = [o for o in options if o != current]
        chosen = others[-1 - step % min(len(others), 6)]  # one of the recent periods
        self.fig.rerun.append(await self.rerun(changed=WidgetState(id=wid, string_value=chosen)))
        if not any(f"· {chosen} " in t for t in self.run.texts):  # the page's caption names the period shown
            self.fig.errors.append(f"session {self.k}: the page does not show the period {chosen} chosen")

    async def open_page(self, name: str) -> None:
        if name not in self.run.pages:
            raise RuntimeError(f"no page {name!r} in the navigation ({', '.join(self.run.pages)})")
        self.fig.page.append(await self.rerun(page_hash=self.run.pages[name]))
        if name != "Data" and name not in self.run.headings:
            self.fig.errors.append(f"session {self.k}: opening {name} drew {self.run.headings[:1]}")

    async def upload(self, files: list[Path]) -> None:
        """The browser's upload: ask for URLs, PUT each file there, rerun with the uploader's new state."""
        w = self.widget(UPLOADER, prefix=True)
        if w is None:
            raise RuntimeError("no file uploader on the Data page")
        await self.pause()
        t = time.perf_counter()
        msg = BackMsg()
        request_id = uuid.uuid4().hex
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.file_names.extend(f.name for f in files)
        msg.file_urls_request.session_id = self.session_id
        await self.send(msg)
        while request_id not in self.file_urls:  # answered outside a run: read until it comes
            await asyncio.wait_for(self._one(), self.step_timeout)
        urls = self.file_urls.pop(request_id).file_urls_response.file_urls
        state = WidgetState(id=w[1])
        for path, u in zip(files, urls, strict=True):
            await asyncio.to_thread(self._put, u.upload_url, path)
            state.file_uploader_state_value.uploaded_file_info.append(UploadedFileInfo(
                name=path.name, size=path.stat().st_size, file_id=u.file_id, file_urls=u))
        await self.rerun(changed=state, pause=False)
        self.fig.upload.append(time.perf_counter() - t)
        shown = [t for t in self.run.texts if t.startswith("Now showing")]
        if not shown or f"· {len(files)} file" not in shown[0]:  # the sample replaced; same names replace theirs
            self.fig.errors.append(f"session {self.k}: the Data page shows {shown[:1]} after uploading {len(files)} files")

    async def _one(self) -> None:
        fwd = ForwardMsg()
        fwd.ParseFromString(await self.ws.recv())
        if fwd.WhichOneof("type") == "file_urls_response":
            self.file_urls[fwd.file_urls_response.response_id] = fwd

    def _put(self, upload_url: str, path: Path) -> None:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + \
            f"\r\n--{boundary}--\r\n".encode()
        req = urllib.request.Request(self.base + upload_url, data=body, method="PUT", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            **({"X-Xsrftoken": self.xsrf, "Cookie": f"_streamlit_xsrf={self.xsrf}"} if self.xsrf else {})})
        with urllib.request.urlopen(req, timeout=self.step_timeout) as r:
            if r.status != 204:
                raise RuntimeError(f"upload of {path.name} answered HTTP {r.status}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def session(k: int, base: str, fig: Figures, until: float, uploads: list[Path] | None,
                  step_timeout: float, think: float = 0.0) -> int:
    """One person until `until` (time.monotonic): returns the rounds done."""
    s = Session(k, base, fig, step_timeout, think)
    step, rounds = "connect", 0
    try:
        await s.connect()
        step = "first run"
        fig.first.append(await s.rerun(page_hash=""))
        while rounds == 0 or time.monotonic() < until:  # at least one round, however slow the start
            page = METRIC_PAGES[(k + rounds) % len(METRIC_PAGES)]
            step = f"round {rounds}: open {page}"
            await s.open_page(page)
            for i in range(3):
                step = f"round {rounds}: period change {i} on {page}"
                await s.change_period(rounds + i)
            if uploads:
                step = f"round {rounds}: upload"
                await s.open_page("Data")
                await s.upload(uploads)
            rounds += 1
    except TimeoutError:
        fig.errors.append(f"session {k}, {step}: no script_finished within {step_timeout:.0f} s")
    except websockets.ConnectionClosed as e:
        fig.errors.append(f"session {k}, {step}: the server closed the connection ({e})")
    except Exception as e:  # a failed step is a failure to report, not a reason to stop the others
        fig.errors.append(f"session {k}, {step}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    finally:
        await s.close()
    return rounds


async def load(base: str, sessions: int, duration: float, uploaders: int, step_timeout: float = 300.0,
               think: float = 0.0) -> dict:
    """`sessions` websocket sessions against the app at `base` for `duration` seconds (each finishes its round);
    `think`: the mean pause before each step (0: every session asks for its next run the moment the last one ends)."""
    fig = Figures()
    until = time.monotonic() + duration
    rounds = await asyncio.gather(*(
        session(k, base, fig, until, UPLOAD_SETS[k % len(UPLOAD_SETS)] if k < uploaders else None, step_timeout,
                think) for k in range(sessions)))
    return {"first": fig.first, "rerun": fig.rerun, "page": fig.page, "upload": fig.upload, "errors": fig.errors,
            "rounds": rounds}


class Sampled(Memory):
    """Memory that also keeps (seconds, MB) every 5 s, to show whether the server's memory levels off."""

    def __init__(self, pid: int):
        super().__init__(pid)
        self.samples: list[tuple[float, float]] = []

    def _run(self) -> None:
        t0, n = time.monotonic(), 0
        while not self._stop.wait(0.2):
            rss = self._rss()
            self.peak = max(self.peak, rss)
            n += 1
            if n % 25 == 0:
                self.samples.append((round(time.monotonic() - t0, 1), round(rss / 2**20)))


def main() -> int:
    from tests import browser_support as bs

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--uploaders", type=int, help="sessions that upload (default: half)")
    ap.add_argument("--duration", type=float, default=180.0, help="seconds of rounds (each session ends its round)")
    ap.add_argument("--step-timeout", type=float, default=300.0, help="seconds for one step's run")
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds a person pauses before each step (default 0: a saturation test)")
    ap.add_argument("--no-nice", action="store_true", help="do not lower the clients' CPU priority")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    uploaders = args.sessions // 2 if args.uploaders is None else args.uploaders

    run_log = HERE / "data" / "load" / "runs_ws.tsv"
    run_log.parent.mkdir(parents=True, exist_ok=True)
    run_log.unlink(missing_ok=True)
    with bs.StreamlitServer(env={"CSM_RUN_LOG": str(run_log)}) as server:
        if not args.no_nice:  # the clients stand for people's own machines: they yield the CPU to the server
            os.nice(19)
        with Sampled(server.proc.pid) as mem:
            cpu0, t = cpu_seconds(mem.pids()), time.perf_counter()
            out = asyncio.run(load(server.base, args.sessions, args.duration, uploaders, args.step_timeout,
                                   args.think))
            wall, server_cpu = time.perf_counter() - t, cpu_seconds(mem.pids()) - cpu0
        _, err = server.output()
    tracebacks = err.count("Traceback")
    runs = [float(line.split("\t")[1]) for line in run_log.read_text().splitlines()] if run_log.exists() else []
    steps = out["rerun"] + out["page"]
    summary = {
        "sessions": args.sessions, "uploaders": uploaders, "duration_s": args.duration, "think_s": args.think,
        "wall_s": round(wall, 1),
        "rounds": sum(out["rounds"]), "reruns": len(out["rerun"]), "page_switches": len(out["page"]),
        "uploads": len(out["upload"]),
        "first_p50": pct(out["first"], 50), "first_max": max(out["first"], default=float("nan")),
        "rerun_p50": pct(out["rerun"], 50), "rerun_p95": pct(out["rerun"], 95),
        "rerun_max": max(out["rerun"], default=float("nan")),
        "page_p50": pct(out["page"], 50), "page_p95": pct(out["page"], 95),
        "all_steps_p50": pct(steps, 50), "all_steps_p95": pct(steps, 95),
        "upload_p50": pct(out["upload"], 50), "upload_max": max(out["upload"], default=float("nan")),
        "server_runs": len(runs), "run_p50": pct(runs, 50), "run_p95": pct(runs, 95),
        "errors": len(out["errors"]) + tracebacks, "server_tracebacks": tracebacks,
        "peak_rss_mb": round(mem.peak / 2**20), "server_cpu_s": round(server_cpu, 1),
    }
    print(f"{args.sessions} websocket sessions ({uploaders} uploading) for {args.duration:.0f} s, think time "
          f"{args.think:g} s: {wall:.1f} s in all, {summary['rounds']} rounds")
    print(f"  first run (cold server)   p50 {summary['first_p50']:6.2f} s   max {summary['first_max']:6.2f} s")
    print(f"  period change (rerun)     p50 {summary['rerun_p50']:6.2f} s   p95 {summary['rerun_p95']:6.2f} s   "
          f"max {summary['rerun_max']:6.2f} s  ({len(out['rerun'])})")
    print(f"  page switch               p50 {summary['page_p50']:6.2f} s   p95 {summary['page_p95']:6.2f} s  "
          f"({len(out['page'])})")
    print(f"  upload to numbers         p50 {summary['upload_p50']:6.2f} s   max {summary['upload_max']:6.2f} s  "
          f"({len(out['upload'])})")
    print(f"  script runs on the server p50 {summary['run_p50']:6.2f} s   p95 {summary['run_p95']:6.2f} s  ({len(runs)})")
    print(f"  errors {summary['errors']}   server peak RSS {summary['peak_rss_mb']:,} MB   server CPU "
          f"{server_cpu:.0f} s of {os.cpu_count() * wall:.0f} s")
    print("  server RSS every 5 s (MB): " + " ".join(str(mb) for _, mb in mem.samples))
    for e in out["errors"][:10]:
        print(f"    {e}")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rss": mem.samples, "raw": out}, indent=1))
    return 0 if summary["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
