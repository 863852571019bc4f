"""OWASP's CSV-injection rule (csm/exports/inert.py) and every CSV csm writes: text that a spreadsheet would run
gets a leading single quote; numbers, and text that is only a number, stay as they are.

The app's own CSV downloads are checked page by page in tests/test_app_exports.py."""
from __future__ import annotations

import ast
import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from csm.exports.inert import inert, inert_frame, risky, to_csv_bytes

from . import hostile_company

ROOT = Path(__file__).resolve().parents[1]

# OWASP's triggers, and the texts that only look like them
CASES = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-", "-"),  # a lone sign: nothing follows it to run
    ("=", "="),
    ("-300", "-300"),  # a number written as text: nothing to run
    ("+1.5", "+1.5"),
    ("-.5", "-.5"),
    ("2e3", "2e3"),
    ("a=b", "a=b"),
    ("Plain Corp", "Plain Corp"),
    ("", ""),
    (-2, -2),
    (-2.5, -2.5),
    (None, None),
]


@pytest.mark.parametrize(("cell", "written"), CASES)
def test_inert_follows_owasp(cell, written):
    assert inert(cell) == written


def test_a_frame_keeps_its_numbers_and_quotes_its_risky_text():
    frame = pd.DataFrame({
        "customer_id": ["=1+1", "C-1", "-2+3"],
        "mrr": [-2.0, 10.0, 0.5],
        "mixed": pd.Series([1, "@x", None], dtype=object),
        "=bad header": [1, 2, 3],
    })
    got = inert_frame(frame)
    assert got.to_dict("list") == {
        "customer_id": ["'=1+1", "C-1", "'-2+3"],
        "mrr": [-2.0, 10.0, 0.5],
        "mixed": [1, "'@x", None],
        "'=bad header": [1, 2, 3],
    }
    assert got["mrr"].dtype == float
    assert frame["customer_id"].tolist() == ["=1+1", "C-1", "-2+3"], "the caller's frame is never changed"
    safe = pd.DataFrame({"a": ["x", "-1"], "b": [1, 2]})
    assert inert_frame(safe) is safe, "nothing to change: nothing copied"


def test_csv_bytes_read_back_as_text_and_numbers():
    frame = pd.DataFrame({"id": list(hostile_company.PAYLOADS), "value": [-1, -2.5, 3, 0]})
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(frame).decode())))
    assert [r["id"] for r in rows] == ["'" + p for p in hostile_company.PAYLOADS]
    assert [r["value"] for r in rows] == ["-1.0", "-2.5", "3.0", "0.0"]
    matrix = pd.DataFrame({"0": [1.0]}, index=pd.Index(["=x"], name="cohort"))
    assert to_csv_bytes(matrix, index=True).decode().splitlines() == ["cohort,0", "'=x,1.0"]


def assert_inert_csv(text: str) -> None:
    """No cell of a CSV could run in a spreadsheet."""
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not risky(cell), (cell, row)


def test_the_command_line_csv_and_rejects_are_inert(tmp_path):
    files = hostile_company.write(tmp_path)
    out, rejects = tmp_path / "report.csv", tmp_path / "rejects.csv"
    cmd = [sys.executable, "-m", "csm", "report", *(str(files[n]) for n in hostile_company.files()),
           "--mapping", str(files["mapping"]), "--format", "csv", "--out", str(out), "--rejects", str(rejects)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert_inert_csv(out.read_text())
    rows = list(csv.DictReader(io.StringIO(rejects.read_text())))
    assert_inert_csv(rejects.read_text())
    values = {r["column"]: r["value"] for r in rows}
    assert values == {"Start": "'" + hostile_company.REJECTED, "MRR": "-2"}, "a rejected number stays a number"


def test_every_csv_download_goes_through_the_one_function():
    """No page or helper writes a CSV of its own: every `.to_csv(` outside csm/exports is a bug."""
    offenders = []
    for path in [*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py", ROOT / "csm" / "cli.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "to_csv":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
