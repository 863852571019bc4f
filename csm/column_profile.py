"""What a column's values look like: the shares of dates, numbers, money, flags, periods, ids and free text.

csm.scoring weighs a `Profile` against each field's type; the profile reads a spread sample of the values, so a
column of a million rows costs what one of 2,000 does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import currencies
from .schema import FALSE_WORDS, OPPORTUNITY_TYPES, STATE_WORDS, SURVEY_TYPES, TRUE_WORDS
from .vocabulary import values
from .workbook import ERROR_VALUES, Uncalculated

_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_LOCAL_MONTHS = "|".join(sorted(map(re.escape, values.MONTHS), key=len, reverse=True))
_DATE_RE = (
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"  # ISO 2024-01-31
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"  # 31/01/2024, 1/2/24
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # 20240131
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?[ -]?)?(?:{_MONTHS})[a-z]*\.?[ ,-]*(?:\d{{1,2}}(?:st|nd|rd|th)?,?[ -]*)?\d{{2,4}})"
    r"(?:[ t]\d{1,2}:\d{2}.*)?$"
)
# Dates with a month name of another language (csm.vocabulary.values): "31. januar 2024", "31 de enero de 2024".
_LOCAL_DATE_RE = rf"^\d{{1,2}}(?:er|º)?\.?[ -]*(?:de )?(?:{_LOCAL_MONTHS})\.?[ ,-]*(?:del? )?\d{{2,4}}(?:[ t]\d{{1,2}}:\d{{2}}.*)?$"
_CURRENCY_UNITS = "|".join(sorted(currencies.UNITS))
_NUMBER_CLEAN = rf"[\s{currencies.SIGNS},']|[a-z]{{1,2}}\$|zł|(?:{_CURRENCY_UNITS})"  # "R$ 1.999,00" is a number
_BOOL_WORDS = (TRUE_WORDS | FALSE_WORDS | values.TRUE_WORDS | values.FALSE_WORDS) - STATE_WORDS - {"s", "j"}  # "Resolved" or "On" is as likely a status as a flag
_RECURRING_WORDS = {"recurring", "subscription", "one-off", "one off", "one-time", "one time", "once", "renewal",
                    "non-recurring", "nonrecurring", "oneoff"}
_PERIOD_WORDS = {"week", "weekly", "month", "monthly", "mo", "quarter", "quarterly", "qtr", "year", "yearly",
                 "annual", "annually", "yr", "12 months", "1 month", "3 months", "every month", "every year",
                 "per month", "per year", "biannual", "semi-annual"} | set(values.PERIODS)
_SURVEY_WORDS = set(SURVEY_TYPES)
_OPPORTUNITY_WORDS = set(OPPORTUNITY_TYPES)
_SAMPLE = 2000


@dataclass(frozen=True)
class Profile:
    """What the values of one column look like (shares are of the non-blank values)."""

    n: int = 0
    date: float = 0.0  # any date: text, real date cell or Excel serial number
    text_date: float = 0.0  # dates written as text or real date cells (not bare numbers)
    number: float = 0.0
    decimal: float = 0.0  # numbers with cents
    currency: float = 0.0
    in_0_10: float = 0.0  # numbers 0..10 (score scales)
    integer: float = 0.0
    boolean: float = 0.0
    recurring: float = 0.0
    period: float = 0.0
    survey_type: float = 0.0
    opportunity: float = 0.0
    idlike: float = 0.0  # no spaces, with digits or an @, not a date
    padded: float = 0.0  # zero-padded, mixed letters and digits, or e-mails: ids rather than counts
    unique: float = 0.0  # distinct values ÷ values
    long_text: float = 0.0  # free text (several words)
    max: float = float("nan")
    min: float = float("nan")


def profile(values: pd.Series) -> Profile:
    """Profile a column's values, vectorised over a sample of at most 2,000 non-blank values."""
    s = values[values.notna()]
    if len(s) > _SAMPLE:
        s = s.iloc[np.linspace(0, len(s) - 1, _SAMPLE).astype(int)]
    if s.dtype == object:  # an Excel error (#REF!, #N/A) or a formula never calculated says nothing of the column
        s = s[~s.isin(ERROR_VALUES) & s.map(type).ne(Uncalculated)]
    if pd.api.types.is_datetime64_any_dtype(s):
        native_date = pd.Series(True, index=s.index)
    elif s.dtype == object:
        native_date = s.map(lambda v: isinstance(v, (dt.date, np.datetime64))).astype(bool)
    else:
        native_date = pd.Series(False, index=s.index)
    t = s.astype(str).str.strip().str.lower()
    keep = t != ""
    t, native_date = t[keep], native_date[keep]
    n = len(t)
    if n == 0:
        return Profile()
    text_date = t.str.match(_DATE_RE) | native_date
    worded = ~text_date & t.str.match(r"\d{1,2}\D*[^\W\d_]")  # a day then a word: perhaps a month of another language
    if worded.any():
        text_date |= worded & t.str.match(_LOCAL_DATE_RE)
    cleaned = t.str.replace(_NUMBER_CLEAN, "", regex=True).str.replace(r"^\((.*)\)$", r"-\1", regex=True)
    is_num = cleaned.str.fullmatch(r"[-+]?\d+(?:\.\d+)?|[-+]?\.\d+") & ~native_date
    num = pd.to_numeric(cleaned.where(is_num), errors="coerce")
    serial = is_num & num.between(20000, 80000)
    words = t.str.replace(r"\s+", " ", regex=True)
    return Profile(
        n=n,
        date=float((text_date | serial).mean()),
        text_date=float(text_date.mean()),
        number=float(is_num.mean()),
        decimal=float((is_num & t.str.contains(r"[.,]\d{1,2}\)?$") & (num != num.round())).mean()),
        currency=float(t.str.contains(rf"[{currencies.SIGNS}]|\b(?:{_CURRENCY_UNITS})\b").mean()),
        in_0_10=float((num.between(0, 10) & (num == num.round())).mean()),
        integer=float((is_num & (num == num.round())).mean()),
        boolean=float(t.isin(_BOOL_WORDS).mean()),
        recurring=float((t.isin(_BOOL_WORDS) | words.isin(_RECURRING_WORDS)).mean()),
        period=float(words.isin(_PERIOD_WORDS).mean()),
        survey_type=float(t.isin(_SURVEY_WORDS).mean()),
        opportunity=float(t.isin(_OPPORTUNITY_WORDS).mean()),
        idlike=float((t.str.fullmatch(r"[^\s]{1,40}") & t.str.contains(r"[\d@]") & ~text_date).mean()),
        padded=_padded(t),
        unique=t.nunique() / n,
        long_text=float((t.str.count(" ") >= 2).mean()),
        max=float(num.max()) if num.notna().any() else float("nan"),
        min=float(num.min()) if num.notna().any() else float("nan"),
    )


def _padded(t: pd.Series) -> float:
    """Share of values written like ids rather than counts: zero-padded, fixed width, letters with digits, e-mails."""
    width = t.str.len()
    mode = int(width.mode().iloc[0])
    fixed = float((width == mode).mean()) if mode >= 3 else 0.0
    mixed = t.str.match(r"^0\d") | t.str.contains("@") | (t.str.contains(r"\d") & t.str.contains(r"[a-z]"))
    return max(fixed, float((mixed & ~t.str.contains(r"\s")).mean()))
