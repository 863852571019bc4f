"""The guess from the values alone: the corpora of tests/test_guess_exports.py (English tools) and
tests/test_guess_languages.py (six languages) with their headers replaced by `Col1…ColN`, by `Unnamed: 0…`, and
with no header row at all (the first line is data), each bundle dropped together as before.

DECIDED lists, for each table, the kind and the fields its values (and the other tables of its bundle) decide; each
field's column is the corpus's own expected column. The guess is compared whole: every other field must be left
unmapped, and a table not listed must get no kind. What the values do not decide, and is therefore left to the user:

- which of a customer's dates is the signup, the payment or the churn (their order alone does not tell them apart:
  a CRM's "created" comes before "became a customer" as a signup before a churn), so a customers table maps its id;
- an end date seen filled in a single row (start ≤ end needs more than one row to be evidence), a cancellation
  request beside the end of service, and own keys (a unique id may be the customer's or the row's);
- a customer written as a name or a slug rather than an id, the user beside the account in an event log, plan,
  segment, owner, agent, feature, flags and counts (a category among several, a 0/1 column);
- money among several columns unless one is the sum of two others (net + tax = gross);
- deals (a pipeline's stages), costs and funnels: no kind.
"""
from __future__ import annotations

import dataclasses
import time

import numpy as np
import pandas as pd
import pytest

from csm.guess import guess_mapping, guess_table
from csm.loading import read_sources
from csm.value_guess import VALUE_CONFIDENCE
from tests import test_guess_exports as english
from tests import test_guess_languages as languages
from tests.test_guess_exports import Export, _write_csv, _write_xlsx
from ui.mapper import UNSURE

_TRANSACTION = ("amount", "customer_id", "date")
_SUBSCRIPTION = ("amount", "billing_period", "customer_id", "start_date")
_TICKET = ("created_at", "customer_id", "resolved_at")
_SURVEY = ("comment", "customer_id", "date", "score")

DECIDED: dict[str, tuple[str, tuple[str, ...]]] = {
    # English exports: bundles of one or two tables, so the customer is an id that repeats or none.
    "paddle billing transactions": ("transactions", _TRANSACTION),
    "google forms nps": ("surveys", ("date", "score")),
    "home-made payments: Invoice No., Amount [GBP], Pmt Date": ("transactions", _TRANSACTION),
    "home-made tickets: Ticket No, Opened On, Closed On, One-touch?": ("tickets", ("created_at", "resolved_at")),
    "google forms csat (1-5, satisfied question)": ("surveys", ("comment", "date", "score")),
    "delighted customer effort (CES, 1-7)": ("surveys", ("comment", "date", "score")),
    "payments with only id, amount, created and customer, in a file named export.csv": ("transactions", _TRANSACTION),
    # Each language: six tables dropped together; the ids most of them point to are the customers.
    "de customers (Kundennummer, Kunde seit, Kündigungsdatum)": ("customers", ("customer_id",)),
    "de subscriptions (Kündigungsdatum is the request, Kündigung zum the end)": ("subscriptions", _SUBSCRIPTION),
    "de invoices (lexoffice: Netto, MwSt, Brutto)": ("transactions", _TRANSACTION),
    "de NPS survey (the question written out)": ("surveys", _SURVEY),
    "de tickets (Zendesk in German, ja/nein)": ("tickets", _TICKET),
    "de usage log": ("usage", ("customer_id", "date")),
    "fr customers (Code client, Raison sociale, Date de résiliation)": ("customers", ("customer_id",)),
    "fr subscriptions (Axonaut: Montant HT, Périodicité mensuel/annuel)": ("subscriptions", _SUBSCRIPTION),
    "fr satisfaction survey (1–5)": ("surveys", _SURVEY),
    "fr tickets (oui/non)": ("tickets", _TICKET),
    "fr usage": ("usage", ("customer_id", "date")),
    "es customers (Fecha de alta, Fecha de baja)": ("customers", ("customer_id",)),
    "es subscriptions (Importe + Periodicidad mensual/anual)": ("subscriptions", _SUBSCRIPTION),
    "es NPS survey": ("surveys", _SURVEY),
    "es tickets (incidencias, sí/no)": ("tickets", _TICKET),
    "es usage": ("usage", ("customer_id", "date")),
    "pt customers (Data de cadastro, Data de cancelamento)": ("customers", ("customer_id",)),
    "pt subscriptions (Vindi: Valor + Periodicidade mensal/anual)": ("subscriptions", _SUBSCRIPTION),
    "pt NPS survey": ("surveys", ("customer_id", "date", "score")),
    "pt tickets (chamados, sim/não)": ("tickets", _TICKET),
    "pt usage": ("usage", ("customer_id", "date")),
    "it customers (anagrafica: Data iscrizione, Data disdetta)": ("customers", ("customer_id",)),
    "it NPS survey": ("surveys", ("customer_id", "date", "score")),
    "it tickets (richieste di assistenza)": ("tickets", _TICKET),
    "it usage": ("usage", ("customer_id", "date")),
    "nl customers (Klant sinds, Opzegdatum)": ("customers", ("customer_id",)),
    "nl subscriptions (Moneybird: Bedrag + Frequentie maandelijks/jaarlijks)": ("subscriptions", _SUBSCRIPTION),
    "nl satisfaction survey (1–5)": ("surveys", _SURVEY),
    "nl tickets (meldingen, ja/nee)": ("tickets", _TICKET),
    "nl usage": ("usage", ("customer_id", "date")),
}

