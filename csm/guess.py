"""Guess each table's kind and column mapping from its headers and values, and the links between tables.

The guess is a suggestion for the user to confirm (DATA.md): headers are matched against synonyms of each field,
the values confirm or contradict the match (a "Date" column without dates loses), each kind is scored by how well
its fields are covered, and tables without a customer column are linked to one that has it.

    >>> tm = guess_table(raw)            # TableMapping(kind="subscriptions", columns={...}, confidence=0.9)
    >>> m = guess_mapping([raw1, raw2])  # every table, plus Link()s between tables
    >>> column_candidates(raw, "subscriptions", "mrr")  # ["Monthly Fee ($)", "Plan", ...] best first
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath

import numpy as np
import pandas as pd

from . import currencies
from .headers import header_score, header_words, is_generic_header, own_key
from .mapping import Link, Mapping, TableMapping
from .schema import (
    BOOL,
    DATE,
    DATETIME,
    FALSE_WORDS,
    ID,
    KINDS,
    MONEY,
    NUMBER,
    OPPORTUNITY_TYPES,
    PERIOD,
    STATE_WORDS,
    SURVEY_STEMS,
    SURVEY_TYPES,
    TRUE_WORDS,
    is_usable,
)
from .workbook import ERROR_VALUES, Uncalculated

# ---------------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------------

_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DATE_RE = (
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"  # ISO 2024-01-31
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"  # 31/01/2024, 1/2/24
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # 20240131
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?[ -]?)?(?:{_MONTHS})[a-z]*\.?[ ,-]*(?:\d{{1,2}}(?:st|nd|rd|th)?,?[ -]*)?\d{{2,4}})"
    r"(?:[ t]\d{1,2}:\d{2}.*)?$"
)
_CURRENCY_UNITS = "|".join(sorted(currencies.UNITS))
_NUMBER_CLEAN = rf"[\s{currencies.SIGNS},']|(?:{_CURRENCY_UNITS})"
_BOOL_WORDS = (TRUE_WORDS | FALSE_WORDS) - STATE_WORDS  # "Resolved" or "On" is as likely a status as a flag
_RECURRING_WORDS = {"recurring", "subscription", "one-off", "one off", "one-time", "one time", "once", "renewal",
                    "non-recurring", "nonrecurring", "oneoff"}
_PERIOD_WORDS = {"week", "weekly", "month", "monthly", "mo", "quarter", "quarterly", "qtr", "year", "yearly",
                 "annual", "annually", "yr", "12 months", "1 month", "3 months", "every month", "every year",
                 "per month", "per year", "biannual", "semi-annual"}
_SURVEY_WORDS = set(SURVEY_TYPES)
_OPPORTUNITY_WORDS = set(OPPORTUNITY_TYPES)
_SAMPLE = 2000


@dataclass(frozen=True)
class Profile:
    """What the values of one column look like (shares are of the non-blank values)."""

    n: int = 0
    date: float = 0.0  # any date: text, real date cell or Excel serial number
    text_date: float = 0.0  # dates written as text or real date cells (not bare numbers)
    number: float = 0.0
    decimal: float = 0.0  # numbers with cents
    currency: float = 0.0
    in_0_10: float = 0.0  # numbers 0..10 (score scales)
    integer: float = 0.0
    boolean: float = 0.0
    recurring: float = 0.0
    period: float = 0.0
    survey_type: float = 0.0
    opportunity: float = 0.0
    idlike: float = 0.0  # no spaces, with digits or an @, not a date
    padded: float = 0.0  # zero-padded, mixed letters and digits, or e-mails: ids rather than counts
    unique: float = 0.0  # distinct values ÷ values
    long_text: float = 0.0  # free text (several words)
    max: float = float("nan")
    min: float = float("nan")


def profile(values: pd.Series) -> Profile:
    """Profile a column's values, vectorised over a sample of at most 2,000 non-blank values."""
    s = values[values.notna()]
    if len(s) > _SAMPLE:
        s = s.iloc[np.linspace(0, len(s) - 1, _SAMPLE).astype(int)]
    if s.dtype == object:  # an Excel error (#REF!, #N/A) or a formula never calculated says nothing of the column
        s = s[~s.isin(ERROR_VALUES) & s.map(type).ne(Uncalculated)]
    if pd.api.types.is_datetime64_any_dtype(s):
        native_date = pd.Series(True, index=s.index)
    elif s.dtype == object:
        native_date = s.map(lambda v: isinstance(v, (dt.date, np.datetime64))).astype(bool)
    else:
        native_date = pd.Series(False, index=s.index)
    t = s.astype(str).str.strip().str.lower()
    keep = t != ""
    t, native_date = t[keep], native_date[keep]
    n = len(t)
    if n == 0:
        return Profile()
    text_date = t.str.match(_DATE_RE) | native_date
    cleaned = t.str.replace(_NUMBER_CLEAN, "", regex=True).str.replace(r"^\((.*)\)$", r"-\1", regex=True)
    is_num = cleaned.str.fullmatch(r"[-+]?\d+(?:\.\d+)?|[-+]?\.\d+") & ~native_date
    num = pd.to_numeric(cleaned.where(is_num), errors="coerce")
    serial = is_num & num.between(20000, 80000)
    words = t.str.replace(r"\s+", " ", regex=True)
    return Profile(
        n=n,
        date=float((text_date | serial).mean()),
        text_date=float(text_date.mean()),
        number=float(is_num.mean()),
        decimal=float((is_num & t.str.contains(r"[.,]\d{1,2}\)?$") & (num != num.round())).mean()),
        currency=float(t.str.contains(rf"[{currencies.SIGNS}]|\b(?:{_CURRENCY_UNITS})\b").mean()),
        in_0_10=float((num.between(0, 10) & (num == num.round())).mean()),
        integer=float((is_num & (num == num.round())).mean()),
        boolean=float(t.isin(_BOOL_WORDS).mean()),
        recurring=float((t.isin(_BOOL_WORDS) | words.isin(_RECURRING_WORDS)).mean()),
        period=float(words.isin(_PERIOD_WORDS).mean()),
        survey_type=float(t.isin(_SURVEY_WORDS).mean()),
        opportunity=float(t.isin(_OPPORTUNITY_WORDS).mean()),
        idlike=float((t.str.fullmatch(r"[^\s]{1,40}") & t.str.contains(r"[\d@]") & ~text_date).mean()),
        padded=_padded(t),
        unique=t.nunique() / n,
        long_text=float((t.str.count(" ") >= 2).mean()),
        max=float(num.max()) if num.notna().any() else float("nan"),
        min=float(num.min()) if num.notna().any() else float("nan"),
    )


