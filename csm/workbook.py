"""Reading workbooks without letting one file take the process down.

The native reader (calamine, in Rust) turns a sheet into a dense grid from A1 to its last cell, so one stray cell at
XFD1048576 asks for 17 billion cells: the allocation aborts the whole process, which in the app is the server of
every user. Python cannot catch an abort, so a workbook is read in a child process (forked from a small server that
has pandas loaded already, so a read costs a fork, not an interpreter start) with a memory and a time limit, and
anything that goes wrong there comes back as one sentence. Before calamine sees a sheet, its XML is screened: the
number of sheets, the sizes once unzipped, and the last row and column any cell names.

Limits are deliberate and each has a message that says the limit and how to get under it.
"""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.forkserver
import os
import re
import resource
import zipfile
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from .errors import InputError
from .grid import excel_letter


def _limit(name: str, default: int) -> int:
    """A limit, overridable by a deployment through the environment (CSM_MAX_SHEETS=500)."""
    try:
        return int(os.environ.get(f"CSM_{name}", default))
    except ValueError:
        return default


MAX_SHEETS = _limit("MAX_SHEETS", 200)  # sheets read per workbook; the rest are named in a note
MAX_CELLS = _limit("MAX_CELLS", 30_000_000)  # rows × columns from A1 to a sheet's last cell (1M rows × 30 columns)
MAX_UNZIPPED = _limit("MAX_UNZIPPED", 2_000_000_000)  # bytes of XML a workbook may unzip to
MAX_RATIO = 200  # unzipped ÷ zipped for an entry over 10 MB: beyond this it is a ZIP bomb, not a spreadsheet
SECONDS = _limit("FILE_SECONDS", _limit("WORKBOOK_SECONDS", 90))  # per file: a workbook, or a text file (textfile)
MEMORY = _limit("WORKBOOK_MEMORY", 6 * 2**30)  # address space a read may add to the reader process

# Excel's error values: a cell showing one of these holds no value, and is reported as what it is.
ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")

_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")
# In a worksheet part only rows carry r="<digits>" and only cells r="<letters><digits>"; plain attribute patterns
# scan a 40 MB part in a tenth of a second (patterns anchored on the element names take four times as long).
_ROW_RE = re.compile(rb' r="(\d+)"')
_CELL_COL_RE = re.compile(rb' r="([A-Z]{1,3})\d')
_ERROR_CELL_RE = re.compile(
    rb"<(?:\w+:)?c\b([^>]*\bt=\"e\"[^>]*)>(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)?"
    rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>"
)
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="(?:[A-Z]{1,3}\d+:)?([A-Z]{1,3})(\d+)"')
_FORMULA_NO_VALUE_RE = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*>([^<]*)</(?:\w+:)?f>\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?"
    rb"\s*</(?:\w+:)?c>")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
_REF_RE = re.compile(rb"\br=\"([A-Z]{1,3})(\d+)\"")
_CHUNK = 16 * 2**20


class Uncalculated(str):
    """A formula cell the file holds no value for (written by a program that never calculated it): its text is the
    formula ("=10*2"). It is reported as what it is, never counted as a blank or as the formula's text."""


@dataclass
class Sheets:
    """What the child read: each sheet's grid (header=None, from A1), the notes, and the cells the XML says more
    about than calamine does: errors (#REF!), formulas without a value, merged ranges."""

    grids: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)  # sheet -> (row0, col0, "#REF!")
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # (row0, col0, row1, col1)


def col_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n


