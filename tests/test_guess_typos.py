"""Typos in headers of other languages: the corpus of tests/test_guess_languages.py with one typo in each header
(its longest word loses a doubled letter, or doubles its last: `Kundenummer`, `Vertragsbegin`, `Date de débutt`),
and the English corpus of tests/test_guess_exports.py the same way, to check that the other languages' words add
no harmful guess there.

A misspelt word of another language is put right to the phrase word one edit away (csm.header_local); it scores
below the exact phrases of every language and below a misspelt English word (TYPO × the phrase's weight).
"""
from __future__ import annotations

import dataclasses
import re

import pytest

from csm import header_local, headers
from csm.guess import guess_mapping
from csm.headers import header_score
from csm.loading import read_sources
from tests import test_guess_exports as english
from tests import test_guess_languages as languages
from tests.test_guess_exports import Export, _compared, _write_csv, _write_xlsx


def typo(header: str) -> str:
    """One typo in the header's longest word of 5+ letters: a doubled letter made single, or the last doubled."""
    words = re.findall(r"[^\W\d_]{5,}", header)
    if not words:
        return header
    w = max(words, key=len)
    m = re.search(r"([^\W\d_])\1", w)
    return header.replace(w, w[: m.start()] + w[m.start() + 1 :] if m else w + w[-1], 1)


# The language tables whose guess differs from the corpus's expected mapping once misspelt, with what it gives.
MISSES = {
    # "Tariff" reads as the English word it now is: no plan; a typo'd "Kündigungsdatumm" is still the churn date.
    "de customers (Kundennummer, Kunde seit, Kündigungsdatum)": (
        "customers", {"customer_id": "Kundennummer", "name": "Firma", "signup_date": "Kunde seit",
                      "churn_date": "Kündigungsdatum", "segment": "Branche", "owner": "Betreuer"}),
    "de tickets (Zendesk in German, ja/nein)": (
        "tickets", {"ticket_id": "Ticket-Nr.", "customer_id": "Kundennummer", "created_at": "Erstellt am",
                    "resolved_at": "Gelöst am", "agent": "Bearbeiter"}),
    "fr customers (Code client, Raison sociale, Date de résiliation)": (
        "customers", {"customer_id": "Code client", "name": "Raison sociale", "signup_date": "Date de création",
                      "churn_date": "Date de résiliation", "segment": "Secteur d'activité", "owner": "Commercial"}),
    "fr tickets (oui/non)": (
        "tickets", {"ticket_id": "N° de ticket", "customer_id": "Client", "created_at": "Créé le",
                    "resolved_at": "Résolu le", "agent": "Agent assigné"}),
    # Harmful: the company's tax number taken as the customer.
    "pt customers (Data de cadastro, Data de cancelamento)": (
        "customers", {"customer_id": "CNPJ", "signup_date": "Data de cadastro", "churn_date": "Data de cancelamento",
                      "plan": "Plano", "segment": "Segmento", "owner": "Responsável"}),
    "pt tickets (chamados, sim/não)": (
        "tickets", {"customer_id": "Cliente", "created_at": "Aberto em", "resolved_at": "Fechado em",
                    "agent": "Atendente", "first_contact_resolved": "Resolvido no primeiro contato"}),
    # Harmful: "Totaal" misspelt is the English "Total", which says less than "Totaal incl. btw": taken as costs.
    "nl invoices (Moneybird: Totaal excl./incl. btw)": (
        "costs", {"date": "Factuurdatum", "amount": "Totaal excl. btw", "category": "Status"}),
    "nl usage": ("usage", {"date": "Datum", "customer_id": "Klantnummer", "feature": "Functie", "minutes": "Minuten"}),
    "fr subscriptions (the current period's end is a renewal; Terminé le the end)": (
        "subscriptions", {"subscription_id": "ID", "customer_id": "Client", "start_date": "Date de début",
                          "end_date": "Terminé le", "amount": "Montant", "billing_period": "Intervalle"}),
}


def _guess(cases: list[Export], tmp_path) -> dict[str, tuple[str | None, dict]]:
    """Each case misspelt, its bundle guessed together: name → (kind, field → the case's own header)."""
    out = {}
    bundles: dict[str, dict[str, list[Export]]] = {}
    for c in cases:
        bundles.setdefault(c.bundle, {}).setdefault(c.file, []).append(c)
    for bundle, files in bundles.items():
        root = tmp_path / bundle
        root.mkdir()
        for name, cs in files.items():
            misspelt = [dataclasses.replace(c, headers=tuple(map(typo, c.headers))) for c in cs]
            (_write_xlsx if name.endswith(".xlsx") else _write_csv)(root / name, misspelt)
        got = {(t.source, t.sheet): t for t in guess_mapping(read_sources([str(root / n) for n in files])).tables}
        for c in (c for cs in files.values() for c in cs):
            t = got[(c.file, c.sheet)]
            header = dict(zip(map(typo, c.headers), c.headers, strict=True))
            out[c.name] = (t.kind, {f: header[col] for f, col in t.columns.items()})
    return out


def test_misspelt_headers_of_other_languages_are_read(tmp_path):
    got = _guess(languages.CASES, tmp_path)
    wrong = {}
    for c in languages.CASES:
        kind, columns = got[c.name]
        compared, expected = _compared(c, columns)
        if (kind, compared) != (c.kind, expected):
            wrong[c.name] = (kind, columns)
    assert wrong == MISSES
    right = sum(
        columns.get(f) in (w if isinstance(w, tuple) else (w,))
        for c in languages.CASES if c.kind is not None
        for kind, columns in [got[c.name]] if kind == c.kind
        for f, w in c.columns.items() if w is not None and w != (None,)
    )
    assert right == 190  # of 203 (25 without correcting the other languages' words)


def _harmful(cases: list[Export], got) -> set[tuple[str, str, str]]:
    out = set()
    for c in cases:
        kind, columns = got[c.name]
        for f, col in columns.items():
            want = c.columns.get(f, (None,)) if kind == c.kind else (None,)
            if col not in (want if isinstance(want, tuple) else (want,)):
                out.add((c.name, f, col))
    return out


def _clear() -> None:
    header_score.cache_clear()
    headers._typo_corrected.cache_clear()


def test_the_other_languages_add_no_harmful_guess_to_misspelt_english(tmp_path, monkeypatch):
    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    with_local = _guess(english.CASES, tmp_path / "with")
    monkeypatch.setattr(header_local, "_nearest_local", lambda word: None)
    _clear()
    try:
        without = _guess(english.CASES, tmp_path / "without")
    finally:
        monkeypatch.undo()
        _clear()
    harmful, before = _harmful(english.CASES, with_local), _harmful(english.CASES, without)
    assert harmful <= before
    assert (len(harmful), len(before)) == (32, 32)  # the same fields: none added, none removed


@pytest.mark.parametrize(("header", "kind", "field", "score"), [
    ("Kundennummer", "customers", "customer_id", 0.95),  # an exact phrase of another language
    ("Kundennumer", "customers", "customer_id", 0.57),  # misspelt: TYPO × 0.95
    ("Kündigungsdatun", "customers", "churn_date", 0.57),
    ("Date de débutt", "subscriptions", "start_date", 0.57),
    ("Custmer ID", "subscriptions", "customer_id", 0.6),  # a misspelt English synonym: TYPO × 1
    ("Customer ID", "subscriptions", "customer_id", 1.0),
])
def test_a_misspelt_word_of_another_language_scores_below_every_exact_phrase(header, kind, field, score):
    assert header_score(header, kind, field) == pytest.approx(score)
