"""Customer voice: NPS with its three shares, CSAT with its mean, CES with its low-effort share — METRICS.md
"Customer voice (surveys)".

Each metric reads only the responses of its own survey type, so a table holding one or two types is fine. Scores
outside a type's range never get here: the loader rejects them row by row.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt
from ..engine import Analysis
from ..results import safe_ratio
from ..schema import NPS_BANDS, SURVEY_LABELS, detect_scale, survey_types
from .build import pct, pct_lines, ratio_lines, series
from .per_period import as_list, period_sums
from .registry import metric

CSAT_THRESHOLDS = {5: 4.0, 7: 6.0, 10: 8.0}  # default "satisfied" threshold by scale


def _of_type(t: pd.DataFrame | None, survey_type: str) -> pd.DataFrame | None:
    if t is None:
        return None
    types = survey_types(t)
    return t[(types == survey_type).to_numpy() & t["score"].notna().to_numpy()]


def _needs(survey_type: str):
    def requires(a: Analysis) -> str | None:
        rows = _of_type(a.dataset.get("surveys"), survey_type)
        if rows is None or rows.empty:
            return f"needs a surveys table with {SURVEY_LABELS[survey_type]} responses (date, score)"
        return None

    return requires


def _responses(a: Analysis, survey_type: str) -> tuple[np.ndarray, np.ndarray]:
    """(period index, score) of the analysis's responses of one type (after the customer filters)."""
    rows = _of_type(a.table("surveys"), survey_type)
    if rows is None:
        return np.zeros(0, np.int64), np.zeros(0)
    return a.period_index(rows["date"]), rows["score"].to_numpy(dtype=float)


def survey_scale(a: Analysis, survey_type: str) -> int:
    """The scale of a survey type, detected from all its responses (before customer filters, so a filtered view
    reads the same instrument), unless the settings fix it (CSAT only)."""
    if survey_type == "csat" and a.settings.csat_scale:
        return int(a.settings.csat_scale)
    rows = _of_type(a.dataset.get("surveys"), survey_type)
    return detect_scale(rows["score"].to_numpy(dtype=float) if rows is not None else [])


VOICE = dict(group="voice", needs=("surveys",))


# ----- NPS --------------------------------------------------------------------------------------------------
@metric(id="nps", name="Net Promoter Score", unit="score", formula="% promoters (9–10) − % detractors (0–6)",
        latex=r"\frac{\#\{s \ge 9\} - \#\{s \le 6\}}{\#\text{responses}} \times 100", requires=_needs("nps"),
        definition="The share of promoters (9–10) minus the share of detractors (0–6) among the NPS responses dated "
                   "in the period, from −100 to 100. Passives (7–8) count in the total only.",
        notes=("Seed 002 says to subtract the percentage of promoters from that of detractors; that gives the "
               "negative of the score. We use the standard % promoters − % detractors (seed 000, Bain).",
               "Seed 004 calls 0–8 detractors; 7–8 are passives in the standard definition, which we use.",
               "A 1–10 survey (seed 003) is read on the same cut-offs.",
               "The extra series `promoters`, `passives` and `detractors` are the three shares in %; they sum to "
               "100."),
        source="seed 000", **VOICE)
def nps(a: Analysis):
    pidx, score = _responses(a, "nps")
    k = len(a.periods)
    total = period_sums(pidx, k)
    promoter, detractor = NPS_BANDS["promoter"][0], NPS_BANDS["detractor"][1]
    pro, det = period_sums(pidx[score >= promoter], k), period_sums(pidx[score <= detractor], k)
    pas = total - pro - det
    shares = {"promoters": pct(pro, total), "passives": pct(pas, total), "detractors": pct(det, total)}
    values = shares["promoters"] - shares["detractors"]
    num = pro - det
    worked = [f"{fmt.num(sp)} % promoters ({fmt.num(p)} of {fmt.num(n)}) − {fmt.num(sd)} % detractors "
              f"({fmt.num(d)} of {fmt.num(n)}) = {fmt.num(v)}" if n else "no NPS responses: undefined"
              for sp, p, sd, d, n, v in zip(shares["promoters"], pro, shares["detractors"], det, total, values,
                                            strict=True)]
    return series(a, "nps", values, num=num, den=total, worked=worked, n=total,
                  why="there were no NPS responses", extra={k_: as_list(v) for k_, v in shares.items()})


# ----- CSAT -------------------------------------------------------------------------------------------------
def csat_threshold(a: Analysis, scale: int) -> float:
    if a.settings.csat_threshold is not None:
        return float(a.settings.csat_threshold)
    return CSAT_THRESHOLDS.get(scale, float(np.ceil(0.8 * scale)))


