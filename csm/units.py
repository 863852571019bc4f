"""Columns written in another unit than their field's: durations in seconds or hours, amounts in cents.

Each field that carries a unit reads it in its own (csm.schema: a usage's minutes, a tenure's months, money in
units); the mapping says when a column is written otherwise (`"units": {"minutes": "seconds"}`, guessed from headers
such as `usage_duration_secs` or `amount_cents`, editable on the Data page), and loading converts it here.

    >>> frame, notes = to_field_units(frame, table_mapping)   # usage_duration_secs ÷ 60 → minutes
"""
from __future__ import annotations

import re

import pandas as pd

from . import fmt
from .headers import HEADER_CHARS
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


# Words in a header that say which unit its numbers are in ("usage_duration_secs", "Resolution time (hrs)").
_UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "milliseconds": ("ms", "msec", "msecs", "millis", "millisecond", "milliseconds"),
    "seconds": ("s", "sec", "secs", "second", "seconds"),
    "minutes": ("min", "mins", "minute", "minutes"),
    "hours": ("h", "hr", "hrs", "hour", "hours"),
    "days": ("d", "day", "days"),
    "weeks": ("wk", "wks", "week", "weeks"),
    "months": ("mo", "mos", "month", "months"),
    "years": ("y", "yr", "yrs", "year", "years"),
    "cents": ("cent", "cents", "pence", "centavos", "kopecks"),
}
_ONE_LETTER_UNITS = {"s", "h", "d", "y"}  # read as a unit only in brackets: "(s)", "[h]"


def header_unit(header: object, choices: tuple[str, ...]) -> str | None:
    """The unit a header names among `choices` ("usage_duration_secs" → "seconds"), or None when it names none."""
    text = "" if header is None else str(header)[:HEADER_CHARS]
    bracketed = {w for part in re.findall(r"\(([^)]*)\)|\[([^]]*)\]", text) for p in part
                 for w in re.split(r"[^a-z]+", p.lower()) if w}
    words = set(re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", text).lower())) | bracketed
    for unit in choices:
        spelled = _UNIT_WORDS.get(unit, ())
        if any(w in words and (w not in _ONE_LETTER_UNITS or w in bracketed) for w in spelled):
            return unit
    return None
