"""The one memo: compute a value once for a key and keep it, for objects shared read-only across reruns and threads.

`Memo` is what a `Dataset` keeps what it derives from its tables in (which fields have values, the date span), what
analyses sharing their base settings keep their intermediate results in (csm.engine.Analysis.memo), and what a
`csm.workbench.Workbench` keeps analyses and series in. A memo is never pickled (a copy starts empty) and may be
bounded: past `limit` entries the least recently used goes.

Two threads asking for the same missing key may both compute it (the values are equal; one is kept): a lock held
around `compute` would serialise every session of the app behind the slowest computation.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Memo:
    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value kept for `key`, computed by `compute()` on the first call."""
        with self._lock:
            try:
                value = self._values[key]
            except KeyError:
                pass
            else:
                if self.limit is not None:
                    self._values.move_to_end(key)
                return value
        value = compute()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            if self.limit is not None:
                self._values.move_to_end(key)
                while len(self._values) > self.limit:
                    self._values.popitem(last=False)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def items(self) -> list[tuple[Hashable, Any]]:
        with self._lock:
            return list(self._values.items())

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __getstate__(self) -> dict:  # a pickled copy starts empty: the values can be rebuilt, and may be large
        return {"limit": self.limit}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["limit"])

    def __copy__(self) -> Memo:
        return Memo(self.limit)

    def __deepcopy__(self, memo: dict) -> Memo:
        return Memo(self.limit)
