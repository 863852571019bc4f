"""A column of raw cells as the parsers see it: which cells are text, numbers, flags or dates, and its distinct cells.

The parsers (csm.dates, csm.amounts, csm.simple_types) take a Series of raw cells (text from CSV files, native
values from workbooks) and return a `Parsed`: the typed values, which non-blank cells could not be read, and
plain-sentence notes about decisions taken for the whole column (day-first dates, decimal comma, currency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, eq=False)
class Parsed:
    """A parsed column: values (same index as the input), which non-blank cells were unreadable, and notes."""

    values: pd.Series
    bad: pd.Series
    info: tuple[str, ...] = ()
    currency: str | None = None
    far: pd.Series | None = None  # dates: cells after FAR_YEAR (9999-12-31, "no end"), NaT in `values`, not bad
    padded: bool = False  # ids: some id is digits with leading zeros (0042): see simple_types.match_padded_ids


# ---------------------------------------------------------------- cell types


def type_masks(s: pd.Series) -> dict[str, pd.Series]:
    """Masks of the cells by Python type: str, bool, number (int/float, not bool), date (date/datetime/Timestamp)."""
    reading = _reading(s)
    s = s.astype(object)
    if reading is not None and reading.text:  # as csm.columnar gives them: None for every blank
        return _text_masks(s, s.isna().to_numpy())
    if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):  # text and blanks only (CSV): no type to ask
        return _text_masks(s)
    return _typed_masks(s)


def _typed_masks(s: pd.Series) -> dict[str, pd.Series]:
    """`type_masks` of an object column holding anything."""
    types = s.map(type)
    kinds = {t: _type_kind(t) for t in types.unique()}
    kind = types.map(kinds)
    blank = s.isna() | (kind.eq("str") & s.where(kind.eq("str"), "x").astype(str).str.strip().eq(""))
    return {k: kind.eq(k) & ~blank for k in ("str", "bool", "number", "date")} | {"blank": blank}


def _text_masks(s: pd.Series, blank: np.ndarray | None = None) -> dict[str, pd.Series]:
    """`type_masks` of a column of text and blanks (None, NaN, NaT) only; `blank`: its blank cells, when known."""
    if blank is None:
        values = s.to_numpy()
        blank = pd.isna(values)
        text = np.flatnonzero(~blank)
        blank[text] = np.fromiter((not v.strip() for v in values[text]), dtype=bool, count=len(text))
    none = np.zeros(len(s), dtype=bool)
    masks = {"str": ~blank, "bool": none, "number": none, "date": none, "blank": blank}
    return {k: pd.Series(v, index=s.index, name=s.name, copy=True) for k, v in masks.items()}


def _type_kind(t: type) -> str:
    if issubclass(t, str):
        return "str"
    if issubclass(t, bool | np.bool_):
        return "bool"
    if issubclass(t, int | float | np.number):
        return "number"
    if issubclass(t, dt.date | np.datetime64):
        return "date"
    return "other"


def text_of(s: pd.Series, mask: pd.Series) -> pd.Series:
    """Stripped text of the masked cells, "" elsewhere (safe for the .str accessor)."""
    return s.astype(object).where(mask, "").astype(str).str.strip()


def numbers_of(s: pd.Series, mask: pd.Series) -> pd.Series:
    """The masked cells as float, NaN elsewhere."""
    return pd.to_numeric(s.astype(object).where(mask), errors="coerce").astype(float)


def unreadable(parsed: pd.Series, flags: dict[str, pd.Series]) -> pd.Series:
    """Cells that hold something but parsed to nothing."""
    return (~flags["blank"] & parsed.isna()).astype(bool)


# ---------------------------------------------------------------- distinct cells

# Columns read from text files repeat their values (a date column of a million rows holds a few thousand days):
# every parser is elementwise except for the column-wide votes (date order, decimal mark, currency), so a text
# column is parsed once per distinct cell and the votes are weighted by how often each cell occurs.
_DISTINCT_MIN_ROWS = 2_000
_DISTINCT_MAX_SHARE = 0.5  # parse distinct cells when they are at most this share of the rows
_DISTINCT_SAMPLE = 20_000  # a spread sample of this many cells, nearly all distinct: ids, not worth counting


@dataclass(frozen=True, eq=False)
class Distinct:
    cells: pd.Series  # the distinct cells (object), the blank one last when the column has blanks
    codes: np.ndarray  # position in `cells` of every row's cell
    weights: pd.Series  # rows per distinct cell, indexed like `cells`
    index: pd.Index  # the column's index

    def expand(self, values: pd.Series) -> pd.Series:
        """Per-distinct-cell results back to one per row, with the column's index."""
        return pd.Series(values.array.take(self.codes), index=self.index, name=values.name, dtype=values.dtype)

    def parsed(self, p: Parsed) -> Parsed:
        far = None if p.far is None else self.expand(p.far)
        return Parsed(self.expand(p.values), self.expand(p.bad), p.info, p.currency, far, p.padded)


