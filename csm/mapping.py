"""The mapping of DATA.md: which kind each table is and which column holds each field.

It is what the app's mapping editor edits and what `python -m csm map` prints; it round-trips through JSON.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import MappingError
from .schema import KINDS, SURVEY_TYPES, is_usable, unit_choices


@dataclass(frozen=True)
class Link:
    """A field found through another table: `field` := that table's `value` where its `key` equals our `via`.

    Usage rows keyed by subscription id reach their customer through the subscriptions table:
    Link(via="subscription_id", source="subs.csv", sheet=None, key="subscription_id", value="account_id").
    `via` is a column of this table; `key` and `value` are columns of the other table (as headed in its file).
    """

    via: str
    source: str
    sheet: str | None
    key: str
    value: str

    def to_json(self) -> dict[str, Any]:
        out = {"via": self.via, "source": self.source, "key": self.key, "value": self.value}
        if self.sheet is not None:
            out["sheet"] = self.sheet
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Link:
        try:
            return cls(d["via"], d["source"], d.get("sheet"), d["key"], d["value"])
        except KeyError as e:
            raise MappingError(f"a link needs 'via', 'source', 'key' and 'value'; {e.args[0]!r} is missing") from None


@dataclass(frozen=True)
class TableMapping:
    """One table (a CSV file or one sheet of a workbook): its kind and field → column assignment."""

    source: str
    sheet: str | None
    kind: str | None  # None = ignore this table
    columns: dict[str, str] = field(default_factory=dict)  # field name -> column header in the file
    survey_type: str | None = None  # for surveys without a survey_type column
    links: dict[str, Link] = field(default_factory=dict)  # field name -> link through another table
    confidence: float = 1.0  # 0..1, how sure the guess was (1 for a user's mapping)
    # field -> {"confidence": 0..1, "why": the header words and values that decided}: the guess's evidence, printed
    # by `python -m csm map` beside the columns (not read back, not compared)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    # field -> the unit its column is written in, when not the field's own: {"minutes": "seconds", "amount": "cents"}
    units: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.source} [{self.sheet}]" if self.sheet else self.source

    @property
    def usable(self) -> bool:
        return self.kind is not None and is_usable(self.kind, set(self.columns) | set(self.links))

    def with_column(self, field_name: str, column: str | None) -> TableMapping:
        cols = dict(self.columns)
        if column is None:
            cols.pop(field_name, None)
        else:
            cols[field_name] = column
        units = {f: u for f, u in self.units.items() if f in cols}
        return replace(self, columns=cols, units=units)

    def unit(self, field_name: str) -> str | None:
        """The unit the field's column is written in: the one set, else the field's own (None: no unit)."""
        choices = self.unit_choices(field_name)
        return self.units.get(field_name, choices[0] if choices else None)

    def with_unit(self, field_name: str, unit: str) -> TableMapping:
        """This table with the field's column read in `unit` (its own unit drops out of the mapping)."""
        units = {f: u for f, u in self.units.items() if f != field_name}
        if unit != self.unit_choices(field_name)[0]:
            units[field_name] = unit
        return replace(self, units=units)

    def unit_choices(self, field_name: str) -> tuple[str, ...]:
        return unit_choices(KINDS[self.kind].field(field_name)) if self.kind else ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source}
        if self.sheet is not None:
            out["sheet"] = self.sheet
        out["kind"] = self.kind
        if self.survey_type:
            out["survey_type"] = self.survey_type
        out["columns"] = dict(self.columns)
        if self.links:
            out["links"] = {k: v.to_json() for k, v in self.links.items()}
        if self.evidence:
            out["guess"] = {"confidence": self.confidence, "columns": dict(self.evidence)}
        if self.units:
            out["units"] = dict(self.units)
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> TableMapping:
        if "source" not in d:
            raise MappingError("every table in the mapping needs a 'source' (the file name)")
        kind = d.get("kind")
        if kind is not None and kind not in KINDS:
            raise MappingError(f"{d['source']}: unknown kind {kind!r}; the kinds are {', '.join(KINDS)}")
        cols = d.get("columns") or {}
        if kind is not None:
            unknown = sorted(set(cols) - set(KINDS[kind].field_names))
            if unknown:
                raise MappingError(
                    f"{d['source']}: {', '.join(unknown)} {'is not a field' if len(unknown) == 1 else 'are not fields'}"
                    f" of {kind}; its fields are {', '.join(KINDS[kind].field_names)}"
                )
        st = d.get("survey_type")
        if st is not None and st not in SURVEY_TYPES:
            raise MappingError(f"{d['source']}: survey_type must be one of {', '.join(SURVEY_TYPES)}, not {st!r}")
        links = {k: Link.from_json(v) for k, v in (d.get("links") or {}).items()}
        units = {str(k): str(v) for k, v in (d.get("units") or {}).items()}
        for f, u in units.items():
            choices = unit_choices(KINDS[kind].field(f)) if kind and f in KINDS[kind].field_names else ()
            if u not in choices:
                raise MappingError(f"{d['source']}: {f} cannot be written in {u!r}"
                                   + (f"; its units are {', '.join(choices)}" if choices else " (it has no unit)"))
        return cls(d["source"], d.get("sheet"), kind, {str(k): str(v) for k, v in cols.items()}, st, links,
                   units=units)


