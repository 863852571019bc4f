"""Support and onboarding: first-contact resolution, resolution time, onboarding speed — METRICS.md "Support,
onboarding, conversion, usage"."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .. import fmt
from ..engine import Analysis
from .build import pct, pct_lines, series
from .per_period import as_list, period_stat, period_sums
from .registry import metric


def median_lines(labels, n, values, what: str, unit: str, none: str) -> list[str]:
    """'median of 101 tickets resolved in 2024-12 = 32 hours' for every period (`what` and `none` take the label)."""
    return [f"median of {fmt.num(c)} {what.format(lab)} = {fmt.num(v)} {unit}" if c else none.format(lab)
            for lab, c, v in zip(labels, n, values, strict=True)]


# ----- first-contact resolution -----------------------------------------------------------------------------
def needs_fcr(a: Analysis) -> str | None:
    ds = a.dataset
    if not (ds.has("tickets", "first_contact_resolved") or ds.has("tickets", "contacts")):
        return "needs a tickets table with created_at and first_contact_resolved (or a contacts count)"
    if a.settings.fcr_denominator == "resolved" and not ds.has("tickets", "resolved_at"):
        return "the resolved denominator needs a tickets table with resolved_at"
    return None


def first_contact(t: pd.DataFrame) -> np.ndarray:
    """Resolved on first contact: the boolean column where it is filled in, else a contacts count equal to 1."""
    by_count = t["contacts"].eq(1).fillna(False) if "contacts" in t else pd.Series(False, index=t.index)
    if "first_contact_resolved" not in t:
        return by_count.to_numpy(dtype=bool)
    return t["first_contact_resolved"].astype("boolean").fillna(by_count.astype("boolean")).to_numpy(dtype=bool)


FCR_FORMULAS = {
    "created": ("tickets created in the period resolved on first contact ÷ tickets created in the period × 100",
                r"\frac{\#\{\text{created in } P,\ \text{first contact}\}}{\#\{\text{created in } P\}} \times 100"),
    "resolved": ("tickets created in the period resolved on first contact ÷ those of them resolved × 100",
                 r"\frac{\#\{\text{created in } P,\ \text{first contact}\}}{\#\{\text{created in } P,\ "
                 r"\text{resolved}\}} \times 100"),
}


@metric(id="first_contact_resolution_rate", reads=("fcr_denominator",),
        name="First-contact resolution rate", unit="percent", group="support",
        formula=FCR_FORMULAS["created"][0], latex=FCR_FORMULAS["created"][1], requires=needs_fcr, needs=("tickets",),
        definition="The share of support tickets resolved at the first point of contact (seed 002), over the tickets "
                   "created in the period.",
        notes=("First contact comes from the first_contact_resolved column where it is filled in, else from a "
               "contacts count equal to 1.",
               "Variant `resolved` divides by the tickets created in the period that are resolved (at any time), and "
               "counts only resolved tickets on top, so the rate stays within 0–100.",
               "Tickets are placed in periods by the calendar day they were created."),
        source="seed 002")
def first_contact_resolution_rate(a: Analysis):
    t = a.table("tickets")
    variant = a.settings.fcr_denominator
    pidx = a.period_index(t["created_at"])
    fc = first_contact(t)
    if variant == "resolved":
        done = t["resolved_at"].notna().to_numpy()
        pidx, fc = pidx[done], fc[done]
    k = len(a.periods)
    den, num = period_sums(pidx, k), period_sums(pidx[fc], k)
    values = pct(num, den)
    what = "tickets" if variant == "created" else "resolved tickets"
    worked = pct_lines(num, den, values, [f"{fmt.num(x)} first-contact" for x in num],
                       [f"{fmt.num(x)} {what}" for x in den])
    return series(a, "first_contact_resolution_rate", values, num=num, den=den, worked=worked, n=den, variant=variant,
                  formula=FCR_FORMULAS[variant][0], latex=FCR_FORMULAS[variant][1],
                  why=f"no {what} were created")


# ----- resolution time --------------------------------------------------------------------------------------
def needs_resolved(a: Analysis) -> str | None:
    return None if a.dataset.has("tickets", "resolved_at") else "needs a tickets table with created_at and resolved_at"


@metric(id="resolution_time_hours", name="Resolution time", unit="hours", group="support",
        formula="median hours from created to resolved, over tickets resolved in the period",
        latex=r"\operatorname{median}_{t \text{ resolved in } P} (\mathrm{resolved}_t - \mathrm{created}_t)",
        requires=needs_resolved, needs=("tickets",),
        definition="How long support takes to resolve a ticket: the median hours from creation to resolution of the "
                   "tickets resolved in the period (time of day kept).",
        notes=("The median, not the mean, so a few tickets left open for months do not swamp the figure.",
               "Tickets are placed by the calendar day they were resolved; open tickets are left out."),
        higher_is_better=False, source="seed 004 (support-team performance)")
def resolution_time_hours(a: Analysis):
    t = a.table("tickets")
    t = t[t["resolved_at"].notna()]
    hours = (t["resolved_at"] - t["created_at"]).dt.total_seconds().to_numpy(dtype=float) / 3600
    pidx = a.period_index(t["resolved_at"])
    k = len(a.periods)
    values, n = period_stat(hours, pidx, k), period_sums(pidx, k)
    lab = a.periods.labels
    worked = median_lines(lab, n, values, "tickets resolved in {}", "hours", "no tickets resolved in {}")
    return series(a, "resolution_time_hours", values, worked=worked, n=n, why="no tickets were resolved")


# ----- first response time --------------------------------------------------------------------------------
def needs_first_response(a: Analysis) -> str | None:
    ds = a.dataset
    if ds.has("tickets", "first_response_minutes") or ds.has("tickets", "first_response_at"):
        return None
    return "needs a tickets table with created_at and first_response_at (or first_response_minutes)"


def first_response_minutes(t: pd.DataFrame) -> np.ndarray:
    """Minutes to each ticket's first reply: the minutes column where it is filled in, else first reply − creation."""
    none = pd.Series(np.nan, index=t.index)
    minutes = t["first_response_minutes"].astype(float) if "first_response_minutes" in t else none
    if "first_response_at" in t:
        minutes = minutes.fillna((t["first_response_at"] - t["created_at"]).dt.total_seconds() / 60)
    return minutes.to_numpy(dtype=float)


