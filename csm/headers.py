"""Headers: how a column's header reads as a field of a table kind.

Headers are normalised into words (`header_words`: case, accents, units such as "($)" or "[GBP]", abbreviations
such as "Cust #" or "Start Dt", compound words such as "Kundennummer"), then scored against each field's synonyms
as real exports write them, in English and in the languages of csm.vocabulary (`header_score`; a misspelt word is
put right, below every exact synonym), with rules for the words that change a header's meaning (an "… type" is no
id, a "… count" no money, a "current period end" no end date). csm.guess weighs these scores with the values'
evidence.

    >>> header_words("Monthly Fee ($)")
    ('monthly', 'fee')
    >>> field_for_header("Cust #", "subscriptions")
    'customer_id'
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from . import currencies, vocabulary
from .header_local import content_words, local_words, typo_corrected
from .schema import ID, KINDS, MONEY, NUMBER

# Synonyms per field name, as they are written in real exports; they are normalised like headers before matching.
# A trailing "?" marks a weaker synonym (it matches at 0.85), for words that also mean something else; "??" a
# weaker one still (0.7), for words that lose to a "?" one ("Subtotal" to "Total", "Total" to "Amount paid").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer id", "customer", "cust", "customer number", "customer code", "customer key", "account",
        "account id", "account number", "client", "client id", "member", "member number", "member id", "master id",
        "company id", "org id", "organization id", "buyer", "contact name",
        # an e-mail, a user or a company name names the customer when no id does
        "customer email?", "email?", "email address?", "customer email address?", "user id?", "user email?",
        "company name?", "organization?",
    ),
    "start_date": (
        "start date", "start", "started", "started on", "subscription start", "subscription start date", "begin date",
        "begin", "activated on", "activated at", "activated", "activation date", "date started", "start at",
        "started at", "period start", "created?", "created at?", "signup date?", "contract start",
    ),
    "end_date": (
        "end date", "end", "ended", "ended on", "ended at", "end at", "expires at", "expired at", "expires on",
        "expiry date", "expiration date", "termination date", "terminated on", "contract end",
        # a cancellation may be the request, the service running on to the period end: weaker than "ended"
        "canceled?", "canceled on?", "canceled at?", "cancellation date?", "cancel date?", "churned on?",
        "churn date?", "period end?",
    ),
    "mrr": (
        "mrr", "monthly fee", "monthly amount", "mrr amount", "monthly recurring revenue", "monthly charges",
        "monthly charge", "monthly price", "monthly revenue", "monthly value", "mrr usd",
    ),
    "amount": (
        "amount", "total?", "price", "invoice total", "value", "paid", "dollars", "revenue", "amount paid", "sales",
        "net amount", "gross amount", "total amount", "fee?", "charge?", "subscription amount", "plan price",
        "order total", "order value", "payment amount", "sale amount", "plan amount", "grand total", "contract value",
        "subtotal??",
    ),
    "billing_period": (
        "billing period", "billing frequency", "interval", "plan interval", "billing cycle", "billing interval",
        "frequency", "period?", "term?", "billing term",
    ),
    "signup_date": (
        "signup date", "sign up date", "signed up", "signed up on", "joined", "join date", "joined on", "created",
        "created at?", "created on", "customer since", "registration date", "registered", "registered on",
        "signup", "start date?", "trial start", "became a customer date", "became a customer", "became customer",
    ),
    "churn_date": (
        "churn date", "churned?", "churned on", "churned at", "canceled on", "canceled", "cancellation date",
        "left on", "left", "lost date", "end date?", "account closed", "closed account", "account closed on",
    ),
    "paid_date": (
        "paid date", "converted to paid", "first payment", "first payment date", "upgrade date", "upgraded on",
        "conversion date", "paid since", "became paying",
    ),
    "onboarding_start": ("onboarding start", "onboarding started", "onboarding start date", "kickoff", "kickoff date"),
    "onboarding_complete": (
        "onboarding complete", "onboarding completed", "onboarding end", "go live", "go live date", "live date",
        "went live", "onboarded", "onboarding completion date",
    ),
    "plan": ("plan", "tier", "plan tier", "package", "product", "plan name", "subscription plan", "edition",
             "plan id", "plan code", "contract?"),
    "segment": ("segment", "customer segment", "market segment", "industry?", "size?", "region?", "vertical?",
                "company size?", "country?", "market?"),
    "owner": ("owner", "csm", "account manager", "rep", "account owner", "success manager",
              "customer success manager", "account executive", "sales rep"),
    "name": ("name", "company", "customer name", "account name", "company name", "client name", "business name",
             "organization", "organisation"),
    "date": ("date", "day", "period?", "month?", "week?"),
    "recurring": ("recurring", "is subscription", "is recurring", "subscription?", "type?", "recurring flag"),
    "transaction_id": (
        "transaction id", "transaction", "invoice", "invoice id", "invoice number", "order", "order id",
        "order number", "payment id", "receipt", "receipt number", "charge id", "number?",
    ),
    "score": ("score", "rating", "nps", "csat", "ces", "satisfaction score", "nps score", "csat score", "ces score",
              "satisfaction", "likelihood to recommend"),
    "survey_type": ("survey", "survey type", "type", "survey name", "metric", "question type"),
    "comment": ("comment", "comments", "why", "feedback", "reason", "what could we do better", "verbatim",
                "notes?", "response text", "free text"),
    "created_at": ("created", "opened", "submitted", "submitted at", "created at", "date opened", "open date",
                   "opened at", "opened on", "created date", "date created", "created time", "started at?",
                   "conversation started", "date?"),
    "resolved_at": ("resolved", "closed", "closed at", "solved at", "resolved at", "date closed", "closed date",
                    "solved", "resolution date", "date resolved", "resolved time", "closed on", "solved on"),
    "first_contact_resolved": ("fcr", "first contact resolution", "resolved on first contact", "one touch",
                               "first contact resolved", "one touch resolution", "resolved first contact"),
    "contacts": ("replies", "contacts", "touches", "number of replies", "reply count", "interactions",
                 "number of contacts", "contact count", "replies count", "agent replies", "agent interactions",
                 "teammate replies", "number of teammate replies"),
    "agent": ("agent", "assignee", "handled by", "assigned to", "agent name", "teammate", "teammate assigned",
              "assigned?", "owner?"),
    "ticket_id": ("ticket", "ticket id", "ticket number", "case", "case id", "case number", "conversation",
                  "conversation id", "conversation number"),
    "user_id": ("user", "user id", "seat", "user email", "seat id", "username", "distinct id", "anonymous id?"),
    "feature": ("feature", "feature name", "event", "action", "module", "event name", "event type", "page?"),
    "minutes": ("minutes", "duration", "time spent", "usage minutes", "duration minutes", "minutes used",
                "session length"),
    "category": ("category", "cost type", "department", "type?", "expense type", "cost center", "expense category"),
    "visitors": ("visitors", "sessions", "visits", "leads?", "traffic", "unique visitors", "users?", "total users?"),
    "conversions": ("conversions", "signups", "trials", "orders", "leads?", "customers?", "new customers?",
                    "converted", "sign ups", "purchases", "deals won?", "key events", "goal completions",
                    "completions", "ecommerce purchases", "transactions?"),
    "type": ("type", "opportunity type", "deal type", "category?", "kind?"),
    "subscription_id": ("subscription id", "subscription", "sub id", "subscription number", "subscription key"),
    # the count of a billing period written as a count and a unit (Stripe's interval_count, Chargebee's 12 + month)
    "billing_count": ("interval count", "billing interval count", "billing period count", "plan interval count",
                      "period count", "billing frequency count", "billing period?", "billing cycle length",
                      "billing term length", "interval length", "plan interval length", "billing length",
                      "billing interval length"),
    # a snapshot of customers (no dates): a churned flag, a tenure and a monthly charge
    "churned": ("churn", "churned", "churn flag", "is churned", "has churned", "churn status", "exited", "attrition",
                "attrited", "churned flag", "churn label", "lost?", "canceled?"),
    "tenure": ("tenure", "tenure months", "customer tenure", "months as customer", "months subscribed",
               "months active", "tenure in months", "lifetime months?", "account age?"),
    "monthly_charge": ("monthly charges", "monthly charge", "monthly fee", "monthly bill", "monthly spend", "mrr",
                       "monthly revenue", "monthly price", "monthly amount", "monthly recurring revenue"),
    "total_charges": ("total charges", "total charged", "lifetime charges", "total paid", "total revenue",
                      "lifetime revenue", "total billed", "charges to date", "revenue to date"),
    # churn events: why a customer left
    "reason": ("reason", "reason code", "churn reason", "cancellation reason", "cancel reason", "churn category",
               "reason for leaving", "exit reason", "loss reason", "lost reason", "churn reason code",
               "cancellation category"),
    # tickets: the satisfaction answered on the ticket and the first reply
    "satisfaction": ("satisfaction", "satisfaction score", "csat", "csat score", "satisfaction rating", "rating",
                     "customer satisfaction", "happiness rating", "csat rating", "conversation rating",
                     "satisfaction survey rating"),
    "first_response_at": ("first response at", "first reply at", "first responded at", "first response date",
                          "first reply date", "first replied at", "responded at", "first response timestamp"),
    "first_response_minutes": ("first response time", "first reply time", "time to first response",
                               "time to first reply", "first response minutes", "first response time minutes",
                               "frt", "first response", "first reply", "first response duration",
                               "first reply time calendar"),
}

# Extra synonyms for a field of one kind only (the generic `date` means different things in different tables).
KIND_SYNONYMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("transactions", "date"): ("invoice date", "order date", "paid at", "transaction date", "payment date",
                               "purchase date", "paid on", "invoiced at", "billed at", "billed on", "billing date",
                               "created?"),
    ("surveys", "date"): ("submitted", "response date", "answered at", "submitted at", "timestamp", "responded at",
                          "created at?", "survey date", "submit date", "submitted on", "date submitted", "completed at",
                          "end date?", "start date?"),
    ("usage", "date"): ("usage date", "event date", "timestamp", "event time", "time?", "activity date", "login date"),
    ("costs", "date"): ("expense date", "cost date", "spent on"),
    ("costs", "category"): ("account?", "expense account"),
    ("usage", "customer_id"): ("group id", "group"),
    ("opportunities", "date"): ("close date", "closed date", "created?", "opportunity date", "won date",
                                "expected close"),
    ("costs", "amount"): ("cost", "expense", "spend", "costs", "expenses"),
    ("opportunities", "amount"): ("deal value", "deal size", "deal amount", "opportunity amount"),
    ("churn_events", "churn_date"): ("date", "event date", "churned at", "canceled at", "cancellation date",
                                     "cancelled on", "end date?", "lost on"),
    ("churn_events", "comment"): ("feedback text", "churn feedback", "cancellation feedback", "exit feedback",
                                  "reason text?", "details?"),
}

# Keywords that identify a field inside a long header, such as a survey question written out in full.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "score": ("recommend", "likely", "satisf", "effort", "easy", "rating", "score"),
    "comment": ("better", "why", "improve", "comment", "feedback", "suggest", "reason", "tell us"),
}

_ABBREVIATIONS = {"dt": "date", "cust": "customer", "acct": "account", "amt": "amount", "cancelled": "canceled",
                  "mgr": "manager", "mngr": "manager", "ids": "id", "pmt": "payment", "opp": "opportunity",
                  "opps": "opportunity", "nbr": "number", "num": "number", "no": "number", "qty": "quantity", "ts": "timestamp"}


HEADER_CHARS = 300  # a header is read this far: a survey question fits, a 5,000-character junk header costs nothing


def header_words(text: object) -> tuple[str, ...]:
    """A header as comparable words: `"Monthly Fee ($)"` → `("monthly", "fee")`, `"customerID"` → `("customer", "id")`."""
    return _header_words("" if text is None else str(text)[:HEADER_CHARS])


@lru_cache(maxsize=8192)  # the guess asks for the same headers once per kind and field
def _header_words(s: str) -> tuple[str, ...]:
    s = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", s)  # units in brackets: "($)", "(min)"
    s = re.sub(r"(?i)e-mail", "email", s)
    s = re.sub(r"(?i)kick[- ]off", "kickoff", s)
    s = re.sub(r"\b([A-Z]{2,})s\b", lambda m: m[1].capitalize() + "s", s)  # "IDs", "URLs": a plural, not "I Ds"
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", s)  # camelCase
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", s)  # CustomerID / URLPath
    s = vocabulary.fold(s)
    words = re.split(r"[^a-z0-9]+", s)
    words = [_ABBREVIATIONS.get(w, w) for w in words if w and w not in currencies.UNITS]
    return local_words(tuple(words))


# Weights of the phrases of other languages (csm.vocabulary): plain, "?", "??". Below the English ones, so that a
# translation never wins over an exact English synonym; a misspelt header scores below all of them (TYPO).
_LOCAL_WEIGHTS = (0.95, 0.8, 0.65)
EXACT = 0.95  # a phrase of at least this weight names its field exactly
TYPO = 0.6


def _weighted(phrases, weights) -> list[tuple[tuple[str, ...], float]]:
    out = []
    for p in phrases:
        weak = len(p) - len(p.rstrip("?"))
        out.append((content_words(header_words(p.rstrip("?"))), weights[weak]))
    return out


@cache
def _phrases(kind: str, field: str) -> tuple[tuple[tuple[str, ...], float], ...]:
    """The normalised synonyms of one field of one kind, each with its weight (canonical name first), then the
    other languages' phrases, less any that is an English synonym of another field (English wins)."""
    out = _weighted(_english(kind, field), (1.0, 0.85, 0.7))
    local = _weighted((*vocabulary.phrases(field), *vocabulary.phrases(field, kind)), _LOCAL_WEIGHTS)
    english, seen = _english_fields(kind), {w for w, _ in out}
    out += [(w, x) for w, x in local if english.get(w, {field}) >= {field} and w not in seen]
    return tuple(out)


