"""The simple field types: yes/no flags, billing periods, identifiers and text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .cells import Parsed, distinct_cells, numbers_of, per_distinct, text_of, type_masks, unreadable
from .dates import date_cells
from .schema import FALSE_WORDS, TRUE_WORDS
from .vocabulary import fold, values

_YES_NO = {**dict.fromkeys(TRUE_WORDS | values.TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS | values.FALSE_WORDS, False)}
_PERIODS = {
    **dict.fromkeys(["month", "months", "monthly", "mo", "m", "1", "per month", "mthly", "mth"], "month"),
    **dict.fromkeys(["quarter", "quarters", "quarterly", "q", "qtr", "3", "per quarter"], "quarter"),
    **dict.fromkeys(["year", "years", "yearly", "annual", "annually", "yr", "y", "12", "per year", "pa"], "year"),
    **dict.fromkeys(["week", "weeks", "weekly", "wk", "w", "per week"], "week"),
    **values.PERIODS,  # monatlich, mensuel, anual, trimestrale, jaarlijks...
    **{fold(w): p for w, p in values.PERIODS.items()},
}


@per_distinct
def parse_bool(s: pd.Series) -> Parsed:
    """Yes/no as pandas "boolean": Y/N, yes/no, TRUE/FALSE, T/F, 1/0, resolved/unresolved, native bools, 0/1."""
    flags = type_masks(s)
    text = text_of(s, flags["str"]).str.lower()
    from_text = text.map(_YES_NO)
    number = numbers_of(s, flags["number"])
    from_number = number.map({1.0: True, 0.0: False})
    values = from_text.where(flags["str"], from_number.where(flags["number"], s.where(flags["bool"])))
    values = values.astype(object).where(values.notna(), None).astype("boolean")
    return Parsed(values, unreadable(values, flags))


@per_distinct
def parse_billing_period(s: pd.Series) -> Parsed:
    """Billing periods as "week", "month", "quarter" or "year" (monthly, mo, m, 1, quarterly, q, 3, annual, yr, 12,
    "12 months", "every 3 months"…)."""
    flags = type_masks(s)
    text = text_of(s, flags["str"]).str.lower().str.replace(r"[\s_-]+", " ", regex=True)
    number = numbers_of(s, flags["number"]).map({1.0: "month", 3.0: "quarter", 12.0: "year"})
    counted = _counted_periods(text.where(text.map(_PERIODS).isna()))
    values = text.map(_PERIODS).fillna(counted).where(flags["str"], number).astype(object)
    values = values.where(values.notna(), None)
    return Parsed(values, unreadable(values, flags))


_COUNTED = {("1", "week"): "week", ("1", "month"): "month", ("3", "month"): "quarter", ("12", "month"): "year",
            ("1", "quarter"): "quarter", ("4", "quarter"): "year", ("1", "year"): "year", ("52", "week"): "year"}


def _counted_periods(text: pd.Series) -> pd.Series:
    """A period written as a count and a unit ("12 months", "every 3 months", "1 year", "per 1 week") as one of
    the four periods; other counts (2 weeks, 6 months) stay unread, so their rows are reported."""
    parts = text.str.extract(r"^(?:every |per )?0*(\d+) ?(week|month|quarter|year)s?$")
    local = text.str.extract(r"^(?:alle |tous les |cada |a cada |ogni |elke )?0*(\d+) ?(\w+)$")  # "12 Monate"
    parts = parts.fillna(pd.DataFrame({0: local[0], 1: local[1].map(values.PERIOD_UNITS)}))
    keys = pd.Series(list(zip(parts[0], parts[1], strict=True)), index=text.index, dtype=object)
    return keys.map(_COUNTED)


def parse_id(s: pd.Series) -> Parsed:
    """Identifiers as stripped text; whole numbers lose Excel's ".0" (123.0 → "123"), written as text too ("1001.0"
    is the id 1001 that a spreadsheet saved as a number)."""
    values, padded = _as_text(s, whole_ids=True)
    return Parsed(values, pd.Series(False, index=s.index), padded=padded)


def match_padded_ids(columns: list[tuple[str, pd.Series]]) -> tuple[list[pd.Series], list[str]]:
    """Ids of digits only match across tables whether zero-padded or not ("0042" in one export, 42 in another that
    Excel read as a number), unless that would merge two ids within one table: a table that holds both "0042" and
    "42" means two customers, so those ids stay apart everywhere (and a note says so). `columns`: (table label, its
    parsed ids) per table; returns the columns with each matched id written one way (its longest form, as the
    system that pads wrote it) and the notes for the data report."""
    forms = [pd.Series(pd.unique(c.dropna()), dtype=object) for _, c in columns]
    forms = [f[f.str.fullmatch(r"[0-9]+")] for f in forms]
    if not any(f.str.startswith("0").any() for f in forms):  # nothing padded: nothing to match (the usual case)
        return [c for _, c in columns], []
    keys = [f.str.lstrip("0").replace("", "0") for f in forms]
    clashes = [k[k.duplicated(keep=False)] for k in keys]  # one table, two ids that differ only by zeros
    apart = set().union(*(set(c) for c in clashes))
    notes = []
    for (label, _), f, c in zip(columns, forms, clashes, strict=True):
        if len(c):
            first = pd.unique(c)[:3]
            shown = "; ".join(" and ".join(sorted(f[c.index][c == k], key=len, reverse=True)) for k in first)
            more = c.nunique() - len(first)
            notes.append(f"{label} holds ids that differ only by leading zeros ({shown}{f'; {more:,} more' if more else ''})"
                         ": they are kept as different customers, in every table")
    every = pd.DataFrame({"form": pd.concat(forms, ignore_index=True), "key": pd.concat(keys, ignore_index=True)})
    every = every[~every["key"].isin(apart)].drop_duplicates("form")
    every = every[every["key"].duplicated(keep=False)]  # keys written more than one way
    if every.empty:
        return [c for _, c in columns], notes
    longest = (every.assign(n=every["form"].str.len()).sort_values("n", ascending=False, kind="stable")
               .drop_duplicates("key").set_index("key")["form"])
    canonical = every.set_index("form")["key"].map(longest)
    canonical = canonical[canonical.index != canonical.to_numpy()]
    out = [c.where(~c.isin(canonical.index), c.map(canonical)) for _, c in columns]
    examples = ", ".join(f"{v} and {k}" for k, v in list(canonical.items())[:3])
    n = len(longest)
    notes.append(f"{n:,} customer id{'s' if n > 1 else ''} written with leading zeros in one table and without in "
                 f"another ({examples}) matched as one customer each")
    return out, notes


def parse_text(s: pd.Series) -> Parsed:
    """Stripped text, None for blank cells (numbers as for parse_id, date cells as ISO dates)."""
    return Parsed(_as_text(s)[0], pd.Series(False, index=s.index))


def _as_text(s: pd.Series, whole_ids: bool = False) -> tuple[pd.Series, bool]:
    """`whole_ids`: text such as "1001.0" loses its ".0" as well (ids); and whether some id is digits with leading
    zeros (worked out here, where it costs least: on the distinct cells, or on the Arrow text already made)."""
    d = distinct_cells(s)
    if d is not None:
        cells = _cells_as_text(d.cells)
        if not whole_ids:
            return d.expand(cells), False
        cells = _without_point_zero(cells)
        return d.expand(cells), _padded(cells)
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) == "string":
        # Text only (ids of a CSV file, mostly distinct): what the general path below gives for str and blank cells.
        return _text_cells(s, whole_ids)
    values = _cells_as_text(s)
    if not whole_ids:
        return values, False
    values = _without_point_zero(values)
    return values, _padded(values)


def _padded(text: pd.Series) -> bool:
    return bool(text.str.fullmatch(r"0[0-9]+", na=False).any())


def padded_text(text: pa.Array) -> bool:
    """Whether some id (already stripped) is digits with leading zeros, "0042" or "0042.0" (match_padded_ids)."""
    return pc.any(pc.match_substring_regex(text, r"^0[0-9]+(?:\.0+)?$")).as_py() is True


def _text_cells(s: pd.Series, whole_ids: bool) -> tuple[pd.Series, bool]:
    """Stripped text (and, for ids, "1001.0" → "1001") of an all-text column, None for blanks — worked out in Arrow;
    the cells it leaves as they are stay the very same objects (a million ids are not copied)."""
    values = s.to_numpy(dtype=object)
    text = pa.array(values, type=pa.string(), from_pandas=True)  # None and NaN → null
    stripped = pc.utf8_trim_whitespace(text)
    change = pc.fill_null(pc.not_equal(stripped, text), True)
    if whole_ids:  # what pandas str.fullmatch(r"\d+\.0+") matches: any decimal digit (١٢.0 too)
        point_zero = pc.match_substring_regex(stripped, r"^\p{Nd}+\.0+$")
        change = pc.or_(change, pc.fill_null(point_zero, False))
    change = pc.or_(change, pc.fill_null(pc.equal(stripped, ""), False))
    padded = whole_ids and padded_text(stripped)
    out = values.copy()
    hit = np.flatnonzero(change.to_numpy(zero_copy_only=False))
    if len(hit):
        cells = pc.take(stripped, pa.array(hit))
        if whole_ids:
            cells = pc.if_else(pc.match_substring_regex(cells, r"^\p{Nd}+\.0+$"),
                               pc.replace_substring_regex(cells, r"\.0+$", ""), cells)
        new = np.array(cells.to_pylist(), dtype=object)
        new[np.array([v is None or v == "" for v in new], dtype=bool)] = None
        out[hit] = new
    return pd.Series(out, index=s.index, name=s.name, dtype=object), padded


def _without_point_zero(text: pd.Series) -> pd.Series:
    """"1001.0" → "1001" (and "7.00" → "7"); every other cell as it is."""
    hit = text.str.fullmatch(r"\d+\.0+", na=False).to_numpy(dtype=bool)
    if not hit.any():
        return text
    text = text.copy()
    text[hit] = text[hit].str.replace(r"\.0+$", "", regex=True)
    return text


def _cells_as_text(s: pd.Series) -> pd.Series:
    flags = type_masks(s)
    number = numbers_of(s, flags["number"])
    whole = number.where(number % 1 == 0)
    as_number = whole.astype("Int64").astype(str).where(whole.notna(), number.astype(str))
    dates = date_cells(s, flags["date"])
    as_date = dates.dt.strftime("%Y-%m-%d").where(dates.dt.normalize() == dates, dates.astype(str))
    unread = flags["date"] & dates.isna()  # a date past 2262 (9999-12-31): as written
    if unread.any():
        as_date[unread] = s[unread].map(str)
    values = (
        text_of(s, flags["str"])
        .where(flags["str"], as_number.where(flags["number"], as_date.where(flags["date"], s.astype(str))))
        .astype(object)
    )
    return values.where(~flags["blank"], None)
