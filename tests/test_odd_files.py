"""A corpus of odd and hostile files (tests/odd_files.py builds them) through the real command line and the app.

Each file has the answer a user must get: either its rows read, used and rejected, or the one-line reason it cannot
be used (exit 2, naming the file). For every file: no traceback, no hang (each run is bounded), the source
untouched, and in the app (AppTest) no exception element on the Data page or the Overview.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT, uploader
from .odd_files import build
from .odd_files_more import UPLOAD_LIMIT_MB

# name -> (kind, rows read, used, rejected) of its table, or the reason after "error: NAME: " (a pattern where a
# figure depends on zlib)
EXPECTED: dict[str, tuple | str | re.Pattern] = {
    "blank_rows_100k.csv": ("subscriptions", 21, 21, 0),
    "bom_semicolon.csv": ("subscriptions", 20, 20, 0),
    "cp1250.csv": ("subscriptions", 20, 20, 0),
    "currency_codes.csv": ("subscriptions", 3, 3, 0),
    "dates_1900_2200.csv": ("subscriptions", 3, 3, 0),
    "dates_extreme.xlsx": ("subscriptions", 3, 1, 2),
    "dup_headers.csv": ("subscriptions", 2, 2, 0),
    "empty.csv": "the file is empty",
    "end_before_start.csv": ("subscriptions", 2, 1, 1),
    "european.csv": ("subscriptions", 3, 3, 0),
    "formula_cells.csv": ("subscriptions", 4, 4, 0),
    "formula_nocache.xlsx": ("subscriptions", 2, 1, 1),
    "good.xlsx": ("subscriptions", 10, 10, 0),
    "header_line9.csv": ("subscriptions", 20, 20, 0),
    "headers_only.csv": "no row could be used: the tables are empty or every row was rejected (see the rejects file)",
    "huge_cell.csv": ("subscriptions", 1, 1, 0),
    "ids_float.csv": ("subscriptions", 3, 3, 0),
    "junk.csv": "no table could be used; check the mapping (python -m csm map)",
    "lone_cr.csv": ("subscriptions", 20, 20, 0),
    "merged.xlsx": ("subscriptions", 3, 3, 0),
    "mixed_ends.csv": ("subscriptions", 20, 20, 0),
    "negative_text_mrr.csv": ("subscriptions", 3, 1, 2),
    "not_zip.xlsx": "the file looks like a spreadsheet workbook but cannot be opened (damaged, password-protected or "
                    "not a workbook)",
    "nps_11.csv": ("surveys", 4, 1, 3),
    "nul_bytes.csv": ("subscriptions", 20, 20, 0),
    "ole_fake.xls": "the file looks like a spreadsheet workbook but cannot be opened (damaged, password-protected or "
                    "not a workbook)",
    "one_column.csv": "the tables hold no dates, so there are no periods to report on (map a date column: python -m "
                      "csm map)",
    "only_blanks.csv": "the file holds no data",
    "quoted_newlines.csv": ("subscriptions", 2, 2, 0),
    "ragged.csv": ("subscriptions", 3, 2, 1),
    "sci_notation.csv": ("subscriptions", 3, 3, 0),
    "script_cells.csv": ("subscriptions", 2, 1, 1),
    "script_sheet.xlsx": ("subscriptions", 10, 10, 0),
    "three_date_formats.csv": ("subscriptions", 4, 4, 0),
    "truncated.xlsx": "the file looks like a spreadsheet workbook but cannot be opened (damaged, password-protected "
                      "or not a workbook)",
    "unterminated_quote.csv": "the file cannot be read as a table (Error tokenizing data. C error: EOF inside string "
                              "starting at row 1)",
    "utf16_bom.csv": ("subscriptions", 20, 20, 0),
    "utf16_nobom.csv": ("subscriptions", 20, 20, 0),
    "wide_1200.csv": ("subscriptions", 50, 50, 0),
    "xml_bomb.xlsx": ("subscriptions", 10, 10, 0),
    "xml_external.xlsx": ("subscriptions", 10, 10, 0),
    "zipbomb_many.xlsx": ("subscriptions", 10, 10, 0),
    # tests/odd_files_more.py
    "Kunden Übersicht 2024 (final) ☃.csv": ("subscriptions", 20, 20, 0),
    "bom_sep_hint.csv": ("subscriptions", 20, 20, 0),
    "calc.ods": ("subscriptions", 12, 12, 0),
    "data.tsv": ("subscriptions", 20, 20, 0),
    "dates_1900.xlsx": ("subscriptions", 3, 3, 0),
    "end_before_start.xlsx": ("subscriptions", 2, 1, 1),
    "formula_text.xlsx": ("subscriptions", 6, 4, 2),
    "header_blank_100k.csv": "no row could be used: the tables are empty or every row was rejected (see the rejects "
                             "file)",
    "huge_numbers.csv": ("subscriptions", 6, 2, 4),
    "huge_numbers.xlsx": ("subscriptions", 4, 2, 2),
    "ids_leading_zeros.csv": ("subscriptions", 3, 3, 0),  # 0042 and 42 in one table: two customers, and said
    "ids_zero_padded.xlsx": [("customers", 3, 3, 0), ("subscriptions", 3, 3, 0)],  # 0042 and 42 across sheets: one
    "img_onerror.csv": ("subscriptions", 3, 2, 1),
    "img_onerror.xlsx": ("subscriptions", 5, 5, 0),
    "legacy.xls": ("subscriptions", 12, 12, 0),
    "long_sheet_name.xlsx": ("subscriptions", 10, 10, 0),
    "mixed_encodings.csv": ("subscriptions", 3, 3, 0),
    "negative_text_mrr.xlsx": ("subscriptions", 3, 1, 2),
    "one_huge_line.csv": "no row could be used: the tables are empty or every row was rejected (see the rejects file)",
    "one_huge_line_spaces.txt": "no row could be used: the tables are empty or every row was rejected (see the "
                                "rejects file)",
    "over_upload_limit.csv": "the file is 201.0 MB, more than the 200 MB one file may be; keep only the rows and "
                             "columns you need, or split it into several files (a workbook's sheets as CSV files)",
    "password.xlsx": "the workbook is protected by a password to open, so it cannot be read: open it in Excel, clear "
                     "the password (File > Info > Protect Workbook > Encrypt with Password), save it and upload it "
                     "again",
    "repeated_across_sheets.xlsx": [("subscriptions", 10, 10, 0), ("subscriptions", 5, 3, 2)],
    "tab_text_named.xls": ("subscriptions", 20, 20, 0),
    "web_page_named.xls": "the file is a web page (HTML) named .xls, as some \"Export to Excel\" buttons make; open it "
                          "in Excel and save it as .xlsx or CSV",
    "semicolon_decimal_comma.csv": ("subscriptions", 12, 12, 0),
    "wide_2500.csv": ("subscriptions", 50, 50, 0),
    "zipbomb_one.xlsx": re.compile(r"the workbook's part xl/worksheets/sheet1\.xml unzips 1,0\d\d times larger than it is "
                                   r"stored, which no spreadsheet does \(a ZIP bomb\?\); it is not read"),
}

# name -> what the report's notes or the rejects file must say, beside the counts
SAYS: dict[str, tuple[str, ...]] = {
    "bom_sep_hint.csv": ("semicolon-separated",),
    "data.tsv": ("tab-separated",),
    "end_before_start.xlsx": ("ends before it starts",),
    "formula_text.xlsx": ("mrr is negative", "a formula the file holds no value for"),
    "huge_numbers.csv": ("1e308,not an amount", "inf,not an amount"),
    "huge_numbers.xlsx": ("not an amount",),
    "ids_leading_zeros.csv": ("ids_leading_zeros.csv holds ids that differ only by leading zeros (0042 and 42): they "
                              "are kept as different customers, in every table",),
    "ids_zero_padded.xlsx": ("3 customer ids written with leading zeros in one table and without in another (0042 and "
                             "42, 0007 and 7, 0100 and 100) matched as one customer each",),
    "img_onerror.csv": ("<img src=x onerror=alert(1)>,not an amount",),
    "mixed_encodings.csv": ("Read as UTF-8 (1 line in Windows-1252) text",),
    "negative_text_mrr.xlsx": ("mrr is negative", "abc,not an amount"),
    "repeated_across_sheets.xlsx": ("the same record as row 2 of repeated_across_sheets.xlsx [January]",
                                    "the same record as row 3 of repeated_across_sheets.xlsx [January]"),
    "semicolon_decimal_comma.csv": ("semicolon-separated", "decimal comma", "read as day-first (31/01), as the table's "
                                    "amounts are written with a decimal comma"),
    "tab_text_named.xls": ("The file is named .xls but holds text, not a workbook; it was read as text.",
                           "tab-separated"),
    "wide_2500.csv": ("The table has 2,503 columns; the first 500 were read and the other 2,003 were not",),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("odd"))


def test_the_corpus_is_the_one_described(corpus):
    assert set(corpus) == set(EXPECTED)
    assert len(EXPECTED) >= 60  # issue 17's bar


def test_one_files_limit_is_the_apps_upload_limit():
    """The uploader refuses a larger file in the browser (server.maxUploadSize); the command line and any other
    caller of csm get the same limit, with its message."""
    import tomllib

    from csm.loading import MAX_FILE_MB

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_FILE_MB == UPLOAD_LIMIT_MB


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_command_line_answers_each_file(corpus, name, tmp_path):
    path = corpus[name]
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    out, rejects = tmp_path / "report.json", tmp_path / "rejects.csv"
    p = subprocess.run([sys.executable, "-m", "csm", "report", str(path), "--out", str(out), "--rejects", str(rejects)],
                       cwd=ROOT, capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert "Traceback" not in p.stderr, p.stderr[-2000:]
    want = EXPECTED[name]
    if isinstance(want, str | re.Pattern):
        assert p.returncode == 2, p.stderr
        assert p.stderr.startswith(f"error: {name}: ") and len(p.stderr.strip().splitlines()) == 1, p.stderr
        reason = p.stderr.strip().removeprefix(f"error: {name}: ")
        assert reason == want if isinstance(want, str) else want.fullmatch(reason), reason
    elif isinstance(want, list):  # several tables of one kind
        assert p.returncode == 0, p.stderr
        tables = json.loads(out.read_text())["data"]["tables"]
        assert [(t["kind"], t["rows_read"], t["rows_used"], t["rows_rejected"]) for t in tables] == want
        assert len(rejects.read_text().splitlines()) - 1 == sum(w[3] for w in want)
    else:
        assert p.returncode == 0, p.stderr
        (table,) = json.loads(out.read_text())["data"]["tables"]
        assert (table["kind"], table["rows_read"], table["rows_used"], table["rows_rejected"]) == want
        n_rejected = len(rejects.read_text().splitlines()) - 1
        assert (n_rejected > 0) == (want[3] > 0)
    said = (out.read_text() if out.exists() else "") + (rejects.read_text() if rejects.exists() else "")
    for words in SAYS.get(name, ()):
        assert words in said, (words, said[:2000])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the source untouched


APP_FILES = ["dates_extreme.xlsx", "formula_nocache.xlsx", "merged.xlsx", "nul_bytes.csv", "utf16_nobom.csv",
             "zipbomb_one.xlsx", "xml_bomb.xlsx", "script_sheet.xlsx", "headers_only.csv", "junk.csv", "wide_1200.csv",
             "nps_11.csv", "truncated.xlsx",
             "password.xlsx", "legacy.xls", "calc.ods", "img_onerror.xlsx", "img_onerror.csv", "formula_text.xlsx",
             "long_sheet_name.xlsx", "repeated_across_sheets.xlsx", "mixed_encodings.csv", "dates_1900.xlsx",
             "Kunden Übersicht 2024 (final) ☃.csv", "one_huge_line.csv", "header_blank_100k.csv", "tab_text_named.xls",
             "web_page_named.xls"]
# what the Data page must say of a file it cannot use (its Markdown escapes undone)
APP_SAYS = {n: EXPECTED[n] for n in ("password.xlsx", "truncated.xlsx", "web_page_named.xls")}


@pytest.mark.parametrize("name", APP_FILES)
def test_the_app_shows_each_file_without_an_exception(corpus, name):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("app_pages/data.py").run()
    uploader(at).set_value((name, corpus[name].read_bytes(), "application/octet-stream")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(b.label == "Use the sample company" for b in at.button)  # the Data page is still there
    if name in APP_SAYS:
        shown = [re.sub(r"\\(.)", r"\1", e.value).replace("\u2060", "") for e in at.error]
        assert any(f"{name}: {APP_SAYS[name]}" in text for text in shown), shown
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, [e.message for e in at.exception]