def _padded(t: pd.Series) -> float:
    """Share of values written like ids rather than counts: zero-padded, fixed width, letters with digits, e-mails."""
    width = t.str.len()
    mode = int(width.mode().iloc[0])
    fixed = float((width == mode).mean()) if mode >= 3 else 0.0
    mixed = t.str.match(r"^0\d") | t.str.contains("@") | (t.str.contains(r"\d") & t.str.contains(r"[a-z]"))
    return max(fixed, float((mixed & ~t.str.contains(r"\s")).mean()))


def value_fit(kind: str, field: str, p: Profile) -> float:
    """How well a column's values fit a field, 0..1 (0.5 when the column is empty: nothing to go on)."""
    if p.n == 0:
        return 0.5
    ftype = KINDS[kind].field(field).type
    if field == "score":
        return p.in_0_10
    if field == "survey_type":
        return p.survey_type
    if field == "type" and kind == "opportunities":
        return p.opportunity
    if field == "recurring":
        return p.recurring
    if field == "comment":
        return (1 - p.number) * (1 - p.date) * (0.6 + 0.4 * p.long_text)
    if ftype in (DATE, DATETIME):
        return p.date
    if ftype == MONEY:
        return p.number * (1 - p.text_date)
    if ftype == NUMBER:
        return p.number * (1 - p.text_date) * (1 - 0.5 * p.decimal)
    if ftype == BOOL:
        return p.boolean
    if ftype == PERIOD:
        return p.period
    if ftype == ID:
        fit = (1 - p.text_date) * (1 - p.decimal) * (1 - 0.5 * p.boolean)
        if field in _OWN_KEYS:
            fit *= 0.5 + 0.5 * p.unique
        return fit
    fit = (1 - p.date) * (1 - 0.7 * p.decimal) * (1 - 0.5 * p.number)  # text / category
    if field != "name" and p.n >= 20 and p.unique > 0.9:
        fit *= 0.4  # a category repeats; a column of distinct values is a key or free text
    return fit


