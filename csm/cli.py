"""`python -m csm`: the mapping and every metric from the command line, for automation and for checking numbers.

    python -m csm map FILE...                       # print the inferred mapping (JSON) to edit and pass back
    python -m csm report FILE... [--mapping M.json] [--granularity month] [--format json|csv|table] ...
    python -m csm metrics                           # list every metric with its formula

Bad input exits with status 2 and a one-line reason on stderr naming the file, sheet, row or column.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import numpy as np

from . import __version__
from .engine import CES_DIRECTIONS, CHURN_EVENTS, CHURN_VARIANTS, CLV_METHODS, Analysis, Settings
from .errors import CsmError, OptionError
from .mapping import Mapping
from .periods import GRANULARITIES


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-01-31") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m csm", description="Customer-success metrics from spreadsheets.")
    p.add_argument("--version", action="version", version=f"csm {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    m = sub.add_parser("map", help="print the mapping inferred for the files (JSON)")
    m.add_argument("files", nargs="+", metavar="FILE")
    m.add_argument("--out", metavar="FILE", help="write to this file instead of standard output")

    r = sub.add_parser("report", help="compute every metric the data supports")
    r.add_argument("files", nargs="+", metavar="FILE")
    r.add_argument("--mapping", metavar="M.json", help="a mapping file (from `map`, edited) instead of guessing")
    r.add_argument("--granularity", choices=GRANULARITIES, default="month")
    r.add_argument("--fiscal-start", type=int, default=1, metavar="MONTH", help="first month of the fiscal year")
    r.add_argument("--start", type=_date, metavar="DATE", help="first day of the range (default: first in the data)")
    r.add_argument("--end", type=_date, metavar="DATE", help="last day of the range (default: last in the data)")
    r.add_argument("--churn-variant", choices=CHURN_VARIANTS, default="start")
    r.add_argument("--churn-event", choices=CHURN_EVENTS)
    r.add_argument("--inactivity-days", type=int, default=90, metavar="N")
    r.add_argument("--csat-threshold", type=float, metavar="X")
    r.add_argument("--ces-direction", choices=CES_DIRECTIONS, default="higher_is_easier")
    r.add_argument("--clv-method", choices=CLV_METHODS)
    r.add_argument("--lifespan-months", type=float, metavar="N")
    r.add_argument("--gross-margin", type=float, default=100.0, metavar="PCT")
    r.add_argument("--csat-scale", type=int, choices=(5, 7, 10), help="the CSAT scale (default: detected)")
    r.add_argument("--fcr-denominator", choices=("created", "resolved"), default="created",
                   help="first-contact resolution over tickets created in the period, or those of them resolved")
    r.add_argument("--repeat-window", choices=("cumulative", "period"), default="cumulative",
                   help="repeat purchases up to the end of the period, or within it")
    r.add_argument("--onboarding-target-days", type=float, default=30.0, metavar="N")
    r.add_argument("--retention-category", action="append", metavar="NAME",
                   help="a cost category that counts as retention cost (repeatable; default: every cost row)")
    r.add_argument("--metric", action="append", metavar="ID", help="only these metrics (repeatable)")
    r.add_argument("--format", choices=("json", "csv", "table"), default="json")
    r.add_argument("--out", metavar="FILE", help="write to this file instead of standard output")
    r.add_argument("--rejects", metavar="FILE", help="write the rejected rows (CSV) to this file")

    sub.add_parser("metrics", help="list every metric with its unit, group and formula")
    d = sub.add_parser("docs", help="print the metric reference (Markdown) generated from the registry")
    d.add_argument("--table", action="store_true", help="a compact table instead of the full reference")
    return p


def _read(files: list[str]):
    from .errors import InputError
    from .loading import read_sources

    for f in files:
        if not Path(f).is_file():
            raise InputError("file not found", source=f)
    return read_sources(files)


def _load_mapping(path: str) -> Mapping:
    from .errors import InputError

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"cannot read the mapping file ({e.strerror})", source=path) from None
    return Mapping.loads(text)


def _check_outputs(args) -> None:
    """Refuse, before anything is read, an output that would overwrite an input or cannot be written."""
    from .errors import InputError

    inputs = [Path(f) for f in (*args.files, getattr(args, "mapping", None) or ()) if f]
    outputs = [(flag, getattr(args, dest, None)) for flag, dest in (("--out", "out"), ("--rejects", "rejects"))]
    outputs = [(flag, Path(p)) for flag, p in outputs if p]
    for flag, out in outputs:
        if out.is_dir():
            raise InputError(f"{flag} names a folder; give a file name inside it", source=str(out))
        if not out.parent.is_dir():
            raise InputError(f"{flag}: the folder {str(out.parent)!r} does not exist", source=str(out))
        for f in inputs:
            if (f.exists() and out.exists() and out.samefile(f)) or out.resolve() == f.resolve():
                raise InputError(f"{flag} would overwrite an input file; write to another file", source=str(out))
    if len(outputs) == 2 and outputs[0][1].resolve() == outputs[1][1].resolve():
        raise InputError("--out and --rejects name the same file", source=str(outputs[0][1]))


def _write(path: str, write) -> None:
    from .errors import InputError

    try:
        write(path)
    except OSError as e:
        raise InputError(f"cannot write the file ({e.strerror or e})", source=path) from None


def _emit(text: str, out: str | None) -> None:
    if out:
        _write(out, lambda p: Path(p).write_text(text, encoding="utf-8"))
    else:
        sys.stdout.write(text)


def cmd_map(args) -> None:
    from .guess import guess_mapping

    _check_outputs(args)
    _emit(guess_mapping(_read(args.files)).dumps() + "\n", args.out)


def report_object(analysis: Analysis, ids=None) -> dict:
    """The `report --format json` object of DATA.md."""
    from .metrics import compute_all

    if ids is not None:
        from .metrics import REGISTRY

        unknown = sorted(set(ids) - set(REGISTRY) - {COHORTS})
        if unknown:
            raise OptionError(f"there is no metric {', '.join(map(repr, unknown))}; `python -m csm metrics` lists them")
    results, warnings = compute_all(analysis, ids)
    cohorts = _cohorts(analysis, warnings) if ids is None or COHORTS in ids else None
    report = analysis.dataset.report
    if report.rows_rejected:
        n = report.rows_rejected
        warnings.insert(0, f"{n:,} row{'s' if n != 1 else ''} could not be used; write them out with --rejects FILE.")
    return {
        "granularity": analysis.settings.granularity,
        "periods": analysis.periods.records(),
        "currency": analysis.currency,
        "churn_event": analysis.churn_event,
        "metrics": {mid: s.to_json() for mid, s in results.items()},
        **({"cohort_retention": cohorts} if cohorts else {}),
        "warnings": warnings + list(report.notes) + _table_warnings(report),
        "data": {"rows_rejected": report.rows_rejected, "tables": [
            {"table": t.label, "kind": t.kind, "rows_read": t.rows_read, "rows_used": t.rows_used,
             "rows_rejected": t.rows_rejected, "notes": list(t.notes)} for t in report.tables]},
    }


COHORTS = "cohort_retention"


def _cohorts(analysis: Analysis, warnings: list[str]) -> dict:
    """METRICS.md's cohort_retention, logo and revenue: per cohort (period of first activation) its size and the %
    retained at the end of each period from age 0 on (the last defined age ends the list)."""
    from .cohorts import cohort_retention

    out = {}
    for kind in ("logo", "revenue"):
        try:
            c = cohort_retention(analysis, kind)
        except OptionError as e:
            warnings.append(f"{COHORTS} ({kind}) left out: {e}.")
            continue
        sizes = c.sizes.set_index("cohort").to_dict("index")
        rows = []
        for label, values in zip(c.matrix.index, c.matrix.to_numpy(), strict=True):
            defined = values[: int(np.flatnonzero(~np.isnan(values))[-1]) + 1]
            rows.append({"cohort": label, **{k: getattr(v, "item", lambda v=v: v)() for k, v in sizes[label].items()},
                         "retention": [None if np.isnan(v) else float(v) for v in defined]})
        out[kind] = {"unit": "percent", "earlier": int(c.earlier), "cohorts": rows}
    return out


def _table_warnings(report) -> list[str]:
    """The tables' notes that change what is counted (dropped times, guessed date order, total rows…), each named
    by its table; how a file was decoded is left to the "data" section."""
    return [f"{t.label}: {n}" for t in report.tables if t.kind for n in t.notes if not n.startswith("Read as ")]


def _csv(obj: dict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["metric", "variant", "period", "value", "numerator", "denominator", "worked"])
    for mid, m in obj["metrics"].items():
        for p in m["series"]:
            w.writerow([mid, m["variant"] or "", p["period"], _cell(p["value"]), _cell(p["numerator"]),
                        _cell(p["denominator"]), p["worked"]])
    return buf.getvalue()


def _cell(x) -> str:
    return "" if x is None else repr(x) if isinstance(x, float) else str(x)


def _table(obj: dict) -> str:
    from . import fmt

    labels = [p["label"] for p in obj["periods"]]
    width = max([len(m["name"]) for m in obj["metrics"].values()] + [6])
    lines = ["metric".ljust(width) + "".join(f"{lab:>14}" for lab in labels)]
    for m in obj["metrics"].values():
        vals = [fmt.value(p["value"], m["unit"], obj["currency"]) for p in m["series"]]
        lines.append(m["name"].ljust(width) + "".join(f"{v:>14}" for v in vals))
    lines += [f"warning: {w}" for w in obj["warnings"]]
    return "\n".join(lines) + "\n"


def cmd_report(args) -> None:
    from .errors import InputError
    from .loading import load

    _check_outputs(args)
    raws = _read(args.files)
    mapping = _load_mapping(args.mapping) if args.mapping else None
    ds = load(raws, mapping, csat_scale=args.csat_scale)
    if args.rejects:  # written before any refusal below, so the rows that were not used can be seen
        _write(args.rejects, lambda p: ds.report.rejects.to_csv(p, index=False))
    names = ", ".join(Path(f).name for f in args.files)
    if not ds.tables:
        raise InputError("no table could be used; check the mapping (python -m csm map)", source=names)
    if not any(len(t) for t in ds.tables.values()):
        raise InputError("no row could be used: the tables are empty or every row was rejected"
                         + (" (see the rejects file)" if args.rejects else " (list them with --rejects FILE)"),
                         source=names)
    if ds.span() is None:
        raise InputError("the tables hold no dates, so there are no periods to report on (map a date column: python "
                         "-m csm map)", source=names)
    settings = Settings(
        granularity=args.granularity, start=args.start, end=args.end, fiscal_start=args.fiscal_start,
        churn_variant=args.churn_variant, churn_event=args.churn_event, inactivity_days=args.inactivity_days,
        csat_threshold=args.csat_threshold, ces_direction=args.ces_direction, clv_method=args.clv_method,
        lifespan_months=args.lifespan_months, gross_margin=args.gross_margin, csat_scale=args.csat_scale,
        fcr_denominator=args.fcr_denominator, repeat_window=args.repeat_window,
        onboarding_target_days=args.onboarding_target_days,
        retention_categories=tuple(args.retention_category) if args.retention_category else None,
    )
    obj = report_object(Analysis(ds, settings), set(args.metric) if args.metric else None)
    text = {"json": lambda o: json.dumps(o, indent=2, ensure_ascii=False) + "\n", "csv": _csv, "table": _table}
    _emit(text[args.format](obj), args.out)


def cmd_metrics(args) -> None:
    from .metrics import GROUPS, REGISTRY

    for m in REGISTRY.values():
        variants = "; ".join(f"{k}: {'|'.join(v)}" for k, v in m.variants.items())
        sys.stdout.write(f"{m.id}\t{m.unit}\t{GROUPS[m.group]}\t{m.formula}{f'  [{variants}]' if variants else ''}\n")


def cmd_docs(args) -> None:
    from .docs import metrics_markdown, metrics_table

    sys.stdout.write(metrics_table() if args.table else metrics_markdown())


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        {"map": cmd_map, "report": cmd_report, "metrics": cmd_metrics, "docs": cmd_docs}[args.command](args)
    except CsmError as e:
        sys.stderr.write(f"error: {e}\n".replace("\n", " ").rstrip() + "\n")
        return 2
    return 0
