"""Per-period helpers every metric module shares: rows → one value per period, vectorised, and JSON-ready lists."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..results import _clean


def period_sums(pidx: np.ndarray, k: int, weights=None) -> np.ndarray:
    """Σ weights (or the number of rows) per period; rows outside the range (index −1) are ignored."""
    pidx = np.asarray(pidx)
    ok = pidx >= 0
    w = None if weights is None else np.asarray(weights, dtype=float)[ok]
    return np.bincount(pidx[ok], weights=w, minlength=k)[:k].astype(float)


def period_stat(values, pidx: np.ndarray, k: int, how: str = "median") -> np.ndarray:
    """A statistic of the values of each period (NaN where a period has none): median, mean or a quantile."""
    pidx = np.asarray(pidx)
    ok = pidx >= 0
    g = pd.Series(np.asarray(values, dtype=float)[ok]).groupby(pidx[ok])
    out = g.quantile(0.9) if how == "p90" else g.agg(how)
    return out.reindex(range(k)).to_numpy(dtype=float)


def as_list(xs) -> list:
    """A JSON-ready list: NaN/inf → None, whole floats → int."""
    return [_clean(x) for x in xs]
