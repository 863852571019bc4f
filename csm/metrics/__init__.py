"""The metric registry: one entry per metric of METRICS.md. The app, the command line and the docs read it.

    from csm.metrics import REGISTRY, compute
    series = compute(analysis, "customer_churn_rate")
"""
from __future__ import annotations

from . import growth, health, retention, revenue, support, value, voice  # noqa: F401  (registers the metrics)
from .registry import GROUPS, REGISTRY, Metric, compute, compute_all, metric, order_by_group

order_by_group()

__all__ = ["GROUPS", "REGISTRY", "Metric", "compute", "compute_all", "metric"]
