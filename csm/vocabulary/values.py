"""Words that values are written in, in the languages of csm.vocabulary: month names (CLDR, through babel), yes/no
words and billing periods (CLDR has neither: written here, as the tools of each language export them).

    >>> MONTHS["januar"], MONTHS["janv"], MONTHS["enero"]
    (1, 1, 1)
    >>> PERIODS["monatlich"], PERIODS["trimestriel"]
    ('month', 'quarter')
"""

from __future__ import annotations

from babel import Locale

from . import LANGUAGES, fold


def _months() -> dict[str, int]:
    """Month name → number, wide and abbreviated, as written and without accents or the abbreviation's dot; a name
    that means two months in two languages is left out."""
    seen: dict[str, set[int]] = {}
    for language in LANGUAGES:
        months = Locale(language).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    name = name.lower().rstrip(".")
                    for form in {name, fold(name)}:
                        seen.setdefault(form, set()).add(number)
    return {name: next(iter(n)) for name, n in seen.items() if len(n) == 1 and len(name) >= 3}


MONTHS: dict[str, int] = _months()

# Yes and no as spreadsheets and exports write them (lower case, with and without accents).
TRUE_WORDS = frozenset({"ja", "j", "wahr", "oui", "vrai", "si", "sí", "verdadero", "sim", "s", "verdadeiro", "vero",
                        "waar"})
FALSE_WORDS = frozenset({"nein", "falsch", "non", "faux", "falso", "não", "nao", "nee", "onwaar"})

# Billing periods: the adjective or adverb ("monatlich", "mensuel"), the unit ("Monat", "mois") and "per unit".
PERIODS: dict[str, str] = {
    **dict.fromkeys(["monatlich", "monat", "monate", "pro monat", "mtl", "mensuel", "mensuelle", "mois", "par mois",
                     "mensual", "mes", "meses", "al mes", "por mes", "mensal", "mês", "por mês", "mensile", "mese",
                     "mesi", "al mese", "maandelijks", "maand", "maanden", "per maand"], "month"),
    **dict.fromkeys(["vierteljährlich", "vierteljaehrlich", "quartalsweise", "quartal", "pro quartal", "trimestriel",
                     "trimestrielle", "trimestre", "par trimestre", "trimestral", "por trimestre", "trimestrale",
                     "per kwartaal", "kwartaal", "driemaandelijks"], "quarter"),
    **dict.fromkeys(["jährlich", "jaehrlich", "jahr", "jahre", "pro jahr", "p.a.", "annuel", "annuelle", "an", "année",
                     "par an", "anual", "año", "anos", "ano", "al año", "por año", "por ano", "annuale", "anno",
                     "all'anno", "jaarlijks", "jaar", "per jaar"], "year"),
    **dict.fromkeys(["wöchentlich", "woechentlich", "woche", "pro woche", "hebdomadaire", "semaine", "par semaine",
                     "semanal", "semana", "por semana", "settimanale", "settimana", "wekelijks", "week", "per week"],
                    "week"),
}
# The words of a period count ("12 Monate", "3 mois", "1 año"): unit → English unit.
PERIOD_UNITS: dict[str, str] = {
    **dict.fromkeys(["monat", "monate", "monaten", "mois", "mes", "meses", "mês", "mese", "mesi", "maand", "maanden"],
                    "month"),
    **dict.fromkeys(["jahr", "jahre", "an", "ans", "année", "années", "año", "años", "ano", "anos", "anno", "anni",
                     "jaar"], "year"),
    **dict.fromkeys(["woche", "wochen", "semaine", "semaines", "semana", "semanas", "settimana", "settimane", "week",
                     "weken"], "week"),
    **dict.fromkeys(["quartal", "quartale", "trimestre", "trimestres", "trimestri", "kwartaal", "kwartalen"], "quarter"),
}

# Stems of the words that name a survey's type in its question or file name ("Weiterempfehlung", "satisfaction").
SURVEY_STEMS: dict[str, tuple[str, ...]] = {
    "nps": ("empfehl", "weiterempfehl", "recommand", "recomend", "raccomand", "consiglier", "aanbevel", "aanraden"),
    "csat": ("zufrieden", "soddisf", "tevreden", "satisf"),
    "ces": ("aufwand", "esfuerzo", "esforco", "sforzo", "moeite"),
}
