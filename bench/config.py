"""Where the benchmark's data and results live, its sizes, the period it computes and how often it repeats a run.

Shared by the driver (bench/run.py) and the stages it starts in child processes, so both read the same files.
"""
from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
OUT = HERE / "out"
PEER = Path(os.environ.get("CSM_PEER", ROOT.parent / "shared" / "peers" / "duckdb_mrr.py"))
# The step-function peer (an analyst's fast DuckDB SQL, the one to beat), timed beside the first
PEER_STEPS = Path(os.environ.get("CSM_PEER_STEPS", ROOT.parent / "shared" / "peers" / "duckdb_mrr_steps.py"))
XLSX = DATA / "subscriptions_100k.xlsx"
COMPANY = DATA / "company"  # bench/make_company.py: a 100k-customer company's five exports (issue 15's first target)
SIZES = ("small", "medium", "large")
START, END = "2021-01-01", "2025-12-31"  # the five years of bench/make_data.py: 60 months
REPEAT = 3  # the subscription-metric and XLSX stages run this many times in their process; the best is reported
