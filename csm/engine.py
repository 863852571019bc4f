"""An analysis: a dataset, the settings in force, and the shared intermediate results every metric reads.

Everything expensive (intervals, counts, the MRR book) is computed once per analysis, on first use, and shared
with the analyses made from it by `Analysis.sibling` for settings that differ only in what those results do not
read (the churn variant, the CSAT threshold, the CLV method…: everything outside `csm.settings_keys.BASE`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .activity import (
    Counts,
    Intervals,
    count_customers,
    intervals_from_customers,
    intervals_from_purchases,
    intervals_from_subscriptions,
)
from .churn_variants import NAMES as CHURN_VARIANTS  # the variants table names them; kept here for importers
from .dataset import Dataset
from .errors import OptionError
from .mrr_book import MrrBook, MrrFlows, mrr_flows
from .periods import Periods, make_periods
from .settings_keys import BASE

CHURN_EVENTS = ("subscription", "customer_dates", "inactivity")
CLV_METHODS = ("purchase", "subscription")
CES_DIRECTIONS = ("higher_is_easier", "higher_is_harder")


@dataclass(frozen=True)
class Settings:
    """Every choice a user can make about how the numbers are computed (CLI flags and sidebar controls)."""

    granularity: str = "month"
    start: dt.date | None = None  # None = first day in the data
    end: dt.date | None = None  # None = last day in the data
    fiscal_start: int = 1
    churn_variant: str = "start"
    churn_event: str | None = None  # None = subscription if there are subscriptions, else customer dates, else inactivity
    inactivity_days: int = 90
    csat_threshold: float | None = None  # None = by scale: 5-point ≥ 4, 7-point ≥ 6, 10-point ≥ 8
    csat_scale: int | None = None  # None = detected from the data
    ces_direction: str = "higher_is_easier"
    clv_method: str | None = None  # None = purchase when there are transactions, else subscription
    lifespan_months: float | None = None  # None = 1 ÷ monthly churn rate
    gross_margin: float = 100.0
    fcr_denominator: str = "created"  # or "resolved"
    repeat_window: str = "cumulative"  # or "period"
    onboarding_target_days: float = 30.0
    retention_categories: tuple[str, ...] | None = None  # None = every cost row counts
    health_weights: tuple[tuple[str, float], ...] = ()  # component → weight; empty = equal
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # customer attribute → values kept

    def check(self) -> Settings:
        if self.churn_variant not in CHURN_VARIANTS:
            raise OptionError(f"churn variant must be one of {', '.join(CHURN_VARIANTS)}, not {self.churn_variant!r}")
        if self.churn_event is not None and self.churn_event not in CHURN_EVENTS:
            raise OptionError(f"churn event must be one of {', '.join(CHURN_EVENTS)}, not {self.churn_event!r}")
        if self.clv_method is not None and self.clv_method not in CLV_METHODS:
            raise OptionError(f"CLV method must be one of {', '.join(CLV_METHODS)}, not {self.clv_method!r}")
        if self.ces_direction not in CES_DIRECTIONS:
            raise OptionError(f"CES direction must be one of {', '.join(CES_DIRECTIONS)}, not {self.ces_direction!r}")
        if self.inactivity_days < 1:
            raise OptionError("inactivity days must be at least 1")
        if not 0 < self.gross_margin <= 100:
            raise OptionError("gross margin is a percentage above 0 and at most 100")
        if self.lifespan_months is not None and self.lifespan_months <= 0:
            raise OptionError("lifespan must be a positive number of months")
        if self.fcr_denominator not in ("created", "resolved"):
            raise OptionError("the first-contact-resolution denominator is 'created' or 'resolved'")
        if self.repeat_window not in ("cumulative", "period"):
            raise OptionError("the repeat-purchase window is 'cumulative' or 'period'")
        return self


class shared_property:
    """A cached property kept in the analysis's intermediates, which its siblings share (`Analysis.sibling`).

    Only for results that read no setting outside `csm.settings_keys.BASE`. Assigning one sets it, as with
    functools.cached_property."""

    def __init__(self, fn) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        try:
            return obj._shared[self.name]
        except KeyError:
            value = obj._shared[self.name] = self.fn(obj)
            return value

    def __set__(self, obj, value) -> None:
        obj._shared[self.name] = value


@dataclass
class Analysis:
    """A dataset seen through one set of settings. Intermediate results are cached on first use."""

    dataset: Dataset
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        self.settings.check()
        self._tables: dict[str, pd.DataFrame | None] = {}
        self._shared: dict = {}  # the shared_property values; one dict for an analysis and its siblings
        self._source = None  # where table() reads the filtered tables from (use_tables), None = the dataset

    def sibling(self, settings: Settings) -> Analysis:
        """The same dataset under `settings`. When they agree with this analysis's on the base settings
        (`csm.settings_keys.BASE`: periods, churn event, filters), the two share their filtered tables and
        intermediate results (periods, intervals, counts, the MRR book and flows, attributes, `shared()` work),
        whichever computes them first. Otherwise a new analysis of its own."""
        if settings == self.settings:
            return self
        other = Analysis(self.dataset, settings)
        if all(getattr(settings, f) == getattr(self.settings, f) for f in BASE):
            other._shared = self._shared
            other._tables = self._tables
            other._source = self._source
        return other

    def shared(self, key, compute):
        """`compute()` once for `key` (which names the work, e.g. ("codes", "usage", "user_id")): shared work that
        several metrics read and that reads no setting outside `csm.settings_keys.BASE`. Kept with the shared
        intermediates, so this analysis's siblings reuse it (e.g. csm.breakdown's group analyses)."""
        try:
            return self._shared[key]
        except KeyError:
            value = self._shared[key] = compute()
            return value

    # ----- data, filtered by customer attribute -------------------------------------------------------------
    @shared_property
    def attributes(self) -> pd.DataFrame:
        """One row per known customer with the attributes a metric can be split or filtered by."""
        from .attributes import customer_attributes

        return customer_attributes(self.dataset)

    @shared_property
    def kept_customers(self) -> set[str] | None:
        """Customer keys that pass the attribute filters (None = no filter)."""
        if not self.settings.filters:
            return None
        attrs = self.attributes
        keep = pd.Series(True, index=attrs.index)
        for col, values in self.settings.filters:
            if col not in attrs:
                raise OptionError(f"there is no customer attribute {col!r} to filter on")
            keep &= attrs[col].astype(str).isin(values)
        return set(attrs.loc[keep, "customer_id"])

    def use_tables(self, source) -> None:
        """Read each filtered table from `source(kind)`, which gives what `table(kind)` would under these settings,
        for a caller that cuts them more cheaply: csm.breakdown splits each table by group in one pass."""
        self._source = source

    def table(self, kind: str) -> pd.DataFrame | None:
        """A table of the dataset, keeping only the filtered customers where the table names customers.

        The same frame object on every call, so work keyed on it is shared by the metrics that read it."""
        if kind in self._tables:
            return self._tables[kind]
        t = self._source(kind) if self._source is not None else self._filtered(kind)
        self._tables[kind] = t
        return t

    def _filtered(self, kind: str) -> pd.DataFrame | None:
        t = self.dataset.get(kind)
        if t is None or t.empty:
            return None
        kept = self.kept_customers
        if kept is not None and "customer_id" in t:
            t = t[t["customer_id"].isin(kept)]
        return t

    @property
    def currency(self) -> str | None:
        return self.dataset.currency

    # ----- time ----------------------------------------------------------------------------------------------
    @shared_property
    def periods(self) -> Periods:
        s = self.settings
        span = self.dataset.span() if s.start is None or s.end is None else None
        if span is None and (s.start is None or s.end is None):
            raise OptionError("the data has no dates, so there are no periods to report on")
        start = s.start or span[0].astype(dt.date)
        end = s.end or span[1].astype(dt.date)
        return make_periods(s.granularity, start, end, s.fiscal_start)

    # ----- customers -----------------------------------------------------------------------------------------
    @shared_property
    def churn_event(self) -> str | None:
        if self.settings.churn_event:
            return self.settings.churn_event
        if self.dataset.has("subscriptions"):
            return "subscription"
        if self.dataset.has("customers", "signup_date"):
            return "customer_dates"
        if self.dataset.has("transactions"):
            return "inactivity"
        return None

    def churn_event_missing(self) -> str | None:
        """Why the chosen churn event has no data, or None when it has."""
        ev = self.churn_event
        if ev is None:
            return "customer counts need subscriptions, customers with signup dates, or transactions"
        need = {"subscription": ("subscriptions", ()), "customer_dates": ("customers", ("signup_date",)),
                "inactivity": ("transactions", ())}[ev]
        if not self.dataset.has(need[0], *need[1]):
            fields = f" with {', '.join(need[1])}" if need[1] else ""
            return f"the churn event {ev!r} needs a {need[0]} table{fields}"
        return None

    @shared_property
    def intervals(self) -> Intervals:
        ev = self.churn_event
        if ev == "subscription":
            return intervals_from_subscriptions(self.table("subscriptions"))
        if ev == "customer_dates":
            return intervals_from_customers(self.table("customers"))
        return intervals_from_purchases(self.table("transactions"), self.settings.inactivity_days)

    @shared_property
    def counts(self) -> Counts:
        return count_customers(self.intervals, self.periods)

    # ----- revenue -------------------------------------------------------------------------------------------
    @shared_property
    def mrr_book(self) -> MrrBook:
        return MrrBook.from_frame(self.table("subscriptions"))

    @shared_property
    def flows(self) -> MrrFlows:
        return mrr_flows(self.mrr_book, self.periods)

    def period_index(self, days) -> np.ndarray:
        return self.periods.index_of(np.asarray(days, dtype="datetime64[D]"))
