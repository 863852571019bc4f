"""CSV/TXT files as grids of text cells: the encoding (UTF-8, UTF-16 with or without a byte-order mark, Windows-1252,
Windows-1250, Windows-932, GB18030, Latin-1), the delimiter (comma, semicolon, tab, pipe or runs of whitespace) and the line each record starts on.

Every cell is read as text (blank → None); csm.grid then finds the table in the grid.
"""

from __future__ import annotations

import csv
import io
import re
import time

import numpy as np
import pandas as pd

from . import columnar, workbook
from .columnar import read_grid as columnar_grid
from .errors import InputError
from .grid import MAX_COLUMNS, RawTable, blank_to_none, to_table

_DELIMITERS = {
    ",": "comma-separated",
    ";": "semicolon-separated",
    "\t": "tab-separated",
    "|": "pipe-separated",
    " ": "whitespace-separated",
}


def read_text(raw: bytes, name: str, columnar: bool = True) -> RawTable:
    """A delimited (or whitespace-separated) text file, every cell read as text.

    `columnar`: the bulk of a delimited file is read by pyarrow (csm.columnar) when it gives the very same grid;
    False reads it with this module's own reader only (the tests compare both).
    """
    started = time.monotonic()
    text, encoding, decoded = _decode(raw, name)
    _in_time(started, name)
    head = text if text is not None else _ascii_head(raw)
    delimiter = _detect_delimiter(head)
    grid, filled, plain, known = None, None, None, None
    if delimiter == " ":
        grid, line_numbers = _split_whitespace(_whole(text, raw))
    elif columnar:
        utf8 = raw if encoding == "UTF-8" and not decoded else text.encode("utf-8")
        read = columnar_grid(utf8, head, delimiter, lambda lines: _split_delimited(lines, delimiter, name))
        if read is not None:
            grid, line_numbers, filled, plain, known = read
    if grid is None:
        _in_time(started, name)
        grid, line_numbers = _split_delimited(_whole(text, raw), delimiter, name)
    _in_time(started, name)
    how = _DELIMITERS[delimiter]
    table = to_table(grid, name, None, line_numbers, [f"Read as {encoding} text, {how}.", *decoded],
                      letters=False, filled=filled, plain=plain, known=known)
    if table is None:
        raise InputError("the file holds no data", source=name)
    _in_time(started, name)
    return table


def _in_time(started: float, name: str) -> None:
    """InputError once reading has taken longer than one file may (csm.workbook.SECONDS, the workbooks' limit too:
    CSM_FILE_SECONDS). Checked between the steps of a read: each step is bounded by the file's size, so a read
    stops at most one step after the limit."""
    if time.monotonic() - started > workbook.SECONDS:
        raise InputError(f"reading the file took longer than {workbook.SECONDS:g} s, the most one file may take; "
                         "split it into smaller files, or keep only the rows and columns you need", source=name)


def _ascii_head(raw: bytes) -> str:
    """The first columnar.HEAD_LINES lines of an ASCII file (to its end if it has fewer), decoded: what the delimiter and the
    header are found in."""
    end = 0
    for _ in range(columnar.HEAD_LINES):
        end = raw.find(b"\n", end) + 1
        if end == 0:
            return raw.decode("ascii")
    return raw[:end].decode("ascii")


def _whole(text: str | None, raw: bytes) -> str:
    """The file's whole text (`_decode`'s, or an ASCII file's bytes decoded now)."""
    return text if text is not None else raw.decode("ascii")


def _decode(raw: bytes, name: str) -> tuple[str | None, str, list[str]]:
    """Text of the file, a description of its encoding (UTF-8 ±BOM, UTF-16 with or without BOM, Windows-1252,
    Latin-1) and notes on what decoding changed (stray NUL characters removed).

    The text is None for a file of ASCII characters without NUL: its bytes are its text, which pyarrow reads as
    they are, so the whole file is decoded only when csm's own reader reads it (`_whole`): 0.4 s and the text's
    size in memory saved on bench large."""
    if raw.isascii() and b"\x00" not in raw:
        _refuse_binary(raw[:100_000].decode("ascii"), name)
        return None, "UTF-8", []
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="replace"), "UTF-8 (with byte-order mark)"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = raw.decode("utf-16", errors="replace"), "UTF-16"
    elif (order := _utf16_without_bom(raw)) is not None:
        text, encoding = raw.decode(order, errors="replace"), "UTF-16 (no byte-order mark)"
    else:
        for codec, label in (("utf-8", "UTF-8"), (None, None), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
            codec = codec or _legacy_codec(raw)  # asked only of a file that is not UTF-8
            try:
                text, encoding = raw.decode(codec), label or _LEGACY[codec]
                break
            except (UnicodeDecodeError, KeyError, TypeError):  # TypeError, KeyError: no legacy codec was found
                continue
        if encoding != "UTF-8" and (mixed := _mixed_utf8(raw)) is not None:
            text, encoding = mixed
    nuls = text.count("\x00") if "\x00" in text else 0  # (a search stops at the first: the usual file has none)
    _refuse_binary(text[:100_000], name)
    if nuls:  # a few stray zero bytes (a damaged export): dropped, and said, rather than the whole file refused
        lines = sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer("\x00", text)})
        where = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
        text = text.replace("\x00", "")
        return text, encoding, [f"{nuls:,} NUL character{'s' if nuls > 1 else ''} (zero bytes) removed, on "
                                f"line{'s' if len(lines) > 1 else ''} {where}."]
    return text, encoding, []


