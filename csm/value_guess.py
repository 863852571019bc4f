"""Kinds and columns from the values alone, for tables whose headers say nothing (`Col1`, `Unnamed: 3`, no header).

Each column is given a role from its values (csm.column_profile, plus a look at a sample of rows): dates, money,
0–10 scores, counts, ids, billing periods, flags, free text, categories. The kind follows from the roles and from
how the columns relate to each other and to the other tables of the upload:

- an id column is the customer when its values are mostly found in another table's customer column, or when it
  repeats in a table of events (payments, logins); the unique id of a customers table is its own key;
- a date column is an end (subscription end, churn, resolution) only when it is later than the start in every row
  where both are filled (nearly every row on large tables), is blank in some rows (still running), and the span
  tells a lifetime (a month or more) from a short wait (an invoice's due date, a ticket's resolution);
- money is one column with cents or a currency; a 0–10 whole number is a score; text of a few repeated values is
  a plan only when it is the table's one category; text of several words is a comment.

What the values cannot settle is left unmapped, and a kind whose required fields are not all settled is not
proposed: a wrong field changes the numbers, an unmapped one is asked for. Every guess here carries a confidence
below any header match (VALUE_CONFIDENCE), so the user is asked to confirm it.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .amounts import parse_money
from .dates import date_order_evidence, parse_dates
from .headers import is_generic_header
from .mapping import TableMapping
from .schema import is_usable

VALUE_CONFIDENCE = 0.45  # below the weakest header match the Data page settles: every value guess is asked about
_ROWS = 2000  # rows sampled for the relations between columns
_MONEY_RE = r"^[^\d]{0,4}-?\(?[\d.,'\s]*\d[.,]\d{2}\)?\s*[^\d]{0,4}$"  # cents: 49.00, 1.200,50, $5.00, (3.50)
_STATUS = {"active", "inactive", "canceled", "cancelled", "paid", "unpaid", "open", "closed", "pending", "past_due",
           "trialing", "trial", "new", "solved", "resolved", "draft", "overdue", "void", "failed", "succeeded",
           "refunded", "expired", "churned", "won", "lost", "aktiv", "gekundigt", "gekündigt", "bezahlt", "offen",
           "actif", "resilie", "résilié", "payee", "payée", "activo", "cancelado", "pagado", "pagada", "ativo",
           "pago", "attivo", "pagata", "actief", "opgezegd", "betaald"}
# Words of a deal's stage (won, lost, negotiation) in the languages of csm.vocabulary: a pipeline is not revenue.
_DEAL_WORDS = r"\b(?:won|lost|prospect\w*|qualif\w*|negotiat\w*|proposal|gewonnen|verloren|gagn[ée]e?|perdue?|ganad[oa]|perdid[oa]|ganh[oa]|vint[oa]|pers[oa]|verhandlung|angebot)\b"
_LIFETIME_DAYS = 25  # an end this long after the start on median is a lifetime's end, shorter a wait's


def row_index(p, rows: int) -> bool:
    """Whether a column is the rows' own numbering (0 or 1 up to the number of rows, each once): a saved pandas
    index ("Unnamed: 0") or a spreadsheet's line number, which is no id of anything."""
    return (p.n > 0 and p.number == 1.0 and p.integer == 1.0 and p.unique == 1.0 and p.min in (0.0, 1.0)
            and p.max == p.min + rows - 1)


def generic_table(headers) -> bool:
    """Whether no header of the table says anything (each is blank, `Col1`, `Unnamed: 3`, `Column 2`, `B`)."""
    return len(headers) > 0 and all(is_generic_header(h) for h in headers)


@dataclass
class _Column:
    pos: int
    role: str | None  # date, money, score, count, id, period, flag, comment, category
    filled: float = 0.0  # share of the sampled rows filled
    unique: float = 0.0  # distinct values ÷ filled values
    times: bool = False  # dates with a time of day
    email: bool = False
    values: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))  # stripped text, blank as NaN


@dataclass
class _Table:
    columns: list[_Column]
    dates: dict[int, pd.Series]  # position -> parsed dates of the sampled rows

    def of(self, role: str) -> list[_Column]:
        return [c for c in self.columns if c.role == role]


def _sample(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) <= _ROWS:
        return frame
    return frame.iloc[np.linspace(0, len(frame) - 1, _ROWS).astype(int)]


