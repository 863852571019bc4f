"""What an export shows beyond the analysis: whose data, which period against which, when it was made, whether
customer-level rows may leave; and the settings in force, each in words, as every export lists them.

    view = ExportView.default(analysis, "Brightwave Analytics", generated=dt.datetime.now(dt.UTC))
    [(s.label, s.value) for s in settings_in_force(analysis)]   # [("Granularity", "month"), …] — every OPTIONS entry
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..engine import Analysis
from ..settings import OPTIONS, Option
from ..views.period_choice import comparison_index, default_period
from .names import file_name, period_range


@dataclass(frozen=True)
class ExportView:
    """The selected period `i` (an index of the analysis's periods), the one it is compared with `j` (None: no
    comparison), the data's label, the time the export is made (passed in, never read from a clock here), and
    whether customer-level rows (ids, names, comments) may be part of it (a shared view may forbid them)."""

    label: str
    i: int
    j: int | None
    generated: dt.datetime
    rows: bool = True

    @classmethod
    def default(cls, analysis: Analysis, label: str, generated: dt.datetime, compare: str = "previous",
                rows: bool = True) -> ExportView:
        """The app's default view: the last period the data covers completely, against the one before it."""
        i = default_period(analysis.periods, analysis.dataset.span())
        return cls(label, i, comparison_index(analysis.periods, i, compare), generated, rows)

    def period(self, analysis: Analysis) -> str:
        return analysis.periods.labels[self.i]

    def previous(self, analysis: Analysis) -> str | None:
        return None if self.j is None else analysis.periods.labels[self.j]

    def file_name(self, what: str, analysis: Analysis, ext: str, whole_range: bool = False) -> str:
        """The download's name: what, the selected period (or the whole range) and the granularity."""
        period = period_range(analysis.periods.labels) if whole_range else self.period(analysis)
        return file_name(what, period, analysis.settings.granularity, ext)


@dataclass(frozen=True)
class SettingLine:
    """One setting as an export lists it."""

    name: str
    label: str
    value: str  # in words; an automatic value says what it resolved to: "auto (subscription)"
    default: str
    changed: bool
    flag: str  # the command-line flag, "" when there is none
    help: str


def shown(option: Option, value) -> str:
    """A setting's value in words: choices by their word, numbers without a needless '.0', pairs as 'a 2, b 1'."""
    if option.kind in ("weights", "filters"):
        if not value:
            return "none"
        return ", ".join(f"{k} {'/'.join(v) if isinstance(v, tuple) else option.text(v)}" for k, v in value)
    if option.kind == "values":
        return "auto" if value is None else ", ".join(value) or "none"
    return option.text(value)


def _resolved(name: str, analysis: Analysis) -> str | None:
    """What an automatic setting came to for this data (None when there is nothing more to say)."""
    span = analysis.dataset.span()
    if name == "start" and span is not None:
        return str(np.datetime64(span[0], "D"))
    if name == "end" and span is not None:
        return str(np.datetime64(span[1], "D"))
    if name == "churn_event":
        return analysis.churn_event
    if name == "currency":
        return analysis.currency
    return None


def settings_in_force(analysis: Analysis) -> list[SettingLine]:
    """Every declared setting (csm.settings.OPTIONS), in declaration order, with its value under this analysis."""
    out = []
    for name, value in analysis.settings.items():
        o = OPTIONS[name]
        text = shown(o, value)
        if value is None and (more := _resolved(name, analysis)):
            text = f"auto ({more})"
        default = shown(o, o.default)
        out.append(SettingLine(name, o.label, text, default, value != o.default, o.cli_flag or "", o.help))
    return out