CASES = english.CASES + languages.CASES
_NAMES = {"col": lambda i: f"Col{i + 1}", "unnamed": lambda i: f"Unnamed: {i}"}


def _generic(c: Export, style: str) -> Export:
    """The case with meaningless headers, or none (`none`: the first row of data is the file's first line)."""
    if style == "none":
        return dataclasses.replace(c, headers=c.rows[0], rows=c.rows[1:], preamble=())
    return dataclasses.replace(c, headers=tuple(map(_NAMES[style], range(len(c.headers)))))


def _expected(c: Export) -> tuple[str | None, dict[str, tuple[int, ...]]]:
    """The kind and, per decided field, the positions of the acceptable columns."""
    kind, fields = DECIDED.get(c.name, (None, ()))
    out = {}
    for f in fields:
        want = c.columns[f]
        out[f] = tuple(c.headers.index(w) for w in (want if isinstance(want, tuple) else (want,)) if w is not None)
    return kind, out


@pytest.fixture(scope="module")
def guessed(tmp_path_factory):
    cache = {}

    def get(style: str):
        if style not in cache:
            cache[style] = _guessed(tmp_path_factory.mktemp(style), style)
        return cache[style]

    return get


def _guessed(tmp_path, style: str) -> list[tuple[Export, object, object]]:
    """(case, its guess, its raw table) for every case, each bundle guessed together."""
    out = []
    bundles: dict[str, dict[str, list[Export]]] = {}
    for c in CASES:
        bundles.setdefault(c.bundle, {}).setdefault(c.file, []).append(c)
    for bundle, files in bundles.items():
        root = tmp_path / style / bundle
        root.mkdir(parents=True)
        for name, cases in files.items():
            (_write_xlsx if name.endswith(".xlsx") else _write_csv)(root / name, [_generic(c, style) for c in cases])
        raws = read_sources([str(root / n) for n in files])
        got = {(t.source, t.sheet): (t, r) for t, r in zip(guess_mapping(raws).tables, raws, strict=True)}
        out += [(c, *got[(c.file, c.sheet)]) for cases in files.values() for c in cases]
    return out


def _position(name: str) -> int:
    """The column's place in the file, from the name the reader gives it without a header (Column 3, or C)."""
    from openpyxl.utils import column_index_from_string

    last = name.split()[-1]
    return int(last) - 1 if last.isdigit() else column_index_from_string(last) - 1


def _wrong(guessed) -> list:
    wrong = []
    for c, t, raw in guessed:
        kind, fields = _expected(c)
        position = {h: _position(h) if raw.header_row is None else i for i, h in enumerate(raw.frame.columns)}
        got = {f: position[col] for f, col in t.columns.items()}
        got = {f: fields[f] if f in fields and got[f] in fields[f] else got[f] for f in got}
        if (t.kind, got) != (kind, fields):
            wrong.append((c.name, t.kind, {f: c.headers[i] for f, i in got.items() if isinstance(i, int)}))
    return wrong


@pytest.mark.parametrize("style", ["col", "unnamed"])
def test_values_decide_where_headers_say_nothing(guessed, style):
    assert _wrong(guessed(style)) == []


