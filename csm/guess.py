"""Guess each table's kind and column mapping from its headers and values, and the links between tables.

The guess is a suggestion for the user to confirm (DATA.md): headers are matched against synonyms of each field,
the values confirm or contradict the match (a "Date" column without dates loses), each kind is scored by how well
its fields are covered, and tables without a customer column are linked to one that has it.

    >>> tm = guess_table(raw)            # TableMapping(kind="subscriptions", columns={...}, confidence=0.9)
    >>> m = guess_mapping([raw1, raw2])  # every table, plus Link()s between tables
    >>> column_candidates(raw, "subscriptions", "mrr")  # ["Monthly Fee ($)", "Plan", ...] best first
"""
from __future__ import annotations

import numpy as np

from .column_profile import Profile, profile
from .header_evidence import header_evidence
from .headers import header_score, header_words
from .mapping import Link, Mapping, TableMapping
from .schema import KINDS, SURVEY_STEMS, unit_choices
from .scoring import MIN_SCORE, KindScore, ScoredTable, name_words, rank_kinds, value_fit
from .units import header_unit
from .value_guess import customer_ids, generic_table, value_guess
from .vocabulary import values

__all__ = [
    "MIN_SCORE", "KindScore", "Profile", "column_candidates", "guess_mapping", "guess_table", "profile", "rank_kinds",
    "value_fit",
]  # fmt: skip

UNSURE_COSTS = 0.5  # the confidence of a costs table known only by a date and an amount

# ---------------------------------------------------------------------------------------------------------------
# One table
# ---------------------------------------------------------------------------------------------------------------


def guess_table(raw) -> TableMapping:
    """Guess one table's kind and column mapping; kind None (low confidence) when no kind fits."""
    t = ScoredTable(raw)
    return _by_values(t, []) if generic_table(t.headers) else _guess(t)


def _by_values(t: ScoredTable, others: list, customers=None) -> TableMapping:
    """The guess of a table whose headers say nothing: from its values and the other tables (csm.value_guess)."""
    g = value_guess(t, others, customers)
    if g.kind == "surveys":
        g = TableMapping(g.source, g.sheet, g.kind, g.columns, _survey_type(t, g.columns), confidence=g.confidence,
                         evidence=g.evidence)
    return g


def _guess(t: ScoredTable) -> TableMapping:
    raw = t.raw
    ranked = rank_kinds(t)
    best, second = ranked[0], ranked[1]
    if not best.usable or best.score < 0.35:
        return TableMapping(raw.source, raw.sheet, None, {}, confidence=round(min(0.3, max(best.score, 0.0)), 2))
    columns = {f: t.headers[ci] for f, (ci, _) in sorted(best.assignment.items(), key=lambda kv: kv[1][0])}
    margin = best.score - (second.score if second.usable else 0.0)
    confidence = min(1.0, best.coverage) * (0.6 + 0.4 * min(1.0, margin / 0.3))
    if best.kind == "costs" and "category" not in columns:
        # A date and an amount alone say nothing of money going out: a sales ledger without its customers looks
        # the same. Costs is then only the one kind left, so the person is asked (below the Data page's 0.6).
        confidence = min(confidence, UNSURE_COSTS)
    survey_type = _survey_type(t, columns) if best.kind == "surveys" else None
    evidence = {f: _evidence(t, best.kind, f, ci, score) for f, (ci, score) in best.assignment.items()}
    return TableMapping(raw.source, raw.sheet, best.kind, columns, survey_type, confidence=round(confidence, 2),
                        evidence={f: evidence[f] for f in columns}, units=_units(best.kind, columns))


def _units(kind: str, columns: dict[str, str]) -> dict[str, str]:
    """The unit each mapped column's header names, where it is not the field's own ("usage_duration_secs")."""
    out = {}
    for f, col in columns.items():
        choices = unit_choices(KINDS[kind].field(f))
        unit = header_unit(col, choices[1:]) if choices and header_unit(col, choices[:1]) is None else None
        if unit:
            out[f] = unit
    return out


def _evidence(t: ScoredTable, kind: str, field: str, ci: int, score: float) -> dict:
    """How sure the guess is of one column, and why: the header's words and how well the values fit the field."""
    header, p = t.headers[ci], t.profiles[ci]
    by_header = header_score(header, kind, field)
    if by_header > 0:
        said = f"header {header!r} {header_evidence(header, kind, field)} ({by_header:.2f})"
    else:
        said = f"header {header!r} says nothing of it"
    seen = f"values fit {value_fit(kind, field, p):.0%} of {p.n} seen" if p.n else "no values"
    return {"confidence": round(min(1.0, score), 2), "why": f"{said}; {seen}"}


def column_candidates(raw, kind: str, field: str) -> list[str]:
    """Every column of the table, the best candidates for one field first (ties keep the file's order)."""
    t = raw if isinstance(raw, ScoredTable) else ScoredTable(raw)
    scores = t.scores(kind, field)
    order = np.argsort(-scores, kind="stable")
    return [t.headers[i] for i in order]