# ----- in the parent -----------------------------------------------------------------------------------------
def read(raw: bytes, name: str) -> Sheets:
    """Every sheet of a workbook as a grid, read in a child process; InputError with the reason on any failure."""
    ctx = _context()
    if ctx is None or _Reader is None:  # no fork server on this platform: read here, screened but unguarded
        return _outcome(_read_guarded(raw, name), name)
    receive, send = ctx.Pipe(duplex=False)
    child = _Reader(target=_child, args=(raw, name, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(SECONDS):
            child.kill()
            raise InputError(f"reading the workbook took longer than {SECONDS:g} s, the most one file may take; save the "
                             "sheets you need as CSV or in a smaller workbook", source=name)
        try:
            result = receive.recv()
        except (EOFError, OSError):
            child.join(5)
            raise InputError(_crash_message(child.exitcode), source=name) from None
    finally:
        receive.close()
        child.join(5)
        if child.is_alive():
            child.kill()
    return _outcome(result, name)


def _outcome(result, name: str) -> Sheets:
    if isinstance(result, str):
        raise InputError(result, source=name)
    return result


def _crash_message(exitcode: int | str | None) -> str:
    return ("the workbook could not be read within the memory one file may use "
            f"({MEMORY // 2**30} GB): the reader stopped (exit {exitcode}). Usually a cell far below or right of the "
            "data makes the sheet look huge: delete the empty rows and columns after the table (Ctrl+End in Excel "
            "shows where the sheet ends) and save again, or save the sheet as CSV")


@cache
def _context():
    """The fork-server context, with this module (and so pandas and calamine) loaded in the server once."""
    try:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
    except (ValueError, ImportError):
        return None
    return ctx


try:
    from multiprocessing import popen_forkserver, reduction, spawn, util
    from multiprocessing.context import ForkServerProcess, set_spawning_popen

    class _Popen(popen_forkserver.Popen):
        """multiprocessing's fork-server launch, without the parent's main module.

        multiprocessing makes every child import the parent's `__main__` again; inside Streamlit that is the app
        script (app.py), which the child would then run (a second or more per read, and app code in the reader).
        The reader needs only this module, already loaded in the fork server. Same steps as the base class's
        `_launch` otherwise (CPython 3.11–3.13).
        """

        def _launch(self, process_obj):
            prep_data = {k: v for k, v in spawn.get_preparation_data(process_obj._name).items()
                         if k not in ("init_main_from_name", "init_main_from_path")}
            buf = io.BytesIO()
            set_spawning_popen(self)
            try:
                reduction.dump(prep_data, buf)
                reduction.dump(process_obj, buf)
            finally:
                set_spawning_popen(None)
            self.sentinel, w = multiprocessing.forkserver.connect_to_new_process(self._fds)
            _parent_w = os.dup(w)
            self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
            with open(w, "wb", closefd=True) as f:
                f.write(buf.getbuffer())
            self.pid = multiprocessing.forkserver.read_signed(self.sentinel)

    class _Reader(ForkServerProcess):
        @staticmethod
        def _Popen(process_obj):
            return _Popen(process_obj)
except ImportError:  # no fork server here (not Linux/macOS): workbooks are read in this process
    _Reader = None


# ----- in the child ------------------------------------------------------------------------------------------
def _child(raw: bytes, name: str, send) -> None:
    _limit_memory()
    # A Rust panic or abort prints its backtrace on stderr; the parent turns the outcome into one sentence instead.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        send.send(_read_guarded(raw, name))
    finally:
        send.close()


def _limit_memory() -> None:
    try:
        with open("/proc/self/statm") as f:
            now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (now + MEMORY, resource.RLIM_INFINITY))
    except (OSError, ValueError):  # no /proc or no permission: the time limit still holds
        pass


def _read_guarded(raw: bytes, name: str) -> Sheets | str:
    """The sheets, or the sentence that says why they cannot be read."""
    try:
        return _read_sheets(raw)
    except InputError as e:
        return e.reason
    except MemoryError:
        return _crash_message("out of memory")
    except BaseException:  # calamine raises many kinds (a Rust panic is a BaseException); the user needs one sentence
        return ("the file looks like a spreadsheet workbook but cannot be opened (damaged, password-protected or not"
                " a workbook)")


def _read_sheets(raw: bytes) -> Sheets:
    if raw.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in raw:  # [MS-OFFCRYPTO]
        raise InputError("the workbook is protected by a password to open, so it cannot be read: open it in Excel, "
                         "clear the password (File > Info > Protect Workbook > Encrypt with Password), save it and "
                         "upload it again")
    out = Sheets()
    screened = _screen_xlsx(raw, out) if raw.startswith(b"PK\x03\x04") else None
    book = pd.ExcelFile(io.BytesIO(raw), engine="calamine")
    names = [str(n) for n in book.sheet_names]
    if screened is not None:
        names = [n for n in names if n in screened]
    elif len(names) > MAX_SHEETS:
        _too_many(names, out)
        names = names[:MAX_SHEETS]
    for sheet in names:
        out.grids[sheet] = book.parse(sheet, header=None, keep_default_na=False)
    return out


def _too_many(names: list[str], out: Sheets) -> None:
    out.notes.append(f"The workbook has {len(names):,} sheets; the first {MAX_SHEETS} were read and the other "
                     f"{len(names) - MAX_SHEETS:,} were not (at most {MAX_SHEETS} per workbook: move the sheets you "
                     "need to a workbook of their own).")


def _screen_xlsx(raw: bytes, out: Sheets) -> set[str] | None:
    """The sheets of an Office Open XML workbook that are safe to read; notes and error cells go into `out`.

    None when the file is no such workbook (calamine then says what it is).
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
        infos = {i.filename: i for i in z.infolist()}
        if "xl/workbook.xml" not in infos:
            return None
        unzipped = sum(i.file_size for i in infos.values())
        if unzipped > MAX_UNZIPPED:
            raise InputError(f"the workbook unzips to {unzipped / 1e9:,.1f} GB, more than the "
                             f"{MAX_UNZIPPED / 1e9:,.0f} GB one file may; save the sheets you need as CSV")
        for i in infos.values():
            if i.file_size > 10_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise InputError(f"the workbook's part {i.filename} unzips {i.file_size // max(i.compress_size, 1):,} "
                                 "times larger than it is stored, which no spreadsheet does (a ZIP bomb?); it is not "
                                 "read")
        names = [_xml_text(n) for n in _SHEET_RE.findall(z.read("xl/workbook.xml"))]
        targets = _sheet_parts(z, infos)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return None
    if len(names) > MAX_SHEETS:
        _too_many(names, out)
        names = names[:MAX_SHEETS]
    safe = set()
    for pos, sheet in enumerate(names):
        part = targets.get(sheet) or f"xl/worksheets/sheet{pos + 1}.xml"
        if part not in infos:
            safe.add(sheet)  # a chart sheet or an odd layout: calamine decides
            continue
        rows, cols, errors, merged = _scan_sheet(z, infos[part])
        if rows * cols > MAX_CELLS:
            out.notes.append(
                f"Sheet {sheet!r} was not read: it reaches cell {excel_letter(cols - 1)}{rows}, so it spans {rows:,} rows "
                f"× {cols:,} columns ({rows * cols:,} cells, more than the {MAX_CELLS:,} one sheet may). Delete the "
                "rows and columns after the table (Ctrl+End in Excel shows where the sheet ends) and save again.")
            continue
        safe.add(sheet)
        if errors:
            out.errors[sheet] = errors
        if merged:
            out.merged[sheet] = merged
    if not safe:
        raise InputError(out.notes[-1].replace("Sheet", "sheet", 1).rstrip(".") if out.notes else
                         "the workbook has no sheet that can be read")
    return safe


def _xml_text(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def _sheet_parts(z: zipfile.ZipFile, infos: dict) -> dict[str, str]:
    """Sheet name → the part holding its cells, from the workbook's relationships."""
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name not in infos:
        return {}
    rels = dict(re.findall(rb"<(?:\w+:)?Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"",
                           z.read(rels_name)))
    rels |= {k: v for v, k in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\"",
                                         z.read(rels_name))}
    parts = {}
    for attrs in re.findall(rb"<(?:\w+:)?sheet\b([^>]*)/?>", z.read("xl/workbook.xml")):
        name = re.search(rb"\bname=\"([^\"]*)\"", attrs)
        rid = re.search(rb"\br:id=\"([^\"]+)\"|\b\w+:id=\"([^\"]+)\"", attrs)
        if not name or not rid:
            continue
        target = rels.get(rid.group(1) or rid.group(2))
        if target:
            t = target.decode(errors="replace").lstrip("/")
            parts[_xml_text(name.group(1))] = t if t.startswith("xl/") else f"xl/{t}"
    return parts


