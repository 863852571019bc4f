"""Columns written in another unit than their field's: durations in seconds or hours, amounts in cents.

Each field that carries a unit reads it in its own (csm.schema: a usage's minutes, a tenure's months, money in
units); the mapping says when a column is written otherwise (`"units": {"minutes": "seconds"}`, guessed from headers
such as `usage_duration_secs` or `amount_cents`, editable on the Data page), and loading converts it here.

    >>> frame, notes = to_field_units(frame, table_mapping)   # usage_duration_secs ÷ 60 → minutes
"""
from __future__ import annotations

import pandas as pd

from . import fmt
from .mapping import TableMapping
from .schema import KINDS, UNITS, field_unit, unit_choices


def to_field_units(frame: pd.DataFrame, table: TableMapping) -> tuple[pd.DataFrame, list[str]]:
    """The frame with each column of `table.units` converted into its field's unit, and a note for each."""
    notes = []
    for name, unit in table.units.items():
        if name not in frame:
            continue
        f = KINDS[table.kind].field(name)
        own = unit_choices(f)[0]
        factor = UNITS[field_unit(f)][unit]
        frame = frame.assign(**{name: frame[name] * factor})
        how = f"× {fmt.num(factor)}" if factor >= 1 else f"÷ {fmt.num(1 / factor)}"
        notes.append(f"{table.columns.get(name, name)} is read in {unit} and converted into {own} ({how}) for {name}")
    return frame, notes