@metric(id="first_response_minutes", name="First response time", unit="minutes", group="support",
        formula="median minutes from created to the first reply, over tickets created in the period",
        latex=r"\operatorname{median}_{t \text{ created in } P} (\mathrm{first\ reply}_t - \mathrm{created}_t)",
        requires=needs_first_response, needs=("tickets",),
        definition="How long a customer waits for the first answer: the median minutes from a ticket's creation to "
                   "its first reply, over the tickets created in the period.",
        notes=("The median, so a few tickets answered days later do not swamp the figure.",
               "From the first_response_minutes column where filled in (converted from seconds or hours when the "
               "mapping says so), else from first_response_at − created_at.",
               "Tickets without a first reply yet, or with a reply before their creation, are left out."),
        higher_is_better=False, source="support-desk practice (Zendesk, Freshdesk, Intercom)")
def first_response_time(a: Analysis):
    t = a.table("tickets")
    minutes = first_response_minutes(t)
    ok = ~np.isnan(minutes) & (minutes >= 0)
    pidx = a.period_index(t["created_at"])[ok]
    k = len(a.periods)
    values, n = period_stat(minutes[ok], pidx, k), period_sums(pidx, k)
    lab = a.periods.labels
    worked = median_lines(lab, n, values, "tickets created in {}", "minutes", "no ticket created in {} has a first reply")
    return series(a, "first_response_minutes", values, worked=worked, n=n, why="no ticket had a first reply")


# ----- onboarding speed -------------------------------------------------------------------------------------
def needs_onboarding(a: Analysis) -> str | None:
    ds = a.dataset
    if ds.has("customers", "onboarding_complete") and (ds.has("customers", "onboarding_start")
                                                       or ds.has("customers", "signup_date")):
        return None
    return "needs a customers table with onboarding_complete and onboarding_start (or signup_date)"


def onboarding_durations(c: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(completion day, days taken) of every customer with a completion and a start; start = onboarding_start,
    else signup_date."""
    none = pd.Series(pd.NaT, index=c.index, dtype="datetime64[ns]")
    start = c.get("onboarding_start", none)
    if "signup_date" in c:
        start = start.fillna(c["signup_date"])
    ok = (c["onboarding_complete"].notna() & start.notna()).to_numpy()
    done = c["onboarding_complete"].to_numpy(dtype="datetime64[D]")[ok]
    return done, (done - start.to_numpy(dtype="datetime64[D]")[ok]).astype(np.int64).astype(float)


@metric(id="onboarding_days", reads=("onboarding_target_days",),
        name="Onboarding speed", unit="days", group="support",
        formula="median days from onboarding start to onboarding complete, over customers completing in the period",
        latex=r"\operatorname{median}_{c \text{ completing in } P} (\mathrm{complete}_c - \mathrm{start}_c)",
        requires=needs_onboarding, needs=("customers",),
        definition="How fast new customers get up and running (seed 000): the median days from onboarding start "
                   "(default: signup date) to onboarding complete, over customers completing in the period.",
        notes=("Extra series: `mean`, `p90` (90th percentile, linear interpolation) and `within_target` (% done "
               "within the target, default 30 days, inclusive).",
               "A customer whose onboarding_start is blank starts on their signup date.",
               "A completion before its start is a data error; such customers are left out and counted in a "
               "warning."),
        higher_is_better=False, source="seed 000")
def onboarding_days(a: Analysis):
    done, days = onboarding_durations(a.table("customers"))
    bad = days < 0
    done, days = done[~bad], days[~bad]
    pidx = a.period_index(done)
    k = len(a.periods)
    target = a.settings.onboarding_target_days
    n = period_sums(pidx, k)
    values = period_stat(days, pidx, k)
    extra = {"mean": as_list(period_stat(days, pidx, k, "mean")), "p90": as_list(period_stat(days, pidx, k, "p90")),
             "within_target": as_list(pct(period_sums(pidx[days <= target], k), n))}
    lab = a.periods.labels
    worked = median_lines(lab, n, values, "customers completing onboarding in {}", "days",
                          "no customer completed onboarding in {}")
    s = series(a, "onboarding_days", values, worked=worked, n=n, variant=f"target {fmt.num(target)} days",
               why="no customer completed onboarding", extra=extra)
    if bad.any():
        s = dataclasses.replace(s, warnings=(*s.warnings, f"onboarding_days leaves out {int(bad.sum())} customers "
                                                          "whose onboarding completes before it starts."))
    return s
