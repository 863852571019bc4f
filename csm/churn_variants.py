"""The seven churn variants, one row each: what they divide by what, in words, in LaTeX, in counts, in customers.

Every place that needs a variant reads this table: the churn-rate metric (values and worked lines from
`activity.Counts`), the reconciliation (the customers behind each part from `activity.period_members`), the
settings check, the CLI and the sidebar (names and plain formulas). Adding a variant is adding a row here.

    >>> VARIANTS["start"].formula
    'churned customers ÷ customers at start × 100'
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import fmt
from .activity import Counts, keys_minus, keys_union
from .errors import OptionError

Members = dict[str, np.ndarray]  # activity.period_members: count name → sorted customer keys of one period


@dataclass(frozen=True)
class ChurnVariant:
    """One reading of the churn rate. The callables take the counts (all periods) or the members (one period)."""

    name: str
    formula: str  # plain text, shown with every value
    latex: str
    numerator: str  # what the numerator counts, in words
    denominator: str  # what the denominator counts or measures, in words
    undefined_why: str  # why the rate is undefined in a period where the denominator is 0
    count_numerator: Callable[[Counts], np.ndarray]
    count_denominator: Callable[[Counts], np.ndarray]
    numerator_members: Callable[[Members], np.ndarray]
    denominator_members: Callable[[Members], np.ndarray]
    numerator_worked: Callable[[Counts], list[str]] | None = None  # worked-line texts when not the plain number
    denominator_worked: Callable[[Counts], list[str]] | None = None
    note: str = ""  # set when the denominator is a number, not a set: which customers are listed for it

    @property
    def denominator_is_set(self) -> bool:
        return not self.note

    def parts(self, c: Counts):
        """(numerator, denominator, numerator texts, denominator texts) per period; texts None = plain numbers."""
        num = np.asarray(self.count_numerator(c), dtype=float)
        den = np.asarray(self.count_denominator(c), dtype=float)
        nt = self.numerator_worked(c) if self.numerator_worked else None
        dt_ = self.denominator_worked(c) if self.denominator_worked else None
        return num, den, nt, dt_


def _churned(c: Counts) -> np.ndarray:
    return c.C


def _churned_members(m: Members) -> np.ndarray:
    return m["churned"]


CHURNED = "customers whose active interval ends in the period, including those who joined and left in it (C)"
AT_START = "customers active on the last day before the period (S)"
NO_START = "there were no customers at the start"

VARIANTS: dict[str, ChurnVariant] = {v.name: v for v in (
    ChurnVariant(
        "start", "churned customers ÷ customers at start × 100", r"\frac{C}{S} \times 100",
        CHURNED, AT_START, NO_START,
        _churned, lambda c: c.S, _churned_members, lambda m: m["start"]),
    ChurnVariant(
        "start_cohort", "(customers at start − those still active at the end) ÷ customers at start × 100",
        r"\frac{S - |S \cap E|}{S} \times 100",
        "customers at the start who are not active on the last day of the period (S − |S ∩ E|)", AT_START, NO_START,
        lambda c: c.S - c.retained, lambda c: c.S,
        lambda m: keys_minus(m["start"], m["retained"]), lambda m: m["start"],
        numerator_worked=lambda c: [f"({fmt.num(s)} − {fmt.num(r)})" for s, r in zip(c.S, c.retained, strict=True)]),
    ChurnVariant(
        "acquired", "churned customers ÷ new customers × 100", r"\frac{C}{N} \times 100",
        CHURNED, "customers whose first-ever activation falls in the period (N)", "no customers were acquired",
        _churned, lambda c: c.N, _churned_members, lambda m: m["new"]),
    ChurnVariant(
        "total", "churned customers ÷ customers served in the period × 100", r"\frac{C}{T} \times 100",
        CHURNED, "customers active on any day of the period (T)", "no customers were served",
        _churned, lambda c: c.T, _churned_members, lambda m: m["served"]),
    ChurnVariant(
        "average", "churned customers ÷ ((customers at start + customers at end) ÷ 2) × 100",
        r"\frac{C}{(S + E) / 2} \times 100",
        CHURNED, "the mean of the customers at the start and at the end ((S + E) ÷ 2)",
        "there were no customers at the start or end",
        _churned, lambda c: (c.S + c.E) / 2, _churned_members, lambda m: keys_union(m["start"], m["end"]),
        denominator_worked=lambda c: [f"(({fmt.num(s)} + {fmt.num(e)}) ÷ 2)" for s, e in zip(c.S, c.E, strict=True)],
        note="The denominator is (S + E) ÷ 2, a number rather than a set: listed are the customers counted in S "
             "or in E."),
    ChurnVariant(
        "customer_days", "churned customers ÷ (active customer-days ÷ days in period) × 100",
        r"\frac{C}{\text{customer-days} / \text{days}} \times 100",
        CHURNED, "the customers active on an average day of the period (active customer-days ÷ days)",
        "no customer was active on any day",
        _churned, lambda c: c.customer_days / c.days, _churned_members, lambda m: m["served"],
        denominator_worked=lambda c: [f"({fmt.num(cd)} ÷ {d})" for cd, d in zip(c.customer_days, c.days, strict=True)],
        note="The denominator is active customer-days ÷ days in the period, a time-weighted number rather than a "
             "set: listed are the customers active on any day of the period (T), each weighing the share of the "
             "period they were active."),
    ChurnVariant(
        "end", "churned customers ÷ customers at end × 100", r"\frac{C}{E} \times 100",
        CHURNED, "customers active on the last day of the period (E)", "there were no customers at the end",
        _churned, lambda c: c.E, _churned_members, lambda m: m["end"]),
)}
NAMES = tuple(VARIANTS)


def variant(name: str) -> ChurnVariant:
    """The variant called `name`, or an OptionError naming the seven."""
    if name not in VARIANTS:
        raise OptionError(f"churn variant must be one of {', '.join(NAMES)}, not {name!r}")
    return VARIANTS[name]
