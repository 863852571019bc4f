"""`python -m csm compare` and `python -m csm forecast`: the planner's numbers from the command line.

    python -m csm compare FILE... [--period 2025-06] [--with previous|year|2024-06] [--format json|csv|table]
    python -m csm forecast FILE... --model projection [--period P] [--horizon 12] [--window 3]
                                   [--scenario "Lower churn~churn_rate-1,new_mrr=5000"]...
    python -m csm forecast FILE... --model retention [--period P] [--horizon 12]
    python -m csm forecast FILE... --model clv --calibration-end 1997-09-30 [--horizon 39] [--unit week|month]
                                   [--at-risk 0.3] [--customers customers.csv]

Every settings flag of `report` applies (csm.cli._add_settings); the period defaults to the last complete one. The
output is one JSON object (compare: also csv or table) with each model's formula, parameters and worked numbers.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

import numpy as np

from .errors import OptionError


def add_commands(sub) -> None:
    from .cli import _add_settings

    c = sub.add_parser("compare", help="every metric in two periods side by side: values, change, better or worse")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--mapping", metavar="M.json", help="a mapping file (from `map`, edited) instead of guessing")
    _add_settings(c)
    c.add_argument("--period", metavar="LABEL", help="the period (default: the last complete one)")
    c.add_argument("--with", dest="other", default="previous", metavar="previous|year|LABEL",
                   help="the period compared with: the previous one, the same one a year earlier, or a label")
    c.add_argument("--format", choices=("json", "csv", "table"), default="json")
    c.add_argument("--out", metavar="FILE", help="write to this file instead of standard output")

    f = sub.add_parser("forecast", help="project customers and MRR, forecast retention, or predict customer value")
    f.add_argument("files", nargs="+", metavar="FILE")
    f.add_argument("--mapping", metavar="M.json", help="a mapping file (from `map`, edited) instead of guessing")
    _add_settings(f)
    f.add_argument("--model", choices=("projection", "retention", "clv"), default="projection",
                   help="projection: the planner's recurrence; retention: sBG on the logo cohorts; clv: BG/NBD and "
                        "Gamma-Gamma on the transactions")
    f.add_argument("--period", metavar="LABEL", help="the period to project from (default: the last complete one)")
    f.add_argument("--horizon", type=float, help="periods ahead (projection, retention: default 12), or time units "
                                                  "ahead (clv: default 52 weeks or 12 months)")
    f.add_argument("--window", type=int, default=3, help="projection: the periods the recent rates average (3)")
    f.add_argument("--scenario", action="append", metavar="NAME~OVERRIDES", default=[],
                   help="projection: a scenario, e.g. 'Lower churn~churn_rate-1,new_mrr=5000' (repeatable)")
    f.add_argument("--calibration-end", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                   help="clv: the last day of the purchase history the models are fitted to (required)")
    f.add_argument("--unit", choices=("week", "month"), default="week", help="clv: the time unit (week)")
    f.add_argument("--at-risk", type=float, default=0.3, help="clv: list customers with P(alive) below this (0.3)")
    f.add_argument("--customers", metavar="FILE", help="clv: write every customer's numbers (CSV) to this file")
    f.add_argument("--out", metavar="FILE", help="write to this file instead of standard output")


def _period(a, label: str | None) -> int:
    from .views.period_choice import default_period

    return a.periods.find(label) if label else default_period(a.periods, a.dataset.span())


def _clean(x):
    """JSON-safe numbers: NaN and infinity as null, NumPy scalars as Python ones."""
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    return x


def _json(obj) -> str:
    return json.dumps(_clean(obj), indent=2, ensure_ascii=False, default=str) + "\n"


def cmd_compare(args) -> None:
    from .cli import _emit, analysis_from_args
    from .forecast.compare import compare_periods
    from .views.period_choice import comparison_index

    a = analysis_from_args(args)
    i = _period(a, args.period)
    j = comparison_index(a.periods, i, args.other) if args.other in ("previous", "year") else a.periods.find(args.other)
    if j is None:
        raise OptionError(f"there is no {args.other} period to compare {a.periods.labels[i]} with in the range")
    c = compare_periods(a, i, j)
    frame = c.frame
    if args.format == "json":
        text = _json({"period": c.period, "with": c.other, "currency": a.currency, "counts": c.counts(),
                      "metrics": frame.drop(columns=["shown"]).to_dict("records")})
    elif args.format == "csv":
        buf = io.StringIO()
        frame.drop(columns=["shown", "sentence"]).to_csv(buf, index=False, lineterminator="\n")
        text = buf.getvalue()
    else:
        width = max([len(n) for n in frame["name"]] + [6])
        lines = [f"{'metric'.ljust(width)}{c.other:>16}{c.period:>16}  change"]
        for r in frame.itertuples():
            was, now = r.shown.split(" → ")
            lines.append(f"{r.name.ljust(width)}{was:>16}{now:>16}  {r.change_shown}"
                         + (f"  {r.verdict}" if r.verdict else ""))
        text = "\n".join(lines) + "\n"
    _emit(text, args.out)


def cmd_forecast(args) -> None:
    from .cli import _emit, analysis_from_args

    a = analysis_from_args(args)
    obj = {"projection": _projection, "retention": _retention, "clv": _clv}[args.model](a, args)
    _emit(_json(obj), args.out)


def _projection(a, args) -> dict:
    from .forecast import scenario as sc
    from .forecast.projection import RATES, project, recent_rates

    i = _period(a, args.period)
    horizon = int(args.horizon or 12)
    if horizon < 1 or args.window < 1:
        raise OptionError("--horizon and --window must be at least 1")
    rates = recent_rates(a, i, args.window)
    scenarios = [s for text in args.scenario for s in sc.decode(text, tuple(RATES))]
    runs = [project(rates, horizon)] + [project(rates, horizon, s) for s in scenarios]

    def one(p) -> dict:
        return {"name": p.name, "overrides": p.scenario.text() if p.scenario else "", "rates": p.rates,
                "formula": p.formula, "periods": p.frame().assign(start=lambda f: f["start"].dt.date.astype(str))
                .to_dict("records"), "worked": list(p.worked), "clv": p.clv, "clv_worked": p.clv_worked}

    return {"model": "projection", "from": rates.period, "window": list(rates.window), "variant": rates.variant,
            "customers": rates.customers, "mrr": rates.mrr, "currency": rates.currency, "rates": rates.values,
            "rates_worked": rates.worked, "runs": [one(p) for p in runs]}


def _retention(a, args) -> dict:
    from .cohorts import cohort_retention
    from .forecast.cohort_forecast import retention_forecast

    i = _period(a, args.period)
    months = float(np.mean(a.periods.months))
    fc = retention_forecast(cohort_retention(a, "logo"), a.periods.labels, a.periods.labels[i],
                            int(args.horizon or 12), discount=1.1 ** (months / 12) - 1)
    return {"model": "sBG", "upto": a.periods.labels[i], "verdict": fc.verdict, "reason": fc.reason,
            "formula": fc.formula, "params": fc.fit.params if fc.fit else None,
            "log_likelihood": fc.fit.log_likelihood if fc.fit else None, "max_gap_points": fc.max_gap,
            "discount_per_period": 1.1 ** (months / 12) - 1, "worked": list(fc.worked),
            "pooled": fc.pooled.to_dict("records"),
            "cohorts": fc.remaining.to_dict("records") if fc.drawable else []}


def _clv(a, args) -> dict:
    from .cli import _write
    from .forecast.customer_value import customer_value
    from .forecast.purchase_history import MONTH, WEEK
    from .metrics.value import needs_transactions

    if args.calibration_end is None:
        raise OptionError("--model clv needs --calibration-end YYYY-MM-DD (the models never assume today)")
    missing = needs_transactions(a)
    if missing:
        raise OptionError(f"predictive CLV {missing}")
    unit = WEEK if args.unit == "week" else MONTH
    horizon = args.horizon or (52 if args.unit == "week" else 12)
    fc = customer_value(a.table("transactions"), args.calibration_end, horizon, unit_days=unit,
                        margin=a.settings.gross_margin / 100, currency=a.currency)
    if args.customers:
        _write(args.customers, lambda p: fc.customers.to_csv(p, index=False, quoting=csv.QUOTE_MINIMAL))
    risk = fc.at_risk(args.at_risk)
    return {"model": "BG/NBD + Gamma-Gamma", "calibration_end": str(args.calibration_end), "unit": args.unit,
            "horizon": horizon, "customers": len(fc.customers), "repeat_buyers": len(fc.history.repeat_buyers),
            "bgnbd": {"params": fc.purchases_fit.params, "log_likelihood": fc.purchases_fit.log_likelihood},
            "gamma_gamma": ({"params": fc.spend_fit.params, "log_likelihood": fc.spend_fit.log_likelihood}
                            if fc.spend_fit else None),
            "formula": fc.formula, "expected_purchases": fc.total_purchases, "expected_value": fc.total_value,
            "holdout": {"expected": fc.holdout[0], "made": fc.holdout[1]} if fc.holdout else None,
            "notes": list(fc.notes), "worked": list(fc.worked), "at_risk_count": len(risk),
            "at_risk": risk.head(25).to_dict("records")}


COMMANDS = {"compare": cmd_compare, "forecast": cmd_forecast}