def _survey_type(t: ScoredTable, columns: dict[str, str]) -> str | None:
    """One survey type for a table without a survey_type column: from the words, else from the score scale."""
    if "survey_type" in columns:
        return None
    words = header_words(columns.get("score", "")) + name_words(t.raw)
    for kind, stems in SURVEY_STEMS.items():
        stems = (*stems, *values.SURVEY_STEMS.get(kind, ()))  # and in the languages of csm.vocabulary
        if any(w.startswith(s) for w in words for s in stems):
            return kind
    p = t.profiles[t.headers.index(columns["score"])] if "score" in columns else Profile()
    if np.isnan(p.max):
        return None
    if p.min == 0 or p.max > 7:  # a 0, or scores above 7, rule out 1–5 CSAT and 1–7 CES
        return "nps"
    return "csat" if p.max <= 5 else "ces"


# ---------------------------------------------------------------------------------------------------------------
# Several tables: links
# ---------------------------------------------------------------------------------------------------------------


def guess_mapping(raws: list) -> Mapping:
    """Guess every table, then link tables without a customer column to a table that has one."""
    tables = [ScoredTable(r) for r in raws]
    generic = [generic_table(t.headers) for t in tables]
    customers = customer_ids(tables, [i for i, v in enumerate(generic) if v]) if any(generic) else None
    guesses = [_by_values(t, [], customers) if v else _guess(t) for t, v in zip(tables, generic, strict=True)]
    for _ in range(2):  # the tables read from their values, knowing the other tables' customers
        guesses = [_by_values(t, [(o, og) for j, (o, og) in enumerate(zip(tables, guesses, strict=True)) if j != i],
                              customers) if generic[i] else guesses[i] for i, t in enumerate(tables)]
    out = []
    for i, (t, g) in enumerate(zip(tables, guesses, strict=True)):
        if generic[i]:
            out.append(g)
            continue
        if g.kind is None or ("customer_id" in KINDS[g.kind].field_names and not _has_own_customer(g)):
            g = _linked(t, g, [(tables[j], guesses[j]) for j in range(len(raws)) if j != i])
        out.append(g)
    return Mapping(tuple(out))


def _linked(t: ScoredTable, g: TableMapping, others: list[tuple[ScoredTable, TableMapping]]) -> TableMapping:
    """The guess again, knowing which column leads to the customer through another table, with that link."""
    link = _find_link(t, g, others)
    if link is None:
        return g
    t.link_column = t.headers.index(link.via)
    g2 = _guess(t)
    if g2.kind is None or "customer_id" not in KINDS[g2.kind].field_names or g2.columns.get("customer_id", link.via) != link.via:
        return g
    cols = {f: c for f, c in g2.columns.items() if f != "customer_id"}
    evidence = {f: e for f, e in g2.evidence.items() if f in cols}
    return TableMapping(g2.source, g2.sheet, g2.kind, cols, g2.survey_type, {"customer_id": link}, g2.confidence,
                        evidence, units=g2.units)


def _has_own_customer(g: TableMapping) -> bool:
    """Whether the table's customer_id column is named as a customer (not a weak foreign key)."""
    col = g.columns.get("customer_id")
    return col is not None and header_score(col, g.kind, "customer_id") >= 0.5


def _find_link(t: ScoredTable, g: TableMapping, others: list[tuple[ScoredTable, TableMapping]]) -> Link | None:
    """The best other table whose key column matches one of ours (by header or by values) and gives a customer."""
    mine = set(g.columns.values()) - {g.columns.get("customer_id")}
    best, best_score = None, 0.0
    for ci, h in enumerate(t.headers):
        if h in mine or t.profiles[ci].idlike < 0.5:
            continue
        values = t.distinct(ci)
        for o, og in others:
            if og.kind is None or not _has_own_customer(og):
                continue
            cust = og.columns["customer_id"]
            for ki, key in enumerate(o.headers):
                if key == cust or not _is_key(o, ki, o.headers.index(cust)):
                    continue
                same_name = header_words(key) == header_words(h)
                overlap = float(values.isin(o.distinct(ki)).mean()) if len(values) else 0.0
                score = overlap + (1.0 if same_name else 0.0)
                if (same_name or overlap >= 0.8) and score > best_score:
                    best, best_score = Link(h, o.raw.source, o.raw.sheet, key, cust), score
    return best


def _is_key(o: ScoredTable, key: int, value: int) -> bool:
    """Whether column `key` looks like an id and determines column `value` (each key leads to one customer)."""
    if o.profiles[key].idlike < 0.5 or o.profiles[key].text_date > 0.5:
        return False
    pairs = o.raw.frame.iloc[:, [key, value]].dropna().astype(str).drop_duplicates()
    return len(pairs) > 0 and bool(pairs.iloc[:, 0].is_unique)
