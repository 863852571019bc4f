"""The frames behind the app's views: a metric's table, MRR movements, the period to show, the data report.

Pure pandas over an `Analysis` or a `Dataset`; the app only renders what these return, so everything a page
shows can be checked without Streamlit.

    frame = series_frame(series, analysis.periods, analysis.currency)   # one row per period, for chart and table
    i = default_period(analysis.periods, analysis.dataset.span())        # the last complete period
    j = comparison_index(analysis.periods, i, "year")                    # same period a year earlier, or None
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import numpy as np
import pandas as pd

from . import fmt
from .dataset import DataReport, Dataset
from .engine import Analysis
from .io import RawTable
from .mapping import Mapping
from .mrr_book import MOVEMENTS, customer_movements
from .normalize import date_order_evidence
from .periods import Periods
from .results import SMALL_SAMPLE, MetricSeries
from .schema import KINDS

COMPARE = {"previous": "Previous period", "year": "Same period a year earlier"}
MOVEMENT_LABELS = {
    "new_mrr": "New",
    "reactivation_mrr": "Reactivation",
    "expansion_mrr": "Expansion",
    "contraction_mrr": "Contraction",
    "churned_mrr": "Churned",
}
MOVEMENT_SIGN = {"new_mrr": 1, "reactivation_mrr": 1, "expansion_mrr": 1, "contraction_mrr": -1, "churned_mrr": -1}


# ----- periods -----------------------------------------------------------------------------------------------
def default_period(periods: Periods, span: tuple[np.datetime64, np.datetime64] | None) -> int:
    """Index of the last period the data covers completely (the last period when none is complete)."""
    if span is None or not len(periods):
        return max(len(periods) - 1, 0)
    last_day = np.datetime64(span[1], "D")
    complete = np.flatnonzero(periods.ends - np.timedelta64(1, "D") <= last_day)
    return int(complete[-1]) if len(complete) else len(periods) - 1


def comparison_index(periods: Periods, i: int, compare: str) -> int | None:
    """The period compared with period i: the one before it, or the one starting a year earlier (None if outside)."""
    if compare == "previous":
        return i - 1 if i >= 1 else None
    if periods.granularity == "week":  # 52 weeks back: the same ISO week number, a Monday again
        j = i - 52
        return j if j >= 0 else None
    start = periods.starts[i].astype(dt.date)
    try:
        target = np.datetime64(start.replace(year=start.year - 1), "D")
    except ValueError:  # 29 February
        target = np.datetime64(start.replace(year=start.year - 1, day=28), "D")
    j = int(periods.index_of(np.array([target]))[0])
    return j if 0 <= j < i else None


def _add_dates(frame: pd.DataFrame, periods: Periods) -> None:
    """Add each row's period start and last day (bars span their period on a time axis)."""
    starts = dict(zip(periods.labels, pd.to_datetime(periods.starts), strict=True))
    ends = dict(zip(periods.labels, pd.to_datetime(periods.ends - np.timedelta64(1, "D")), strict=True))
    frame["start"] = frame["period"].map(starts)
    frame["end"] = frame["period"].map(ends)


# ----- one metric --------------------------------------------------------------------------------------------
def series_frame(series: MetricSeries, periods: Periods, currency: str | None = None) -> pd.DataFrame:
    """The table behind a metric: one row per period with the value, its parts, the worked line and n."""
    pts = series.points
    return pd.DataFrame({
        "period": [p.period for p in pts],
        "start": pd.to_datetime(periods.starts[: len(pts)]),
        "end": pd.to_datetime(periods.ends[: len(pts)] - np.timedelta64(1, "D")),
        "value": [np.nan if p.value is None else float(p.value) for p in pts],
        "shown": [fmt.value(p.value, series.unit, currency) for p in pts],
        "numerator": [np.nan if p.numerator is None else float(p.numerator) for p in pts],
        "denominator": [np.nan if p.denominator is None else float(p.denominator) for p in pts],
        "n": pd.array([p.n for p in pts], dtype="Int64"),
        "small_sample": [p.small_sample for p in pts],
        "worked": [p.worked for p in pts],
    })


