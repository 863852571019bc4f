"""A snapshot customer list: one row per customer with a churned flag and a tenure, no dates (a CRM export, IBM Telco).

What such a list supports, computed over the whole list (there are no periods, so no movement over time):

- `snapshot_churn_rate` = churned customers ÷ customers × 100, overall and by any attribute (plan, segment, or any
  other column of the list with a few distinct values: a contract, a payment method);
- `average_tenure` = Σ tenure ÷ customers with a tenure, in months;
- `mrr_at_risk` = Σ monthly charge of the churned customers;
- `average_total_charges` = Σ total charges ÷ customers with a total (blanks left out, and counted in the worked line);
- the tenure survival curve: Kaplan–Meier from each customer's tenure and churned flag (a customer still here is
  censored at their tenure): S(t) = Π over tenures tᵢ ≤ t of (1 − dᵢ ÷ nᵢ), where nᵢ customers have a tenure ≥ tᵢ
  and dᵢ of them churned at tᵢ.

    >>> figs = snapshot_figures(analysis)          # {"snapshot_churn_rate": SnapshotFigure(value=26.54, ...), ...}
    >>> churn_by(analysis, "plan")                 # one row per plan: customers, churned, rate
    >>> tenure_survival(analysis)                  # tenure, at_risk, churned, survival
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import fmt

ATTRIBUTES = ("plan", "segment", "owner")  # the mapped attributes a snapshot's churn is split by (then the others)
LABEL = "snapshot"  # the one "period" of a snapshot figure in the command line's report


@dataclass(frozen=True)
class Definition:
    """What a snapshot figure is (declared once: the pages, the report and docs/metrics.md read it)."""

    name: str
    unit: str  # percent, months, money
    formula: str
    latex: str
    definition: str
    needs: str  # the customers field it reads beside the churned flag ("" for none)
    higher_is_better: bool | None = False


DEFINITIONS: dict[str, Definition] = {
    "snapshot_churn_rate": Definition(
        "Churn rate (snapshot)", "percent", "churned customers ÷ customers × 100",
        r"\frac{\#\text{churned}}{\#\text{customers}} \times 100",
        "The share of the customers in the list who have churned, as of the day the list was exported; split by "
        "any attribute on the pages and in the report.", ""),
    "average_tenure": Definition(
        "Average tenure", "months", "Σ tenure ÷ customers with a tenure",
        r"\frac{\sum_c \mathrm{tenure}_c}{\#\text{customers}}",
        "How long the customers in the list have been customers (those who left: how long they stayed), in months.",
        "tenure", True),
    "mrr_at_risk": Definition(
        "MRR at risk", "money", "Σ monthly charge of the churned customers",
        r"\sum_{c \text{ churned}} \mathrm{monthly\ charge}_c",
        "The monthly revenue of the customers who churned: what the business loses each month they stay gone.",
        "monthly_charge"),
    "average_total_charges": Definition(
        "Revenue per customer", "money", "Σ total charges ÷ customers with a total",
        r"\frac{\sum_c \mathrm{total\ charges}_c}{\#\text{customers}}",
        "What a customer in the list has paid in all, on average (what those who left paid before leaving); "
        "blank totals are left out and counted in the worked line.", "total_charges", True),
}
SNAPSHOT_IDS = tuple(DEFINITIONS)


@dataclass(frozen=True)
class SnapshotFigure:
    """One figure of the snapshot: its value, with the numbers behind it and the worked line."""

    id: str
    value: float | None
    numerator: float | None
    denominator: float | None
    worked: str

    @property
    def name(self) -> str:
        return DEFINITIONS[self.id].name

    @property
    def unit(self) -> str:
        return DEFINITIONS[self.id].unit

    @property
    def formula(self) -> str:
        return DEFINITIONS[self.id].formula

    @property
    def latex(self) -> str:
        return DEFINITIONS[self.id].latex

    @property
    def definition(self) -> str:
        return DEFINITIONS[self.id].definition

    def to_json(self) -> dict:
        return {"name": self.name, "unit": self.unit, "variant": LABEL, "formula": self.formula,
                "series": [{"period": LABEL, "value": self.value, "numerator": self.numerator,
                            "denominator": self.denominator, "worked": self.worked}]}


def has_snapshot(dataset) -> bool:
    """Whether the customers table carries a churned flag (the snapshot figures need it)."""
    return dataset.has("customers", "churned")


def figure_names(dataset) -> list[str]:
    """The names of the snapshot figures the dataset's columns support (without computing them)."""
    return [d.name for d in DEFINITIONS.values() if not d.needs or dataset.has("customers", d.needs)]


def _customers(a) -> pd.DataFrame:
    """The (filtered) customers with a churned flag, one row per customer (the first row of a repeated key)."""
    c = a.table("customers")
    c = c[c["churned"].notna()]
    return c.drop_duplicates("customer_id")


