"""One user's data stays that user's (issue 17, isolation): what the Streamlit caches are keyed on, no module state
holding an upload's cells, no log line holding them, no upload written to disk outside the share store.

Each check runs the real path (readers, load, every metric, the report, the app in AppTest) on files whose cells
carry a marker made for this run, then looks for the marker where it must not be.
"""
from __future__ import annotations

import ast
import datetime as dt
import gc
import importlib
import io
import logging
import os
import pkgutil
import sys
import time
import uuid
from pathlib import Path

import openpyxl
import pytest

import csm
from csm.engine import Analysis
from csm.loading import load, read_sources
from csm.metrics import compute_all
from csm.report import report_object
from csm.settings import Settings

from .conftest import ROOT, uploader

MARK = f"zq{uuid.uuid4().hex[:12]}"  # in cells only
HEAD = f"hq{uuid.uuid4().hex[:12]}"  # in a header


def files(mark: str = MARK, head: str = HEAD) -> list[tuple[str, bytes]]:
    csv = f"customer_id,start_date,end_date,mrr,{head}\n" + "".join(
        f"{mark}{i},2024-0{1 + i % 9}-01,,{100 + i},{mark} note {i}\n" for i in range(30))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Usage"
    ws.append(["customer_id", "date", "feature", "count"])
    for i in range(30):
        ws.append([f"{mark}{i}", dt.date(2024, 1 + i % 9, 2), f"{mark}feature", 3])
    buf = io.BytesIO()
    wb.save(buf)
    return [("subs.csv", csv.encode()), ("usage.xlsx", buf.getvalue())]


# ----- the Streamlit caches ----------------------------------------------------------------------------------------
# Every st.cache_resource function, and what it is keyed on. A new one fails here until someone has decided that
# what it keeps is shared safely between sessions: either keyed on content (two sessions share an entry only when
# both hold the same bytes) or holding nothing of a user's.
CACHE_RESOURCE = {
    "ui/state.py": {"_read_one": "File by digest", "_dataset": "Workspace by digest and mapping",
                    "workbench": "Workspace by digest and mapping", "_guess": "Workspace by digest and mapping",
                    "_sample": "no argument: the sample company"},
    "ui/sharing.py": {"_store": "the deployment's database URL and limits"},
}


