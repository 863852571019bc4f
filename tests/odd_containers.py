"""Spreadsheet containers written byte by byte as the programs that make them do, for the odd-file corpus: an OLE
compound file (the container of a legacy .xls and of a password-protected .xlsx), a BIFF8 workbook stream inside
it, and an OpenDocument spreadsheet. No library here writes these, and the readers under test must meet real ones.

References: [MS-CFB] (compound file, version 3, 512-byte sectors), [MS-XLS] (BOF, BoundSheet8, Dimensions, Label,
Number, EOF records), [MS-OFFCRYPTO] (an encrypted package: EncryptionInfo and EncryptedPackage streams), ODF 1.2
part 1 (office:spreadsheet in content.xml, the mimetype stored first).
"""
from __future__ import annotations

import io
import random
import struct
import zipfile
from xml.sax.saxutils import escape

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_SECTOR = 512
_MINI_CUTOFF = 4096


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (CFB v3) holding `streams` in its root storage. Each stream is padded to the mini-stream
    cut-off (4,096 bytes), so every one lives in regular sectors and the file needs no mini stream."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's order: length, then upper case
    datas = [streams[n].ljust(_MINI_CUTOFF, b"\0") for n in names]
    n_dir = -(-(len(names) + 1) // 4)
    n_data = sum(-(-len(d) // _SECTOR) for d in datas)
    n_fat = 1
    while n_fat * (_SECTOR // 4) < n_fat + n_dir + n_data:
        n_fat += 1
    assert n_fat <= 109, "a file this size needs DIFAT sectors"
    fat = [_FAT] * n_fat
    fat += [n_fat + i + 1 for i in range(n_dir - 1)] + [_END]
    starts, sector = [], n_fat + n_dir
    for d in datas:
        k = -(-len(d) // _SECTOR)
        starts.append(sector)
        fat += [sector + i + 1 for i in range(k - 1)] + [_END]
        sector += k
    fat += [_FREE] * (n_fat * (_SECTOR // 4) - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, _FREE, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    # the root's child is the first stream; each stream's right sibling is the next (a tree leaning right)
    directory = entry("Root Entry", 5, _FREE, 1 if names else _FREE, _END, 0)
    for i, (name, d) in enumerate(zip(names, datas, strict=True)):
        directory += entry(name, 2, i + 2 if i + 1 < len(names) else _FREE, _FREE, starts[i], len(d))
    directory = directory.ljust(n_dir * _SECTOR, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, n_fat, n_fat, 0, _MINI_CUTOFF, _END, 0, _END, 0)
              + struct.pack("<109I", *(list(range(n_fat)) + [_FREE] * (109 - n_fat))))
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(d.ljust(-(-len(d) // _SECTOR) * _SECTOR,
                                                                                        b"\0") for d in datas)


def encrypted_xlsx(seed: int = 17) -> bytes:
    """What Excel saves for an .xlsx with a password to open: the package encrypted inside an OLE container."""
    rng = random.Random(seed)
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' \
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" ' \
        b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" ' \
        b'hashAlgorithm="SHA512"/></encryption>'
    package = struct.pack("<Q", 9000) + bytes(rng.randrange(256) for _ in range(9008))
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": package})


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0006))


def _short_text(s: str) -> bytes:
    return struct.pack("<BB", len(s), 1) + s.encode("utf-16-le")


def xls(sheet: str, rows: list[list]) -> bytes:
    """A legacy Excel 97–2003 workbook (BIFF8) of one sheet: text cells as Label records, numbers as Number."""
    cells = b""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                cells += _record(0x0204, struct.pack("<HHHHB", r, c, 0, len(v), 1) + v.encode("utf-16-le"))
            elif v is not None:
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(v)))
    width = max(map(len, rows))
    body = _bof(0x10) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)) + cells + _record(0x0A, b"")

    def globals_(offset: int) -> bytes:
        return (_bof(0x05) + _record(0x0042, struct.pack("<H", 1200))
                + _record(0x0085, struct.pack("<IBB", offset, 0, 0) + _short_text(sheet)) + _record(0x0A, b""))

    head = globals_(0)
    return compound_file({"Workbook": globals_(len(head)) + body})


def ods(sheet: str, rows: list[list]) -> bytes:
    """An OpenDocument spreadsheet of one sheet, as LibreOffice writes one: text, float and date cells."""
    def cell(v) -> str:
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        if hasattr(v, "isoformat"):
            return (f'<table:table-cell office:value-type="date" office:date-value="{v.isoformat()}"><text:p>'
                    f"{v.isoformat()}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:'
          'opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet, {chr(34): "&quot;"})}">'
               + "".join("<table:table-row>" + "".join(map(cell, r)) + "</table:table-row>" for r in rows)
               + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (2024, 1, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.spreadsheet")
        for part, text in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            z.writestr(zipfile.ZipInfo(part, (2024, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    return out.getvalue()