def snapshot_figures(a) -> dict[str, SnapshotFigure]:
    """The snapshot's figures that its columns support (churn rate always; the others when their field is mapped)."""
    c = _customers(a)
    churned = c["churned"].astype(bool).to_numpy()
    n, k = len(c), int(churned.sum())
    rate = 100 * k / n if n else None
    out = {"snapshot_churn_rate": SnapshotFigure(
        "snapshot_churn_rate", rate, k, n,
        f"{fmt.num(k)} churned ÷ {fmt.num(n)} customers × 100 = {fmt.num(rate)} %" if n else "no customers: undefined")}
    has = {f for f in ("tenure", "monthly_charge", "total_charges") if f in c and c[f].notna().any()}
    if "tenure" in has:
        t = c["tenure"].dropna().to_numpy(dtype=float)
        mean = float(t.mean())
        out["average_tenure"] = SnapshotFigure(
            "average_tenure", mean, float(t.sum()), len(t),
            f"{fmt.num(t.sum())} months ÷ {fmt.num(len(t))} customers = {fmt.num(mean)} months")
    if "monthly_charge" in has:
        lost = c.loc[churned, "monthly_charge"].dropna()
        total = float(lost.sum())
        out["mrr_at_risk"] = SnapshotFigure(
            "mrr_at_risk", total, total, len(lost),
            f"Σ monthly charge of {fmt.num(len(lost))} churned customers = {fmt.money(total, a.currency)}")
    if "total_charges" in has:
        paid = c["total_charges"]
        blank = int(paid.isna().sum())
        mean = float(paid.mean())
        note = f" ({fmt.num(blank)} blank left out)" if blank else ""
        out["average_total_charges"] = SnapshotFigure(
            "average_total_charges", mean, float(paid.sum()), int(paid.notna().sum()),
            f"{fmt.money(paid.sum(), a.currency)} ÷ {fmt.num(paid.notna().sum())} customers = "
            f"{fmt.money(mean, a.currency)}{note}")
    return out


MAX_GROUPS = 50  # an uploaded column with more distinct values than this is no attribute to split by


def attributes(a) -> list[str]:
    """What the snapshot's churn can be split by: the mapped plan, segment and owner, then every other column of the
    customers tables with 2 to MAX_GROUPS distinct values (a contract, a payment method, a yes/no service)."""
    c = a.table("customers")
    out = [k for k in ATTRIBUTES if k in c and c[k].notna().any()]
    for raw, tm in _customer_raws(a):
        used = set(tm.columns.values())
        for col in raw.frame.columns:
            if col in used or col in out:
                continue
            n = raw.frame[col].nunique(dropna=True)
            if 2 <= n <= MAX_GROUPS:
                out.append(str(col))
    return out


def _customer_raws(a):
    ds = a.dataset
    for raw in ds.raws:
        tm = ds.mapping.for_table(raw.source, raw.sheet)
        if tm is not None and tm.kind == "customers":
            yield raw, tm


def _attribute(a, c: pd.DataFrame, name: str) -> pd.Series:
    """A customer attribute beside each row of `c`: its own column, else the uploaded column of that name, found
    through each row's table and row number."""
    if name in c:
        return c[name]
    parts = [pd.Series(raw.frame[name].to_numpy(), index=pd.MultiIndex.from_arrays(
        [np.full(len(raw.rows), raw.label, dtype=object), np.asarray(raw.rows)])) for raw, _ in _customer_raws(a)
        if name in raw.frame.columns]
    if not parts:
        raise KeyError(name)
    lookup = pd.concat(parts)
    where = pd.MultiIndex.from_arrays([c["_source"].to_numpy(dtype=object), c["_row"].to_numpy()])
    return pd.Series(lookup.reindex(where).to_numpy(), index=c.index)


def churn_by(a, attribute: str) -> pd.DataFrame:
    """Churn rate by the values of one customer attribute (see `attributes`): value, customers, churned, rate (%),
    worked line."""
    c = _customers(a)
    key = _attribute(a, c, attribute).astype("string").str.strip().replace("", pd.NA).fillna("(blank)")
    g = c["churned"].astype(bool).groupby(key, sort=True)
    out = pd.DataFrame({"customers": g.size(), "churned": g.sum().astype(int)})
    out["rate"] = 100 * out["churned"] / out["customers"]
    out["worked"] = [f"{fmt.num(k)} ÷ {fmt.num(n)} × 100 = {fmt.num(r)} %"
                     for k, n, r in zip(out["churned"], out["customers"], out["rate"], strict=True)]
    return out.rename_axis(attribute).reset_index()


def tenure_survival(a) -> pd.DataFrame:
    """Kaplan–Meier survival by tenure: one row per distinct tenure (tenure, at_risk, churned, survival)."""
    c = _customers(a)
    c = c[c["tenure"].notna()] if "tenure" in c else c.iloc[:0]
    return kaplan_meier(c["tenure"].to_numpy(dtype=float) if len(c) else np.zeros(0),
                        c["churned"].astype(bool).to_numpy() if len(c) else np.zeros(0, bool))


def kaplan_meier(durations: np.ndarray, events: np.ndarray) -> pd.DataFrame:
    """The product-limit estimate at every distinct duration (events there: dᵢ; still at risk: nᵢ).

    >>> kaplan_meier(np.array([1, 2, 2, 3]), np.array([True, True, False, False])).survival.tolist()
    [0.75, 0.5, 0.5]
    """
    if len(durations) == 0:
        return pd.DataFrame({"tenure": [], "at_risk": [], "churned": [], "survival": []})
    times, inverse = np.unique(durations, return_inverse=True)
    leaving = np.bincount(inverse, minlength=len(times))  # customers whose tenure ends at each time
    died = np.bincount(inverse, weights=events.astype(float), minlength=len(times)).astype(int)
    at_risk = len(durations) - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    survival = np.cumprod(1 - died / np.maximum(at_risk, 1))
    return pd.DataFrame({"tenure": times, "at_risk": at_risk, "churned": died, "survival": survival})


def snapshot_report(a, ids=None) -> dict:
    """The snapshot's part of the command line's report: its figures (as metrics), churn by attribute, survival."""
    figures = {k: f.to_json() for k, f in snapshot_figures(a).items() if ids is None or k in ids}
    by = {attr: churn_by(a, attr).drop(columns="worked").to_dict("records") for attr in attributes(a)}
    km = tenure_survival(a)
    return {"metrics": figures, "churn_by": by, **({"tenure_survival": km.to_dict("records")} if len(km) else {})}
