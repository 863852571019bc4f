"""Headers and values in other languages: the vocabulary's rules, the value forms (month names, yes/no, billing
periods, Indian digit grouping) and a German subscriptions sheet through `python -m csm report`."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from csm import vocabulary
from csm.amounts import parse_money
from csm.dates import parse_dates
from csm.headers import field_for_header, header_score, header_words
from csm.schema import KINDS
from csm.simple_types import parse_billing_period, parse_bool

from .conftest import ROOT

# Fields that issue 11 added (churn events, ticket fields, a snapshot's): every language names them too.
COMING = {"reason", "satisfaction", "first_response_at", "first_response_minutes", "churned", "tenure",
          "monthly_charge", "total_charges"}


# ---------------------------------------------------------------------------------------------------------------
# The vocabulary
# ---------------------------------------------------------------------------------------------------------------


def test_every_key_of_the_vocabulary_is_a_field_a_kind_or_a_word_list():
    fields = {f for k in KINDS.values() for f in k.field_names} | COMING
    lists = {"stopwords", "parts", "words", "category", "renewal", "aggregate", "due", "keywords/score",
             "keywords/comment"}
    for key in vocabulary.all_keys():
        if key.startswith("["):
            assert key.strip("[]") in KINDS, key
        elif "/" in key and key not in lists:
            kind, field = key.split("/")
            assert kind in KINDS and field in KINDS[kind].field_names, key
        else:
            assert key in fields | lists, key


def test_every_field_and_every_coming_field_has_words_in_every_language():
    fields = {f for k in KINDS.values() for f in k.field_names} | COMING
    for language in vocabulary.LANGUAGES:
        named = {key.split("/")[-1] for key in vocabulary.table(language)}
        assert fields - named == set(), language


def test_no_spelling_means_two_words():
    seen: dict[str, str] = {}
    for language in vocabulary.LANGUAGES:
        for pair in vocabulary.table(language).get("words", ()):
            variant, _, word = pair.partition("=")
            assert seen.setdefault(variant.strip(), word.strip()) == word.strip(), pair


def test_no_exact_phrase_names_two_fields_of_a_kind():
    """Articles dropped, compounds split and spellings merged must not make two fields' phrases one."""
    from csm.headers import EXACT, _phrases

    for kind in KINDS.values():
        named: dict[tuple[str, ...], set[str]] = {}
        for field in kind.field_names:
            for words, weight in _phrases(kind.name, field):
                if weight >= EXACT:
                    named.setdefault(words, set()).add(field)
        assert {w: fs for w, fs in named.items() if len(fs) > 1} == {}, kind.name


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Kundennummer", ("kunde", "number")),
        ("Kunden-Nr.", ("kunde", "number")),
        ("Vertragsbeginn", ("vertrag", "beginn")),
        ("Monatsbeitrag", ("monat", "beitrag")),
        ("Kündigungsdatum", ("kundigung", "datum")),
        ("Straße", ("strasse",)),
        ("N° facture", ("number", "facture")),
        ("Klantnummer", ("klant", "number")),
        ("Einddatum", ("eind", "datum")),
        ("Subscription Start", ("subscription", "start")),  # English words are never split
    ],
)
def test_header_words_of_other_languages(header, words):
    assert header_words(header) == words


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("Kundennummer", "subscriptions", "customer_id"),
        ("Vertragsbeginn", "subscriptions", "start_date"),
        ("Monatsbeitrag", "subscriptions", "mrr"),
        ("Kündigungsdatum", "customers", "churn_date"),
        ("Kündigung zum", "subscriptions", "end_date"),
        ("Date de début", "subscriptions", "start_date"),
        ("Fecha de baja", "customers", "churn_date"),
        ("Data de cadastro", "customers", "signup_date"),
        ("Canone mensile", "subscriptions", "mrr"),
        ("Opzegdatum", "customers", "churn_date"),
        ("Closed account", "customers", "churn_date"),
        # typos, found below every exact synonym
        ("Custmer ID", "subscriptions", "customer_id"),
        ("Strat Date", "subscriptions", "start_date"),
        ("Cancelation Date", "customers", "churn_date"),
    ],
)
def test_header_names_field(header, kind, field):
    assert field_for_header(header, kind) == field


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("Date de début", "transactions", "date"),  # a start, not a bare date
        ("Kundentyp", "customers", "customer_id"),  # a category
        ("Tipo de cliente", "customers", "customer_id"),
        ("Btw bedrag", "transactions", "amount"),  # the tax of a row, not its amount
        ("Nächste Abrechnung", "subscriptions", "end_date"),  # a renewal
        ("Fecha de vencimiento", "transactions", "date"),  # a due date
        ("Fälligkeitsdatum", "transactions", "date"),
    ],
)
def test_header_does_not_name_field(header, kind, field):
    assert header_score(header, kind, field) < 0.5


