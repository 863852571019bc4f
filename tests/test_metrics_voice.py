"""NPS, CSAT and CES against hand-computed tables, the sources' examples, scale detection and invariants."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.engine import Analysis, Settings
from csm.metrics import REGISTRY, compute

from .conftest import dataset, frame

JAN1, MAR31 = dt.date(2024, 1, 1), dt.date(2024, 3, 31)


def surveys(rows) -> object:
    return frame(rows, "date score survey_type")


def analysis(table, **kw) -> Analysis:
    return Analysis(dataset(surveys=table), Settings(start=JAN1, end=MAR31, **kw))


def values(a: Analysis, metric_id: str) -> list:
    return [p.value for p in compute(a, metric_id).points]


# Jan: NPS 10 9 8 7 6 0 (2 promoters, 2 passives, 2 detractors); Feb: 10 10 9 3; Mar: none.
# CSAT (5-point) Jan: 5 4 3 2; Feb: 4. CES (5-point) Jan: 1 2 4 5 5.
MIXED = surveys(
    [(f"2024-01-{d:02d}", s, "nps") for d, s in zip(range(2, 8), (10, 9, 8, 7, 6, 0), strict=True)]
    + [(f"2024-02-{d:02d}", s, "nps") for d, s in zip(range(2, 6), (10, 10, 9, 3), strict=True)]
    + [("2024-01-10", s, "csat") for s in (5, 4, 3, 2)] + [("2024-02-10", 4.0, "csat")]
    + [("2024-01-11", s, "ces") for s in (1, 2, 4, 5, 5)]
)

EXPECTED = {  # Jan, Feb, Mar
    "nps": [0, 50, None],
    "csat": [50, 100, None],
    "ces": [3.4, None, None],
}


@pytest.mark.parametrize("metric_id", EXPECTED)
def test_voice_metrics_match_hand_computed_table(metric_id):
    assert values(analysis(MIXED), metric_id) == pytest.approx(EXPECTED[metric_id])


def test_nps_shares_and_worked_line():
    s = compute(analysis(MIXED), "nps")
    third = pytest.approx(100 / 3)
    assert s.extra == {"promoters": [third, 75, None], "passives": [third, 0, None], "detractors": [third, 25, None]}
    p = s.points[1]
    assert (p.numerator, p.denominator, p.n, p.small_sample) == (2, 4, 4, True)
    assert p.worked == "75 % promoters (3 of 4) − 25 % detractors (1 of 4) = 50"
    assert s.warnings == ("nps is undefined (null) in 2024-03: there were no NPS responses.",)


def test_nps_is_promoters_minus_detractors_not_seed_002s_reverse():
    """Seed 002 subtracts promoters from detractors; 45 promoters and 12 detractors of 100 is +33, not −33."""
    rows = [("2024-01-15", 10.0 if i < 45 else 0.0 if i < 57 else 8.0, "nps") for i in range(100)]
    p = compute(analysis(surveys(rows)), "nps").points[0]
    assert (p.value, p.small_sample) == (33, False)


def test_seven_and_eight_are_passives_not_detractors_as_seed_004_says():
    rows = [("2024-01-15", s, "nps") for s in (7, 8, 9, 10)]
    assert values(analysis(surveys(rows)), "nps")[0] == 50


def test_one_response():
    assert values(analysis(surveys([("2024-03-31", 6.0, "nps")])), "nps") == [None, None, -100]


def test_csat_mean_score_and_worked_line():
    s = compute(analysis(MIXED), "csat")
    assert s.variant == "5-point, ≥ 4" and s.extra == {"mean_score": [3.5, 4, None]}
    assert s.points[0].worked == "2 responses ≥ 4 ÷ 4 responses × 100 = 50 %"


@pytest.mark.parametrize(("scores", "kw", "variant", "value"), [
    ((1, 2, 3, 4, 5), {}, "5-point, ≥ 4", 40),
    ((1, 4, 5, 6, 7), {}, "7-point, ≥ 6", 40),  # max 7 → 7-point, satisfied ≥ 6
    ((0, 5, 7, 8, 10), {}, "10-point, ≥ 8", 40),  # seed 002: "8 or higher"
    ((1, 2, 3, 4, 5), {"csat_threshold": 5}, "5-point, ≥ 5", 20),
    ((1, 2, 3, 4, 5), {"csat_scale": 10}, "10-point, ≥ 8", 0),
    ((6, 7, 7), {"csat_scale": 7, "csat_threshold": 7}, "7-point, ≥ 7", pytest.approx(200 / 3)),
])
def test_csat_scale_detection_and_thresholds(scores, kw, variant, value):
    s = compute(analysis(surveys([("2024-01-15", float(x), "csat") for x in scores]), **kw), "csat")
    assert (s.variant, s.points[0].value) == (variant, value)


def test_csat_matches_ravenstack_published_share():
    """shared/data: RavenStack ticket satisfaction 3 → 396, 4 → 405, 5 → 374 gives CSAT (4–5) = 66.30 %."""
    rows = [("2024-06-15", float(s), "csat") for s, n in ((3, 396), (4, 405), (5, 374)) for _ in range(n)]
    a = Analysis(dataset(surveys=surveys(rows)), Settings(start=dt.date(2024, 6, 1), end=dt.date(2024, 6, 30)))
    assert round(compute(a, "csat").points[0].value, 2) == 66.30


@pytest.mark.parametrize(("scores", "direction", "low_effort"), [
    ((1, 2, 4, 5, 5), "higher_is_easier", 60),  # 4 and 5 are easy on a 5-point scale (seed 003)
    ((1, 2, 4, 5, 5), "higher_is_harder", 40),  # 1 and 2 are easy
    ((7, 6, 1), "higher_is_easier", pytest.approx(200 / 3)),  # 7-point: 6 and 7
    ((10, 9, 8, 2), "higher_is_easier", 50),  # 10-point: 9 and 10
])
def test_ces_direction_and_low_effort_share(scores, direction, low_effort):
    s = compute(analysis(surveys([("2024-01-15", float(x), "ces") for x in scores]), ces_direction=direction),
                "ces")
    assert s.points[0].value == pytest.approx(np.mean(scores))  # the mean does not depend on the direction
    assert s.variant == direction and s.extra["low_effort_share"][0] == low_effort


def test_survey_with_only_some_types():
    only_csat = surveys([("2024-01-15", 4.0, "csat")])
    a = analysis(only_csat)
    assert REGISTRY["nps"].requires(a) == "needs a surveys table with NPS responses (date, score)"
    assert REGISTRY["ces"].requires(a) == "needs a surveys table with CES responses (date, score)"
    assert REGISTRY["csat"].requires(a) is None and values(a, "csat") == [100, None, None]


# ----- invariants ---------------------------------------------------------------------------------------------
@st.composite
def nps_responses(draw):
    n = draw(st.integers(1, 60))
    return surveys([(str(np.datetime64("2024-01-01") + draw(st.integers(0, 90))), float(draw(st.integers(0, 10))),
                     draw(st.sampled_from(["nps", "nps", "csat", "ces"]))) for _ in range(n)])


@settings(max_examples=60, deadline=None)
@given(nps_responses(), st.randoms())
def test_nps_bounds_shares_and_row_order(table, rnd):
    a = analysis(table)
    s = compute(a, "nps") if REGISTRY["nps"].requires(a) is None else None
    if s is not None:
        for i, p in enumerate(s.points):
            if p.value is None:
                continue
            assert -100 <= p.value <= 100
            assert sum(s.extra[k][i] for k in ("promoters", "passives", "detractors")) == pytest.approx(100)
    shuffled = analysis(table.sample(frac=1, random_state=rnd.randint(0, 2**31)))
    for mid in ("nps", "csat", "ces"):
        if REGISTRY[mid].requires(a) is None:
            got = compute(a, mid)
            assert values(shuffled, mid) == pytest.approx([p.value for p in got.points], nan_ok=True)
            assert compute(shuffled, mid).extra == got.extra
            if mid == "csat":
                assert all(0 <= p.value <= 100 for p in got.points if p.value is not None)
