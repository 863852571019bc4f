"""The share store (csm/shares.py) on SQLite and on a throw-away PostgreSQL: a share reopens the same numbers, in this
process or a new one; every bad link is refused alike; the database holds no usable token; files are stored once and
go with the last share using them; several processes at once lose nothing; a writer killed before its commit leaves
nothing behind; the limits, the expiries and the schema's version hold."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import json
import multiprocessing as mp
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.settings import Settings
from csm.shares import (
    NOT_VALID,
    PURGE_EVERY,
    RECORDS_KEPT,
    SCHEMA_VERSION,
    Limits,
    ShareError,
    ShareNotFound,
    ShareStore,
    Snapshot,
    blobs,
    metadata,
    new_token,
    schema_table,
    shares,
)
from tests import share_worker
from tests.conftest import ROOT, SAMPLE
from tests.pg_server import PostgresServer, why_not
from tests.share_worker import HALF, KEPT, NOW, numbers, rebuilt, worker_files

DAY = dt.timedelta(days=1)
_databases = itertools.count()


@pytest.fixture(scope="module")
def pg():
    if reason := why_not():
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    """An empty database: a SQLite file in a folder not made yet, or a new database on the module's PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'csm.sqlite'}"
    server = request.getfixturevalue("pg")
    name = f"shares_{next(_databases)}"
    admin = sa.create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return server.url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def stores():
    """open(url, limits) → a ShareStore whose connections are closed after the test."""
    opened: list[ShareStore] = []

    def open_(url: str, limits: Limits | None = None) -> ShareStore:
        opened.append(ShareStore.open(url, limits or Limits()))
        return opened[-1]

    yield open_
    for s in opened:
        s.engine.dispose()


@pytest.fixture
def store(url, stores) -> ShareStore:
    return stores(url)


@pytest.fixture(scope="module")
def sample():
    """The sample company's files, mapping, non-default settings and numbers, computed once."""
    files = tuple((p.name, p.read_bytes()) for p in sorted((SAMPLE / "brightwave").glob("*.csv")))
    mapping = (SAMPLE / "brightwave_mapping.json").read_text()
    settings = Settings(granularity="quarter", churn_variant="total", health_weights=(("usage", 2.0),))
    dataset = load(read_sources(files), Mapping.loads(mapping))
    expected = numbers(dataset, settings)
    assert expected != numbers(dataset, Settings())  # a share that lost its settings would show
    return files, mapping, settings, expected


def snap(*contents: bytes, **view) -> Snapshot:
    return Snapshot(files=tuple((f"file{k}.csv", c) for k, c in enumerate(contents)), mapping="{}", settings={},
                    **view)


def refusal(call, *args) -> tuple[type, str]:
    with pytest.raises(ShareError) as e:
        call(*args)
    return type(e.value), str(e.value)


