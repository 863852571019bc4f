"""Helpers of the real-browser tests (and of scripts/screenshots.py): run the app with `streamlit run` on a free
loopback port, drive Debian's Chromium with Playwright, and wait on what Streamlit draws.

Streamlit reruns asynchronously after every interaction, so nothing here sleeps for a fixed time: it polls for
concrete text or attributes with a bounded timeout (Playwright's `expect`). The app frame marks its state on the
root element: `data-test-script-state` is "running" during a rerun and "notRunning" once the page is drawn.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CSM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1400, "height": 1000}
START_TIMEOUT = 60.0  # seconds for `streamlit run` to answer /_stcore/health
RUN_TIMEOUT = 60_000  # ms for one script run (a cold first run imports csm and reads the sample company)


def marks() -> list:
    """The pytest marks of a real-browser test module: `browser`, and skipped where there is no Chromium."""
    import shutil

    import pytest

    return [pytest.mark.browser,
            pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                               reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")]


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a loopback port, from the repository root; a context manager.

    Starting waits (bounded) until /_stcore/health answers "ok". The health check runs no script, so the first page
    request a test makes is still the first script run of the server (what a cold-start deep link needs).
    """

    def __init__(self, app: str = "app.py", port: int | None = None, env: dict[str, str] | None = None):
        self.app = app
        self.port = port or free_port()
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc: subprocess.Popen | None = None
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server; close() closes it
        self._err = tempfile.TemporaryFile()  # noqa: SIM115

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "", **query: str) -> str:
        return f"{self.base}/{path.lstrip('/')}" + (f"?{urlencode(query)}" if query else "")

    def command(self) -> list[str]:
        return [sys.executable, "-m", "streamlit", "run", self.app,
                "--server.port", str(self.port), "--server.headless", "true", "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]

    def start(self, timeout: float = START_TIMEOUT) -> StreamlitServer:
        self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=self.env, stdout=self._out, stderr=self._err)
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._fail(f"`streamlit run` exited with code {self.proc.returncode} before it was healthy")
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                    body = r.read().decode(errors="replace").strip()
                if body == "ok":
                    return self
                last = f"health answered {body!r}"
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
                last = f"{type(e).__name__}: {e}"
            time.sleep(0.2)
        self._fail(f"{self.base}/_stcore/health did not answer 'ok' within {timeout:.0f} s (last: {last})")
        raise AssertionError("unreachable")

    def output(self) -> tuple[str, str]:
        """What the server wrote so far (stdout, stderr)."""
        out = []
        for f in (self._out, self._err):
            f.flush()
            f.seek(0)
            out.append(f.read().decode(errors="replace"))
        return out[0], out[1]

    def _fail(self, why: str) -> None:
        self.stop()
        out, err = self.output()
        raise RuntimeError(f"{why}\ncommand: {' '.join(self.command())}\n--- stderr ---\n{err[-4000:]}"
                           f"\n--- stdout ---\n{out[-2000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        self._out.close()
        self._err.close()

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


def launch(playwright):
    """Debian's Chromium, headless (Playwright cannot download its own browser here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# ----- waiting on the app ------------------------------------------------------------------------------------
def wait_idle(page, timeout: float = RUN_TIMEOUT) -> None:
    """Wait until the app is connected and no script run is in progress."""
    from playwright.sync_api import expect

    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


def wait_title(page, title: str, timeout: float = RUN_TIMEOUT) -> None:
    """Wait until the page's h1 reads `title` and the run that drew it finished."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stMain").locator("h1")).to_have_text(title, timeout=timeout)
    wait_idle(page, timeout)


def open_page(page, link: str, title: str | None = None) -> None:
    """Click a page in the sidebar navigation and wait for its h1 (`title`, default the link's text)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    wait_title(page, title or link)


def sidebar_select(page, label: str, option: str) -> None:
    """Choose `option` in the sidebar selectbox `label` the way a person does: open it, click the option."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(
        has=page.get_by_role("combobox", name=label, exact=True))
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wait_idle(page)
    box.scroll_into_view_if_needed()
    listbox = page.get_by_role("listbox")
    for _ in range(5):  # the popover can close again when the sidebar scrolls under it: open until it stays
        box.get_by_role("button", name="Open").click()
        try:
            listbox.get_by_role("option", name=option, exact=True).click(timeout=3_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {option!r} in the sidebar selectbox {label!r}")


def sidebar_multiselect(page, label: str, option: str) -> None:
    """Add `option` to the sidebar multiselect `label` the way a person does: open it, click the option, close it."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(
        has=page.get_by_text(label, exact=True))
    wait_idle(page)
    box.scroll_into_view_if_needed()
    box.get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)


def combobox(scope, label: str):
    """The input of a selectbox by its label (its value is the shown option)."""
    return scope.get_by_role("combobox", name=label, exact=True)


def metric_card(page, anchor: str):
    """The bordered card of one metric: the innermost block holding the subheader whose anchor is `anchor`."""
    return page.get_by_test_id("stVerticalBlock").filter(has=page.locator(f"[id='{anchor}']")).last


def metric(page, label: str, scope=None):
    """The st.metric(s) whose label is exactly `label` (within `scope`, default the whole page)."""
    return (scope or page).get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))


def tex(scope) -> list[str]:
    """The TeX sources of the formulas KaTeX drew in `scope` (its MathML keeps them as annotations)."""
    return [s.strip() for s in scope.locator('annotation[encoding="application/x-tex"]').all_text_contents()]


def assert_no_dialog(page) -> None:
    """No modal is open (Streamlit says "Page not found" in one when a URL names no page)."""
    dialog = page.get_by_role("dialog")
    assert dialog.count() == 0, f"a dialog is open at {page.url}: {dialog.first.inner_text()}"