# First words of id columns that name no customer and lead to none.
_NOT_CUSTOMER_KEYS = {"session", "device", "event", "insert", "message", "request", "anonymous", "ip", "network"}
# Fields that key the table's own rows: unique per row.
_OWN_KEYS = {"transaction_id", "ticket_id", "subscription_id"}
# Fields whose values speak for themselves, whatever the header.
_VALUE_FIELDS = {("opportunities", "type"): "opportunity", ("surveys", "survey_type"): "survey_type",
                 ("subscriptions", "billing_period"): "period"}
# Generic fields that a column headed "Column 3" can be, judged on its values alone.
_GENERIC_FIELDS = {"customer_id", "date", "amount"}


def _value_only(kind: str, field: str, header: object, p: Profile) -> float:
    """A score from values alone, for columns whose header says nothing (or distinctive values like "expansion")."""
    if (kind, field) in _VALUE_FIELDS and p.n:
        return 0.6 * getattr(p, _VALUE_FIELDS[kind, field])
    if field not in _GENERIC_FIELDS or not is_generic_header(header) or not p.n:
        return 0.0
    ftype = KINDS[kind].field(field).type
    if ftype == DATE:
        return 0.5 * p.date
    if ftype == MONEY:
        return 0.5 * p.number * (1 - p.text_date) * min(1.0, 2 * max(p.decimal, p.currency))
    if ftype == ID:
        return 0.5 * p.idlike * (1 - p.text_date) * (1 - p.decimal) * max(p.padded, p.unique)
    return 0.0


# ---------------------------------------------------------------------------------------------------------------
# Fields of one table
# ---------------------------------------------------------------------------------------------------------------

MIN_SCORE = 0.3  # below this a column is not proposed for a field


