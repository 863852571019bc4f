"""Header words beyond English: spellings, compound words, articles, and typos (csm.headers calls these).

- `local_words`: the words of csm.vocabulary made comparable — one spelling per word ("Kunden-Nr." and
  "Kundennummer" both read `kunde number`), compounds split into their parts ("Vertragsbeginn" → `vertrag
  beginn`, "Kündigungsdatum" → `kundigung datum`). English words are never split.
- `content_words`: articles and prepositions dropped before matching ("Date de début" → `date debut`, so it is
  no bare "date").
- `typo_corrected`: a header with a misspelt word ("Custmer ID", "Strat Date", "Cancelation Date") with the word
  put right, when exactly one known word is one edit away (rapidfuzz, optimal string alignment: a swap of two
  letters is one edit). csm.headers scores such a header below every exact synonym.

    >>> local_words(("kundennummer",))
    ('kunde', 'number')
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import vocabulary

_LINKS = ("", "s", "n", "en", "es", "e")  # the letters German and Dutch put between the parts of a compound
_MIN_PART = 3
_MIN_COMPOUND = 6
_MIN_TYPO = 5  # shorter words are too close to each other ("rate", "date") to correct


@cache
def _english_words() -> frozenset[str]:
    """Every word of an English synonym (csm.headers), split plainly: these are never compounds to split."""
    from .headers import KIND_SYNONYMS, SYNONYMS

    phrases = [p for ps in (*SYNONYMS.values(), *KIND_SYNONYMS.values()) for p in ps] + list(SYNONYMS)
    return frozenset(w for p in phrases for w in re.split(r"[^a-z0-9]+", vocabulary.fold(p)) if w)


@lru_cache(maxsize=8192)
def _split(word: str) -> tuple[str, ...] | None:
    """A compound as its parts (longest first part first), or None when it is not made of known parts."""
    parts = vocabulary.words("parts")
    if word in parts:
        return (word,)
    for i in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
        head, rest = word[:i], word[i:]
        if head not in parts:
            continue
        for link in _LINKS:
            if rest.startswith(link) and len(rest) - len(link) >= _MIN_PART:
                tail = _split(rest[len(link):])
                if tail:
                    return (head, *tail)
    return None


def local_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words after csm.headers' own normalising: spellings, compounds split, articles dropped (if words remain)."""
    spell = vocabulary.spellings()
    out: list[str] = []
    for w in words:
        w = spell.get(w, w)
        pieces = None
        if len(w) >= _MIN_COMPOUND and not w.isdigit() and w not in _english_words():
            pieces = _split(w)
        out.extend(spell.get(p, p) for p in (pieces or (w,)))
    return tuple(out)


def content_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words without articles and prepositions ("date d activation" → `date activation`), unless none is left."""
    stop = vocabulary.words("stopwords")
    kept = tuple(w for w in words if w not in stop)
    return kept or words


def typo_corrected(words: tuple[str, ...], known: tuple[frozenset[str], frozenset[str]]) -> tuple[str, ...] | None:
    """The words with each unknown word of 5+ letters replaced by the one known word one edit away; None when no
    word changed (nothing unknown, or no single close word). `known`: (the English words to correct to, every known
    word); "Cancelation" is "cancellation", not the Spanish "cancelacion", and a Spanish word is not corrected at
    all. A word with no English word one edit away is put right to a word of the other languages' phrases as they
    write it ("Kundennumer" → "Kundennummer", "Vertragsbegin" → "Vertragsbeginn", "débutt" → "début"), then read
    as such (`local_words`: `kunde number`)."""
    out: list[str] = []
    changed = False
    target, everything = known
    for w in words:
        fixed = None
        if len(w) >= _MIN_TYPO and w not in everything and not w.isdigit():
            fixed = _nearest(w, target)
            if fixed is None and not _near_english(w, target):  # two English words one edit away: left alone
                fixed = _nearest_local(w)
        changed |= fixed is not None
        out.extend((fixed or w).split(" "))
    return tuple(out) if changed else None


@lru_cache(maxsize=8192)
def _nearest_local(word: str) -> str | None:
    """The words (space-separated) of the phrase word of another language one edit away, read as such. Words one
    edit away that read the same ("clientes", "cliente") are one; between readings, the one the phrases use more
    often than all the others together wins ("cliente" over "clientele" for "clientee"), else none."""
    surface = _local_surface()
    close = process.extract(word, tuple(surface), scorer=OSA.distance, score_cutoff=1, limit=8)
    uses: dict[str, int] = {}
    for c, d, _ in close:
        if d == 1:
            reading = " ".join(local_words((c,)))
            uses[reading] = uses.get(reading, 0) + surface[c]
    if not uses:
        return None
    best = max(uses, key=uses.get)
    return best if 2 * uses[best] > sum(uses.values()) else None


@cache
def _local_surface() -> dict[str, int]:
    """Every word of 5+ letters of the other languages' field phrases as written (folded, compounds whole), with
    the number of phrases that use it."""
    lists = (*vocabulary.WORD_LISTS, "words")
    out: dict[str, int] = {}
    for language in vocabulary.LANGUAGES:
        for key, entries in vocabulary.table(language).items():
            if key in lists or key.startswith(("keywords/", "[")):
                continue
            for e in entries:
                for w in re.split(r"[^a-z0-9]+", vocabulary.fold(e.rstrip("?"))):
                    if len(w) >= _MIN_TYPO:
                        out[w] = out.get(w, 0) + 1
    return out


@lru_cache(maxsize=8192)
def _nearest(word: str, known: frozenset[str]) -> str | None:
    close = process.extract(word, known, scorer=OSA.distance, score_cutoff=1, limit=3)
    close = [c for c, d, _ in close if d == 1 and len(c) >= _MIN_TYPO]
    return close[0] if len(close) == 1 else None


@lru_cache(maxsize=8192)
def _near_english(word: str, known: frozenset[str]) -> bool:
    return bool(process.extract(word, known, scorer=OSA.distance, score_cutoff=1, limit=1))
