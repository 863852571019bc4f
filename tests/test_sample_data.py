"""The committed sample data: reproducible from sample_data/make_sample.py, internally consistent, and the templates
follow csm.schema."""
from __future__ import annotations

import csv
import importlib.util
import io
import itertools
import json
import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from csm.mapping import Mapping
from csm.schema import KINDS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
BW = SAMPLE / "brightwave"
END = pd.Timestamp("2025-12-31")
PRICES = {"Starter": 49.0, "Growth": 149.0, "Scale": 499.0}


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_sample", SAMPLE / "make_sample.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    _load_generator().main(out)
    return out


def _csv(name: str, **kw) -> pd.DataFrame:
    return pd.read_csv(BW / name, dtype=str, keep_default_na=False, **kw)


def _dates(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s.replace("", None), format="%Y-%m-%d")


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    df = _csv("customers.csv")
    for c in ("Signup date", "Churn date", "Paid date", "Onboarding start", "Onboarding complete"):
        df[c] = _dates(df[c])
    return df


@pytest.fixture(scope="module")
def subs() -> pd.DataFrame:
    df = _csv("subscriptions.csv")
    df["Start date"], df["End date"] = _dates(df["Start date"]), _dates(df["End date"])
    df["Amount"] = df["Amount"].astype(float)
    return df.sort_values(["Customer ID", "Start date", "Subscription ID"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# Reproducibility


def _committed_files() -> list[Path]:
    out = []
    for p in sorted(SAMPLE.rglob("*")):
        rel = p.relative_to(SAMPLE)
        wanted = p.suffix in (".csv", ".json", ".xlsx", ".md") and rel.as_posix() != "README.md"  # README: by hand
        if p.is_file() and rel.parts[0] != "__pycache__" and wanted:
            out.append(rel)
    return out


def test_generator_writes_every_committed_file_byte_for_byte(regenerated: Path):
    files = _committed_files()
    assert len(files) >= 25
    made = {p.relative_to(regenerated) for p in regenerated.rglob("*") if p.is_file()}
    assert made == set(files), "the generator and the committed files disagree on which files exist"
    for rel in files:
        if rel.suffix == ".xlsx":
            continue
        assert (regenerated / rel).read_bytes() == (SAMPLE / rel).read_bytes(), f"{rel} differs: rerun make_sample.py"


def test_workbooks_regenerate_to_the_same_content(regenerated: Path):
    """Compared member by member, uncompressed: the zip compression may differ between zlib builds."""
    for rel in ("brightwave.xlsx", "messy/acme_export.xlsx"):
        with zipfile.ZipFile(SAMPLE / rel) as a, zipfile.ZipFile(regenerated / rel) as b:
            assert a.namelist() == b.namelist()
            for name in a.namelist():
                assert a.read(name) == b.read(name), f"{rel}: {name} differs"


# ---------------------------------------------------------------------------------------------------------------
# Brightwave: internal consistency


def test_sizes():
    assert 550 <= len(_csv("customers.csv")) <= 700
    assert len(_csv("usage.csv")) <= 150_000
    assert (SAMPLE / "brightwave.xlsx").stat().st_size < 8_000_000


def test_every_customer_reference_exists(customers):
    ids = set(customers["Customer ID"])
    assert customers["Customer ID"].is_unique
    assert customers["Company name"].is_unique
    for name in ("subscriptions.csv", "invoices.csv", "surveys.csv", "tickets.csv", "usage.csv", "opportunities.csv"):
        refs = set(_csv(name)["Customer ID"])
        assert refs <= ids, f"{name}: unknown customers {sorted(refs - ids)[:5]}"


def test_subscriptions_are_well_formed(subs):
    assert subs["Subscription ID"].is_unique
    ended = subs["End date"].notna()
    assert (subs.loc[ended, "End date"] > subs.loc[ended, "Start date"]).all()
    assert (subs["Start date"] >= pd.Timestamp("2023-01-01")).all()
    assert (subs["Start date"] <= END).all() and (subs.loc[ended, "End date"] <= END).all()
    assert set(subs["Billing period"]) == {"month", "year"}
    expected = subs["Plan"].map(PRICES) * subs["Billing period"].map({"month": 1, "year": 10})
    assert (subs["Amount"] == expected).all()
    assert "MRR" not in subs.columns and "mrr" not in subs.columns  # the app must normalise annual plans


def test_subscriptions_of_a_customer_never_overlap(subs):
    handovers = reactivations = 0
    for cid, g in subs.groupby("Customer ID"):
        rows = g.to_dict("records")
        for prev, nxt in itertools.pairwise(rows):
            assert pd.notna(prev["End date"]), f"{cid}: an open subscription is followed by another"
            assert nxt["Start date"] >= prev["End date"], f"{cid}: subscriptions overlap"
            if nxt["Start date"] == prev["End date"]:
                handovers += 1
                assert (prev["Plan"], prev["Billing period"]) != (nxt["Plan"], nxt["Billing period"]), cid
            else:
                reactivations += 1
    assert handovers >= 20, "upgrades/downgrades hand over on the same day"
    assert reactivations >= 10, "some customers cancel and come back"


def test_customer_dates_agree_with_subscriptions(customers, subs):
    last = subs.groupby("Customer ID").tail(1).set_index("Customer ID")
    first = subs.groupby("Customer ID").head(1).set_index("Customer ID")
    c = customers.set_index("Customer ID")
    with_subs = c.loc[last.index]
    # churned customers: churn date = end of the last subscription; active ones: blank
    pd.testing.assert_series_equal(with_subs["Churn date"], last["End date"], check_names=False)
    # paying starts on the paid date, which is the sign-up date or 14–30 days later (free trial)
    pd.testing.assert_series_equal(with_subs["Paid date"], first["Start date"], check_names=False)
    trial = (with_subs["Paid date"] - with_subs["Signup date"]).dt.days
    assert trial.between(0, 32).all()
    assert ((trial >= 14) & (trial <= 32)).sum() >= 100
    # customers who never paid (or are still on trial): no subscription, no paid date
    never = c.drop(index=last.index)
    assert len(never) >= 5 and never["Paid date"].isna().all()
    # the plan shown is the current (or last) one
    assert (with_subs["Plan"] == last["Plan"]).all()


def test_onboarding(customers):
    done = customers.dropna(subset=["Onboarding complete"])
    days = (done["Onboarding complete"] - done["Onboarding start"]).dt.days
    assert (days >= 5).all()
    assert days.between(5, 45).mean() >= 0.9
    assert 0.03 <= customers["Onboarding complete"].isna().mean() <= 0.2
    assert (customers["Onboarding start"] >= customers["Signup date"]).all()


def test_join_and_leave_in_the_same_month(customers):
    gone = customers.dropna(subset=["Churn date"])
    same = gone[gone["Churn date"].dt.to_period("M") == gone["Signup date"].dt.to_period("M")]
    assert len(same) >= 3


def test_monthly_logo_churn_is_realistic():
    facts = json.loads((SAMPLE / "brightwave_facts.json").read_text())
    months = [m for m in facts["months"] if m["customers_start"] >= 100]
    churned = sum(m["churned"] for m in months)
    start = sum(m["customers_start"] for m in months)
    assert 0.02 <= churned / start <= 0.04
    for m in facts["months"]:
        assert m["customers_end"] == m["customers_start"] + m["new"] + m["reactivated"] - m["churned"]


def test_facts_mrr_matches_the_subscriptions(subs):
    """brightwave_facts.json (computed by the generator from its own simulation) agrees with the CSV."""
    facts = json.loads((SAMPLE / "brightwave_facts.json").read_text())
    mrr = subs["Amount"] / subs["Billing period"].map({"month": 1, "year": 12})
    for m in facts["months"]:
        day = pd.Period(m["month"], "M").end_time.normalize()
        on = (subs["Start date"] <= day) & (subs["End date"].isna() | (subs["End date"] > day))
        assert round(mrr[on].sum(), 2) == pytest.approx(m["mrr_end"], abs=0.01), m["month"]
        assert subs.loc[on, "Customer ID"].nunique() == m["customers_end"], m["month"]


def test_invoices(subs):
    inv = _csv("invoices.csv")
    assert inv["Invoice ID"].is_unique
    inv["Date"] = _dates(inv["Date"])
    inv["Amount"] = inv["Amount"].astype(float)
    assert set(inv["Recurring"]) == {"Yes", "No"}
    refunds = inv[inv["Amount"] < 0]
    assert 4 <= len(refunds) <= 20
    one_offs = inv[inv["Recurring"] == "No"]
    assert "Onboarding package" in set(one_offs["Description"]) and (one_offs["Amount"] > 0).all()
    # every recurring charge falls inside a subscription of that customer, for its amount
    charges = inv[(inv["Recurring"] == "Yes") & (inv["Amount"] > 0)]
    m = charges.merge(subs, on="Customer ID", suffixes=("", "_sub"))
    inside = (m["Date"] >= m["Start date"]) & (m["End date"].isna() | (m["Date"] < m["End date"]))
    inside &= m["Amount"] == m["Amount_sub"]
    assert inside.groupby(m["Invoice ID"]).any().reindex(charges["Invoice ID"]).all()
    # one charge per billing period: as many charges as (start + k periods) falling in the data
    expected = 0
    for s in subs.to_dict("records"):
        step = 12 if s["Billing period"] == "year" else 1
        end = s["End date"] if pd.notna(s["End date"]) else END + pd.Timedelta(days=1)
        k = 0
        while (d := s["Start date"] + pd.DateOffset(months=step * k)) < end and d <= END:
            expected += 1
            k += 1
    assert len(charges) == expected


def test_surveys():
    sv = _csv("surveys.csv")
    sv["Score"] = sv["Score"].astype(int)
    assert set(sv["Survey type"]) == {"nps", "csat", "ces"}
    nps, csat, ces = (sv[sv["Survey type"] == t]["Score"] for t in ("nps", "csat", "ces"))
    assert nps.between(0, 10).all() and csat.between(1, 5).all() and ces.between(1, 5).all()
    assert len(nps) >= 500 and len(csat) >= 500 and len(ces) >= 100
    assert (_dates(sv["Date"]) <= END).all()


def test_tickets():
    t = _csv("tickets.csv")
    created = pd.to_datetime(t["Created at"], format="%Y-%m-%d %H:%M")
    resolved = pd.to_datetime(t["Resolved at"].replace("", None), format="%Y-%m-%d %H:%M")
    assert t["Ticket ID"].is_unique
    assert (resolved.dropna() > created[resolved.notna()]).all()
    assert 1 <= resolved.isna().sum() <= 15
    assert set(t["Resolved on first contact"]) == {"Y", "N"}
    contacts = t["Contacts"].astype(int)
    assert (contacts[t["Resolved on first contact"] == "Y"] == 1).all()
    assert t["Agent"].nunique() == 6
    # the July 2024 outage shows as a spike of tickets
    per_month = created.dt.to_period("M").value_counts()
    assert per_month[pd.Period("2024-07", "M")] > 2 * per_month[pd.Period("2024-06", "M")]


def test_usage_happens_while_a_customer_and_fades_before_churn(customers):
    u = _csv("usage.csv")
    u["Date"] = _dates(u["Date"])
    u["Minutes"] = u["Minutes"].astype(int)
    assert u["Feature"].nunique() == 8 and (u["Minutes"] > 0).all()
    assert not u.duplicated(["Date", "Customer ID", "User ID", "Feature"]).any()
    c = customers.set_index("Customer ID")
    u = u.join(c[["Signup date", "Churn date"]], on="Customer ID")
    assert (u["Date"] >= u["Signup date"]).all()
    assert (u["Churn date"].isna() | (u["Date"] < u["Churn date"])).all()
    # rows per customer in the 30 days before churn vs. days 91–180 before churn
    gone = u.dropna(subset=["Churn date"])
    before = (gone["Churn date"] - gone["Date"]).dt.days
    late = gone[before <= 30].groupby("Customer ID").size().sum() / 30
    early = gone[(before > 90) & (before <= 180)].groupby("Customer ID").size().sum() / 90
    assert late < 0.6 * early


def test_costs_funnel_opportunities(customers):
    costs = _csv("costs.csv")
    assert set(costs["Category"]) == {"CS salaries", "Onboarding programs", "Customer marketing", "Training", "Tools",
                                      "Sales commissions"}
    assert len(costs) == 36 * 6 and (costs["Amount"].astype(float) >= 0).all()
    f = _csv("funnel.csv")
    visitors, conv = f["Visitors"].astype(int), f["Conversions"].astype(int)
    assert (conv <= visitors).all() and len(f) == 36
    signups = customers["Signup date"].dt.strftime("%Y-%m-01").value_counts()
    assert (conv.to_numpy() == signups.reindex(f["Month"]).fillna(0).to_numpy()).all()
    o = _csv("opportunities.csv")
    assert set(o["Type"]) == {"repurchase", "replacement", "expansion", "innovation"}


def test_mapping_files_name_real_columns():
    for name in ("brightwave_mapping.json", "brightwave_xlsx_mapping.json"):
        mapping = Mapping.loads((SAMPLE / name).read_text())
        assert sorted(t.kind for t in mapping.tables) == sorted(KINDS)
        assert mapping.options.day_first is False and mapping.options.currency == "USD"
        for t in mapping.tables:
            assert t.usable, t.label
            if t.sheet is None:
                header = (BW / t.source).read_text().splitlines()[0].split(",")
                assert set(t.columns.values()) <= set(header), t.source


def test_workbook_holds_the_same_tables_as_the_csvs():
    mapping = Mapping.loads((SAMPLE / "brightwave_xlsx_mapping.json").read_text())
    csvs = {t.kind: t.source for t in Mapping.loads((SAMPLE / "brightwave_mapping.json").read_text()).tables}
    wb = openpyxl.load_workbook(SAMPLE / "brightwave.xlsx", read_only=True)
    assert wb.sheetnames == ["Customers", "Subscriptions", "Invoices", "Surveys", "Tickets", "Churn log", "Usage",
                             "Costs", "Funnel", "Opportunities"]
    for t in mapping.tables:
        ws = wb[t.sheet]
        text = (BW / csvs[t.kind]).read_text()
        rows = list(csv.reader(io.StringIO(text)))
        if t.kind == "usage":  # big: compare the header and the row count only
            got = list(ws.iter_rows(min_row=1, max_row=1, values_only=True))
            assert list(got[0]) == rows[0]
            assert ws.max_row == len(rows)
            continue
        got = list(ws.iter_rows())
        assert [c.value for c in got[0]] == rows[0] and len(got) == len(rows), t.sheet
        for want, have in zip(rows[1:], got[1:], strict=True):
            assert [_as_csv(c) for c in have] == want, t.sheet


def _as_csv(cell) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M" if "hh:mm" in cell.number_format else "%Y-%m-%d")
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def test_workbook_cells_are_typed():
    wb = openpyxl.load_workbook(SAMPLE / "brightwave.xlsx", read_only=True)
    row = next(wb["Subscriptions"].iter_rows(min_row=2, max_row=2))
    start, amount = row[3], row[5]
    assert start.is_date and isinstance(start.value, datetime)
    assert isinstance(amount.value, (int, float)) and "$" in amount.number_format
    row = next(wb["Tickets"].iter_rows(min_row=2, max_row=2))
    assert row[2].is_date and "hh:mm" in row[2].number_format


# ---------------------------------------------------------------------------------------------------------------
# The messy export


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((SAMPLE / "messy" / "expected.json").read_text())


def test_messy_workbook_matches_expected(expected):
    wb = openpyxl.load_workbook(SAMPLE / "messy" / "acme_export.xlsx")
    sheets = expected["acme_export.xlsx"]["sheets"]
    assert set(sheets) == set(wb.sheetnames)
    for name, e in sheets.items():
        ws = wb[name]
        header = [c.value for c in ws[e["header_row"]]]
        assert set(e["columns"].values()) <= set(header), name
        for r in e["title_rows"]:
            title = str(ws.cell(r, 1).value)
            assert title.startswith(("Acme Corp", "Generated on")), (name, r)
        if e["merged_title"]:
            assert e["merged_title"] in {str(m) for m in ws.merged_cells.ranges}
        data_rows = range(e["first_data_row"], e["last_data_row"] + 1)
        blank = {r for r in data_rows if all(c.value is None for c in ws[r])}
        assert blank == set(e["blank_rows"]), name
        bad = {b["row"] for b in e["bad_rows"]}
        assert len(data_rows) - len(blank) - len(bad) == e["good_rows"], name
        for b in e["bad_rows"]:
            col = header.index(b["column"]) + 1
            value = ws.cell(b["row"], col).value
            assert ("" if value is None else str(value)) == b["value"], (name, b)
        if e["total_row"]:
            assert e["total_row"] == ws.max_row and str(ws.cell(e["total_row"], 1).value).lower() == "total"
        for letter in e["blank_columns"]:
            assert all(c.value is None for c in ws[letter]), (name, letter)
    subs = wb["Subscriptions"]
    texts = [subs.cell(r, 3).value for r in range(4, subs.max_row)]
    assert any(t and t[:2].isdigit() and int(t[:2]) > 12 for t in texts), "day-first dates with a day above 12"
    assert any(str(subs.cell(r, 6).value).startswith("$1,200.00") for r in range(4, subs.max_row))
    pays = wb["Payments"]
    assert all(isinstance(pays.cell(r, 3).value, int) for r in range(2, pays.max_row))  # Excel serial numbers
    assert any(str(pays.cell(r, 4).value).startswith("(") for r in range(2, pays.max_row))  # (300.00) refunds


def test_messy_expected_sums(expected):
    def money(text: str) -> float:
        neg = text.startswith("(")
        v = float(text.strip("()").replace("$", "").replace(",", ""))
        return -v if neg else v

    e = expected["acme_export.xlsx"]["sheets"]
    wb = openpyxl.load_workbook(SAMPLE / "messy" / "acme_export.xlsx")
    ws, s = wb["Payments"], e["Payments"]
    bad = {b["row"] for b in s["bad_rows"]}
    total = sum(money(ws.cell(r, 4).value) for r in range(s["first_data_row"], s["last_data_row"] + 1) if r not in bad)
    assert round(total, 2) == s["sum_amount_good_rows"]
    d = [ws.cell(r, 3).value for r in range(2, ws.max_row)]
    assert date(1899, 12, 30) + timedelta(min(d)) >= date(2023, 7, 1)


def test_semicolon_cp1252_nps_csv(expected):
    e = expected["nps_semicolon_latin1.csv"]
    raw = (SAMPLE / "messy" / "nps_semicolon_latin1.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("cp1252")), delimiter=";"))
    assert rows[0][2] == "How likely are you to recommend us to a friend or colleague?"
    assert len(rows) - 1 == e["good_rows"] and all(len(r) == 4 for r in rows)
    scores = [int(r[2]) for r in rows[1:]]
    assert all(0 <= s <= 10 for s in scores)
    assert any(ch in raw.decode("cp1252") for ch in "éüñ")


# ---------------------------------------------------------------------------------------------------------------
# Templates


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_template_has_the_schema_fields(kind):
    k = KINDS[kind]
    rows = list(csv.reader(io.StringIO((SAMPLE / "templates" / f"{kind}.csv").read_text())))
    header = rows[0]
    assert sorted(header) == sorted(k.field_names)
    assert header[: len(k.required)] == list(k.required), "required fields first"
    assert len(rows) == 2 and len(rows[1]) == len(header)
    readme = (SAMPLE / "templates" / "README.md").read_text()
    for f in k.field_names:
        line = next(li for li in readme.split(f"## {kind}.csv")[1].splitlines() if li.startswith(f"- `{f}`"))
        assert line.split(":", 1)[1].strip(), f"{kind}.{f} is not explained"
