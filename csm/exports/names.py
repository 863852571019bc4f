"""The file name of every download: what it holds (the metric or page), the period and the granularity.

    file_name("customer_churn_rate", "2024-06", "month", "png")          # 'customer_churn_rate_2024-06_month.png'
    file_name("report", period_range(["2023-01", "2025-12"]), "month", "xlsx")  # 'report_2023-01_to_2025-12_month.xlsx'
"""
from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def slug(text: str) -> str:
    """Letters, digits, dots and hyphens; anything else (spaces, slashes, quotes) becomes one underscore."""
    return _UNSAFE.sub("_", str(text)).strip("_.") or "export"


def period_range(labels) -> str:
    """'2023-01_to_2025-12' for several periods, the label itself for one."""
    labels = list(labels)
    if not labels:
        return "no-period"
    return labels[0] if len(labels) == 1 or labels[0] == labels[-1] else f"{labels[0]}_to_{labels[-1]}"


def file_name(what: str, period: str, granularity: str, ext: str) -> str:
    """`<what>_<period>_<granularity>.<ext>`, each part made safe for any file system."""
    return "_".join(slug(p) for p in (what, period, granularity)) + "." + ext.lstrip(".")
