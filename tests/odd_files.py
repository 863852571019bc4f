"""Odd and hostile files, built the way the tools that make them would (openpyxl, hand-written XML inside a ZIP,
bytes in every encoding), for tests/test_odd_files.py. `build(folder)` writes them (and those of
tests/odd_files_more.py) and returns name → path."""
from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import openpyxl

from . import odd_files_more as more


def build(folder: Path) -> dict[str, Path]:
    files: dict[str, bytes] = {}

    def w(name: str, data) -> None:
        files[name] = data if isinstance(data, bytes) else data.encode()

    base = "customer_id,start_date,end_date,mrr\n" + "".join(f"c{i},2024-0{1+i%9}-01,,{100+i}\n" for i in range(20))
    w("empty.csv", b"")
    w("headers_only.csv", "customer_id,start_date,end_date,mrr\n")
    w("junk.csv", bytes(random.Random(1).randrange(1, 256) for _ in range(5000)))
    w("nul_bytes.csv", base.replace("c5,", "c\x005,"))
    w("utf16_bom.csv", "\ufeff".encode("utf-16-le") + base.encode("utf-16-le"))
    w("utf16_nobom.csv", base.encode("utf-16-le"))
    w("cp1250.csv", ("customer_id,start_date,mrr,name\n" + "".join(f"c{i},2024-01-0{1+i%9},{i},Łódź Żółć\n" for i in range(20))).encode("cp1250"))
    w("ragged.csv", "customer_id,start_date,end_date,mrr\nc1,2024-01-01,,100,extra,more\nc2,2024-02-01\nc3,2024-03-01,,50\n")
    w("dup_headers.csv", "customer_id,start_date,start_date,mrr,mrr\nc1,2024-01-01,2024-02-01,100,200\nc2,2024-02-01,2024-03-01,50,60\n")
    w("header_line9.csv", "Report\n\n\nGenerated 2024\n\n\n\nAcme\n" + base)
    w("blank_rows_100k.csv", base + "\n" * 100000 + "c99,2024-01-01,,5\n")
    w("wide_1200.csv", ",".join(["customer_id", "start_date", "mrr"] + [f"x{i}" for i in range(1200)]) + "\n" + "".join(",".join([f"c{r}", "2024-01-01", "10"] + ["1"] * 1200) + "\n" for r in range(50)))
    w("three_date_formats.csv", "customer_id,start_date,mrr\nc1,2024-01-05,10\nc2,05/02/2024,10\nc3,Mar 5 2024,10\nc4,2024-04-05,10\n")
    w("dates_1900_2200.csv", "customer_id,start_date,end_date,mrr\nc1,1900-01-01,,10\nc2,2024-01-01,2200-01-01,10\nc3,2024-01-01,,10\n")
    w("negative_text_mrr.csv", "customer_id,start_date,mrr\nc1,2024-01-01,-50\nc2,2024-01-01,abc\nc3,2024-01-01,10\n")
    w("end_before_start.csv", "customer_id,start_date,end_date,mrr\nc1,2024-05-01,2024-01-01,10\nc2,2024-01-01,,10\n")
    w("nps_11.csv", "date,score,customer_id\n2024-01-01,11,a\n2024-01-02,9,b\n2024-01-03,ten,c\n2024-01-04,,d\n")
    w("script_cells.csv", "customer_id,<script>alert(1)</script>,start_date,mrr\nc1,<img src=x onerror=alert(1)>,2024-01-01,10\nc2,x,2024-01-01,=1+1\n")
    w("formula_cells.csv", "customer_id,start_date,mrr,plan\nc1,2024-01-01,10,=HYPERLINK(\"http://x\")\nc2,2024-01-01,10,+cmd\nc3,2024-01-01,10,@SUM(1)\nc4,2024-01-01,10,-1+2\n")
    w("sci_notation.csv", "customer_id,start_date,mrr\nc1,2024-01-01,2.5E+02\nc2,2024-01-01,1e3\nc3,2024-01-01,10\n")
    w("currency_codes.csv", "customer_id,start_date,mrr\nc1,2024-01-01,USD 5\nc2,2024-01-01,5 USD\nc3,2024-01-01,$10\n")
    w("european.csv", "customer_id;start_date;mrr\nc1;01.02.2024;1.234.567,89\nc2;01.03.2024;€ 1.200,00\nc3;01.04.2024;12,50\n")
    w("ids_float.csv", "customer_id,start_date,end_date,mrr\n1001,2024-01-01,2024-03-01,10\n1001.0,2024-03-01,,10\n1002,2024-01-01,,10\n")
    w("lone_cr.csv", base.replace("\n", "\r"))
    w("mixed_ends.csv", base.replace("\n", "\r\n", 5).replace("\n", "\r", 3))
    w("bom_semicolon.csv", "\ufeff" + base.replace(",", ";"))
    w("only_blanks.csv", "\n\n , , \n\n")
    w("one_column.csv", "customer_id\nc1\nc2\n")
    w("quoted_newlines.csv", 'customer_id,start_date,mrr,note\nc1,2024-01-01,10,"line1\nline2"\nc2,2024-01-01,20,"x"\n')
    w("unterminated_quote.csv", 'customer_id,start_date,mrr\nc1,2024-01-01,"10\nc2,2024-01-01,20\n')
    w("huge_cell.csv", "customer_id,start_date,mrr,note\nc1,2024-01-01,10," + "x" * 5_000_000 + "\n")
    # workbooks
    good = workbook_bytes(subscriptions)
    w("good.xlsx", good)
    w("truncated.xlsx", good[: len(good) // 2])
    w("not_zip.xlsx", b"hello this is not a workbook")
    w("ole_fake.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    w("merged.xlsx", workbook_bytes(merged_ids))
    w("formula_nocache.xlsx", workbook_bytes(uncalculated_formula))
    w("dates_extreme.xlsx", workbook_bytes(_extreme_dates))
    w("script_sheet.xlsx", workbook_bytes(subscriptions, title="<script>x<script>"))
    comment = b"<!--" + b" " * 60_000_000 + b"-->"  # one part that unzips 1,000 times larger than it is stored
    w("zipbomb_one.xlsx", rezip(good, lambda d: d.replace(b"</sheetData>", b"</sheetData>" + comment)))
    w("zipbomb_many.xlsx", rezip(good, extra={f"xl/media/junk{i}.bin": b"\0" * 100_000 for i in range(2000)}))
    lol = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 2 else b"&lol;") * 10) for k in range(2, 10)) + b"]>"
    w("xml_bomb.xlsx", rezip(good, lambda d: lol + without_declaration(d)))
    ext = b'<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    w("xml_external.xlsx", rezip(good, lambda d: ext + without_declaration(d)))
    files.update(more.files())
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    paths["over_upload_limit.csv"] = folder / "over_upload_limit.csv"
    more.over_upload_limit(paths["over_upload_limit.csv"])
    return paths


