"""How well a table's columns fit the fields of a kind, and the table the kind: the scores the guess ranks.

A column's score for a field is its header's match (csm.headers) weighed by how well its values fit the field's type
(csm.column_profile); a kind's score is how well its required fields are covered, with its optional and distinctive
fields, the words of the file and sheet names, and signals against it (refunds, deals, payees).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath

import numpy as np
import pandas as pd

from . import vocabulary
from .column_profile import Profile, profiles
from .grid import filled_cells
from .headers import header_score, header_words, is_generic_header, own_key
from .schema import BOOL, DATE, DATETIME, ID, KINDS, MONEY, NUMBER, PERIOD, is_usable
from .value_guess import row_index

# ---------------------------------------------------------------------------------------------------------------
# Values against a field
# ---------------------------------------------------------------------------------------------------------------


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


class ScoredTable:
    """One raw table with its column profiles and field scores, computed once."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.link_column: int | None = None  # a column known to lead to the customer through another table
        frame: pd.DataFrame = raw.frame
        self.headers = list(frame.columns)
        self.profiles = profiles([frame.iloc[:, i] for i in range(frame.shape[1])],
                                 [filled_cells(raw, i) for i in range(frame.shape[1])])
        self._scores: dict[tuple[str, str], np.ndarray] = {}
        self._distinct: dict[int, pd.Series] = {}
        self.words = [header_words(h) for h in self.headers]
        self.header_hints = header_hints(self.headers)

    @cached_property
    def refunds(self) -> bool:
        """A table named for refunds (or credit notes) whose amounts are written as positive numbers."""
        words = name_words(self.raw)
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
                by_values = _value_only(kind, field, h, p) if not row_index(p, len(self.raw.frame)) else 0.0
                out[i] = max(header_score(h, kind, field) * (0.2 + 0.8 * fit), by_values)
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
            out.pop("billing_count", None)
        if "billing_period" in out and "billing_count" not in out and self.words[out["billing_period"][0]][-1:] == (
                "unit",):  # an interval's unit without its count ("months" of "12 months"): a 12× error on a year
            out.pop("billing_period")
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
    "churn_events": ("churn", "cancellation", "cancel", "attrition", "lost"),
}

# Fields that point to one kind more than any other.
DISTINCTIVE: dict[str, tuple[str, ...]] = {
    "customers": ("signup_date", "churn_date", "paid_date", "onboarding_start", "onboarding_complete", "owner",
                  "churned", "tenure"),
    "subscriptions": ("start_date", "end_date", "mrr", "billing_period", "subscription_id"),
    "transactions": ("transaction_id", "recurring"),
    "surveys": ("score", "survey_type", "comment"),
    "tickets": ("resolved_at", "first_contact_resolved", "contacts", "ticket_id", "agent", "first_response_at",
                "first_response_minutes"),
    "usage": ("user_id", "feature", "minutes"),
    "costs": ("category",),
    "funnel": ("visitors", "conversions"),
    "opportunities": ("type",),
    "churn_events": ("reason",),
}


# Words in the headers that say what the rows are, whichever fields a kind maps: deals are not payments, costs or
# tickets; a payee or vendor is not a customer.
# Each with the share of the headers that must carry one of the words (a company export may have a "Recent deal").
HEADER_HINTS: dict[str, tuple[tuple[str, ...], float]] = {
    "opportunities": (("deal", "opportunity", "pipeline", "verkaufschance", "chance", "opportunite", "affaire",
                       "oportunidad", "oportunidade", "negocio", "opportunita", "trattativa", "verkoopkans", "kans"),
                      0.25),
    "costs": (("vendor", "payee", "supplier", "lieferant", "kreditor", "fournisseur", "proveedor", "fornecedor",
               "fornitore", "leverancier", "crediteur"), 0.0),
}


def header_hints(headers) -> set[str]:
    words = [set(header_words(h)) for h in headers]
    return {
        kind
        for kind, (stems, share) in HEADER_HINTS.items()
        if sum(bool(w.intersection(stems)) for w in words) > share * len(words)
    }


def name_words(raw) -> tuple[str, ...]:
    return header_words(PurePath(str(raw.source)).stem) + header_words(raw.sheet or "")


def name_hints(raw) -> set[str]:
    """The kinds that the file or sheet name suggests ("Subs" → subscriptions; "churn_events" → two; "Rechnungen"
    → transactions, from csm.vocabulary)."""
    words = name_words(raw)
    return {
        kind
        for kind, stems in NAME_HINTS.items()
        if any(w == s or (len(s) >= 4 and w.startswith(s)) for w in words for s in stems)
        or any(w in vocabulary.name_hints(kind) for w in words)
    }


@dataclass(frozen=True)
class KindScore:
    kind: str
    score: float
    usable: bool
    coverage: float  # mean score of the required fields (best alternative set)
    assignment: dict[str, tuple[int, float]]


def _score_kind(t: ScoredTable, kind: str, hints: set[str]) -> KindScore:
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


def _penalty(t: ScoredTable, kind: str, got: dict[str, float]) -> float:
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
    t = raw if isinstance(raw, ScoredTable) else ScoredTable(raw)
    hints = name_hints(t.raw)
    return sorted((_score_kind(t, k, hints) for k in KINDS), key=lambda ks: (not ks.usable, -ks.score))
