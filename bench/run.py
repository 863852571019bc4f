"""Time every stage from files to metrics at three sizes, beside the DuckDB peer; print a table.

    python bench/make_data.py && python bench/run.py            # everything (~10 minutes on 2 cores)
    python bench/run.py --sizes small medium --skip-app          # a quicker pass

Each stage runs in a fresh Python process (`python bench/run.py --child STAGE --size SIZE`), so that no stage
inherits another's caches or memory. Inside the child, the stage's inputs are prepared first (untimed: e.g. the
normalised dataset is unpickled), then the kernel's peak-RSS mark is reset (`echo 5 > /proc/self/clear_refs`) and
the stage runs under `time.perf_counter`. Memory is the process's peak resident set size during the stage (VmHWM
from /proc/self/status): it includes the interpreter, the libraries and the inputs already in memory, which is what
the machine must have. "+stage" is that peak minus the resident size just before the stage. (tracemalloc is not
used: it slows numpy-heavy code and does not see memory that pyarrow allocates outside Python.)

Stages, per size:
  read_csv        csm.loading.read_sources over every CSV of the size (csm.io: header, blank rows, totals)
  map_normalise   csm.guess.guess_mapping + csm.loading.load (every column parsed, every row checked)
  compute_all     csm.metrics.compute_all on Analysis(dataset, Settings()): every metric, every monthly period
  subs_csm        ours, subscription metrics only: from the normalised subscriptions (in memory) to the peer's nine
                  metrics (fresh Analysis: intervals, counts, MRR book, flows, MetricSeries) — no CSV read
  subs_peer       the peer's own SQL on the same subscriptions already loaded into an in-memory DuckDB table
                  (read_csv_auto(?) replaced by the table) — no CSV read
  subs_csm_e2e    ours from the subscriptions CSV: read_file + guess_mapping + load + the nine metrics
  subs_peer_e2e   the peer's compute(path) as published: read_csv_auto + SQL
  subs_steps      the step-function peer (../shared/peers/duckdb_mrr_steps.py, $CSM_PEER_STEPS) on the same table
                  in memory; subs_steps_e2e: its compute(path) as published
  duckdb_read     DuckDB reading every CSV of the size into tables (read_csv_auto): the floor of reading
  files_to_metrics every CSV of the size to every metric in one process: read_sources + load (mapping guessed) +
                  compute_all, with the time of each part
Once, when bench/data/company/ exists (python bench/make_company.py: a 100k-customer company's five exports, 2.7M
rows, 113 MB, as its tools write them):
  company_report       `python -m csm report` on the five files as a whole process (wall; CPU and peak memory
                       of the child from getrusage(RUSAGE_CHILDREN))
  company_duckdb_read  DuckDB reading the same five files into tables (read_csv_auto), timed in the same run
  and their ratio, against issue 15's targets (≤ 5 × DuckDB's read, ≤ 1.5 GB)
Once: the XLSX of 100k rows × 8 columns read with pandas.read_excel(engine="calamine"), with
pandas.read_excel(engine="openpyxl"), and with csm.io.read_file (calamine + header/blank/total detection). And the
app's rerun after a control change at 100k customers (streamlit.testing.v1.AppTest).

Results go to bench/out/results.json (git-ignored) and the table to stdout.

The code, by concept: bench/config.py (paths, sizes, period), bench/measuring.py (time and peak memory),
bench/stages.py (the stages above), bench/peer.py (the DuckDB peer and the same-numbers check), bench/report.py
(the table); this file is the driver and the entry point.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root: for csm and for bench.*

from bench.config import COMPANY, DATA, OUT, ROOT, SIZES, XLSX
from bench.measuring import machine
from bench.peer import compare
from bench.report import report
from bench.stages import STAGES, dataset_path


def run_child(stage: str, size: str, timeout: float = 1800) -> dict:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", stage, "--size", size], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["process_seconds"] = time.perf_counter() - t
    res["load_avg_1min_after"] = os.getloadavg()[0]
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=list(SIZES), choices=SIZES)
    ap.add_argument("--stages", nargs="+", default=None, help="only these stages (default: all)")
    ap.add_argument("--skip-app", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--size", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(STAGES[a.child](a.size)))
        return 0

    per_size = ["read_csv", "map_normalise", "compute_all", "compute_by_metric", "subs_csm", "subs_peer",
                "subs_steps", "subs_csm_e2e", "subs_peer_e2e", "subs_steps_e2e", "duckdb_read", "files_to_metrics"]
    company = ["company_duckdb_read", "company_report"]
    missing = [s for s in a.sizes if not (DATA / s / "subscriptions.csv").exists()]
    if missing and not (a.stages and set(a.stages) <= set(company)):
        print(f"no data for {', '.join(missing)}: run python bench/make_data.py first", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    results: dict = {"machine": machine(), "when": dt.datetime.now().isoformat(timespec="seconds"), "stages": {}}
    print(f"machine: {results['machine']}", flush=True)
    default = set(STAGES) - {"compute_by_metric"}  # the breakdown runs when asked: --stages compute_by_metric
    wanted = set(a.stages or default) | ({"app_rerun"} if not a.skip_app and not a.stages else set())
    t0 = time.perf_counter()
    for size in a.sizes if not missing else []:
        for stage in per_size:
            if stage not in wanted:
                continue
            if stage in ("compute_all", "compute_by_metric", "subs_csm") and not dataset_path(size).exists():
                print(f"  {size} {stage}: needs map_normalise first", flush=True)
                continue
            print(f"  {size:<6} {stage:<14} …", end=" ", flush=True)
            r = run_child(stage, size)
            results["stages"][f"{stage}/{size}"] = r
            print("failed: " + r["error"] if "error" in r else
                  f"{r['seconds']:.3f} s (cpu {r['cpu_seconds']:.3f} s), peak {r['peak_mb']:.0f} MB (+{r['stage_mb']:.0f} MB), "
                  f"load {r['load_avg_1min_after']:.1f}", flush=True)
        mine = OUT / f"subs_csm_{size}.json"
        for peer in ("subs_peer", "subs_steps"):
            theirs = OUT / f"{peer}_{size}.json"
            if {"subs_csm", peer} <= wanted and mine.exists() and theirs.exists():
                problems = compare(json.loads(mine.read_text()), json.loads(theirs.read_text()))
                key = "same_numbers" if peer == "subs_peer" else "same_numbers_steps"
                results["stages"][f"{key}/{size}"] = {"ok": not problems, "problems": problems[:20]}
                print(f"  {size:<6} csm vs {peer}: " + ("same numbers (9 metrics × 60 months)" if not problems else
                                                     f"{len(problems)} DIFFERENCES, e.g. {problems[:3]}"), flush=True)
    if any(COMPANY.glob("*.csv")):
        for stage in company:
            if stage in wanted:
                print(f"  company {stage:<19} …", end=" ", flush=True)
                r = run_child(stage, "company")
                results["stages"][f"{stage}/company"] = r
                print("failed: " + r["error"] if "error" in r else
                      f"{r['seconds']:.3f} s (cpu {r['cpu_seconds']:.3f} s), peak {r['peak_mb']:.0f} MB, "
                      f"load {r['load_avg_1min_after']:.1f}", flush=True)
        ours, duck = (results["stages"].get(f"{s}/company", {}) for s in ("company_report", "company_duckdb_read"))
        if "seconds" in ours and "seconds" in duck:
            ratio = {"wall": ours["seconds"] / duck["seconds"], "cpu": ours["cpu_seconds"] / duck["cpu_seconds"]}
            results["company_ratio"] = ratio  # beside the stages: bench/report.py prints every stage as a row
            print(f"  company: csm report ÷ DuckDB's read = {ratio['wall']:.1f} × wall, {ratio['cpu']:.1f} × CPU "
                  f"(target ≤ 5 ×); peak {ours['peak_mb']:.0f} MB (target ≤ 1,536 MB)", flush=True)
    elif {"company_report", "company_duckdb_read"} & set(a.stages or ()):
        print("no company data: run python bench/make_company.py first", file=sys.stderr)
    if XLSX.exists():
        for stage in ("xlsx_calamine", "xlsx_openpyxl", "xlsx_csm"):
            if stage in wanted:
                print(f"  xlsx   {stage:<14} …", end=" ", flush=True)
                r = run_child(stage, "medium")
                results["stages"][f"{stage}/100k×8"] = r
                print(f"{r.get('seconds', float('nan')):.3f} s", flush=True)
    if "app_rerun" in wanted:
        print("  medium app_rerun …", flush=True)
        r = run_child("app_rerun", "medium", timeout=3600)
        results["stages"]["app_rerun/medium"] = r
    results["total_seconds"] = time.perf_counter() - t0
    name = "results.json" if not a.stages else f"results_{'_'.join(sorted(a.stages))}.json"
    (OUT / name).write_text(json.dumps(results, indent=1, default=str))
    print()
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
