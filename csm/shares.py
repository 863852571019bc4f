"""Shared views: a durable, read-only snapshot of a workspace behind a secret link, in SQLite or PostgreSQL.

A share stores what reopens the same workspace — the uploaded files' bytes (content-addressed: one copy per distinct
file, however many shares use it), the mapping, every setting, the page, the period and the comparison — and what
the viewer is told and allowed (title, note, author, expiry, whether they may change the period and granularity,
whether customer-level rows are shown). Opening it hands back a `Snapshot`; the app rebuilds the workspace from it
through the same loading code as an upload, so a share's numbers are by construction the sharer's.

Tokens: 192 bits from `secrets` in the link (`?share=…`), and a second, private token for the manage link. Only a
SHA-256 of each is stored, so the database alone opens nothing; the stored hash is compared in constant time.
Unknown, malformed, expired and revoked tokens raise the same `ShareNotFound`. Time is passed in (`now`, UTC).

The store is SQLAlchemy Core with bound parameters only (its tables and engines: csm/share_db.py): SQLite by default (a file in a data folder, WAL mode,
writes in `BEGIN IMMEDIATE` transactions), PostgreSQL when a URL is given (writes queue on an advisory lock, reads
see one snapshot). Each share is written in one transaction, so a process killed while writing leaves no half share.
The schema is created on first use and versioned in `csm_schema`.

    store = ShareStore.open("sqlite:///data/csm.sqlite")
    created = store.create(snapshot, now)            # created.token, created.manage_token
    snap = store.get(created.token, now)             # the Snapshot, or ShareNotFound
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
import re
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import sqlalchemy as sa

from .errors import CsmError
from .share_db import (
    SCHEMA_VERSION,
    blobs,
    database_url,  # noqa: F401 (the store's URL: imported from here by the app and the tests)
    metadata,
    open_engine,
    schema_table,
    share_files,
    shares,
)

EXPIRIES = {"1 day": dt.timedelta(days=1), "7 days": dt.timedelta(days=7), "30 days": dt.timedelta(days=30),
            "never": None}
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")  # secrets.token_urlsafe(24): 24 bytes, 32 characters
NOT_VALID = "This link is not valid (expired or revoked)."

class ShareError(CsmError):
    """A share cannot be made or changed (too large, too many, a database problem): one sentence."""


class ShareNotFound(ShareError):
    """The one answer to an unknown, malformed, expired or revoked token."""

    def __init__(self) -> None:
        super().__init__(NOT_VALID)


@dataclass(frozen=True)
class Snapshot:
    """What reopens a workspace, and what its viewer is told and allowed."""

    files: tuple[tuple[str, bytes], ...]
    mapping: str  # Mapping.dumps()
    settings: dict  # Settings.to_json()
    page: str = "overview"  # the url_path of the page shared
    period: str | None = None
    compare: str = "previous"
    label: str = ""
    title: str = ""
    note: str = ""
    author: str = ""
    allow_explore: bool = False  # the viewer may change the period, the range and the granularity
    allow_rows: bool = False  # customer-level rows (at-risk list, drill-downs, responses) are shown
    private: bool = False  # a person's own workspace kept for a reload (?ws=…), not a share (?share=…)
    created_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    size: int = 0

    def view(self) -> dict:
        return {"mapping": self.mapping, "settings": self.settings, "page": self.page, "period": self.period,
                "compare": self.compare, "allow_explore": self.allow_explore, "allow_rows": self.allow_rows,
                "private": self.private}


@dataclass(frozen=True)
class Created:
    token: str  # for the link: ?share=…
    manage_token: str  # for the private manage link: ?manage=…, shown once
    snapshot: Snapshot = field(repr=False)


PURGE_EVERY = 600  # seconds: opening a link purges expired shares' files at most this often
# How long the record of an expired or revoked share is kept after it closed: its manage link says "expired on …" or
# "revoked" meanwhile, then the record goes (a visitor of the link sees the same refusal before and after). Records
# held are thus bounded by the shares made in that many days, not by every share ever made.
RECORDS_KEPT = dt.timedelta(days=30)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 100 * 2**20  # files of one share
    max_live: int = 1000  # shares not expired nor revoked, per deployment


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(now: dt.datetime) -> dt.datetime:
    """Naive UTC (what the database stores)."""
    return now.astimezone(dt.UTC).replace(tzinfo=None) if now.tzinfo else now


class ShareStore:
    def __init__(self, engine: sa.Engine, limits: Limits = Limits()) -> None:
        self.engine = engine
        self.limits = limits
        self._ready = False
        self.clock = time.monotonic  # seconds, for PURGE_EVERY (a test sets its own)
        self._purged_at = self.clock()  # this store's last purge (or its opening)
        # PostgreSQL: a share's row and its files read from one snapshot (READ COMMITTED would see a revoke or a
        # purge committed between the two statements, and hand back a share without its files)
        self._reader = (engine.execution_options(isolation_level="REPEATABLE READ")
                        if engine.dialect.name == "postgresql" else engine)

    @classmethod
    def open(cls, url: str, limits: Limits = Limits()) -> ShareStore:
        """A store on the database at `url` (its folder is made for SQLite); the schema is made on first use."""
        return cls(open_engine(url), limits)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # ----- schema ----------------------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create the tables on first use and check the schema's version."""
        if self._ready:
            return
        with self._write() as c:
            if self.dialect == "postgresql":  # replicas starting together: one creates, the others wait and see it
                c.execute(sa.text("SELECT pg_advisory_xact_lock(7411)"))
            metadata.create_all(c, checkfirst=True)
            version = c.execute(sa.select(schema_table.c.version)).scalar()
            if version is None:
                c.execute(schema_table.insert().values(version=SCHEMA_VERSION))
            elif version > SCHEMA_VERSION:
                raise ShareError(f"the share database has schema version {version}, newer than this app's "
                                 f"({SCHEMA_VERSION}); upgrade the app")
        self._ready = True

    @contextmanager
    def _write(self):
        """A connection in a write transaction, committed at the end of the block or rolled back on an error.
        Writers queue instead of failing: SQLite's BEGIN IMMEDIATE, PostgreSQL's transaction-level advisory lock
        (without it, two shares writing the same new files in another order deadlock, and two creates at once
        both pass the live-shares limit)."""
        with self.engine.execution_options(csm_write=True).begin() as c:
            if self.dialect == "postgresql":
                c.execute(sa.text("SELECT pg_advisory_xact_lock(7412)"))
            yield c

    def _read(self):
        return self._reader.begin()

    # ----- creating --------------------------------------------------------------------------------------------
    def create(self, snap: Snapshot, now: dt.datetime, expiry: str = "7 days") -> Created:
        """Store `snap` for `expiry` (a key of EXPIRIES) in one transaction; the two tokens are returned once."""
        if expiry not in EXPIRIES:
            raise ShareError(f"the expiry must be one of {', '.join(EXPIRIES)}, not {expiry!r}")
        self.ensure_schema()
        now = _utc(now)
        size = sum(len(d) for _, d in snap.files)
        if size > self.limits.max_bytes:
            said = math.ceil(size / 2**20 * 10) / 10  # rounded up: never "1.0 MB, over the limit of 1 MB"
            raise ShareError(f"the files come to {said:,.1f} MB, over this deployment's limit of "
                             f"{self.limits.max_bytes / 2**20:,.0f} MB a share; share fewer or smaller files "
                             "(e.g. without the usage log) or ask the administrator to raise CSM_SHARE_MAX_MB")
        self.purge(now)
        token, manage = new_token(), new_token()
        span = EXPIRIES[expiry]
        snap = replace(snap, created_at=now, expires_at=None if span is None else now + span, size=size)
        digests = [hashlib.sha256(d).hexdigest() for _, d in snap.files]
        with self._write() as c:
            live = c.execute(sa.select(sa.func.count()).select_from(shares).where(_live(now))).scalar()
            if live >= self.limits.max_live:
                raise ShareError(f"this deployment already holds {live:,} live shares, its limit; revoke some "
                                 "(from their manage links) or ask the administrator to raise CSM_SHARE_MAX_LIVE")
            known = set(c.execute(sa.select(blobs.c.digest).where(blobs.c.digest.in_(digests))).scalars())
            for (_, data), digest in zip(snap.files, digests, strict=True):
                if digest not in known:
                    c.execute(self._insert_blob(), {"digest": digest, "data": data, "size": len(data)})
                    known.add(digest)
            c.execute(shares.insert().values(
                token_hash=token_hash(token), manage_hash=token_hash(manage), title=snap.title, note=snap.note,
                author=snap.author, label=snap.label, created_at=now, expires_at=snap.expires_at, revoked_at=None,
                view=json.dumps(snap.view()), size=size))
            if snap.files:
                c.execute(share_files.insert(), [
                    {"token_hash": token_hash(token), "position": k, "name": name, "digest": digest}
                    for k, ((name, _), digest) in enumerate(zip(snap.files, digests, strict=True))])
        return Created(token, manage, snap)

    def _insert_blob(self):
        """INSERT … ON CONFLICT DO NOTHING: two shares written at once may carry the same file."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(blobs).on_conflict_do_nothing(index_elements=["digest"])

    # ----- reading ---------------------------------------------------------------------------------------------
    def _row(self, c, column, token: str):
        """The share row whose `column` (token_hash or manage_hash) hashes `token`, compared in constant time."""
        if not isinstance(token, str) or not TOKEN_RE.match(token):
            return None
        h = token_hash(token)
        row = c.execute(sa.select(shares).where(column == h)).mappings().first()
        if row is None or not hmac.compare_digest(row[column.name], h):
            return None
        return row

    def get(self, token: str, now: dt.datetime, *, manage: bool = False) -> Snapshot:
        """The snapshot behind a share link (or, `manage`, behind a manage token: how a person's kept workspace is
        reopened); ShareNotFound for an unknown, malformed, expired or revoked token."""
        self.ensure_schema()
        self._purge_when_due(_utc(now))
        with self._read() as c:
            row = self._row(c, shares.c.manage_hash if manage else shares.c.token_hash, token)
            if row is None or not _is_live(row, _utc(now)):
                raise ShareNotFound()
            files = c.execute(
                sa.select(share_files.c.name, blobs.c.data)
                .join(blobs, blobs.c.digest == share_files.c.digest)
                .where(share_files.c.token_hash == row["token_hash"]).order_by(share_files.c.position)).all()
        return _snapshot(row, tuple((name, bytes(data)) for name, data in files))

    def is_live(self, token: str, now: dt.datetime) -> bool:
        """Whether a share link still opens (its files are not read): checked on every rerun of a shared view."""
        self.ensure_schema()
        with self._read() as c:
            row = self._row(c, shares.c.token_hash, token)
        return row is not None and _is_live(row, _utc(now))

    def manage(self, manage_token: str, now: dt.datetime) -> Snapshot:
        """The share behind a manage link (its files left out), live or not; ShareNotFound once deleted."""
        self.ensure_schema()
        with self._read() as c:
            row = self._row(c, shares.c.manage_hash, manage_token)
        if row is None:
            raise ShareNotFound()
        return _snapshot(row, ())

    def status(self, manage_token: str, now: dt.datetime) -> str:
        """'live', 'expired' or 'revoked' (ShareNotFound once deleted)."""
        self.ensure_schema()
        with self._read() as c:
            row = self._row(c, shares.c.manage_hash, manage_token)
        if row is None:
            raise ShareNotFound()
        return "revoked" if row["revoked_at"] else "live" if _is_live(row, _utc(now)) else "expired"

    # ----- changing --------------------------------------------------------------------------------------------
    def extend(self, manage_token: str, now: dt.datetime, expiry: str) -> Snapshot:
        """Set a live or expired share's expiry to `expiry` from now (a revoked share stays revoked, and an expired
        one whose files `purge` has removed cannot come back: ShareError)."""
        if expiry not in EXPIRIES:
            raise ShareError(f"the expiry must be one of {', '.join(EXPIRIES)}, not {expiry!r}")
        self.ensure_schema()
        now, span = _utc(now), EXPIRIES[expiry]
        with self._write() as c:
            row = self._row(c, shares.c.manage_hash, manage_token)
            if row is None or row["revoked_at"] is not None:
                raise ShareNotFound()
            if not _is_live(row, now) and c.execute(sa.select(share_files.c.position).where(
                    share_files.c.token_hash == row["token_hash"]).limit(1)).first() is None:
                raise ShareError("this share expired and its files have been removed since; share the workspace "
                                 "again for a new link")
            c.execute(shares.update().where(shares.c.token_hash == row["token_hash"])
                      .values(expires_at=None if span is None else now + span))
        return self.manage(manage_token, now)

    def revoke(self, manage_token: str, now: dt.datetime) -> None:
        """Close the link for good; its files go when no other share uses them (the record stays RECORDS_KEPT, for
        the manage link to say so)."""
        self.ensure_schema()
        with self._write() as c:
            row = self._row(c, shares.c.manage_hash, manage_token)
            if row is None:
                raise ShareNotFound()
            c.execute(shares.update().where(shares.c.token_hash == row["token_hash"]).values(revoked_at=_utc(now)))
            c.execute(share_files.delete().where(share_files.c.token_hash == row["token_hash"]))
            _drop_orphans(c)

    def delete(self, manage_token: str) -> None:
        """Remove the share and every file no other share uses; the manage link stops working too."""
        self.ensure_schema()
        with self._write() as c:
            row = self._row(c, shares.c.manage_hash, manage_token)
            if row is None:
                raise ShareNotFound()
            c.execute(share_files.delete().where(share_files.c.token_hash == row["token_hash"]))
            c.execute(shares.delete().where(shares.c.token_hash == row["token_hash"]))
            _drop_orphans(c)

    def _purge_when_due(self, now: dt.datetime) -> None:
        """The cleanup that runs on its own: a create purges every time, opening a link (a share, a kept workspace)
        once PURGE_EVERY seconds have passed since the last purge, so expired files go even while nobody shares
        anything new."""
        if self.clock() - self._purged_at >= PURGE_EVERY:
            self.purge(now)

    def purge(self, now: dt.datetime) -> int:
        """Drop the files of shares expired before `now` (their records stay RECORDS_KEPT for their manage links),
        and the records of shares expired or revoked RECORDS_KEPT or more before `now`. Returns the files dropped."""
        self.ensure_schema()
        now = _utc(now)
        self._purged_at = self.clock()
        with self._write() as c:
            gone = sa.select(shares.c.token_hash).where(shares.c.expires_at.is_not(None), shares.c.expires_at <= now)
            n = c.execute(share_files.delete().where(share_files.c.token_hash.in_(gone))).rowcount
            if n:
                _drop_orphans(c)
            closed = now - RECORDS_KEPT
            c.execute(shares.delete().where(sa.or_(
                sa.and_(shares.c.expires_at.is_not(None), shares.c.expires_at <= closed),
                sa.and_(shares.c.revoked_at.is_not(None), shares.c.revoked_at <= closed))))
        return n

    def counts(self) -> dict[str, int]:
        """Rows per table (for tests and the administrator)."""
        self.ensure_schema()
        with self._read() as c:
            return {t.name: c.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in
                    (shares, share_files, blobs)}


def _live(now: dt.datetime):
    return sa.and_(shares.c.revoked_at.is_(None), sa.or_(shares.c.expires_at.is_(None), shares.c.expires_at > now))


def _is_live(row, now: dt.datetime) -> bool:
    return row["revoked_at"] is None and (row["expires_at"] is None or row["expires_at"] > now)


def _drop_orphans(c) -> None:
    used = sa.select(share_files.c.digest)
    c.execute(blobs.delete().where(blobs.c.digest.not_in(used)))


def _snapshot(row, files) -> Snapshot:
    view = json.loads(row["view"])
    return Snapshot(files=files, mapping=view["mapping"], settings=view["settings"], page=view["page"],
                    period=view["period"], compare=view["compare"], label=row["label"], title=row["title"],
                    note=row["note"], author=row["author"], allow_explore=view["allow_explore"],
                    allow_rows=view["allow_rows"], private=view.get("private", False), created_at=row["created_at"],
                    expires_at=row["expires_at"], size=row["size"])
