"""Amounts and plain numbers: either decimal mark (decided per column), thousands separators, accounting
negatives, and the currency written with the amounts (csm.currencies)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import currencies
from .cells import Distinct, Parsed, distinct_cells, numbers_of, text_of, type_masks, unreadable, votes

_LAKH = r"\d{1,2}(?:,\d{2})+,\d{3}"  # Indian grouping: 12,34,567.50
_POINT_NUMBER = rf"^(?:\d+|\d{{1,3}}(?:,\d{{3}})+|{_LAKH})(?:\.\d*)?(?:e[+-]?\d+)?$|^\.\d+$"
_COMMA_NUMBER = r"^(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d*)?$|^,\d+$"


TOO_LARGE = 1e15  # no amount, count or duration reaches a quadrillion; sums of 1e308 overflow to infinity


def _split_amount(text: pd.Series) -> pd.DataFrame:
    """Text amounts split into currency (as written), sign and the digits with their separators."""
    currency = text.str.extract(currencies.AMOUNT_RE, expand=False)
    body = text.str.replace(currencies.AMOUNT_RE, "", regex=True).str.replace(r"[\s'’\u00a0\u202f]", "", regex=True)
    body = body.str.replace("−", "-", regex=False)
    paren = body.str.fullmatch(r"\(.*\)")
    body = body.where(~paren, body.str[1:-1])
    minus = body.str.match(r"^[-]") | body.str.match(r".*[-]$")
    body = body.str.replace(r"^[-+]|-$", "", regex=True)
    return pd.DataFrame({"currency": currency, "negative": paren | minus, "digits": body.str.lower()})


def _decimal_comma(digits: pd.Series, weights: pd.Series | None = None) -> bool:
    """Whether the column writes decimals with a comma: 1.200,50 and 12,5 outnumber 1,200.50 and 12.5.

    `weights`: rows per cell when `digits` holds the distinct cells of a column.
    """
    d = digits[digits.ne("")]
    both = d.str.contains(",", regex=False) & d.str.contains(".", regex=False)
    last_comma = d.str.rfind(",") > d.str.rfind(".")
    comma_only = d.str.contains(",", regex=False) & ~both
    point_only = d.str.contains(".", regex=False) & ~both
    comma_votes = (
        (both & last_comma)
        | (comma_only & ~d.str.fullmatch(r"\d{1,3}(?:,\d{3})+") & ~d.str.fullmatch(_LAKH))
        | (point_only & d.str.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}"))
    )
    point_votes = (
        (both & ~last_comma)
        | (point_only & ~d.str.fullmatch(r"\d{1,3}(?:\.\d{3})+"))
        | (comma_only & (d.str.fullmatch(r"\d{1,3}(?:,\d{3}){2,}") | d.str.fullmatch(_LAKH)))
    )
    return votes(comma_votes, weights) > votes(point_votes, weights)


def _parse_numeric(s: pd.Series, money: bool) -> Parsed:
    """Shared by parse_money and parse_number: text numbers with either decimal mark, and native numbers."""
    d = distinct_cells(s)
    if d is None:
        return _parse_numeric_cells(s, money)
    p = _parse_numeric_cells(d.cells, money, d)
    return d.parsed(p)


def _parse_numeric_cells(s: pd.Series, money: bool, distinct: Distinct | None = None, fast: bool = True) -> Parsed:
    flags = type_masks(s)
    info: list[str] = []
    text = text_of(s, flags["str"])
    if fast and (plain := _plain_numbers(text, flags)) is not None:
        return plain
    if fast and (dollars := _dollar_amounts(text, flags, money)) is not None:
        return dollars
    parts = _split_amount(text)
    digits = parts["digits"]
    comma = _decimal_comma(digits[flags["str"]], None if distinct is None else distinct.weights)
    if comma:
        info.append("Numbers use a decimal comma (1.200,50).")
        ok = digits.str.fullmatch(_COMMA_NUMBER)
        plain = digits.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        ok = digits.str.fullmatch(_POINT_NUMBER)
        plain = digits.str.replace(",", "", regex=False)
    dash = digits.eq("") & parts["negative"] & flags["str"]  # "-" or "$ -": an accounting zero
    number = pd.to_numeric(plain.where(ok), errors="coerce").where(~parts["negative"], lambda x: -x)
    if money:  # a score or a count written "-" is not there, not zero
        number = number.mask(dash, 0.0)
    if not money:
        number = number.where(parts["currency"].isna())
    values = number.where(flags["str"], numbers_of(s, flags["number"])).astype(float)
    values = values.where(np.isfinite(values) & (values.abs() < TOO_LARGE))

    currency = None
    if money:
        written = parts["currency"]
        if distinct is not None and written.notna().any():  # counted over the rows, in row order, as without
            written = distinct.expand(written)
        codes = written.dropna().map(currencies.code_of)
        if len(codes):
            counts = codes.value_counts()
            currency = str(counts.index[0])
            info.append(f"Currency {currency} detected from the amounts.")
            if len(counts) > 1:
                info.append(f"Amounts are in several currencies ({', '.join(counts.index)}); they are not converted.")
    return Parsed(values, unreadable(values, flags), tuple(info), currency)


_PLAIN = r"-?[0-9]+(?:\.[0-9]+)?"  # 12, -3, 1250.50: no thousands separator, currency, spaces or brackets


def _plain_numbers(text: pd.Series, flags: dict[str, pd.Series]) -> Parsed | None:
    """What `_parse_numeric_cells` gives a column whose every non-blank cell is a plain number written as text (the
    usual export), without its general reading; None for any other column.

    Such a column casts no vote for a decimal comma and shows no currency, so each value is the number written: its
    digits read as the general reading reads them (a leading minus taken off first, then put back)."""
    cells = flags["str"]
    if not cells.eq(~flags["blank"]).all() or not text[cells].str.fullmatch(_PLAIN).all():
        return None
    negative = cells & text.str.startswith("-")
    digits = text.where(~negative, text.str[1:]).where(cells)
    number = pd.to_numeric(digits, errors="coerce").where(~negative, lambda x: -x).astype(float)
    values = number.where(np.isfinite(number) & (number.abs() < TOO_LARGE)).rename("digits")  # named as the
    # general reading names it, with the same bound
    return Parsed(values, unreadable(values, flags), ())


_GROUPED = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"  # 1,250.00, 30, 1250.5: commas group thousands
_DOLLARS = rf"-?\$?{_GROUPED}|\(\$?{_GROUPED}\)"  # $1,250.00, -$30.00, ($30.00), 1,250, -12


def _dollar_amounts(text: pd.Series, flags: dict[str, pd.Series], money: bool) -> Parsed | None:
    """What `_parse_numeric_cells` gives a column whose every non-blank cell is an amount as US billing exports
    write it (`_DOLLARS`: a dollar sign, commas grouping thousands, a decimal point, a minus or brackets for a
    refund), without its general reading; None for any other column.

    Such a column casts no vote for a decimal comma (a comma is always followed by three digits and then the
    point or the end, and a point appears once), so each value is its digits without the commas, negative after a
    minus or inside brackets; `$` is the one currency written, so it is the one detected (as a number, not an
    amount, a cell with it is unreadable)."""
    cells = flags["str"]
    if not cells.eq(~flags["blank"]).all() or not text[cells].str.fullmatch(_DOLLARS).all():
        return None
    negative = cells & (text.str.startswith("-") | text.str.startswith("("))
    dollar = cells & text.str.contains("$", regex=False)
    digits = text.str.replace(r"[-$,()]", "", regex=True).where(cells)
    number = pd.to_numeric(digits, errors="coerce").where(~negative, lambda x: -x).astype(float)
    if not money:
        number = number.where(~dollar)
    values = number.where(np.isfinite(number) & (number.abs() < TOO_LARGE)).rename("digits")  # as _plain_numbers
    info: tuple[str, ...] = ()
    currency = None
    if money and dollar.any():
        currency = currencies.code_of("$")
        info = (f"Currency {currency} detected from the amounts.",)
    return Parsed(values, unreadable(values, flags), info, currency)


def parse_money(s: pd.Series) -> Parsed:
    """Amounts as float: $1,200.00, ₦5,000, € 1.200,50, 1 200,50, (300), -300, 300-, USD 1,200, 1,200.50 EUR.

    The decimal mark is decided per column (1.200,50 and 12,5 outnumbering 1,200.50 → decimal comma); 1,200 alone
    reads as 1200. A lone dash (accounting format) is 0. `Parsed.currency` is the ISO code of the currency symbol
    or code seen most, None if none.
    """
    return _parse_numeric(s, money=True)


def parse_number(s: pd.Series) -> Parsed:
    """Plain numbers as float, text or native, with the same decimal-mark logic as parse_money (no currency)."""
    return _parse_numeric(s, money=False)
