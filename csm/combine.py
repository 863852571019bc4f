"""Several tables of one kind become one: customers joined on their key field by field, the other kinds stacked.

Exports come split: a CRM's accounts beside a billing tool's customers, invoices in one file per year. The rules:

- **customers**: one customer, one set of attributes. Tables are joined on customer_id; each field takes the first
  non-blank value in upload order, so a field present in only one table is never lost because another lacks it.
  Two different non-blank values of one field for one customer are a conflict: the first is kept and the conflict
  reported (how many customers, with examples). Rows of one table keep their own duplicates.
- **every other kind**: the tables' rows are stacked. A row equal in every mapped field to a row of an earlier
  table is the same record exported twice; it is left out and listed with the row it repeats, never counted twice.

    >>> frame, notes, rejects = combine("customers", [accounts, crm])   # frames from csm.normalize
"""
from __future__ import annotations

import pandas as pd

from .schema import REJECT_COLUMNS

EXAMPLES = 3  # conflicts named in a note


def combine(kind: str, frames: list[pd.DataFrame], origins: list[tuple[str, str | None]] | None = None
            ) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """One frame of `kind` from normalised frames (each with its "_row" and "_source" label), the (file, sheet) of
    each in `origins`: (frame, notes, rejected rows)."""
    frames = [f.reset_index(drop=True) for f in frames]
    origins = origins or [(str(f["_source"].iloc[0]) if len(f) else "", None) for f in frames]
    if len(frames) == 1:
        return frames[0], [], pd.DataFrame(columns=REJECT_COLUMNS)
    if kind == "customers":
        frame, notes = _join_customers(frames)
        return frame, notes, pd.DataFrame(columns=REJECT_COLUMNS)
    return _stack(frames, origins)


def _fields(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if not c.startswith("_")]


def _join_customers(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    """Customers joined on customer_id, field by field, first non-blank value wins."""
    stacked = pd.concat(frames, ignore_index=True)
    fields = [f for f in _fields(stacked) if f != "customer_id"]
    key = stacked["customer_id"]
    by = stacked.groupby(key, sort=False, dropna=True)
    notes = []
    for f in fields:
        values = stacked[f]
        if not values.notna().any():
            continue
        seen = stacked.loc[values.notna(), ["customer_id", f, "_source"]].drop_duplicates(["customer_id", f])
        clash = seen["customer_id"].duplicated(keep=False)
        if clash.any():
            notes.append(_conflict_note(f, seen[clash]))
        stacked[f] = values.fillna(by[f].transform("first"))
    # every customer once per table it appears in first: later tables add only the customers earlier ones lack
    first_table = stacked.groupby(key, sort=False)["_source"].transform("first")
    keep = key.isna() | stacked["_source"].eq(first_table)
    added = {src: int(n) for src, n in stacked.loc[~keep, "_source"].value_counts(sort=False).items()}
    if added:
        joined = ", ".join(f"{n:,} of {src}" for src, n in added.items())
        notes.append(f"customers tables joined on customer_id, field by field: {joined} rows matched a customer of an "
                     f"earlier table and filled in its blank fields")
    return stacked[keep.to_numpy()].reset_index(drop=True), notes


def _conflict_note(f: str, clash: pd.DataFrame) -> str:
    ids = clash["customer_id"].drop_duplicates()
    examples = []
    for cid in ids.iloc[:EXAMPLES]:
        rows = clash[clash["customer_id"] == cid]
        shown = " vs ".join(f"{v!s} ({src})" for v, src in zip(_shown(rows[f]), rows["_source"], strict=True))
        examples.append(f"{cid}: {shown}")
    more = f" and {len(ids) - EXAMPLES:,} more" if len(ids) > EXAMPLES else ""
    n = len(ids)
    return (f"{f}: {n:,} customer{'s' if n != 1 else ''} with different values in different tables; the first "
            f"table's value is used ({'; '.join(examples)}{more})")


def _shown(values: pd.Series) -> list[str]:
    if pd.api.types.is_datetime64_any_dtype(values):
        return [str(v.date()) for v in values]
    return [str(v) for v in values]


def _stack(frames: list[pd.DataFrame], origins) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """Rows stacked; a row equal in every field to one of an earlier table is left out and listed."""
    fields = sorted(set().union(*(_fields(f) for f in frames)))
    out, rejects, dropped = [frames[0]], [], {}
    for frame, (source, sheet) in zip(frames[1:], origins[1:], strict=True):
        earlier = pd.concat(out, ignore_index=True)
        cols = [f for f in fields if f in frame.columns or f in earlier.columns]
        mine = frame.reindex(columns=[*cols, "_row", "_source"])
        firsts = (earlier.reindex(columns=[*cols, "_row", "_source"])
                  .drop_duplicates(cols).rename(columns={"_row": "_first_row", "_source": "_first_source"}))
        for c in cols:  # a field only one table has is all blank (float) in the other: compare the values as objects
            if mine[c].dtype != firsts[c].dtype:
                mine[c], firsts[c] = mine[c].astype(object), firsts[c].astype(object)
        hit = mine.reset_index().merge(firsts, on=cols, how="inner").drop_duplicates("index")
        if len(hit):
            rejects.append(pd.DataFrame({
                "source": source,
                "sheet": sheet,
                "row": hit["_row"].to_numpy(),
                "column": None,
                "value": None,
                "reason": "the same record as row " + hit["_first_row"].astype(str) + " of " + hit["_first_source"].astype(str),
            }))
            dropped[f"{source} [{sheet}]" if sheet else source] = len(hit)
        out.append(frame.drop(index=hit["index"].to_numpy()))
    notes = [f"{n:,} row{'s' if n != 1 else ''} of {src} repeat{'s' if n == 1 else ''} a record of an earlier table "
             f"and {'is' if n == 1 else 'are'} not counted twice" for src, n in dropped.items()]
    rej = pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame(columns=REJECT_COLUMNS)
    return pd.concat(out, ignore_index=True), notes, rej
