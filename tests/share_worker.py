"""Other processes for tests/test_shares.py: a share read back in a fresh interpreter, workers creating and reading
shares at once, and a writer that stalls just before its commit (to be killed there).

    python -m tests.share_worker read URL TOKEN      # prints the numbers of the shared workspace (JSON)
    python -m tests.share_worker stall URL MARKER    # creates a share; writes MARKER at its commit and sleeps
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import time
import traceback
from pathlib import Path

from sqlalchemy import event

from csm.shares import ShareStore, Snapshot

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
KEPT = b"customer_id,name\n1,kept by an earlier share\n"  # the stalled writer's file that is already stored
HALF = b"customer_id,name\n2,only in the half-written share\n"  # its file that is new


def numbers(dataset, settings) -> dict:
    """Every metric's series (JSON, keys sorted) and the warnings, for comparing two workspaces whole."""
    from csm.engine import Analysis
    from csm.metrics import compute_all

    series, warnings = compute_all(Analysis(dataset, settings))
    return {"series": {k: json.dumps(v.to_json(), sort_keys=True) for k, v in series.items()}, "warnings": warnings}


def rebuilt(snap: Snapshot) -> dict:
    """The numbers of the workspace a snapshot reopens, through the same loading code as an upload."""
    from csm.loading import load, read_sources
    from csm.mapping import Mapping
    from csm.settings import Settings

    return numbers(load(read_sources(snap.files), Mapping.loads(snap.mapping)), Settings.from_json(snap.settings))


def worker_files(w: int, i: int) -> tuple[tuple[str, bytes], ...]:
    """Share i of worker w: one file in every share, one per pair of workers, one per round, one of its own (odd
    workers list them in the reverse order)."""
    files = [("common.csv", b"id\n1\n"), ("pair.csv", f"pair {w // 2}\n".encode()),
             ("round.csv", f"round {i}\n".encode()), ("own.csv", f"worker {w} share {i}\n".encode())]
    return tuple(files[::-1] if w % 2 else files)


def _check(store: ShareStore, token: str, w: int, i: int) -> int:
    got = store.get(token, NOW)
    if got.files != worker_files(w, i) or got.title != f"w{w} s{i}":
        raise AssertionError(f"share {i} of worker {w} came back as {got.title!r} with {got.files!r}")
    return 1


def worker(url: str, w: int, n: int, made, barrier, results) -> None:
    """Create n shares, reading every other worker's share made so far after each; then, once all are done, read
    them all again. Appends (w, its tokens, reads of others' shares, traceback or None) to results."""
    mine, reads = [], 0
    try:
        store = ShareStore.open(url)
        barrier.wait()  # start together, schema creation included
        for i in range(n):
            created = store.create(Snapshot(files=worker_files(w, i), mapping="{}", settings={}, title=f"w{w} s{i}"),
                                   NOW)
            mine.append(created.token)
            made.append((created.token, w, i))
            reads += sum(_check(store, *m) for m in list(made) if m[1] != w)
        barrier.wait()
        reads += sum(_check(store, *m) for m in list(made) if m[1] != w)
        results.append((w, mine, reads, None))
    except Exception:
        results.append((w, mine, reads, traceback.format_exc()))
        barrier.abort()  # the others stop waiting for this one


def stall(url: str, marker: str) -> None:
    """Create a share whose commit, once every row is written, writes `marker` and sleeps instead of committing."""
    store = ShareStore.open(url)
    store.ensure_schema()
    wrote: list[str] = []

    @event.listens_for(store.engine, "after_cursor_execute")
    def seen(conn, cursor, statement, *args) -> None:
        wrote.append(statement)

    @event.listens_for(store.engine, "commit")  # fires before the DBAPI's commit
    def hold(conn) -> None:
        if any("INSERT INTO csm_share_files" in s for s in wrote):
            Path(marker).write_text("\n".join(wrote))
            time.sleep(120)

    store.create(Snapshot(files=(("kept.csv", KEPT), ("half.csv", HALF)), mapping="{}", settings={},
                          title="half-written"), NOW)
    print("committed")


if __name__ == "__main__":
    command, url, arg = sys.argv[1:4]
    if command == "read":
        print(json.dumps(rebuilt(ShareStore.open(url).get(arg, NOW))))
    elif command == "stall":
        stall(url, arg)
    else:
        sys.exit(f"unknown command {command!r}")
