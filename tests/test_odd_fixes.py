"""What the odd-file corpus found (issue 17), each fixed where it lives and checked here through the real readers:
a CSV of one line of millions of fields (minutes in pandas), a file over the upload limit (read whole, then called
junk), a password-protected .xlsx (called damaged), records repeated across two sheets (counted as used in the
sheet's report), a UTF-8 file with a Windows-1252 line (all of it read as Windows-1252)."""
from __future__ import annotations

import time

import pandas as pd
import pytest

from csm.errors import InputError
from csm.io import read_file
from csm.loading import MAX_FILE_MB, load, read_sources

from . import odd_containers as oc
from . import odd_files_more as more


def test_one_line_of_four_million_fields_reads_the_first_500_columns_in_seconds():
    started = time.monotonic()
    (table,) = read_file(b"customer_id,start_date,mrr," + b"x," * 4_000_000, "line.csv")
    assert time.monotonic() - started < 30  # it took minutes: pandas built a frame of 4 million columns
    assert table.frame.shape == (0, 500)
    assert ("The table has 4,000,004 columns; the first 500 were read and the other 3,999,504 were not (at most 500 "
            "per table: delete the columns you do not need, or split the table).") in table.notes


def test_one_line_of_four_million_words_split_on_spaces_reads_the_first_500_in_seconds():
    started = time.monotonic()
    (table,) = read_file(b"customer_id start_date mrr " + b"x " * 4_000_000, "line.txt")
    assert time.monotonic() - started < 30  # 20,000 words took 44 s, 100,000 more than two minutes
    assert table.frame.shape == (0, 500) and table.notes[0] == "Read as UTF-8 text, whitespace-separated."
    assert any(n.startswith("The table has 4,000,003 columns; the first 500 were read") for n in table.notes)
    (small,) = read_file(b"customer_id start_date mrr\nc1  2024-01-01 10\n c2 2024-02-01\t20\n", "small.txt")
    assert small.frame.values.tolist() == [["c1", "2024-01-01", "10"], ["c2", "2024-02-01", "20"]]


def test_a_table_of_2503_columns_still_says_how_many_it_has():
    (table,) = read_file(more.files()["wide_2500.csv"], "wide.csv")
    assert table.frame.shape == (50, 500) and list(table.frame.columns[:3]) == ["customer_id", "start_date", "mrr"]
    assert any(n.startswith("The table has 2,503 columns; the first 500 were read and the other 2,003") for n in
               table.notes)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.csv"
    more.over_upload_limit(path)
    with pytest.raises(InputError) as e:
        read_sources([path])
    assert str(e.value) == (f"big.csv: the file is {MAX_FILE_MB + 1:.1f} MB, more than the {MAX_FILE_MB} MB one "
                            "file may be; keep only the rows and columns you need, or split it into several files (a "
                            "workbook's sheets as CSV files)")
    small = b"customer_id,start_date,mrr\nc1,2024-01-01,10\n"
    assert len(read_sources([("small.csv", small)])) == 1  # at the limit or under it, read as before


def test_a_password_protected_xlsx_says_so():
    with pytest.raises(InputError) as e:
        read_file(oc.encrypted_xlsx(), "locked.xlsx")
    assert e.value.reason.startswith("the workbook is protected by a password to open, so it cannot be read")


def test_a_legacy_xls_and_an_ods_are_read_like_an_xlsx():
    rows = more.text()
    for name, data in (("old.xls", oc.xls("Customers", rows)), ("calc.ods", oc.ods("Customers", [more.HEADER,
                                                                                              *more.rows(12)]))):
        ds = load(read_sources([(name, data)]))
        subs = ds.tables["subscriptions"]
        assert list(subs["customer_id"]) == [f"c{i}" for i in range(12)], name
        assert subs["mrr"].sum() == sum(100 + i for i in range(12)), name
        assert str(subs["start_date"].iloc[1].date()) == "2024-02-01", name


def test_records_repeated_from_an_earlier_sheet_are_rejected_in_that_sheets_report():
    ds = load(read_sources([("two.xlsx", more.files()["repeated_across_sheets.xlsx"])]))
    jan, feb = ds.report.tables
    assert (jan.rows_read, jan.rows_used, jan.rows_rejected) == (10, 10, 0)
    assert (feb.rows_read, feb.rows_used, feb.rows_rejected) == (5, 3, 2)
    assert len(ds.tables["subscriptions"]) == 13 == jan.rows_used + feb.rows_used
    assert list(ds.report.rejects["reason"]) == ["the same record as row 2 of two.xlsx [January]",
                                                 "the same record as row 3 of two.xlsx [January]"]