# ----- revenue -----------------------------------------------------------------------------------------------
def movements_frame(analysis: Analysis) -> pd.DataFrame:
    """MRR movements per period in long form, contraction and churn negative (for a diverging stacked bar)."""
    f = analysis.flows
    p = analysis.periods
    parts = []
    for m in MOVEMENTS:
        amount = np.asarray(getattr(f, m), dtype=float) * MOVEMENT_SIGN[m]
        parts.append(pd.DataFrame({
            "period": list(p.labels), "start": pd.to_datetime(p.starts),
            "end": pd.to_datetime(p.ends - np.timedelta64(1, "D")), "movement": MOVEMENT_LABELS[m],
            "amount": amount, "customers": f.counts[m],
            "shown": [fmt.money(float(x), analysis.currency) for x in amount],
        }))
    return pd.concat(parts, ignore_index=True)


def movement_customers(analysis: Analysis, i: int) -> pd.DataFrame:
    """The customers behind period i's MRR movements, with their name, plan and owner where known."""
    out = customer_movements(analysis.mrr_book, analysis.periods, i)
    attrs = analysis.attributes
    cols = [c for c in ("name", "plan", "owner") if c in attrs]
    if cols:
        out = out.merge(attrs[["customer_id", *cols]].drop_duplicates("customer_id"), on="customer_id", how="left")
    return out.reset_index(drop=True)


# ----- data --------------------------------------------------------------------------------------------------
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
            if (f.type in ("date", "datetime") and col in raw.frame
                    and date_order_evidence(raw.frame[col].drop_duplicates()) == "ambiguous"):
                out.append(f"{raw.label} · {col}")
    return out


def template_csv(kind: str) -> bytes:
    """An empty template for one kind: the header row of its fields, required ones first."""
    k = KINDS[kind]
    names = [f.name for f in k.fields if f.required] + [f.name for f in k.fields if not f.required]
    buf = io.StringIO()
    pd.DataFrame(columns=names).to_csv(buf, index=False)
    return buf.getvalue().encode()


def attribute_values(dataset: Dataset, attribute: str) -> list[str]:
    """The distinct values of one customer attribute, sorted (for the filter)."""
    from .attributes import customer_attributes

    attrs = customer_attributes(dataset)
    if attribute not in attrs:
        return []
    return sorted(attrs[attribute].dropna().astype(str).unique().tolist())


PROFILE_ROWS = 2000  # the mapping editor ranks columns on the first rows: enough to tell a date from an amount


def _head(raw: RawTable) -> RawTable:
    if len(raw.frame) <= PROFILE_ROWS:
        return raw
    return replace(raw, frame=raw.frame.head(PROFILE_ROWS), rows=raw.rows[:PROFILE_ROWS])


def guess_columns(raw: RawTable, kind: str) -> dict[str, str]:
    """The best column for each field of `kind` in this table (when the user changes a table's kind)."""
    from .guess import rank_kinds

    for ks in rank_kinds(_head(raw)):
        if ks.kind == kind:
            headers = list(raw.frame.columns)
            return {f: headers[ci] for f, (ci, _) in ks.assignment.items()}
    return {}


def field_candidates(raw: RawTable, kind: str) -> dict[str, list[str]]:
    """Every field of `kind` → the table's columns, best candidates first (the mapping editor's choices)."""
    from .guess import _Table, column_candidates  # one profile of the table serves every field

    table = _Table(_head(raw))
    return {f: column_candidates(table, kind, f) for f in KINDS[kind].field_names}


# ----- customer voice ----------------------------------------------------------------------------------------
NPS_GROUPS = ("detractor", "passive", "promoter")


def nps_group(score: pd.Series) -> pd.Series:
    """promoter (9–10), passive (7–8) or detractor (0–6) — METRICS.md, whatever seed 004 says."""
    return pd.Series(np.select([score >= 9, score >= 7], ["promoter", "passive"], "detractor"), index=score.index)


def survey_types(analysis: Analysis) -> list[str]:
    t = analysis.table("surveys")
    if t is None:
        return []
    return [k for k in ("nps", "csat", "ces") if (t["survey_type"] == k).any()]


