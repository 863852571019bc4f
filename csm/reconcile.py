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

from . import churn_variants
from .activity import OPEN, days_of, keys_minus, period_members
from .engine import Analysis
from .errors import OptionError

COLUMNS = ["customer_id", "name", "counted_by", "part", "why"]


@dataclass(frozen=True)
class ChurnSet:
    """The customers behind one churn variant's numerator and denominator in one period (sorted keys)."""

    variant: str
    period: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    denominator_is_set: bool = True  # False for `average` and `customer_days`: see `note`
    note: str = ""


def churn_customers(analysis: Analysis, variant: str, period_label: str) -> ChurnSet:
    """The numerator and denominator customers of `variant` in the period `period_label`.

    Each variant's `numerator_members` and `denominator_members` (csm/churn_variants.py) say which.
    """
    return _churn_sets(analysis, (variant,), period_label)[0]


def _churn_sets(analysis: Analysis, variants, period_label: str) -> list[ChurnSet]:
    """ChurnSets of several variants from one pass over the period's members."""
    rows = [churn_variants.variant(v) for v in variants]
    missing = analysis.churn_event_missing()
    if missing:
        raise OptionError(f"churn cannot be reconciled: {missing}")
    m = period_members(analysis.intervals, analysis.periods, analysis.periods.find(period_label))
    return [ChurnSet(v.name, period_label, tuple(v.numerator_members(m).tolist()),
                     tuple(v.denominator_members(m).tolist()), v.denominator_is_set, v.note) for v in rows]


def describe_customers(analysis: Analysis, period_label: str, keys) -> dict[str, str]:
    """A plain sentence per customer about what they did in the period: joined, left, came back, stayed.

    Dates are calendar days; "left on D" names the first day no longer active. Built for all the listed
    customers at once from their intervals that touch the period (no loop over customers).
    """
    iv = analysis.intervals
    i = analysis.periods.find(period_label)
    ps = days_of(analysis.periods.starts[i : i + 1])[0]
    pe = days_of(analysis.periods.ends[i : i + 1])[0]
    keys = [str(k) for k in keys]
    out = dict.fromkeys(keys, "never active under the chosen churn event")
    codes = pd.Index(iv.ids).get_indexer(keys)
    listed = np.unique(codes[codes >= 0])
    if len(listed) == 0:
        return out
    out.update(dict.fromkeys(iv.ids[listed].tolist(), "not active in the period"))
    r = np.flatnonzero(np.isin(iv.code, listed) & (iv.start < pe) & (iv.end >= ps))
    code, s, e = iv.code[r], iv.start[r], iv.end[r]
    n = len(iv.ids)
    at0 = np.bincount(code[(s <= ps - 1) & (ps - 1 < e)], minlength=n) > 0
    at1 = np.bincount(code[(s <= pe - 1) & (pe - 1 < e)], minlength=n) > 0
    joins = (s >= ps) & (s < pe)
    leaves = (e >= ps) & (e < pe) & (e < OPEN)
    ev = pd.DataFrame({
        "code": np.concatenate([code[joins], code[leaves]]),
        "day": np.concatenate([s[joins], e[leaves]]),
        "kind": np.concatenate([np.where(s[joins] == iv.first_start[code[joins]], "joined", "came back"),
                                np.full(leaves.sum(), "left")]),
    }).sort_values(["code", "day"], kind="stable")
    again = (ev["kind"] == "left") & (ev.groupby(["code", "kind"]).cumcount() > 0)
    ev["phrase"] = (ev["kind"].where(~again, "left again") + " on "
                    + np.datetime_as_string(ev["day"].to_numpy().astype("datetime64[D]")))
    # Join each customer's phrases as "x, y and z": the separator after a phrase depends on how many follow.
    follow = ev.groupby("code").cumcount(ascending=False).to_numpy()
    ev["phrase"] += np.select([follow == 1, follow > 1], [" and ", ", "], "")
    text = ev.groupby("code", sort=True)["phrase"].sum()
    has_ev = np.zeros(n, bool)
    has_ev[text.index.to_numpy()] = True
    full = pd.Series("", index=range(n), dtype=object)
    full[text.index] = text.to_numpy()
    c = listed
    sentence = np.select(
        [~has_ev[c] & at0[c] & at1[c], ~has_ev[c], at0[c] & at1[c], at0[c], at1[c]],
        ["active throughout the period", "not active in the period",
         full[c] + ", within the period (active at the start and at the end)", "active at the start; " + full[c],
         full[c] + "; still active at the end"],
        full[c] + ", within the period",
    )
    out.update(zip(iv.ids[c].tolist(), sentence.tolist(), strict=True))
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
    a, b = _churn_sets(analysis, (variant_a, variant_b), period_label)
    parts = []
    for part in ("numerator", "denominator"):
        sa, sb = getattr(a, part), getattr(b, part)
        for keys, v in ((keys_minus(sa, sb), variant_a), (keys_minus(sb, sa), variant_b)):
            parts.append(pd.DataFrame({"customer_id": keys.tolist(), "counted_by": v, "part": part}))
    rows = pd.concat(parts, ignore_index=True).astype("str")
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    why = describe_customers(analysis, period_label, pd.unique(rows["customer_id"]))
    rows["name"] = rows["customer_id"].map(_names(analysis)).astype(object)
    rows["name"] = rows["name"].where(rows["name"].notna(), None)
    rows["why"] = rows["customer_id"].map(why).astype("str")
    return rows[COLUMNS]


def variants_side_by_side(analysis: Analysis, period_label: str) -> pd.DataFrame:
    """All seven churn variants for one period: variant, value, numerator, denominator, formula, worked, in_force.

    Every variant reads the same counts, so one analysis serves them all (no recomputation per variant).
    """
    from .metrics.retention import churn_series

    analysis.periods.find(period_label)  # a clear error for an unknown period
    rows = []
    for v in churn_variants.NAMES:
        s = churn_series(analysis, v)
        p = s.point(period_label)
        rows.append((v, p.value, p.numerator, p.denominator, s.formula, p.worked, v == analysis.settings.churn_variant))
    return pd.DataFrame(rows, columns=["variant", "value", "numerator", "denominator", "formula", "worked", "in_force"])
