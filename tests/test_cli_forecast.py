"""`python -m csm compare` and `python -m csm forecast`: hand-known numbers through the command line, the papers'
parameters on CDNOW, and refusals in one line."""
from __future__ import annotations

import csv
import io
import json

import pytest

from csm.cli import main

from .conftest import SHARED
from .test_cli import write_seed_001

CDNOW = SHARED / "data" / "cdnow" / "CDNOW_sample.txt"


def run(args, capsys) -> dict:
    assert main(args) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_compare_seed_001_may_with_april(tmp_path, capsys):
    """1,000 customers since March; 64 cancel in May: churn 0 % in April, 6.4 % in May, which is worse."""
    f = str(write_seed_001(tmp_path))
    out = run(["compare", f, "--start", "2024-03-01", "--end", "2024-05-31", "--period", "2024-05"], capsys)
    assert (out["period"], out["with"]) == ("2024-05", "2024-04")
    churn = next(m for m in out["metrics"] if m["metric"] == "customer_churn_rate")
    assert (churn["other"], churn["value"], churn["change"], churn["verdict"]) == (0, 6.4, 6.4, "worse")
    assert churn["change_pct"] is None  # nothing to divide by
    end = next(m for m in out["metrics"] if m["metric"] == "customers_end")
    assert (end["other"], end["value"], end["change"], end["change_pct"], end["verdict"]) == (
        1000, 936, -64, -6.4, "worse")
    assert main(["compare", f, "--start", "2024-03-01", "--end", "2024-05-31", "--period", "2024-05", "--format",
                 "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"metric", "value", "other", "change", "change_pct", "verdict"} <= set(rows[0])


def test_compare_refuses_a_missing_period_in_one_line(tmp_path, capsys):
    f = str(write_seed_001(tmp_path))
    assert main(["compare", f, "--start", "2024-05-01", "--end", "2024-05-31", "--with", "year"]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_forecast_projection_seed_001(tmp_path, capsys):
    """From the end of May (936 customers, $45,864 MRR) with May's rates alone: 6.4 % churn, no one new."""
    f = str(write_seed_001(tmp_path))
    out = run(["forecast", f, "--start", "2024-05-01", "--end", "2024-05-31", "--window", "1", "--horizon", "2",
               "--scenario", "Half the churn~churn_rate=3.2"], capsys)
    assert out["customers"] == 936 and out["mrr"] == pytest.approx(936 * 49)
    base, half = out["runs"]
    assert [p["customers"] for p in base["periods"]] == pytest.approx([936 * 0.936, 936 * 0.936 ** 2])
    assert [p["period"] for p in base["periods"]] == ["2024-06", "2024-07"]
    assert half["name"] == "Half the churn" and half["overrides"] == "churn_rate=3.2"
    assert half["periods"][0]["customers"] == pytest.approx(936 * 0.968)
    assert base["worked"][0].startswith("2024-06: C = 6.4 % × 936 = 59.9")


@pytest.mark.skipif(not CDNOW.is_file(), reason=f"{CDNOW} is absent")
def test_forecast_clv_on_cdnow_gives_the_papers_parameters(capsys, tmp_path):
    out = run(["forecast", str(CDNOW), "--model", "clv", "--calibration-end", "1997-09-30", "--horizon", "39",
               "--customers", str(tmp_path / "c.csv")], capsys)
    assert (out["customers"], out["repeat_buyers"]) == (2357, 946)
    assert {k: round(v, 3) for k, v in out["bgnbd"]["params"].items()} == pytest.approx(
        {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, abs=1e-3)
    assert {k: round(v, 2) for k, v in out["gamma_gamma"]["params"].items()} == pytest.approx(
        {"p": 6.25, "q": 3.74, "gamma": 15.44}, abs=1e-2)
    assert len((tmp_path / "c.csv").read_text().splitlines()) == 2358


def test_forecast_clv_needs_a_calibration_end(tmp_path, capsys):
    assert main(["forecast", str(write_seed_001(tmp_path)), "--model", "clv"]) == 2
    assert "--calibration-end" in capsys.readouterr().err
