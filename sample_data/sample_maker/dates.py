"""Calendar arithmetic on plain `datetime.date`s (whole months, month lengths), so no date depends on today."""
from __future__ import annotations

from datetime import date


def add_months(d: date, k: int) -> date:
    m = d.month - 1 + k
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, days_in_month(y, m)))


def days_in_month(y: int, m: int) -> int:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - date(y, m, 1)).days


def month_starts(start: date, end: date) -> list[date]:
    out, d = [], date(start.year, start.month, 1)
    while d <= end:
        out.append(d)
        d = add_months(d, 1)
    return out


def month_end(d: date) -> date:
    return date(d.year, d.month, days_in_month(d.year, d.month))


def months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month
