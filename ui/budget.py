"""The app's shared caches capped by size, not only by count.

st.cache_resource bounds a cache by its number of entries and their age. Sixty-four files read, or eight datasets,
may be a few megabytes or several gigabytes. Here every cached file read and dataset is noted with its estimated
size, and once the noted total passes CSM_CACHE_MB (default 1,024 MB) the least recently used entries are dropped
from their caches. A session still holding one keeps its own reference; the next one to ask reads it again.

What is noted is the cache's key (the files' digests and the mapping), never a value: the release of an entry goes
through a stand-in that hashes like the file or workspace it was read from and holds none of its bytes.
"""
from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import pandas as pd

SAMPLE = 256  # values of a text column measured to estimate it


def frame_bytes(frame: pd.DataFrame) -> int:
    """About how much memory a frame takes: its arrays, and its Python strings estimated from a spread sample —
    each distinct object once (csm.columnar makes one string of each repeated text, shared by its cells: a million
    cells of eight feature names hold eight strings, not a million)."""
    total = int(frame.memory_usage(index=True, deep=False).sum())
    step = max(1, len(frame) // SAMPLE)
    for col in frame.columns:
        if not pd.api.types.is_object_dtype(frame[col].dtype):  # arrays and Arrow strings: counted above
            continue
        values = frame[col].to_numpy()[::step][:SAMPLE]
        objects = {id(v): v for v in values}.values()  # the sample's distinct objects: a share of the column's
        if len(values):
            total += int(len(frame) * sum(sys.getsizeof(v) for v in objects) / len(values))
    return total


class Budget:
    """Noted cache entries, least recently used first, with the size of each and how to release it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._held: OrderedDict[Hashable, tuple[int, Callable[[], None]]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, key: Hashable, size: Callable[[], int], release: Callable[[], None]) -> None:
        """Note an entry just used (its size measured the first time), then release the oldest over the limit."""
        with self._lock:
            if key in self._held:
                self._held.move_to_end(key)
                return
        nbytes = size()
        released = []
        with self._lock:
            self._held[key] = (nbytes, release)
            total = sum(n for n, _ in self._held.values())
            while total > self.limit and len(self._held) > 1:
                _, (n, drop) = self._held.popitem(last=False)
                total -= n
                released.append(drop)
        for drop in released:
            drop()

    @property
    def total(self) -> int:
        with self._lock:
            return sum(n for n, _ in self._held.values())

    def __contains__(self, key: Hashable) -> bool:
        return key in self._held

    def __len__(self) -> int:
        return len(self._held)


BUDGET = Budget(int(float(os.environ.get("CSM_CACHE_MB", 1024)) * 2**20))
