"""A loaded dataset: canonical tables by kind, the mapping that made them, and the report of what was used.

Built by `csm.loading.load`; the computation only ever sees this.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .mapping import Mapping
from .memo import Memo
from .schema import KINDS, REJECT_COLUMNS  # noqa: F401 (REJECT_COLUMNS: still importable from here)


@dataclass(frozen=True)
class TableReport:
    label: str
    kind: str | None
    rows_read: int
    rows_used: int
    rows_rejected: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataReport:
    tables: tuple[TableReport, ...]
    rejects: pd.DataFrame
    notes: tuple[str, ...] = ()

    @property
    def rows_rejected(self) -> int:
        return sum(t.rows_rejected for t in self.tables)

    def summary(self) -> str:
        used = sum(t.rows_used for t in self.tables if t.kind)
        return f"{used:,} rows used, {self.rows_rejected:,} rejected in {sum(1 for t in self.tables if t.kind)} tables"


@dataclass(frozen=True)
class Dataset:
    tables: dict[str, pd.DataFrame]
    report: DataReport
    mapping: Mapping
    currency: str | None = None
    raws: tuple[Any, ...] = field(default=(), repr=False)  # the RawTables read, for previews
    # What is derived from the tables (which fields have values, the date span), kept beside them: a Dataset is
    # shared read-only (app cache, breakdowns). Not pickled; a copy made by dataclasses.replace starts empty.
    memo: Memo = field(default_factory=Memo, init=False, repr=False, compare=False)

    def has(self, kind: str, *fields: str) -> bool:
        t = self.tables.get(kind)
        if t is None or t.empty:
            return False
        return all(self._has_values(kind, f) for f in fields)

    def _has_values(self, kind: str, name: str) -> bool:
        """Whether the table's column `name` exists and holds at least one value (scanned once per dataset)."""
        def compute() -> bool:
            t = self.tables[kind]
            if name not in t.columns:
                return False
            col = t[name]
            return bool(col.iloc[:1024].notna().any() or col.notna().any())  # the head usually answers

        return self.memo.get(("has", kind, name), compute)

    def get(self, kind: str) -> pd.DataFrame | None:
        return self.tables.get(kind)

    def span(self) -> tuple[np.datetime64, np.datetime64] | None:
        """First and last calendar day seen in any date field of any table (computed once per dataset)."""
        return self.memo.get("span", self._span)

    def _span(self) -> tuple[np.datetime64, np.datetime64] | None:
        lo, hi = [], []
        for kind, frame in self.tables.items():
            for f in KINDS[kind].fields:
                if f.type in ("date", "datetime") and f.name in frame:
                    col = frame[f.name]  # datetime64: min and max skip NaT, without a copy of the column
                    first, last = col.min(), col.max()
                    if pd.notna(first):
                        lo.append(np.datetime64(first, "D"))
                        hi.append(np.datetime64(last, "D"))
        if not lo:
            return None
        return min(lo), max(hi)