def run_worker(*args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "tests.share_worker", *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def last_mrr(numbers_: dict) -> float:
    return json.loads(numbers_["series"]["mrr"])["series"][-1]["value"]


def test_a_share_reopens_the_same_numbers_and_view(store, sample):
    files, mapping, settings, expected = sample
    view = dict(page="revenue", period="2025-Q3", compare="year_ago", label="Q3 board pack",
                title="Brightwave — Q3 “review” <b>", note="Line one\nline two: 100% ✓", author="Ana Lívia",
                allow_explore=True, allow_rows=True)
    created = store.create(Snapshot(files=files, mapping=mapping, settings=settings.to_json(), **view), NOW,
                           "30 days")
    got = store.get(created.token, NOW + 29 * DAY)
    assert (got.files, got.mapping, got.settings) == (files, mapping, settings.to_json())
    assert Settings.from_json(got.settings) == settings
    assert {k: getattr(got, k) for k in view} == view
    assert (got.created_at, got.expires_at) == (NOW.replace(tzinfo=None), NOW.replace(tzinfo=None) + 30 * DAY)
    assert got.size == sum(len(data) for _, data in files)
    assert rebuilt(got) == expected


def test_a_share_survives_a_restart(store, url, sample):
    files, mapping, settings, expected = sample
    created = store.create(Snapshot(files=files, mapping=mapping, settings=settings.to_json()), NOW)
    store.engine.dispose()
    got = json.loads(run_worker("read", url, created.token))  # a new interpreter opens the store and the share
    assert last_mrr(got) == last_mrr(expected) > 0
    assert got == expected


def test_every_bad_link_is_refused_alike(store):
    live, expired, revoked, deleted = (store.create(snap(b"x", title=t), NOW, "1 day") for t in "LERD")
    store.revoke(revoked.manage_token, NOW + DAY / 2)
    store.delete(deleted.manage_token)
    later = NOW + DAY / 2  # the one-day shares are live then, except the revoked and the deleted
    bad = {"never issued": (new_token(), later), "too short": (live.token[:-1], later),
           "too long": (live.token + "A", later), "illegal character": (live.token[:-1] + "!", later),
           "line break": (live.token + "\n", later), "empty": ("", later), "not a string": (None, later),
           "manage token": (live.manage_token, later), "expired": (expired.token, NOW + DAY),
           "revoked": (revoked.token, later), "deleted": (deleted.token, later)}
    assert {k: refusal(store.get, *v) for k, v in bad.items()} == {k: (ShareNotFound, NOT_VALID) for k in bad}
    assert not any(store.is_live(*v) for v in bad.values()) and store.is_live(live.token, later)
    assert store.get(live.token, later).title == "L"
    assert store.get(expired.token, NOW + DAY - dt.timedelta(seconds=1)).title == "E"  # up to its expiry
    assert store.status(live.manage_token, later) == "live"
    assert store.status(expired.manage_token, NOW + DAY) == "expired"
    assert store.status(revoked.manage_token, later) == "revoked"
    assert store.manage(revoked.manage_token, later).title == "R"
    assert refusal(store.status, deleted.manage_token, later) == (ShareNotFound, NOT_VALID)
    assert refusal(store.status, live.token, later) == (ShareNotFound, NOT_VALID)  # the share token manages nothing


def test_the_database_holds_no_usable_token(store):
    made = [store.create(snap(b"id\n1\n", f"title {k}".encode(), title=f"title {k}"), NOW) for k in range(3)]
    store.revoke(made[2].manage_token, NOW)
    with store.engine.connect() as c:
        rows = [(t.name, tuple(row)) for t in metadata.sorted_tables for row in c.execute(sa.select(t))]
    values = [v for _, row in rows for v in row]
    assert "title 1" in values and b"id\n1\n" in [bytes(v) for v in values if isinstance(v, bytes | memoryview)]
    for token in (t for m in made for t in (m.token, m.manage_token)):
        raw = base64.urlsafe_b64decode(token)
        for v in values:
            text = bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v)
            assert token not in text and raw.hex() not in text.lower() and raw.decode("latin-1") not in text
    stored = [v for name, row in rows if name == "csm_shares" for v in row if isinstance(v, str) and len(v) == 64]
    assert len(stored) == 6
    for h in stored:
        for guess in (h, h[:32], h[-32:]):
            assert refusal(store.get, guess, NOW) == (ShareNotFound, NOT_VALID)
            assert refusal(store.status, guess, NOW) == (ShareNotFound, NOT_VALID)


