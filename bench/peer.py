"""The peer comparison: the DuckDB peer (../shared/peers/duckdb_mrr.py, or $CSM_PEER) loaded from its file, our
figures for the same nine subscription metrics, and the rule that says whether both agree.
"""
from __future__ import annotations

import datetime as dt
import importlib.util

from bench.config import END, PEER, PEER_STEPS, START

PEER_METRICS = ("mrr", "new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
                "customers_start", "customers_end", "net_revenue_retention")


def load_peer(path=PEER):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ours(dataset) -> dict:
    from csm.engine import Analysis, Settings
    from csm.metrics import compute_all

    a = Analysis(dataset, Settings(start=dt.date.fromisoformat(START), end=dt.date.fromisoformat(END)))
    results, _ = compute_all(a, set(PEER_METRICS))
    return {m: {p.period: p.value for p in results[m].points} for m in PEER_METRICS}


def compare(mine: dict, theirs: dict) -> list[str]:
    """The differences between our figures and the peer's (tests/test_peer.py's rule: rel 1e-9, abs 1e-6)."""
    problems = []
    for metric in PEER_METRICS:
        if set(mine[metric]) != set(theirs[metric]):
            problems.append(f"{metric}: periods differ")
            continue
        for label, v in theirs[metric].items():
            m = mine[metric][label]
            if v is None or m is None:
                if (v is None) != (m is None):
                    problems.append(f"{metric} {label}: {m} vs {v}")
            elif abs(m - v) > max(1e-6, 1e-9 * abs(v)):
                problems.append(f"{metric} {label}: {m} vs {v}")
    return problems


def peer_rows_to_dict(mod, con, sql, params) -> dict:
    # Exactly the peer's compute() after its execute(): same SQL, same post-processing.
    rows = con.execute(sql, params).fetchall()
    cols = [d[0] for d in con.description]
    out: dict[str, dict] = {}
    for row in rows:
        r = dict(zip(cols, row, strict=True))
        label = r.pop("label")
        start_mrr = r.pop("mrr_start")
        for k, v in r.items():
            out.setdefault(k, {})[label] = float(v)
        out.setdefault("net_revenue_retention", {})[label] = (
            None if not start_mrr
            else (start_mrr + r["expansion_mrr"] - r["contraction_mrr"] - r["churned_mrr"]) / start_mrr * 100
        )
    return out


def load_steps_peer():
    return load_peer(PEER_STEPS)


STEPS_SOURCE = "read_csv_auto($path, header = true)"


def steps_peer_from_table(mod, con, table: str) -> dict:
    """duckdb_mrr_steps.py's compute() on a table already in `con` (its read_csv_auto replaced by the table):
    the same statements, queries and post-processing, copied from its compute()."""
    assert STEPS_SOURCE in mod.SQL, "the steps peer's SQL changed: update bench/peer.py"
    for stmt in filter(str.strip, mod.SQL.replace(STEPS_SOURCE, table).split(";")):
        params = {k: v for k, v in {"start": START, "end": END}.items() if f"${k}" in stmt}
        con.execute(stmt, params)
    totals = con.execute(mod.TOTALS).fetchall()
    moves = {r[0]: r[1:] for r in con.execute(mod.MOVES).fetchall()}
    names = ("new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr")
    out: dict[str, dict] = {}
    for label, mrr_start, mrr, cs, ce in totals:
        mv = dict(zip(names, moves.get(label, (0.0,) * 5), strict=True))
        row = {"mrr": mrr, **mv, "customers_start": cs, "customers_end": ce}
        for k, v in row.items():
            out.setdefault(k, {})[label] = float(v)
        out.setdefault("net_revenue_retention", {})[label] = (
            None if not mrr_start
            else (mrr_start + mv["expansion_mrr"] - mv["contraction_mrr"] - mv["churned_mrr"]) / mrr_start * 100
        )
    return out
