"""MRR movements per period (new, reactivation, expansion, contraction, churned) and the customers behind them."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt
from ..engine import Analysis
from ..mrr_book import MOVEMENTS, customer_movements

MOVEMENT_LABELS = {
    "new_mrr": "New",
    "reactivation_mrr": "Reactivation",
    "expansion_mrr": "Expansion",
    "contraction_mrr": "Contraction",
    "churned_mrr": "Churned",
}
MOVEMENT_SIGN = {"new_mrr": 1, "reactivation_mrr": 1, "expansion_mrr": 1, "contraction_mrr": -1, "churned_mrr": -1}


def movements_frame(analysis: Analysis) -> pd.DataFrame:
    """MRR movements per period in long form, contraction and churn negative (for a diverging stacked bar)."""
    f = analysis.flows
    p = analysis.periods
    parts = []
    for m in MOVEMENTS:
        amount = np.asarray(getattr(f, m), dtype=float) * MOVEMENT_SIGN[m]
        parts.append(pd.DataFrame({
            "period": list(p.labels), "start": pd.to_datetime(p.starts),
            "end": pd.to_datetime(p.ends - np.timedelta64(1, "D")), "movement": MOVEMENT_LABELS[m],
            "amount": amount, "customers": f.counts[m],
            "shown": [fmt.money(float(x), analysis.currency) for x in amount],
        }))
    return pd.concat(parts, ignore_index=True)


def movement_customers(analysis: Analysis, i: int) -> pd.DataFrame:
    """The customers behind period i's MRR movements, with their name, plan and owner where known."""
    out = customer_movements(analysis.mrr_book, analysis.periods, i)
    attrs = analysis.attributes
    cols = [c for c in ("name", "plan", "owner") if c in attrs]
    if cols:
        out = out.merge(attrs[["customer_id", *cols]].drop_duplicates("customer_id"), on="customer_id", how="left")
    return out.reset_index(drop=True)
