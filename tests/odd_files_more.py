"""The odd-file corpus, continued (tests/odd_files.py builds the first part and adds these): real legacy and
OpenDocument workbooks, a password-protected .xlsx, markup and formula-looking text inside workbooks, mixed
encodings, separators and hints as Excel writes them, a record repeated across two sheets, a file over the upload
limit. `files()` gives name → bytes; every file is the same on every run."""
from __future__ import annotations

import datetime as dt
import zipfile

from . import odd_containers as oc

HEADER = ["customer_id", "start_date", "end_date", "mrr"]
IMG = "<img src=x onerror=alert(1)>"
UPLOAD_LIMIT_MB = 200  # .streamlit/config.toml's server.maxUploadSize (tests/test_odd_files.py checks they agree)


def rows(n: int, first: int = 0) -> list[list]:
    return [[f"c{i}", dt.date(2024, 1 + i % 9, 1), None, 100 + i] for i in range(first, first + n)]


def text(n: int = 12) -> list[list]:
    return [HEADER] + [[c, d.isoformat(), e, m] for c, d, e, m in rows(n)]


def files() -> dict[str, bytes]:
    from .odd_files import workbook_bytes

    out: dict[str, bytes] = {}
    csv = "customer_id,start_date,end_date,mrr\n" + "".join(f"c{i},2024-0{1 + i % 9}-01,,{100 + i}\n" for i in range(20))
    # spreadsheet formats other than .xlsx
    out["legacy.xls"] = oc.xls("Customers", text())
    out["calc.ods"] = oc.ods("Customers", [HEADER, *rows(12)])
    out["password.xlsx"] = oc.encrypted_xlsx()
    # what "Export to Excel" buttons often write: text or a web page under a workbook's name
    out["tab_text_named.xls"] = csv.replace(",", "\t").encode("cp1252")
    out["web_page_named.xls"] = (b"<html><head><meta charset=utf-8></head><body><table><tr><td>customer_id</td><td>"
                                 b"start_date</td><td>mrr</td></tr><tr><td>c1</td><td>2024-01-01</td><td>10</td></tr>"
                                 b"</table></body></html>")
    # markup and formula-looking text in a workbook: kept as text, never run, never an amount
    out["img_onerror.xlsx"] = workbook_bytes(_img_onerror, title=IMG)
    out["img_onerror.csv"] = (f"customer_id,start_date,mrr,{IMG}\nc1,2024-01-01,10,{IMG}\n{IMG},2024-01-01,5,x\n"
                              f"c3,2024-02-01,{IMG},y\n").encode()
    out["formula_text.xlsx"] = workbook_bytes(_formula_text)
    out["long_sheet_name.xlsx"] = rezip_part(workbook_bytes(_subscriptions, title="S"), "xl/workbook.xml", lambda d: d.replace(
        b'name="S"', b'name="' + b"Customers and their subscriptions " * 8 + b'"'))
    # dates and values at the edges
    out["dates_1900.xlsx"] = workbook_bytes(_dates_1900)
    out["negative_text_mrr.xlsx"] = workbook_bytes(_negative_text_mrr)
    out["end_before_start.xlsx"] = workbook_bytes(_end_before_start)
    out["huge_numbers.csv"] = (b"customer_id,start_date,end_date,mrr\nc1,2024-01-01,,inf\nc2,2024-01-01,,1e308\n"
                               b"c3,2024-01-01,,NaN\nc4,2024-01-01,,1e309\nc5,2024-02-01,,-0\nc6,2024-02-01,,10\n")
    out["huge_numbers.xlsx"] = workbook_bytes(_huge_numbers)
    out["ids_leading_zeros.csv"] = (b"customer_id,start_date,end_date,mrr\n0042,2024-01-01,2024-03-01,10\n"
                                    b"42,2024-03-01,,10\n007,2024-01-01,,20\n")
    out["ids_zero_padded.xlsx"] = workbook_bytes(_ids_zero_padded)
    out["repeated_across_sheets.xlsx"] = workbook_bytes(_two_months)
    # text files as spreadsheet programs and other tools write them
    out["mixed_encodings.csv"] = (b"customer_id,start_date,mrr,name\n" + "c1,2024-01-01,10,Zoë Müller\n".encode()
                                  + "c2,2024-01-01,20,Café Señor\n".encode("cp1252") + b"c3,2024-02-01,30,Plain\n")
    out["bom_sep_hint.csv"] = ("\ufeffsep=;\r\n" + csv.replace(",", ";").replace("\n", "\r\n")).encode()
    out["data.tsv"] = csv.replace(",", "\t").encode()
    out["semicolon_decimal_comma.csv"] = ("customer_id;start_date;end_date;mrr\n" + "".join(
        f"c{i};0{1 + i % 9}.02.2024;;{100 + i},{i % 10}0\n" for i in range(12))).encode()
    out["Kunden Übersicht 2024 (final) ☃.csv"] = csv.encode()
    out["header_blank_100k.csv"] = ("customer_id,start_date,end_date,mrr\n" + "\n" * 100_000).encode()
    out["one_huge_line.csv"] = b"customer_id,start_date,mrr," + b"x," * 4_000_000
    out["one_huge_line_spaces.txt"] = b"customer_id start_date mrr " + b"x " * 4_000_000
    out["wide_2500.csv"] = (",".join(["customer_id", "start_date", "mrr"] + [f"x{i}" for i in range(2500)]) + "\n" + "".join(
        ",".join([f"c{r}", "2024-01-01", "10"] + ["1"] * 2500) + "\n" for r in range(50))).encode()
    return out


