"""Brightwave's people and events: the CSMs and support agents (with when they joined and how they perform), the
product's features, the Forecasting launch and the July 2024 outage. The tables read these to tell one story."""
from __future__ import annotations

from datetime import date

import numpy as np

CSMS = (  # name, joined
    ("Priya Natarajan", date(2023, 1, 1)),
    ("Marcus Bell", date(2023, 1, 1)),
    ("Elena Ruiz", date(2024, 3, 1)),
    ("Tom Okafor", date(2024, 3, 1)),
    ("Hannah Schmidt", date(2025, 2, 1)),
)
OWNER_CHURN = {"Priya Natarajan": 0.85, "Marcus Bell": 1.0, "Elena Ruiz": 0.95, "Tom Okafor": 1.45, "Hannah Schmidt": 0.9}

AGENTS = (  # name, joined, first-contact resolution rate
    ("Sam Carter", date(2023, 1, 1), 0.74),
    ("Aisha Khan", date(2023, 1, 1), 0.70),
    ("Diego Alvarez", date(2023, 1, 1), 0.66),
    ("Wei Zhang", date(2023, 1, 1), 0.56),
    ("Olivia Brooks", date(2024, 4, 1), 0.72),
    ("Noah Fischer", date(2025, 1, 1), 0.78),
)
PRIORITIES = ("Low", "Normal", "High", "Urgent")

FEATURES = ("Dashboards", "Reports", "Data connectors", "Alerts", "Segments", "Sharing", "API", "Forecasting")
FEATURE_ALPHA = np.array([3.0, 2.5, 1.2, 1.0, 0.8, 0.8, 0.4, 0.9])
FORECASTING_LAUNCH = date(2024, 9, 1)

OUTAGE_START, OUTAGE_END = date(2024, 7, 8), date(2024, 7, 19)