# Synonyms a field does not take in one kind, whose other field owns them: a churn event's "Reason" is no comment.
KIND_WITHOUT: dict[tuple[str, str], frozenset[str]] = {("churn_events", "comment"): frozenset({"reason"})}


def _english(kind: str, field: str) -> tuple[str, ...]:
    """The English synonyms of one field of one kind, as written (canonical name first)."""
    raw = (field, *SYNONYMS.get(field, ()), *KIND_SYNONYMS.get((kind, field), ()))
    drop = KIND_WITHOUT.get((kind, field), frozenset())
    return tuple(p for p in raw if p.rstrip("?") not in drop)


@cache
def _english_fields(kind: str) -> dict[tuple[str, ...], set[str]]:
    """Every English synonym of a kind's fields → the fields it names."""
    out: dict[tuple[str, ...], set[str]] = {}
    for f in KINDS[kind].field_names:
        for words, _ in _weighted(_english(kind, f), (1.0, 1.0, 1.0)):
            out.setdefault(words, set()).add(f)
    return out


@cache
def _exact_fields() -> dict[tuple[str, ...], frozenset[str]]:
    """Every full-strength synonym → the field names it names exactly (to spot a header that belongs elsewhere)."""
    out: dict[tuple[str, ...], set[str]] = {}
    for k in KINDS.values():
        for f in k.field_names:
            for words, weight in _phrases(k.name, f):
                if weight >= EXACT:
                    out.setdefault(words, set()).add(f)
    return {w: frozenset(fs) for w, fs in out.items()}


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


