"""The report workbook's tables beyond the metric sheets (csm/exports/workbook.py): the churn variants side by side,
the MRR movements, the cohort matrices, the companion series, and the customer-level rows (only where they may
leave: `ExportView.rows`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import churn_variants as variants
from ..engine import Analysis
from ..metrics import REGISTRY
from .view import ExportView
from .xlsx_writer import HEADER, Book

PERCENT = "0.0#%"


def _periods(sh, obj: dict, r0: int) -> None:
    for k, p in enumerate(obj["periods"]):
        last = (pd.Timestamp(p["end"]) - pd.Timedelta(days=1)).date()
        sh.row(r0 + k, 0, [p["label"], pd.Timestamp(p["start"]).date(), last])


def _money(currency: str | None) -> str:
    from .workbook import unit_format

    return unit_format("money", currency)


def churn_variants(book: Book, analysis: Analysis, obj: dict) -> None:
    """Every churn variant's rate per period, with its worked line; the one in force marked."""
    if "customer_churn_rate" not in obj["metrics"]:
        return
    from ..metrics.retention import churn_series

    sh = book.sheet("Churn variants")
    sh.row(0, 0, ["Period", "Start", "End (last day)"], **HEADER)
    sh.row(1, 0, ["", "", ""], **HEADER)
    _periods(sh, obj, 2)
    in_force = analysis.settings.churn_variant
    for k, name in enumerate(variants.NAMES):
        s = churn_series(analysis, name)
        col = 3 + 2 * k
        sh.merged(0, col, col + 1, name + (" (in force)" if name == in_force else ""), **{**HEADER, "align": "left"})
        sh.row(1, col, [s.formula, "worked"], **HEADER)
        for r, p in enumerate(s.points, start=2):
            sh.write(r, col, None if p.value is None else p.value / 100, num_format=PERCENT)
            sh.write(r, col + 1, p.worked)
        sh.width(col, 24)
        sh.width(col + 1, 26)
    sh.ws.freeze_panes(2, 3)


def mrr_movements(book: Book, analysis: Analysis, obj: dict) -> None:
    """Per period: MRR at the start, each movement (contraction and churn negative), MRR at the end, and the number
    of customers behind each movement. Start + movements = end."""
    if "mrr" not in obj["metrics"]:
        return
    f = analysis.flows
    sh = book.sheet("MRR movements")
    money = {"num_format": _money(obj["currency"])}
    heads = ["Period", "Start", "End (last day)", "MRR at start", "New", "Reactivation", "Expansion", "Contraction",
             "Churned", "MRR at end", "customers: new", "reactivation", "expansion", "contraction", "churned"]
    sh.row(0, 0, heads, **HEADER)
    _periods(sh, obj, 1)
    signs = {"new_mrr": 1, "reactivation_mrr": 1, "expansion_mrr": 1, "contraction_mrr": -1, "churned_mrr": -1}
    for r in range(len(obj["periods"])):
        amounts = [float(f.start[r])] + [s * float(getattr(f, m)[r]) for m, s in signs.items()] + [float(f.end[r])]
        sh.row(r + 1, 3, amounts, **money)
        sh.row(r + 1, 10, [int(f.counts[m][r]) for m in signs], num_format="#,##0")
    sh.ws.freeze_panes(1, 1)


def cohorts(book: Book, obj: dict) -> None:
    """The cohort matrices of the report: per cohort its size and the % retained at each age."""
    for kind, data in obj.get("cohort_retention", {}).items():
        sh = book.sheet("Cohorts, customers" if kind == "logo" else "Cohorts, MRR")
        what = "customers still active" if kind == "logo" else "first-period MRR kept"
        sh.title(0, 0, f"Cohort retention: % of each cohort's {what}, by periods after its first", 12)
        sh.ws.write_string(1, 0, f"{data['earlier']:,} customers were first active before the first period "
                                 "(in no cohort).")
        fields = ["joined", "left_in_first_period", "customers"] + (["mrr"] if kind == "revenue" else [])
        ages = max((len(c["retention"]) for c in data["cohorts"]), default=0)
        sh.row(3, 0, ["cohort", *fields, *range(ages)], **HEADER)
        for r, c in enumerate(data["cohorts"], start=4):
            sh.write(r, 0, c["cohort"])
            for k, f in enumerate(fields, start=1):
                sh.write(r, k, c[f], num_format=_money(obj["currency"]) if f == "mrr" else "#,##0")
            for k, v in enumerate(c["retention"]):
                sh.write(r, 1 + len(fields) + k, None if v is None else v / 100, num_format="0.0%")
        sh.ws.freeze_panes(4, 1)


def companion_series(book: Book, obj: dict) -> None:
    """The series that come with some metrics (NPS shares, adoption per feature, health bands…), one column each."""
    cols = [(mid, name, values) for mid, m in obj["metrics"].items() for name, values in m.get("extra", {}).items()]
    if not cols:
        return
    sh = book.sheet("More series")
    sh.row(0, 0, ["Period", "Start", "End (last day)"], **HEADER)
    sh.row(1, 0, ["", "", ""], **HEADER)
    _periods(sh, obj, 2)
    for k, (mid, name, values) in enumerate(cols, start=3):
        sh.write(0, k, obj["metrics"][mid]["name"], **HEADER)
        sh.write(1, k, name, **HEADER)
        for r, v in enumerate(values, start=2):
            sh.write(r, k, v, num_format="General")
        sh.width(k, max(12, len(name) + 2))
    sh.ws.freeze_panes(2, 1)


def customer_rows(book: Book, analysis: Analysis, view: ExportView) -> None:
    """The customer-level tables of the selected period (the at-risk list, the customers behind the MRR movements,
    the survey comments) and the rows not used."""
    from .. import health_model
    from ..views import mrr_movements, surveys

    period = view.period(analysis)
    if REGISTRY["health_score"].requires(analysis) is None and health_model.needs_health(analysis) is None:
        red = health_model.health_scores(analysis, period).customers("red")
        _table(book, f"At risk {period}", red)
    if REGISTRY["mrr"].requires(analysis) is None:
        _table(book, f"MRR movers {period}", mrr_movements.movement_customers(analysis, view.i))
    parts = []
    for kind in surveys.answered_types(analysis):
        r = surveys.survey_responses(analysis, kind, view.i)
        r = r[r["comment"].fillna("").astype(str).str.strip() != ""]
        parts.append(r.assign(survey=kind))
    if parts and sum(len(p) for p in parts):
        comments = pd.concat([p for p in parts if len(p)], ignore_index=True)
        _table(book, f"Comments {period}", comments[["survey", *[c for c in comments if c != "survey"]]])
    rejects = analysis.dataset.report.rejects
    if len(rejects):
        _table(book, "Rows not used", rejects)


def _table(book: Book, name: str, frame: pd.DataFrame) -> None:
    sh = book.sheet(name)
    shown = frame.reset_index(drop=True)
    sh.frame(0, 0, shown, formats={c: {"num_format": "#,##0.00"} for c in shown
                                   if pd.api.types.is_float_dtype(shown[c]) and not np.all(shown[c].dropna() % 1 == 0)})
    sh.ws.freeze_panes(1, 0)
    sh.ws.autofilter(0, 0, len(shown), max(len(shown.columns) - 1, 0))
