"""Brightwave's cancellation log: one churn event per customer who left (the customers table's churn date), with the
reason picked from the cancellation form and, for about half, what the customer wrote. Drawn from its own generator,
so the other tables are untouched; the churn dates agree with the customers table, so no count changes."""
from __future__ import annotations

from datetime import date

import numpy as np

from .determinism import rng_for
from .simulation import Customer
from .story import OUTAGE_END

REASONS = ("Too expensive", "Missing a feature", "Switched to a competitor", "Not using it enough", "Business closed",
           "Reliability")
COMMENTS = {
    "Too expensive": ("Budget cut this quarter.", "Hard to justify the price for a team our size."),
    "Missing a feature": ("We needed a HubSpot connector.", "No way to schedule exports to our warehouse."),
    "Switched to a competitor": ("Moved to a tool our parent company already pays for.",
                                 "Found something closer to what we need."),
    "Not using it enough": ("Only one person logged in after onboarding.", "We never finished the setup."),
    "Business closed": ("We are winding the company down.",),
    "Reliability": ("The July outage cost us a board report.", "Too many sync failures last summer."),
}


def churn_events_table(custs: list[Customer]) -> tuple[list[str], list[list]]:
    rng = rng_for("brightwave:churn_log")
    rows = []
    for c in sorted((c for c in custs if c.churn_date is not None), key=lambda c: (c.churn_date, c.cid)):
        p = np.array([0.26, 0.2, 0.16, 0.22, 0.06, 0.10])
        if date(2024, 7, 1) <= c.churn_date <= date(OUTAGE_END.year, 10, 31):
            p[5] *= 4  # the outage's months: reliability leads
        if c.plan == "Starter":
            p[0] *= 1.6
        reason = REASONS[int(rng.choice(len(REASONS), p=p / p.sum()))]
        said = COMMENTS[reason]
        comment = said[int(rng.integers(len(said)))] if rng.random() < 0.5 else None
        rows.append([c.cid, c.churn_date, reason, comment])
    return ["Customer ID", "Churn date", "Churn reason", "Comment"], rows
