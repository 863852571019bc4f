"""The Excel report: every number of `python -m csm report --format json`, laid out for a person.

Sheets: a cover (the data, the period range, the granularity, every setting in force, the data report's counts,
the warnings, when it was made); the Overview (the headline metrics of the selected period against the comparison
period, in plain words, with a native Excel chart of each); one sheet per metric group (a row per period; per
metric its value, numerator, denominator, n and worked line); the churn variants side by side; the MRR movements;
the cohort matrices; the companion series; the formulas, definitions and notes; and, where customer-level rows may
leave, the at-risk customers, the customers behind the MRR movements, the survey comments and the rows not used.

Numbers are numbers with Excel formats: a percentage is stored as a fraction with a percent format (6.4 % is
0.064), money with the data's currency, dates as dates. Text is written as string cells (csm/exports/xlsx_writer.py).

    data = report_workbook(analysis, ExportView.default(analysis, "Brightwave", generated=now))   # the .xlsx bytes
"""
from __future__ import annotations

import io

import pandas as pd

from .. import __version__, fmt, summary
from ..engine import Analysis
from ..metrics import GROUPS, REGISTRY
from ..report import report_object
from ..results import SMALL_SAMPLE
from . import workbook_tables as tables
from .view import ExportView, settings_in_force
from .xlsx_writer import DATETIME, HEADER, Book, Sheet

SMALL = {"bg_color": "#FFF2CC"}  # a value resting on fewer than SMALL_SAMPLE observations
BLUE, SKY = "#0072B2", "#56B4E9"  # csm.charts.PALETTE
LINES = ("percent", "ratio", "score", "days", "hours", "minutes")  # drawn as lines; counts and money as columns
MEMBERS = ("value", "numerator", "denominator", "n", "worked")  # a metric's columns on its group's sheet


def unit_format(unit: str, currency: str | None) -> str:
    """The Excel number format of a value of this unit (percentages stored as fractions)."""
    if unit == "money":
        sym = fmt.SYMBOLS.get((currency or "").upper(), f"{currency} " if currency else "")
        return f'"{sym}"#,##0.00;-"{sym}"#,##0.00' if sym else "#,##0.00"
    return {"percent": "0.0#%", "count": "#,##0", "ratio": "0.00", "days": '0.0" days"', "hours": '0.0" h"',
            "minutes": '0.0" min"', "score": "0.0#"}.get(unit, "General")


def delta_format(unit: str, currency: str | None) -> str:
    """The format of a change between two values: percentage points for rates, the sign always shown."""
    if unit == "money":
        sym = fmt.SYMBOLS.get((currency or "").upper(), f"{currency} " if currency else "")
        return f'+"{sym}"#,##0.00;-"{sym}"#,##0.00;0'
    tail = {"percent": ' pp', "days": ' days', "hours": ' h', "minutes": ' min'}.get(unit, "")
    body = "#,##0" if unit == "count" else "0.0#"
    return f'+{body}"{tail}";-{body}"{tail}";0"{tail}"' if tail else f"+{body};-{body};0"


def stored(value, unit: str):
    """A metric value as the workbook stores it: percentages as fractions."""
    return None if value is None else value / 100 if unit == "percent" else value


def report_workbook(analysis: Analysis, view: ExportView, series_of=None, ids=None, active: str = "Overview") -> bytes:
    """The .xlsx bytes of the report for `analysis`, as seen in `view` (see the module docstring).

    `series_of(metric_id)` gives a metric's series (the app's memoised ones); default: computed here, once each.
    `ids`: only these metrics (and "cohort_retention"), as `report --metric`; `active`: the sheet it opens on."""
    kept: dict = {}

    def series(mid: str):
        if mid not in kept:
            kept[mid] = series_of(mid) if series_of else REGISTRY[mid].compute(analysis)
        return kept[mid]

    obj = report_object(analysis, ids, series_of=series)
    out = io.BytesIO()
    book = Book(out)
    cover = book.sheet("Cover")
    overview = book.sheet("Overview")
    located: dict[str, tuple[str, int]] = {}
    for group, title in GROUPS.items():
        ms = {mid: m for mid, m in obj["metrics"].items() if REGISTRY[mid].group == group}
        if ms:
            located.update(group_sheet(book.sheet(title), ms, obj))
    tables.churn_variants(book, analysis, obj)
    tables.mrr_movements(book, analysis, obj)
    tables.cohorts(book, obj)
    tables.companion_series(book, obj)
    formulas_sheet(book.sheet("Formulas"), obj)
    if view.rows:
        tables.customer_rows(book, analysis, view)
    write_cover(cover, analysis, view, obj)
    write_overview(book, overview, analysis, view, obj, series, located)
    book.sheets.get(active, overview).ws.activate()
    book.close()
    return out.getvalue()