def cached_functions(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:
                text = ast.unparse(d)
                if text.startswith(("st.cache_resource", "st.cache_data")):
                    yield node, text


def test_every_cache_resource_is_keyed_on_content_or_holds_nothing_of_a_users():
    found: dict[str, dict[str, str]] = {}
    for path in [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]:
        for fn, deco in cached_functions(path):
            body = ast.unparse(fn)
            assert "session_state" not in body and "query_params" not in body, (path, fn.name)  # no session's state
            if deco.startswith("st.cache_resource"):
                found.setdefault(str(path.relative_to(ROOT)), {})[fn.name] = deco
                args = [a.arg for a in fn.args.args]
                if args and not (path.name == "sharing.py" and args == ["url", "max_mb", "max_live"]):
                    assert "hash_funcs=_BY_CONTENT" in deco, (path, fn.name, deco)
    assert {p: set(f) for p, f in found.items()} == {p: set(f) for p, f in CACHE_RESOURCE.items()}


def test_the_cache_keys_are_the_files_content():
    from ui.state import File, Workspace

    a, b = File("subs.csv", b"customer_id\nc1\n"), File("subs.csv", b"customer_id\nc2\n")
    assert a.digest != b.digest  # same name, other bytes: another entry
    assert File("other.csv", a.data).digest != a.digest  # the name is part of it too
    assert Workspace("x", (a,)).key != Workspace("x", (b,)).key


# ----- module state and caches in csm ----------------------------------------------------------------------------
def csm_modules():
    for info in pkgutil.walk_packages(csm.__path__, "csm."):
        if not info.name.endswith("__main__"):  # that one runs the command line
            yield importlib.import_module(info.name)


def holds(value, needle: str, depth: int = 0, seen=None) -> bool:
    seen = set() if seen is None else seen
    if id(value) in seen or depth > 6:
        return False
    seen.add(id(value))
    if isinstance(value, str):
        return needle in value
    if isinstance(value, bytes):
        return needle.encode() in value
    if isinstance(value, dict):
        return any(holds(k, needle, depth + 1, seen) or holds(v, needle, depth + 1, seen) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(holds(v, needle, depth + 1, seen) for v in value)
    return False


def run_everything(mark: str = MARK, head: str = HEAD) -> None:
    ds = load(read_sources(files(mark, head)))
    analysis = Analysis(ds, Settings())
    compute_all(analysis)
    report_object(analysis)


def test_csm_keeps_no_cell_of_an_upload_in_module_state_or_function_caches():
    modules = list(csm_modules())
    caches = {f"{m.__name__}.{n}": f for m in modules for n, f in vars(m).items()
              if callable(f) and hasattr(f, "cache_info") and getattr(f, "__module__", "").startswith("csm")}
    run_everything()  # warm: caches of the schema fill on first use
    before = {n: f.cache_info().currsize for n, f in caches.items()}
    mark, head = f"zq{uuid.uuid4().hex[:12]}", f"hq{uuid.uuid4().hex[:12]}"
    run_everything(mark, head)
    gc.collect()
    for m in modules:
        for name, value in vars(m).items():
            assert not holds(value, mark), f"{m.__name__}.{name} holds a cell of the upload"
            assert not holds(value, head), f"{m.__name__}.{name} holds a header of the upload"
    grew = {n for n, f in caches.items() if f.cache_info().currsize != before[n]}
    # what a header means ("Monthly Fee ($)" → monthly fee, how well it names each field): headers, never a cell,
    # and in caches bounded by size (header_score's was not: every header ever uploaded stayed in memory)
    # (and a header word split into its compound parts, `_split`, or its misspelling corrected, `_typo_corrected`,
    # `_nearest`, `_nearest_local`, `_near_english`: words of headers too)
    assert {n.rsplit(".", 1)[1] for n in grew} <= {"_header_words", "header_score", "_split", "_typo_corrected",
                                                      "_nearest", "_nearest_local", "_near_english"}, grew
    assert all(caches[n].cache_info().maxsize for n in grew), {n: caches[n].cache_info() for n in grew}


# ----- logs --------------------------------------------------------------------------------------------------------
def test_no_log_line_holds_a_cell_or_a_header(caplog):
    with caplog.at_level(logging.DEBUG):
        run_everything()
    assert MARK not in caplog.text and HEAD not in caplog.text


def test_logging_calls_format_no_values():
    """Every logging call in the app passes a fixed message (an unexpected error adds its traceback, for the server's
    log only): no f-string, %-argument or .format of data."""
    for path in [ROOT / "app.py", *ROOT.glob("ui/*.py"), *ROOT.glob("app_pages/*.py"), *ROOT.glob("csm/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"debug", "info", "warning", "error", "exception", "critical", "log"}
                    and "log" in ast.unparse(node.func.value).lower()):
                assert len(node.args) == 1 and isinstance(node.args[0], ast.Constant), (path, ast.unparse(node))


# ----- uploads on disk ---------------------------------------------------------------------------------------------
def files_holding(folder: Path, needle: bytes, since: float, skip: tuple[Path, ...] = ()) -> list[Path]:
    out = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in {".git", "node_modules", "__pycache__"}]
        for n in names:
            p = Path(root, n)
            try:
                st = p.stat()
                if st.st_mtime < since or st.st_size > 300 * 2**20 or any(p.is_relative_to(s) for s in skip):
                    continue
                if needle in p.read_bytes():
                    out.append(p)
            except OSError:
                continue
    return out


@pytest.mark.skipif(sys.platform != "linux", reason="the workbook reader's child process is Linux's fork server")
def test_an_upload_is_written_nowhere_but_the_share_store(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store = tmp_path / "store"
    monkeypatch.setenv("CSM_DATA_DIR", str(store))
    monkeypatch.delenv("CSM_DATABASE_URL", raising=False)
    since = time.time() - 1
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/data.py").run()
    for name, data in files():
        uploader(at).set_value((name, data, "application/octet-stream")).run()
        assert not at.exception, [e.message for e in at.exception]
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    needle = MARK.encode()
    import tempfile

    found = files_holding(ROOT, needle, since) + files_holding(Path(tempfile.gettempdir()), needle, since,
                                                                skip=(store,))
    assert found == [], found  # the kept workspace, if any, is in the share store only


# ----- the caches capped by size ----------------------------------------------------------------------------------
def test_the_budget_releases_the_least_recently_used_past_its_limit():
    from ui.budget import Budget

    released = []
    b = Budget(limit=100)
    for key, size in [("a", 40), ("b", 40), ("a", 999)]:  # "a" used again: the size measured once, "b" now oldest
        b.keep(key, lambda s=size: s, lambda k=key: released.append(k))
    assert released == [] and b.total == 80
    b.keep("c", lambda: 50, lambda: released.append("c"))
    assert released == ["b"] and b.total == 90 and "a" in b and "c" in b
    b.keep("d", lambda: 500, lambda: released.append("d"))  # bigger than the limit alone: kept, every other goes
    assert released == ["b", "a", "c"] and len(b) == 1


def test_a_frame_is_measured_with_each_shared_string_once():
    """csm.columnar shares one string among the cells of a repeated text: 100k cells of eight names are 100k
    pointers and eight strings, not 100k strings (an upload of 113 MB was once taken for 1.1 GB and re-read on every
    rerun, its cache entries released by their own weight)."""
    import numpy as np
    import pandas as pd

    from ui.budget import frame_bytes

    names = np.array([f"feature number {i}" for i in range(8)], dtype=object)
    shared = pd.DataFrame({"f": names[np.arange(100_000) % 8]}, dtype=object)  # as the readers' frames hold them
    distinct = pd.DataFrame({"f": [f"feature number {i}" for i in range(100_000)]}, dtype=object)
    pointers = 100_000 * 8
    assert pointers <= frame_bytes(shared) < pointers + 100_000 * 20  # the sample's eight strings, scaled
    assert frame_bytes(distinct) > pointers + 100_000 * 50  # each cell its own string of ~60 bytes


def test_the_file_and_dataset_caches_are_released_by_size_and_hold_no_bytes(monkeypatch):
    import ui.state as state
    from ui.budget import BUDGET, frame_bytes

    reads = []
    real = state.read_sources
    monkeypatch.setattr(state, "read_sources", lambda files: reads.append(files[0][0]) or real(files))
    state._read_one.clear()
    state._dataset.clear()
    one, two = state.File("one.csv", files(MARK, HEAD)[0][1]), state.File("two.csv", b"Customer ID,MRR\nc9,5\n")
    size = sum(frame_bytes(r.frame) for r in state.read_one(one))
    monkeypatch.setattr(BUDGET, "limit", size)  # room for one.csv's tables only
    state.read_one(one)
    assert reads == ["one.csv"]  # the second call a cache hit
    state.read_one(two)  # over the limit: one.csv, the least recently used, is released
    state.read_one(one)
    assert reads == ["one.csv", "two.csv", "one.csv"]
    ws = state.Workspace("x", (two,))
    state.dataset(ws)
    assert ("dataset", ws.key) in BUDGET
    for _, release in BUDGET._held.values():  # what releases an entry: stand-ins without a byte of the upload
        for cell in release.__closure__ or ():
            kept = cell.cell_contents
            assert getattr(kept, "data", b"") == b"" and getattr(kept, "files", ()) == (), kept