_ID_FIELDS = {f.name for k in KINDS.values() for f in k.fields if f.type == ID}


# Headers that name the row's own key, whatever the kind calls it: "id", "Record ID", "subscriptions.id".
_OWN_KEY = {"customers": "customer_id", "subscriptions": "subscription_id", "transactions": "transaction_id",
            "tickets": "ticket_id"}
_KEY_WORDS = {"id", "uuid"}
# Last words that make a header a category ("Ticket type", "Transaction status") or a count ("Customer interactions",
# "Total users"), whatever words come before them.
_CATEGORY_TAILS = {"type", "types", "status", "stage", "method", "priority", "category", "kind", "source", "channel"}
_COUNT_TAILS = {"count", "quantity", "interactions", "replies", "reopens", "touches", "users", "sessions", "visits",
                "visitors", "events", "employees", "seats", "clicks", "impressions", "signups", "conversions",
                "attempts"}

# Dates of a customer's or subscription's life, and words that make a date a renewal instead ("Current Period End").
_LIFETIME_DATES = {"start_date", "end_date", "churn_date"}
# Dates of a beginning or a payment, and words that make a date a due date instead ("Due Date", "Fälligkeit").
_FIRST_DATES = {"date", "created_at", "signup_date", "paid_date", "start_date"}
_DUE = {"due"}
_RENEWALS = {"current", "next", "renewal", "renews", "renew", "trial", "due", "billing", "billed"}
# Words that make an amount a running sum rather than the row's money ("Total Spend", "Amount Due").
_AGGREGATES = {"lifetime", "ltv", "spend", "spent", "balance", "volume", "losses", "remaining", "due"}