def _role(p, text: pd.Series) -> str | None:
    """What one column holds, from its profile and its sampled text (None when nothing is clear)."""
    if p.n == 0:
        return None
    if p.text_date >= 0.95:
        return "date"
    if p.period >= 0.9:
        return "period"
    if p.boolean >= 0.9:
        return "flag"
    if p.number >= 0.95 and p.text_date < 0.5:  # 290,00 is no Excel serial date
        if p.integer >= 0.95 and p.min >= 0 and p.max <= 10 and p.padded < 0.5:
            return "score"
        money = float(text.str.match(_MONEY_RE).mean()) if len(text) else 0.0
        if max(money, p.currency) >= 0.5:
            return "money"
        if p.integer >= 0.95 and p.padded < 0.5 and p.min >= 0:
            return "count"
    if p.idlike >= 0.95 and p.text_date == 0 and p.decimal == 0 and p.padded >= 0.75:
        return "id"
    if p.number < 0.1 and p.date < 0.1 and p.idlike < 0.5:
        if p.long_text >= 0.5:
            return "comment"
        if p.long_text < 0.2 and p.boolean < 0.5:
            return "category"
    return None


_READ: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # ScoredTable -> _Table: read once per guess


def _read(t) -> _Table:
    if t not in _READ:
        _READ[t] = _read_table(t)
    return _READ[t]


def _read_table(t) -> _Table:
    frame = _sample(t.raw.frame)
    columns, dates = [], {}
    day_first = _day_first(t, frame)
    for i, p in enumerate(t.profiles):
        s = frame.iloc[:, i]
        text = s.astype(str).str.strip().where(s.notna())
        text = text.where(text != "")
        filled = text.dropna()
        c = _Column(i, None if row_index(p, len(t.raw.frame)) else _role(p, filled.str.lower()), float(text.notna().mean()) if len(text) else 0.0,
                    float(filled.nunique() / len(filled)) if len(filled) else 0.0,
                    email=bool(len(filled)) and bool(filled.str.contains("@").mean() >= 0.9), values=text)
        if c.role == "id" and len(t.raw.frame) > len(frame):  # repeats are seen on the whole column, not a sample
            whole = t.raw.frame.iloc[:, i].dropna()
            c.unique = float(whole.nunique() / len(whole)) if len(whole) else 0.0
        if c.role == "date":
            parsed = parse_dates(s, day_first=day_first, keep_time=True).values
            if parsed.notna().sum() < 0.95 * text.notna().sum():
                c.role = None
            else:
                dates[i] = parsed
                c.times = bool((parsed.dropna() != parsed.dropna().dt.normalize()).mean() >= 0.5)
        if c.role == "category" and (_statuses(filled) or _currencies(filled) or c.unique > 0.75):
            c.role = None  # a status, a currency code or a name: no plan
        columns.append(c)
    return _Table(columns, dates)


def _day_first(t, frame: pd.DataFrame) -> bool | None:
    """The order of numeric dates (31/01 or 01/31) that the table's date columns settle, read the same in each."""
    said = {date_order_evidence(frame.iloc[:, i]) for i, p in enumerate(t.profiles) if p.text_date >= 0.95}
    said -= {"ambiguous", "none"}
    return said.pop() == "day_first" if len(said) == 1 else None


def _statuses(text: pd.Series) -> bool:
    return bool(text.str.lower().str.replace(r"[\s-]+", "_", regex=True).isin(_STATUS).mean() >= 0.5)


def _currencies(text: pd.Series) -> bool:
    return bool(text.str.fullmatch(r"[A-Za-z]{3}").mean() >= 0.9) and text.str.lower().nunique() <= 2


def _after(t: _Table, start: int, end: int) -> float | None:
    """Median days from start to end when end is never before start where both are filled (nearly never on a
    large table) and is blank in some rows; None when the end does not follow the start so."""
    a, b = t.dates[start], t.dates[end]
    both = a.notna() & b.notna()
    n = int(both.sum())
    blank = t.columns[end].filled < 1.0 and t.columns[start].filled >= 0.95
    if n < 2 or not blank:
        return None
    ordered = float((b[both] >= a[both]).mean())
    if ordered < (1.0 if n < 50 else 0.98) or not (b[both] > a[both]).any():
        return None
    return float((b[both] - a[both]).dt.total_seconds().median() / 86400)


