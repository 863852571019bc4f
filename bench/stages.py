"""The stages, each run alone in a child process (`python bench/run.py --child STAGE --size SIZE`).

A stage prepares its inputs untimed, runs its work under `measuring.Stage` and returns a JSON-able dict (seconds,
cpu_seconds, peak_mb, stage_mb and what it counted). STAGES maps each name to its function: every `stage_*` below.
map_normalise pickles the normalised dataset into bench/out/ for the compute and subs_csm stages.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench.config import COMPANY, DATA, END, OUT, REPEAT, ROOT, START, XLSX
from bench.measuring import Stage, best
from bench.peer import load_peer, load_steps_peer, ours, peer_rows_to_dict, steps_peer_from_table


def _csvs(size: str) -> list[Path]:
    return sorted((DATA / size).glob("*.csv"))


def dataset_path(size: str) -> Path:
    return OUT / f"dataset_{size}.pkl"


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
    with open(dataset_path(size), "wb") as f:  # for the compute stages (without the raw tables)
        pickle.dump(replace(ds, raws=()), f, protocol=pickle.HIGHEST_PROTOCOL)
    kinds = {tm.source: tm.kind for tm in mapping.tables}
    return st.result(rows=sum(len(t) for t in ds.tables.values()), rejected=int(ds.report.rows_rejected),
                     kinds=kinds)


def _dataset(size: str):
    with open(dataset_path(size), "rb") as f:
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
            out = ours(ds)
        runs.append(st)
    (OUT / f"subs_csm_{size}.json").write_text(json.dumps(out))
    return best(runs).result(median=statistics.median(r.seconds for r in runs), runs=[r.seconds for r in runs],
                     rows=len(ds.tables["subscriptions"]))


def stage_subs_peer(size: str) -> dict:
    import duckdb

    mod = load_peer()
    source = "read_csv_auto(?, header = true, all_varchar = false)"
    assert source in mod.SQL, "the peer's SQL changed: update bench/run.py"
    sql = mod.SQL.replace(source, "subs_raw")
    con = duckdb.connect()
    con.execute(f"CREATE TABLE subs_raw AS SELECT * FROM {source}", [str(DATA / size / "subscriptions.csv")])
    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            out = peer_rows_to_dict(mod, con, sql, [START, END])
        runs.append(st)
    (OUT / f"subs_peer_{size}.json").write_text(json.dumps(out))
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    return best(runs).result(median=statistics.median(r.seconds for r in runs), runs=[r.seconds for r in runs],
                              threads=threads)


def stage_subs_csm_e2e(size: str) -> dict:
    from csm.loading import load, read_sources

    path = DATA / size / "subscriptions.csv"
    with Stage() as st:
        ours(load(read_sources([path])))
    return st.result()


def stage_subs_peer_e2e(size: str) -> dict:
    mod = load_peer()
    path = str(DATA / size / "subscriptions.csv")
    with Stage() as st:
        mod.compute(path, START, END)
    return st.result()


def stage_subs_steps(size: str) -> dict:
    """duckdb_mrr_steps.py from the subscriptions already in an in-memory DuckDB table (no CSV read)."""
    import duckdb

    mod = load_steps_peer()
    con = duckdb.connect()
    con.execute("CREATE TABLE subs_raw AS SELECT * FROM read_csv_auto(?, header = true)",
                [str(DATA / size / "subscriptions.csv")])
    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            out = steps_peer_from_table(mod, con, "subs_raw")
        runs.append(st)
        for t in ("subs", "periods", "steps", "first_paid"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
    (OUT / f"subs_steps_{size}.json").write_text(json.dumps(out))
    return best(runs).result(median=statistics.median(r.seconds for r in runs), runs=[r.seconds for r in runs])


def stage_subs_steps_e2e(size: str) -> dict:
    """duckdb_mrr_steps.py's compute(path) as published: read_csv_auto + SQL."""
    mod = load_steps_peer()
    path = str(DATA / size / "subscriptions.csv")
    with Stage() as st:
        out = mod.compute(path, START, END)
    (OUT / f"subs_steps_e2e_{size}.json").write_text(json.dumps(out))
    return st.result()


def stage_files_to_metrics(size: str) -> dict:
    """Every CSV of the size to every metric: read_sources + guess_mapping + load + compute_all (monthly)."""
    from csm.engine import Analysis, Settings
    from csm.loading import load, read_sources
    from csm.metrics import compute_all

    files = _csvs(size)
    with Stage() as st:
        laps = {}
        t = time.perf_counter()
        raws = read_sources(files)
        laps["read"] = time.perf_counter() - t
        ds = replace(load(raws), raws=())  # as python -m csm report does: the raw tables go once loaded
        laps["map_normalise"] = time.perf_counter() - t - laps["read"]
        del raws
        results, _ = compute_all(Analysis(ds, Settings()))
        laps["compute_all"] = time.perf_counter() - t - laps["read"] - laps["map_normalise"]
    return st.result(laps=laps, metrics=len(results), rows=sum(len(t) for t in ds.tables.values()))


def stage_duckdb_read(size: str) -> dict:
    """DuckDB reading the same CSV files into tables (read_csv_auto, its own type detection): the floor of reading."""
    return _duckdb_read(_csvs(size))


def _duckdb_read(files: list[Path]) -> dict:
    import duckdb

    con = duckdb.connect()
    with Stage() as st:
        rows = 0
        for i, f in enumerate(files):
            con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv_auto(?, header = true)", [str(f)])
            rows += con.execute(f"SELECT count(*) FROM t{i}").fetchone()[0]
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    return st.result(rows=rows, threads=threads)


def _company() -> list[Path]:
    return sorted(COMPANY.glob("*.csv"))


def stage_company_report(size: str) -> dict:
    """`python -m csm report` on the company's five exports (bench/make_company.py), as a person runs it: a whole
    process from its start to its JSON, timed from here (wall), with the CPU (user + sys) and peak resident memory
    the kernel counts for it as this process's only child (RUSAGE_CHILDREN). The JSON goes to bench/out/ to compare."""
    files = _company()
    out = OUT / "company_report.json"
    OUT.mkdir(exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with open(out, "wb") as f:
        subprocess.run([sys.executable, "-m", "csm", "report", *map(str, files)], stdout=f, check=True, cwd=ROOT)
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": after.ru_maxrss / 1024, "stage_mb": float("nan"),
            "files": len(files), "bytes": sum(f.stat().st_size for f in files),
            "json_sha256": hashlib.sha256(out.read_bytes()).hexdigest()}


def stage_company_duckdb_read(size: str) -> dict:
    """DuckDB reading the company's five exports into tables (read_csv_auto, as stage_duckdb_read)."""
    return _duckdb_read(_company())


def stage_xlsx_calamine(size: str) -> dict:
    import pandas as pd

    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            df = pd.read_excel(XLSX, engine="calamine")
        runs.append(st)
    return best(runs).result(runs=[r.seconds for r in runs], rows=len(df), columns=df.shape[1])


def stage_xlsx_openpyxl(size: str) -> dict:
    import pandas as pd

    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            df = pd.read_excel(XLSX, engine="openpyxl")
        runs.append(st)
    return best(runs).result(runs=[r.seconds for r in runs], rows=len(df), columns=df.shape[1])


def stage_xlsx_csm(size: str) -> dict:
    from csm.io import read_file

    runs = []
    for _ in range(REPEAT):
        with Stage() as st:
            (t,) = read_file(XLSX)
        runs.append(st)
    return best(runs).result(runs=[r.seconds for r in runs], rows=len(t.frame), columns=t.frame.shape[1])


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