class _Table:
    """One raw table with its column profiles and field scores, computed once."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.link_column: int | None = None  # a column known to lead to the customer through another table
        frame: pd.DataFrame = raw.frame
        self.headers = list(frame.columns)
        self.profiles = [profile(frame.iloc[:, i]) for i in range(frame.shape[1])]
        self._scores: dict[tuple[str, str], np.ndarray] = {}
        self._distinct: dict[int, pd.Series] = {}
        self.words = [header_words(h) for h in self.headers]
        self.header_hints = header_hints(self.headers)

    @cached_property
    def refunds(self) -> bool:
        """A table named for refunds (or credit notes) whose amounts are written as positive numbers."""
        words = _name_words(self.raw)
        named = any(w.startswith(("refund", "chargeback")) for w in words) or (
            "credit" in words and any(w.startswith("note") for w in words)
        )
        if not named:
            return False
        amount = self.scores("transactions", "amount")
        return amount.max(initial=0) >= MIN_SCORE and self.profiles[int(amount.argmax())].min > 0

    def distinct(self, i: int) -> pd.Series:
        """The distinct non-blank values of column i, as stripped text."""
        if i not in self._distinct:
            s = self.raw.frame.iloc[:, i]
            s = s[s.notna()].astype(str).str.strip()
            self._distinct[i] = pd.Series(s[s != ""].unique())
        return self._distinct[i]

    def scores(self, kind: str, field: str) -> np.ndarray:
        """Score of each column for one field: header match × value fit, or a value-only score."""
        key = (kind, field)
        if key not in self._scores:
            out = np.zeros(len(self.headers))
            for i, (h, p) in enumerate(zip(self.headers, self.profiles, strict=True)):
                fit = value_fit(kind, field, p)
                out[i] = max(header_score(h, kind, field) * (0.2 + 0.8 * fit), _value_only(kind, field, h, p))
            self._scores[key] = out
        return self._scores[key]

    def assign(self, kind: str) -> dict[str, tuple[int, float]]:
        """Greedy best-score assignment of columns to the kind's fields: field → (column position, score).

        A kind's customer_id, when no column names it, is a weak foreign key (an id that may lead to the customer
        through another table) or else the user column (a consumer product's user is its customer).
        """
        fields = KINDS[kind].field_names
        cands = [
            (-score, fi, ci)
            for fi, f in enumerate(fields)
            for ci, score in enumerate(self.scores(kind, f))
            if score >= MIN_SCORE
        ]
        out: dict[str, tuple[int, float]] = {}
        used: set[int] = set()
        for neg, fi, ci in sorted(cands):
            if fields[fi] not in out and ci not in used:
                out[fields[fi]] = (ci, -neg)
                used.add(ci)
        if kind == "subscriptions" and "mrr" in out:  # amount/billing period are the alternative to an MRR column
            out.pop("amount", None)
            out.pop("billing_period", None)
        if "customer_id" in KINDS[kind].field_names and "customer_id" not in out:
            fk = self._foreign_key(used)
            if fk is None and "user_id" in out:  # no account column: the user is the customer (B2C)
                ci, score = out.pop("user_id")
                fk = (ci, 0.8 * score)
            if fk is not None:
                out["customer_id"] = fk
        return out

    def _foreign_key(self, used: set[int]) -> tuple[int, float] | None:
        """A weak customer_id: an unused id column such as `subscription_id` that may lead to the customer."""
        if self.link_column is not None and self.link_column not in used:
            return (self.link_column, 0.6)
        best = None
        for i, (h, p) in enumerate(zip(self.headers, self.profiles, strict=True)):
            words = header_words(h)
            if i in used or not words or words[-1] not in {"id", "key", "number", "code", "ref"} or not p.n:
                continue
            if words[0] in _NOT_CUSTOMER_KEYS:
                continue  # a session or a device is no customer, and leads to none
            score = (0.4 if p.unique < 0.99 else 0.2) * p.idlike * (1 - p.text_date)  # all distinct: the row's own key
            if score >= MIN_SCORE and (best is None or score > best[1]):
                best = (i, score)
        return best


# ---------------------------------------------------------------------------------------------------------------
# Kind of one table
# ---------------------------------------------------------------------------------------------------------------

# Words in a file or sheet name that suggest a kind.
NAME_HINTS: dict[str, tuple[str, ...]] = {
    "subscriptions": ("subscription", "subs", "sub", "mrr", "billing", "recurring", "contracts"),
    "transactions": ("invoice", "order", "transaction", "payment", "sale", "purchase", "revenue", "receipt", "cdnow"),
    "surveys": ("nps", "survey", "csat", "ces", "feedback", "response", "review"),
    "tickets": ("ticket", "support", "helpdesk", "case", "zendesk", "freshdesk", "conversation"),
    "usage": ("usage", "event", "activity", "login", "analytics", "feature"),
    "costs": ("cost", "expense", "spend", "budget"),
    "funnel": ("funnel", "traffic", "conversion", "marketing"),
    "opportunities": ("pipeline", "opportunit", "deal", "opps"),
    "customers": ("customer", "account", "client", "member", "churn", "compan", "crm"),
}

# Fields that point to one kind more than any other.
DISTINCTIVE: dict[str, tuple[str, ...]] = {
    "customers": ("signup_date", "churn_date", "paid_date", "onboarding_start", "onboarding_complete", "owner"),
    "subscriptions": ("start_date", "end_date", "mrr", "billing_period", "subscription_id"),
    "transactions": ("transaction_id", "recurring"),
    "surveys": ("score", "survey_type", "comment"),
    "tickets": ("resolved_at", "first_contact_resolved", "contacts", "ticket_id", "agent"),
    "usage": ("user_id", "feature", "minutes"),
    "costs": ("category",),
    "funnel": ("visitors", "conversions"),
    "opportunities": ("type",),
}


# Words in the headers that say what the rows are, whichever fields a kind maps: deals are not payments, costs or
# tickets; a payee or vendor is not a customer.
# Each with the share of the headers that must carry one of the words (a company export may have a "Recent deal").
HEADER_HINTS: dict[str, tuple[tuple[str, ...], float]] = {
    "opportunities": (("deal", "opportunity", "pipeline"), 0.25),
    "costs": (("vendor", "payee", "supplier"), 0.0),
}


def header_hints(headers) -> set[str]:
    words = [set(header_words(h)) for h in headers]
    return {
        kind
        for kind, (stems, share) in HEADER_HINTS.items()
        if sum(bool(w.intersection(stems)) for w in words) > share * len(words)
    }


def _name_words(raw) -> tuple[str, ...]:
    return header_words(PurePath(str(raw.source)).stem) + header_words(raw.sheet or "")


def name_hints(raw) -> set[str]:
    """The kinds that the file or sheet name suggests ("Subs" → subscriptions; "churn_events" → two)."""
    words = _name_words(raw)
    return {
        kind
        for kind, stems in NAME_HINTS.items()
        if any(w == s or (len(s) >= 4 and w.startswith(s)) for w in words for s in stems)
    }


@dataclass(frozen=True)
class KindScore:
    kind: str
    score: float
    usable: bool
    coverage: float  # mean score of the required fields (best alternative set)
    assignment: dict[str, tuple[int, float]]


def _score_kind(t: _Table, kind: str, hints: set[str]) -> KindScore:
    """Score a kind: coverage of its required fields, its optional and distinctive fields, the name hint."""
    k = KINDS[kind]
    a = t.assign(kind)
    got = {f: s for f, (_, s) in a.items()}
    sets = k.required_sets or (k.required,)
    coverage, req = max((float(np.mean([got.get(f, 0.0) for f in s])), s) for s in sets)
    optional = sum(s for f, s in got.items() if f not in req)
    # A bare "id" is the own key of whatever the table is: it says nothing about which kind that is.
    distinct = sum(got.get(f, 0.0) for f in DISTINCTIVE[kind] if not (f in a and own_key(t.words[a[f][0]], kind)))
    score = 0.6 * coverage + 0.05 * len(req) + min(0.3, 0.05 * optional) + min(0.36, 0.12 * distinct)
    score += 0.15 if kind in hints else 0.0
    score -= _penalty(t, kind, got)
    usable = is_usable(kind, set(a))
    return KindScore(kind, float(score if usable else 0.3 * score), usable, coverage, a)


def _penalty(t: _Table, kind: str, got: dict[str, float]) -> float:
    """Signals against a kind: refunds, deals or payees read as something else, costs that name a customer,
    customers or tickets that carry amounts, subscriptions that are only a dated amount."""
    if t.refunds:
        return 0.6  # refunds written as positive amounts: read as payments (or anything else) they would mislead
    if "opportunities" in t.header_hints and kind != "opportunities":
        return 0.6  # a deals export is pipeline, whatever else it looks like
    if "costs" in t.header_hints and kind in ("transactions", "subscriptions", "customers"):
        return 0.3
    if kind == "tickets" and t.scores("transactions", "amount").max(initial=0) >= 0.6:
        return 0.15  # tickets carry no money
    if kind == "costs" and "costs" not in t.header_hints and t.scores("transactions", "customer_id").max(initial=0) >= 0.5:
        return 0.25
    if kind == "customers":
        money = max(t.scores("transactions", "amount").max(initial=0), t.scores("subscriptions", "mrr").max(initial=0))
        return 0.15 if money >= 0.6 else 0.0
    if kind == "subscriptions" and not {"mrr", "billing_period", "end_date"} & set(got):
        return 0.2  # a dated amount with neither a period nor an end is a payment more often than a subscription
    return 0.0


def rank_kinds(raw) -> list[KindScore]:
    """Every kind scored for this table, best first."""
    t = raw if isinstance(raw, _Table) else _Table(raw)
    hints = name_hints(t.raw)
    return sorted((_score_kind(t, k, hints) for k in KINDS), key=lambda ks: (not ks.usable, -ks.score))


def guess_table(raw) -> TableMapping:
    """Guess one table's kind and column mapping; kind None (low confidence) when no kind fits."""
    return _guess(_Table(raw))


def _guess(t: _Table) -> TableMapping:
    raw = t.raw
    ranked = rank_kinds(t)
    best, second = ranked[0], ranked[1]
    if not best.usable or best.score < 0.35:
        return TableMapping(raw.source, raw.sheet, None, {}, confidence=round(min(0.3, max(best.score, 0.0)), 2))
    columns = {f: t.headers[ci] for f, (ci, _) in sorted(best.assignment.items(), key=lambda kv: kv[1][0])}
    margin = best.score - (second.score if second.usable else 0.0)
    confidence = min(1.0, best.coverage) * (0.6 + 0.4 * min(1.0, margin / 0.3))
    survey_type = _survey_type(t, columns) if best.kind == "surveys" else None
    return TableMapping(raw.source, raw.sheet, best.kind, columns, survey_type, confidence=round(confidence, 2))


def column_candidates(raw, kind: str, field: str) -> list[str]:
    """Every column of the table, the best candidates for one field first (ties keep the file's order)."""
    t = raw if isinstance(raw, _Table) else _Table(raw)
    scores = t.scores(kind, field)
    order = np.argsort(-scores, kind="stable")
    return [t.headers[i] for i in order]


def _survey_type(t: _Table, columns: dict[str, str]) -> str | None:
    """One survey type for a table without a survey_type column: from the words, else from the score scale."""
    if "survey_type" in columns:
        return None
    words = header_words(columns.get("score", "")) + _name_words(t.raw)
    for kind, stems in SURVEY_STEMS.items():
        if any(w.startswith(s) for w in words for s in stems):
            return kind
    p = t.profiles[t.headers.index(columns["score"])] if "score" in columns else Profile()
    if np.isnan(p.max):
        return None
    if p.min == 0 or p.max > 7:  # a 0, or scores above 7, rule out 1–5 CSAT and 1–7 CES
        return "nps"
    return "csat" if p.max <= 5 else "ces"


# ---------------------------------------------------------------------------------------------------------------
# Several tables: links
# ---------------------------------------------------------------------------------------------------------------


def guess_mapping(raws: list) -> Mapping:
    """Guess every table, then link tables without a customer column to a table that has one."""
    tables = [_Table(r) for r in raws]
    guesses = [_guess(t) for t in tables]
    out = []
    for i, (t, g) in enumerate(zip(tables, guesses, strict=True)):
        if g.kind is None or ("customer_id" in KINDS[g.kind].field_names and not _has_own_customer(g)):
            g = _linked(t, g, [(tables[j], guesses[j]) for j in range(len(raws)) if j != i])
        out.append(g)
    return Mapping(tuple(out))


def _linked(t: _Table, g: TableMapping, others: list[tuple[_Table, TableMapping]]) -> TableMapping:
    """The guess again, knowing which column leads to the customer through another table, with that link."""
    link = _find_link(t, g, others)
    if link is None:
        return g
    t.link_column = t.headers.index(link.via)
    g2 = _guess(t)
    if g2.kind is None or "customer_id" not in KINDS[g2.kind].field_names or g2.columns.get("customer_id", link.via) != link.via:
        return g
    cols = {f: c for f, c in g2.columns.items() if f != "customer_id"}
    return TableMapping(g2.source, g2.sheet, g2.kind, cols, g2.survey_type, {"customer_id": link}, g2.confidence)


def _has_own_customer(g: TableMapping) -> bool:
    """Whether the table's customer_id column is named as a customer (not a weak foreign key)."""
    col = g.columns.get("customer_id")
    return col is not None and header_score(col, g.kind, "customer_id") >= 0.5


def _find_link(t: _Table, g: TableMapping, others: list[tuple[_Table, TableMapping]]) -> Link | None:
    """The best other table whose key column matches one of ours (by header or by values) and gives a customer."""
    mine = set(g.columns.values()) - {g.columns.get("customer_id")}
    best, best_score = None, 0.0
    for ci, h in enumerate(t.headers):
        if h in mine or t.profiles[ci].idlike < 0.5:
            continue
        values = t.distinct(ci)
        for o, og in others:
            if og.kind is None or not _has_own_customer(og):
                continue
            cust = og.columns["customer_id"]
            for ki, key in enumerate(o.headers):
                if key == cust or not _is_key(o, ki, o.headers.index(cust)):
                    continue
                same_name = header_words(key) == header_words(h)
                overlap = float(values.isin(o.distinct(ki)).mean()) if len(values) else 0.0
                score = overlap + (1.0 if same_name else 0.0)
                if (same_name or overlap >= 0.8) and score > best_score:
                    best, best_score = Link(h, o.raw.source, o.raw.sheet, key, cust), score
    return best


def _is_key(o: _Table, key: int, value: int) -> bool:
    """Whether column `key` looks like an id and determines column `value` (each key leads to one customer)."""
    if o.profiles[key].idlike < 0.5 or o.profiles[key].text_date > 0.5:
        return False
    pairs = o.raw.frame.iloc[:, [key, value]].dropna().astype(str).drop_duplicates()
    return len(pairs) > 0 and bool(pairs.iloc[:, 0].is_unique)