def _links(col: _Column, others, customers: pd.Series | None) -> float:
    """The share of the column's distinct values found in another table's customer column, or among the upload's
    customer ids (`customer_ids`)."""
    mine = col.values.dropna().unique()
    if not len(mine):
        return 0.0
    best = float(pd.Series(mine).isin(customers).mean()) if customers is not None else 0.0
    for o, og in others:
        cust = og.columns.get("customer_id") if og.kind else None
        if cust is None or cust not in o.headers:
            continue
        theirs = o.distinct(o.headers.index(cust))
        best = max(best, float(pd.Series(mine).isin(theirs).mean()))
    return best


def customer_ids(tables, candidates) -> pd.Series | None:
    """The customer ids of an upload, from the values: those of the unique id column that the id columns of the
    most other tables (at least two) point to. Columns tied for most must hold the same ids (the customer column of
    several tables); None when no column, or ids of different kinds, are pointed to most.

    `tables` are ScoredTables; `candidates` the positions of those whose headers say nothing.
    """
    counts: dict[tuple[int, int], int] = {}
    for ti in candidates:
        t = tables[ti]
        for ci, p in enumerate(t.profiles):
            keys = t.distinct(ci)
            if p.idlike < 0.95 or p.text_date > 0 or len(keys) < 2 or len(keys) < t.raw.frame.iloc[:, ci].notna().sum():
                continue  # a key is an id, unique in every row
            counts[ti, ci] = sum(
                any(o.profiles[oj].idlike >= 0.95 and len(d := o.distinct(oj)) >= 2 and d.isin(keys).mean() >= 0.8
                    for oj in range(len(o.headers)))
                for oi, o in enumerate(tables) if oi != ti)
    top = max(counts.values(), default=0)
    if top < 2:
        return None
    best = [tables[ti].distinct(ci) for (ti, ci), v in counts.items() if v == top]
    if any(d.isin(best[0]).mean() < 0.8 for d in best[1:]):
        return None
    return pd.Series(pd.concat(best).unique())


def _totals(t, money: list[_Column]) -> list[_Column]:
    """The money columns that are the sum of two others in every row (net + tax = gross): the amounts paid."""
    if len(money) < 3:
        return []
    frame = _sample(t.raw.frame)
    values = {c.pos: parse_money(frame.iloc[:, c.pos]).values for c in money}
    out = []
    for c in money:
        rest = [d.pos for d in money if d.pos != c.pos]
        if any(((values[a] + values[b] - values[c.pos]).abs() < 0.015).all() for i, a in enumerate(rest) for b in rest[i + 1:]):
            out.append(c)
    return out


def _deals(table: _Table) -> bool:
    """Whether a text column holds deal stages (Closed Won, Verloren) in most rows."""
    return any(c.values.dropna().str.lower().str.contains(_DEAL_WORDS).mean() >= 0.5
               for c in table.columns if c.role in ("category", None) and c.values.notna().any())


def _lifetime_after(t: _Table, first: int) -> bool:
    """Whether another date column is a month or more after the first, on median where both are filled (a
    renewal, an expiry, an end): the rows are then agreements that run, not payments."""
    return any(float((t.dates[b] - t.dates[first]).dt.total_seconds().median() / 86400) >= _LIFETIME_DAYS
               for b in t.dates if b != first and (t.dates[b].notna() & t.dates[first].notna()).any())


def _first(t: _Table, full: list[int]) -> int | None:
    """The full date column on or before every other full date in every row (an invoice's date before its due
    date), when there is exactly one."""
    firsts = [a for a in full if all((t.dates[b] >= t.dates[a]).all() for b in full if b != a)]
    return firsts[0] if len(firsts) == 1 else None


def _same_key(cols: list[_Column]) -> bool:
    """Whether several id columns are one key written twice (each value of one goes with one value of the other,
    both ways), so that the first stands for them all."""
    if len(cols) < 2:
        return False
    pairs = pd.DataFrame({i: c.values for i, c in enumerate(cols)}).dropna().drop_duplicates()
    return all(pairs[i].is_unique for i in pairs.columns)


def _accounts(table: _Table, col: _Column) -> bool:
    """Whether a category column could be the account of each id (one value per id, fewer values than ids)."""
    for c in table.of("category"):
        pairs = pd.DataFrame({"id": col.values, "c": c.values}).dropna().drop_duplicates()
        if len(pairs) and pairs["id"].is_unique and pairs["c"].nunique() <= pairs["id"].nunique():
            return True
    return False


