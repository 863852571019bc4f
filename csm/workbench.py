"""A workbench: every analysis and result of one dataset that a session (or a script) has asked for, kept.

The memoisation rule of the whole project lives here and in csm.memo: callers ask freely; csm keeps what it
computed, keyed on what it read. Analyses are kept by their settings and share their intermediate results when they
agree on the base settings (one base analysis each, the others its siblings: csm.engine.Analysis.sibling). A
metric's series, and anything derived from it, are kept by (what, metric, the settings the metric reads:
csm.settings_keys.series_key), so a change of the churn variant recomputes the churn rate and nothing else.

    wb = Workbench(dataset)
    wb.series("mrr", Settings())                                   # computed
    wb.series("mrr", Settings(churn_variant="total"))              # the same object: mrr does not read the variant
    wb.result("frame", "mrr", settings, lambda a: series_frame(…)) # anything else derived from one metric

Bounded: the least recently used entries go first (16 base analyses, 128 analyses, 4,096 results).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from .dataset import Dataset
from .engine import Analysis
from .memo import Memo
from .results import MetricSeries
from .settings import Settings
from .settings_keys import base_key, canonical, series_key

T = TypeVar("T")


class Workbench:
    def __init__(self, dataset: Dataset, *, bases: int = 16, analyses: int = 128, results: int = 4096) -> None:
        self.dataset = dataset
        self._bases = Memo(bases)
        self._analyses = Memo(analyses)
        self._results = Memo(results)

    def analysis(self, settings: Settings) -> Analysis:
        """The analysis under `settings` (checked: raises OptionError on a value no setting allows)."""
        def make() -> Analysis:
            base = self._bases.get(base_key(settings), lambda: Analysis(self.dataset, settings))
            return base.sibling(settings)

        return self._analyses.get(settings, make)

    def analysis_for(self, metric_id: str, settings: Settings) -> Analysis:
        """The analysis under the settings the metric reads, the others at their defaults: it gives the metric's
        results for every choice of what the metric does not read, so work kept on it survives such a change."""
        return self.analysis(canonical(metric_id, settings))

    def series(self, metric_id: str, settings: Settings) -> MetricSeries:
        from .metrics import REGISTRY

        return self.result("series", metric_id, settings, REGISTRY[metric_id].compute)

    def result(self, what: Hashable, metric_id: str, settings: Settings, compute: Callable[[Analysis], T]) -> T:
        """`compute(analysis_for(metric_id, settings))` once per (what, metric, the settings the metric reads).

        `what` names the result (with whatever else it depends on, e.g. ("health", "2024-06")); `compute` must read
        no setting the metric does not read."""
        key = (what, metric_id, series_key(metric_id, settings))
        return self._results.get(key, lambda: compute(self.analysis_for(metric_id, settings)))