def _period_columns(sh: Sheet, obj: dict, r0: int) -> None:
    """Period, start and last day of every period, from row r0 down (columns A–C)."""
    for k, p in enumerate(obj["periods"]):
        last = (pd.Timestamp(p["end"]) - pd.Timedelta(days=1)).date()
        sh.row(r0 + k, 0, [p["label"], pd.Timestamp(p["start"]).date(), last])


def group_sheet(sh: Sheet, metrics: dict[str, dict], obj: dict) -> dict[str, tuple[str, int]]:
    """One row per period; per metric value, numerator, denominator, n and worked line. Where each value column is."""
    ws = sh.ws
    for c, head in enumerate(("Period", "Start", "End (last day)")):
        ws.merge_range(0, c, 1, c, head, sh.book.format(**HEADER))
    _period_columns(sh, obj, 2)
    sh.width(0, 10)
    where = {}
    col = 3
    for mid, m in metrics.items():
        name = m["name"] + (f" ({m['variant']})" if m["variant"] else "")
        sh.merged(0, col, col + len(MEMBERS) - 1, name, **{**HEADER, "align": "left"})
        unit_word = {"percent": "value (%)", "money": f"value ({obj['currency'] or 'amount'})"}.get(m["unit"], "value")
        sh.row(1, col, [unit_word, "numerator", "denominator", "n", "worked"], **HEADER)
        value_fmt = unit_format(m["unit"], obj["currency"])
        for k, p in enumerate(m["series"]):
            r = 2 + k
            small = SMALL if p.get("small_sample") else {}
            sh.write(r, col, stored(p["value"], m["unit"]), num_format=value_fmt, **small)
            sh.write(r, col + 1, p["numerator"], num_format="General")
            sh.write(r, col + 2, p["denominator"], num_format="General")
            sh.write(r, col + 3, p.get("n"), num_format="#,##0")
            sh.write(r, col + 4, p["worked"])
        for c in range(col, col + 4):
            sh.width(c, 12)
        where[mid] = (sh.name, col)
        col += len(MEMBERS)
    ws.freeze_panes(2, 3)
    return where


def formulas_sheet(sh: Sheet, obj: dict) -> None:
    """Each metric's formula (the variant in force), definition, notes and source."""
    rows = []
    for mid, m in obj["metrics"].items():
        reg = REGISTRY[mid]
        rows.append({"metric": m["name"], "id": mid, "group": GROUPS[reg.group], "unit": m["unit"],
                     "variant": m["variant"], "formula": m["formula"], "definition": reg.definition,
                     "notes": "\n".join(reg.notes), "source": reg.source})
    sh.frame(0, 0, pd.DataFrame(rows, columns=["metric", "id", "group", "unit", "variant", "formula", "definition",
                                               "notes", "source"]),
             formats={c: {"text_wrap": True, "valign": "top"} for c in ("formula", "definition", "notes")})
    for c, w in ((5, 50), (6, 60), (7, 60)):
        sh.width(c, w)
    sh.ws.freeze_panes(1, 1)