@dataclass(frozen=True)
class Options:
    """Reading options that apply to every table."""

    day_first: bool | None = None  # None = decide from the data (and report when ambiguous)
    currency: str | None = None  # ISO code; None = detect from symbols, else none shown

    def to_json(self) -> dict[str, Any]:
        return {"day_first": self.day_first, "currency": self.currency}


@dataclass(frozen=True)
class Mapping:
    tables: tuple[TableMapping, ...] = ()
    options: Options = Options()

    def for_table(self, source: str, sheet: str | None) -> TableMapping | None:
        for t in self.tables:
            if t.source == source and (t.sheet == sheet or (t.sheet is None and sheet is not None and _single(self, source))):
                return t
        return None

    def updated(self, guessed: Mapping, sources: set[str]) -> Mapping:
        """This mapping with the tables of `sources` taken from `guessed` (files added or replaced), every other
        table as it is here (as the user edited it), and these options."""
        kept = tuple(t for t in self.tables if t.source not in sources)
        return replace(self, tables=kept + tuple(t for t in guessed.tables if t.source in sources))

    def without(self, source: str) -> Mapping:
        """This mapping without the tables of the file `source`, nor any link through them."""
        tables = []
        for t in self.tables:
            if t.source != source:
                links = {f: link for f, link in t.links.items() if link.source != source}
                tables.append(t if links == t.links else replace(t, links=links))
        return replace(self, tables=tuple(tables))

    def to_json(self) -> dict[str, Any]:
        return {"tables": [t.to_json() for t in self.tables], "options": self.options.to_json()}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Mapping:
        if not isinstance(d, dict) or "tables" not in d:
            raise MappingError("a mapping file is a JSON object with a 'tables' list (see DATA.md)")
        opts = d.get("options") or {}
        day_first = opts.get("day_first")
        if day_first is not None and not isinstance(day_first, bool):
            raise MappingError("options.day_first must be true, false or null")
        currency = opts.get("currency")
        if currency is not None and not (isinstance(currency, str) and re.fullmatch(r"[A-Za-z]{3}", currency)):
            raise MappingError("options.currency must be a three-letter ISO code (USD, EUR, NGN) or null")
        return cls(
            tuple(TableMapping.from_json(t) for t in d["tables"]),
            Options(day_first=day_first, currency=currency.upper() if currency else None),
        )

    @classmethod
    def loads(cls, text: str | bytes) -> Mapping:
        try:
            return cls.from_json(json.loads(text))
        except json.JSONDecodeError as e:
            raise MappingError(f"the mapping is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None


def _single(mapping: Mapping, source: str) -> bool:
    """A mapping entry without a sheet matches a workbook's sheet when it is the only entry for that file."""
    return sum(1 for t in mapping.tables if t.source == source) == 1