def test_a_utf8_file_with_a_windows_1252_line_reads_each_line_in_its_own_encoding():
    (table,) = read_file(more.files()["mixed_encodings.csv"], "mixed.csv")
    assert list(table.frame["name"]) == ["Zoë Müller", "Café Señor", "Plain"]
    assert table.notes[0] == "Read as UTF-8 (1 line in Windows-1252) text, comma-separated."
    (cp,) = read_file("customer_id,name\nc1,Café\nc2,Señor\n".encode("cp1252"), "cp.csv")  # unchanged
    assert list(cp.frame["name"]) == ["Café", "Señor"] and cp.notes[0].startswith("Read as Windows-1252 text")


def test_an_amount_of_1e308_is_rejected_not_summed_to_infinity(tmp_path):
    """1e308 read as an amount made the MRR sum infinite and the worked line raise OverflowError (a traceback)."""
    ds = load(read_sources([("big.csv", more.files()["huge_numbers.csv"])]))
    assert sorted(ds.tables["subscriptions"]["mrr"]) == [0.0, 10.0]
    assert sorted(ds.report.rejects["value"]) == ["1e308", "1e309", "NaN", "inf"]
    from csm.engine import Analysis
    from csm.metrics import compute_all
    from csm.settings import Settings

    compute_all(Analysis(ds, Settings()))  # no OverflowError
    book = load(read_sources([("big.xlsx", more.files()["huge_numbers.xlsx"])]))
    assert sorted(book.tables["subscriptions"]["mrr"]) == [10.0, 9.99e14]


def test_text_or_a_web_page_named_xls_is_read_as_text_or_refused_with_what_it_is():
    files = more.files()
    (table,) = read_file(files["tab_text_named.xls"], "export.xls")
    assert table.frame.shape == (20, 4) and table.notes[:2] == (
        "The file is named .xls but holds text, not a workbook; it was read as text.",
        "Read as UTF-8 text, tab-separated.")
    with pytest.raises(InputError) as e:
        read_file(files["web_page_named.xls"], "export.xls")
    assert e.value.reason.startswith("the file is a web page (HTML) named .xls")
    with pytest.raises(InputError) as e:  # a line of words is no table: the workbook's reason stands
        read_file(b"hello this is not a workbook", "x.xlsx")
    assert e.value.reason.startswith("the file looks like a spreadsheet workbook but cannot be opened")


def _slow_and_quick_csv() -> tuple[bytes, bytes]:
    """1.2 million rows (0.4–0.6 s to read) and two rows (thousandths of a second)."""
    rows = "".join(f'c{i},"2024-01-01",,{i % 90 + 10}\n' for i in range(1_200_000))
    head = "customer_id,start_date,end_date,mrr\n"
    return (head + rows).encode(), (head + "c1,2024-01-01,,10\nc2,2024-02-01,,20\n").encode()


LIMIT_SAYS = ("slow.csv: reading the file took longer than 0.1 s, the most one file may take; split it into smaller "
              "files, or keep only the rows and columns you need")


def test_a_text_file_over_the_time_limit_says_the_limit_and_the_other_files_still_load(monkeypatch):
    """The per-file time limit of workbooks (CSM_FILE_SECONDS, formerly CSM_WORKBOOK_SECONDS) holds for CSV/TXT too,
    checked between the steps of a read; here set to 0.1 s, against a file that takes about half a second."""
    from csm import workbook

    slow, quick = _slow_and_quick_csv()
    monkeypatch.setattr(workbook, "SECONDS", 0.1)
    with pytest.raises(InputError) as e:
        read_file(slow, "slow.csv")
    assert str(e.value) == LIMIT_SAYS
    (table,) = read_file(quick, "quick.csv")
    assert table.frame.shape == (2, 4)
    monkeypatch.setattr(workbook, "SECONDS", 90)
    assert read_file(slow, "slow.csv")[0].frame.shape == (1_200_000, 4)  # the same file within the usual limit


