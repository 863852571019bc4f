"""Why two churn rates differ, customer by customer — METRICS.md "Customer churn rate", the reconciliation list.

Each churn variant divides a set of customers by another (or by a number built from sets). `churn_customers`
names the customers behind the numerator and the denominator of one variant in one period; `reconcile` lists
the customers that one variant counts and the other does not, each with a plain sentence saying what they did
in the period; `variants_side_by_side` shows all seven readings of the period next to each other.

    >>> reconcile(analysis, "start", "start_cohort", "2024-01")      # doctest: +SKIP
      customer_id  name counted_by       part  why
    0           b  None      start  numerator  joined on 2024-01-05 and left on 2024-01-20, within the period
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .activity import OPEN, days_of, period_members
from .engine import CHURN_VARIANTS, Analysis
from .errors import OptionError

COLUMNS = ["customer_id", "name", "counted_by", "part", "why"]

NOTES = {
    "average": "The denominator is (S + E) ÷ 2, a number rather than a set: listed are the customers counted in S "
               "or in E.",
    "customer_days": "The denominator is active customer-days ÷ days in the period, a time-weighted number rather "
                     "than a set: listed are the customers active on any day of the period (T), each weighing the "
                     "share of the period they were active.",
}


@dataclass(frozen=True)
class ChurnSet:
    """The customers behind one churn variant's numerator and denominator in one period (sorted keys)."""

    variant: str
    period: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    denominator_is_set: bool = True  # False for `average` and `customer_days`: see `note`
    note: str = ""


def _check_variant(variant: str) -> None:
    if variant not in CHURN_VARIANTS:
        raise OptionError(f"churn variant must be one of {', '.join(CHURN_VARIANTS)}, not {variant!r}")


def churn_customers(analysis: Analysis, variant: str, period_label: str) -> ChurnSet:
    """The numerator and denominator customers of `variant` in the period `period_label`.

    start: C over S · start_cohort: S minus those of S active at the end, over S · acquired: C over N ·
    total: C over T · end: C over E · average: C over S ∪ E · customer_days: C over T (both with a note).
    """
    _check_variant(variant)
    i = analysis.periods.find(period_label)
    m = period_members(analysis.intervals, analysis.periods, i)
    num = np.setdiff1d(m["start"], m["retained"]) if variant == "start_cohort" else m["churned"]
    den = {
        "start": m["start"],
        "start_cohort": m["start"],
        "acquired": m["new"],
        "total": m["served"],
        "average": np.union1d(m["start"], m["end"]),
        "customer_days": m["served"],
        "end": m["end"],
    }[variant]
    return ChurnSet(variant, period_label, tuple(num.tolist()), tuple(den.tolist()),
                    variant not in NOTES, NOTES.get(variant, ""))


def _join(phrases: list[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def describe_customers(analysis: Analysis, period_label: str, keys) -> dict[str, str]:
    """A plain sentence per customer about what they did in the period: joined, left, came back, stayed.

    Dates are calendar days; "left on D" names the first day no longer active.
    """
    iv = analysis.intervals
    i = analysis.periods.find(period_label)
    ps = days_of(analysis.periods.starts[i : i + 1])[0]
    pe = days_of(analysis.periods.ends[i : i + 1])[0]
    keys = [str(k) for k in keys]
    codes = pd.Index(iv.ids).get_indexer(keys)
    known = codes >= 0
    out = {k: "never active under the chosen churn event" for k in keys}
    rows = np.flatnonzero(np.isin(iv.code, codes[known]) & (iv.start < pe) & (iv.end >= ps))
    by_code: dict[int, list[int]] = {}
    for r in rows.tolist():  # only the intervals of the listed customers that touch the period
        by_code.setdefault(int(iv.code[r]), []).append(r)
    d0, d1 = ps - 1, pe - 1
    for code in np.unique(codes[known]).tolist():
        events: list[tuple[int, int, str]] = []  # (day, order, phrase)
        at0 = at1 = False
        left = 0
        for r in by_code.get(code, []):
            s, e = int(iv.start[r]), int(iv.end[r])
            at0 |= s <= d0 < e
            at1 |= s <= d1 < e
            if ps <= s < pe:
                verb = "joined" if s == iv.first_start[code] else "came back"
                events.append((s, 0, f"{verb} on {np.datetime64(s, 'D')}"))
            if ps <= e < pe and e < OPEN:
                events.append((e, 1, f"left{' again' if left else ''} on {np.datetime64(e, 'D')}"))
                left += 1
        events.sort()
        ev = _join([p for _, _, p in events])
        if not events:
            text = "active throughout the period" if at0 and at1 else "not active in the period"
        elif at0 and at1:
            text = f"{ev}, within the period (active at the start and at the end)"
        elif at0:
            text = f"active at the start; {ev}"
        elif at1:
            text = f"{ev}; still active at the end"
        else:
            text = f"{ev}, within the period"
        out[str(iv.ids[code])] = text
    return out


def _names(analysis: Analysis) -> dict[str, str]:
    attrs = analysis.attributes
    if "name" not in attrs:
        return {}
    named = attrs[attrs["name"].notna()]
    return dict(zip(named["customer_id"].astype(str), named["name"].astype(str), strict=True))


def reconcile(analysis: Analysis, variant_a: str, variant_b: str, period_label: str) -> pd.DataFrame:
    """The customers one churn variant counts and the other does not, in the numerator or the denominator.

    Columns: customer_id, name (None when unknown), counted_by (the variant that counts them), part
    (numerator/denominator), why (what the customer did in the period). Numerator rows first.
    """
    a = churn_customers(analysis, variant_a, period_label)
    b = churn_customers(analysis, variant_b, period_label)
    rows: list[tuple[str, str, str]] = []
    for part in ("numerator", "denominator"):
        sa, sb = set(getattr(a, part)), set(getattr(b, part))
        rows += [(k, variant_a, part) for k in sorted(sa - sb)]
        rows += [(k, variant_b, part) for k in sorted(sb - sa)]
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    why = describe_customers(analysis, period_label, sorted({r[0] for r in rows}))
    names = _names(analysis)
    return pd.DataFrame(
        [(k, names.get(k), v, part, why[k]) for k, v, part in rows], columns=COLUMNS
    )


def variants_side_by_side(analysis: Analysis, period_label: str) -> pd.DataFrame:
    """All seven churn variants for one period: variant, value, numerator, denominator, formula, worked, in_force.

    Every variant reads the same counts, so one analysis serves them all (no recomputation per variant).
    """
    from .metrics.customers import churn_series

    analysis.periods.find(period_label)  # a clear error for an unknown period
    rows = []
    for v in CHURN_VARIANTS:
        s = churn_series(analysis, v)
        p = s.point(period_label)
        rows.append((v, p.value, p.numerator, p.denominator, s.formula, p.worked, v == analysis.settings.churn_variant))
    return pd.DataFrame(rows, columns=["variant", "value", "numerator", "denominator", "formula", "worked", "in_force"])