def _refuse_binary(head: str, name: str) -> None:
    """InputError when over 1 % of the file's first 100,000 characters (`head`) are control characters."""
    if len(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", head)) > 0.01 * len(head):
        raise InputError("the file is neither a text table (CSV) nor a spreadsheet workbook", source=name)


# Encodings of other scripts that a file which is not UTF-8 may be in, besides Windows-1252 (detected with
# charset-normalizer on the first 64 kB).
_LEGACY = {"cp1250": "Windows-1250 (Central European)", "cp932": "Windows-932 (Japanese Shift-JIS)",
           "gb18030": "GB18030 (Chinese)"}
# In Central European text read as Windows-1252, a sign between letters: "³" for ł, "¹" for ą, "¿" for ż, "¾" for ľ.
_CP1250_SIGNS = r"[^\W\d_][¹³¿¾¼¥ª º][^\W\d_]".replace(" ", "")


def _legacy_codec(raw: bytes) -> str | None:
    """"cp1250", "cp932" or "gb18030" when a file that is not UTF-8 is in one of them rather than Windows-1252.

    charset-normalizer tells a multi-byte Japanese or Chinese file apart reliably; between Windows-1250 and -1252 it
    hesitates on a few accented letters (it takes "Crème" for Central European), so Windows-1250 is taken only when
    Windows-1252 cannot read the bytes, reads signs between letters ("Zak³ad" is "Zakład"), or reads fewer words of
    any one language ("Mìsíèní" is "Měsíční")."""
    from charset_normalizer import from_bytes

    head = raw[:65_536]
    if len(raw) > len(head) and (cut := head.rfind(b"\n")) > 0:
        head = head[: cut + 1]  # whole lines: no character cut in two
    best = from_bytes(head, cp_isolation=["cp1252", *_LEGACY]).best()
    codec = best.encoding if best is not None else None
    if codec in ("cp932", "gb18030"):
        return codec
    try:
        western = head.decode("cp1252")
    except UnicodeDecodeError:
        return "cp1250"  # bytes Windows-1252 leaves undefined (0x8D, 0x9D: ť, Ź): tried next, Latin-1 if it fails too
    if re.search(_CP1250_SIGNS, western):
        return "cp1250"
    central, n = _words_of_one_language(head.decode("cp1250", errors="replace"))
    west, _ = _words_of_one_language(western)
    return "cp1250" if central >= west + 2 or (central == n > west and n >= 3) else None


def _words_of_one_language(text: str) -> tuple[int, int]:
    """How many of the text's distinct words with letters beyond ASCII the one language that explains the most of
    them writes (csm.vocabulary.alphabets), and how many such words there are. Czech read as Windows-1252
    ("Mìsíèní", "Dvoøák") is no language's, French or Danish read as Windows-1250 ("Crčme", "Sřren") words of
    several: Windows-1250 is taken when one language reads two words more in it, or all of three or more words."""
    from .vocabulary.alphabets import ALPHABETS

    words = {w.lower() for w in re.findall(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*", text)[:20_000]}
    letters = [frozenset(c for c in w if ord(c) > 127) for w in words]
    return max((sum(ls <= alphabet for ls in letters) for alphabet in ALPHABETS.values()), default=0), len(words)


def _mixed_utf8(raw: bytes) -> tuple[str, str] | None:
    """A file in UTF-8 but for some lines in Windows-1252 (rows pasted from another export): each line decoded in
    its own encoding, and the description; None when no line holds UTF-8 beyond ASCII."""
    if not re.search(rb"[\xc2-\xf4][\x80-\xbf]", raw):
        return None
    lines, other, utf8 = [], 0, False
    for line in raw.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
            utf8 = utf8 or not line.isascii()
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            other += 1
    if not utf8:
        return None
    return "".join(lines), f"UTF-8 ({other:,} line{'s' if other != 1 else ''} in Windows-1252)"


def _utf16_without_bom(raw: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a byte-order mark (zero bytes at
    every other position, as ASCII text in UTF-16 has), else None."""
    head = raw[:20_000]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.4 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.4 and zero_odd < 0.05:
        return "utf-16-be"
    return None


def _detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number of fields most consistently.

    Candidates are comma, semicolon, tab and pipe (quoted text is ignored while counting). When none appears, lines
    that split evenly on runs of whitespace make a whitespace-separated file (" "); otherwise the file has one column.
    """
    lines = [ln for ln in _lines(text, 200) if ln.strip()][:60]
    unquoted = pd.Series([re.sub(r'"[^"]*"', "", ln) for ln in lines], dtype=object)
    best, best_score = ",", (0.0, 0)
    for d in (",", ";", "\t", "|"):
        score = _consistency(unquoted.str.count(re.escape(d)))
        if score > best_score:
            best, best_score = d, score
    if best_score[1] == 0:
        fields = pd.Series(lines, dtype=object).str.split().str.len()
        share, mode = _consistency(fields)
        if mode >= 2 and share >= 0.8:
            return " "
    return best


def _consistency(counts: pd.Series) -> tuple[float, int]:
    """(share of lines with the most common count, that count); (0, 0) when the most common count is 0."""
    if counts.empty:
        return 0.0, 0
    mode = int(counts.mode().max())
    return (float((counts == mode).mean()), mode) if mode else (0.0, 0)


def _lines(text: str, first: int | None = None) -> list[str]:
    """Lines split on \\n, \\r\\n or \\r only (str.splitlines also splits on rarer characters, which CSV does not).

    `first`: only the first lines (the rest of the text is not split).
    """
    if first == 0:
        return []
    if first is not None and len(text) > 1 << 20:  # a large file: its first lines are in its first MB, usually
        lines = re.split(r"\r\n|\r|\n", text[: 1 << 20], maxsplit=first)
        if len(lines) > first:  # the same first lines as splitting the whole text (only the rest piece differs)
            return lines[:first]
    lines = re.split(r"\r\n|\r|\n", text, maxsplit=first or 0)
    if first is not None and len(lines) > first:  # cut short: the last piece is the rest of the text
        return lines[:first]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _line_count(text: str) -> int:
    """len(_lines(text)), counted without splitting."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + 1 - (text == "" or text.endswith(("\n", "\r")))


def _width(text: str, delimiter: str) -> int:
    """The largest number of fields of any record, as the csv module reads them (at least 1).

    Without quotes or carriage returns a record is a line and its fields are its delimiters + 1 (a blank line has
    none): counted on the bytes. Otherwise the csv module reads the text.
    """
    if '"' in text or "\r" in text or len(delimiter) != 1 or ord(delimiter) > 127:
        return max(map(len, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), default=1) or 1
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    delims = np.flatnonzero(data == ord(delimiter))
    if len(delims) == 0:
        return 1
    per_line = np.bincount(np.searchsorted(newlines, delims))
    return int(per_line.max()) + 1


def _split_delimited(text: str, delimiter: str, name: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Cells of a delimited file (all text, blank → None) and the line number each record starts on.

    Only the first MAX_COLUMNS + 1 columns are kept (a frame of millions of columns takes minutes to build); the
    file's width goes in the grid's attrs["width"], for csm.grid's note on the columns left out."""
    width = _width(text, delimiter)
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=range(width),
            usecols=range(min(width, MAX_COLUMNS + 1)),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError, csv.Error) as e:
        raise InputError(f"the file cannot be read as a table ({str(e).splitlines()[0]})", source=name) from None
    line_numbers = np.arange(1, len(grid) + 1)
    if len(grid) != _line_count(text):  # quoted values span lines: ask the csv module where each record starts
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ends = np.fromiter((reader.line_num for _ in reader), dtype=int)
        if len(ends) == len(grid):
            line_numbers = np.concatenate([[1], ends[:-1] + 1])
    grid = blank_to_none(grid)
    grid.attrs["width"] = width
    return grid, line_numbers


def _split_whitespace(text: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Cells of a whitespace-separated file, and the line number of each line (the first MAX_COLUMNS + 1 columns
    kept, the file's width in attrs["width"], as for a delimited file)."""
    lines = pd.Series(_lines(text), dtype=object)
    width = int(lines.str.split().str.len().max()) if len(lines) else 0
    grid = lines.str.split(n=MAX_COLUMNS, expand=True).iloc[:, : MAX_COLUMNS + 1]
    grid.columns = range(grid.shape[1])
    grid = blank_to_none(grid)
    grid.attrs["width"] = width
    return grid, np.arange(1, len(lines) + 1)