def write_cover(sh: Sheet, analysis: Analysis, view: ExportView, obj: dict) -> None:
    """The data, the periods, the granularity, every setting in force, the data's counts, warnings, when."""
    periods = obj["periods"]
    sh.title(0, 0, "Customer-success report", 16)
    first, last = periods[0], periods[-1]
    facts = [
        ("Data", view.label),
        ("Periods", f"{first['label']} to {last['label']} ({len(periods)} periods)"),
        ("First day", pd.Timestamp(first["start"]).date()),
        ("Last day", (pd.Timestamp(last["end"]) - pd.Timedelta(days=1)).date()),
        ("Granularity", obj["granularity"]),
        ("Selected period", view.period(analysis)),
        ("Compared with", view.previous(analysis) or "no comparison"),
        ("Currency", obj["currency"] or "none"),
        ("Churn event", obj["churn_event"] or "none"),
        ("Generated (UTC)", view.generated),
        ("Made by", f"csm {__version__}"),
    ]
    r = 2
    for key, value in facts:
        sh.write(r, 0, key, bold=True)
        sh.write(r, 1, value, **({"num_format": DATETIME, "align": "left"} if key.startswith("Generated") else
                                 {"align": "left"}))
        r += 1
    r += 1
    sh.title(r, 0, "Settings in force", 12)
    lines = settings_in_force(analysis)
    frame = pd.DataFrame([(s.label, s.value, s.default, "yes" if s.changed else "", s.flag, s.help) for s in lines],
                         columns=["setting", "value", "default", "changed", "command line", "what it changes"])
    r = sh.frame(r + 1, 0, frame, formats={"what it changes": {"text_wrap": True, "valign": "top"}}) + 1
    sh.title(r, 0, "The data", 12)
    data = pd.DataFrame([(t["table"], t["kind"] or "not used", t["rows_read"], t["rows_used"], t["rows_rejected"],
                          " ".join(t["notes"])) for t in obj["data"]["tables"]],
                        columns=["table", "kind", "rows read", "rows used", "rows rejected", "notes"])
    total = pd.DataFrame([("Total", "", data["rows read"].sum(), data["rows used"].sum(),
                           data["rows rejected"].sum(), "")], columns=data.columns)
    counts = {c: {"num_format": "#,##0"} for c in ("rows read", "rows used", "rows rejected")}
    r = sh.frame(r + 1, 0, pd.concat([data, total], ignore_index=True), formats=counts) + 1
    if obj["warnings"]:
        sh.title(r, 0, "Warnings", 12)
        for k, w in enumerate(obj["warnings"], start=r + 1):
            sh.ws.write_string(k, 0, w)  # one line each, across the row (not widening the column)
        r += len(obj["warnings"]) + 2
    sh.title(r, 0, "Reading this workbook", 12)
    notes = [f"A shaded value rests on fewer than {SMALL_SAMPLE} observations (small sample): read it with care.",
             "Percentages are stored as fractions with a percent format (6.4 % is 0.064), so they add and chart.",
             "Every text is stored as text: a cell that begins with =, +, - or @ never runs as a formula."]
    for k, note in enumerate(notes, start=r + 1):
        sh.ws.write_string(k, 0, note)
    sh.width(0, 26)
    sh.width(1, 42)
    sh.width(5, 70)


def write_overview(book: Book, sh: Sheet, analysis: Analysis, view: ExportView, obj: dict, series,
                   located: dict[str, tuple[str, int]]) -> None:
    """The headline metrics of the selected period against the comparison period, and a chart of each."""
    period, previous = view.period(analysis), view.previous(analysis)
    sh.title(0, 0, f"Overview — {view.label}", 14)
    sh.ws.write_string(1, 0, f"{period}" + (f" compared with {previous}" if previous else " (no comparison)")
                       + f" · {obj['granularity']}")
    heads = [h for h in summary.headlines(analysis, view.i, view.j, series) if h[0].metric_id in obj["metrics"]]
    sh.row(3, 0, ["metric", "period", "value", "compared with", "previous", "change", "verdict", "in plain words"],
           **HEADER)
    cur = obj["currency"]
    for k, (ch, s) in enumerate(heads, start=4):
        sh.row(k, 0, [ch.name + (f" ({s.variant})" if s.variant else ""), ch.period])
        sh.write(k, 2, stored(ch.value, ch.unit), num_format=unit_format(ch.unit, cur))
        sh.write(k, 3, ch.previous_period)
        sh.write(k, 4, stored(ch.previous, ch.unit), num_format=unit_format(ch.unit, cur))
        sh.write(k, 5, ch.diff, num_format=delta_format(ch.unit, cur))
        sh.row(k, 6, [ch.verdict or "", ch.sentence()])
    sh.width(0, 30)
    sh.width(7, 90)
    n = len(obj["periods"])
    top = 5 + len(heads)
    for k, (ch, s) in enumerate(h for h in heads if h[0].metric_id in located):
        where, col = located[ch.metric_id]
        chart = book.wb.add_chart({"type": "line" if ch.unit in LINES else "column"})
        line = {"values": [where, 2, col, 1 + n, col], "categories": [where, 2, 0, 1 + n, 0], "name": ch.name}
        if ch.unit in LINES:
            line.update(line={"color": BLUE, "width": 2}, marker={"type": "circle", "size": 4,
                                                                   "fill": {"color": BLUE}, "border": {"none": True}})
        else:
            line.update(fill={"color": SKY}, gap=40)
        chart.add_series(line)
        chart.set_title({"name": ch.name + (f" ({s.variant})" if s.variant else ""), "name_font": {"size": 11}})
        chart.set_legend({"none": True})
        axis = {"percent": "0%", "money": unit_format("money", cur).replace(".00", "")}.get(ch.unit,
                                                                                          unit_format(ch.unit, cur))
        chart.set_y_axis({"num_format": axis, "major_gridlines": {
            "visible": True, "line": {"color": "#E0E0E0"}}})
        chart.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
        chart.set_size({"width": 520, "height": 260})
        sh.ws.insert_chart(top + (k // 2) * 14, 0 if k % 2 == 0 else 4, chart)
    sh.ws.freeze_panes(4, 1)

