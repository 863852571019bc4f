"""The exports: the Excel report holds `python -m csm report --format json`'s numbers (compared whole) with Excel
number formats and a cover listing every setting; hostile text stays text in it; every chart renders to PNG and
SVG; the PDF summary is one page carrying the Overview's headline values."""
from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from csm import fmt, summary
from csm.engine import Analysis
from csm.exports.inert import risky
from csm.exports.view import ExportView, settings_in_force
from csm.exports.workbook import report_workbook
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.metrics import GROUPS, REGISTRY
from csm.settings import OPTIONS, Settings

from . import hostile_company

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "brightwave"
SAMPLE_FILES = sorted(SAMPLE.glob("*.csv"))
SAMPLE_MAPPING = ROOT / "sample_data" / "brightwave_mapping.json"
FLAGS = ["--granularity", "quarter", "--churn-variant", "total", "--currency", "EUR", "--gross-margin", "70",
         "--filter", "segment=Mid-market", "--filter", "segment=Enterprise"]
NOW = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
SMALL_FILL = "FFFFF2CC"

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="the sample company is not generated")


def csm(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "csm", *args], cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return done


@pytest.fixture(scope="module")
def sample():
    return load(read_sources(SAMPLE_FILES), Mapping.loads(SAMPLE_MAPPING.read_text()))


@pytest.fixture(scope="module")
def cli_outputs(tmp_path_factory):
    """The JSON report and the Excel report of the sample company, both from the command line, same flags."""
    out = tmp_path_factory.mktemp("cli")
    files = [str(f) for f in SAMPLE_FILES]
    args = ["report", *files, "--mapping", str(SAMPLE_MAPPING), *FLAGS]
    obj = json.loads(csm(*args, "--format", "json").stdout)
    csm(*args, "--format", "xlsx", "--out", str(out / "report.xlsx"), "--label", "Brightwave")
    return obj, openpyxl.load_workbook(out / "report.xlsx")


# ----- reading the workbook back ----------------------------------------------------------------------------------
def _float(x):
    """Numbers compared to 12 significant digits (a percentage is stored ÷ 100 and read back × 100)."""
    return float(f"{x:.12g}") if isinstance(x, float) else x