def value_guess(t, others=(), customers: pd.Series | None = None) -> TableMapping:
    """The kind and columns of a table whose headers say nothing, from its values and the other tables' guesses
    (`others`: (ScoredTable, TableMapping) pairs) and the upload's customer ids (`customer_ids`). Kind None when
    the values settle no usable kind."""
    raw = t.raw
    table = _read(t)
    names = t.headers
    why: dict[str, str] = {}
    cols: dict[str, int] = {}

    ids = table.of("id")
    linked = [c for c in ids if _links(c, others, customers) >= 0.8]
    repeating = [c for c in ids if c.unique < 0.9 and c.filled >= 0.95 and c.values.value_counts(normalize=True).max() <= 0.5]
    money, scores, periods, comments = table.of("money"), table.of("score"), table.of("period"), table.of("comment")
    full = [c.pos for c in table.of("date") if c.filled >= 0.95]
    lifetimes, waits = [], []
    for a in full:
        for b in table.dates:
            if b != a and (days := _after(table, a, b)) is not None:
                (lifetimes if days >= _LIFETIME_DAYS else waits).append((a, b))
    later = lifetimes + waits  # dates that follow a first date of the row, blank in some rows

    def customer() -> None:
        if len(linked) == 1:
            cols["customer_id"], why["customer_id"] = linked[0].pos, "its values are another table's customers"
        elif (not linked and len(repeating) == 1) or _same_key(repeating):
            cols["customer_id"], why["customer_id"] = repeating[0].pos, "an id that repeats from row to row"

    def one(role_cols: list[_Column], name: str, said: str) -> None:
        if len(role_cols) == 1:
            cols[name], why[name] = role_cols[0].pos, said

    kind = None
    if scores and not money and full and not later:
        kind = "surveys"
        one(scores, "score", "whole numbers from 0 to 10")
        if len(full) == 1:
            cols["date"], why["date"] = full[0], "the one date of each row"
        customer()
        one(comments, "comment", "text of several words")
    elif money and full:
        if len(lifetimes) == 1 or (periods and len(full) == 1 and not later):
            kind = "subscriptions"
            start, end = lifetimes[0] if len(lifetimes) == 1 else (full[0], None)
            cols["start_date"], why["start_date"] = start, "a date in every row, before the end where there is one"
            if end is not None:
                cols["end_date"], why["end_date"] = end, "later than the start in every row, blank in some"
            if periods:
                one(money, "amount", "money (with cents or a currency)")
                one(periods, "billing_period", "billing periods (month, year)")
            else:
                one(money, "mrr", "money (with cents or a currency)")
            customer()
        elif not lifetimes and not _deals(table):
            kind = "transactions"
            first = full[0] if len(full) == 1 else _first(table, full)
            if first is not None and _lifetime_after(table, first):
                kind = None
            if first is not None:
                cols["date"], why["date"] = first, "the date of each row (the first, where a later one follows)"
            one(money, "amount", "money (with cents or a currency)")
            if "amount" not in cols:
                one(_totals(t, money), "amount", "money, the sum of two other money columns (net + tax)")
            customer()
    elif not money and not scores and not lifetimes and len(full) == 1:
        ends = [b for a, b in waits if a == full[0] and table.columns[b].times]
        if ends and table.columns[full[0]].times:
            kind = "tickets"
            cols["created_at"], why["created_at"] = full[0], "a date and time in every row"
            if len(ends) == 1:
                cols["resolved_at"], why["resolved_at"] = ends[0], "soon after the first, blank in some rows"
            if len(linked) == 1:
                customer()
        elif len(table.dates) == 1 and (linked or (len(repeating) == 1 and not _accounts(table, repeating[0]))):
            kind = "usage"  # an id that repeats is the customer only when no category could be its account
            cols["date"], why["date"] = full[0], "the date of each row"
            customer()
    if ((kind is None or not is_usable(kind, set(cols))) and not money and not scores and len(linked) == 1
            and linked[0].unique == 1.0):
        kind, cols = "customers", {}  # one row per customer: its dates (signup, paid, churn) are not told apart
        cols["customer_id"], why["customer_id"] = linked[0].pos, "an id unique to each row, the other tables' customers"
    if kind is None or not is_usable(kind, set(cols)):
        return TableMapping(raw.source, raw.sheet, None, {}, confidence=0.0)
    columns = {f: names[ci] for f, ci in sorted(cols.items(), key=lambda kv: kv[1])}
    evidence = {f: {"confidence": VALUE_CONFIDENCE, "why": f"header {names[ci]!r} says nothing of it; values: {why[f]}"}
                for f, ci in cols.items()}
    return TableMapping(raw.source, raw.sheet, kind, columns, confidence=VALUE_CONFIDENCE,
                        evidence={f: evidence[f] for f in columns})
