"""What a column's values look like: the shares of dates, numbers, money, flags, periods, ids and free text.

csm.scoring weighs a `Profile` against each field's type; the profile reads a spread sample of the values, so a
column of a million rows costs what one of 2,000 does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise

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
                 "per month", "per year", "biannual", "semi-annual", "weeks", "months", "quarters", "years"
                 } | set(values.PERIODS)
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
    return profiles([values])[0]


def profiles(columns: list[pd.Series], filled: list[np.ndarray] | None = None) -> list[Profile]:
    """`profile` of each column: the samples of all the columns of a table pass through each text operation
    together (one pass per operation for the table, not one per column), and each share is counted per column.
    `filled`: each column's notna() when already known."""
    filled = filled or [None] * len(columns)
    texts, native = zip(*map(_sample_text, columns, filled), strict=True) if columns else ((), ())
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    if lengths.sum() == 0:
        return [Profile() for _ in columns]
    t = pd.concat([x for x in texts if len(x)], ignore_index=True)
    native_date = np.concatenate([x for x in native if len(x)])
    col = np.repeat(np.arange(len(columns)), lengths)
    bounds = np.concatenate([[0], np.cumsum(lengths)])

    def share(mask) -> np.ndarray:
        counts = np.bincount(col, weights=np.asarray(mask, dtype=bool), minlength=len(columns))
        return counts / np.maximum(lengths, 1)

    codes, distinct = pd.factorize(t)  # the text operations run once per distinct value of the table's samples
    u = pd.Series(distinct, dtype=t.dtype)

    def rows(values) -> np.ndarray:
        return np.asarray(values)[codes]

    dated = u.str.match(_DATE_RE)
    worded = ~dated & u.str.match(r"\d{1,2}\D*[^\W\d_]")  # a day then a word: perhaps a month of another language
    if worded.any():
        dated |= worded & u.str.match(_LOCAL_DATE_RE)
    text_date = rows(dated.to_numpy(dtype=bool)) | native_date
    cleaned = u.str.replace(_NUMBER_CLEAN, "", regex=True).str.replace(r"^\((.*)\)$", r"-\1", regex=True)
    is_num = rows(cleaned.str.fullmatch(r"[-+]?\d+(?:\.\d+)?|[-+]?\.\d+").to_numpy(dtype=bool)) & ~native_date
    candidates = pd.Series(rows(cleaned.to_numpy(dtype=object)), dtype=t.dtype).where(is_num)
    num = np.concatenate([pd.to_numeric(candidates.iloc[a:b], errors="coerce").to_numpy(dtype=float)  # per column,
                          for a, b in pairwise(bounds) if b > a])  # as it always was
    whole = num == np.round(num)
    serial = is_num & (num >= 20000) & (num <= 80000)
    words = u.str.replace(r"\s+", " ", regex=True)
    boolean = rows(u.isin(_BOOL_WORDS).to_numpy(dtype=bool))
    text_ops = {
        "decimal": u.str.contains(r"[.,]\d{1,2}\)?$"),
        "currency": u.str.contains(rf"[{currencies.SIGNS}]|\b(?:{_CURRENCY_UNITS})\b"),
        "recurring": words.isin(_RECURRING_WORDS),
        "period": words.isin(_PERIOD_WORDS),
        "survey_type": u.isin(_SURVEY_WORDS),
        "opportunity": u.isin(_OPPORTUNITY_WORDS),
        "idlike": u.str.fullmatch(r"[^\s]{1,40}") & u.str.contains(r"[\d@]"),
        "long_text": u.str.count(" ") >= 2,
        "mixed": (u.str.match(r"^0\d") | u.str.contains("@") | (u.str.contains(r"\d") & u.str.contains(r"[a-z]"))
                  ) & ~u.str.contains(r"\s"),
    }
    op = {k: rows(v.to_numpy(dtype=bool)) for k, v in text_ops.items()}
    shares = {
        "date": share(text_date | serial),
        "text_date": share(text_date),
        "number": share(is_num),
        "decimal": share(is_num & op["decimal"] & ~whole),
        "currency": share(op["currency"]),
        "in_0_10": share((num >= 0) & (num <= 10) & whole),
        "integer": share(is_num & whole),
        "boolean": share(boolean),
        "recurring": share(boolean | op["recurring"]),
        "period": share(op["period"]),
        "survey_type": share(op["survey_type"]),
        "opportunity": share(op["opportunity"]),
        "idlike": share(op["idlike"] & ~text_date),
        "long_text": share(op["long_text"]),
    }
    width = rows(u.str.len().to_numpy())
    mixed_share = share(op["mixed"])
    out = []
    for i, n in enumerate(lengths):
        if n == 0:
            out.append(Profile())
            continue
        a, b = bounds[i], bounds[i + 1]
        values, counts = np.unique(width[a:b], return_counts=True)
        mode = int(values[np.argmax(counts)])  # the shortest of the most common widths, as Series.mode()[0]
        fixed = float(np.mean(width[a:b] == mode)) if mode >= 3 else 0.0
        found = num[a:b][~np.isnan(num[a:b])]
        out.append(Profile(
            n=int(n), **{k: float(v[i]) for k, v in shares.items()},
            padded=max(fixed, float(mixed_share[i])),
            unique=len(np.unique(codes[a:b])) / n,
            max=float(found.max()) if len(found) else float("nan"),
            min=float(found.min()) if len(found) else float("nan"),
        ))
    return out


def _sample_text(values: pd.Series, filled: np.ndarray | None = None) -> tuple[pd.Series, np.ndarray]:
    """A spread sample of at most 2,000 non-blank values as stripped lower-case text, and which were date cells."""
    filled = np.flatnonzero(values.notna().to_numpy() if filled is None else filled)  # without copying the column
    if len(filled) > _SAMPLE:
        filled = filled[np.linspace(0, len(filled) - 1, _SAMPLE).astype(int)]
    s = values.iloc[filled]
    text = s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) == "string"  # a CSV file's: no type to ask
    if s.dtype == object:  # an Excel error (#REF!, #N/A) or a formula never calculated says nothing of the column
        keep = ~s.isin(ERROR_VALUES)
        s = s[keep if text else keep & s.map(type).ne(Uncalculated)]
    if pd.api.types.is_datetime64_any_dtype(s):
        native_date = pd.Series(True, index=s.index)
    elif s.dtype == object and not text:
        native_date = s.map(lambda v: isinstance(v, (dt.date, np.datetime64))).astype(bool)
    else:
        native_date = pd.Series(False, index=s.index)
    t = s.astype(str).str.strip().str.lower()
    keep = (t != "").to_numpy(dtype=bool)
    return t[keep], native_date.to_numpy(dtype=bool)[keep]
