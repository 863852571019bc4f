"""Number formatting for worked lines and summaries: `64 ÷ 1,000 × 100 = 6.4 %`, `$1,200.50`."""
from __future__ import annotations

import math

from .currencies import DISPLAY as SYMBOLS  # how an amount is written per currency: the one currency table


def num(x: float | int | None, decimals: int = 2) -> str:
    """1234.5 → '1,234.5'; 1000.0 → '1,000'; None/NaN → '—'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    r = round(float(x), decimals)
    if r == int(r):
        return f"{int(r):,}"
    return f"{r:,.{decimals}f}".rstrip("0").rstrip(".")


def money(x: float | None, currency: str | None = None, decimals: int = 2) -> str:
    """Money in the data's currency: '$1,200.50', '-$300', '₦5,000'; without a currency, just the number."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    sign = "−" if x < 0 else ""
    body = num(abs(x), decimals)
    if currency is None:
        return f"{sign}{body}"
    sym = SYMBOLS.get(currency.upper(), f"{currency.upper()} ")
    return f"{sign}{sym}{body}"


def value(x: float | None, unit: str, currency: str | None = None) -> str:
    """A metric value with its unit, as shown in cards and summaries."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if unit == "percent":
        return f"{num(x)} %"
    if unit == "money":
        return money(x, currency)
    if unit == "days":
        return f"{num(x, 1)} days"
    if unit == "hours":
        return f"{num(x, 1)} h"
    if unit == "minutes":
        return f"{num(x, 1)} min"
    if unit == "months":
        return f"{num(x, 1)} months"
    if unit == "ratio":
        return num(x, 2)
    return num(x)