def _scan_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, list, list]:
    """(last row, last column, error and uncalculated cells, merged ranges) of a worksheet part, read in chunks so
    a huge part costs no memory.

    The extent is the part's <dimension> when it has one (every spreadsheet program writes it); only without one
    are the cells' own references scanned. A part whose dimension lies about a far cell still cannot take the
    process down: the read runs in the child, under its memory limit.
    """
    last_row, last_col, errors, seen, merged = 0, 1, [], 0, set()
    dimension = None
    tail = b""
    with z.open(info) as f:
        while chunk := f.read(_CHUNK):
            seen += len(chunk)
            if seen > MAX_UNZIPPED:
                break
            data = tail + chunk
            if dimension is None and seen == len(chunk):
                dimension = _DIMENSION_RE.search(data[:65536])
                if dimension:
                    last_row, last_col = int(dimension.group(2)), col_number(dimension.group(1))
            if not dimension:
                rows = _ROW_RE.findall(data)
                if rows:
                    last_row = max(last_row, max(map(int, rows)))
                cols = set(_CELL_COL_RE.findall(data))
                if cols:
                    last_col = max(last_col, max(map(col_number, cols)))
            if b't="e"' in data:
                for attrs, value in _ERROR_CELL_RE.findall(data):
                    ref = _REF_RE.search(attrs)
                    if ref:
                        errors.append((int(ref.group(2)) - 1, col_number(ref.group(1)) - 1, _xml_text(value)))
            if b"<f" in data or b":f" in data:
                for attrs, formula in _FORMULA_NO_VALUE_RE.findall(data):
                    ref = _REF_RE.search(attrs)
                    if ref:
                        errors.append((int(ref.group(2)) - 1, col_number(ref.group(1)) - 1,
                                       Uncalculated("=" + _xml_text(formula))))
            if b"mergeCell" in data:
                merged.update((int(r0) - 1, col_number(c0) - 1, int(r1) - 1, col_number(c1) - 1)
                              for c0, r0, c1, r1 in _MERGE_RE.findall(data))
            tail = data[-4096:]
    return last_row, last_col, sorted(set(errors)), sorted(merged)
