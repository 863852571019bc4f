"""Writing CSV and JSON: one cell format (ISO dates, `YYYY-MM-DD HH:MM` datetimes, money with two decimals), UTF-8,
`\n` line ends, so the files are byte-identical on every run."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path


def d_iso(d: date | None) -> str:
    return "" if d is None else d.isoformat()


def money(x: float) -> str:
    return f"{x:.2f}"



def fmt_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        return money(v)
    return str(v)


def write_csv(path: Path, head: list[str], rows: list[list], money_cols: set[str] = frozenset()) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for r in rows:
        w.writerow([fmt_cell(v) for v in r])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))



def write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
