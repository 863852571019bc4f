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
Once: the XLSX of 100k rows × 8 columns read with pandas.read_excel(engine="calamine"), with
pandas.read_excel(engine="openpyxl"), and with csm.io.read_file (calamine + header/blank/total detection). And the
app's rerun after a control change at 100k customers (streamlit.testing.v1.AppTest).

Results go to bench/out/results.json (git-ignored) and the table to stdout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import json
import os
import pickle
import re
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
OUT = HERE / "out"
PEER = Path(os.environ.get("CSM_PEER", ROOT.parent / "shared" / "peers" / "duckdb_mrr.py"))
XLSX = DATA / "subscriptions_100k.xlsx"
SIZES = ("small", "medium", "large")
PEER_METRICS = ("mrr", "new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
                "customers_start", "customers_end", "net_revenue_retention")
START, END = "2021-01-01", "2025-12-31"  # the five years of bench/make_data.py: 60 months
REPEAT = 3  # the subscription-metric and XLSX stages run this many times in their process; the best is reported

sys.path.insert(0, str(ROOT))


# ------------------------------------------------------------------------------------------------ measuring


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    with open("/proc/self/status") as f:
        return int(re.search(rf"^{field}:\s+(\d+) kB", f.read(), re.M).group(1)) * 1024


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


class Stage:
    """Context manager: wall time and peak RSS of the block (peak mark reset at entry)."""

    def __enter__(self):
        gc.collect()
        _reset_peak()
        self.rss0 = _status("VmRSS")
        self.t0 = time.perf_counter()
        self.c0 = time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.c0
        self.peak = _status("VmHWM")
        return False

    def result(self, **extra) -> dict:
        return {"seconds": self.seconds, "cpu_seconds": self.cpu, "peak_mb": self.peak / 2**20, "stage_mb": (self.peak - self.rss0) / 2**20,
                **extra}


def _best(runs: list[Stage]) -> Stage:
    """The fastest of repeated runs (the one least disturbed by other processes)."""
    return min(runs, key=lambda r: r.seconds)


def _csvs(size: str) -> list[Path]:
    return sorted((DATA / size).glob("*.csv"))


def _dataset_path(size: str) -> Path:
    return OUT / f"dataset_{size}.pkl"


