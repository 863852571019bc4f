"""The currencies csm knows, as one table: code, the symbols written with amounts, and where each is recognised.

Every currency list in the package is derived from `CURRENCIES`: the amount parser's symbols and codes
(csm.amounts), the unit words a header drops ("Amount (USD)", csm.headers), the money marks of the guess's column
profile (csm.column_profile) and of the header finder (csm.grid), and the currencies offered as a setting (`CHOICES`).

    >>> SYMBOLS["R$"], code_of("R$"), code_of("EUR")
    ('BRL', 'BRL', 'EUR')
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217; read in amounts as a word of its own ("USD 1,200", "1.200,50 EUR")
    symbols: tuple[str, ...] = ()  # read in amounts ("R$ 1.200,50", "1 200 zł")
    unit: bool = False  # the code is a unit word in headers ("MRR usd" is the field mrr) and money to the guess
    sign: bool = False  # its one-character symbol makes a value look like money to the guess and the header finder
    choice: bool = False  # offered as the currency setting
    shown: str = ""  # how an amount is written in worked lines ("$", "CHF "): csm.fmt.SYMBOLS


# The guess and the header finder know fewer currencies than the amount parser: their marks were tuned on the
# exports of the test corpus, and widening them moves guesses, so `unit` and `sign` are columns of their own.
# Choices come first, in the order the setting offers them.
CURRENCIES: tuple[Currency, ...] = (
    #        code   symbols         unit   sign   choice shown
    Currency("USD", ("US$", "$"), True, True, True, "$"),
    Currency("EUR", ("€",), True, True, True, "€"),
    Currency("GBP", ("£",), True, True, True, "£"),
    Currency("NGN", ("₦",), True, True, True, "₦"),
    Currency("INR", ("₹",), True, True, True, "₹"),
    Currency("JPY", ("¥",), True, True, True, "¥"),
    Currency("CAD", ("C$", "CA$"), True, False, True, "CA$"),
    Currency("AUD", ("A$", "AU$"), True, False, True, "A$"),
    Currency("BRL", ("R$",), True, False, True, "R$"),
    Currency("ZAR", (), True, False, True, "R"),
    Currency("KES", (), True, False, True, "KSh "),
    Currency("GHS", ("₵",), True, False, True, "GH₵"),
    Currency("CHF", (), True, False, True, "CHF "),
    Currency("MXN", ("MX$",), True),
    Currency("NZD", ("NZ$",)),
    Currency("HKD", ("HK$",)),
    Currency("SGD", ("S$",)),
    Currency("CNY"),
    Currency("KRW", ("₩",)),
    Currency("RUB", ("₽",)),
    Currency("TRY", ("₺",)),
    Currency("PHP", ("₱",)),
    Currency("VND", ("₫",)),
    Currency("ILS", ("₪",)),
    Currency("THB", ("฿",)),
    Currency("UAH", ("₴",)),
    Currency("PLN", ("zł",)),
    *map(Currency, ("EGP", "MAD", "SEK", "NOK", "DKK", "CZK", "HUF", "RON", "ARS", "CLP", "COP", "PEN", "IDR", "MYR",
                    "AED", "SAR", "PKR", "BDT")),
)

CODES = tuple(c.code for c in CURRENCIES)
SYMBOLS = {s: c.code for c in CURRENCIES for s in c.symbols}  # symbol → code
CHOICES = tuple(c.code for c in CURRENCIES if c.choice)
UNITS = frozenset(c.code.lower() for c in CURRENCIES if c.unit)  # header words, lower case
SIGNS = "".join(s for c in CURRENCIES if c.sign for s in c.symbols if len(s) == 1)  # for a [...] class: "$€£₦₹¥"
DISPLAY = {c.code: c.shown for c in CURRENCIES if c.shown}

# A currency written in an amount: a symbol (the longest first: "US$" before "$"), or a code that is a word of its
# own ("USD 5", not the "usd" inside "usda").
AMOUNT_RE = (
    "("
    + "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
    + r"|(?<![A-Za-z])(?:"
    + "|".join(CODES)
    + r")(?![A-Za-z]))"
)


def code_of(written: str) -> str:
    """The code of a currency as `AMOUNT_RE` found it: a symbol's code, or the code itself."""
    return SYMBOLS.get(written, written.upper())
