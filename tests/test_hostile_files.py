"""Files that used to take the process down or give silently wrong numbers (issue 19), through the real readers and
the real command line: a workbook whose one cell sits at XFD1048576, a workbook of thousands of sheets, outputs
named over inputs, far-future dates, Excel error cells, NPS and CSAT answers off their scale, lone-CR line ends.

Every workbook here is written by openpyxl or by hand as the XML a spreadsheet program writes, never mocked; the
native reader runs in its child process exactly as it does for a user.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from csm.cli import main
from csm.errors import InputError
from csm.io import read_file
from csm.loading import load, read_sources

from . import odd_files as odd
from .conftest import ROOT


def far_corner(path, *, with_table: bool):
    """A workbook whose used range runs to XFD1048576: one cell there (and a small table at A1, optionally)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    if with_table:
        ws.append(["customer_id", "start_date", "mrr"])
        ws.append(["c1", dt.date(2024, 1, 1), 100])
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def many_sheets(path, n: int):
    """A workbook of `n` tiny sheets, written as the XML a spreadsheet program writes (openpyxl takes minutes)."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = (f'<worksheet {ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>customer_id</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>score</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>c1'
             '</t></is></c><c r="B2"><v>9</v></c></row></sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
                             'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
                   + "</Types>")
        z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                   "</Relationships>")
        z.writestr("xl/workbook.xml", f'<workbook {ns} xmlns:r="{rel}"><sheets>'
                   + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, n + 1))
                   + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/relationships">' + "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="'
                                                    f'worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
                   + "</Relationships>")
        for i in range(1, n + 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
    return path


def cli(*args, env=None, timeout=120):
    """`python -m csm` as a user runs it; (exit code, stdout, stderr)."""
    p = subprocess.run([sys.executable, "-m", "csm", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                       timeout=timeout, env={**os.environ, **(env or {})})
    return p.returncode, p.stdout, p.stderr


def report(capsys, *args) -> dict:
    assert main(["report", *map(str, args), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def series(out: dict, metric: str) -> list:
    return [p["value"] for p in out["metrics"][metric]["series"]]


# ----- workbooks that crashed or hung the process ------------------------------------------------------------
@pytest.mark.parametrize("with_table", [False, True])
def test_a_cell_at_xfd1048576_is_refused_with_the_reason_and_this_process_lives(tmp_path, with_table):
    path = far_corner(tmp_path / "corner.xlsx", with_table=with_table)
    with pytest.raises(InputError) as e:
        read_file(path)
    msg = str(e.value)
    assert msg.startswith("corner.xlsx: sheet 'Data' was not read: it reaches cell XFD1048576")
    assert "1,048,576 rows × 16,384 columns" in msg and "\n" not in msg
    assert read_file(ROOT / "sample_data" / "messy" / "acme_export.xlsx")  # and the next workbook reads fine


def test_a_far_corner_sheet_beside_good_ones_leaves_the_good_ones(tmp_path):
    wb = openpyxl.Workbook()
    good = wb.active
    good.title = "Subs"
    good.append(["customer_id", "start_date", "mrr"])
    good.append(["c1", dt.date(2024, 1, 1), 100])
    wb.create_sheet("Junk")["XFD1048576"] = "x"
    wb.save(tmp_path / "two.xlsx")
    tables = read_file(tmp_path / "two.xlsx")
    assert [t.sheet for t in tables] == ["Subs"]
    assert any("Sheet 'Junk' was not read: it reaches cell XFD1048576" in n for n in tables[0].notes)


def test_when_the_native_reader_aborts_the_child_dies_not_the_caller(tmp_path):
    """With the XML screen lifted, calamine asks for 512 GiB and aborts: in the child, so the command still answers
    with one line and exit 2."""
    path = far_corner(tmp_path / "corner.xlsx", with_table=True)
    code, _, err = cli("report", path, env={"CSM_MAX_CELLS": str(10**12)})
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: corner.xlsx: the workbook could not be read within the "
                                                   "memory one file may use"), err


def test_a_workbook_of_thousands_of_sheets_reads_the_first_200_and_says_so(tmp_path):
    path = many_sheets(tmp_path / "sheets.xlsx", 1_000)
    started = time.monotonic()
    tables = read_file(path)
    assert time.monotonic() - started < 60
    assert len(tables) == 200 and tables[0].sheet == "S1" and tables[-1].sheet == "S200"
    assert "The workbook has 1,000 sheets; the first 200 were read and the other 800 were not" in tables[0].notes[0]


def test_a_workbook_that_reads_too_long_is_stopped_with_the_limit(tmp_path):
    path = many_sheets(tmp_path / "sheets.xlsx", 3_000)
    started = time.monotonic()
    code, _, err = cli("report", path, env={"CSM_MAX_SHEETS": "100000", "CSM_WORKBOOK_SECONDS": "1"})
    assert time.monotonic() - started < 30
    assert code == 2 and err.strip() == ("error: sheets.xlsx: reading the workbook took longer than 1 s, the most one "
                                         "file may take; save the sheets you need as CSV or in a smaller workbook")


# ----- outputs never overwrite inputs --------------------------------------------------------------------------
def test_outputs_named_over_an_input_or_in_a_missing_folder_are_refused(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("customer_id,start_date,mrr\nc1,2024-01-01,100\n")
    mapping = tmp_path / "m.json"
    assert cli("map", src, "--out", mapping)[0] == 0
    before = src.read_bytes(), mapping.read_bytes()
    cases = {
        ("report", src, "--out", src): "in.csv: --out would overwrite an input file; write to another file",
        ("report", src, "--rejects", tmp_path / "." / "in.csv"): "in.csv: --rejects would overwrite an input file",
        ("report", src, "--mapping", mapping, "--out", mapping): "m.json: --out would overwrite an input file",
        ("map", src, "--out", src): "in.csv: --out would overwrite an input file",
        ("report", src, "--out", tmp_path / "nope" / "r.json"): "--out: the folder",
        ("report", src, "--out", tmp_path): "--out names a folder; give a file name inside it",
        ("report", src, "--out", tmp_path / "a", "--rejects", tmp_path / "a"): "--out and --rejects name the same",
    }
    for args, says in cases.items():
        code, _, err = cli(*args)
        assert code == 2 and says in err and len(err.strip().splitlines()) == 1, (args, err)
    assert (src.read_bytes(), mapping.read_bytes()) == before


# ----- far-future dates --------------------------------------------------------------------------------------
def test_9999_12_31_as_an_end_means_no_end_and_the_report_says_so(tmp_path, capsys):
    p = tmp_path / "subs.csv"
    p.write_text("customer_id,start_date,end_date,mrr\nc1,2024-01-01,2024-02-15,100\nc2,2024-01-01,9999-12-31,50\n"
                 "c3,2024-01-01,31/12/9999,20\n")
    out = report(capsys, p, "--start", "2024-01-01", "--end", "2024-03-31", "--metric", "mrr")
    assert series(out, "mrr") == [170, 70, 70]
    notes = out["data"]["tables"][0]["notes"]
    assert "end_date: 2 dates in 2200 or later (such as 9999-12-31) read as no end date." in notes


def test_far_future_workbook_cells_and_serials_and_a_far_future_start(tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["customer_id", "start_date", "end_date", "mrr"])
    ws.append(["c1", dt.date(2024, 1, 1), dt.datetime(9999, 12, 31), 100])  # a date cell in year 9999
    ws.append(["c2", dt.date(2024, 1, 1), 2958465, 50])  # Excel's last serial, 9999-12-31
    ws.append(["c3", dt.datetime(9999, 12, 31), None, 20])  # a start that is a marker: not a day
    wb.save(tmp_path / "subs.xlsx")
    rejects = tmp_path / "rejects.csv"
    out = report(capsys, tmp_path / "subs.xlsx", "--start", "2024-01-01", "--end", "2024-01-31", "--rejects", rejects)
    assert series(out, "mrr") == [150]
    assert "a date in 2200 or later (such as 9999-12-31) is a marker, not a day" in rejects.read_text()
    assert out["data"]["tables"][0]["rows_rejected"] == 1


# ----- values that used to count silently ----------------------------------------------------------------------
def test_an_excel_error_end_date_rejects_the_row_instead_of_leaving_it_open(tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["customer_id", "start_date", "end_date", "mrr"])
    ws.append(["c1", dt.date(2024, 1, 1), "#REF!", 1000])
    ws.append(["c2", dt.date(2024, 1, 1), None, 180])
    ws.append(["c3", dt.date(2024, 1, 1), "#N/A", 30])
    ws["C2"].data_type = ws["C4"].data_type = "e"  # real error cells, as Excel saves them
    wb.save(tmp_path / "subs.xlsx")
    assert b't="e"' in zipfile.ZipFile(tmp_path / "subs.xlsx").read("xl/worksheets/sheet1.xml")
    rejects = tmp_path / "rejects.csv"
    out = report(capsys, tmp_path / "subs.xlsx", "--start", "2024-06-01", "--end", "2024-06-30", "--rejects", rejects)
    assert series(out, "mrr") == [180]
    lines = rejects.read_text().splitlines()[1:]
    assert lines == ["subs.xlsx,Sheet,2,end_date,#REF!,\"the cell shows a spreadsheet error, not a value\"",
                     "subs.xlsx,Sheet,4,end_date,#N/A,\"the cell shows a spreadsheet error, not a value\""]


def test_an_nps_dash_or_a_fraction_is_rejected_not_counted(tmp_path, capsys):
    p = tmp_path / "nps.csv"
    p.write_text("date,score,customer_id\n2024-01-05,10,a\n2024-01-06,-,b\n2024-01-07,3,c\n2024-01-08,9.5,d\n")
    rejects = tmp_path / "rejects.csv"
    out = report(capsys, p, "--start", "2024-01-01", "--end", "2024-01-31", "--rejects", rejects)
    assert series(out, "nps") == [0]  # 10 and 3: one promoter, one detractor (the dash used to be a second one)
    assert rejects.read_text().splitlines()[1:] == [
        "nps.csv,,3,score,-,not a number", "nps.csv,,5,score,9.5,an NPS score must be a whole number 0–10"]


@pytest.mark.parametrize("scale_flag", [(), ("--csat-scale", "5")])
def test_csat_zero_on_a_five_point_scale_is_rejected(tmp_path, capsys, scale_flag):
    p = tmp_path / "csat.csv"
    p.write_text("date,score,survey_type\n2024-01-05,5,csat\n2024-01-06,0,csat\n2024-01-07,4,csat\n"
                 "2024-01-08,2,csat\n")
    rejects = tmp_path / "rejects.csv"
    out = report(capsys, p, "--start", "2024-01-01", "--end", "2024-01-31", "--rejects", rejects, *scale_flag)
    assert series(out, "csat") == [pytest.approx(200 / 3)]  # 5 and 4 of 5, 4, 2
    assert rejects.read_text().splitlines()[1:] == ["csat.csv,,3,score,0,score outside the CSAT scale 1–5"]


def test_csat_zero_stays_on_a_ten_point_scale(tmp_path, capsys):
    p = tmp_path / "csat.csv"
    p.write_text("date,score,survey_type\n2024-01-05,10,csat\n2024-01-06,0,csat\n")
    assert series(report(capsys, p, "--start", "2024-01-01", "--end", "2024-01-31"), "csat") == [50]


# ----- line ends ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ends", [["\r"] * 4, ["\r\n", "\r", "\n", "\r\n"]], ids=["lone CR", "mixed"])
def test_lone_cr_and_mixed_line_ends_read_every_row_with_its_line(ends):
    rows = ["customer_id,start_date,end_date,mrr", "c1,2024-01-01,2024-06-30,100", "c2,2024-02-01,,x",
            "c3,2024-03-01,,70"]
    data = "".join(r + e for r, e in zip(rows, ends, strict=True)).encode()
    ds = load(read_sources([("subs.csv", data)]))
    assert ds.tables["subscriptions"]["customer_id"].tolist() == ["c1", "c3"]
    assert ds.report.rejects[["row", "column", "value"]].values.tolist() == [[3, "mrr", "x"]]


# ----- text files that used to be refused whole or took minutes ------------------------------------------------
SUBS = "customer_id,start_date,end_date,mrr\n" + "".join(f"c{i},2024-0{1 + i % 9}-01,,{100 + i}\n" for i in range(20))


def test_stray_nul_bytes_are_removed_and_said_and_the_rest_is_read():
    data = SUBS.replace("c5,", "c\x005,").encode()
    (t,) = read_file(data, "nul.csv")
    assert len(t.frame) == 20 and "c5" in t.frame["customer_id"].tolist()
    assert "1 NUL character (zero bytes) removed, on line 7." in t.notes


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(codec):
    (t,) = read_file(SUBS.replace("c1,", "ç1,").encode(codec), "subs.csv")
    assert t.notes[0] == "Read as UTF-16 (no byte-order mark) text, comma-separated."
    assert t.frame["customer_id"].tolist()[:3] == ["c0", "ç1", "c2"] and len(t.frame) == 20


def test_a_table_of_thousands_of_columns_reads_the_first_500_and_says_so():
    header = ",".join(["customer_id", "start_date", "mrr", *(f"x{i}" for i in range(1_200))])
    rows = "".join(",".join([f"c{r}", "2024-01-01", "10", *["1"] * 1_200]) + "\n" for r in range(5))
    (t,) = read_file((header + "\n" + rows).encode(), "wide.csv")
    assert t.frame.shape == (5, 500) and list(t.frame.columns[:3]) == ["customer_id", "start_date", "mrr"]
    assert ("The table has 1,203 columns; the first 500 were read and the other 703 were not (at most 500 per table: "
            "delete the columns you do not need, or split the table).") in t.notes


def test_a_header_thousands_of_characters_long_is_read_only_as_far_as_it_matters():
    from csm.headers import HEADER_CHARS, header_words

    junk = "DDDDDDDDDD" * 500  # all capitals: the worst case of the camel-case splitting
    assert header_words(junk) == header_words(junk[:HEADER_CHARS])
    assert header_words("How likely are you to recommend us to a friend?")[:3] == ("how", "likely", "are")


def test_ids_written_1001_0_and_1001_are_one_customer(capsys, tmp_path):
    p = tmp_path / "subs.csv"
    p.write_text("customer_id,start_date,end_date,mrr\n1001,2024-01-01,2024-03-01,10\n1001.0,2024-03-01,,10\n"
                 "1002,2024-01-01,,10\n")
    out = report(capsys, p, "--start", "2024-03-01", "--end", "2024-03-31", "--metric", "customers_end",
                 "--metric", "reactivated_customers")
    assert series(out, "customers_end") == [2] and series(out, "reactivated_customers") == [0]


def test_a_year_9999_cell_in_a_text_column_is_kept_as_written(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["customer_id", "start_date", "mrr", "plan"])
    ws.append(["c1", dt.date(2024, 1, 1), 10, dt.datetime(9999, 12, 31)])
    ws.append(["c2", dt.date(2024, 1, 1), 10, "Basic"])
    wb.save(tmp_path / "subs.xlsx")
    ds = load(read_sources([tmp_path / "subs.xlsx"]))
    assert ds.tables["subscriptions"]["plan"].tolist() == ["9999-12-31 00:00:00", "Basic"]


# ----- what the workbook's XML says and calamine does not -----------------------------------------------------
def test_an_id_merged_over_a_customers_rows_belongs_to_each_row_and_a_merged_title_stays_a_title(tmp_path, capsys):
    (tmp_path / "merged.xlsx").write_bytes(odd.workbook_bytes(odd.merged_ids))  # title A1:D1, id c1 over A3:A4
    out = report(capsys, tmp_path / "merged.xlsx", "--start", "2024-01-01", "--end", "2024-02-29", "--metric", "mrr",
                 "--metric", "customers_end")
    assert series(out, "mrr") == [40, 60] and series(out, "customers_end") == [2, 2]
    notes = out["data"]["tables"][0]["notes"]
    assert notes[0] == "Merged cells A3:A4 were read as the value of their first cell in every row they span."
    assert "1 title row above the header (row 2) skipped." in notes


def test_a_formula_never_calculated_is_rejected_as_such_not_as_a_blank(tmp_path, capsys):
    # openpyxl writes the formula =10*2 with no cached value, as a program that never calculates does
    (tmp_path / "formulas.xlsx").write_bytes(odd.workbook_bytes(odd.uncalculated_formula))
    rejects = tmp_path / "rejects.csv"
    out = report(capsys, tmp_path / "formulas.xlsx", "--start", "2024-01-01", "--end", "2024-01-31", "--rejects",
                 rejects, "--metric", "mrr")
    assert series(out, "mrr") == [5]
    assert rejects.read_text().splitlines()[1] == (  # the formula listed as text, never to run (csm/exports/inert.py)
        'formulas.xlsx,Sheet,2,mrr,\'=10*2,"a formula the file holds no value for (it was never calculated): open the '
        'file in a spreadsheet program, save it, and upload it again"')


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
    b'<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>',
], ids=["entity expansion", "external entity"])
def test_a_workbook_declaring_entities_is_read_without_expanding_them(tmp_path, doctype):
    book = odd.rezip(odd.workbook_bytes(odd.subscriptions), lambda d: doctype + odd.without_declaration(d))
    (t,) = read_file(book, "entities.xlsx")
    assert t.frame["customer_id"].tolist()[:2] == ["c0", "c1"] and len(t.frame) == 10
    assert "root:" not in repr(t.frame.to_dict()) and "lollol" not in repr(t.frame.to_dict())
