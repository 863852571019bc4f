"""csm.columnar: pyarrow reads the bulk of a CSV file, and every file of the test corpus reads exactly as with
csm.textfile's own reader — the same cells, rows, line numbers, header, notes, left-out rows and errors.

The columnar path starts after the first `HEAD_LINES` lines (1,000 in use); the tests shrink the head to 1, 2 and 7
lines so that the small files of the corpus go through pyarrow too, starting below, at and above their header.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csm import columnar
from csm.errors import InputError
from csm.io import _WORKBOOK_EXTENSIONS
from csm.textfile import read_text
from tests import hostile_company, odd_files
from tests.test_fuzz_tables import table_bytes
from tests.test_io import CSV_CASES

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _read(data: bytes, name: str, columnar_path: bool):
    try:
        return read_text(data, name, columnar=columnar_path)
    except InputError as e:
        return e


def assert_same_read(data: bytes, name: str = "t.csv") -> None:
    new, old = _read(data, name, True), _read(data, name, False)
    if isinstance(old, InputError) or isinstance(new, InputError):
        assert type(new) is type(old) and str(new) == str(old)
        return
    pd.testing.assert_frame_equal(new.frame, old.frame, check_exact=True)
    assert list(new.frame.dtypes) == list(old.frame.dtypes)
    assert [type(v) for v in new.frame.to_numpy().ravel()] == [type(v) for v in old.frame.to_numpy().ravel()]
    assert np.array_equal(new.rows, old.rows)
    assert (new.header_row, new.notes, new.sheet, new.source) == (old.header_row, old.notes, old.sheet, old.source)
    pd.testing.assert_frame_equal(new.excluded, old.excluded)


def _messy() -> dict[str, bytes]:
    rng = random.Random(7)
    body = "".join(f"C{i},2024-0{1 + i % 9}-0{1 + i % 7},,{100 + i}.50,\"Plan, {i % 3}\"\n" for i in range(300))
    return {
        "titles_blanks_total.csv": ("Acme — export,,,,\nGenerated 2024-03-01\n\n,,,,\nCustomer,Start,,Amount,Plan\n"
                                    + body.replace("C17,", "\nC17,") + "Grand Total,,,999,\n,,,,\n\n").encode(),
        "blank_key_total.csv": ("id,amount\n" + "".join(f"A{i},{i}\n" for i in range(50)) + ",999\n").encode(),
        "crlf_semicolon.csv": ("id;amount;note\r\n" + "".join(f"x{i};{i},5;  \r\n" for i in range(40))).encode(),
        "tabs_title.tsv": ("Report\n\nid\tdate\tscore\n" + "".join(f"{i}\t01/0{1 + i % 9}/2024\t{i % 11}\n"
                                                              for i in range(60))).encode("utf-16"),
        "wide_title.csv": ("a,b,c,d,e,f,g\n\nid,mrr\n" + "".join(f"c{i},{i}\n" for i in range(30))).encode(),
        "headerless.csv": "".join(f"A-{i},Acme,2024-01-0{1 + i % 9},{i}\n" for i in range(30)).encode(),
        "quote_in_value.csv": ('id,note\n' + "".join(f'{i},"say ""hi"" {i}"\n' for i in range(30))).encode(),
        "odd_quote.csv": ('id,note\n' + "".join(f'{i},a"b{i}\n' for i in range(30)) + '31,"x"y\n').encode(),
        "spaces_only.csv": ("id,note\n" + "".join(f"{i},{' ' * (i % 3)}\u3000\n" for i in range(30))).encode(),
        "leading_blank_lines.csv": ("\n\n\n" + "".join(f"{i},{i * 2}\n" for i in range(30))).encode(),
        "one_column_spaces.csv": ("Customer name\n" + "".join(f"Acme {i} Ltd\n   \n" for i in range(30))).encode(),
        "no_final_newline.csv": ("id,mrr\n" + "\n".join(f"c{i},{i}" for i in range(30))).encode(),
        "ragged_late.csv": ("id,mrr\n" + "".join(f"c{i},{i}\n" for i in range(30)) + "c99,1,extra\n").encode(),
        "cp1252.csv": ("Name;Amount\n" + "".join(f"Café{i};€{i},5\n" for i in range(30))).encode("cp1252"),
        "random_bytes_tail.csv": ("id,mrr\n" + "".join(f"c{i},{rng.random():.3f}\n" for i in range(30))).encode()
                                  + bytes(rng.randrange(32, 127) for _ in range(200)),
        "bom_crlf_blank_rows.csv": ("\ufeffid,mrr\r\n" + "".join(f"c{i},{i}\r\n" + "\r\n" * (i % 2)
                                                              for i in range(30))).encode(),
    }


def _corpus(tmp: Path) -> dict[str, bytes]:
    files = {name: path.read_bytes() for name, path in odd_files.build(tmp).items()
             if Path(name).suffix not in _WORKBOOK_EXTENSIONS and not path.read_bytes().startswith(b"PK")}
    files |= {f"case_{i}.csv": p.values[0] for i, p in enumerate(CSV_CASES)}
    files |= {f"hostile_{k}": v for k, v in hostile_company.files().items()}
    files |= {f"sample_{p.name}": p.read_bytes() for p in sorted((ROOT / "sample_data").rglob("*.csv"))}
    files |= {f"shared_{p.name}": p.read_bytes() for p in sorted(SHARED.rglob("*")) if p.suffix in (".csv", ".txt")}
    return files | _messy()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, bytes]:
    return _corpus(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("head_lines", [1, 2, 7, columnar.HEAD_LINES])
def test_every_file_of_the_corpus_reads_as_with_the_own_reader(corpus, monkeypatch, head_lines):
    monkeypatch.setattr(columnar, "HEAD_LINES", head_lines)
    taken = []
    original = columnar.read_grid

    def spy(*args):
        out = original(*args)
        taken.append(out is not None)
        if out is not None and out[2] is not None:  # the filled cells the reader hands to csm.grid: notna()
            assert np.array_equal(out[2], out[0].notna().to_numpy())
        return out

    monkeypatch.setattr("csm.textfile.columnar_grid", spy)
    for name, data in corpus.items():
        if len(data) > 3_000_000 and head_lines != columnar.HEAD_LINES:  # the 5 MB cell: once
            continue
        try:
            assert_same_read(data, name)
        except AssertionError as e:
            raise AssertionError(f"{name} (head of {head_lines} lines) reads differently: {e}") from None
    if head_lines < columnar.HEAD_LINES:  # most of the corpus went through pyarrow, the rest fell back
        assert sum(taken) > 0.5 * len(taken), (sum(taken), len(taken))


def test_the_columnar_path_is_taken_for_a_large_plain_file_and_falls_back_for_odd_ones():
    plain = ("id,date,mrr\n" + "".join(f"c{i},2024-01-{1 + i % 28:02d},{i}\n" for i in range(3000))).encode()
    text = plain.decode()
    split = lambda head: (pd.DataFrame([r.split(",") for r in head.splitlines()]),  # noqa: E731
                          np.arange(1, head.count("\n") + 1))
    assert columnar.read_grid(plain, text, ",", split) is not None
    ragged = plain + b"c1,2,3,4\n"
    assert columnar.read_grid(ragged, ragged.decode(), ",", split) is None
    lone_cr = plain.replace(b"\n", b"\r")
    assert columnar.read_grid(lone_cr, lone_cr.decode(), ",", split) is None
    spans = plain + b'c9,"a\nb",3\n'
    assert columnar.read_grid(spans, spans.decode(), ",", split) is None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(table_bytes(), st.sampled_from([1, 2, 5]))
def test_generated_tables_read_as_with_the_own_reader(monkeypatch, named, head_lines):
    monkeypatch.setattr(columnar, "HEAD_LINES", head_lines)
    name, data = named
    assert_same_read(data, name)


@pytest.mark.parametrize("distinct", [True, False])
def test_the_corpus_reads_the_same_whichever_way_a_column_becomes_strings(corpus, monkeypatch, distinct):
    """Each column's strings made once per distinct text or once per cell: the same cells either way."""
    monkeypatch.setattr(columnar, "HEAD_LINES", 7)
    monkeypatch.setattr(columnar, "_mostly_distinct", lambda col: distinct)
    for name, data in corpus.items():
        if len(data) > 3_000_000:
            continue
        try:
            assert_same_read(data, name)
        except AssertionError as e:
            raise AssertionError(f"{name} (cells {'direct' if distinct else 'shared'}) reads differently: {e}") from None


