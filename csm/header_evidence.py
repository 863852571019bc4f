"""Why the guess took a header for a field, in words: the phrase it matched, in which language, or as a typo.

    >>> header_evidence("Kundennummer", "customers", "customer_id")
    "is 'Kundennummer' (de)"
"""

from __future__ import annotations

from functools import cache

from . import vocabulary
from .header_local import content_words
from .headers import KIND_SYNONYMS, SYNONYMS, _contains, _phrases, _typo_corrected, header_words

_WORD_LISTS = {"stopwords", "parts", "words", "category", "renewal", "aggregate", "due"}


@cache
def _written() -> dict[tuple[str, ...], str]:
    """Normalised words of every phrase → the phrase as written, with its language ("'Kundennummer' (de)")."""
    out: dict[tuple[str, ...], str] = {}
    for p in (*SYNONYMS, *(q for qs in (*SYNONYMS.values(), *KIND_SYNONYMS.values()) for q in qs)):
        out.setdefault(content_words(header_words(p.rstrip("?"))), repr(p.rstrip("?")))
    for language in vocabulary.LANGUAGES:
        for key, entries in vocabulary.table(language).items():
            if not key.startswith(("[", "keywords/")) and key not in _WORD_LISTS:
                for e in entries:
                    out.setdefault(content_words(header_words(e.rstrip("?"))), f"{e.rstrip('?')!r} ({language})")
    return out


def header_evidence(header: object, kind: str, field: str) -> str:
    """What a header's words matched for a field, in words: "is 'Kundennummer' (de)", "holds 'start date'",
    "is 'customer id' misspelt"."""
    words = content_words(header_words(header))
    fixed = _typo_corrected(words) if words not in _written() else None
    for ws, how in ((words, ""), (fixed, " misspelt")):
        if not ws:
            continue
        phrases = [p for p, _ in _phrases(kind, field) if p and (p == ws or _contains(ws, p) or set(p) <= set(ws))]
        if phrases:
            best = max(phrases, key=len)
            return f"{'is' if best == ws else 'holds'} {_written().get(best, repr(' '.join(best)))}{how}"
    return f"reads {' '.join(words)!r}"