def own_key(words: tuple[str, ...], kind: str) -> bool:
    """Whether a header names the row's own key: "id", "uuid", "Record ID", "subscriptions.id" in subscriptions."""
    if len(words) == 1:
        return words[0] in _KEY_WORDS
    return len(words) == 2 and words[1] in _KEY_WORDS and words[0] in {"record", kind, kind.rstrip("s")}


@cache
def _phrase_sets(kind: str, field: str) -> tuple[tuple[tuple[str, ...], frozenset[str], float], ...]:
    return tuple((p, frozenset(p), w) for p, w in _phrases(kind, field) if p)


def _phrase_score(words: tuple[str, ...], kind: str, field: str) -> tuple[float, bool, bool]:
    """(best phrase score, whether that phrase ends in "id", whether a phrase equals the words)."""
    best, by_id, exact = 0.0, False, False
    have = frozenset(words)
    for phrase, needs, weight in _phrase_sets(kind, field):
        if not needs <= have:  # every way of matching needs all the phrase's words
            continue
        if words == phrase:
            score, exact = weight, True
        elif _contains(words, phrase):
            score = weight * (0.5 + 0.4 * len(phrase) / len(words))
        else:  # every word of the phrase, not in a row
            score = weight * (0.45 + 0.4 * len(phrase) / len(words))
        if score > best:
            best, by_id = score, phrase[-1] == "id"
    return best, by_id, exact


