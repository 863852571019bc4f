"""Writing the workbooks deterministically: `XlsxWriter`, a small fast writer for Brightwave's plain tables, and
`save_stable` for the openpyxl workbook of the messy export (fixed document properties and zip timestamps)."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .determinism import FIXED_STAMP, ZIP_STAMP

MONEY_FMT = '"$"#,##0.00;-"$"#,##0.00'
DATE_FMT = "yyyy-mm-dd"
DATETIME_FMT = "yyyy-mm-dd hh:mm"
EPOCH = date(1899, 12, 30)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class XlsxWriter:
    """A small, fast and deterministic .xlsx writer for plain tables (openpyxl needs a minute for 1M cells).

    Every sheet: a bold header row, frozen below the header; dates and datetimes as real date cells, money as
    numbers with a currency format, text in the shared-strings table."""

    STYLE_HEADER, STYLE_DATE, STYLE_DATETIME, STYLE_MONEY = 1, 2, 3, 4

    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []
        self.strings: dict[str, int] = {}

    def _s(self, text: str) -> int:
        i = self.strings.get(text)
        if i is None:
            i = self.strings[text] = len(self.strings)
        return i

    def add_sheet(self, title: str, head: list[str], rows: list[list], money_cols: set[str], widths: dict[str, int]) -> None:
        letters = [get_column_letter(i + 1) for i in range(len(head))]
        money_idx = {i for i, h in enumerate(head) if h in money_cols}
        out = []
        cells = "".join(f'<c r="{letters[i]}1" s="{self.STYLE_HEADER}" t="s"><v>{self._s(h)}</v></c>' for i, h in enumerate(head))
        out.append(f'<row r="1">{cells}</row>')
        for n, r in enumerate(rows, start=2):
            cells = []
            for i, v in enumerate(r):
                if v is None or v == "":
                    continue
                ref = f"{letters[i]}{n}"
                if isinstance(v, datetime):
                    serial = (v.date() - EPOCH).days + (v.hour * 60 + v.minute) / 1440
                    cells.append(f'<c r="{ref}" s="{self.STYLE_DATETIME}"><v>{serial!r}</v></c>')
                elif isinstance(v, date):
                    cells.append(f'<c r="{ref}" s="{self.STYLE_DATE}"><v>{(v - EPOCH).days}</v></c>')
                elif isinstance(v, bool):
                    raise TypeError("booleans are written as text")
                elif isinstance(v, (int, float)):
                    style = f' s="{self.STYLE_MONEY}"' if i in money_idx else ""
                    cells.append(f'<c r="{ref}"{style}><v>{v!r}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="s"><v>{self._s(str(v))}</v></c>')
            out.append(f'<row r="{n}">{"".join(cells)}</row>')
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{widths.get(h, max(12, len(h) + 2))}" customWidth="1"/>'
            for i, h in enumerate(head)
        )
        selected = ' tabSelected="1"' if not self.sheets else ""
        xml = (
            f'{XML_HEAD}<worksheet xmlns="{NS}" xmlns:r="{NS_R}">'
            f'<dimension ref="A1:{letters[-1]}{len(rows) + 1}"/>'
            f'<sheetViews><sheetView workbookViewId="0"{selected}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
            f'<sheetData>{"".join(out)}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
        )
        self.sheets.append((title, xml))

    def save(self, path: Path) -> None:
        n = len(self.sheets)
        stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
        files = {
            "[Content_Types].xml": (
                f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(n)
                )
                + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                f'{XML_HEAD}<Relationships xmlns="{NS_PKG}">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
                "</Relationships>"
            ),
            "docProps/app.xml": (
                f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                "<Application>Microsoft Excel</Application></Properties>"
            ),
            "docProps/core.xml": (
                f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                "<dc:title>Brightwave Analytics — sample data</dc:title><dc:creator>make_sample.py</dc:creator>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
                "</cp:coreProperties>"
            ),
            "xl/workbook.xml": (
                f'{XML_HEAD}<workbook xmlns="{NS}" xmlns:r="{NS_R}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>'
                + "".join(f'<sheet name="{xml_escape(t)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (t, _) in enumerate(self.sheets))
                + "</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{XML_HEAD}<Relationships xmlns="{NS_PKG}">'
                + "".join(
                    f'<Relationship Id="rId{i + 1}" Type="{NS_R}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                    for i in range(n)
                )
                + f'<Relationship Id="rId{n + 1}" Type="{NS_R}/styles" Target="styles.xml"/>'
                f'<Relationship Id="rId{n + 2}" Type="{NS_R}/sharedStrings" Target="sharedStrings.xml"/>'
                "</Relationships>"
            ),
            "xl/styles.xml": (
                f'{XML_HEAD}<styleSheet xmlns="{NS}"><numFmts count="3">'
                f'<numFmt numFmtId="164" formatCode="{xml_escape(DATE_FMT)}"/>'
                f'<numFmt numFmtId="165" formatCode="{xml_escape(DATETIME_FMT)}"/>'
                f'<numFmt numFmtId="166" formatCode="{xml_escape(MONEY_FMT)}"/></numFmts>'
                '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
                '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
                '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
            ),
            "xl/sharedStrings.xml": (
                f'{XML_HEAD}<sst xmlns="{NS}" count="{len(self.strings)}" uniqueCount="{len(self.strings)}">'
                + "".join(f"<si><t>{xml_escape(s)}</t></si>" for s in self.strings)
                + "</sst>"
            ),
        }
        for i, (_, xml) in enumerate(self.sheets):
            files[f"xl/worksheets/sheet{i + 1}.xml"] = xml
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                zi = zipfile.ZipInfo(name, date_time=ZIP_STAMP)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = 0o644 << 16
                z.writestr(zi, text.encode("utf-8"), compresslevel=6)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buf.getvalue())


def save_stable(wb: Workbook, path: Path) -> None:
    """Save an openpyxl workbook with fixed document properties and zip timestamps, so the bytes do not depend
    on when it ran."""
    wb.properties.creator = "make_sample.py"
    wb.properties.created = FIXED_STAMP
    raw = io.BytesIO()
    wb.save(raw)
    stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_STAMP)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
