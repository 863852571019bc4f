"""Which settings each metric reads, so that a result can be cached on those settings only.

Every metric reads the base settings (`BASE`): the periods (granularity, start, end, fiscal start), the churn event
(with its inactivity days) and the customer filters, through the analysis's shared intermediate results
(`Analysis.periods`, `intervals`, `counts`, `flows`, `table()`). Some metrics read more (`READS`, directly or
through a helper, e.g. CLV's lifespan). A change of the churn variant then recomputes the churn rate only.

    series_key("mrr", settings)                  # the same for every churn variant
    series_key("customer_churn_rate", settings)  # changes with the churn variant

A metric missing from `READS` is keyed on every setting (safe, never stale). tests/test_settings_keys.py checks
the table: every registered metric is listed, the settings it reads while computing are the ones listed, and
changing any setting not listed leaves its series identical.
"""
from __future__ import annotations

BASE = ("granularity", "start", "end", "fiscal_start", "churn_event", "inactivity_days", "filters")

# metric id → settings it reads beyond BASE (every registered metric is listed, most with none)
READS: dict[str, tuple[str, ...]] = {
    # retention
    "customers_start": (), "customers_end": (), "new_customers": (), "reactivated_customers": (),
    "churned_customers": (), "customer_churn_rate": ("churn_variant",), "customer_retention_rate": (),
    "customer_growth_rate": (),
    # revenue
    "mrr": (), "new_mrr": (), "reactivation_mrr": (), "expansion_mrr": (), "contraction_mrr": (),
    "churned_mrr": (), "net_revenue_retention": (), "gross_revenue_retention": (), "expansion_mrr_rate": (),
    "mrr_growth_rate": (), "revenue_churn_rate": (), "quick_ratio": (), "arpa": (),
    # value
    "revenue": (), "non_recurring_revenue": (), "arpu": (), "repeat_purchase_rate": ("repeat_window",),
    "clv": ("clv_method", "gross_margin", "lifespan_months"), "customer_retention_cost": ("retention_categories",),
    # voice
    "nps": (), "csat": ("csat_scale", "csat_threshold"), "ces": ("ces_direction",),
    # support
    "first_contact_resolution_rate": ("fcr_denominator",), "resolution_time_hours": (),
    "onboarding_days": ("onboarding_target_days",),
    # growth
    "active_customer_rate": (), "dau_mau": (), "feature_adoption": (), "portfolio_growth": (),
    "conversion_rate": (), "free_to_paid_rate": (),
    # health
    "health_score": ("csat_scale", "health_weights"), "at_risk_customers": ("csat_scale", "health_weights"),
}


def fields_of(metric_id: str) -> tuple[str, ...] | None:
    """The settings a metric's result depends on (None for a metric not in READS: every setting)."""
    extra = READS.get(metric_id)
    return None if extra is None else (*BASE, *extra)


def key(settings, fields) -> str:
    """A text key of the named settings' values (repr of each, so dates, tuples and None stay distinct)."""
    return repr(tuple((f, getattr(settings, f)) for f in fields))


def base_key(settings) -> str:
    """The key of the base settings: analyses with the same one share their intermediate results."""
    return key(settings, BASE)


def canonical(metric_id: str, settings):
    """The settings the metric reads taken from `settings`, every other one at its default: one analysis under
    these serves the metric for every choice of what it does not read (for a metric not in READS, `settings`)."""
    fields = fields_of(metric_id)
    if fields is None:
        return settings
    return type(settings)(**{f: getattr(settings, f) for f in fields})


def series_key(metric_id: str, settings) -> str:
    """The key of what the metric's series depends on among the settings (all of them for an unlisted metric)."""
    return key(settings, fields_of(metric_id) or tuple(settings.__dataclass_fields__))