def _norm(obj):
    if isinstance(obj, dict):
        return {k: _norm(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_norm(v) for v in obj]
    return _float(obj)


def _rows(ws, first: int):
    return [r for r in ws.iter_rows(min_row=first) if r[0].value is not None]


def metrics_from_workbook(wb) -> dict:
    """The report's "metrics" as the workbook holds them: the Formulas sheet names each metric, its unit, variant
    and formula; its group's sheet holds, per period, value, numerator, denominator, n and worked line; a shaded
    value is a small sample; the More series sheet holds the companion series."""
    formulas = [dict(zip([c.value for c in next(wb["Formulas"].iter_rows(max_row=1))], [c.value for c in r],
                         strict=True)) for r in wb["Formulas"].iter_rows(min_row=2)]
    out = {}
    for title in GROUPS.values():
        ms = [f for f in formulas if f["group"] == title]
        if not ms:
            assert title not in wb.sheetnames
            continue
        ws = wb[title]
        rows = _rows(ws, 3)
        for k, f in enumerate(ms):
            col = 3 + 5 * k
            assert ws.cell(1, col + 1).value == f["metric"] + (f" ({f['variant']})" if f["variant"] else "")
            series = []
            for r in rows:
                v = r[col].value
                point = {"period": r[0].value, "value": v * 100 if f["unit"] == "percent" and v is not None else v,
                         "numerator": r[col + 1].value, "denominator": r[col + 2].value, "worked": r[col + 4].value or ""}
                if r[col + 3].value is not None:
                    point["n"] = r[col + 3].value
                point["small_sample"] = r[col].fill.fgColor.rgb == SMALL_FILL
                series.append(point)
            out[f["id"]] = {"name": f["metric"], "unit": f["unit"], "variant": f["variant"], "formula": f["formula"],
                            "series": series}
    if "More series" in wb.sheetnames:
        ws = wb["More series"]
        names = {m["name"]: mid for mid, m in out.items()}
        for c in range(4, ws.max_column + 1):
            mid = names[ws.cell(1, c).value]
            values = [ws.cell(r, c).value for r in range(3, ws.max_row + 1)]
            out[mid].setdefault("extra", {})[ws.cell(2, c).value] = values
    return out


def cohorts_from_workbook(wb) -> dict:
    out = {}
    for kind, title in (("logo", "Cohorts, customers"), ("revenue", "Cohorts, MRR")):
        if title not in wb.sheetnames:
            continue
        ws = wb[title]
        head = [c.value for c in next(ws.iter_rows(min_row=4, max_row=4))]
        fields = head[1:head.index(0)]
        cohorts = []
        for r in _rows(ws, 5):
            vals = [c.value for c in r]
            ret = [v * 100 if v is not None else None for v in vals[len(fields) + 1:]]
            while ret and ret[-1] is None:
                ret.pop()
            cohorts.append({"cohort": vals[0], **dict(zip(fields, vals[1:len(fields) + 1], strict=True)),
                            "retention": ret})
        earlier = int(ws.cell(2, 1).value.split(" ")[0].replace(",", ""))
        out[kind] = {"unit": "percent", "earlier": earlier, "cohorts": cohorts}
    return out


def test_the_workbook_holds_the_json_report_whole(cli_outputs):
    obj, wb = cli_outputs
    assert _norm(metrics_from_workbook(wb)) == _norm(obj["metrics"])
    assert _norm(cohorts_from_workbook(wb)) == _norm(obj["cohort_retention"])
    ws = wb[GROUPS["retention"]]
    periods = [{"label": r[0].value, "start": str(r[1].value.date()),
                "end": str((r[2].value + dt.timedelta(days=1)).date())} for r in _rows(ws, 3)]
    assert periods == obj["periods"]
    cover = {r[0].value: r[1].value for r in wb["Cover"].iter_rows(min_row=3, max_row=13)}
    assert (cover["Granularity"], cover["Currency"], cover["Churn event"]) == (
        obj["granularity"], obj["currency"], obj["churn_event"])
    assert cover["Data"] == "Brightwave"


def test_a_binary_format_needs_a_file(tmp_path):
    done = subprocess.run([sys.executable, "-m", "csm", "report", str(SAMPLE_FILES[0]), "--format", "xlsx"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--out FILE" in done.stderr and not done.stdout


def test_the_workbook_has_real_number_formats(cli_outputs):
    obj, wb = cli_outputs
    ws = wb[GROUPS["retention"]]
    churn = ws.cell(3, 4 + 5 * list(m for m in obj["metrics"] if REGISTRY[m].group == "retention").index(
        "customer_churn_rate"))
    assert churn.number_format == "0.0#%" and churn.data_type == "n"
    rev = wb[GROUPS["revenue"]]
    assert rev.cell(1, 4).value == "MRR" and rev.cell(5, 4).number_format == '"€"#,##0.00;-"€"#,##0.00'
    assert rev.cell(5, 2).is_date and rev.cell(5, 2).number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "D3" and ws.column_dimensions["H"].width > 20  # a worked line fits
    assert wb["Cohorts, customers"].cell(5, 5).number_format == "0.0%"
    assert wb["MRR movements"].cell(2, 4).number_format.startswith('"€"')
    assert wb["Cover"]["B12"].is_date  # the generation time


def test_the_cover_lists_every_setting_in_force(cli_outputs):
    _, wb = cli_outputs
    ws = wb["Cover"]
    start = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Settings in force") + 2
    listed = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(start, start + len(OPTIONS))}
    assert list(listed) == [o.label for o in OPTIONS.values()]
    assert listed["Granularity"] == "quarter" and listed["Churn variant"] == "total"
    assert listed["Currency"] == "EUR" and listed["Gross margin %"] == "70"
    assert listed["Filter customers by"] == "segment Mid-market/Enterprise"
    assert listed["Churn event"] == "auto (subscription)"


def test_settings_in_force_name_every_declared_option(sample):
    lines = settings_in_force(Analysis(sample, Settings(churn_variant="end")))
    assert [s.name for s in lines] == list(OPTIONS)
    assert [s.name for s in lines if s.changed] == ["churn_variant"]


# ----- hostile text -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile():
    raws = read_sources([(n, d) for n, d in hostile_company.files().items()])
    return load(raws, Mapping.loads(json.dumps(hostile_company.MAPPING)))


def test_formula_text_stays_text_in_the_workbook(hostile):
    kept = (hostile_company.PAYLOADS[1], hostile_company.PAYLOADS[2], "Basic")  # plan names in the filter
    a = Analysis(hostile, Settings(filters=(("plan", kept),)))
    i = a.periods.find("2024-05")  # @SUM(A1) churns; comments from @SUM(A1) and with =HYPERLINK(…)
    wb = openpyxl.load_workbook(io.BytesIO(report_workbook(a, ExportView(hostile_company.PAYLOADS[0], i, i - 1, NOW))))
    seen: dict[str, set[str]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and risky(c.value):
                    assert c.data_type == "s" and c.quotePrefix, (ws.title, c.coordinate, c.value)
                    seen.setdefault(c.value, set()).add(ws.title)
    where = {v: seen.get(v, set()) for v in (*hostile_company.PAYLOADS, hostile_company.REJECTED)}
    assert {"Cover"} <= where[hostile_company.PAYLOADS[0]], "the data's label"
    cover = [c for row in wb["Cover"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "plan +1+1/-2+3/Basic" in cover, "the filter, as typed"
    assert {"MRR movers 2024-05", "Comments 2024-05"} <= where[hostile_company.PAYLOADS[3]], "an id, a comment"
    assert {"Comments 2024-05"} <= where[hostile_company.PAYLOADS[0]], "a survey comment"
    assert {"MRR movers 2024-05"} <= where[hostile_company.PAYLOADS[2]], "a plan name"
    assert where[hostile_company.REJECTED] == {"Rows not used"}
    movers = wb["MRR movers 2024-05"]
    assert [c.value for c in movers[2]][:1] == [hostile_company.PAYLOADS[3]], "a customer id, as typed"


def test_customer_rows_stay_out_when_not_allowed(hostile):
    a = Analysis(hostile)
    wb = openpyxl.load_workbook(io.BytesIO(report_workbook(a, ExportView("x", 5, 4, NOW, rows=False))))
    assert not [n for n in wb.sheetnames if n.startswith(("At risk", "MRR movers", "Comments", "Rows not used"))]
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not {hostile_company.PAYLOADS[0], hostile_company.PAYLOADS[2]} & set(row), (ws.title, row)


def test_the_overview_sheet_shows_the_headlines_of_the_view(sample):
    a = Analysis(sample)
    view = ExportView.default(a, "Brightwave", NOW)
    wb = openpyxl.load_workbook(io.BytesIO(report_workbook(a, view)))
    ws = wb["Overview"]
    heads = summary.headlines(a, view.i, view.j)
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5, max_row=4 + len(heads))]
    assert [r[7] for r in rows] == [ch.sentence() for ch, _ in heads]
    for r, (ch, _) in zip(rows, heads, strict=True):
        assert fmt.value(r[2] * 100 if ch.unit == "percent" else r[2], ch.unit, a.currency) == ch.shown(ch.value)
    assert len(ws._charts) == len(heads)


# ----- chart images -------------------------------------------------------------------------------------------------
def _every_chart(ds):
    """(name, chart) for every chart the app draws on the sample company: each metric card and each page chart."""
    from csm import charts, health_model
    from csm.breakdown import breakdown
    from csm.cohorts import cohort_retention
    from csm.reconcile import variants_side_by_side
    from csm.views import health_bands, metric_table, mrr_movements, surveys

    a = Analysis(ds)
    last = a.periods.labels[-1]
    for mid, m in REGISTRY.items():
        if not m.requires(a):
            s = m.compute(a)
            frame = metric_table.series_frame(s, a.periods, a.currency)
            yield mid, charts.metric_spec(frame, s.name, s.unit, last, a.periods.labels[-2], "month")
    yield "movements", charts.movements_chart(mrr_movements.movements_frame(a))
    yield "variants", charts.variants_chart(variants_side_by_side(a, last))
    for kind in ("logo", "revenue"):
        yield f"cohorts_{kind}", charts.heatmap(cohort_retention(a, kind).long)
    yield "nps_shares", charts.shares_chart(surveys.score_shares(a, "nps"), "NPS", charts.NPS_COLORS)
    yield "scores", charts.distribution_chart(surveys.score_distribution(surveys.survey_responses(a, "nps", 35)), "x")
    bands = health_bands.bands_frame(health_model.health_by_period(a), a.periods)
    yield "bands", charts.shares_chart(bands, "Bands", charts.BAND_COLORS)
    yield "backtest", charts.backtest_chart(health_bands.backtest_summary(health_model.backtest(a)))
    full = breakdown(a, "mrr", "plan")
    yield "by_plan", charts.breakdown_chart(metric_table.breakdown_in_period(full, "plan", last, "money"), "MRR", "$")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_every_chart_exports_to_png_and_svg(sample):
    from csm.exports.images import WIDTH, export_spec, png, svg

    names = []
    for name, chart in _every_chart(sample):
        spec = export_spec(chart, f"{name} title", ["Brightwave · 2025-12 · month", "the definition in force"])
        text = svg(spec)
        root = ET.fromstring(text)
        assert root.tag == "{http://www.w3.org/2000/svg}svg", name
        width, height = float(root.get("width")), float(root.get("height"))
        assert width >= WIDTH and height > 100, (name, width, height)
        shown = "".join(root.itertext())
        assert f"{name} title" in shown and "Brightwave · 2025-12 · month" in shown and "definition in force" in shown
        image = png(spec)
        assert _png_size(image) == (round(2 * width), round(2 * height)), name  # 2× for slides
        assert len(image) > 10_000, name
        names.append(name)
    assert len(names) >= 45, names


# ----- the one-page summary -------------------------------------------------------------------------------------------
def test_the_pdf_is_one_page_with_the_overviews_headline_values(sample):
    from pypdf import PdfReader

    from csm.exports.summary_pdf import summary_pdf

    a = Analysis(sample)
    view = ExportView.default(a, "Brightwave Analytics", NOW)
    for paper in ("a4", "letter"):
        pdf = PdfReader(io.BytesIO(summary_pdf(a, view, paper=paper)))
        assert len(pdf.pages) == 1, paper
        text = pdf.pages[0].extract_text()
        heads = summary.headlines(a, view.i, view.j)
        assert len(heads) == 10
        for ch, _ in heads:
            assert ch.shown(ch.value) in text, (paper, ch.name, ch.shown(ch.value))
            assert ch.delta_text() in text, (paper, ch.name)
        for line in settings_in_force(a):
            assert f"{line.label}: {line.value}" in text, line
        assert "Brightwave Analytics" in text and "2025-12 compared with 2025-11" in text


def test_the_pdf_stays_one_page_with_long_text(hostile):
    from pypdf import PdfReader

    from csm.exports.summary_pdf import summary_pdf

    a = Analysis(hostile, Settings(filters=(("plan", tuple(f"plan {k} " * 8 for k in range(30))),)))
    label = "A company with a very long name, " * 20
    pdf = PdfReader(io.BytesIO(summary_pdf(a, ExportView(label, 5, 4, NOW), paper="letter")))
    assert len(pdf.pages) == 1
