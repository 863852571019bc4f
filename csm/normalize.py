"""Turning a raw table into the canonical columns of its kind.

`normalize_table` applies the cell parsers (csm.dates, csm.amounts, csm.simple_types) to the mapped columns of a
table, adds the per-kind row rules, and lists every row it cannot use with its row number, column, value and reason.
The parsers are importable from here as well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from . import schema
from .amounts import parse_money, parse_number
from .cells import Parsed, known, map_distinct
from .dates import FAR_YEAR, date_order_evidence, parse_dates
from .errors import MappingError
from .grid import PADDED, filled_cells, known_cells, plain_column, text_cells
from .io import RawTable
from .mapping import Options, TableMapping
from .schema import REJECT_COLUMNS
from .simple_types import padded_text, parse_billing_period, parse_bool, parse_id, parse_text
from .units import to_field_units
from .workbook import ERROR_VALUES, Uncalculated

__all__ = [
    "FAR_YEAR", "OPEN_ENDS", "REJECT_COLUMNS", "NormalizedTable", "Parsed", "date_order_evidence", "normalize_table",
    "parse_billing_period", "parse_bool", "parse_dates", "parse_id", "parse_money", "parse_number", "parse_text",
]  # fmt: skip


@dataclass(frozen=True, eq=False)
class NormalizedTable:
    """A table in canonical columns: typed, only usable rows, every unusable row listed in `rejects`."""

    mapping: TableMapping
    frame: pd.DataFrame  # canonical field columns + "_row" (user row number) + "_source" (table label)
    rejects: pd.DataFrame  # source, sheet, row, column, value, reason: one line per problem
    notes: tuple[str, ...] = ()
    currency: str | None = None
    rows_read: int = 0
    padded_ids: bool = False  # some customer id is digits with leading zeros (0042): loading matches them across tables


_PARSERS: dict[str, tuple[Callable[..., Parsed], str]] = {
    schema.ID: (parse_id, ""),
    schema.TEXT: (parse_text, ""),
    schema.DATE: (parse_dates, "not a date"),
    schema.DATETIME: (lambda s, **kw: parse_dates(s, keep_time=True, **kw), "not a date"),
    schema.MONEY: (parse_money, "not an amount"),
    schema.NUMBER: (parse_number, "not a number"),
    schema.BOOL: (parse_bool, "not yes or no"),
    schema.PERIOD: (parse_billing_period, "not a billing period (week, month, quarter or year)"),
}


def _numbers_first(raw: RawTable, table: TableMapping, kind, options: Options) -> dict[str, Parsed]:
    """The amounts and numbers of a table whose dates the options leave to the data, parsed before its dates: a
    decimal comma among them settles dates that could be read either way as day-first."""
    types = {f: kind.field(f).type for f in table.columns}
    if options.day_first is not None or not any(t in (schema.DATE, schema.DATETIME) for t in types.values()):
        return {}
    return {f: _parse(raw, table.columns[f], _PARSERS[t][0]) for f, t in types.items()
            if t in (schema.MONEY, schema.NUMBER)}


def _parse(raw: RawTable, column: str, parser: Callable[..., Parsed], **kwargs) -> Parsed:
    """`parser(raw.frame[column], **kwargs)`, told what the reader knows of the column (csm.cells.known)."""
    s, position = raw.frame[column], raw.frame.columns.get_loc(column)
    with known(s, known_cells(raw, position) if isinstance(position, int) else None, text_cells(raw)):
        return parser(s, **kwargs)


def normalize_table(raw: RawTable, table: TableMapping, options: Options | None = None) -> NormalizedTable:
    """The mapped columns of `raw` parsed into the canonical fields of `table.kind`, with the rows it cannot use.

    A row is rejected when a required field is blank, when a mapped non-text field holds a value that cannot be
    read, or when it breaks a rule of its kind (an end before the start, more conversions than visitors, …).
    Rows the reader left out on purpose (total rows) stay in `raw.excluded`; they are not repeated here, so
    `rows_read` (the rows of `raw.frame`) = rows in `frame` + distinct rows in `rejects`.
    """
    options = options or Options()
    if table.kind is None:
        raise MappingError(f"{table.label}: no kind is chosen for this table")
    kind = schema.kind(table.kind)
    missing = [c for c in table.columns.values() if c not in raw.frame.columns]
    if missing:
        raise MappingError(
            f"{table.label}: column {missing[0]!r} is not in the table; its columns are {', '.join(raw.frame.columns)}"
        )
    if not table.usable:
        raise MappingError(f"{table.label}: {kind.label.lower()} need {_needs(kind)} mapped")

    frame = pd.DataFrame(index=raw.frame.index)
    problems: list[pd.DataFrame] = []
    notes = list(raw.notes)
    currencies = []

    def reject(mask: pd.Series, field_name: str, reason: str) -> None:
        column = table.columns[field_name]
        if mask.any():
            problems.append(
                pd.DataFrame(
                    {
                        "source": raw.source,
                        "sheet": raw.sheet,
                        "row": raw.rows[mask.to_numpy()],
                        "column": column,
                        "value": raw.frame.loc[mask, column].to_numpy(),
                        "reason": reason,
                    }
                )
            )

    required = set(kind.required) | ({"mrr"} if "mrr" in table.columns else set())
    if table.kind == "subscriptions" and "mrr" not in table.columns:
        required.add("amount")
    numbers = _numbers_first(raw, table, kind, options)
    padded = False
    european = any("decimal comma" in i for p in numbers.values() for i in p.info)
    for field_name, column in table.columns.items():  # a handful of columns
        ftype = kind.field(field_name).type
        parser, reason = _PARSERS[ftype]
        kwargs = {}
        if ftype in (schema.DATE, schema.DATETIME):
            kwargs = {"day_first": options.day_first}
            if options.day_first is None and european:  # 1.200,50 is written where 01.02.2024 is 1 February
                kwargs = {"day_first": True, "why": "as the table's amounts are written with a decimal comma (1.200,50)"}
        position = raw.frame.columns.get_loc(column)
        plain = plain_column(raw, position) if ftype in (schema.ID, schema.TEXT) and isinstance(position, int) and \
            not raw.uncalculated else 0
        if field_name in numbers:
            parsed = numbers.pop(field_name)
        elif plain:
            parsed = _as_they_are(raw.frame[column], maybe_padded=ftype == schema.ID and plain == PADDED)
        else:
            parsed = _parse(raw, column, parser, **kwargs)
        frame[field_name] = parsed.values
        padded = padded or (field_name == "customer_id" and parsed.padded)
        notes.extend(f"{column}: {i}" for i in parsed.info)
        if parsed.currency:
            currencies.append(parsed.currency)
        if field_name in required:
            blank = ~filled_cells(raw, position) if isinstance(position, int) else raw.frame[column].isna()
            reject(pd.Series(blank, index=raw.frame.index), field_name, "required field is blank")
        errors, uncalculated = (None, None) if ftype == schema.TEXT or plain else _error_cells(
            raw.frame[column], raw.uncalculated, None if ftype == schema.ID else parsed.bad)
        bad = parsed.bad
        for mask, why in ((errors, "the cell shows a spreadsheet error, not a value"),
                          (uncalculated, "a formula the file holds no value for (it was never calculated): open the "
                                         "file in a spreadsheet program, save it, and upload it again")):
            if mask is not None:
                reject(mask, field_name, why)
                frame.loc[mask, field_name] = None
                bad = bad & ~mask
        reject(bad, field_name, reason)
        if parsed.far is not None and parsed.far.any():
            _far_dates(parsed.far, table.kind, field_name, column, reject, notes)

    frame, unit_notes = to_field_units(frame, table)  # before the kind's rules: an MRR is worked out of the amount
    notes.extend(unit_notes)
    _kind_rules(table, frame, reject, notes)
    if table.kind == "surveys" and table.survey_type and "survey_type" not in frame:
        frame["survey_type"] = table.survey_type
    elif "survey_type" in frame:
        frame["survey_type"] = map_distinct(frame["survey_type"], str.lower, na_action="ignore")

    rejects = pd.concat([p for p in problems if len(p)], ignore_index=True) if any(len(p) for p in problems) else None
    if rejects is None:
        rejects = pd.DataFrame(columns=REJECT_COLUMNS)
    rejects = rejects.astype({"row": int}).sort_values("row", kind="stable").reset_index(drop=True)
    frame["_row"] = raw.rows.astype(int)
    # the table's label, a byte a row (as text in every row it took 113 MB of bench large's loaded tables)
    frame["_source"] = pd.Categorical.from_codes(np.zeros(len(frame), np.int8), [table.label])
    frame = frame[~frame["_row"].isin(rejects["row"])].reset_index(drop=True)

    currency = options.currency or (currencies[0] if currencies else None)
    if options.currency and currencies and currencies[0] != options.currency:
        notes.append(
            f"The amounts show {currencies[0]} but the options say {options.currency}; {options.currency} is used."
        )
    return NormalizedTable(table, frame, rejects, tuple(notes), currency, len(raw.frame), padded)


def _as_they_are(s: pd.Series, maybe_padded: bool) -> Parsed:
    """What parse_id and parse_text give for a column of plain text (csm.grid.plain_column): the cells as they are,
    and for ids whether one is digits with leading zeros (simple_types.match_padded_ids) — looked at only when the
    reader saw one in the column (`maybe_padded`: it also saw the header and rows left out since)."""
    padded = maybe_padded and padded_text(pa.array(s.to_numpy(dtype=object), type=pa.string(), from_pandas=True))
    return Parsed(s.copy(deep=False), pd.Series(False, index=s.index), padded=padded)  # (copy on write: not copied)


def _error_cells(s: pd.Series, uncalculated: bool, within: pd.Series | None = None
                 ) -> tuple[pd.Series | None, pd.Series | None]:
    """(cells holding an Excel error value (#REF!, #N/A, …), formula cells the file never calculated); None for
    either when there are none (the usual case). `uncalculated`: whether the table has any such formula (looking at
    every cell's type costs a pass over the column, so only then). `within`: only these cells can be either (a
    date, amount, number, flag or period parser reads neither, so the cells it could not read)."""
    if s.dtype != object:
        return None, None
    cells = s if within is None else s[within.to_numpy(dtype=bool)]
    if cells.empty:
        return None, None
    hit = cells.isin(ERROR_VALUES)
    formulas = cells.map(type).eq(Uncalculated) if uncalculated else None
    full = lambda m: m.reindex(s.index, fill_value=False) if within is not None else m  # noqa: E731
    return (full(hit) if hit.any() else None), (full(formulas) if formulas is not None and formulas.any() else None)


# An end written as a far-future date (9999-12-31, Excel's last day) is the usual way to say "no end".
OPEN_ENDS = {("subscriptions", "end_date"), ("customers", "churn_date")}


def _far_dates(far: pd.Series, kind: str, field_name: str, column: str, reject: Callable, notes: list[str]) -> None:
    """Dates in FAR_YEAR or later: no end where the field is an end (noted), a rejected row anywhere else."""
    n = int(far.sum())
    if (kind, field_name) in OPEN_ENDS:
        notes.append(f"{column}: {n:,} date{'s' if n > 1 else ''} in {FAR_YEAR} or later (such as 9999-12-31) read "
                     "as no end date.")
    else:
        reject(far, field_name, f"a date in {FAR_YEAR} or later (such as 9999-12-31) is a marker, not a day")


def _kind_rules(table: TableMapping, frame: pd.DataFrame, reject: Callable, notes: list[str]) -> None:
    """Rules across fields of one row, per kind; adds derived fields (mrr from amount and billing period)."""
    cols = table.columns
    if table.kind == "subscriptions":
        if "mrr" not in cols and "amount" in cols:
            period = frame["billing_period"] if "billing_period" in frame else pd.Series("month", index=frame.index)
            factor = period.map(schema.BILLING_PERIODS).fillna(1.0).astype(float)
            if "billing_count" in frame:  # a charge every 3 months: the monthly amount is a third of the month's
                count = frame["billing_count"].astype(float)
                reject(count.notna() & ((count < 1) | (count != count.round())), "billing_count",
                       "the billing period count must be a whole number of 1 or more")
                factor = factor / count.where(count >= 1).fillna(1.0)
            frame["mrr"] = frame["amount"] * factor
            notes.append(
                "MRR worked out from the amount and billing period (a blank period counts as monthly)."
                + (" The billing period count divides it (a blank count is 1)." if "billing_count" in cols else "")
                if "billing_period" in cols
                else "MRR taken as the amount (no billing period column: amounts are taken as monthly)."
            )
            mrr_field = "amount"
        else:
            mrr_field = "mrr"
        if mrr_field in cols:
            reject(frame["mrr"] < 0, mrr_field, "mrr is negative")
        if "end_date" in cols and "start_date" in cols:
            reject(frame["end_date"] < frame["start_date"], "end_date", "ends before it starts")
    elif table.kind == "funnel":
        for f in ("visitors", "conversions"):
            if f in cols:
                reject(frame[f] < 0, f, "cannot be negative")
        if {"visitors", "conversions"} <= set(cols):
            more = (frame["conversions"] > frame["visitors"]) & (frame["visitors"] >= 0)
            reject(more, "conversions", "more conversions than visitors")
    elif table.kind == "tickets" and {"created_at", "resolved_at"} <= set(cols):
        reject(frame["resolved_at"] < frame["created_at"], "resolved_at", "resolved before it was created")


def _needs(kind: schema.Kind) -> str:
    sets = kind.required_sets or (kind.required,)
    return " or ".join(" and ".join(s) for s in sets)