def test_a_translation_never_beats_an_exact_english_synonym():
    from csm.headers import _english  # the kind's own English synonyms (a churn event's "reason" is no comment)

    for kind in KINDS.values():
        for field in kind.field_names:
            for phrase in _english(kind.name, field):
                if phrase.endswith("?"):
                    continue
                best = max(kind.field_names, key=lambda f, p=phrase: header_score(p, kind.name, f))
                assert header_score(phrase, kind.name, best) == header_score(phrase, kind.name, field), (phrase, best)


def test_a_typo_scores_below_every_exact_synonym():
    assert header_score("Custmer ID", "transactions", "customer_id") < header_score("Kunde", "transactions", "customer_id")
    assert header_score("Custmer ID", "transactions", "customer_id") < 0.7  # the weakest English synonym
    assert header_score("Rate", "subscriptions", "start_date") == 0  # four letters: too short to correct


# ---------------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------------


def test_month_names_of_other_languages():
    cells = ["31. Januar 2024", "1. März 2024", "31 janv. 2024", "1er mars 2024", "31 de enero de 2024",
             "5 de março de 2024", "12 ottobre 2023", "3 mei 2024", "31-dic-2024", "marsupial 2024"]
    p = parse_dates(pd.Series(cells))
    assert [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in p.values] == [
        "2024-01-31", "2024-03-01", "2024-01-31", "2024-03-01", "2024-01-31", "2024-03-05", "2023-10-12",
        "2024-05-03", "2024-12-31", None]
    assert list(p.bad) == [False] * 9 + [True]


def test_yes_and_no_of_other_languages():
    cells = ["ja", "Nein", "oui", "NON", "sim", "não", "nao", "sí", "si", "no", "nee", "J", "N", "S", "vielleicht"]
    p = parse_bool(pd.Series(cells))
    assert [None if pd.isna(v) else bool(v) for v in p.values] == [
        True, False, True, False, True, False, False, True, True, False, False, True, False, True, None]


def test_billing_periods_of_other_languages():
    cells = ["monatlich", "jährlich", "vierteljährlich", "Mensuel", "trimestriel", "annuel", "mensual", "anual",
             "mensal", "Annuale", "maandelijks", "jaarlijks", "12 Monate", "3 mois", "1 año", "6 Monate"]
    p = parse_billing_period(pd.Series(cells))
    assert list(p.values) == ["month", "year", "quarter", "month", "quarter", "year", "month", "year", "month",
                              "year", "month", "year", "year", "quarter", "year", None]


def test_indian_digit_grouping_is_an_amount():
    p = parse_money(pd.Series(["₹12,34,567.50", "₹1,000.00", "₹ 5,00,000"]))
    assert list(p.values) == [1234567.5, 1000.0, 500000.0] and not p.bad.any() and p.currency == "INR"
    assert list(parse_money(pd.Series(["12,34,567", "1,00,000"])).values) == [1234567.0, 100000.0]


# ---------------------------------------------------------------------------------------------------------------
# A German subscriptions sheet through the command line
# ---------------------------------------------------------------------------------------------------------------


