"""Which settings each metric reads, so that a result can be kept on those settings only.

Every metric reads the base settings (the options declared `base=True` in csm/settings.py: the periods, the churn
event with its inactivity days, the customer filters and the currency) through the analysis's shared intermediate
results (`Analysis.periods`, `intervals`, `counts`, `flows`, `table()`). Some metrics read more: they name those
settings on their registry entry (`reads=`, csm/metrics/registry.py). A change of the churn variant then recomputes
the churn rate only.

    series_key("mrr", settings)                  # the same for every churn variant
    series_key("customer_churn_rate", settings)  # changes with the churn variant

A metric the registry does not know is keyed on every setting (safe, never stale). tests/test_settings_keys.py
checks the declarations: the settings a metric reads while computing (traced) are the ones it names, and changing
any setting it does not name leaves its series identical.
"""
from __future__ import annotations

from .settings import OPTIONS, base_names


def base() -> tuple[str, ...]:
    """The base settings: analyses with the same values of these share their intermediate results."""
    return base_names()


def reads(metric_id: str) -> tuple[str, ...] | None:
    """The settings a metric reads beyond the base ones (None for a metric the registry does not know)."""
    from .metrics import REGISTRY

    m = REGISTRY.get(metric_id)
    return None if m is None else m.reads


def fields_of(metric_id: str) -> tuple[str, ...] | None:
    """The settings a metric's result depends on (None for a metric not registered: every setting)."""
    extra = reads(metric_id)
    return None if extra is None else (*base(), *extra)


def key(settings, fields) -> tuple:
    """A hashable key of the named settings' values (dates, tuples and None stay distinct)."""
    return tuple((f, getattr(settings, f)) for f in fields)


def base_key(settings) -> tuple:
    """The key of the base settings: analyses with the same one share their intermediate results."""
    return key(settings, base())


def canonical(metric_id: str, settings):
    """The settings the metric reads taken from `settings`, every other one at its default: one analysis under
    these serves the metric for every choice of what it does not read (for a metric not registered, `settings`)."""
    fields = fields_of(metric_id)
    if fields is None:
        return settings
    return type(settings)(**{f: getattr(settings, f) for f in fields})


def series_key(metric_id: str, settings) -> tuple:
    """The key of what the metric's series depends on among the settings (all of them for an unknown metric)."""
    return key(settings, fields_of(metric_id) or tuple(OPTIONS))
