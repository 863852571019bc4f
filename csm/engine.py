"""An analysis: a dataset, the settings in force, and the shared intermediate results every metric reads.

Everything expensive (intervals, counts, the MRR book) is computed once per analysis, on first use, and shared
with the analyses made from it by `Analysis.sibling` for settings that differ only in what those results do not
read (the churn variant, the CSAT threshold, the CLV method…: every setting not declared `base` in csm.settings).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .activity import (
    Counts,
    Intervals,
    PaidKeys,
    count_customers,
    intervals_from_customers,
    intervals_from_purchases,
    intervals_from_subscriptions,
)
from .dataset import Dataset
from .errors import OptionError
from .memo import Memo
from .mrr_book import MrrBook, MrrFlows, mrr_flows
from .periods import Periods, make_periods
from .settings import OPTIONS, Settings
from .settings_keys import base

# The choices of the settings, for the callers that name them (declared in csm.settings)
CHURN_VARIANTS = OPTIONS["churn_variant"].choices
CHURN_EVENTS = OPTIONS["churn_event"].choices
CLV_METHODS = OPTIONS["clv_method"].choices
CES_DIRECTIONS = OPTIONS["ces_direction"].choices


# The tables each churn event reads its customers' active intervals from
EVENT_KINDS = {"subscription": ("subscriptions",), "customer_dates": ("customers", "churn_events"),
               "inactivity": ("transactions",)}


class shared_property:
    """A cached property kept in the analysis's memo, which its siblings share (`Analysis.sibling`).

    Only for results that read no setting outside the base settings (`csm.settings.base_names`). Assigning one sets
    it, as with functools.cached_property."""

    def __init__(self, fn) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return obj._memo.get(self.name, lambda: self.fn(obj))

    def __set__(self, obj, value) -> None:
        obj._memo.put(self.name, value)


@dataclass
class Analysis:
    """A dataset seen through one set of settings. Intermediate results are computed once, on first use."""

    dataset: Dataset
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        self.settings.check()
        self._tables: dict[str, pd.DataFrame | None] = {}
        self._memo = Memo()  # intermediate results; one memo for an analysis and its siblings
        self._source = None  # where table() reads the filtered tables from (use_tables), None = the dataset

    def sibling(self, settings: Settings) -> Analysis:
        """The same dataset under `settings`. When they agree with this analysis's on the base settings
        (`csm.settings.base_names`: periods, churn event, filters, currency), the two share their filtered tables
        and intermediate results (periods, intervals, counts, the MRR book and flows, attributes, `memo` work),
        whichever computes them first. Otherwise a new analysis of its own."""
        if settings == self.settings:
            return self
        other = Analysis(self.dataset, settings)
        if all(getattr(settings, f) == getattr(self.settings, f) for f in base()):
            other._memo = self._memo
            other._tables = self._tables
            other._source = self._source
        return other

    def memo(self, key, compute, reads: tuple[str, ...] = ()):
        """`compute()` once for `key` (which names the work, e.g. ("codes", "usage", "user_id")), kept in the memo
        this analysis shares with its siblings. The work reads the base settings and, beyond them, only the
        settings named in `reads` (their values join the key): e.g. the health inputs read the CSAT scale."""
        if reads:
            key = (key, *(getattr(self.settings, f) for f in reads))
        return self._memo.get(key, compute)

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
        """The currency money is shown in: the setting, else the data's."""
        return self.settings.currency or self.dataset.currency

    # ----- time ----------------------------------------------------------------------------------------------
    @shared_property
    def periods(self) -> Periods:
        s = self.settings
        span = self.dataset.span() if s.start is None or s.end is None or s.granularity == "all" else None
        if span is None and (s.start is None or s.end is None):
            raise OptionError("the data has no dates, so there are no periods to report on")
        start = s.start or span[0].astype(dt.date)
        end = s.end or span[1].astype(dt.date)
        earliest = span[0] if span is not None else None  # "all" is compared with the range before it, if in the data
        return make_periods(s.granularity, start, end, s.fiscal_start, earliest)

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

    def churn_event_sources(self) -> list[str]:
        """The tables the churn event in force reads (subscriptions; customers and churn events; transactions)."""
        kinds = EVENT_KINDS.get(self.churn_event, ())
        return [t.label for t in self.dataset.report.tables if t.kind in kinds and t.rows_used]

    @shared_property
    def intervals(self) -> Intervals:
        ev = self.churn_event
        if ev == "subscription":
            return intervals_from_subscriptions(self.table("subscriptions"), self._paid_keys())
        if ev == "customer_dates":
            return intervals_from_customers(self.table("customers"), self.table("churn_events"))
        return intervals_from_purchases(self.table("transactions"), self.settings.inactivity_days)

    @shared_property
    def counts(self) -> Counts:
        return count_customers(self.intervals, self.periods)

    # ----- revenue -------------------------------------------------------------------------------------------
    @shared_property
    def mrr_book(self) -> MrrBook:
        return MrrBook.from_frame(self.table("subscriptions"), self._paid_keys())

    def _paid_keys(self) -> PaidKeys:
        """The paid subscriptions' customers, keyed once for the intervals and the MRR book."""
        return self.memo("paid keys", lambda: PaidKeys.of(self.table("subscriptions")))

    @shared_property
    def flows(self) -> MrrFlows:
        return mrr_flows(self.mrr_book, self.periods)

    def period_index(self, days) -> np.ndarray:
        return self.periods.index_of(np.asarray(days, dtype="datetime64[D]"))
