"""Every setting, declared once: `OPTIONS`, from which everything else about a setting is derived.

An `Option` says what a setting is (its name, kind, default, choices or range), what it is called and what it does
(label and help), where its control sits (section) and whether the shared intermediate results read it (`base`).
From the declarations come `Settings` (the values in force, checked), the command line's flags (csm/cli.py), the
sidebar's controls and their URL parameters (ui/sidebar.py), the README's option list (`options_markdown`,
tests/test_registry.py) and the keys results are cached on (csm/settings_keys.py).

Adding a setting is adding one `Option` here (or `register(Option(...))`) and reading it where it matters; a metric
that reads it names it in its `reads=` (csm/metrics/registry.py).

    s = Settings(granularity="quarter", churn_variant="total")
    s.churn_variant                      # 'total'
    s.gross_margin                       # 100.0, the default
    s.replace(gross_margin=70.0).check()
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from .churn_variants import NAMES as CHURN_VARIANTS
from .currencies import CHOICES as CURRENCIES
from .errors import OptionError
from .periods import GRANULARITIES

KINDS = ("choice", "int", "float", "date", "values", "weights", "filters")
SECTIONS = {"top": "", "main": "", "more": "More options", "health": "Health weights"}


@dataclass(frozen=True)
class Option:
    """One setting. `auto` (a phrase) says the setting may be None and what None means.

    kind: choice (one of `choices`), int / float (from `low` to `high`, `low` itself excluded when `low_open`),
    date, values (a tuple of strings, e.g. cost categories), weights (pairs name → number ≥ 0, empty = equal),
    filters (pairs attribute → kept values)."""

    name: str
    default: Any
    label: str
    help: str
    kind: str = "choice"
    choices: tuple = ()
    auto: str | None = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    step: float | None = None
    base: bool = False  # read by the shared intermediates (periods, intervals, counts, tables): see Analysis.sibling
    section: str = "more"
    words: tuple[str, ...] = ()  # how each choice is written (in the control, the URL and on the command line)
    flag: str | None = ""  # "" = --name-with-dashes; None = not on the command line
    metavar: str | None = None
    control: str = ""  # how the sidebar shows a choice: "" (a select box) or "segmented"
    # values / weights: "module:function" giving the choices the data offers, from an Analysis (name → label)
    choices_from: str | None = None

    def data_choices(self, analysis) -> dict[str, str]:
        """The names the data offers for a values or weights setting (name → label), from `choices_from`."""
        import importlib

        module, _, fn = (self.choices_from or "").partition(":")
        return dict(getattr(importlib.import_module(module), fn)(analysis)) if fn else {}

    def __post_init__(self) -> None:
        assert self.kind in KINDS and self.section in SECTIONS, (self.name, self.kind, self.section)
        assert not self.words or len(self.words) == len(self.choices), self.name

    @property
    def noun(self) -> str:
        """The label as a noun inside a sentence ('churn variant must be one of …')."""
        return self.label[:1].lower() + self.label[1:] if not self.label[1:2].isupper() else self.label

    @property
    def cli_flag(self) -> str | None:
        if self.flag is None:
            return None
        return self.flag or "--" + self.name.replace("_", "-")

    # ----- text: the control, the URL, the command line ------------------------------------------------------
    def text(self, value) -> str:
        """How a value of a choice or number is written ('auto' for None)."""
        if value is None:
            return "auto"
        if self.kind == "choice" and self.words:
            return self.words[self.choices.index(value)]
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def parse(self, text: str):
        """The value written as `text` (a choice's word or value, a number, a date; 'auto' for None)."""
        text = str(text).strip()
        if self.auto is not None and text.lower() in ("auto", ""):
            return None
        if self.kind == "choice":
            for c, w in zip(self.choices, self.words or [str(c) for c in self.choices], strict=True):
                if text.lower() in (str(c).lower(), w.lower()):
                    return c
            raise OptionError(f"{self.noun} must be one of {self.choices_text()}, not {text!r}")
        if self.kind in ("int", "float"):
            try:
                x = float(text)
            except ValueError:
                raise OptionError(f"{self.noun} must be a number, not {text!r}") from None
            return int(x) if self.kind == "int" and x.is_integer() else x
        if self.kind == "date":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise OptionError(f"{self.noun} must be a date like 2024-01-31, not {text!r}") from None
        raise OptionError(f"{self.noun} is not written as one piece of text")

    def choices_text(self) -> str:
        return ", ".join(self.words or [str(c) for c in self.choices])

    def values_text(self) -> str:
        """What values the setting takes, in words (the docs' option list)."""
        auto = f"`auto` ({self.auto}) or " if self.auto else ""
        if self.kind == "choice":
            return auto + ", ".join(f"`{w}`" for w in (self.words or [str(c) for c in self.choices]))
        if self.kind in ("int", "float"):
            whole = "whole " if self.kind == "int" else ""
            return auto + f"a {whole}number {'above' if self.low_open else 'from'} {self.text(self.low)} to " \
                f"{self.text(self.high)}"
        return {"date": auto + "a date (YYYY-MM-DD)", "values": "names from the data (none = every row)",
                "weights": "component=weight pairs (none = equal weights)",
                "filters": "attribute=value pairs (none = every customer)"}[self.kind]

    # ----- checking ------------------------------------------------------------------------------------------
    def check(self, value) -> None:
        """Raise OptionError (one sentence) when `value` is not a value of this setting."""
        if value is None:
            if self.auto is None and self.default is not None:
                raise OptionError(f"{self.noun} must be set")
            return
        if self.kind == "choice" and value not in self.choices:
            raise OptionError(f"{self.noun} must be one of {self.choices_text()}, not {value!r}")
        if self.kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                raise OptionError(f"{self.noun} must be a number, not {value!r}")
            if self.kind == "int" and int(value) != value:
                raise OptionError(f"{self.noun} must be a whole number, not {value!r}")
            too_low = self.low is not None and (value <= self.low if self.low_open else value < self.low)
            if too_low or (self.high is not None and value > self.high):
                lo = "above" if self.low_open else "at least"
                raise OptionError(f"{self.noun} must be {lo} {self.text(self.low)} and at most {self.text(self.high)}, "
                                  f"not {self.text(value)}")
        if self.kind == "date" and not isinstance(value, dt.date):
            raise OptionError(f"{self.noun} must be a date, not {value!r}")
        if self.kind == "values" and not (isinstance(value, tuple) and all(isinstance(v, str) for v in value)):
            raise OptionError(f"{self.noun} must be a tuple of names, not {value!r}")
        if self.kind in ("weights", "filters") and not (isinstance(value, tuple) and all(
                isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in value)):
            raise OptionError(f"{self.noun} must be a tuple of (name, value) pairs, not {value!r}")

    # ----- JSON (a share's snapshot, the report) --------------------------------------------------------------
    def to_json(self, value):
        if isinstance(value, dt.date):
            return value.isoformat()
        if self.kind in ("weights", "filters"):
            return [[k, list(v) if isinstance(v, tuple) else v] for k, v in value]
        return list(value) if isinstance(value, tuple) else value

    def from_json(self, value):
        if value is None:
            return None
        if self.kind == "date":
            return dt.date.fromisoformat(value)
        if self.kind == "values":
            return tuple(value)
        if self.kind == "weights":
            return tuple((str(k), float(w)) for k, w in value)
        if self.kind == "filters":
            return tuple((str(k), tuple(v)) for k, v in value)
        return value


OPTIONS: dict[str, Option] = {}


def register(option: Option) -> Option:
    """Declare a setting. Settings made before keep the new setting at its default."""
    if option.name in OPTIONS or option.name.startswith("_") or option.name in dir(Settings):
        raise ValueError(f"the setting {option.name!r} is declared twice or shadows a name of Settings")
    OPTIONS[option.name] = option
    return option


def unregister(name: str) -> None:
    """Take a setting back out (tests that declare a throw-away one)."""
    OPTIONS.pop(name, None)


def base_names() -> tuple[str, ...]:
    """The settings the shared intermediates read (periods, intervals, counts, filtered tables, currency)."""
    return tuple(n for n, o in OPTIONS.items() if o.base)


class Settings:
    """Every choice a user can make about how the numbers are computed: one value per declared `Option`.

    Immutable and hashable; two Settings are equal when every setting has the same value. Unknown names are an
    error, so a misspelt setting never passes silently."""

    __slots__ = ("_values",)

    def __init__(self, **values) -> None:
        unknown = [k for k in values if k not in OPTIONS]
        if unknown:
            raise TypeError(f"Settings has no setting {', '.join(map(repr, unknown))}")
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str):
        try:
            values = object.__getattribute__(self, "_values")
        except AttributeError:  # during unpickling, before the slot is set
            raise AttributeError(name) from None
        if name in values:
            return values[name]
        try:
            return OPTIONS[name].default
        except KeyError:
            raise AttributeError(f"Settings has no setting {name!r}") from None

    def __setattr__(self, name, value) -> None:
        raise AttributeError("Settings are immutable: use settings.replace(name=value)")

    def items(self) -> tuple[tuple[str, Any], ...]:
        return tuple((n, getattr(self, n)) for n in OPTIONS)

    def __eq__(self, other) -> bool:
        return isinstance(other, Settings) and self.items() == other.items()

    def __hash__(self) -> int:
        return hash(self.items())

    def __repr__(self) -> str:
        changed = ", ".join(f"{n}={v!r}" for n, v in self.items() if v != OPTIONS[n].default)
        return f"Settings({changed})"

    def __reduce__(self):
        return (_settings, (dict(self.items()),))

    def replace(self, **changes) -> Settings:
        return Settings(**{**dict(self.items()), **changes})

    def check(self) -> Settings:
        for name, value in self.items():
            OPTIONS[name].check(value)
        return self

    def changed(self) -> dict[str, Any]:
        """The settings not at their default (what a URL or a snapshot needs to carry)."""
        return {n: v for n, v in self.items() if v != OPTIONS[n].default}

    def to_json(self) -> dict:
        """The settings not at their default, JSON-ready (`Settings.from_json` reads it back)."""
        return {n: OPTIONS[n].to_json(v) for n, v in self.changed().items()}

    @classmethod
    def from_json(cls, obj: dict) -> Settings:
        return cls(**{n: OPTIONS[n].from_json(v) for n, v in obj.items() if n in OPTIONS}).check()

    @staticmethod
    def names() -> tuple[str, ...]:
        return tuple(OPTIONS)


