"""What the Data page reports: the tables read, the date columns that read two ways, an empty template per kind."""
from __future__ import annotations

import io

import pandas as pd

from ..dataset import DataReport
from ..io import RawTable
from ..mapping import Mapping
from ..normalize import date_order_evidence
from ..schema import KINDS


def report_frame(report: DataReport) -> pd.DataFrame:
    """One row per table read: kind, rows read, used and rejected, and the notes on what was decided."""
    return pd.DataFrame(
        [(t.label, t.kind or "—", t.rows_read, t.rows_used, t.rows_rejected, "; ".join(t.notes)) for t in report.tables],
        columns=["table", "kind", "rows read", "rows used", "rows rejected", "notes"],
    )


def ambiguous_dates(raws: list[RawTable], mapping: Mapping) -> list[str]:
    """'file [sheet] · column' for every mapped date column whose numeric dates could be day- or month-first."""
    out = []
    for raw in raws:
        tm = mapping.for_table(raw.source, raw.sheet)
        if tm is None or tm.kind is None:
            continue
        for f in KINDS[tm.kind].fields:
            col = tm.columns.get(f.name)
            if f.type in ("date", "datetime") and col in raw.frame and _date_order(raw, col) == "ambiguous":
                out.append(f"{raw.label} · {col}")
    return out


def _date_order(raw: RawTable, column: str) -> str:
    """csm.normalize.date_order_evidence of one column, read once per table."""
    return raw.memo.get(("date order", column), lambda: date_order_evidence(raw.frame[column].drop_duplicates()))


def template_csv(kind: str) -> bytes:
    """An empty template for one kind: the header row of its fields, required ones first."""
    k = KINDS[kind]
    names = [f.name for f in k.fields if f.required] + [f.name for f in k.fields if not f.required]
    buf = io.StringIO()
    pd.DataFrame(columns=names).to_csv(buf, index=False)
    return buf.getvalue().encode()
