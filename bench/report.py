"""The table printed at the end of a run (and in BENCHMARKS.md): one row per stage and size, with the ratios
against the peer and between the XLSX readers in the notes, then the peer check and the app's rerun times.
"""
from __future__ import annotations

from bench.config import REPEAT


def fmt_row(name: str, size: str, r: dict, note: str = "") -> str:
    if "error" in r:
        return f"| {name:<16} | {size:<6} | {'failed':>9} | {'':>9} | {'':>9} | {'':>9} | {r['error'][:60]} |"
    return (f"| {name:<16} | {size:<6} | {r['seconds']:>9.3f} | {r['cpu_seconds']:>9.3f} | {r['peak_mb']:>9.0f} | "
            f"{r['stage_mb']:>9.0f} | "
            f"{note} |")


def report(results: dict) -> str:
    st = results["stages"]
    lines = ["| stage            | size   | wall s    | cpu s     | peak MB   | +stage MB | notes |",
             "|------------------|--------|-----------|-----------|-----------|-----------|-------|"]
    for key, r in st.items():
        stage, size = key.split("/")
        if stage.startswith("same_numbers") or stage == "app_rerun":
            continue
        note = ""
        if stage == "subs_csm":
            peer = st.get(f"subs_peer/{size}")
            if peer and "seconds" in peer and "seconds" in r:
                note = f"csm ÷ peer = {r['seconds'] / peer['seconds']:.3f} (best of {REPEAT} each)"
            steps = st.get(f"subs_steps/{size}")
            if steps and "seconds" in steps and "seconds" in r:
                note += f"; csm ÷ steps peer = {r['seconds'] / steps['seconds']:.3f}"
        elif stage == "subs_csm_e2e":
            for peer, label in (("subs_peer_e2e", "peer"), ("subs_steps_e2e", "steps peer")):
                p = st.get(f"{peer}/{size}")
                if p and "seconds" in p and "seconds" in r:
                    note += (f"csm ÷ {label} = {r['seconds'] / p['seconds']:.2f} in-stage, "
                             f"{r['process_seconds'] / p['process_seconds']:.2f} whole process; ")
            note += "both from the CSV file"
        elif stage == "files_to_metrics":
            laps = r.get("laps", {})
            duck = st.get(f"duckdb_read/{size}")
            note = (f"read {laps.get('read', 0):.2f} + map/normalise {laps.get('map_normalise', 0):.2f} + "
                    f"compute_all {laps.get('compute_all', 0):.2f} s; whole process {r.get('process_seconds', 0):.2f} s")
            if duck and "seconds" in duck:
                note += f"; ÷ DuckDB read = {r['seconds'] / duck['seconds']:.1f}"
        elif stage == "duckdb_read":
            note = f"{r.get('rows', 0):,} rows, {r.get('threads', '?')} threads"
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
        if key.startswith("same_numbers"):
            who = "the steps peer" if key.startswith("same_numbers_steps") else "peer"
            lines.append(f"\ncsm vs {who}, {key.split('/')[1]}: " + ("same numbers" if r["ok"] else
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
