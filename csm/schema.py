"""The table kinds of DATA.md, their fields, the type of each field, and the words and scales of those types.

This is the one place that says which fields exist and what their values may be (yes/no words, survey types with
their score ranges, NPS bands and CSAT scales, opportunity types, billing periods); reading, guessing,
normalising, loading, the metrics, the templates and the mapping editor all read it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Field types understood by csm.normalize.
ID = "id"  # an identifier, kept as text ("00123" stays "00123")
DATE = "date"  # a calendar date
DATETIME = "datetime"  # a date with time of day (ticket timestamps: hours matter)
MONEY = "money"  # an amount of money, may be negative
NUMBER = "number"  # a plain number (score, count, minutes)
BOOL = "bool"  # yes/no
TEXT = "text"  # free text or a category
PERIOD = "period"  # a billing period: week, month, quarter, year

# The words of a yes/no field, lower case. Some of them also name a state in columns that are no flag (a ticket's
# "Resolved" status, a setting "on"): a yes/no field reads them, but the guess takes them as no sign of a flag column.
TRUE_WORDS = frozenset({"y", "yes", "true", "t", "1", "1.0", "resolved", "on"})
FALSE_WORDS = frozenset({"n", "no", "false", "f", "0", "0.0", "unresolved", "off"})
STATE_WORDS = frozenset({"resolved", "unresolved", "on", "off"})

# Columns of every list of rows left out or rejected: by the reader (total rows), by normalising, by loading.
REJECT_COLUMNS = ["source", "sheet", "row", "column", "value", "reason"]


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    description: str = ""
    unit: str | None = None  # the unit the metrics read (a duration's "minutes"); others are converted (UNITS)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    fields: tuple[Field, ...]
    powers: str
    # Alternative required sets: the kind is usable when every field of one set is mapped.
    # (subscriptions need mrr, or amount with billing_period.)
    required_sets: tuple[tuple[str, ...], ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


def _k(name: str, label: str, powers: str, *fields: Field, required_sets=()) -> Kind:
    return Kind(name, label, tuple(fields), powers, tuple(required_sets))


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        _k(
            "customers",
            "Customers",
            "churn (customer dates), free-to-paid, onboarding speed, breakdowns",
            Field("customer_id", ID, True, "the customer's key (id, account or e-mail)"),
            Field("signup_date", DATE, description="first day as a customer (or trial start)"),
            Field("churn_date", DATE, description="first day no longer a customer"),
            Field("paid_date", DATE, description="day a free customer started paying"),
            Field("onboarding_start", DATE, description="onboarding start (defaults to signup date)"),
            Field("onboarding_complete", DATE, description="onboarding complete / go-live"),
            Field("plan", TEXT),
            Field("segment", TEXT),
            Field("owner", TEXT, description="account owner / CSM"),
            Field("name", TEXT, description="the customer's display name"),
            Field("churned", BOOL, description="churned by the day of the snapshot (a list with no churn dates)"),
            Field("tenure", NUMBER, description="how long the customer has been (or was) a customer", unit="months"),
            Field("monthly_charge", MONEY, description="what the customer pays a month (a snapshot's MRR)"),
            Field("total_charges", MONEY, description="what the customer has paid in all (a snapshot's revenue)"),
        ),
        _k(
            "subscriptions",
            "Subscriptions",
            "MRR, MRR movements, NRR/GRR, churn (subscription), cohorts",
            Field("customer_id", ID, True),
            Field("start_date", DATE, True),
            Field("end_date", DATE, description="first day no longer active; blank = still active"),
            Field("mrr", MONEY, description="monthly recurring revenue"),
            Field("amount", MONEY, description="amount per billing period (with billing_period)"),
            Field("billing_period", PERIOD, description="month, quarter, year or week"),
            Field("billing_count", NUMBER, description="how many billing periods one charge covers (12 with the "
                                                       "period month: a yearly charge); blank = 1"),
            Field("plan", TEXT),
            Field("subscription_id", ID, description="the subscription's own key (for tables that link to it)"),
            required_sets=(("customer_id", "start_date", "mrr"), ("customer_id", "start_date", "amount")),
        ),
        _k(
            "transactions",
            "Transactions",
            "revenue, ARPU, repeat purchase, CLV, non-recurring revenue, churn (inactivity)",
            Field("customer_id", ID, True),
            Field("date", DATE, True),
            Field("amount", MONEY, True, "negative = refund"),
            Field("recurring", BOOL),
            Field("transaction_id", ID),
        ),
        _k(
            "surveys",
            "Survey responses",
            "NPS, CSAT, CES, feedback, health",
            Field("date", DATE, True),
            Field("score", NUMBER, True),
            Field("survey_type", TEXT, description="nps, csat or ces (or one type for the whole table)"),
            Field("customer_id", ID),
            Field("comment", TEXT),
        ),
        _k(
            "tickets",
            "Support tickets",
            "first-contact resolution, resolution time, support team performance",
            Field("created_at", DATETIME, True),
            Field("resolved_at", DATETIME),
            Field("first_contact_resolved", BOOL),
            Field("contacts", NUMBER, description="number of contacts/replies; 1 = resolved on first contact"),
            Field("ticket_id", ID),
            Field("customer_id", ID),
            Field("agent", TEXT),
            Field("satisfaction", NUMBER, description="the CSAT answer given on the ticket (feeds CSAT)"),
            Field("first_response_at", DATETIME, description="when the customer first got a reply"),
            Field("first_response_minutes", NUMBER, description="time to the first reply", unit="minutes"),
        ),
        _k(
            "usage",
            "Product usage",
            "active customer rate, DAU/MAU, feature adoption, health",
            Field("date", DATE, True),
            Field("customer_id", ID, True),
            Field("user_id", ID),
            Field("feature", TEXT),
            Field("minutes", NUMBER, description="time spent", unit="minutes"),
        ),
        _k(
            "churn_events",
            "Churn events",
            "churned customers (customer dates), churn reasons",
            Field("customer_id", ID, True),
            Field("churn_date", DATE, True, "first day no longer a customer"),
            Field("reason", TEXT, description="why the customer left (a reason code or category)"),
            Field("comment", TEXT, description="what the customer said"),
        ),
        _k(
            "costs",
            "Costs",
            "customer retention cost",
            Field("date", DATE, True),
            Field("amount", MONEY, True),
            Field("category", TEXT),
        ),
        _k(
            "funnel",
            "Funnel",
            "conversion rate",
            Field("date", DATE, True),
            Field("visitors", NUMBER, True),
            Field("conversions", NUMBER, True),
        ),
        _k(
            "opportunities",
            "Opportunities",
            "portfolio growth",
            Field("date", DATE, True),
            Field("type", TEXT, True, "repurchase, replacement, expansion or innovation"),
            Field("amount", MONEY),
            Field("customer_id", ID),
        ),
    )
}

# Units of the fields that carry one: each field's own unit (Field.unit) is what the metrics read; a column in
# another unit is converted on loading (× factor). Money's scale is a unit of its own: amounts written in cents.
UNITS: dict[str, dict[str, float]] = {
    "minutes": {"milliseconds": 1 / 60_000, "seconds": 1 / 60, "minutes": 1.0, "hours": 60.0, "days": 1440.0},
    "months": {"days": 12 / 365.25, "weeks": 12 / 52.1775, "months": 1.0, "years": 12.0},
    "money": {"units": 1.0, "cents": 0.01},
}


def field_unit(f: Field) -> str | None:
    """The unit family of a field: its own unit, or "money" for amounts (written in units or cents)."""
    return "money" if f.type == MONEY else f.unit


def unit_choices(f: Field) -> tuple[str, ...]:
    """The units a column of this field may be written in, the field's own first."""
    family = field_unit(f)
    if family is None:
        return ()
    own = "units" if family == "money" else family
    return (own, *(u for u in UNITS[family] if u != own))


