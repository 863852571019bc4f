"""The report object: every metric the data supports over every period, the cohorts, the warnings and the data's
counts — what `python -m csm report --format json` prints and every export (csm/exports) is made from.

    obj = report_object(Analysis(dataset, settings))
    obj["metrics"]["customer_churn_rate"]["series"][4]   # {"period": "2024-05", "value": 6.4, "numerator": 64, …}
"""
from __future__ import annotations

import numpy as np

from .engine import Analysis
from .errors import OptionError


def report_object(analysis: Analysis, ids=None, series_of=None) -> dict:
    """The `report --format json` object of DATA.md.

    `series_of(metric_id)` gives a metric's series (the app passes its memoised ones; default: computed here), so
    an export made from this object holds the numbers the app shows."""
    from .metrics import compute_all
    from .snapshot import SNAPSHOT_IDS, has_snapshot, snapshot_report

    if ids is not None:
        from .metrics import REGISTRY

        unknown = sorted(set(ids) - set(REGISTRY) - {COHORTS} - set(SNAPSHOT_IDS))
        if unknown:
            raise OptionError(f"there is no metric {', '.join(map(repr, unknown))}; `python -m csm metrics` lists them")
    dated = analysis.dataset.span() is not None
    if dated:
        results, warnings = compute_all(analysis, ids, series_of)
        cohorts = _cohorts(analysis, warnings) if ids is None or COHORTS in ids else None
    else:  # a snapshot: no periods, so none of the per-period metrics
        results, cohorts = {}, None
        warnings = ["the tables hold no dates, so there are no periods: only the snapshot figures are computed"]
    metrics = {mid: s.to_json() for mid, s in results.items()}
    snapshot = snapshot_report(analysis, ids) if has_snapshot(analysis.dataset) else None
    if snapshot:
        metrics.update(snapshot.pop("metrics"))
    report = analysis.dataset.report
    if report.rows_rejected:
        n = report.rows_rejected
        warnings.insert(0, f"{n:,} row{'s' if n != 1 else ''} could not be used; write them out with --rejects FILE.")
    return {
        "granularity": analysis.settings.granularity,
        "periods": analysis.periods.records() if dated else [],
        "currency": analysis.currency,
        "churn_event": analysis.churn_event,
        "metrics": metrics,
        **({"cohort_retention": cohorts} if cohorts else {}),
        **({"snapshot": snapshot} if snapshot else {}),
        "warnings": warnings + list(report.notes) + _table_warnings(report),
        "data": {"rows_rejected": report.rows_rejected, "tables": [
            {"table": t.label, "kind": t.kind, "rows_read": t.rows_read, "rows_used": t.rows_used,
             "rows_rejected": t.rows_rejected, "notes": list(t.notes)} for t in report.tables]},
    }


COHORTS = "cohort_retention"


def _cohorts(analysis: Analysis, warnings: list[str]) -> dict:
    """METRICS.md's cohort_retention, logo and revenue: per cohort (period of first activation) its size and the %
    retained at the end of each period from age 0 on (the last defined age ends the list)."""
    from .cohorts import cohort_retention

    out = {}
    for kind in ("logo", "revenue"):
        try:
            c = cohort_retention(analysis, kind)
        except OptionError as e:
            warnings.append(f"{COHORTS} ({kind}) left out: {e}.")
            continue
        sizes = c.sizes.set_index("cohort").to_dict("index")
        rows = []
        for label, values in zip(c.matrix.index, c.matrix.to_numpy(), strict=True):
            defined = values[: int(np.flatnonzero(~np.isnan(values))[-1]) + 1]
            rows.append({"cohort": label, **{k: getattr(v, "item", lambda v=v: v)() for k, v in sizes[label].items()},
                         "retention": [None if np.isnan(v) else float(v) for v in defined]})
        out[kind] = {"unit": "percent", "earlier": int(c.earlier), "cohorts": rows}
    return out


def _table_warnings(report) -> list[str]:
    """The tables' notes that change what is counted (dropped times, guessed date order, total rows…), each named
    by its table; how a file was decoded is left to the "data" section."""
    return [f"{t.label}: {n}" for t in report.tables if t.kind for n in t.notes if not n.startswith("Read as ")]
