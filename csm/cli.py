"""`python -m csm`: the mapping and every metric from the command line, for automation and for checking numbers.

    python -m csm map FILE...                       # print the inferred mapping (JSON) to edit and pass back
    python -m csm report FILE... [--mapping M.json] [--granularity month] [--format json|csv|table] ...
    python -m csm report FILE... --format xlsx|pdf --out FILE       # the Excel report, the one-page summary
    python -m csm metrics                           # list every metric with its formula
    python -m csm compare FILE... --period 2025-06 --with year      # two periods side by side (csm/cli_forecast.py)
    python -m csm forecast FILE... --model projection|retention|clv # what would be (csm/cli_forecast.py)

Bad input exits with status 2 and a one-line reason on stderr naming the file, sheet, row or column.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import replace
from pathlib import Path

from . import __version__
from .engine import Analysis
from .errors import CsmError, OptionError
from .mapping import Mapping
from .report import COHORTS, report_object  # noqa: F401 - report_object: the JSON object, also csm.cli's
from .settings import OPTIONS, Option, Settings


def _typed(option: Option):
    """The argparse type of a setting written as one piece of text: parsed and checked as csm.settings declares."""
    def parse(text: str):
        try:
            value = option.parse(text)
            option.check(value)
        except OptionError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
        return value

    parse.__name__ = option.name  # argparse names the type in its messages
    return parse


def _pair(option: Option, number: bool):
    """The argparse type of one NAME=VALUE of a weights or filters setting."""
    def parse(text: str):
        name, eq, value = text.partition("=")
        if not eq or not name.strip() or not value.strip():
            raise argparse.ArgumentTypeError(f"{option.noun}: write {option.metavar}, not {text!r}")
        if not number:
            return name.strip(), value.strip()
        try:
            return name.strip(), float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option.noun}: {value!r} is not a number") from None

    parse.__name__ = option.name
    return parse


def _add_settings(p: argparse.ArgumentParser) -> None:
    """One flag per setting declared in csm.settings (its help, its choices, its checks)."""
    for o in OPTIONS.values():
        if o.cli_flag is None:
            continue
        default = "auto: " + o.auto if o.default is None and o.auto else o.text(o.default) if o.default != () else ""
        kw = {"dest": o.name, "default": None, "help": o.help + (f" Default: {default}." if default else "")}
        if o.kind in ("values", "weights", "filters"):
            kw.update(action="append", metavar=o.metavar,
                      type=str if o.kind == "values" else _pair(o, o.kind == "weights"))
            if o.kind != "values":
                kw["help"] += " Repeatable."
        else:
            words = "|".join(([] if o.auto is None else ["auto"]) + list(o.words or map(str, o.choices)))
            kw.update(type=_typed(o), metavar=o.metavar or words or None)
        p.add_argument(o.cli_flag, **kw)


def settings_from_args(args) -> Settings:
    """The Settings the command line's flags give (a flag left out keeps the setting's default)."""
    values = {}
    for o in OPTIONS.values():
        given = getattr(args, o.name, None)
        if o.cli_flag is None or given is None:
            continue
        if o.kind == "filters":
            kept: dict[str, list[str]] = {}
            for attr, value in given:
                kept.setdefault(attr, []).append(value)
            given = tuple((attr, tuple(vs)) for attr, vs in kept.items())
        elif o.kind in ("values", "weights"):
            given = tuple(given)
        values[o.name] = given
    return Settings(**values).check()


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
    _add_settings(r)
    r.add_argument("--metric", action="append", metavar="ID", help="only these metrics (repeatable)")
    r.add_argument("--format", choices=("json", "csv", "table", *BINARY), default="json",
                   help="json (default), csv or table on standard output or --out; xlsx (the Excel report) or pdf "
                        "(the one-page summary) into --out")
    r.add_argument("--out", metavar="FILE", help="write to this file instead of standard output")
    r.add_argument("--label", metavar="TEXT", help="the data's name on the report's cover and the summary (default: "
                                                   "the files' names)")
    r.add_argument("--period", metavar="LABEL", help="the period the xlsx Overview and the pdf summary show, e.g. "
                                                     "2024-06 (default: the last period the data covers completely)")
    r.add_argument("--compare", choices=("previous", "year"), default="previous",
                   help="what that period is compared with: the previous period or the same period a year earlier")
    r.add_argument("--paper", choices=("a4", "letter"), default="a4", help="the pdf summary's page size")
    r.add_argument("--rejects", metavar="FILE", help="write the rejected rows (CSV) to this file")

    sub.add_parser("metrics", help="list every metric with its unit, group and formula")
    d = sub.add_parser("docs", help="print the metric reference (Markdown) generated from the registry")
    d.add_argument("--table", action="store_true", help="a compact table instead of the full reference")
    d.add_argument("--options", action="store_true", help="the settings (the README's option list) instead")
    from .cli_forecast import add_commands

    add_commands(sub)
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


BINARY = ("xlsx", "pdf")


def _check_outputs(args) -> None:
    """Refuse, before anything is read, an output that would overwrite an input or cannot be written."""
    from .errors import InputError

    if getattr(args, "format", None) in BINARY and not args.out:
        raise InputError(f"--format {args.format} writes a binary file: give its name with --out FILE")
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


def _csv(obj: dict) -> str:
    """One row per metric and period; text cells made inert (csm.exports.inert), numbers written as numbers."""
    from .exports.inert import inert

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["metric", "variant", "period", "value", "numerator", "denominator", "worked"])
    for mid, m in obj["metrics"].items():
        for p in m["series"]:
            w.writerow([inert(mid), inert(m["variant"] or ""), inert(p["period"]), _cell(p["value"]),
                        _cell(p["numerator"]), _cell(p["denominator"]), inert(p["worked"])])
    return buf.getvalue()


def _cell(x) -> str:
    return "" if x is None else repr(x) if isinstance(x, float) else str(x)


def _table(obj: dict) -> str:
    from . import fmt

    labels = [p["label"] for p in obj["periods"]] or ["snapshot"]
    width = max([len(m["name"]) for m in obj["metrics"].values()] + [6])
    lines = ["metric".ljust(width) + "".join(f"{lab:>14}" for lab in labels)]
    snapshot = []  # the snapshot's figures (one value, no period) under the periods' table
    for m in obj["metrics"].values():
        vals = [fmt.value(p["value"], m["unit"], obj["currency"]) for p in m["series"]]
        line = m["name"].ljust(width) + "".join(f"{v:>14}" for v in vals)
        (snapshot if m["variant"] == "snapshot" and obj["periods"] else lines).append(line)
    if snapshot:
        lines += ["", "snapshot (the customers' churned flag, over the whole list)", *snapshot]
    lines += [f"warning: {w}" for w in obj["warnings"]]
    return "\n".join(lines) + "\n"


def analysis_from_args(args) -> Analysis:
    """The files read, mapped (guessed or --mapping) and loaded under the settings' flags; refused with one line when
    nothing can be used. Writes --rejects (when the command has it) before any refusal."""
    from .errors import InputError
    from .exports.inert import to_csv_bytes
    from .loading import load

    _check_outputs(args)
    raws = _read(args.files)
    mapping = _load_mapping(args.mapping) if args.mapping else None
    settings = settings_from_args(args)
    ds = load(raws, mapping, csat_scale=settings.csat_scale)
    if getattr(args, "rejects", None):  # written before any refusal below, so the rows that were not used can be seen
        _write(args.rejects, lambda p: Path(p).write_bytes(to_csv_bytes(ds.report.rejects)))
    names = ", ".join(Path(f).name for f in args.files)
    if not ds.tables:
        raise InputError("no table could be used; check the mapping (python -m csm map)", source=names)
    if not any(len(t) for t in ds.tables.values()):
        raise InputError("no row could be used: the tables are empty or every row was rejected"
                         + (" (see the rejects file)" if getattr(args, "rejects", None) else " (list them with --rejects FILE)"),
                         source=names)
    from .snapshot import has_snapshot

    if ds.span() is None and not has_snapshot(ds):
        raise InputError("the tables hold no dates, so there are no periods to report on (map a date column: python "
                         "-m csm map)", source=names)
    # the raw tables are not needed once loaded (their memory goes), but for a snapshot's churn by any uploaded column
    return Analysis(ds if has_snapshot(ds) else replace(ds, raws=()), settings)


def cmd_report(args) -> None:
    analysis = analysis_from_args(args)
    ids = set(args.metric) if args.metric else None
    if args.format in BINARY:
        data = _binary(args, analysis, ids)
        _write(args.out, lambda p: Path(p).write_bytes(data))
        return
    obj = report_object(analysis, ids)
    text = {"json": lambda o: json.dumps(o, indent=2, ensure_ascii=False) + "\n", "csv": _csv, "table": _table}
    _emit(text[args.format](obj), args.out)


def _binary(args, analysis: Analysis, ids) -> bytes:
    """The Excel report or the one-page PDF summary, as the app makes them, for the period asked for."""
    import datetime as dt

    from .exports.view import ExportView
    from .views.period_choice import comparison_index

    names = [Path(f).name for f in args.files]
    label = args.label or (", ".join(names) if len(names) <= 3 else f"{len(names)} files")
    now = dt.datetime.now(dt.UTC)
    view = ExportView.default(analysis, label, now, args.compare)
    if args.period:
        i = analysis.periods.find(args.period)
        view = ExportView(label, i, comparison_index(analysis.periods, i, args.compare), now)
    if args.format == "xlsx":
        from .exports.workbook import report_workbook

        return report_workbook(analysis, view, ids=ids)
    from .exports.summary_pdf import summary_pdf

    return summary_pdf(analysis, view, paper=args.paper)


def cmd_metrics(args) -> None:
    from .metrics import GROUPS, REGISTRY

    for m in REGISTRY.values():
        variants = "; ".join(f"{o.name}: {'|'.join(o.words or map(str, o.choices))}" if o.choices else o.name
                             for o in m.options)
        sys.stdout.write(f"{m.id}\t{m.unit}\t{GROUPS[m.group]}\t{m.formula}{f'  [{variants}]' if variants else ''}\n")


def cmd_docs(args) -> None:
    from .docs import metrics_markdown, metrics_table
    from .settings import options_markdown

    sys.stdout.write(options_markdown() if args.options else metrics_table() if args.table else metrics_markdown())


def forecast_commands() -> dict:
    from .cli_forecast import COMMANDS

    return COMMANDS


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        {"map": cmd_map, "report": cmd_report, "metrics": cmd_metrics, "docs": cmd_docs,
         **forecast_commands()}[args.command](args)
    except CsmError as e:
        sys.stderr.write(f"error: {e}\n".replace("\n", " ").rstrip() + "\n")
        return 2
    return 0