def test_the_app_reads_the_other_uploads_when_one_text_file_is_over_the_time_limit(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from csm import workbook

    from .conftest import ROOT, rendered, uploader

    slow, quick = _slow_and_quick_csv()
    monkeypatch.setattr(workbook, "SECONDS", 0.1)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/data.py").run()
    uploader(at).set_value([("slow.csv", slow, "text/csv"), ("quick.csv", quick, "text/csv")]).run()
    assert not at.exception, [e.message for e in at.exception]
    assert LIMIT_SAYS + " — the other files are used without it." in [rendered(e.value) for e in at.error]
    assert "Now showing: **quick.csv** · 1 file" in [rendered(c.value) for c in at.caption]


def test_ids_padded_with_zeros_in_one_table_match_the_same_ids_without_them_in_another():
    """customers.csv writes 0042, 0007, 0100, 0009; subscriptions.csv (Excel dropped the zeros) 42 and 7, and holds
    both 100 and 0100: 42 → 0042 and 7 → 0007 match, 100/0100 stay two ids everywhere, 0009 has nothing to match.
    Distinct customers over both tables: 0042, 0007, 0100, 0009, 100 = 5 (7 before the rule)."""
    customers = (b"customer_id,signup_date,plan\n0042,2024-01-05,Pro\n0007,2024-01-10,Basic\n0100,2024-02-01,Pro\n"
                 b"0009,2024-02-03,Basic\n")
    subscriptions = (b"customer_id,start_date,end_date,mrr\n42,2024-01-05,,10\n7,2024-01-10,2024-03-01,20\n"
                     b"100,2024-02-01,,30\n0100,2024-02-01,,40\n")
    ds = load(read_sources([("customers.csv", customers), ("subscriptions.csv", subscriptions)]))
    assert list(ds.tables["customers"]["customer_id"]) == ["0042", "0007", "0100", "0009"]
    assert list(ds.tables["subscriptions"]["customer_id"]) == ["0042", "0007", "100", "0100"]
    ids = set(ds.tables["customers"]["customer_id"]) | set(ds.tables["subscriptions"]["customer_id"])
    assert len(ids) == 5
    assert ds.report.notes[-2:] == (
        "subscriptions.csv holds ids that differ only by leading zeros (0100 and 100): they are kept as different "
        "customers, in every table",
        "2 customer ids written with leading zeros in one table and without in another (0042 and 42, 0007 and 7) "
        "matched as one customer each")


def test_padded_ids_are_matched_by_the_one_rule_in_simple_types():
    from csm.simple_types import match_padded_ids

    a = pd.Series(["0042", "0007", "abc", None, "0042", "100", "A042"], dtype=object)
    b = pd.Series(["42", "7", "7", "100", "0100", "042"], dtype=object)  # 100/0100 and 42/042 clash within b
    c = pd.Series(["7", "00", "0"], dtype=object)  # 00/0 clash within c
    out, notes = match_padded_ids([("a", a), ("b", b), ("c", c)])
    assert [list(s) for s in out] == [["0042", "0007", "abc", None, "0042", "100", "A042"],
                                      ["42", "0007", "0007", "100", "0100", "042"], ["0007", "00", "0"]]
    assert notes == [
        "b holds ids that differ only by leading zeros (042 and 42; 0100 and 100): they are kept as different "
        "customers, in every table",
        "c holds ids that differ only by leading zeros (00 and 0): they are kept as different customers, in every table",
        "1 customer id written with leading zeros in one table and without in another (0007 and 7) matched as one "
        "customer each"]
    plain = pd.Series(["C1", "42"], dtype=object)
    assert match_padded_ids([("x", plain), ("y", plain)]) == ([plain, plain], [])  # nothing padded: untouched


def test_dotted_dates_in_a_file_with_decimal_commas_are_day_first():
    """The corpus's semicolon_decimal_comma.csv: 12 subscriptions starting 01.02.2024 … 09.02.2024 with MRR written
    100,00 … 111,10. A decimal comma is written where 01.02.2024 is 1 February, so the dates that could be read
    either way are day-first: every start in February 2024 (month-first would spread them from January to
    September), and the MRR active at the end of February is 100 + … + 111 + 4.6 = 1,270.6."""
    from dataclasses import replace

    from csm.mapping import Options

    raws = read_sources([("semicolon_decimal_comma.csv", more.files()["semicolon_decimal_comma.csv"])])
    ds = load(raws)
    subs = ds.tables["subscriptions"]
    assert [d.strftime("%Y-%m-%d") for d in subs["start_date"]] == [f"2024-02-0{1 + i % 9}" for i in range(12)]
    assert round(subs.loc[subs["start_date"] <= "2024-02-29", "mrr"].sum(), 2) == 1270.6
    assert ("start_date: Dates like 01/02/2024 could be day-first or month-first; read as day-first (31/01), as the "
            "table's amounts are written with a decimal comma (1.200,50).") in ds.report.tables[0].notes
    asked = load(raws, replace(ds.mapping, options=Options(day_first=False)))  # the options still decide when set
    assert asked.tables["subscriptions"]["start_date"].dt.month.tolist() == [1 + i % 9 for i in range(12)]


def test_parse_id_says_whether_some_id_is_zero_padded_on_each_of_its_paths():
    """Loading matches padded ids only when some table has one, which parse_id says at no extra pass over the rows."""
    from csm.simple_types import parse_id

    def columns(first):
        return (pd.Series([first, "7", None], dtype=object),  # text cells: the Arrow path
                pd.Series([first, "7"] * 1500, dtype=object),  # repeated text: the distinct-cells path
                pd.Series([first, 7, 1001.0], dtype=object))  # workbook cells: the general path

    assert [parse_id(s).padded for s in columns("0042")] == [True, True, True]
    assert [parse_id(s).padded for s in columns("0042.0")] == [True, True, True]  # "0042.0" → "0042"
    assert [parse_id(s).padded for s in columns("42")] == [False, False, False]
    assert [parse_id(s).padded for s in columns("0")] == [False, False, False]
    assert list(parse_id(columns("0042.0")[2]).values) == ["0042", "7", "1001"]