def workbook_bytes(fill, title: str = "Sheet") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    fill(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def subscriptions(ws) -> None:
    ws.append(["customer_id", "start_date", "end_date", "mrr"])
    for i in range(10):
        ws.append([f"c{i}", dt.date(2024, 1 + i % 6, 1), None, 100 + i])


def merged_ids(ws) -> None:
    ws.append(["Customer report 2024"])
    ws.merge_cells("A1:D1")
    ws.append(["customer_id", "start_date", "end_date", "mrr"])
    ws.append(["c1", dt.date(2024, 1, 1), None, 10])
    ws.append([None, dt.date(2024, 2, 1), None, 20])
    ws.merge_cells("A3:A4")
    ws.append(["c2", dt.date(2024, 1, 1), None, 30])


def uncalculated_formula(ws) -> None:
    ws.append(["customer_id", "start_date", "end_date", "mrr"])
    ws.append(["c1", dt.date(2024, 1, 1), None, "=10*2"])
    ws.append(["c2", dt.date(2024, 1, 1), None, 5])


def _extreme_dates(ws) -> None:
    ws.append(["customer_id", "start_date", "end_date", "mrr"])
    ws.append(["c1", dt.date(2024, 1, 1), dt.datetime(9999, 12, 31), 10])
    ws.append(["c2", 1, 2958465, 5])
    ws.append(["c3", 60, 0, 5])


def without_declaration(xml: bytes) -> bytes:
    return xml.split(b"?>", 1)[-1] if xml.startswith(b"<?xml") else xml


def rezip(book: bytes, sheet=None, extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook again, its first sheet's XML passed through `sheet`, with `extra` parts added."""
    out = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(book))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if sheet and item.filename == "xl/worksheets/sheet1.xml":
                data = sheet(data)
            z.writestr(item, data)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()
