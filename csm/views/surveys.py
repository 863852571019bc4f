"""Survey responses as the Customer voice page lists them: one type's responses with their NPS group, the scores
given, and the share of each group or score per period."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..engine import Analysis
from ..schema import NPS_BANDS, SURVEY_TYPES, survey_types
from .metric_table import add_period_dates

NPS_GROUPS = tuple(NPS_BANDS)  # detractor, passive, promoter


def nps_group(score: pd.Series) -> pd.Series:
    """promoter (9–10), passive (7–8) or detractor (0–6): the bands of csm.schema.NPS_BANDS, read from the top (a
    score is in the highest band whose lowest score it reaches) — METRICS.md, whatever seed 004 says."""
    reaches = [score >= NPS_BANDS["promoter"][0], score >= NPS_BANDS["passive"][0]]
    return pd.Series(np.select(reaches, ["promoter", "passive"], "detractor"), index=score.index)


def answered_types(analysis: Analysis) -> list[str]:
    """The survey types with at least one response in the analysis, in the order of csm.schema.SURVEY_TYPES."""
    t = analysis.table("surveys")
    if t is None:
        return []
    types = survey_types(t)
    return [k for k in SURVEY_TYPES if (types == k).any()]


def survey_responses(analysis: Analysis, survey_type: str, i: int | None = None) -> pd.DataFrame:
    """The responses of one survey type (in period i, or in the whole range): date, customer, score, group, comment,
    and where the answer was given ("from": survey or ticket) when some came from tickets."""
    t = analysis.table("surveys")
    cols = ["date", "period", "customer_id", "name", "score", "group", "comment"]
    if t is None:
        return pd.DataFrame(columns=cols)
    t = t[survey_types(t) == survey_type]
    pidx = analysis.period_index(t["date"].to_numpy(dtype="datetime64[D]"))
    keep = pidx == i if i is not None else pidx >= 0
    t, pidx = t[keep], pidx[keep]
    labels = np.asarray(analysis.periods.labels, dtype=object)
    out = pd.DataFrame({
        "date": t["date"].to_numpy(), "period": labels[pidx] if len(pidx) else [],
        "customer_id": t["customer_id"].to_numpy() if "customer_id" in t else None,
        "score": t["score"].to_numpy(),
        "group": nps_group(t["score"]).to_numpy() if survey_type == "nps" else None,
        "comment": t["comment"].to_numpy() if "comment" in t else None,
    })
    attrs = analysis.attributes
    if "name" in attrs and out["customer_id"].notna().any():
        out = out.merge(attrs[["customer_id", "name"]].drop_duplicates("customer_id"), on="customer_id", how="left")
    else:
        out["name"] = None
    if "origin" in t and t["origin"].eq("ticket").any():
        out["from"] = t["origin"].to_numpy()
        cols.append("from")
    return out[cols].sort_values("date", kind="stable").reset_index(drop=True)


def score_distribution(responses: pd.DataFrame) -> pd.DataFrame:
    """How many responses gave each score: score, responses (and the NPS group when known)."""
    by = ["score", "group"] if responses["group"].notna().any() else ["score"]
    return responses.groupby(by, dropna=False).size().rename("responses").reset_index()


def score_shares(analysis: Analysis, survey_type: str) -> pd.DataFrame:
    """Per period, the share (%) of responses in each group (NPS) or at each score (CSAT, CES)."""
    r = survey_responses(analysis, survey_type)
    if r.empty:
        return pd.DataFrame(columns=["period", "start", "end", "category", "value", "responses"])
    cat = r["group"] if survey_type == "nps" else r["score"].map(lambda s: f"{s:g}")
    counts = pd.crosstab(r["period"], cat)
    shares = counts.div(counts.sum(axis=1), axis=0) * 100
    long = shares.stack().rename("value").reset_index()
    long.columns = ["period", "category", "value"]
    long["responses"] = counts.stack().to_numpy()
    add_period_dates(long, analysis.periods)
    return long[["period", "start", "end", "category", "value", "responses"]]