def test_files_are_stored_once_and_go_with_the_last_share_using_them(store):
    a = store.create(snap(b"customers", b"invoices"), NOW)
    b = store.create(snap(b"customers", b"invoices", b"tickets", b"customers"), NOW)  # the same file twice
    assert store.counts() == {"csm_shares": 2, "csm_share_files": 6, "csm_blobs": 3}
    store.revoke(a.manage_token, NOW)
    assert store.counts()["csm_blobs"] == 3
    assert store.get(b.token, NOW).files == snap(b"customers", b"invoices", b"tickets", b"customers").files
    store.revoke(b.manage_token, NOW)
    assert store.counts() == {"csm_shares": 2, "csm_share_files": 0, "csm_blobs": 0}  # the records stay
    c, d = store.create(snap(b"usage", b"costs"), NOW), store.create(snap(b"usage"), NOW)
    store.delete(c.manage_token)
    assert store.counts() == {"csm_shares": 3, "csm_share_files": 1, "csm_blobs": 1}
    store.delete(d.manage_token)
    assert store.counts() == {"csm_shares": 2, "csm_share_files": 0, "csm_blobs": 0}


WORKERS, SHARES = 4, 5


def test_several_processes_at_once_lose_nothing(url, stores):
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        made, results = manager.list(), manager.list()
        barrier = manager.Barrier(WORKERS, timeout=120)
        procs = [ctx.Process(target=share_worker.worker, args=(url, w, SHARES, made, barrier, results))
                 for w in range(WORKERS)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(300)
        made, results = list(made), sorted(results)
    assert [p.exitcode for p in procs] == [0] * WORKERS
    assert [r[3] for r in results] == [None] * WORKERS, "\n".join(r[3] for r in results if r[3])
    assert all(reads >= (WORKERS - 1) * SHARES for *_, reads, _ in results)
    returned = [t for r in results for t in r[1]]
    assert sorted(returned) == sorted(t for t, *_ in made) and len(set(returned)) == WORKERS * SHARES
    store = stores(url)
    for token, w, i in made:
        assert store.get(token, NOW).files == worker_files(w, i)
    distinct = 1 + WORKERS // 2 + SHARES + WORKERS * SHARES  # common, per pair, per round, own
    assert store.counts() == {"csm_shares": WORKERS * SHARES, "csm_share_files": 4 * WORKERS * SHARES,
                              "csm_blobs": distinct}


def _hold(store: ShareStore, statement: str, reached: threading.Event, other: threading.Event) -> None:
    """Pause `store`'s first statement containing `statement`, once run, until `other` is set (or two seconds)."""
    @event.listens_for(store.engine, "after_cursor_execute")
    def hold(conn, cursor, sql, *args) -> None:
        if statement in sql and not reached.is_set():
            reached.set()
            other.wait(2)


def _at_once(a: ShareStore, b: ShareStore, statement: str, snaps: tuple[Snapshot, Snapshot]) -> list:
    """Two creates in two threads, each held after its first `statement` until the other has run its own."""
    ea, eb, out = threading.Event(), threading.Event(), [None, None]
    _hold(a, statement, ea, eb)
    _hold(b, statement, eb, ea)

    def run(k: int, s: ShareStore) -> None:
        try:
            out[k] = s.create(snaps[k], NOW)
        except Exception as e:
            out[k] = e

    threads = [threading.Thread(target=run, args=(k, s)) for k, s in enumerate((a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def test_two_writers_at_once_queue_instead_of_deadlocking(url, stores):
    a, b = stores(url), stores(url)
    a.ensure_schema()
    out = _at_once(a, b, "INSERT INTO csm_blobs", (snap(b"one", b"two"), snap(b"two", b"one")))
    assert [type(r).__name__ for r in out] == ["Created", "Created"], out
    assert [a.get(r.token, NOW).files for r in out] == [snap(b"one", b"two").files, snap(b"two", b"one").files]


def test_the_live_limit_holds_for_two_writers_at_once(url, stores):
    a, b = stores(url, Limits(max_live=1)), stores(url, Limits(max_live=1))
    a.ensure_schema()
    out = _at_once(a, b, "count(*)", (snap(b"one"), snap(b"two")))
    assert sorted(type(r).__name__ for r in out) == ["Created", "ShareError"], out
    assert a.counts()["csm_shares"] == 1


def test_a_share_is_read_whole_while_it_is_revoked(url, stores):
    reader, writer = stores(url), stores(url)
    created = writer.create(snap(b"customers", b"invoices"), NOW)
    reader.ensure_schema()

    @event.listens_for(reader.engine, "after_cursor_execute")
    def revoke_now(conn, cursor, statement, *args) -> None:  # between reading the share's row and its files
        if "FROM csm_shares" in statement and writer.status(created.manage_token, NOW) == "live":
            writer.revoke(created.manage_token, NOW)

    try:
        got = reader.get(created.token, NOW)
    except ShareNotFound:
        return
    assert got.files == snap(b"customers", b"invoices").files


def test_a_writer_killed_before_its_commit_leaves_no_half_share(store, url, tmp_path):
    before = store.create(Snapshot(files=(("kept.csv", KEPT),), mapping="{}", settings={}, title="before"), NOW)
    counts = store.counts()
    marker = tmp_path / "committing"
    child = subprocess.Popen([sys.executable, "-m", "tests.share_worker", "stall", url, str(marker)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(60) == -signal.SIGKILL and "committed" not in child.communicate()[0]
    assert "INSERT INTO csm_share_files" in marker.read_text()  # it had written every row
    assert store.counts() == counts
    with store.engine.connect() as c:
        assert c.execute(sa.select(shares.c.title)).scalars().all() == ["before"]
        assert c.execute(sa.select(blobs.c.digest)).scalars().all() == [hashlib.sha256(KEPT).hexdigest()]
        if store.dialect == "sqlite":
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert store.get(before.token, NOW).files == (("kept.csv", KEPT),)
    after = store.create(snap(KEPT, HALF, title="after"), NOW)
    assert store.get(after.token, NOW).files == snap(KEPT, HALF).files


def test_the_size_limit(url, stores):
    store = stores(url, Limits(max_bytes=2**20))
    kind, message = refusal(store.create, snap(b"x" * (2**20 - 10), b"y" * 11), NOW)
    assert kind is ShareError and "limit of 1 MB" in message and "share fewer or smaller files" in message
    assert float(re.search(r"come to ([\d.]+) MB", message)[1]) > 1  # the size said is over the limit said
    assert store.counts() == {"csm_shares": 0, "csm_share_files": 0, "csm_blobs": 0}
    assert store.get(store.create(snap(b"x" * 2**20), NOW).token, NOW).size == 2**20  # the limit itself is allowed


def test_the_live_shares_limit(url, stores):
    store = stores(url, Limits(max_live=2))
    store.create(snap(b"a"), NOW, "1 day")
    second = store.create(snap(b"b"), NOW)
    kind, message = refusal(store.create, snap(b"c"), NOW)
    assert kind is ShareError and "2 live shares" in message and "revoke" in message
    store.create(snap(b"c"), NOW + DAY)  # the one-day share has expired: it no longer counts
    assert refusal(store.create, snap(b"d"), NOW + DAY)[0] is ShareError
    store.revoke(second.manage_token, NOW + DAY)
    store.create(snap(b"d"), NOW + DAY)  # nor does a revoked one
    assert store.counts()["csm_shares"] == 4


def test_expiries_extend_and_purge(store):
    kind, message = refusal(store.create, snap(b"a"), NOW, "2 days")
    assert kind is ShareError and "1 day, 7 days, 30 days, never" in message
    assert store.counts()["csm_shares"] == 0
    made = {e: store.create(snap(b"shared", e.encode()), NOW, e) for e in ("1 day", "7 days", "30 days", "never")}
    assert {e: c.snapshot.expires_at for e, c in made.items()} == {
        "1 day": NOW.replace(tzinfo=None) + DAY, "7 days": NOW.replace(tzinfo=None) + 7 * DAY,
        "30 days": NOW.replace(tzinfo=None) + 30 * DAY, "never": None}
    assert store.get(made["never"].token, NOW + 3650 * DAY).files == snap(b"shared", b"never").files
    day = made["1 day"]
    assert refusal(store.extend, day.manage_token, NOW, "forever")[0] is ShareError
    assert refusal(store.get, day.token, NOW + 2 * DAY)[0] is ShareNotFound
    elsewhere = dt.timezone(dt.timedelta(hours=-5))  # any time zone: the store keeps UTC
    assert store.extend(day.manage_token, (NOW + 2 * DAY).astimezone(elsewhere), "7 days").expires_at == \
        NOW.replace(tzinfo=None) + 9 * DAY
    assert store.get(day.token, NOW + 8 * DAY).files == snap(b"shared", b"1 day").files  # open again
    assert store.status(day.manage_token, NOW + 8 * DAY) == "live"
    store.revoke(made["30 days"].manage_token, NOW)
    assert refusal(store.extend, made["30 days"].manage_token, NOW, "7 days")[0] is ShareNotFound  # stays revoked
    assert store.purge(NOW + 6 * DAY) == 0  # nothing has expired yet
    assert store.purge(NOW + 10 * DAY) == 4  # the 7-day and the extended 1-day share: their files
    assert store.counts() == {"csm_shares": 4, "csm_share_files": 2, "csm_blobs": 2}  # "shared" and "never" left
    assert store.status(day.manage_token, NOW + 10 * DAY) == "expired"
    kind, message = refusal(store.extend, day.manage_token, NOW + 10 * DAY, "7 days")  # its files are gone
    assert kind is ShareError and "share" in message
    assert refusal(store.get, day.token, NOW + 10 * DAY) == (ShareNotFound, NOT_VALID)


def test_the_schema_is_versioned(url, stores):
    first = stores(url)
    assert refusal(first.revoke, new_token(), NOW) == (ShareNotFound, NOT_VALID)  # on an empty database too
    made = first.create(snap(b"a"), NOW)
    second = stores(url)
    assert second.get(made.token, NOW).files == snap(b"a").files
    second.create(snap(b"b"), NOW)
    with second.engine.begin() as c:
        assert c.execute(sa.select(schema_table.c.version)).scalars().all() == [SCHEMA_VERSION]
        c.execute(schema_table.update().values(version=99))
    newer = stores(url)
    for call, args in ((newer.get, (made.token, NOW)), (newer.create, (snap(b"c"), NOW)),
                       (newer.revoke, (made.manage_token, NOW)), (newer.delete, (made.manage_token,))):
        kind, message = refusal(call, *args)
        assert kind is ShareError and "version 99" in message and "upgrade" in message


def test_expired_files_go_without_anyone_calling_purge(store):
    """The cleanup runs on its own: a create purges every time, opening any link once PURGE_EVERY seconds have
    passed since the last purge (so expired files go even while nobody shares anything new)."""
    base, passed = time.monotonic(), [0.0]
    store.clock = lambda: base + passed[0]
    day = store.create(snap(b"one day"), NOW, "1 day")
    never = store.create(snap(b"kept"), NOW, "never")
    passed[0] = 60
    assert store.get(never.token, NOW + 2 * DAY).files == snap(b"kept").files
    assert store.counts()["csm_blobs"] == 2  # a minute after the last purge: not yet
    passed[0] = PURGE_EVERY
    assert store.get(never.token, NOW + 2 * DAY).files == snap(b"kept").files
    assert store.counts() == {"csm_shares": 2, "csm_share_files": 1, "csm_blobs": 1}  # the one-day share's file gone
    assert refusal(store.get, day.token, NOW + 2 * DAY) == (ShareNotFound, NOT_VALID)
    store.create(snap(b"two"), NOW + 2 * DAY, "1 day")
    store.create(snap(b"three"), NOW + 4 * DAY, "1 day")  # a create purges at once: "two" has expired
    assert store.counts() == {"csm_shares": 4, "csm_share_files": 2, "csm_blobs": 2}


def test_the_database_stays_within_its_limits_over_many_expiries(url, stores):
    """Twelve days of three 1 MB one-day shares (36 MB written) leave at most the live limit × the size limit of
    files; a SQLite file reuses the pages expired files freed (it stops growing but for the shares' small records)
    and its write-ahead log stops growing too (SQLite checkpoints it at 1,000 pages and then reuses it)."""
    limits = Limits(max_bytes=2**20, max_live=3)
    store = stores(url, limits)
    rng = random.Random(17)
    sizes = []
    for day in range(12):
        for _ in range(limits.max_live):
            store.create(snap(rng.randbytes(2**20 - 64)), NOW + day * DAY, "1 day")
        assert refusal(store.create, snap(b"more"), NOW + day * DAY)[0] is ShareError  # the live limit holds
        with store.engine.connect() as c:
            held = c.execute(sa.select(sa.func.sum(blobs.c.size))).scalar()
        assert held <= limits.max_live * limits.max_bytes
        if store.dialect == "sqlite":
            path = Path(url.removeprefix("sqlite:///"))
            sizes.append((path.stat().st_size, Path(f"{path}-wal").stat().st_size))
    if sizes:
        (db6, wal6), (db12, wal12) = sizes[5], sizes[-1]
        assert db12 < (limits.max_live + 1) * limits.max_bytes and db12 - db6 < 64 * 1024, sizes
        assert wal12 == wal6 < 8 * 2**20, sizes


def test_closed_shares_records_go_records_kept_after_they_closed(store):
    """An expired or revoked share's record stays RECORDS_KEPT (30 days) after it closed, so its manage link can say
    "expired" or "revoked"; then the cleanup deletes it. A visitor of the link is refused alike before and after."""
    day = store.create(snap(b"one day"), NOW, "1 day")  # expires at NOW + 1 day
    revoked = store.create(snap(b"revoked"), NOW, "never")
    kept = store.create(snap(b"kept"), NOW, "never")
    store.revoke(revoked.manage_token, NOW + DAY)  # revoked at NOW + 1 day
    assert store.purge(NOW + 2 * DAY) == 1  # the one-day share's file
    assert store.counts() == {"csm_shares": 3, "csm_share_files": 1, "csm_blobs": 1}
    assert store.purge(NOW + DAY + RECORDS_KEPT - dt.timedelta(seconds=1)) == 0
    assert store.counts()["csm_shares"] == 3  # a second before: both records still there
    assert store.status(day.manage_token, NOW + 30 * DAY) == "expired"
    assert store.status(revoked.manage_token, NOW + 30 * DAY) == "revoked"
    store.purge(NOW + DAY + RECORDS_KEPT)
    assert store.counts() == {"csm_shares": 1, "csm_share_files": 1, "csm_blobs": 1}
    for token in (day.manage_token, revoked.manage_token):
        assert refusal(store.status, token, NOW + 31 * DAY) == (ShareNotFound, NOT_VALID)
    assert refusal(store.get, day.token, NOW + 31 * DAY) == (ShareNotFound, NOT_VALID)
    assert store.get(kept.token, NOW + 31 * DAY).files == snap(b"kept").files


def test_the_records_held_stop_growing_over_many_expiries(store):
    """Two one-day shares a day for 45 days: each create purges first, so on day 44 the records of the shares made
    on days 0–13 (expired on days 1–14, 30 days or more before day 44) are gone: days 14–44 are left, 31 × 2."""
    held = []
    for day in range(45):
        for k in range(2):
            store.create(snap(f"{day}-{k}".encode()), NOW + day * DAY, "1 day")
        held.append(store.counts()["csm_shares"])
    assert held[29] == 60 and held[30] == 62 and held[31:] == [62] * 14  # at most RECORDS_KEPT + 1 days of shares
    assert store.counts() == {"csm_shares": 62, "csm_share_files": 2, "csm_blobs": 2}  # the files: day 44's only