def _shared_cells(col):
    return columnar._object_part(columnar._shared_arrow(col))


def _direct_cells(col):
    return columnar._object_part(columnar._direct_arrow(col))


_CELL_TEXT = st.sampled_from(["", " ", "  ", "\u3000", "\t", "\xa0", " a", "a ", "A1", "2024-01-31", "1,5", "x\u3000",
                              "\u2028", "\u200b", "é", "#N/A"]) | st.text(max_size=6) | st.text(
    alphabet=[c for c in map(chr, range(0x3001)) if c.isspace()] + ["x", "\u200b", "\u3001"], max_size=4)  # str.strip's


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELL_TEXT, max_size=60))
def test_shared_and_direct_strings_give_the_same_cells(texts):
    import pyarrow as pa

    col = pa.array(texts, type=pa.string())
    (shared, shared_filled, _, _), (direct, direct_filled, _, _) = _shared_cells(col), _direct_cells(col)
    assert shared.dtype == direct.dtype == object
    assert list(shared_filled) == list(direct_filled) == [v is not None for v in direct]
    assert list(shared) == list(direct)
    assert [type(v) for v in shared] == [type(v) for v in direct]
    expected = [t if t.strip() else None for t in texts]
    assert list(direct) == expected


def _assert_plain_reads_as_they_are(s: pd.Series, plain: int) -> None:
    """A column csm.columnar calls plain: parse_id and parse_text give its cells as they are, and no cell is a
    spreadsheet error — what csm.normalize then takes without parsing; an id column with a 0042 is never missed."""
    from csm.grid import PADDED
    from csm.normalize import _as_they_are, _error_cells
    from csm.simple_types import parse_id, parse_text

    fast = _as_they_are(s, maybe_padded=plain == PADDED)
    assert fast.padded == parse_id(s).padded
    for parse in (parse_id, parse_text):
        general = parse(s)
        pd.testing.assert_series_equal(fast.values, general.values, check_exact=True)
        pd.testing.assert_series_equal(fast.bad, general.bad)
        assert [type(v) for v in fast.values] == [type(v) for v in general.values]
        assert (general.info, general.currency, general.far) == ((), None, None)
    assert _error_cells(s, False) == (None, None)


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELL_TEXT | st.sampled_from(["1001.0", "12.00", "#REF!", "C-1", "a b", "١٢.0", "x\x1c", "0042", "007",
                                             "0", "042x", "١٢"]),
                max_size=40), st.sampled_from([1, 700]))
