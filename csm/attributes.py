"""Customer attributes for breakdowns and filters: plan, segment, owner, name, one row per customer."""
from __future__ import annotations

import pandas as pd

from .dataset import Dataset

ATTRIBUTES = ("plan", "segment", "owner", "name")


def customer_attributes(ds: Dataset) -> pd.DataFrame:
    """Every customer key seen in any table, with the attributes known for it.

    The customers table wins; a customer's plan otherwise comes from their latest subscription.
    """
    ids = [t["customer_id"] for t in ds.tables.values() if "customer_id" in t]
    if not ids:
        return pd.DataFrame(columns=["customer_id", *ATTRIBUTES])
    out = pd.DataFrame({"customer_id": pd.unique(pd.concat(ids, ignore_index=True).dropna())})
    cust = ds.get("customers")
    if cust is not None:
        cols = [c for c in ATTRIBUTES if c in cust]
        if cols:
            first = cust.drop_duplicates("customer_id", keep="last")[["customer_id", *cols]]
            out = out.merge(first, on="customer_id", how="left")
    subs = ds.get("subscriptions")
    if subs is not None and "plan" in subs:
        latest = subs.sort_values("start_date").drop_duplicates("customer_id", keep="last")[["customer_id", "plan"]]
        latest = latest.rename(columns={"plan": "_sub_plan"})
        out = out.merge(latest, on="customer_id", how="left")
        out["plan"] = out["plan"].fillna(out["_sub_plan"]) if "plan" in out else out["_sub_plan"]
        out = out.drop(columns="_sub_plan")
    return out


def available_attributes(ds: Dataset) -> list[str]:
    """Attributes with at least one value, in display order."""
    attrs = customer_attributes(ds)
    return [a for a in ATTRIBUTES if a in attrs and a != "name" and attrs[a].notna().any()]


def attribute_values(dataset: Dataset, attribute: str) -> list[str]:
    """The distinct values of one customer attribute, sorted (for the filter)."""
    attrs = customer_attributes(dataset)
    if attribute not in attrs:
        return []
    return sorted(attrs[attribute].dropna().astype(str).unique().tolist())