@lru_cache(maxsize=8192)
def _typo_corrected(words: tuple[str, ...]) -> tuple[str, ...] | None:
    return typo_corrected(words, _known_words())


@cache
def _known_words() -> tuple[frozenset[str], frozenset[str]]:
    """(every word of the English synonyms: what a misspelt word is corrected to, every word of every phrase in any
    language: words that are not misspelt). A word is corrected to English only: "State" is no misspelt "stato"."""
    english = frozenset(w for k in KINDS.values() for words in _english_fields(k.name) for w in words)
    every = frozenset(w for k in KINDS.values() for f in k.field_names for p, _ in _phrases(k.name, f) for w in p)
    return english, every | english


@cache
def _words(name: str) -> frozenset[str]:
    """An English word set with the other languages' words of the same list (csm.vocabulary): "category" words
    make a header a category as its last word ("Kundentyp") or, with more words, its first ("Tipo de cliente")."""
    english = {"category": _CATEGORY_TAILS, "aggregate": _AGGREGATES, "renewal": _RENEWALS, "due": _DUE}[name]
    return frozenset(english) | vocabulary.words(name)


@lru_cache(maxsize=2**17)  # bounded: its keys are the headers of every upload (a 500-column guess asks 75,000)
def header_score(header: object, kind: str, field: str) -> float:
    """How well a header names a field of a kind, 0..1, from its words alone (1 = an exact synonym)."""
    words = content_words(header_words(header))
    if not words:
        return 0.0
    best, by_id, exact = _phrase_score(words, kind, field)
    fixed = None if exact else _typo_corrected(words)
    named = _exact_fields().get(words) or _exact_fields().get(fixed or (), frozenset())
    if best < TYPO and fixed is not None:
        fixed_best, fixed_id, fixed_exact = _phrase_score(fixed, kind, field)
        if TYPO * fixed_best > best:  # "Custmer ID": below every exact synonym
            best, by_id, exact, words = TYPO * fixed_best, fixed_id, fixed_exact, fixed
    if _OWN_KEY.get(kind) == field and own_key(words, kind):
        best, by_id, exact = 1.0, True, True
    keywords = (*KEYWORDS.get(field, ()), *vocabulary.words(f"keywords/{field}"))
    if keywords and any(w.startswith(k) for w in words for k in keywords):
        best = max(best, 0.6 if len(words) < 5 else 0.8)  # a question written out in full says more
    ftype = KINDS[kind].field(field).type
    if words[-1] in _KEY_WORDS and field not in _ID_FIELDS and not by_id:
        best *= 0.5  # "churn_event_id" is an id, not an event ("Plan ID" is a plan: its synonym says so)
    if ftype == ID and (words[-1] in _words("category") or (len(words) > 1 and words[0] in _words("category"))):
        best *= 0.3  # "Transaction type", "Kundentyp", "Tipo de cliente" are categories, not the transaction
    if ftype == MONEY and kind != "costs" and not exact and _words("aggregate").intersection(words):
        best *= 0.5  # "Total Spend", "Open balance": a running sum, not the amount of one row (a cost may be spend)
    if field in _LIFETIME_DATES and _words("renewal").intersection(words):
        best *= 0.3  # "Current Period End", "Next billing", "Trial end": a renewal, not the subscription's end
    if field in _FIRST_DATES and _words("due").intersection(words):
        best *= 0.3  # "Due date", "Fecha de vencimiento": when money is owed, not when anything began or was paid
    if words[-1] in _COUNT_TAILS and ftype != NUMBER:
        best *= 0.4  # "Customer interactions" counts something; "Total users" is no money
    others = named or frozenset()
    if best < 1.0 and not exact and others and field not in others:
        best *= 0.5  # the header is exactly another field's name ("churn_date" is not a transaction date)
    return best


def field_for_header(header: object, kind: str) -> str | None:
    """The field of `kind` that a header names best (headers only), or None."""
    scores = {f: header_score(header, kind, f) for f in KINDS[kind].field_names}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 0.5 else None


def is_generic_header(header: object) -> bool:
    """A header that says nothing about its column: blank, "Column 3", "Unnamed: 2", "col_4", "B"."""
    words = header_words(header)
    if not words:
        return True
    rest = [w for w in words if w.rstrip("0123456789") not in {"column", "col", "field", "unnamed", "var", "x"}]
    return all(w.isdigit() or len(w) == 1 for w in rest)