def test_a_plain_column_parses_as_it_is(texts, repeat):
    import pyarrow as pa

    col = pa.array(texts * repeat, type=pa.string())
    (values, _, plain, _), (_, _, shared_plain, _) = _direct_cells(col), _shared_cells(col)
    assert plain == shared_plain
    if plain:
        _assert_plain_reads_as_they_are(pd.Series(values, name="c", dtype=object), plain)


def test_the_plain_columns_of_the_corpus_parse_as_they_are(corpus, monkeypatch):
    from csm.grid import plain_column

    monkeypatch.setattr(columnar, "HEAD_LINES", 7)
    seen = 0
    for name, data in corpus.items():
        if len(data) > 3_000_000 or Path(name).suffix.lower() in _WORKBOOK_EXTENSIONS:
            continue
        table = _read(data, name, True)
        if isinstance(table, InputError):
            continue
        for i in range(table.frame.shape[1]):
            if plain_column(table, i):
                seen += 1
                _assert_plain_reads_as_they_are(table.frame.iloc[:, i], plain_column(table, i))
    assert seen > 50


@pytest.mark.parametrize("first", [1, 2, 200, 40_000, 47_662, 47_663, 90_000])
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_the_first_lines_of_a_large_text_are_those_of_the_whole_text(first, end):
    import re

    from csm.textfile import _lines

    def whole(text: str) -> list[str]:
        lines = re.split(r"\r\n|\r|\n", text, maxsplit=first)
        return lines[:first] if len(lines) > first else (lines[:-1] if lines and lines[-1] == "" else lines)

    line = "a,b,2024-01-01,12.50"  # 21 or 22 characters a line: a line end falls on the 1 MB mark for some shifts
    for shift in range(22):
        text = "x" * shift + "".join(line + end for _ in range(60_000))
        assert len(text) > 1 << 20
        assert _lines(text, first) == whole(text)
