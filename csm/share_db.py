"""The share store's database: its tables, the URL of the database, and how an engine on it is opened.

SQLite (a file in a data folder; WAL, foreign keys, `BEGIN IMMEDIATE` for writes so that writers queue) or
PostgreSQL (psycopg 3). csm.shares reads and writes through these tables only, with bound parameters.
"""
from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

SCHEMA_VERSION = 1

metadata = sa.MetaData()
schema_table = sa.Table("csm_schema", metadata, sa.Column("version", sa.Integer, nullable=False))
blobs = sa.Table(
    "csm_blobs", metadata,
    sa.Column("digest", sa.String(64), primary_key=True),  # SHA-256 of the bytes
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
)
shares = sa.Table(
    "csm_shares", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("manage_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),  # naive UTC
    sa.Column("expires_at", sa.DateTime, nullable=True),  # None = never
    sa.Column("revoked_at", sa.DateTime, nullable=True),
    sa.Column("view", sa.Text, nullable=False),  # JSON: mapping, settings, page, period, compare, permissions
    sa.Column("size", sa.BigInteger, nullable=False),
)
share_files = sa.Table(
    "csm_share_files", metadata,
    sa.Column("token_hash", sa.String(64), sa.ForeignKey("csm_shares.token_hash", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("digest", sa.String(64), sa.ForeignKey("csm_blobs.digest"), nullable=False),
)


def database_url(url: str | None, data_dir: str | Path) -> str:
    """The SQLAlchemy URL of the store: `url` (postgresql://… is read with psycopg 3), else SQLite in `data_dir`."""
    if url:
        return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)
    return f"sqlite:///{Path(data_dir).resolve() / 'csm.sqlite'}"


def open_engine(url: str) -> sa.Engine:
    """An engine on `url`: SQLite with its folder made and its pragmas set, or PostgreSQL with pre-ping."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 60})
        _sqlite_pragmas(engine)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(engine: sa.Engine) -> None:
    """WAL (readers never wait for the writer), foreign keys, and an explicit BEGIN: IMMEDIATE for writes."""
    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_connection.cursor()
        deadline = time.monotonic() + 60
        while True:  # processes opening a new database together: switching it to WAL can fail at once with
            try:  # "database is locked" (SQLite's deadlock avoidance, no waiting), so try again
                cur.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("csm_write") else "BEGIN")