def _load_peer():
    spec = importlib.util.spec_from_file_location("duckdb_mrr", PEER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _ours(dataset) -> dict:
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


# ------------------------------------------------------------------------------------------------ stages (child)


def stage_read_csv(size: str) -> dict:
    from csm.loading import read_sources

    files = _csvs(size)
    with Stage() as st:
        raws = read_sources(files)
    return st.result(rows=sum(len(r.frame) for r in raws), tables=len(raws))


def stage_map_normalise(size: str) -> dict:
    from csm.guess import guess_mapping
    from csm.loading import load, read_sources

    raws = read_sources(_csvs(size))
    with Stage() as st:
        mapping = guess_mapping(raws)
        ds = load(raws, mapping)
    OUT.mkdir(exist_ok=True)
    with open(_dataset_path(size), "wb") as f:  # for the compute stages (without the raw tables)
        pickle.dump(replace(ds, raws=()), f, protocol=pickle.HIGHEST_PROTOCOL)
    kinds = {tm.source: tm.kind for tm in mapping.tables}
    return st.result(rows=sum(len(t) for t in ds.tables.values()), rejected=int(ds.report.rows_rejected),
                     kinds=kinds)


def _dataset(size: str):
    with open(_dataset_path(size), "rb") as f:
        return pickle.load(f)


def stage_compute_all(size: str) -> dict:
    from csm.engine import Analysis, Settings
    from csm.metrics import compute_all

    ds = _dataset(size)
    with Stage() as st:
        a = Analysis(ds, Settings())
        results, _ = compute_all(a)
    return st.result(metrics=len(results), periods=len(a.periods))


def stage_compute_by_metric(size: str) -> dict:
    """compute_all's loop, timed metric by metric (shared steps count toward the first metric that needs them)."""
    from csm.engine import Analysis, Settings
    from csm.metrics import REGISTRY

    ds = _dataset(size)
    per: dict[str, float] = {}
    with Stage() as st:
        a = Analysis(ds, Settings())
        for mid, m in REGISTRY.items():
            t = time.perf_counter()
            if not m.requires(a):
                m.compute(a)
            per[mid] = time.perf_counter() - t
    return st.result(per_metric=dict(sorted(per.items(), key=lambda kv: -kv[1])))


def _subs_only(ds):
    return replace(ds, tables={"subscriptions": ds.tables["subscriptions"]})


def stage_subs_csm(size: str) -> dict:
    ds = _subs_only(_dataset(size))
    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            out = _ours(ds)
        runs.append(st)
    (OUT / f"subs_csm_{size}.json").write_text(json.dumps(out))
    return _best(runs).result(median=statistics.median(r.seconds for r in runs), runs=[r.seconds for r in runs],
                     rows=len(ds.tables["subscriptions"]))


def _peer_rows_to_dict(mod, con, sql, params) -> dict:
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


def stage_subs_peer(size: str) -> dict:
    import duckdb

    mod = _load_peer()
    source = "read_csv_auto(?, header = true, all_varchar = false)"
    assert source in mod.SQL, "the peer's SQL changed: update bench/run.py"
    sql = mod.SQL.replace(source, "subs_raw")
    con = duckdb.connect()
    con.execute(f"CREATE TABLE subs_raw AS SELECT * FROM {source}", [str(DATA / size / "subscriptions.csv")])
    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            out = _peer_rows_to_dict(mod, con, sql, [START, END])
        runs.append(st)
    (OUT / f"subs_peer_{size}.json").write_text(json.dumps(out))
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    return _best(runs).result(median=statistics.median(r.seconds for r in runs), runs=[r.seconds for r in runs],
                              threads=threads)


def stage_subs_csm_e2e(size: str) -> dict:
    from csm.loading import load, read_sources

    path = DATA / size / "subscriptions.csv"
    with Stage() as st:
        _ours(load(read_sources([path])))
    return st.result()


def stage_subs_peer_e2e(size: str) -> dict:
    mod = _load_peer()
    path = str(DATA / size / "subscriptions.csv")
    with Stage() as st:
        mod.compute(path, START, END)
    return st.result()


def stage_xlsx_calamine(size: str) -> dict:
    import pandas as pd

    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            df = pd.read_excel(XLSX, engine="calamine")
        runs.append(st)
    return _best(runs).result(runs=[r.seconds for r in runs], rows=len(df), columns=df.shape[1])


def stage_xlsx_openpyxl(size: str) -> dict:
    import pandas as pd

    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            df = pd.read_excel(XLSX, engine="openpyxl")
        runs.append(st)
    return _best(runs).result(runs=[r.seconds for r in runs], rows=len(df), columns=df.shape[1])


def stage_xlsx_csm(size: str) -> dict:
    from csm.io import read_file

    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            (t,) = read_file(XLSX)
        runs.append(st)
    return _best(runs).result(runs=[r.seconds for r in runs], rows=len(t.frame), columns=t.frame.shape[1])


def stage_app_rerun(size: str) -> dict:
    """The app (app.py) under streamlit.testing.v1.AppTest with the size's CSVs as its sample company.

    First run: cold (read, map, normalise, compute the page). Then three churn variants in turn (each a new
    Settings: a new Analysis, computed on first use), then the period stepped back three months (the analysis is
    cached; only the page is redrawn). Each control change is one `AppTest.run()`, timed. The overview page, then
    the retention page (in the same process: the data is already loaded and cached when it starts).
    """
    os.environ["CSM_SAMPLE_DIR"] = str(DATA / size)  # read by ui/state.py when the script first imports it
    from streamlit.testing.v1 import AppTest

    from csm.engine import CHURN_VARIANTS

    out: dict = {"pages": {}}
    for page in ("app_pages/overview.py", "app_pages/retention.py"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
        t = time.perf_counter()
        if page != "app_pages/overview.py":
            at.switch_page(page)
        at.run()
        cold = time.perf_counter() - t
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        variant = at.sidebar.selectbox(key="churn_variant")
        period = at.sidebar.selectbox(key="period")
        labels = list(period.options)
        runs: dict[str, list[float]] = {"churn_variant": [], "period": []}
        with Stage() as st:
            for v in CHURN_VARIANTS[1:4]:  # three new settings: each a new Analysis
                t = time.perf_counter()
                at.sidebar.selectbox(key="churn_variant").set_value(v).run()
                runs["churn_variant"].append(time.perf_counter() - t)
            i = labels.index(at.sidebar.selectbox(key="period").value)
            for j in range(1, 4):
                t = time.perf_counter()
                at.sidebar.selectbox(key="period").set_value(labels[max(i - j, 0)]).run()
                runs["period"].append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        all_runs = runs["churn_variant"] + runs["period"]
        out["pages"][page] = {"cold_seconds": cold, "runs": runs, "median": statistics.median(all_runs),
                              "max": max(all_runs), "peak_mb": st.peak / 2**20,
                              "median_variant": statistics.median(runs["churn_variant"]),
                              "median_period": statistics.median(runs["period"])}
        del variant
    worst = max(out["pages"].values(), key=lambda r: r["median"])
    return {"seconds": worst["median"], "cpu_seconds": float("nan"), "peak_mb": max(
        r["peak_mb"] for r in out["pages"].values()), "stage_mb": float("nan"), **out}


STAGES = {name[6:]: fn for name, fn in globals().items() if name.startswith("stage_")}


# ------------------------------------------------------------------------------------------------ driver


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


def machine() -> dict:
    with open("/proc/cpuinfo") as f:
        cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "?")
    mem = _status_total()
    import duckdb
    import numpy
    import pandas

    return {"cpu": cpu, "nproc": os.cpu_count(), "ram_gb": round(mem / 2**30, 1), "python": sys.version.split()[0],
            "pandas": pandas.__version__, "numpy": numpy.__version__, "duckdb": duckdb.__version__}


def _status_total() -> int:
    with open("/proc/meminfo") as f:
        return int(re.search(r"MemTotal:\s+(\d+) kB", f.read()).group(1)) * 1024


def fmt_row(name: str, size: str, r: dict, note: str = "") -> str:
    if "error" in r:
        return f"| {name:<16} | {size:<6} | {'failed':>9} | {'':>9} | {'':>9} | {'':>9} | {r['error'][:60]} |"
    return (f"| {name:<16} | {size:<6} | {r['seconds']:>9.3f} | {r['cpu_seconds']:>9.3f} | {r['peak_mb']:>9.0f} | "
            f"{r['stage_mb']:>9.0f} | "
            f"{note} |")


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

    missing = [s for s in a.sizes if not (DATA / s / "subscriptions.csv").exists()]
    if missing:
        print(f"no data for {', '.join(missing)}: run python bench/make_data.py first", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    results: dict = {"machine": machine(), "when": dt.datetime.now().isoformat(timespec="seconds"), "stages": {}}
    print(f"machine: {results['machine']}", flush=True)
    per_size = ["read_csv", "map_normalise", "compute_all", "compute_by_metric", "subs_csm", "subs_peer",
                "subs_csm_e2e", "subs_peer_e2e"]
    default = set(STAGES) - {"compute_by_metric"}  # the breakdown runs when asked: --stages compute_by_metric
    wanted = set(a.stages or default) | ({"app_rerun"} if not a.skip_app and not a.stages else set())
    t0 = time.perf_counter()
    for size in a.sizes:
        for stage in per_size:
            if stage not in wanted:
                continue
            if stage in ("compute_all", "compute_by_metric", "subs_csm") and not _dataset_path(size).exists():
                print(f"  {size} {stage}: needs map_normalise first", flush=True)
                continue
            print(f"  {size:<6} {stage:<14} …", end=" ", flush=True)
            r = run_child(stage, size)
            results["stages"][f"{stage}/{size}"] = r
            print("failed: " + r["error"] if "error" in r else
                  f"{r['seconds']:.3f} s (cpu {r['cpu_seconds']:.3f} s), peak {r['peak_mb']:.0f} MB (+{r['stage_mb']:.0f} MB), "
                  f"load {r['load_avg_1min_after']:.1f}", flush=True)
        mine, theirs = OUT / f"subs_csm_{size}.json", OUT / f"subs_peer_{size}.json"
        if {"subs_csm", "subs_peer"} <= wanted and mine.exists() and theirs.exists():
            problems = compare(json.loads(mine.read_text()), json.loads(theirs.read_text()))
            results["stages"][f"same_numbers/{size}"] = {"ok": not problems, "problems": problems[:20]}
            print(f"  {size:<6} csm vs peer: " + ("same numbers (9 metrics × 60 months)" if not problems else
                                                 f"{len(problems)} DIFFERENCES, e.g. {problems[:3]}"), flush=True)
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


def report(results: dict) -> str:
    st = results["stages"]
    lines = ["| stage            | size   | wall s    | cpu s     | peak MB   | +stage MB | notes |",
             "|------------------|--------|-----------|-----------|-----------|-----------|-------|"]
    for key, r in st.items():
        stage, size = key.split("/")
        if stage == "same_numbers" or stage == "app_rerun":
            continue
        note = ""
        if stage == "subs_csm":
            peer = st.get(f"subs_peer/{size}")
            if peer and "seconds" in peer and "seconds" in r:
                note = f"csm ÷ peer = {r['seconds'] / peer['seconds']:.3f} (best of {REPEAT} each)"
        elif stage == "subs_csm_e2e":
            peer = st.get(f"subs_peer_e2e/{size}")
            if peer and "seconds" in peer and "seconds" in r:
                note = f"csm ÷ peer = {r['seconds'] / peer['seconds']:.3f} (both from the CSV file)"
        elif stage == "subs_peer":
            note = f"best of {REPEAT}, {r.get('threads', '?')} threads"
        elif stage in ("read_csv", "map_normalise"):
            note = f"{r.get('rows', 0):,} rows"
        elif stage == "compute_all":
            note = f"{r.get('metrics')} metrics × {r.get('periods')} periods"
        elif stage == "xlsx_openpyxl":
            cal = st.get("xlsx_calamine/100k×8")
            if cal and "seconds" in cal and "seconds" in r:
                note = f"openpyxl ÷ calamine = {r['seconds'] / cal['seconds']:.1f} (best of {REPEAT} each)"
        elif stage == "xlsx_csm":
            op = st.get("xlsx_openpyxl/100k×8")
            if op and "seconds" in op and "seconds" in r:
                note = f"openpyxl ÷ csm.io = {op['seconds'] / r['seconds']:.1f} (best of {REPEAT} each)"
        lines.append(fmt_row(stage, size, r, note))
    for key, r in st.items():
        if key.startswith("same_numbers/"):
            lines.append(f"\ncsm vs peer, {key.split('/')[1]}: " + ("same numbers" if r["ok"] else
                                                                   f"DIFFERENT: {r['problems'][:5]}"))
    app = st.get("app_rerun/medium")
    if app:
        lines.append("\napp rerun after a control change (medium: 100k customers, AppTest):")
        if "error" in app:
            lines.append(f"  failed: {app['error']}")
        for page, r in app.get("pages", {}).items():
            lines.append(f"  {page}: cold {r['cold_seconds']:.2f} s; rerun median {r['median'] * 1000:.0f} ms, max "
                         f"{r['max'] * 1000:.0f} ms (variant change median {r['median_variant'] * 1000:.0f} ms, "
                         f"period change median {r['median_period'] * 1000:.0f} ms), peak {r['peak_mb']:.0f} MB")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