@metric(id="csat", reads=("csat_scale", "csat_threshold"),
        name="CSAT", unit="percent", formula="responses ≥ threshold ÷ responses × 100",
        latex=r"\frac{\#\{s \ge \text{threshold}\}}{\#\text{responses}} \times 100", requires=_needs("csat"),
        definition="The share of satisfied CSAT responses in the period. The scale (1–5, 1–7 or 0/1–10) is detected "
                   "from the highest score given, or set; the default threshold is 4 on a 5-point scale, 6 on a "
                   "7-point scale and 8 on a 10-point scale.",
        notes=("Seed 002: \"everyone who rated you 8 or higher\" on a 10-point scale.",
               "The scale is read from every CSAT response in the data, before any customer filter, so one threshold "
               "holds for all periods: highest score ≤ 5 → 5-point, ≤ 7 → 7-point, else 10-point.",
               "The extra series `mean_score` is the mean CSAT score of the period.",
               "A satisfaction score given on a support ticket counts as a CSAT response dated by the ticket's "
               "creation; the worked line says how many came from tickets."),
        source="seeds 002, 003, 004", **VOICE)
def csat(a: Analysis):
    pidx, score = _responses(a, "csat")
    k = len(a.periods)
    scale = survey_scale(a, "csat")
    threshold = csat_threshold(a, scale)
    total, happy = period_sums(pidx, k), period_sums(pidx[score >= threshold], k)
    values = pct(happy, total)
    mean = safe_ratio(period_sums(pidx, k, score), total)
    th = fmt.num(threshold)
    rows = _of_type(a.table("surveys"), "csat")
    on_tickets = period_sums(pidx[(rows["origin"] == "ticket").to_numpy()], k) if "origin" in rows else 0 * total
    worked = pct_lines(happy, total, values, [f"{fmt.num(h)} responses ≥ {th}" for h in happy],
                       [f"{fmt.num(n)} responses" + (_on_tickets(t, n) if t else "")
                        for n, t in zip(total, on_tickets, strict=True)])
    return series(a, "csat", values, num=happy, den=total, worked=worked, n=total, variant=f"{scale}-point, ≥ {th}",
                  formula=f"responses ≥ {th} (of {scale}) ÷ responses × 100",
                  latex=rf"\frac{{\#\{{s \ge {th}\}}}}{{\#\text{{responses}}}} \times 100",
                  why="there were no CSAT responses", extra={"mean_score": as_list(mean)})


def _on_tickets(t: int, n: int) -> str:
    return " (all on tickets)" if t == n else f" ({fmt.num(t)} on tickets)"


# ----- CES --------------------------------------------------------------------------------------------------
@metric(id="ces", reads=("ces_direction",),
        name="Customer Effort Score", unit="score", formula="mean effort score of the responses",
        latex=r"\frac{\sum s}{\#\text{responses}}", requires=_needs("ces"),
        definition="The mean effort score of the CES responses in the period, with the share of low-effort answers "
                   "(the top two boxes on the easy side of the scale).",
        notes=("Default `higher_is_easier` follows seed 003 (1 = a lot of effort, 5 = little effort).",
               "The scale (5, 7 or 10 points) is detected from the highest score given. Low effort = the two "
               "highest boxes (4–5 on a 5-point scale) when higher is easier, 1–2 when higher is harder.",
               "The extra series `low_effort_share` is that share in %."),
        higher_is_better=None, source="seeds 000, 002, 003", **VOICE)
def ces(a: Analysis):
    pidx, score = _responses(a, "ces")
    k = len(a.periods)
    scale = survey_scale(a, "ces")
    easier = a.settings.ces_direction == "higher_is_easier"
    easy = score >= scale - 1 if easier else score <= 2
    total, score_sum = period_sums(pidx, k), period_sums(pidx, k, score)
    values = safe_ratio(score_sum, total)
    low = pct(period_sums(pidx[easy], k), total)
    worked = ratio_lines(score_sum, total, values, [f"Σ scores {fmt.num(s)}" for s in score_sum],
                         [f"{fmt.num(n)} responses" for n in total])
    boxes = f"{fmt.num(scale - 1)}–{scale}" if easier else "1–2"
    return series(a, "ces", values, num=score_sum, den=total, worked=worked, n=total, variant=a.settings.ces_direction,
                  formula=f"mean effort score of the responses ({scale}-point; low effort = {boxes})",
                  why="there were no CES responses", extra={"low_effort_share": as_list(low)})
