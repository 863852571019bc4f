"""The mapping editor's choices for one table: its best columns for a kind, and every field's candidate columns."""
from __future__ import annotations

from dataclasses import replace

from ..io import RawTable
from ..schema import KINDS

PROFILE_ROWS = 2000  # the mapping editor ranks columns on the first rows: enough to tell a date from an amount


def _head(raw: RawTable) -> RawTable:
    if len(raw.frame) <= PROFILE_ROWS:
        return raw
    return replace(raw, frame=raw.frame.head(PROFILE_ROWS), rows=raw.rows[:PROFILE_ROWS])


def guess_columns(raw: RawTable, kind: str) -> dict[str, str]:
    """The best column for each field of `kind` in this table (when the user changes a table's kind)."""
    from ..guess import rank_kinds

    for ks in rank_kinds(_head(raw)):
        if ks.kind == kind:
            headers = list(raw.frame.columns)
            return {f: headers[ci] for f, (ci, _) in ks.assignment.items()}
    return {}


def field_candidates(raw: RawTable, kind: str) -> dict[str, list[str]]:
    """Every field of `kind` → the table's columns, best candidates first (the mapping editor's choices); computed
    once per table and kind (shared, read-only)."""
    from ..guess import column_candidates
    from ..scoring import ScoredTable

    def compute() -> dict[str, list[str]]:
        table = ScoredTable(_head(raw))  # one profile of the table serves every field
        return {f: column_candidates(table, kind, f) for f in KINDS[kind].field_names}

    return raw.memo.get(("candidates", kind), compute)
