"""The one-page executive summary (PDF): the Overview's headline numbers with their change and a sparkline, the
plain-words sentences, how each headline is counted, every setting in force and the data's period, on one A4 or
Letter page. Drawn with fpdf2 and a bundled DejaVu Sans (csm/exports/fonts), so it looks the same everywhere and
needs no browser.

    data = summary_pdf(analysis, ExportView.default(analysis, "Brightwave", generated=now))   # the PDF's bytes

Whatever the length of the names and sentences, the page is one page: the text is set again smaller until it fits.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from fpdf import FPDF

from .. import __version__, summary
from ..engine import Analysis
from .view import ExportView, settings_in_force

FONTS = Path(__file__).with_name("fonts")
PAPER = {"a4": "A4", "letter": "Letter"}
INK, GREY, RULE = (33, 33, 33), (110, 110, 110), (210, 210, 210)
VERDICT = {"better": (0, 158, 115), "worse": (213, 94, 0), None: (110, 110, 110)}  # csm.charts' Okabe–Ito
BLUE = (0, 114, 178)
MARGIN = 12.0  # mm
PER_ROW = 5  # headline tiles per row
SCALES = (1.0, 0.92, 0.85, 0.78, 0.7)


class _Page(FPDF):
    def __init__(self, paper: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format=PAPER[paper])
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.add_page()

    def text_style(self, size: float, bold: bool = False, color=INK) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(*color)


def summary_pdf(analysis: Analysis, view: ExportView, series_of=None, paper: str = "a4") -> bytes:
    """The PDF's bytes (see the module docstring). `series_of(metric_id)`: the app's memoised series, if any."""
    heads = summary.headlines(analysis, view.i, view.j, series_of)
    for scale in SCALES:
        pdf = _Page(paper)
        if _draw(pdf, analysis, view, heads, scale) or scale == SCALES[-1]:
            return bytes(pdf.output())
    raise AssertionError("unreachable")


def _draw(pdf: _Page, a: Analysis, view: ExportView, heads, k: float) -> bool:
    """Draw the page with every size multiplied by k; whether it all fits on the page."""
    w = pdf.w - 2 * MARGIN
    bottom = pdf.h - MARGIN
    periods = a.periods
    first = str(periods.starts[0])
    last = str(periods.ends[-1] - np.timedelta64(1, "D"))
    period, previous = view.period(a), view.previous(a)

    pdf.text_style(16 * k, bold=True)
    pdf.cell(w * 0.68, 8 * k, "Customer-success summary")
    pdf.text_style(7.5 * k, color=GREY)
    pdf.cell(w * 0.32, 8 * k, f"Generated {view.generated:%Y-%m-%d %H:%M} UTC", align="R",
             new_x="LMARGIN", new_y="NEXT")
    pdf.text_style(11 * k, bold=True)
    pdf.multi_cell(w, 5.5 * k, view.label, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.text_style(8.5 * k, color=GREY)
    compared = f"compared with {previous}" if previous else "no comparison period"
    pdf.multi_cell(w, 4.5 * k, f"{period} {compared} · {a.settings.granularity} · data from {first} to {last} "
                               f"({len(periods)} periods) · currency {a.currency or 'none'}",
                   align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2 * k)
    _tiles(pdf, heads, view, w, k)

    pdf.ln(3 * k)
    _heading(pdf, "In plain words", w, k)
    pdf.text_style(8.5 * k)
    for ch, _ in heads:
        pdf.set_x(MARGIN)
        pdf.multi_cell(w, 4.2 * k, f"•  {ch.sentence()}", align="L", new_x="LMARGIN", new_y="NEXT")
    worse = [ch for ch, _ in heads if ch.verdict == "worse"]
    if worse:
        pdf.ln(1 * k)
        pdf.text_style(8.5 * k, bold=True, color=VERDICT["worse"])
        moved = "; ".join(f"{ch.name} ({ch.delta_text()})" for ch in worse)
        pdf.multi_cell(w, 4.2 * k, f"Moved the wrong way: {moved}.", align="L", new_x="LMARGIN", new_y="NEXT")
    if not heads:
        pdf.text_style(8.5 * k)
        pdf.multi_cell(w, 4.2 * k, "None of the headline metrics can be computed from this data.",
                       align="L", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(2.5 * k)
    _heading(pdf, "How these are counted", w, k)
    for ch, s in heads:
        pdf.set_x(MARGIN)
        pdf.text_style(7.3 * k, bold=True)
        name = ch.name + (f" ({s.variant})" if s.variant else "") + ": "
        pdf.write(3.6 * k, name)
        pdf.text_style(7.3 * k)
        pdf.write(3.6 * k, s.formula)
        pdf.ln(3.8 * k)

    pdf.ln(2 * k)
    _heading(pdf, "Definitions in force", w, k)
    _settings(pdf, a, w, k)

    pdf.ln(2 * k)
    pdf.text_style(6.8 * k, color=GREY)
    pdf.multi_cell(w, 3.3 * k, f"Made with csm {__version__}: the numbers of the app's Overview and of `python -m csm "
                               "report` for the same files and settings. The Excel report holds every metric, period, "
                               "numerator, denominator and worked line.", align="L", new_x="LMARGIN", new_y="NEXT")
    return pdf.get_y() <= bottom


def _heading(pdf: _Page, text: str, w: float, k: float) -> None:
    pdf.text_style(10 * k, bold=True)
    pdf.cell(w, 5.5 * k, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + w, pdf.get_y())
    pdf.ln(1.2 * k)


def _tiles(pdf: _Page, heads, view: ExportView, w: float, k: float) -> None:
    """One tile per headline: name, value, change against the comparison period, sparkline up to the period."""
    gap = 2.5
    tw = (w - gap * (PER_ROW - 1)) / PER_ROW
    th = 33 * k
    y0 = pdf.get_y()
    for n, (ch, s) in enumerate(heads):
        x = MARGIN + (n % PER_ROW) * (tw + gap)
        y = y0 + (n // PER_ROW) * (th + gap)
        pdf.set_draw_color(*RULE)
        pdf.set_fill_color(247, 249, 251)
        pdf.rect(x, y, tw, th, style="DF")
        pdf.set_xy(x + 2, y + 1.5 * k)
        pdf.text_style(7 * k, color=GREY)
        name = ch.name + (f" ({s.variant})" if s.variant else "")
        pdf.multi_cell(tw - 4, 3.2 * k, name, align="L", new_x="LEFT", new_y="NEXT")
        pdf.set_xy(x + 2, y + 8.5 * k)
        pdf.text_style(13 * k, bold=True)
        pdf.cell(tw - 4, 6 * k, _fit(pdf, ch.shown(ch.value), tw - 4))
        pdf.set_xy(x + 2, y + 15 * k)
        delta = ch.delta_text()
        pdf.text_style(7.5 * k, bold=True, color=VERDICT[ch.verdict])
        pdf.cell(tw - 4, 3.5 * k, _fit(pdf, delta or "no comparison", tw - 4))
        if delta:
            pdf.set_xy(x + 2, y + 18.5 * k)
            pdf.text_style(6.3 * k, color=GREY)
            pdf.cell(tw - 4, 3 * k, f"vs {ch.previous_period}")
        _sparkline(pdf, s.values[: view.i + 1], x + 2, y + 23 * k, tw - 4, th - 24.5 * k)
    rows = math.ceil(len(heads) / PER_ROW)
    pdf.set_xy(MARGIN, y0 + rows * (th + gap) - gap)


def _sparkline(pdf: _Page, values: np.ndarray, x: float, y: float, w: float, h: float) -> None:
    """The series up to the selected period as a line, its last point marked (gaps where a value is undefined)."""
    ok = ~np.isnan(values)
    if ok.sum() < 2:
        return
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    span = hi - lo or 1.0
    xs = x + np.arange(len(values)) * (w / max(len(values) - 1, 1))
    ys = y + h - (values - lo) / span * h
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.35)
    run: list[tuple[float, float]] = []
    for px, py, good in zip(xs, ys, ok, strict=True):
        if good:
            run.append((float(px), float(py)))
        if (not good or px == xs[-1]) and len(run) > 1:
            pdf.polyline(run)
        if not good:
            run = []
    if ok[-1]:
        pdf.set_fill_color(*BLUE)
        pdf.ellipse(float(xs[-1]) - 0.8, float(ys[-1]) - 0.8, 1.6, 1.6, style="F")
    pdf.set_line_width(0.2)


def _settings(pdf: _Page, a: Analysis, w: float, k: float) -> None:
    """Every setting (csm.settings.OPTIONS) with its value, in two columns; a changed one in bold."""
    lines = settings_in_force(a)
    half = math.ceil(len(lines) / 2)
    col = (w - 4) / 2
    y0 = pdf.get_y()
    for n, s in enumerate(lines):
        pdf.set_xy(MARGIN + (n // half) * (col + 4), y0 + (n % half) * 3.6 * k)
        pdf.text_style(7 * k, bold=s.changed)
        label = f"{s.label}: "
        pdf.cell(pdf.get_string_width(label), 3.6 * k, label)
        pdf.text_style(7 * k, color=INK if s.changed else GREY)
        pdf.cell(col - pdf.get_string_width(label), 3.6 * k, _fit(pdf, s.value, col - pdf.get_string_width(label)))
    pdf.set_xy(MARGIN, y0 + half * 3.6 * k)


def _fit(pdf: _Page, text: str, width: float) -> str:
    """The text cut (with an ellipsis) to the width in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"