def test_german_subscriptions_report_mrr(tmp_path):
    """Kunde;Beginn;Ende;Monatsbeitrag with 01.02.2024 and 1.200,50: MRR at each month's end, by hand:
    Feb 1,200.50 + 49.90 = 1,250.40; Mar + 250.00 = 1,500.40; Apr Huber ends on 30.04 → 1,450.50 (49.90 churned)."""
    (tmp_path / "abos.csv").write_text(
        "Kunde;Beginn;Ende;Monatsbeitrag\n"
        "Müller GmbH;01.02.2024;;1.200,50\n"
        "Bäckerei Huber;15.02.2024;30.04.2024;49,90\n"
        "Schulz & Partner;01.03.2024;;250,00\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "csm", "report", str(tmp_path / "abos.csv"), "--start", "2024-02-01", "--end",
         "2024-04-30", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    metrics = json.loads(proc.stdout)["metrics"]
    series = {m: [p["value"] for p in metrics[m]["series"]] for m in ("mrr", "new_mrr", "churned_mrr")}
    assert series == {
        "mrr": [pytest.approx(1250.40), pytest.approx(1500.40), pytest.approx(1450.50)],
        "new_mrr": [pytest.approx(1250.40), pytest.approx(250.0), 0],
        "churned_mrr": [0, 0, pytest.approx(49.90)],
    }


# ---------------------------------------------------------------------------------------------------------------
# Encodings of other scripts (a file that is not UTF-8)
# ---------------------------------------------------------------------------------------------------------------

ENCODED = [
    ("Zákazník;Začátek;Měsíční poplatek\nŽluťoučký kůň s.r.o.;01.02.2024;1.200,50\nPříliš s.r.o.;15.02.2024;49,90\n",
     "cp1250", "Windows-1250 (Central European)", "semicolon"),
    ("Klient;Data rozpoczęcia;Kwota\nŁódź Sp. z o.o.;01.03.2024;250,00\nZakład Świętokrzyski;02.03.2024;12,00\n",
     "cp1250", "Windows-1250 (Central European)", "semicolon"),
    ("顧客ID,開始日,終了日,月額\nC001,2024/02/01,,12000\nC002,2024/02/15,2024/04/30,4990\n株式会社テスト,2024/03/01,,25000\n",
     "cp932", "Windows-932 (Japanese Shift-JIS)", "comma"),
    ("客户编号,开始日期,结束日期,月费\nC001,2024-02-01,,1200.50\nC002,2024-02-15,2024-04-30,49.90\n北京测试有限公司,2024-03-01,,250.00\n",
     "gb18030", "GB18030 (Chinese)", "comma"),
    # Central European text without a byte Windows-1252 leaves undefined: read as Windows-1252 it is no language's
    # words ("Mìsíèní", "Dvoøák", "Õszi Gyümölcs")
    ("Zákazník;Datum zahájení;Měsíční poplatek\nPetr Dvořák;01.02.2024;1.200,50\nJiří Černý s.r.o.;15.02.2024;49,90\n"
     "Příliš žluté koně;03.03.2024;120,00\n", "cp1250", "Windows-1250 (Central European)", "semicolon"),
    ("Zákazník;Datum zahájení;Měsíční poplatek\nNovák;01.02.2024;1.200,50\n",
     "cp1250", "Windows-1250 (Central European)", "semicolon"),
    ("Ügyfél;Kezdés dátuma;Havi díj\nKovács Erzsébet;01.03.2024;250,00\nŐszi Gyümölcs Kft.;02.03.2024;12,00\n",
     "cp1250", "Windows-1250 (Central European)", "semicolon"),
    # Western text stays Windows-1252 even where charset-normalizer would say Windows-1250 ("Crème")
    ("Kunde;Beginn;Monatsbeitrag\nMüller GmbH;01.02.2024;1.200,50\nCafé Crème;01.03.2024;250,00\n",
     "cp1252", "Windows-1252", "semicolon"),
    ("Client;Date de début;Montant\nCrème brûlée SARL;01.02.2024;1 200,50\nÉlève Frère;01.03.2024;250,00\n",
     "cp1252", "Windows-1252", "semicolon"),
    ("Cliente;Data inizio;Canone\nCittà di Però;01.02.2024;29,00\nPiù Caffè;01.03.2024;79,00\n",
     "cp1252", "Windows-1252", "semicolon"),
    ("Kunde;Startdato;Beløb\nSøren Kierkegård ApS;01.02.2024;29,00\nKøbenhavn Æbler;01.03.2024;79,00\n",
     "cp1252", "Windows-1252", "semicolon"),
    ("Cliente;Fecha de alta;Importe\nPeña Ñandú;01.02.2024;29,00\nJosé María Gómez;01.03.2024;79,00\n",
     "cp1252", "Windows-1252", "semicolon"),
    ("Kunde;Beginn\nMüller;1\nPeña;2\nSøren;3\nCrème;4\nJosé;5\nFrançois;6\nGöteborg;7\n",
     "cp1252", "Windows-1252", "semicolon"),
    ("Kunde,Beginn\nMüller,01.02.2024\n", "utf-16-le", "UTF-16 (no byte-order mark)", "comma"),
]


@pytest.mark.parametrize(("text", "codec", "encoding", "delimiter"), ENCODED, ids=[e[1] for e in ENCODED])
def test_text_in_another_encoding_is_read_and_the_encoding_named(text, codec, encoding, delimiter):
    from csm.io import read_file

    [table] = read_file(text.encode(codec), "t.csv")
    lines = text.splitlines()
    assert list(table.frame.columns) == lines[0].split(";" if delimiter == "semicolon" else ",")
    assert table.frame.iloc[0, 0] == lines[1].split(";" if delimiter == "semicolon" else ",")[0]
    assert table.notes[0] == f"Read as {encoding} text, {delimiter}-separated."


def test_map_prints_a_confidence_and_the_evidence_beside_each_column(tmp_path):
    from csm.mapping import Mapping

    (tmp_path / "abos.csv").write_text(
        "Kunde;Beginn;Ende;Monatsbeitrag\nMüller GmbH;01.02.2024;;1.200,50\nBäckerei Huber;15.02.2024;30.04.2024;49,90\n",
        encoding="utf-8",
    )
    proc = subprocess.run([sys.executable, "-m", "csm", "map", str(tmp_path / "abos.csv")], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    [table] = json.loads(proc.stdout)["tables"]
    guess = table["guess"]
    assert set(guess["columns"]) == set(table["columns"]) and 0 < guess["confidence"] <= 1
    assert guess["columns"]["mrr"] == {
        "confidence": 0.95, "why": "header 'Monatsbeitrag' is 'Monatsbeitrag' (de) (0.95); values fit 100% of 2 seen"}
    assert Mapping.loads(proc.stdout).tables[0].columns == table["columns"]  # read back, the evidence ignored


def test_the_examples_in_the_docstrings():
    import doctest

    import csm.header_evidence
    import csm.header_local
    import csm.vocabulary.values

    for module in (vocabulary, csm.vocabulary.values, csm.header_local, csm.header_evidence):
        assert doctest.testmod(module).failed == 0, module.__name__
