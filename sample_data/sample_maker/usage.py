"""Brightwave's product usage: one row per user, feature and day of use, fading out before a customer churns."""
from __future__ import annotations

import math
from datetime import date

import numpy as np

from .determinism import rng_for
from .simulation import Company, Customer
from .story import FEATURE_ALPHA, FEATURES, FORECASTING_LAUNCH


def usage_rows(co: Company, custs: list[Customer]) -> tuple[list[str], list[list], dict[str, np.ndarray]]:
    """Daily usage: one row per active user and day (sometimes two features), fading out before churn.

    Returns also, per customer, the active day ordinals (used for tickets)."""
    rng = rng_for("brightwave:usage")
    launch = FORECASTING_LAUNCH.toordinal()
    o_start, o_end = co.start.toordinal(), co.end.toordinal()
    chunks: list[tuple] = []
    active_days: dict[str, np.ndarray] = {}
    for c in custs:
        ivs = c.intervals(co.end)
        if not ivs:
            continue
        days = np.concatenate([np.arange(a.toordinal(), b.toordinal()) for a, b, _ in ivs])
        days = days[(days >= o_start) & (days <= o_end)]
        active_days[c.cid] = days
        if days.size == 0:
            continue
        ends = np.array(sorted(b.toordinal() for _, b, how in ivs if how in ("churn", "trial")), dtype=np.int64)
        weekday = (days - 1) % 7  # 0 = Monday
        engage = float(np.clip(math.exp(0.35 * c.fit + rng.normal(0, 0.2)), 0.4, 1.6))
        p = np.where(weekday < 5, 0.155, 0.014) * engage
        since = days - days[0]
        p = p * (0.45 + 0.55 * np.minimum(1.0, since / 30))
        if ends.size:
            pos = np.searchsorted(ends, days, side="right")
            has = pos < ends.size
            to_end = np.where(has, ends[np.minimum(pos, ends.size - 1)] - days, 10_000)
            p = p * np.where(to_end < 90, 0.15 + 0.85 * (to_end / 90) ** 1.5, 1.0)
        drift = np.exp(rng.normal(0, 0.2, size=(days.size // 30) + 1))
        p = np.clip(p * np.repeat(drift, 30)[: days.size], 0, 0.95)
        weights = rng.dirichlet(FEATURE_ALPHA * (2.0 if c.plan0 == "Scale" else 1.0) + 0.05)
        w_pre = weights.copy()
        w_pre[FEATURES.index("Forecasting")] = 0
        cum_pre, cum_post = np.cumsum(w_pre / w_pre.sum()), np.cumsum(weights)
        act = rng.random((c.n_users, days.size)) < p
        user_i, day_i = np.nonzero(act)
        # a second feature on some active user-days
        extra = rng.random(user_i.size) < 0.2
        user_i = np.concatenate([user_i, user_i[extra]])
        day_i = np.concatenate([day_i, day_i[extra]])
        d = days[day_i]
        u = rng.random(d.size)
        cum = np.where((d >= launch)[:, None], cum_post[None, :], cum_pre[None, :])
        feat = np.minimum((u[:, None] > cum).sum(axis=1), len(FEATURES) - 1)
        minutes = np.clip(np.round(rng.lognormal(math.log(14), 0.8, d.size)), 1, 240).astype(np.int64)
        chunks.append((c.cid, d, user_i, feat, minutes))
    rows: list[tuple] = []
    for cid, d, ui, feat, minutes in chunks:
        for a, b, f, m in zip(d.tolist(), ui.tolist(), feat.tolist(), minutes.tolist(), strict=True):
            rows.append((a, cid, b + 1, f, m))
    rows.sort()
    # a user uses a feature at most once a day in the export: merge duplicates (second draws of the same feature)
    merged: list[list] = []
    for a, cid, u, f, m in rows:
        if merged and merged[-1][0] == a and merged[-1][1] == cid and merged[-1][2] == u and merged[-1][3] == f:
            merged[-1][4] += m
        else:
            merged.append([a, cid, u, f, m])
    head = ["Date", "Customer ID", "User ID", "Feature", "Minutes"]
    out = [[date.fromordinal(a), cid, f"{cid}-U{u:02d}", FEATURES[f], m] for a, cid, u, f, m in merged]
    return head, out, active_days
