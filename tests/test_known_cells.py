"""The distinct cells the reader keeps (csm.columnar → csm.grid.known_cells) make exactly the Distinct that
csm.cells.distinct_cells finds by hashing every cell: the same cells in the same order, codes, weights and index —
with the header's text among the values, blank and whitespace-only cells, a total row left out, too few or too many
distinct texts."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csm.cells import distinct_cells, known, type_masks
from csm.errors import InputError
from csm.grid import known_cells, text_cells
from csm.normalize import normalize_table
from csm.textfile import read_text

TEXTS = st.sampled_from(["2024-01-31", "2024-02-01", "12.50", "1,200", "yes", "", "  ", "date", "Monthly", "x y", " a ", "\u3000",
                         "Ünïcode", "0042", "#N/A"])


@pytest.fixture(scope="module")
def corpus_texts(tmp_path_factory) -> dict[str, bytes]:
    """The text files of tests/test_columnar.py's corpus (encodings, delimiters, title rows, totals, ragged rows)."""
    from tests.test_columnar import _corpus

    return {n: d for n, d in _corpus(tmp_path_factory.mktemp("corpus")).items() if len(d) < 3_000_000}


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return (list(a.cells) == list(b.cells) and a.cells.name == b.cells.name and np.array_equal(a.codes, b.codes)
            and a.weights.equals(b.weights) and a.index.equals(b.index))


def _csv(pool: list[str], rows: int, seed: int, total: bool) -> bytes:
    rng = np.random.default_rng(seed)
    first = rng.choice(np.array(pool, dtype=object), rows)
    second = rng.choice(np.array([*pool, *map(str, range(rows // 3))], dtype=object), rows)  # more distinct texts
    out = io.StringIO()
    rows_out = [["date", "amount", "id"], *([a, b, f"c{i % 50}"] for i, (a, b) in enumerate(zip(first, second,
                                                                                              strict=True)))]
    csv.writer(out, lineterminator="\n").writerows(rows_out + ([["Total", "", ""]] if total else []))
    return out.getvalue().encode()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=8), st.integers(2_000, 4_500), st.integers(0, 99), st.booleans())
def test_the_kept_codes_give_the_distinct_cells_hashing_gives(pool, rows, seed, total):
    raw = read_text(_csv(pool, rows, seed, total), "t.csv")
    assert raw.frame.shape[1] == 3 and known_cells(raw, 2) is not None  # read by pyarrow
    for i, column in enumerate(raw.frame.columns):
        s = raw.frame[column]
        with known(s, known_cells(raw, i)):
            kept = distinct_cells(s)
        assert _same(kept, distinct_cells(s)), column
        with known(s.copy(), known_cells(raw, i)):  # another Series: hashed as before
            assert _same(distinct_cells(s), distinct_cells(s))
        _assert_same_masks(raw, i)


def _assert_same_masks(raw, i: int) -> None:
    """type_masks told that the column is the reader's text gives what it finds by looking at every cell."""
    s = raw.frame.iloc[:, i]
    assert text_cells(raw)
    with known(s, None, text_cells(raw)):
        told = type_masks(s)
    for k, mask in type_masks(s).items():
        pd.testing.assert_series_equal(told[k], mask)


def test_the_reader_s_text_masks_as_every_cell_is_looked_at(corpus_texts):
    seen = 0
    for name, data in corpus_texts.items():
        try:
            raw = read_text(data, name)
        except InputError:
            continue
        if text_cells(raw):
            seen += 1
            for i in range(raw.frame.shape[1]):
                _assert_same_masks(raw, i)
    assert seen > 20


def test_the_codes_are_kept_for_repetitive_columns_only():
    raw = read_text(_csv(["2024-01-31", "2024-02-01", "", "date"], 3_000, 1, True), "t.csv")
    assert len(raw.frame) == 3_000 and "Total" not in set(raw.frame["date"])
    codes, texts = known_cells(raw, 0)
    assert len(codes) == 3_000 and set(texts[np.unique(codes)]) == {"2024-01-31", "2024-02-01", "date", None}
    assert "Total" in set(texts)  # the total row's text: by code, used by no row left
    assert known_cells(raw, 2) is not None  # 50 ids in 3,000 rows repeat
    many = read_text(("id\n" + "".join(f"c{i}\n" for i in range(3_000))).encode(), "ids.csv")
    assert known_cells(many, 0) is None  # every text distinct: nothing worth keeping
    with_blank_line = read_text(b"d\n" + b"2024-01-31\n" * 1500 + b"\n" + b"2024-02-01\n" * 1500, "b.csv")
    codes, texts = known_cells(with_blank_line, 0)  # the empty line read as a blank row (then left out), by code too
    assert list(texts[codes]) == list(with_blank_line.frame["d"]) and len(codes) == 3_000
    with_blank_lines = read_text(b"d,e\n" + b"2024-01-31,1\n" * 1500 + b"\n" + b"2024-02-01,2\n" * 1500, "b.csv")
    codes, texts = known_cells(with_blank_lines, 0)  # so is a wider table's (pyarrow reads its fields as empty)
    assert list(texts[codes]) == list(with_blank_lines.frame["d"]) and len(codes) == 3_000


def test_a_table_normalises_the_same_with_the_kept_codes(monkeypatch):
    from csm import cells
    from csm.mapping import TableMapping

    data = _csv(["2024-01-31", "31/01/2024", "2024-02-30", "", "1,200"], 4_000, 7, True)
    table = TableMapping("t.csv", None, "transactions", {"date": "date", "amount": "amount", "customer_id": "id"})
    used = []
    monkeypatch.setattr(cells, "_from_codes", lambda *a, made=cells._from_codes: used.append(a[0].name) or made(*a))
    with_codes = normalize_table(read_text(data, "t.csv"), table)
    assert {"date", "amount"} <= set(used) and "1,200" in set(read_text(data, "t.csv").frame["date"])
    monkeypatch.setattr(cells, "_from_codes", lambda *a: (_ for _ in ()).throw(AssertionError("not expected")))
    monkeypatch.setattr("csm.normalize.known_cells", lambda raw, i: None)
    hashed = normalize_table(read_text(data, "t.csv"), table)
    pd.testing.assert_frame_equal(with_codes.frame, hashed.frame)
    pd.testing.assert_frame_equal(with_codes.rejects, hashed.rejects)
    assert with_codes.notes == hashed.notes
