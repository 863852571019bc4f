"""Generated tables through the whole path — read, guess, load, every metric — raise nothing but csm's own errors.

Hypothesis writes text tables with random headers (real ones, misspelt ones, junk), random cells (dates in several
styles, money, numbers, flags, words, blanks), random delimiters, line ends and encodings. Whatever it writes, the
path either gives numbers or stops with a `CsmError` (one sentence for the person), never another exception.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csm.engine import Analysis
from csm.errors import CsmError
from csm.loading import load, read_sources
from csm.metrics import compute_all
from csm.settings import Settings

HEADERS = ("customer_id", "Cust #", "Customer", "email", "Start Date", "start_dt", "End", "Cancelled On", "MRR",
           "Monthly Fee ($)", "amount", "Amount (EUR)", "plan", "Plan Tier", "signup_date", "churn_date", "score",
           "NPS", "How likely…?", "created_at", "resolved", "contacts", "date", "minutes", "feature", "category",
           "visitors", "conversions", "type", "Kunde", "Beginn", "Monatsbeitrag", "x", "", "  ", "1", "=A1",
           "<b>h</b>", "naïve ☃", "Unnamed: 3")


@st.composite
def cell(draw) -> str:
    day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
    return draw(st.sampled_from([
        day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%m/%d/%Y"), day.strftime("%d.%m.%Y"),
        day.strftime("%b %d, %Y"), str((day - dt.date(1899, 12, 30)).days),
        f"${draw(st.integers(-10**6, 10**7)):,}.{draw(st.integers(0, 99)):02d}",
        f"{draw(st.integers(0, 10**6))},{draw(st.integers(0, 99)):02d} €", f"({draw(st.integers(0, 999))})",
        str(draw(st.integers(-5, 12))), str(draw(st.floats(-1e6, 1e6, allow_nan=False))), "Y", "n", "TRUE", "false",
        "yes", "—", "", " ", "N/A", "#DIV/0!", "=1+1", "-", draw(st.text(max_size=12)),
        draw(st.sampled_from(["A-1", "A-2", "c3", "1001", "1001.0", "Pro", "Basic", "nps", "csat", "ces"])),
    ]))


@st.composite
def table_bytes(draw) -> tuple[str, bytes]:
    n_cols = draw(st.integers(1, 7))
    headers = draw(st.lists(st.sampled_from(HEADERS), min_size=n_cols, max_size=n_cols))
    rows = draw(st.lists(st.lists(cell(), min_size=n_cols, max_size=n_cols), min_size=0, max_size=25))
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))

    def line(cells):
        return sep.join('"' + c.replace('"', '""') + '"' if (sep in c or '"' in c or "\n" in c or "\r" in c) else c
                        for c in cells)

    text = end.join(line(r) for r in [headers, *rows]) + draw(st.sampled_from(["", end]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    return draw(st.sampled_from(["export.csv", "data.txt", "table.tsv"])), data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(table_bytes(), min_size=1, max_size=3, unique_by=lambda t: t[0]))
def test_generated_tables_give_numbers_or_a_csm_error(files):
    try:
        ds = load(read_sources(files))
        if ds.span() is None:
            return
        compute_all(Analysis(ds, Settings()))
        compute_all(Analysis(ds, Settings(granularity="week", churn_variant="average")))
    except CsmError:
        pass
