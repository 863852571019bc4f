"""Brightwave's survey answers: quarterly NPS, CSAT after resolved tickets, CES after onboarding."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from .dates import month_starts
from .determinism import rng_for
from .simulation import Company, Customer
from .story import FORECASTING_LAUNCH
from .words import CES_COMMENTS, CSAT_COMMENTS, NPS_COMMENTS


def surveys_table(co: Company, custs: list[Customer], tickets: list[dict]) -> tuple[list[str], list[list]]:
    rng = rng_for("brightwave:surveys:2")
    out: list[tuple] = []  # date, type, customer, score, comment

    def pick(options: tuple[str, ...]) -> str:
        return options[int(rng.integers(len(options)))]

    # NPS: every quarter, every paying customer is asked once (a rolling schedule over the quarter); ~30 % answer
    quarters = [q for q in month_starts(co.start, co.end) if q.month in (1, 4, 7, 10)]
    for c in custs:
        for q in quarters:
            sent = q + timedelta(int(rng.integers(0, 84)))
            ans = sent + timedelta(int(rng.integers(0, 11)))
            paying = any(s.start <= sent and (s.end is None or s.end > sent) for s in c.subs)
            respond = rng.random() < 0.30
            if not paying or not respond or ans > co.end:
                continue
            latent = 8.1 + 1.2 * c.fit + (0.3 if c.plan == "Scale" else 0.0) + rng.normal(0, 1.5)
            if any(s.end_reason in ("churn", "early_cancel") and 0 <= (s.end - ans).days <= 120 for s in c.subs):
                latent -= 2.2
            if date(2024, 7, 1) <= ans < date(2024, 10, 1):
                latent -= 1.0
            if ans >= date(2025, 1, 1):
                latent += 0.4
            score = int(np.clip(round(latent), 0, 10))
            group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
            comment = pick(NPS_COMMENTS[group]) if rng.random() < 0.55 else ""
            if comment.startswith("Forecasting") and ans < FORECASTING_LAUNCH:
                comment = NPS_COMMENTS["promoter"][0]
            if "July outage" in comment and ans < date(2024, 8, 1):
                comment = NPS_COMMENTS["detractor"][0]
            out.append((ans, "nps", c.cid, score, comment))
    # CSAT after resolved tickets
    csat_p = {"fcr": [0.02, 0.03, 0.08, 0.32, 0.55], "multi": [0.07, 0.10, 0.18, 0.33, 0.32],
              "slow": [0.15, 0.15, 0.25, 0.25, 0.20]}
    for t in tickets:
        if t["resolved"] is None or rng.random() >= 0.35:
            continue
        d = t["resolved"].date() + timedelta(int(rng.integers(0, 2)))
        if d > co.end:
            continue
        hours = (t["resolved"] - t["created"]).total_seconds() / 3600
        key = "fcr" if t["fcr"] else ("slow" if hours > 48 else "multi")
        score = int(rng.choice(5, p=csat_p[key])) + 1
        comment = ""
        if rng.random() < 0.3:
            comment = pick(CSAT_COMMENTS["good" if score >= 4 else "bad"])
        out.append((d, "csat", t["customer"], score, comment))
    # CES after onboarding
    ces_p = {"fast": [0.02, 0.05, 0.13, 0.40, 0.40], "mid": [0.04, 0.10, 0.26, 0.38, 0.22],
             "slow": [0.12, 0.22, 0.30, 0.26, 0.10]}
    for c in custs:
        if c.onboarding_complete is None or rng.random() >= 0.55:
            continue
        d = c.onboarding_complete + timedelta(int(rng.integers(1, 5)))
        if d > co.end:
            continue
        took = (c.onboarding_complete - c.onboarding_start).days
        score = int(rng.choice(5, p=ces_p["fast" if took <= 14 else "mid" if took <= 30 else "slow"])) + 1
        comment = pick(CES_COMMENTS["easy" if score >= 4 else "hard"]) if rng.random() < 0.35 else ""
        out.append((d, "ces", c.cid, score, comment))
    out.sort(key=lambda r: (r[0], r[1], r[2]))
    head = ["Response ID", "Date", "Customer ID", "Survey type", "Score", "Comment"]
    return head, [[f"R-{i + 1:05d}", d, cid, typ, score, com] for i, (d, typ, cid, score, com) in enumerate(out)]
