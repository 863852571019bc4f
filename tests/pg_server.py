"""A throw-away PostgreSQL server on a loopback port, for the tests of the share store (and the two-replica test).

Debian's PostgreSQL (scripts/test.sh installs it when absent): `initdb` into a temporary folder, `pg_ctl start` on a
free port with its socket in that folder, one database `csm`, trust authentication on loopback only. As root
(CI), the server runs as the `postgres` user the package creates, since PostgreSQL refuses to run as root.

    with PostgresServer() as pg:
        pg.url        # postgresql+psycopg://postgres@127.0.0.1:PORT/csm
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def pg_bin() -> Path | None:
    """The folder of Debian's PostgreSQL server programs (the newest version), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def why_not() -> str | None:
    """Why a PostgreSQL server cannot be started here (None when it can)."""
    if pg_bin() is None:
        return "PostgreSQL's server programs are not installed (apt-get install postgresql)"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser to start PostgreSQL as another user"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.bin = pg_bin()
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="csm-pg-"))
        self.data = self.dir / "data"
        self.user = "postgres"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/csm"

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if out.returncode:
            raise RuntimeError(f"{' '.join(args[:1])} failed: {out.stderr.strip() or out.stdout.strip()}")

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8", "--no-sync")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.dir / "log"), "-w", "-t", "60", "start")
        deadline = time.monotonic() + 30
        while True:
            try:
                self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, "csm")
                return self
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
