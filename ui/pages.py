"""The metric pages, declared once: one page per metric group of the registry (csm.metrics.GROUPS), in its order.

A group's page takes its title from GROUPS, its script is app_pages/<group>.py and its URL /<group>; only the icon is
declared here. app.py builds the navigation from METRIC_PAGES, the Overview links to them, the page headers take
their titles from them. (The Data and Overview pages are app.py's own.)
"""
from __future__ import annotations

from dataclasses import dataclass

from csm.metrics import GROUPS

ICONS = {
    "retention": ":material/group_remove:",
    "revenue": ":material/payments:",
    "value": ":material/savings:",
    "voice": ":material/reviews:",
    "support": ":material/support_agent:",
    "growth": ":material/trending_up:",
    "health": ":material/ecg_heart:",
}


@dataclass(frozen=True)
class MetricPage:
    group: str  # a key of csm.metrics.GROUPS
    title: str
    icon: str

    @property
    def script(self) -> str:
        return f"app_pages/{self.group}.py"

    @property
    def url_path(self) -> str:
        return self.group


METRIC_PAGES = {group: MetricPage(group, title, ICONS[group]) for group, title in GROUPS.items()}

# The planning pages (app.py's "Plan" section): script, title, icon, URL path.
PLAN_PAGES = (
    ("app_pages/planner.py", "What if", ":material/tune:", "planner"),
    ("app_pages/compare.py", "Compare periods", ":material/compare_arrows:", "compare"),
    ("app_pages/forecasts.py", "Forecasts", ":material/query_stats:", "forecasts"),
)
