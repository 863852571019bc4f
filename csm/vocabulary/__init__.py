"""Header words of other languages, as data: one table per language (German, French, Spanish, Portuguese, Italian,
Dutch), read into the same matching as the English synonyms of csm.headers.

Each language module holds one text table, `TABLE`, one entry a line, `key: phrase | phrase | ...`:

- `customer_id: Kundennummer | Kunden-Nr. | Debitor` — headers that name a field, as that language's tools write
  them (a trailing `?` marks a weaker one, `??` a weaker one still, as in csm.headers);
- `transactions/date: Rechnungsdatum | Belegdatum` — headers that name the field in one kind only;
- `[subscriptions]: abo | abonnement | vertrag` — words of a file or sheet name that suggest a kind;
- `stopwords:` articles and prepositions dropped from a header ("Date de début" reads "date debut");
- `parts:` the pieces of compound words (German, Dutch): "Vertragsbeginn" reads "vertrag beginn";
- `words:` spellings of one word, `variant=word` ("nr=nummer", "kunden=kunde");
- `category:`, `renewal:`, `aggregate:`, `due:` — words that change what a header means, as in csm.headers
  (a "Kundentyp" is no customer, a "Nächste Abrechnung" no end, a "Saldo" no amount of one row, a "Fecha de
  vencimiento" no payment date);
- `keywords/score:`, `keywords/comment:` — stems of a survey question written out in full.

Fields the schema does not have (yet) are kept and simply never asked for.

    >>> "Vertragsbeginn" in phrases("start_date"), phrases("date", "transactions")[:2]
    (True, ('Rechnungsdatum', 'Belegdatum'))
"""

from __future__ import annotations

import importlib
import unicodedata
from functools import cache

LANGUAGES = ("de", "fr", "es", "pt", "it", "nl")

# The word lists that are not field phrases.
WORD_LISTS = _WORD_LISTS = ("stopwords", "parts", "category", "renewal", "aggregate", "due")


@cache
def table(language: str) -> dict[str, tuple[str, ...]]:
    """One language's table: key → its entries, as written (phrases keep their `?` marks)."""
    text = importlib.import_module(f"{__name__}.{language}").TABLE
    out: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, rest = line.partition(":")
        if not sep:
            raise ValueError(f"csm/vocabulary/{language}.py line {n}: no ':' in {line!r}")
        entries = tuple(e.strip() for e in rest.split("|") if e.strip())
        out[key.strip()] = out.get(key.strip(), ()) + entries
    return out


def _all(key: str) -> tuple[str, ...]:
    return tuple(e for lang in LANGUAGES for e in table(lang).get(key, ()))


@cache
def phrases(field: str, kind: str | None = None) -> tuple[str, ...]:
    """Every language's phrases for a field (of one kind only, when `kind` is given), as written."""
    return _all(f"{kind}/{field}" if kind else field)


def fold(word: str) -> str:
    """Lower case without accents, and the letters NFKD leaves alone spelled out (ß → ss, œ → oe)."""
    word = word.lower().translate(_LETTERS)
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


_LETTERS = str.maketrans({"°": "o", "ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})


@cache
def words(key: str) -> frozenset[str]:
    """A word list of every language (stopwords, parts, category, renewal, aggregate), folded."""
    assert key in _WORD_LISTS or key.startswith("keywords/"), key
    return frozenset(fold(w) for w in _all(key))


@cache
def spellings() -> dict[str, str]:
    """variant → word, of every language (`words:` entries), folded."""
    out: dict[str, str] = {}
    for pair in _all("words"):
        variant, _, word = pair.partition("=")
        out[fold(variant.strip())] = fold(word.strip())
    return out


@cache
def name_hints(kind: str) -> tuple[str, ...]:
    """Words of a file or sheet name that suggest a kind, in every language, folded."""
    return tuple(fold(w) for w in _all(f"[{kind}]"))


def all_keys() -> set[str]:
    """Every key used in any table (for the tests: fields and kinds must be known ones)."""
    return {k for lang in LANGUAGES for k in table(lang)}