def over_upload_limit(path) -> None:
    """A CSV just over the upload limit: a real table at the start, the rest of the bytes a sparse run of blanks
    (the file system stores no zeros, so the test costs no disk)."""
    with open(path, "wb") as f:
        f.write(b"customer_id,start_date,mrr\nc1,2024-01-01,10\n")
        f.truncate((UPLOAD_LIMIT_MB + 1) * 2**20)


def _subscriptions(ws) -> None:
    ws.append(HEADER)
    for r in rows(10):
        ws.append(r)


def _img_onerror(ws) -> None:
    ws.append([*HEADER, IMG, "<script>alert(2)</script>"])
    for c, d, e, m in rows(4):
        ws.append([c, d, e, m, IMG, "<script>alert(3)</script>"])
    ws.append([IMG, dt.date(2024, 1, 1), None, 5, "x", "y"])


def _formula_text(ws) -> None:
    """Text cells that begin as formulas do (a CRM's notes, a phone number, a handle): text, not formulas."""
    ws.append([*HEADER, "note"])
    for i, v in enumerate(["=HYPERLINK(\"http://x\",\"y\")", "+44 20 7946 0000", "-not a number", "@handle"]):
        ws.append([f"c{i}", dt.date(2024, 1, 1), None, 10, v])
        ws.cell(ws.max_row, 5).data_type = "s"
    ws.append(["c9", dt.date(2024, 1, 1), None, "=10*2", "x"])  # a formula, never calculated: rejected
    ws.append(["c8", dt.date(2024, 1, 1), None, "-5", "x"])  # text "-5" where the MRR goes: negative, rejected


def _dates_1900(ws) -> None:
    ws.append(HEADER)
    ws.append(["c1", dt.date(1900, 1, 1), None, 10])
    ws.append(["c2", dt.date(1900, 3, 1), dt.date(1900, 12, 31), 10])
    ws.append(["c3", dt.date(2024, 1, 1), None, 10])


def _negative_text_mrr(ws) -> None:
    ws.append(HEADER)
    ws.append(["c1", dt.date(2024, 1, 1), None, -50])
    ws.append(["c2", dt.date(2024, 1, 1), None, "abc"])
    ws.append(["c3", dt.date(2024, 1, 1), None, 10])


def _huge_numbers(ws) -> None:
    ws.append(HEADER)
    for i, v in enumerate([1e308, 1.7e308, 9.99e14, 10]):
        ws.append([f"c{i}", dt.date(2024, 1, 1), None, v])


def _end_before_start(ws) -> None:
    ws.append(HEADER)
    ws.append(["c1", dt.date(2024, 5, 1), dt.date(2024, 1, 1), 10])
    ws.append(["c2", dt.date(2024, 1, 1), None, 10])


def _ids_zero_padded(ws) -> None:
    """A CRM's customers with ids as zero-padded text, and billing's subscriptions where Excel made them numbers."""
    ws.title = "Customers"
    ws.append(["customer_id", "signup_date", "plan"])
    for cid, day in (("0042", 5), ("0007", 10), ("0100", 20)):
        ws.append([cid, dt.date(2024, 1, day), "Pro"])
    subs = ws.parent.create_sheet("Subscriptions")
    subs.append(HEADER)
    for cid, day, mrr in ((42, 5, 10), (7, 10, 20), (100, 20, 30)):
        subs.append([cid, dt.date(2024, 1, day), None, mrr])


def _two_months(ws) -> None:
    """Two exports of one kind in one workbook, the second repeating two records of the first."""
    ws.title = "January"
    _subscriptions(ws)
    feb = ws.parent.create_sheet("February")
    feb.append(HEADER)
    for r in [*rows(2), *rows(3, first=20)]:
        feb.append(r)


def rezip_part(book: bytes, name: str, change) -> bytes:
    import io

    out, src = io.BytesIO(), zipfile.ZipFile(io.BytesIO(book))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            z.writestr(item, change(data) if item.filename == name else data)
    return out.getvalue()
