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


def uses_frame(dataset, analysis) -> pd.DataFrame:
    """One row per table read: the metrics its kind feeds in this dataset, and the uploaded columns that fed nothing
    (neither mapped to a field nor followed by a link)."""
    from ..engine import EVENT_KINDS
    from ..metrics import REGISTRY

    fed = {}
    for m in REGISTRY.values():
        if m.requires(analysis) is None:
            kinds = m.needs
            if set(kinds) == {"subscriptions", "customers", "transactions"}:  # the customer counts: the churn event's
                kinds = EVENT_KINDS.get(analysis.churn_event, ())
            for kind in kinds:
                fed.setdefault(kind, []).append(m.name)
    if dataset.has("tickets", "satisfaction"):
        fed.setdefault("tickets", []).insert(0, "CSAT (the satisfaction answered on tickets)")
    from ..snapshot import figure_names, has_snapshot

    if has_snapshot(dataset):
        fed.setdefault("customers", []).extend(figure_names(dataset))
    rows = []
    for raw in dataset.raws:
        tm = dataset.mapping.for_table(raw.source, raw.sheet)
        kind = tm.kind if tm is not None else None
        used = set(tm.columns.values()) | {link.via for link in tm.links.values()} if kind else set()
        unused = [str(c) for c in raw.frame.columns if c not in used]
        rows.append((raw.label, kind or "—", ", ".join(fed.get(kind, [])) if kind else "nothing (no kind chosen)",
                     ", ".join(unused) or "—"))
    return pd.DataFrame(rows, columns=["table", "kind", "feeds", "columns not used"])


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
