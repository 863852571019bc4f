"""Brightwave's support tickets: per active day of a customer, more during the outage, the first month and before
churn; agents, priorities, first-contact resolution and resolution times."""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import numpy as np

from .determinism import rng_for
from .simulation import Company, Customer
from .story import AGENTS, OUTAGE_END, OUTAGE_START, PRIORITIES


def tickets_rows(co: Company, custs: list[Customer], active_days: dict[str, np.ndarray]) -> list[dict]:
    rng = rng_for("brightwave:tickets")
    o_out_a, o_out_b = OUTAGE_START.toordinal(), OUTAGE_END.toordinal()
    tickets: list[dict] = []
    cut = datetime.combine(co.end, datetime.max.time())
    for c in custs:
        days = active_days.get(c.cid)
        if days is None or days.size == 0:
            continue
        base = {0: 0.25, 1: 0.45, 2: 0.9}[co.plans.index(c.plan0)] / 30
        weekday = (days - 1) % 7
        rate = base * np.where(weekday < 5, 1.3, 0.25)
        rate = rate * np.where((days >= o_out_a) & (days <= o_out_b), 5.0, 1.0)
        rate = rate * np.where(days - days[0] < 30, 2.0, 1.0)
        ends = np.array(sorted(b.toordinal() for _, b, how in c.intervals(co.end) if how == "churn"), dtype=np.int64)
        if ends.size:
            pos = np.searchsorted(ends, days, side="right")
            to_end = np.where(pos < ends.size, ends[np.minimum(pos, ends.size - 1)] - days, 10_000)
            rate = rate * np.where(to_end < 60, 1.8, 1.0)
        n = rng.poisson(rate)
        for day_ord in np.repeat(days, n).tolist():
            d = date.fromordinal(day_ord)
            hour = int(rng.choice(np.arange(7, 20), p=_HOUR_P))
            created = datetime(d.year, d.month, d.day, hour, int(rng.integers(0, 60)))
            agents = [a for a in AGENTS if a[1] <= d]
            name, _, fcr_p = agents[int(rng.integers(len(agents)))]
            outage = OUTAGE_START <= d <= OUTAGE_END
            if co.events and d >= date(2025, 1, 1):
                fcr_p += 0.05
            if outage:
                fcr_p -= 0.2
            prio = PRIORITIES[int(rng.choice(4, p=[0.05, 0.25, 0.35, 0.35] if outage else [0.25, 0.5, 0.2, 0.05]))]
            fcr = bool(rng.random() < fcr_p)
            contacts = 1 if fcr else 2 + int(rng.poisson(1.0))
            hours = rng.lognormal(math.log(2.5), 0.9) if fcr else rng.lognormal(math.log(14 * (contacts - 1)), 0.7)
            if prio == "Urgent":
                hours *= 0.4
            resolved = created + timedelta(minutes=max(5, round(hours * 60)))
            if (co.end - d).days < 6 and rng.random() < 0.2:  # a few tickets of the last days are still open
                resolved = None
            tickets.append({"customer": c.cid, "created": created, "resolved": None if resolved is None or resolved > cut else resolved,
                            "fcr": fcr, "contacts": contacts, "agent": name, "priority": prio})
    tickets.sort(key=lambda t: (t["created"], t["customer"]))
    for i, t in enumerate(tickets):
        t["id"] = f"TCK-{10001 + i}"
    _first_responses(co, tickets)
    return tickets


def _first_responses(co: Company, tickets: list[dict]) -> None:
    """When each ticket got its first reply: about 40 minutes on a weekday, hours at weekends and in the outage,
    faster once the CS team grew in 2025; never after the resolution. Its own generator: the other draws stay."""
    rng = rng_for("brightwave:first_response")
    for t in tickets:
        created = t["created"]
        minutes = rng.lognormal(math.log(40), 0.8)
        if created.weekday() >= 5:
            minutes *= 6
        if OUTAGE_START <= created.date() <= OUTAGE_END:
            minutes *= 4
        if co.events and created.date() >= date(2025, 1, 1):
            minutes *= 0.7
        first = created + timedelta(minutes=max(1, round(minutes)))
        if t["resolved"] is not None:
            first = min(first, t["resolved"])
        t["first_response"] = first


_HOUR_P = np.array([2, 6, 10, 11, 10, 8, 9, 10, 10, 9, 7, 5, 3], dtype=float)
_HOUR_P /= _HOUR_P.sum()


def tickets_table(tickets: list[dict]) -> tuple[list[str], list[list]]:
    head = ["Ticket ID", "Customer ID", "Created at", "First response at", "Resolved at", "Resolved on first contact",
            "Contacts", "Agent", "Priority"]
    rows = [[t["id"], t["customer"], t["created"], t["first_response"], t["resolved"],
             "Y" if t["fcr"] and t["resolved"] else "N", t["contacts"], t["agent"], t["priority"]] for t in tickets]
    return head, rows