def test_values_decide_without_a_header_row(guessed):
    """The same with no header row: where the reader sees none (columns named `Column 1`…), the same decisions.
    Where the first row of data still reads as a header (3 of 89: rows of text ids, names and dates with times
    under an all-text first row), the headers are data and not compared here."""
    headless = [g for g in guessed("none") if g[2].header_row is None]
    assert len(headless) == 86
    assert _wrong(headless) == []


def test_the_decided_tables_are_the_listed_ones():
    assert set(DECIDED) <= {c.name for c in CASES}
    for c in CASES:
        if c.name in DECIDED:
            assert DECIDED[c.name][0] == c.kind and set(DECIDED[c.name][1]) <= set(c.columns), c.name


def test_a_value_guess_is_always_asked_about(guessed):
    """Below the Data page's UNSURE: the table and every field the values decided are shown as ones to check."""
    decided = [(c, t) for c, t, _ in guessed("col") if t.kind is not None]
    assert len(decided) == len(DECIDED)
    assert {t.confidence for _, t in decided} == {VALUE_CONFIDENCE} and VALUE_CONFIDENCE < UNSURE
    assert {e["confidence"] for _, t in decided for e in t.evidence.values()} == {VALUE_CONFIDENCE}
    _, t = next(g for g in decided if g[0].name == "de invoices (lexoffice: Netto, MwSt, Brutto)")
    assert t.evidence["amount"]["why"] == ("header 'Col8' says nothing of it; values: money, the sum of two other "
                                           "money columns (net + tax)")


# ---------------------------------------------------------------------------------------------------------------
# A large table: the relations are read on a sample of rows, and an end must follow the start in nearly all rows
# ---------------------------------------------------------------------------------------------------------------


class Raw:
    def __init__(self, source, sheet, frame):
        self.source, self.sheet, self.frame = source, sheet, frame


def _subscriptions(n: int, early_ends: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    start = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    end = start + pd.to_timedelta(rng.integers(40, 400, n), unit="D")
    ended = rng.random(n) < 0.3
    end_text = np.where(ended, end.strftime("%Y-%m-%d"), "")
    if early_ends:
        rows = np.flatnonzero(ended)[:early_ends]
        end_text[rows] = (start[rows] - pd.Timedelta(days=10)).strftime("%Y-%m-%d")
    return pd.DataFrame({
        "Col1": np.char.mod("C%06d", rng.integers(0, n // 3, n)),  # three subscriptions a customer
        "Col2": start.strftime("%Y-%m-%d"),
        "Col3": end_text,
        "Col4": np.char.mod("%.2f", rng.choice([19.0, 49.0, 99.0], n)),
        "Col5": rng.choice(["Basic", "Pro", "Team"], n),
    })


def test_a_large_table_of_subscriptions_from_its_values():
    start = time.perf_counter()
    got = guess_table(Raw("subs.csv", None, _subscriptions(200_000, 0)))
    assert time.perf_counter() - start < 10
    assert (got.kind, got.columns) == (
        "subscriptions", {"customer_id": "Col1", "start_date": "Col2", "end_date": "Col3", "mrr": "Col4"})


def test_an_end_before_the_start_in_some_rows_is_no_end():
    """5% of the ends before their start (3% of the sample): not an end date, and nothing else is a subscription."""
    got = guess_table(Raw("subs.csv", None, _subscriptions(20_000, 300)))
    assert (got.kind, got.columns) == (None, {})


def test_a_saved_index_is_no_customer():
    """`Unnamed: 0` numbering the rows 0…n-1 (a pandas index saved with the data) is no id of anything, beside
    named columns or among meaningless ones."""
    dates = [f"2024-01-{d:02d}" for d in range(1, 13)]
    amounts = ["10.50", "20.00", "5.25", "7.00", "9.99", "12.00", "3.50", "1.00", "4.40", "8.80", "6.60", "2.20"]
    named = pd.DataFrame({"Unnamed: 0": [str(i) for i in range(12)], "Date": dates, "Amount": amounts})
    got = guess_table(Raw("sales.csv", None, named))
    assert "customer_id" not in got.columns
    customers = [f"C{i % 4:03d}" for i in range(12)]
    bare = pd.DataFrame({"Unnamed: 0": [str(i) for i in range(12)], "Unnamed: 1": customers, "Unnamed: 2": dates,
                         "Unnamed: 3": amounts})
    got = guess_table(Raw("export.csv", None, bare))
    assert (got.kind, got.columns) == ("transactions", {"customer_id": "Unnamed: 1", "date": "Unnamed: 2",
                                                        "amount": "Unnamed: 3"})
