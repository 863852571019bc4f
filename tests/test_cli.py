"""`python -m csm`: the worked examples of the sources through the command line, formats and bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from csm.cli import main
from csm.metrics import REGISTRY

from .conftest import ROOT


def write_seed_001(tmp_path):
    """1,000 customers at the start of May 2024; 64 of them cancel during May (seed 001)."""
    lines = ["Customer ID,Start date,Cancelled on,Monthly fee ($)"]
    lines += [f"C{i:04d},2024-03-01,{'2024-05-15' if i < 64 else ''},$49.00" for i in range(1000)]
    p = tmp_path / "subscriptions.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def report(args, capsys) -> dict:
    assert main(["report", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_seed_001_churn_through_the_command_line(tmp_path, capsys):
    out = report([str(write_seed_001(tmp_path)), "--start", "2024-05-01", "--end", "2024-05-31"], capsys)
    assert out["granularity"] == "month"
    assert out["periods"] == [{"label": "2024-05", "start": "2024-05-01", "end": "2024-06-01"}]
    churn = out["metrics"]["customer_churn_rate"]
    assert churn["variant"] == "start" and churn["unit"] == "percent"
    p = churn["series"][0]
    assert (p["value"], p["numerator"], p["denominator"], p["worked"]) == (6.4, 64, 1000, "64 ÷ 1,000 × 100 = 6.4 %")
    assert out["metrics"]["mrr"]["series"][0]["value"] == pytest.approx(936 * 49)


def test_seed_002_nrr_through_the_command_line(tmp_path, capsys):
    """($100,000 + $20,000 − $5,000 − $5,000) ÷ $100,000 × 100 = 110 % (seed 002)."""
    (tmp_path / "subs.csv").write_text(
        "customer_id,start_date,end_date,mrr\n"
        "exp,2023-01-01,2024-05-10,40000\nexp,2024-05-10,,60000\n"
        "con,2023-01-01,2024-05-10,30000\ncon,2024-05-10,,25000\n"
        "gone,2023-01-01,2024-05-20,5000\nflat,2023-01-01,,25000\n",
        encoding="utf-8",
    )
    out = report([str(tmp_path / "subs.csv"), "--start", "2024-05-01", "--end", "2024-05-31"], capsys)
    p = out["metrics"]["net_revenue_retention"]["series"][0]
    assert (p["value"], p["numerator"], p["denominator"]) == (110, 110000, 100000)
    moves = {m: out["metrics"][m]["series"][0]["value"] for m in
             ("expansion_mrr", "contraction_mrr", "churned_mrr", "new_mrr", "reactivation_mrr")}
    assert moves == {"expansion_mrr": 20000, "contraction_mrr": 5000, "churned_mrr": 5000, "new_mrr": 0,
                     "reactivation_mrr": 0}
    assert out["metrics"]["gross_revenue_retention"]["series"][0]["value"] == 90


@pytest.mark.parametrize("variant,expected", [("start", 6.4), ("total", 6.4), ("end", 64 / 936 * 100),
                                              ("start_cohort", 6.4), ("average", 64 / 968 * 100)])
def test_churn_variant_option(tmp_path, capsys, variant, expected):
    out = report([str(write_seed_001(tmp_path)), "--start", "2024-05-01", "--end", "2024-05-31",
                  "--churn-variant", variant], capsys)
    churn = out["metrics"]["customer_churn_rate"]
    assert churn["variant"] == variant and churn["series"][0]["value"] == pytest.approx(expected)


def test_missing_data_is_a_warning_not_a_fake_number(tmp_path, capsys):
    out = report([str(write_seed_001(tmp_path))], capsys)
    assert "nps" not in out["metrics"]
    assert any(w.startswith("nps left out") for w in out["warnings"])


def test_mapping_round_trip(tmp_path, capsys):
    subs = write_seed_001(tmp_path)
    assert main(["map", str(subs)]) == 0
    mapping = json.loads(capsys.readouterr().out)
    assert mapping["tables"][0]["columns"] == {"customer_id": "Customer ID", "start_date": "Start date",
                                               "end_date": "Cancelled on", "mrr": "Monthly fee ($)"}
    # Edit the mapping (drop the end date) and pass it back: nobody churns any more.
    del mapping["tables"][0]["columns"]["end_date"]
    (tmp_path / "m.json").write_text(json.dumps(mapping))
    out = report([str(subs), "--mapping", str(tmp_path / "m.json"), "--start", "2024-05-01", "--end", "2024-05-31"],
                 capsys)
    assert out["metrics"]["churned_customers"]["series"][0]["value"] == 0


def test_csv_and_table_formats(tmp_path, capsys):
    subs = str(write_seed_001(tmp_path))
    assert main(["report", subs, "--start", "2024-05-01", "--end", "2024-05-31", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "metric,variant,period,value,numerator,denominator,worked"
    assert "customer_churn_rate,start,2024-05,6.4,64,1000,64 ÷ 1,000 × 100 = 6.4 %" in [ln.replace('"', "") for ln in lines]
    assert main(["report", subs, "--start", "2024-05-01", "--end", "2024-05-31", "--format", "table"]) == 0
    assert "6.4 %" in capsys.readouterr().out


def test_metrics_command_lists_every_registered_metric(capsys):
    assert main(["metrics"]) == 0
    ids = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert ids == list(REGISTRY)


@pytest.mark.parametrize(
    "files,content,message",
    [
        (["nope.csv"], None, "nope.csv: file not found"),
        (["broken.xlsx"], b"PK\x03\x04 this is not really a workbook", "broken.xlsx"),
        (["empty.csv"], b"", "empty.csv"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, monkeypatch, files, content, message):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / files[0]).write_bytes(content)
    assert main(["report", *files]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_bad_mapping_exits_2_naming_the_column(tmp_path, capsys):
    subs = write_seed_001(tmp_path)
    (tmp_path / "m.json").write_text(json.dumps({"tables": [{"source": "subscriptions.csv", "kind": "subscriptions",
                                                             "columns": {"customer_id": "Client", "start_date": "Start date",
                                                                         "mrr": "Monthly fee ($)"}}]}))
    assert main(["report", str(subs), "--mapping", str(tmp_path / "m.json")]) == 2
    err = capsys.readouterr().err
    assert "Client" in err and err.count("\n") == 1


def test_python_dash_m_csm_runs(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "csm", "report", str(write_seed_001(tmp_path)), "--start",
                           "2024-05-01", "--end", "2024-05-31"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["metrics"]["customer_churn_rate"]["series"][0]["value"] == 6.4
    bad = subprocess.run([sys.executable, "-m", "csm", "report", str(tmp_path / "missing.csv")], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_report_imports_only_what_it_needs(tmp_path):
    """`python -m csm report` starts without the app's, the charts' or the exports' libraries (issue 15)."""
    code = ("import json, runpy, sys; sys.argv = ['csm', 'report', sys.argv[1], '--start', '2024-05-01', '--end', "
            "'2024-05-31']\ntry:\n    runpy.run_module('csm', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(write_seed_001(tmp_path))], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    loaded = set(json.loads(proc.stderr.strip().splitlines()[-1]))
    assert "customer_churn_rate" in proc.stdout and "pandas" in loaded
    assert not loaded & {"altair", "streamlit", "vl_convert", "openpyxl", "sqlalchemy", "scipy", "duckdb", "fpdf"}


def test_data_report_in_the_json_names_each_table_and_what_was_dropped(tmp_path, capsys):
    """Every table's rows read/used/rejected, and the notes that change what is counted among the warnings
    (METRICS.md: time of day and time zone dropped after parsing; the data report says so)."""
    (tmp_path / "orders.csv").write_text(
        "customer_id,date,amount\na,2024-01-31T23:30:00-05:00,10\nb,2024-01-15 09:00,20\nc,not a date,5\n",
        encoding="utf-8")
    out = report([str(tmp_path / "orders.csv"), "--start", "2024-01-01", "--end", "2024-01-31"], capsys)
    assert out["metrics"]["revenue"]["series"][0]["value"] == 30  # 31 January as written, not 1 February in UTC
    (table,) = out["data"]["tables"]
    assert (table["table"], table["kind"], table["rows_read"], table["rows_used"], table["rows_rejected"]) == (
        "orders.csv", "transactions", 3, 2, 1)
    assert out["data"]["rows_rejected"] == 1
    assert out["warnings"][0] == "1 row could not be used; write them out with --rejects FILE."
    assert "orders.csv: date: Time zones were dropped: each time is read as the wall-clock time written " \
           "(METRICS.md: calendar dates)." in out["warnings"]
    assert "orders.csv: date: Times of day were dropped: each value counts on its calendar date as written." \
           in out["warnings"]
    assert not any(w.startswith("orders.csv: Read as") for w in out["warnings"])


def test_cohort_retention_in_the_report(tmp_path, capsys):
    """METRICS.md cohort_retention: cohort = period of first activation; cell (cohort, k) = % of the cohort active at
    the end of period cohort + k; revenue: the cohort's MRR at age k ÷ its MRR at the end of its first period."""
    (tmp_path / "subs.csv").write_text(
        "customer_id,start_date,end_date,mrr\n"
        "a,2024-01-05,,10\nb,2024-01-10,2024-02-15,20\nc,2024-02-01,2024-02-10,30\n", encoding="utf-8")
    out = report([str(tmp_path / "subs.csv"), "--start", "2024-01-01", "--end", "2024-03-31",
                  "--metric", "cohort_retention"], capsys)
    assert out["metrics"] == {}
    logo, revenue = out["cohort_retention"]["logo"], out["cohort_retention"]["revenue"]
    assert logo["cohorts"] == [
        {"cohort": "2024-01", "joined": 2, "left_in_first_period": 0, "customers": 2, "retention": [100, 50, 50]},
        {"cohort": "2024-02", "joined": 1, "left_in_first_period": 1, "customers": 0, "retention": [0, 0]},
    ]
    assert logo["earlier"] == 0 and logo["unit"] == "percent"
    (jan,) = revenue["cohorts"]  # February's cohort has no MRR at the end of its first period: no base
    assert jan["mrr"] == 30 and jan["retention"] == [100, pytest.approx(100 / 3), pytest.approx(100 / 3)]


def test_an_unknown_metric_id_exits_2(tmp_path, capsys):
    assert main(["report", str(write_seed_001(tmp_path)), "--metric", "churn"]) == 2
    assert capsys.readouterr().err == "error: there is no metric 'churn'; `python -m csm metrics` lists them\n"


def test_every_definition_is_choosable_from_the_command_line(tmp_path, capsys):
    """The variants of METRICS.md without a DATA.md flag of their own: FCR over resolved tickets, repeat purchases
    within the period, the CSAT scale, the onboarding target and the retention cost categories."""
    (tmp_path / "tickets.csv").write_text(
        "ticket_id,created_at,resolved_at,first_contact_resolved\n"
        "t1,2024-01-02 09:00,2024-01-02 10:00,yes\nt2,2024-01-03 09:00,,no\nt3,2024-01-04 09:00,2024-01-09 09:00,no\n",
        encoding="utf-8")
    (tmp_path / "orders.csv").write_text(
        "customer_id,date,amount\na,2023-12-05,10\na,2024-01-05,10\nb,2024-01-06,10\nb,2024-01-20,10\n",
        encoding="utf-8")
    (tmp_path / "csat.csv").write_text("date,score,survey_type\n2024-01-10,5,csat\n2024-01-11,7,csat\n", encoding="utf-8")
    (tmp_path / "costs.csv").write_text("date,amount,category\n2024-01-31,300,CS salaries\n2024-01-31,100,Ads\n",
                                        encoding="utf-8")
    files = [str(tmp_path / f) for f in ("tickets.csv", "orders.csv", "csat.csv", "costs.csv")]
    span = ["--start", "2024-01-01", "--end", "2024-01-31"]

    def jan(*opts):
        out = report([*files, *span, *opts], capsys)["metrics"]
        return {m: out[m]["series"][0]["value"] for m in ("first_contact_resolution_rate", "repeat_purchase_rate",
                                                          "csat", "customer_retention_cost")}

    default = jan()
    assert default["first_contact_resolution_rate"] == pytest.approx(100 / 3)  # 1 of 3 created
    assert default["repeat_purchase_rate"] == 100  # a and b: two purchases each up to the end of January
    assert default["csat"] == 50  # a 7-point scale detected: 7 ≥ 6, 5 is not
    chosen = jan("--fcr-denominator", "resolved", "--repeat-window", "period", "--csat-scale", "10",
                 "--retention-category", "cs salaries")
    assert chosen["first_contact_resolution_rate"] == 50  # 1 of the 2 resolved
    assert chosen["repeat_purchase_rate"] == 50  # within January only b bought twice
    assert chosen["csat"] == 0  # on a 10-point scale neither 5 nor 7 reaches 8
    assert chosen["customer_retention_cost"] == default["customer_retention_cost"] * 3 / 4  # 300 of the 400
