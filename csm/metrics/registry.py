"""Metric definitions and the registry they live in."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..engine import Analysis
from ..errors import OptionError
from ..results import MetricSeries
from ..settings import OPTIONS, Option

GROUPS = {
    "retention": "Retention & churn",
    "revenue": "Revenue",
    "value": "Customer value",
    "voice": "Customer voice",
    "support": "Support & onboarding",
    "growth": "Growth & adoption",
    "health": "Health",
}
UNITS = ("percent", "count", "money", "ratio", "days", "hours", "minutes", "score")


@dataclass(frozen=True)
class Metric:
    """A metric's definition: what it is, what it needs, how it is computed.

    `requires(analysis)` returns None when the data supports the metric, else a sentence saying what is missing
    (shown as a "needs a … table" card and as a command-line warning).
    """

    id: str
    name: str
    unit: str
    group: str
    formula: str  # plain text, for the default variant
    latex: str
    definition: str
    compute: Callable[[Analysis], MetricSeries]
    requires: Callable[[Analysis], str | None]
    needs: tuple[str, ...] = ()  # table kinds (any of them can feed it)
    reads: tuple[str, ...] = ()  # the settings it reads beyond the base ones (csm.settings_keys)
    notes: tuple[str, ...] = ()
    higher_is_better: bool | None = True
    source: str = ""  # which seed / reference the definition follows

    def __post_init__(self) -> None:
        assert self.unit in UNITS, self.unit
        assert self.group in GROUPS, self.group
        assert all(r in OPTIONS and not OPTIONS[r].base for r in self.reads), (self.id, self.reads)

    @property
    def options(self) -> tuple[Option, ...]:
        """The settings that choose between this metric's definitions (its `reads`), as declared."""
        return tuple(OPTIONS[r] for r in self.reads)


REGISTRY: dict[str, Metric] = {}


def metric(**kwargs) -> Callable[[Callable[[Analysis], MetricSeries]], Callable[[Analysis], MetricSeries]]:
    """Register the decorated compute function as a metric."""

    def wrap(fn: Callable[[Analysis], MetricSeries]) -> Callable[[Analysis], MetricSeries]:
        m = Metric(compute=fn, **kwargs)
        if m.id in REGISTRY:
            raise ValueError(f"metric {m.id} registered twice")
        REGISTRY[m.id] = m
        return fn

    return wrap


def order_by_group() -> None:
    """Put the registry in page order (by group), keeping registration order within a group."""
    ordered = sorted(REGISTRY.items(), key=lambda kv: list(GROUPS).index(kv[1].group))
    REGISTRY.clear()
    REGISTRY.update(ordered)


def compute(analysis: Analysis, metric_id: str) -> MetricSeries:
    try:
        m = REGISTRY[metric_id]
    except KeyError:
        raise OptionError(f"there is no metric {metric_id!r}") from None
    missing = m.requires(analysis)
    if missing:
        raise OptionError(f"{metric_id} cannot be computed: {missing}")
    return m.compute(analysis)


def compute_all(analysis: Analysis, ids=None, series_of=None) -> tuple[dict[str, MetricSeries], list[str]]:
    """Every metric the data supports, and a warning for each one it does not (and each undefined value).

    `series_of(metric_id)` computes a series (pass a memoised one, e.g. a Workbench's); default: compute here."""
    out: dict[str, MetricSeries] = {}
    warnings: list[str] = []
    for mid, m in REGISTRY.items():
        if ids is not None and mid not in ids:
            continue
        missing = m.requires(analysis)
        if missing:
            warnings.append(f"{mid} left out: {missing}.")
            continue
        series = series_of(mid) if series_of else m.compute(analysis)
        out[mid] = series
        warnings.extend(series.warnings)
    return out, warnings