def _settings(values: dict) -> Settings:
    return Settings(**{k: v for k, v in values.items() if k in OPTIONS})


def options_markdown() -> str:
    """The option list of the README: one row per setting with its flag, values, default and what it does."""
    rows = ["| setting | command line | values | default | what it changes |", "|---|---|---|---|---|"]
    for o in OPTIONS.values():
        default = "auto" if o.default is None and o.auto else "none" if o.default in ((), None) else o.text(o.default)
        rows.append(f"| {o.label} | `{o.cli_flag or '—'}` | {o.values_text()} | `{default}` | {o.help} |")
    return "\n".join(rows) + "\n"


MONTHS = tuple(calendar.month_name[m] for m in range(1, 13))


def _declare(*options: Option) -> None:
    for o in options:
        register(o)


_declare(
    # base=True: the periods, the customers counted and how money is shown (every metric reads them); the others are
    # read by the metrics that name them in `reads=`
    Option("granularity", "month", "Granularity", "The length of a period: week (ISO, from Monday), month, quarter, "
           "year, or all: the whole date range as one period (compared with the range of equal length before it).", choices=GRANULARITIES, base=True, section="top", control="segmented"),
    Option("start", None, "First day", "The first day of the range.", kind="date", auto="the first day in the data",
           base=True, section="top", metavar="DATE"),
    Option("end", None, "Last day", "The last day of the range.", kind="date", auto="the last day in the data",
           base=True, section="top", metavar="DATE"),
    Option("fiscal_start", 1, "Fiscal year starts in", "The first month of the fiscal year (quarters and years "
           "start from it).", choices=tuple(range(1, 13)), words=MONTHS, base=True, metavar="MONTH"),
    Option("churn_event", None, "Churn event", "What makes a customer active: subscriptions (churn when the last "
           "one ends), the customers' signup and churn dates, or purchases (churn after N days without one).",
           choices=("subscription", "customer_dates", "inactivity"),
           auto="subscriptions if there are any, else customer dates, else purchases", base=True, section="main"),
    Option("churn_variant", "start", "Churn variant", "Which reading of the customer churn rate is in force (every "
           "variant is shown side by side on the Retention page).",
           choices=CHURN_VARIANTS, section="main"),
    Option("inactivity_days", 90, "Inactivity days", "With the churn event 'inactivity': days without a purchase "
           "after which a customer counts as churned.", kind="int", low=1, high=3650, step=1, base=True,
           metavar="N"),
    Option("currency", None, "Currency", "The currency money is shown in (the amounts are not converted).",
           choices=CURRENCIES, auto="as in the data", base=True, section="main"),
    Option("filters", (), "Filter customers by", "Keep only the customers with these attribute values (plan, "
           "segment, owner…).", kind="filters", base=True, section="main", flag="--filter", metavar="ATTR=VALUE"),
    Option("csat_threshold", None, "CSAT threshold", "The lowest score that counts as satisfied.", kind="float",
           low=0, high=10, low_open=True, step=1.0, auto="by scale: 5-point ≥ 4, 7-point ≥ 6, 10-point ≥ 8",
           metavar="X"),
    Option("csat_scale", None, "CSAT scale", "The CSAT scale (points).", kind="choice", choices=(5, 7, 10),
           auto="detected from the highest score"),
    Option("ces_direction", "higher_is_easier", "CES direction", "Whether a higher effort score means less effort "
           "(easier) or more.", choices=("higher_is_easier", "higher_is_harder")),
    Option("clv_method", None, "CLV method", "Customer lifetime value from purchases (value × frequency × lifespan) "
           "or from subscriptions (ARPA ÷ churn).", choices=("purchase", "subscription"),
           auto="purchase when there are transactions, else subscription"),
    Option("lifespan_months", None, "Lifespan in months", "The customer lifespan CLV uses.", kind="float", low=0,
           high=600, low_open=True, step=1.0, auto="1 ÷ the monthly churn rate", metavar="N"),
    Option("gross_margin", 100.0, "Gross margin %", "The share of revenue kept after the cost of serving it "
           "(CLV).", kind="float", low=0, high=100, low_open=True, step=1.0, metavar="PCT"),
    Option("fcr_denominator", "created", "FCR denominator", "First-contact resolution over the tickets created in "
           "the period, or those of them resolved.", choices=("created", "resolved")),
    Option("repeat_window", "cumulative", "Repeat-purchase window", "Repeat purchases counted up to the end of the "
           "period, or within it.", choices=("cumulative", "period")),
    Option("onboarding_target_days", 30.0, "Onboarding target (days)", "The onboarding time a customer should "
           "finish within.", kind="float", low=1, high=365, step=1.0, metavar="N"),
    Option("retention_categories", None, "Retention cost categories", "The cost categories that count as "
           "retention cost.", kind="values", auto="every cost row counts", flag="--retention-category",
           metavar="NAME", choices_from="csm.metrics.value:cost_categories"),
    Option("health_weights", (), "Health weights", "The weight of each health component (0 leaves it out; the "
           "others are renormalised).", kind="weights", low=0, high=10, step=0.5, section="health",
           flag="--health-weight", metavar="COMPONENT=W", choices_from="csm.metrics.health:weight_choices"),
)
