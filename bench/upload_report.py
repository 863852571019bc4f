"""What bench/upload_times.py prints and checks once its rounds are done: the table of stages and reruns, and the
Overview's cards held against `python -m csm report` on the same files."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COMPANY = HERE / "data" / "company"
FILES = ["customers.csv", "subscriptions.csv", "invoices.csv", "nps.csv", "usage.csv"]


def cli_check(pages: list[tuple[str, dict]]) -> dict:
    """`python -m csm report` on the same files (default settings, as the app's); the Overview's cards of each
    (period, headlines) against it, value and change (vs the period before) as the cards write them."""
    from csm import summary

    out = Path(tempfile.mkdtemp(prefix="csm-cli-")) / "report.json"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "csm", "report", *[str(COMPANY / f) for f in FILES], "--format", "json",
                    "--out", str(out)], check=True, cwd=ROOT)
    took = time.perf_counter() - t
    rep = json.loads(out.read_text())
    labels = [p["label"] for p in rep["periods"]]
    rows, differ, missing = [], [], []
    for period_label, heads in pages:
        i = labels.index(period_label)
        j = i - 1 if i > 0 else None
        compared = set()
        for mid, m in rep["metrics"].items():
            label = m["name"] + (f" ({m['variant']})" if m.get("variant") else "")
            if label not in heads["cards"]:
                continue
            by = {pt["period"]: pt["value"] for pt in m["series"]}
            ch = summary.Change(mid, m["name"], m["unit"], period_label, by.get(labels[i]),
                                labels[j] if j is not None else None, by.get(labels[j]) if j is not None else None,
                                None, rep.get("currency"))
            want = [ch.shown(ch.value), ch.delta_text()]
            got = heads["cards"][label]
            compared.add(label)
            rows.append({"period": period_label, "metric": mid, "label": label, "page": got, "cli": want,
                         "cli_value": by.get(labels[i])})
            if [re.sub(r"\s+", " ", g or "") for g in got] != [re.sub(r"\s+", " ", w or "") for w in want]:
                differ.append(rows[-1])
        missing += [(period_label, lab) for lab in heads["cards"] if lab not in compared]
    return {"cli_seconds": took, "periods": [p for p, _ in pages], "rows": rows, "differ": differ,
            "on_page_not_in_cli": missing}


def report(result: dict) -> None:
    rounds = result["rounds"]
    w = 58
    print(f"{'stage (each round: seconds [since the files were given])':{w}} " + "  ".join(
        f"{'round ' + str(r['round']):>16}" for r in rounds))
    names: list[str] = []
    for r in rounds:
        for name, *_ in r["upload_stages"]:
            if name not in names:
                names.append(name)
    for name in names:
        cells = []
        for r in rounds:
            got = {s: (d, c) for s, d, c in r["upload_stages"]}.get(name)
            cells.append(f"{got[0]:6.2f} [{got[1]:6.2f}]" if got and got[0] is not None else f"{'—':>15}")
        print(f"{name[:w]:{w}} " + "  ".join(f"{c:>16}" for c in cells))
    for key in ["overview", "rerun: Period → month before", "rerun: Period → back",
                "rerun: Period → month before, again", "Data page again", "Overview again"]:
        label = ("Overview page" if key == "overview" else key) + " (browser / server s)"
        print(f"{label[:w]:{w}} " + "  ".join(
            f"{r[key]['browser_s']:6.2f} / {r[key]['server_s']:5.3f}" if key in r else f"{'—':>15}" for r in rounds))
    print(f"{'server peak memory (VmHWM), MB':{w}} " + "  ".join(
        f"{r.get('memory_end_mb', r.get('memory_after_upload_mb', {})).get('VmHWM', float('nan')):16.0f}"
        for r in rounds))
    for r in rounds:
        print(f"\nround {r['round']}: load average at start {r['load_start']}, after the upload "
              f"{r.get('load_after_upload')}, at the end {r.get('load_end')}; period shown {r.get('period_shown')}")
        spin = {k: r[k]["spinners"] for k in r if isinstance(r[k], dict) and r[k].get("spinners")}
        if r.get("upload_spinners"):
            spin["upload"] = r["upload_spinners"]
        print(f"  spinners seen: {spin or 'none'}")
        for k in ("running_indicator_at_status_complete", "running_indicator_10s_after"):
            if k in r:
                print(f"  Streamlit's running indicator ({k.split('_', 2)[2].replace('_', ' ')}): {r[k]!r}")
        print(f"  script-state changes during the upload: {[s for s, _ in r.get('states', [])]}")
        if r.get("server_errors"):
            print(f"  server stderr: {r['server_errors']}")
        if r.get("headlines"):
            print(f"  Overview: {r['headlines']['caption']}")
            for label, (value, delta) in r["headlines"]["cards"].items():
                print(f"    {label:40} {value:>18} {delta or ''}")
    chk = result.get("cli_check")
    if chk:
        print(f"\nCLI check ({', '.join(chk['periods'])}; csm report took {chk['cli_seconds']:.1f} s): "
              f"{len(chk['rows'])} cards compared, {len(chk['differ'])} differ")
        for d in chk["differ"]:
            print(f"  DIFFERS {d['period']} {d['label']}: page {d['page']}  cli {d['cli']}")
        if chk["on_page_not_in_cli"]:
            print(f"  on the page, not in the CLI's report: {chk['on_page_not_in_cli']}")
