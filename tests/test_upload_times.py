"""bench/upload_times.py's reading of what the page showed: the stages, in the app's order, from the texts' times."""
from __future__ import annotations

from bench import upload_times as ut

FILES = ["a.csv", "b.csv"]


def test_stages_from_the_texts_the_status_box_shows():
    seen = [("Reading 2 files…", 1000.0), ("Reading a.csv (1 KB)", 1000.0), ("Reading b.csv (5 KB)", 2000.0),
            ("Guessing what each table is…", 3000.0), ("Normalising the tables…", 3200.0),
            ("Normalising a.csv (table 1 of 2)…", 3500.0), ("Normalising b.csv (table 2 of 2)…", 4000.0),
            ("Read 2 files", 5000.0), ("Tables normalised; computing the metrics as each page needs them", 5000.0),
            ("Files in this workspace (2)", 6000.0)]
    rows = ut.stages(0.0, seen, FILES)
    assert [r[0] for r in rows] == [
        "upload (files to the server, run starts)", "status box opens (upload sent)", "Reading a.csv",
        "Reading b.csv", "Guessing what each table is", "Normalising a.csv (table 1 of 2)",
        "Normalising b.csv (table 2 of 2)", "Tables normalised (bar full)",
        "status box complete → Data page drawn again"]  # texts of one poll in the app's order
    assert [r[1] for r in rows[:-1]] == [1.0, 0.0, 1.0, 1.0, 0.5, 0.5, 1.0, 0.0]
    assert rows[-2][2] == 5.0 and rows[-1][1:] == (None, None)  # the last stage is closed by the caller


def test_a_file_not_given_is_not_a_stage():
    rows = ut.stages(0.0, [("Reading other.csv (1 KB)", 500.0)], FILES)
    assert [r[0] for r in rows] == ["upload (files to the server, run starts)"]


def test_month_before():
    assert ut.month_before("2025-12") == "2025-11"
    assert ut.month_before("2025-01") == "2024-12"
