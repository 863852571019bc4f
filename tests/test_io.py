"""csm.io: reading CSV/TXT and workbooks into RawTables."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from csm.errors import InputError
from csm.io import EXCLUDED_COLUMNS, TOTAL_REASON, read_file

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent")


def _records(table) -> list[dict]:
    return table.frame.to_dict("records")


# ---------------------------------------------------------------- CSV


CSV_CASES = [
    pytest.param(
        "\ufeffName,Amount\nCafé,€5\n".encode(),
        "UTF-8 (with byte-order mark)",
        "comma",
        [{"Name": "Café", "Amount": "€5"}],
        [2],
        id="utf8-bom",
    ),
    pytest.param(
        "Name;Amount\nCafé;€5\nNaïve;12,5\n".encode("cp1252"),
        "Windows-1252",
        "semicolon",
        [{"Name": "Café", "Amount": "€5"}, {"Name": "Naïve", "Amount": "12,5"}],
        [2, 3],
        id="cp1252-semicolon",
    ),
    pytest.param(
        b"Name\tAmount\tNote\nA\t1\t\nB\t 2 \t  \n",
        "UTF-8",
        "tab",
        [{"Name": "A", "Amount": "1", "Note": None}, {"Name": "B", "Amount": " 2 ", "Note": None}],
        [2, 3],
        id="tab-blanks-to-none",
    ),
    pytest.param(
        "Name|Amount\r\nZoë|3\r\n".encode("utf-16"),
        "UTF-16",
        "pipe",
        [{"Name": "Zoë", "Amount": "3"}],
        [2],
        id="utf16-pipe-crlf",
    ),
    pytest.param(
        b'id,comment,n\n1,"two, with comma",5\n2,"spans\nlines",6\n3,plain,7\n',
        "UTF-8",
        "comma",
        [
            {"id": "1", "comment": "two, with comma", "n": "5"},
            {"id": "2", "comment": "spans\nlines", "n": "6"},
            {"id": "3", "comment": "plain", "n": "7"},
        ],
        [2, 3, 5],
        id="quoted-multiline",
    ),
    pytest.param(
        b"Latin\xa0,B\n\xe9,1\n",  # not valid UTF-8 and \xa0/\xe9 fine in cp1252
        "Windows-1252",
        "comma",
        [{"Latin": "é", "B": "1"}],
        [2],
        id="cp1252-nbsp-header",
    ),
]


@pytest.mark.parametrize(("data", "encoding", "delimiter", "records", "rows"), CSV_CASES)
def test_csv_encodings_and_delimiters(data, encoding, delimiter, records, rows):
    [table] = read_file(data, "t.csv")
    assert table.source == "t.csv" and table.sheet is None
    assert _records(table) == records
    assert table.rows.tolist() == rows
    assert table.header_row == 1
    assert table.notes[0] == f"Read as {encoding} text, {delimiter}-separated."
    assert list(table.excluded.columns) == EXCLUDED_COLUMNS and table.excluded.empty


def test_csv_title_rows_blank_rows_columns_and_total():
    data = (
        b"Acme Corp \xe2\x80\x94 Subscriptions export,,,,\n"
        b"Generated 2024-03-01,,,,\n"
        b",,,,\n"
        b"Customer,Start,,Amount,Amount\n"
        b"C1,2024-01-05,,100,1\n"
        b",,,,\n"
        b"C2,2024-01-06,,200,2\n"
        b"Grand Total,,,300,3\n"
        b",,,,\n"
    )
    [t] = read_file(data, "subs.csv")
    assert t.header_row == 4
    assert list(t.frame.columns) == ["Customer", "Start", "Amount", "Amount (2)"]
    assert _records(t) == [
        {"Customer": "C1", "Start": "2024-01-05", "Amount": "100", "Amount (2)": "1"},
        {"Customer": "C2", "Start": "2024-01-06", "Amount": "200", "Amount (2)": "2"},
    ]
    assert t.rows.tolist() == [5, 7]
    assert t.notes == (
        "Read as UTF-8 text, comma-separated.",
        "2 title rows above the header (row 4) skipped.",
        "1 blank row dropped.",
        "1 blank column dropped.",
        "Row 8 looks like a total row and was left out.",
    )
    assert t.excluded.to_dict("records") == [
        {
            "source": "subs.csv",
            "sheet": None,
            "row": 8,
            "column": "Customer",
            "value": "Grand Total",
            "reason": TOTAL_REASON,
        }
    ]


def test_total_row_by_blank_key_column():
    data = b"id,amount\nA,1\nB,2\nC,3\n,6\n"
    [t] = read_file(data, "x.csv")
    assert t.rows.tolist() == [2, 3, 4]
    assert t.excluded[["row", "column", "value"]].to_dict("records") == [{"row": 5, "column": "id", "value": None}]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("name,amount\nTotally Awesome Inc,5\nSumo Ltd,6\n", 2),  # words that start like "total"/"sum" are data
        ("name,amount\nA,5\nB,6\nTotals:,11\n", 2),
        ("name,amount\nA,5\nB,6\nSubtotal,11\nGesamt,11\n", 2),
        ("name,amount\nA,5\nB,6\nTotal general,11\n", 2),
    ],
)
def test_total_labels(text, kept):
    [t] = read_file(text.encode(), "x.csv")
    assert len(t.frame) == kept


def test_blank_header_cells_and_positional_names():
    [t] = read_file(b"a,,b\n1,x,2\n", "x.csv")
    assert list(t.frame.columns) == ["a", "Column 2", "b"]
    [t] = read_file(b"10,20\n30,40\n", "x.csv")
    assert t.header_row is None and list(t.frame.columns) == ["Column 1", "Column 2"]
    assert t.rows.tolist() == [1, 2]
    assert "No header row found; columns are named by position." in t.notes


def test_headerless_csv_with_text_ids():
    [t] = read_file(b"A-1,Acme,2024-01-01,100\nA-2,Beta,2024-01-02,200\n", "x.csv")
    assert t.header_row is None and len(t.frame) == 2


def test_headerless_csv_whose_first_row_has_blank_cells():
    """A first row of data with a blank where the rows below hold dates is still data, not a header."""
    [t] = read_file(b"sub_1,cus_1,Pro,2024-01-04,,49.00\nsub_2,cus_2,Team,2024-01-19,2024-06-01,990.00\n"
                    b"sub_3,cus_3,Basic,2024-02-02,2024-05-20,19.00\n", "x.csv")
    assert t.header_row is None and len(t.frame) == 3
    assert t.frame.iloc[0].tolist()[:2] == ["sub_1", "cus_1"]


def test_single_column_with_spaces_is_not_split():
    [t] = read_file(b"Customer name\nAcme Corp\nBeta Industries Ltd\n", "x.csv")
    assert _records(t) == [{"Customer name": "Acme Corp"}, {"Customer name": "Beta Industries Ltd"}]


# ---------------------------------------------------------------- inputs


def test_inputs_path_bytes_and_file_objects(tmp_path):
    data = b"a,b\n1,2\n"
    path = tmp_path / "f.csv"
    path.write_bytes(data)

    class Upload(io.BytesIO):  # like Streamlit's UploadedFile
        name = "upload.csv"

    buf = Upload(data)
    buf.seek(2)
    results = [read_file(path), read_file(str(path)), read_file(data, "b.csv"), read_file(buf)]
    assert [r[0].source for r in results] == ["f.csv", "f.csv", "b.csv", "upload.csv"]
    assert all(_records(r[0]) == [{"a": "1", "b": "2"}] for r in results)
    assert path.read_bytes() == data

    class Plain:  # only read/seek/tell
        def __init__(self):
            self.b = io.BytesIO(data)
            self.name = "/some/dir/plain.csv"

        def read(self):
            return self.b.read()

        def seek(self, n):
            return self.b.seek(n)

        def tell(self):
            return self.b.tell()

    p = Plain()
    assert read_file(p)[0].source == "plain.csv" and p.tell() == 0


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (b"", "e.csv", "empty"),
        (b"   \n\n", "e.csv", "empty"),
        (b"PK\x03\x04garbage that is not a zip", "b.xlsx", "cannot be opened"),
        (bytes(range(256)) * 4, "g.csv", "neither a text table"),
        (b"\x00\x01\x02\x03binary", "g.bin", "neither a text table"),
    ],
)
def test_unreadable_files(data, name, fragment):
    with pytest.raises(InputError) as e:
        read_file(data, name)
    assert e.value.source == name and fragment in e.value.reason
    assert "\n" not in str(e.value)


def test_missing_path(tmp_path):
    with pytest.raises(InputError):
        read_file(tmp_path / "nope.csv")


# ---------------------------------------------------------------- workbooks


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Subscriptions"
    ws["B1"] = "Acme Corp — Subscriptions export"
    ws.merge_cells("B1:F1")
    ws["B2"] = "Exported on"
    ws["C2"] = dt.date(2024, 3, 1)
    rows = {
        4: [None, "Cust #", "Start Dt", None, "Monthly Fee ($)", "Cancelled On"],  # column D blank
        5: [None, "C001", dt.date(2024, 1, 5), None, "$1,200.00", "31/01/2024"],
        6: [None, 123.0, dt.datetime(2024, 1, 6, 0, 0), None, "$300.00", None],
        8: [None, "C003", dt.date(2024, 2, 1), None, "₦5,000", "n/a"],  # row 7 blank; "n/a" stays as written
        9: [None, "Total", None, None, "$1,500.00", None],
    }
    for r, values in rows.items():
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    other = wb.create_sheet("Usage")
    other.append(["date", "minutes", "active"])
    other.append([dt.date(2024, 1, 1), 12.5, True])
    other.append([dt.date(2024, 1, 2), 3, False])
    wb.create_sheet("Empty")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_two_sheets_titles_blanks_and_total():
    subs, usage = read_file(_workbook(), "billing.xlsx")
    assert (subs.source, subs.sheet, subs.header_row) == ("billing.xlsx", "Subscriptions", 4)
    assert list(subs.frame.columns) == ["Cust #", "Start Dt", "Monthly Fee ($)", "Cancelled On"]
    assert subs.rows.tolist() == [5, 6, 8]
    assert _records(subs) == [
        {
            "Cust #": "C001",
            "Start Dt": dt.datetime(2024, 1, 5),
            "Monthly Fee ($)": "$1,200.00",
            "Cancelled On": "31/01/2024",
        },
        {"Cust #": 123, "Start Dt": dt.datetime(2024, 1, 6), "Monthly Fee ($)": "$300.00", "Cancelled On": None},
        {
            "Cust #": "C003",
            "Start Dt": dt.datetime(2024, 2, 1),
            "Monthly Fee ($)": "₦5,000",
            "Cancelled On": "n/a",
        },
    ]
    assert subs.notes == (
        "Empty sheet 'Empty' skipped.",
        "2 title rows above the header (row 4) skipped.",
        "1 blank row dropped.",
        "1 blank column dropped.",
        "Row 9 looks like a total row and was left out.",
    )
    assert subs.excluded.to_dict("records") == [
        {
            "source": "billing.xlsx",
            "sheet": "Subscriptions",
            "row": 9,
            "column": "Cust #",
            "value": "Total",
            "reason": TOTAL_REASON,
        }
    ]
    assert usage.sheet == "Usage" and usage.header_row == 1 and usage.rows.tolist() == [2, 3]
    assert usage.notes == ()
    assert usage.frame["minutes"].tolist() == [12.5, 3]
    assert usage.frame["active"].tolist() == [True, False]


def test_xlsx_by_content_whatever_the_name():
    assert [t.sheet for t in read_file(_workbook(), "export.csv")] == ["Subscriptions", "Usage"]


def test_workbook_with_only_empty_sheets():
    wb = openpyxl.Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(InputError, match="no data"):
        read_file(buf.getvalue(), "e.xlsx")


# ---------------------------------------------------------------- real public files


@needs_shared
@pytest.mark.parametrize(
    ("path", "n_rows", "n_cols", "first_column"),
    [
        ("cdnow/CDNOW_sample.txt", 6_919, 5, "Column 1"),
        ("telco/WA_Fn-UseC_-Telco-Customer-Churn.csv", 7_043, 21, "customerID"),
        ("ravenstack/ravenstack_accounts.csv", 500, 10, "account_id"),
        ("ravenstack/ravenstack_subscriptions.csv", 5_000, 14, "subscription_id"),
        ("ravenstack/ravenstack_feature_usage.csv", 25_000, 8, "usage_id"),
        ("ravenstack/ravenstack_support_tickets.csv", 2_000, 9, "ticket_id"),
        ("ravenstack/ravenstack_churn_events.csv", 600, 9, "churn_event_id"),
    ],
)
def test_real_files(path, n_rows, n_cols, first_column):
    [t] = read_file(SHARED / path)
    assert t.frame.shape == (n_rows, n_cols)
    assert t.frame.columns[0] == first_column
    assert t.excluded.empty
    start = 1 if t.header_row is None else 2
    assert np.array_equal(t.rows, np.arange(start, start + n_rows))


@needs_shared
def test_real_file_details():
    [cdnow] = read_file(SHARED / "cdnow/CDNOW_sample.txt")
    assert cdnow.frame.iloc[0].tolist() == ["00004", "0001", "19970101", "2", "29.33"]
    assert cdnow.notes[0] == "Read as UTF-8 text, whitespace-separated."
    [telco] = read_file(SHARED / "telco/WA_Fn-UseC_-Telco-Customer-Churn.csv")
    assert telco.frame["TotalCharges"].isna().sum() == 11  # the single-space cells
    assert telco.frame["Churn"].eq("Yes").sum() == 1_869
    [tickets] = read_file(SHARED / "ravenstack/ravenstack_support_tickets.csv")
    assert tickets.frame["satisfaction_score"].notna().sum() == 1_175
    assert isinstance(tickets.frame, pd.DataFrame)