def survey_responses(analysis: Analysis, survey_type: str, i: int | None = None) -> pd.DataFrame:
    """The responses of one survey type (in period i, or in the whole range): date, customer, score, group, comment."""
    t = analysis.table("surveys")
    cols = ["date", "period", "customer_id", "name", "score", "group", "comment"]
    if t is None:
        return pd.DataFrame(columns=cols)
    t = t[t["survey_type"] == survey_type]
    pidx = analysis.period_index(t["date"].to_numpy(dtype="datetime64[D]"))
    keep = pidx == i if i is not None else pidx >= 0
    t, pidx = t[keep], pidx[keep]
    labels = np.asarray(analysis.periods.labels, dtype=object)
    out = pd.DataFrame({
        "date": t["date"].to_numpy(), "period": labels[pidx] if len(pidx) else [],
        "customer_id": t["customer_id"].to_numpy() if "customer_id" in t else None,
        "score": t["score"].to_numpy(),
        "group": nps_group(t["score"]).to_numpy() if survey_type == "nps" else None,
        "comment": t["comment"].to_numpy() if "comment" in t else None,
    })
    attrs = analysis.attributes
    if "name" in attrs and out["customer_id"].notna().any():
        out = out.merge(attrs[["customer_id", "name"]].drop_duplicates("customer_id"), on="customer_id", how="left")
    else:
        out["name"] = None
    return out[cols].sort_values("date", kind="stable").reset_index(drop=True)


def score_distribution(responses: pd.DataFrame) -> pd.DataFrame:
    """How many responses gave each score: score, responses (and the NPS group when known)."""
    by = ["score", "group"] if responses["group"].notna().any() else ["score"]
    return responses.groupby(by, dropna=False).size().rename("responses").reset_index()


def score_shares(analysis: Analysis, survey_type: str) -> pd.DataFrame:
    """Per period, the share (%) of responses in each group (NPS) or at each score (CSAT, CES)."""
    r = survey_responses(analysis, survey_type)
    if r.empty:
        return pd.DataFrame(columns=["period", "start", "end", "category", "value", "responses"])
    cat = r["group"] if survey_type == "nps" else r["score"].map(lambda s: f"{s:g}")
    counts = pd.crosstab(r["period"], cat)
    shares = counts.div(counts.sum(axis=1), axis=0) * 100
    long = shares.stack().rename("value").reset_index()
    long.columns = ["period", "category", "value"]
    long["responses"] = counts.stack().to_numpy()
    _add_dates(long, analysis.periods)
    return long[["period", "start", "end", "category", "value", "responses"]]


# ----- breakdowns and health ---------------------------------------------------------------------------------
def breakdown_in_period(frame: pd.DataFrame, by: str, period: str, unit: str, currency: str | None = None
                        ) -> pd.DataFrame:
    """One period of `csm.breakdown.breakdown`: group, value, shown, numerator, denominator, n."""
    out = frame[frame["period"] == period].rename(columns={by: "group"})
    out = out[["group", "value", "numerator", "denominator", "n"]].reset_index(drop=True)
    out.insert(2, "shown", [fmt.value(v, unit, currency) for v in out["value"]])
    out["small_sample"] = out["n"].notna() & (out["n"] < SMALL_SAMPLE)
    return out


def bands_frame(by_period: pd.DataFrame, periods: Periods) -> pd.DataFrame:
    """`csm.health_model.health_by_period` in long form for a stacked bar: period, start, category (band), value."""
    long = by_period.melt(id_vars="period", value_vars=["red", "yellow", "green"], var_name="category",
                          value_name="value")
    _add_dates(long, periods)
    return long[["period", "start", "end", "category", "value"]]


def backtest_summary(bt: pd.DataFrame) -> pd.DataFrame:
    """The backtest over every period: per band, customers, how many churned in the next period, and the rate (%)."""
    out = bt.groupby("band", sort=False)[["customers", "churned_next"]].sum().reset_index()
    out["churn_rate_next"] = np.where(out["customers"] > 0, out["churned_next"] / out["customers"].clip(lower=1) * 100,
                                      np.nan)
    return out
