"""Measuring a stage inside its child process: wall and CPU time, and peak resident memory read from the kernel.

Peak RSS, not tracemalloc: tracemalloc slows numpy-heavy code and does not see what pyarrow allocates outside
Python. Also the machine's description printed at the top of a run.
"""
from __future__ import annotations

import gc
import os
import re
import sys
import time


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    with open("/proc/self/status") as f:
        return int(re.search(rf"^{field}:\s+(\d+) kB", f.read(), re.M).group(1)) * 1024


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


class Stage:
    """Context manager: wall time and peak RSS of the block (peak mark reset at entry)."""

    def __enter__(self):
        gc.collect()
        _reset_peak()
        self.rss0 = _status("VmRSS")
        self.t0 = time.perf_counter()
        self.c0 = time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.c0
        self.peak = _status("VmHWM")
        return False

    def result(self, **extra) -> dict:
        return {"seconds": self.seconds, "cpu_seconds": self.cpu, "peak_mb": self.peak / 2**20, "stage_mb": (self.peak - self.rss0) / 2**20,
                **extra}


def best(runs: list[Stage]) -> Stage:
    """The fastest of repeated runs (the one least disturbed by other processes)."""
    return min(runs, key=lambda r: r.seconds)


def machine() -> dict:
    with open("/proc/cpuinfo") as f:
        cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "?")
    mem = _status_total()
    import duckdb
    import numpy
    import pandas

    return {"cpu": cpu, "nproc": os.cpu_count(), "ram_gb": round(mem / 2**30, 1), "python": sys.version.split()[0],
            "pandas": pandas.__version__, "numpy": numpy.__version__, "duckdb": duckdb.__version__}


def _status_total() -> int:
    with open("/proc/meminfo") as f:
        return int(re.search(r"MemTotal:\s+(\d+) kB", f.read()).group(1)) * 1024
