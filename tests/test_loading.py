"""From real files to numbers: the messy workbook field by field, the sample company, and public datasets."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from csm.engine import Analysis, Settings
from csm.guess import guess_mapping
from csm.loading import load, read_sources
from csm.mapping import Mapping
from csm.metrics import compute, compute_all
from csm.schema import KINDS

from .conftest import SAMPLE, shared_path

MESSY = SAMPLE / "messy"
EXPECTED = json.loads((MESSY / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messy():
    raws = read_sources([MESSY / "acme_export.xlsx", MESSY / "nps_semicolon_latin1.csv"])
    return raws, load(raws)


@pytest.mark.parametrize("sheet", list(EXPECTED["acme_export.xlsx"]["sheets"]))
def test_messy_workbook_sheet_is_mapped_field_by_field(messy, sheet):
    raws, ds = messy
    want = EXPECTED["acme_export.xlsx"]["sheets"][sheet]
    raw = next(r for r in raws if r.sheet == sheet)
    assert raw.header_row == want["header_row"]
    table = ds.mapping.for_table("acme_export.xlsx", sheet)
    assert table.kind == want["kind"]
    assert table.columns == want["columns"]
    if "survey_type" in want:
        assert table.survey_type == want["survey_type"]
    report = next(t for t in ds.report.tables if t.label == f"acme_export.xlsx [{sheet}]")
    assert report.rows_used == want["good_rows"]
    rejects = ds.report.rejects
    mine = rejects[(rejects["sheet"] == sheet) & ~rejects["reason"].str.contains("total row")]
    assert sorted(zip(mine["row"], mine["column"], strict=True)) == sorted(
        (b["row"], b["column"]) for b in want["bad_rows"])
    totals = rejects[(rejects["sheet"] == sheet) & rejects["reason"].str.contains("total row")]
    assert totals["row"].tolist() == ([want["total_row"]] if want["total_row"] else [])


def test_messy_workbook_values_after_normalising(messy):
    _, ds = messy
    sheets = EXPECTED["acme_export.xlsx"]["sheets"]
    assert ds.tables["subscriptions"]["mrr"].sum() == pytest.approx(sheets["Subscriptions"]["sum_monthly_fee_good_rows"])
    tx = ds.tables["transactions"]
    assert tx["amount"].sum() == pytest.approx(sheets["Payments"]["sum_amount_good_rows"])
    assert (tx["amount"] < 0).sum() == sheets["Payments"]["refunds"]
    # Day-first text dates were read as day-first: no date in the sheet lands on an impossible month.
    assert ds.tables["subscriptions"]["start_date"].notna().all()
    assert ds.currency == "USD"
    nps = ds.report.rejects[ds.report.rejects["sheet"] == "NPS"].iloc[0]
    assert (nps["row"], nps["value"], nps["reason"]) == (58, "11", "score outside the NPS scale 0–10")


def test_messy_nps_csv_in_cp1252_with_semicolons(messy):
    _raws, ds = messy
    want = EXPECTED["nps_semicolon_latin1.csv"]
    table = ds.mapping.for_table("nps_semicolon_latin1.csv", None)
    assert (table.kind, table.survey_type, table.columns) == (want["kind"], want["survey_type"], want["columns"])
    report = next(t for t in ds.report.tables if t.label == "nps_semicolon_latin1.csv")
    assert report.rows_used == want["good_rows"]


def test_messy_workbook_never_altered(tmp_path):
    before = (MESSY / "acme_export.xlsx").read_bytes()
    load(read_sources([MESSY / "acme_export.xlsx"]))
    assert (MESSY / "acme_export.xlsx").read_bytes() == before


@pytest.fixture(scope="module")
def sample():
    mapping = Mapping.loads((SAMPLE / "brightwave_mapping.json").read_text(encoding="utf-8"))
    raws = read_sources(sorted((SAMPLE / "brightwave").glob("*.csv")))
    return raws, mapping, load(raws, mapping)


def test_sample_company_loads_clean_and_the_guess_matches_its_mapping(sample):
    raws, mapping, ds = sample
    assert ds.report.rows_rejected == 0
    guessed = guess_mapping(raws)
    for table in mapping.tables:
        g = guessed.for_table(table.source, table.sheet)
        assert (g.kind, g.columns) == (table.kind, table.columns), table.source


def test_sample_company_matches_its_generators_facts(sample):
    """The generator recorded its month-by-month facts independently of csm; they must agree."""
    _, _, ds = sample
    facts = json.loads((SAMPLE / "brightwave_facts.json").read_text(encoding="utf-8"))
    a = Analysis(ds, Settings(start=dt.date(2023, 1, 1), end=dt.date(2025, 12, 31)))
    got = {m: {p.period: p.value for p in compute(a, m).points} for m in
           ("customers_start", "new_customers", "reactivated_customers", "churned_customers", "customers_end", "mrr")}
    for month in facts["months"]:
        label = month["month"]
        assert (got["customers_start"][label], got["new_customers"][label], got["reactivated_customers"][label],
                got["churned_customers"][label], got["customers_end"][label]) == (
            month["customers_start"], month["new"], month["reactivated"], month["churned"], month["customers_end"]), label
        assert got["mrr"][label] == pytest.approx(month["mrr_end"], abs=0.01), label


def test_sample_company_nps_by_quarter(sample):
    _, _, ds = sample
    facts = json.loads((SAMPLE / "brightwave_facts.json").read_text(encoding="utf-8"))["nps_by_quarter"]
    a = Analysis(ds, Settings(granularity="quarter", start=dt.date(2023, 1, 1), end=dt.date(2025, 12, 31)))
    nps = {p.period: p for p in compute(a, "nps").points}
    for label, want in facts.items():
        assert nps[label].value == pytest.approx(want["nps"], abs=0.05) and nps[label].n == want["responses"], label


def test_sample_company_supports_every_metric(sample):
    _, _, ds = sample
    _results, warnings = compute_all(Analysis(ds))
    assert [w for w in warnings if "left out" in w] == []


def test_cdnow_purchases_through_the_loader():
    raws = read_sources([shared_path("data", "cdnow", "CDNOW_sample.txt")])
    ds = load(raws)
    tx = ds.tables["transactions"]
    assert (len(tx), tx["customer_id"].nunique()) == (6919, 2357)
    assert tx["amount"].sum() == pytest.approx(244_091.94, abs=0.005)
    a = Analysis(ds, Settings(granularity="year"))
    assert a.churn_event == "inactivity"
    revenue = compute(a, "revenue")
    assert sum(p.value for p in revenue.points) == pytest.approx(244_091.94, abs=0.01)


def test_ravenstack_ticket_and_usage_tables_link_to_customers():
    ds = load(read_sources(sorted(shared_path("data", "ravenstack").glob("*.csv"))))
    usage = ds.tables["usage"]
    assert len(usage) == 25_000 and usage["customer_id"].str.startswith("A-").all()
    assert len(ds.tables["tickets"]) == 2_000


def test_telco_snapshot_without_dates_is_reported_not_crashed():
    ds = load(read_sources([shared_path("data", "telco", "WA_Fn-UseC_-Telco-Customer-Churn.csv")]))
    assert len(ds.tables["customers"]) == 7043
    assert ds.span() is None  # no dates: the app and the CLI say there are no periods to report on


def test_a_change_to_one_tables_mapping_reads_only_that_table_again(monkeypatch):
    """Applying a mapping edit in the app normalises the edited table only; the others are taken as they were, and
    the dataset equals one loaded from scratch with the edited mapping."""
    from dataclasses import replace

    import csm.loading as loading

    files = [str(p) for p in sorted((SAMPLE / "brightwave").glob("*.csv"))]
    raws = read_sources(files)
    mapping = guess_mapping(raws)
    calls = []
    real = loading.normalize_table
    monkeypatch.setattr(loading, "normalize_table",
                        lambda raw, tm, opts: calls.append(raw.source) or real(raw, tm, opts))
    load(raws, mapping)
    assert sorted(calls) == sorted(r.source for r in raws)
    tickets = mapping.for_table("tickets.csv", None)
    dropped = next(f for f in tickets.columns if f not in KINDS["tickets"].required)
    edited = Mapping(tuple(replace(t, columns={f: c for f, c in t.columns.items() if f != dropped})
                           if t.source == "tickets.csv" else t for t in mapping.tables), mapping.options)
    calls.clear()
    again = load(raws, edited)
    assert calls == ["tickets.csv"]
    fresh = load(read_sources(files), edited)
    assert again.tables.keys() == fresh.tables.keys()
    for kind in fresh.tables:
        assert again.tables[kind].equals(fresh.tables[kind]), kind
    assert dropped not in again.tables["tickets"] or again.tables["tickets"][dropped].isna().all()


def test_load_tells_of_each_table_as_it_normalises_it_and_gives_the_same_dataset():
    import pandas as pd

    raws = read_sources(sorted(SAMPLE.glob("*.csv")))
    told = []
    with_progress = load(raws, progress=lambda k, n, label: told.append((k, n, label)))
    assert told == [(k, len(raws), r.label) for k, r in enumerate(raws, start=1)]
    plain = load(raws)
    assert with_progress.tables.keys() == plain.tables.keys()
    for kind, frame in plain.tables.items():
        pd.testing.assert_frame_equal(with_progress.tables[kind], frame)
    pd.testing.assert_frame_equal(with_progress.report.rejects, plain.report.rejects)
    assert with_progress.report.notes == plain.report.notes