OPPORTUNITY_TYPES = ("repurchase", "replacement", "expansion", "innovation")
BILLING_PERIODS = {"week": 52 / 12, "month": 1.0, "quarter": 1 / 3, "year": 1 / 12}  # × amount = MRR


# ---------------------------------------------------------------- surveys (METRICS.md "Customer voice")

SURVEY_TYPES = ("nps", "csat", "ces")
SURVEY_LABELS = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}
DEFAULT_SURVEY_TYPE = "nps"  # a response whose table names no survey type, in a column or for the whole table
# What a survey_type column may say, lower case, for each type.
SURVEY_ALIASES = {
    "nps": "nps", "net promoter": "nps", "net promoter score": "nps", "promoter": "nps", "recommend": "nps",
    "csat": "csat", "satisfaction": "csat", "customer satisfaction": "csat",
    "ces": "ces", "effort": "ces", "customer effort": "ces", "customer effort score": "ces",
}  # fmt: skip
# Beginnings of words in a score header or a file name that say which type a table's scores are.
SURVEY_STEMS = {"nps": ("recommend", "nps", "likely"), "csat": ("satisf", "csat"), "ces": ("effort", "easy", "ces")}
SCORE_RANGES = {"nps": (0, 10), "csat": (0, 10), "ces": (1, 10)}  # a CSAT score then within its scale's range
NPS_BANDS = {"detractor": (0, 6), "passive": (7, 8), "promoter": (9, 10)}  # whole scores, both ends included
CSAT_SCALES = (5, 7, 10)  # points


def survey_types(responses: pd.DataFrame) -> pd.Series:
    """The survey type of each response: its survey_type column, or the default type for every row."""
    if "survey_type" in responses:
        return responses["survey_type"]
    return pd.Series(DEFAULT_SURVEY_TYPE, index=responses.index)


def detect_scale(scores) -> int:
    """5, 7 or 10 points, from the highest score given: ≤ 5 → 5-point, ≤ 7 → 7-point, else 10-point."""
    top = float(np.nanmax(scores)) if len(scores) else 5.0
    return next((points for points in CSAT_SCALES if top <= points), CSAT_SCALES[-1])


def csat_range(scale: int) -> tuple[int, int]:
    """The scores of a CSAT scale: 1–5 or 1–7; 0–10 on a 10-point scale."""
    return (0, 10) if scale == 10 else (1, scale)


# ---------------------------------------------------------------- look-ups


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown table kind {name!r}; the kinds are {', '.join(KINDS)}") from None


def is_usable(kind_name: str, mapped: set[str] | dict) -> bool:
    """Whether a table of this kind with these fields mapped has everything it needs."""
    k = kind(kind_name)
    mapped = set(mapped)
    if k.required_sets:
        return any(set(s) <= mapped for s in k.required_sets)
    return set(k.required) <= mapped