@dataclass(frozen=True, eq=False)
class _Reading:
    """What the reader told of the column being parsed (csm.normalize → `known`)."""

    s: pd.Series
    codes: np.ndarray | None  # each cell's code, and the distinct texts by code (csm.grid.known_cells)
    texts: np.ndarray | None
    text: bool  # every cell is None or a str with something in it besides whitespace (csm.grid.text_cells)


_READING: ContextVar[_Reading | None] = ContextVar("the column being parsed", default=None)


@contextmanager
def known(s: pd.Series, codes_and_texts: tuple[np.ndarray, np.ndarray] | None, text: bool = False
          ) -> Iterator[None]:
    """While parsing the very Series `s`: `distinct_cells(s)` is made from the codes and distinct texts the reader
    kept of it (None or blank texts; each text a str) instead of hashing every cell again, and `type_masks(s)`
    from its blank cells alone when `text` — the same results."""
    codes, texts = codes_and_texts or (None, None)
    token = _READING.set(_Reading(s, codes, texts, text) if codes is not None or text else None)
    try:
        yield
    finally:
        _READING.reset(token)


def _reading(s: pd.Series) -> _Reading | None:
    reading = _READING.get()
    return reading if reading is not None and reading.s is s else None


def distinct_cells(s: pd.Series) -> Distinct | None:
    """The distinct cells of an all-text column (blank cells allowed) whose values repeat; None otherwise.

    Only text columns: 1, 1.0 and True are equal as dictionary keys but parse differently.
    """
    if len(s) < _DISTINCT_MIN_ROWS or s.dtype != object:
        return None
    reading = _reading(s)
    if reading is not None and reading.codes is not None:
        return _from_codes(s, reading.codes, reading.texts)
    if pd.api.types.infer_dtype(s, skipna=True) != "string":
        return None
    values = s.to_numpy()
    if len(values) > 2 * _DISTINCT_SAMPLE:
        sample = values[:: len(values) // _DISTINCT_SAMPLE]
        if len(pd.unique(sample)) > 0.9 * len(sample):
            return None
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    n = len(uniques) + 1
    if n > _DISTINCT_MAX_SHARE * len(s):
        return None
    na = codes < 0
    cells = list(uniques)
    if na.any():
        cells.append(s.iloc[int(np.argmax(na))])  # a blank cell as it is (None or NaN)
        codes = np.where(na, len(uniques), codes)
    weights = pd.Series(np.bincount(codes, minlength=len(cells)), dtype=np.int64)
    return Distinct(pd.Series(cells, dtype=object, name=s.name), codes, weights, s.index)


def _from_codes(s: pd.Series, codes: np.ndarray, texts: np.ndarray) -> Distinct | None:
    """`distinct_cells(s)` from each cell's code and the texts by code (None for a blank, maybe several): the same
    cells in the same order (first appearance), codes and weights."""
    blank = np.fromiter((t is None for t in texts), dtype=bool, count=len(texts))
    first = np.full(len(texts), len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))  # each text's first row (len(codes): in no row)
    present = np.flatnonzero((first < len(codes)) & ~blank)
    if not len(present):  # blanks only: not a text column ("empty")
        return None
    order = present[np.argsort(first[present], kind="stable")]  # the texts in order of first appearance
    dense = np.full(len(texts), -1, dtype=np.int64)
    dense[order] = np.arange(len(order))
    dense = dense[codes]  # −1 for a blank, as pd.factorize's
    if len(dense) > 2 * _DISTINCT_SAMPLE:
        sample = dense[:: len(dense) // _DISTINCT_SAMPLE]
        if len(np.unique(sample)) > 0.9 * len(sample):
            return None
    if len(order) + 1 > _DISTINCT_MAX_SHARE * len(s):
        return None
    cells = list(texts[order])
    na = dense < 0
    if na.any():
        cells.append(None)
        dense = np.where(na, len(order), dense)
    weights = pd.Series(np.bincount(dense, minlength=len(cells)), dtype=np.int64)
    return Distinct(pd.Series(cells, dtype=object, name=s.name), dense, weights, s.index)


def map_distinct(s: pd.Series, mapping: dict | Callable, na_action: str | None = None) -> pd.Series:
    """`s.map(mapping, na_action)`, worked out once per distinct value (a column of a few survey types)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if not len(uniques):  # blanks only: as pandas maps them (its dtype for a column of nothing)
        return s.map(mapping, na_action=na_action)
    head = pd.Series(uniques, dtype=s.dtype).map(mapping, na_action=na_action)
    return pd.Series(head.array.take(codes, allow_fill=True), index=s.index, name=s.name)


def votes(mask: pd.Series, weights: pd.Series | None) -> int:
    """How many rows a mask of (distinct) cells stands for."""
    if weights is None:
        return int(mask.sum())
    return int(weights[mask.index][mask.fillna(False).to_numpy(dtype=bool)].sum())


def per_distinct(parse: Callable[[pd.Series], Parsed]) -> Callable[[pd.Series], Parsed]:
    """An elementwise parser applied once per distinct cell of a repetitive text column."""

    def wrapped(s: pd.Series) -> Parsed:
        d = distinct_cells(s)
        return parse(s) if d is None else d.parsed(parse(d.cells))

    wrapped.__name__, wrapped.__doc__ = parse.__name__, parse.__doc__
    return wrapped
