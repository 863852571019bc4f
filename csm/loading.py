"""From files to a usable dataset: read every table, apply the mapping, normalise, and keep a report.

    raws = read_sources([("billing.xlsx", data)])
    ds = load(raws)              # guesses the mapping
    ds = load(raws, mapping)     # or applies a saved one
    ds.tables["subscriptions"]   # canonical columns, typed
    ds.report.rejects            # every row that could not be used, with file, sheet, row, column and reason
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from .cells import map_distinct
from .combine import combine
from .dataset import DataReport, Dataset, TableReport
from .errors import InputError, MappingError
from .guess import guess_mapping
from .io import RawTable, read_file
from .mapping import Mapping, TableMapping
from .memo import Memo
from .normalize import normalize_table
from .schema import (
    DEFAULT_SURVEY_TYPE,
    KINDS,
    REJECT_COLUMNS,
    SCORE_RANGES,
    SURVEY_ALIASES,
    SURVEY_TYPES,
    csat_range,
    detect_scale,
)
from .simple_types import match_padded_ids, parse_id

try:  # one file's size at most, in MB: the app's upload limit too (server.maxUploadSize in .streamlit/config.toml)
    MAX_FILE_MB = int(os.environ.get("CSM_MAX_FILE_MB", 200))
except ValueError:
    MAX_FILE_MB = 200


def read_sources(files) -> list[RawTable]:
    """Read (name, bytes-or-file) pairs or paths; every sheet of every workbook becomes one RawTable."""
    raws: list[RawTable] = []
    for item in files:
        name, data = item if isinstance(item, tuple) else (None, item)
        _within_size(data, name)
        raws.extend(read_file(data, name=name))
    return raws


def _within_size(data, name: str | None) -> None:
    """InputError when a file is larger than one file may be (MAX_FILE_MB, the app's upload limit), before a byte
    of it is read."""
    if isinstance(data, str | os.PathLike):
        name = name or os.path.basename(data)
        try:
            size = os.path.getsize(data)
        except OSError:  # read_file says why it cannot be opened
            return
    elif isinstance(data, bytes | bytearray | memoryview):
        size = len(data)
    else:
        size = getattr(data, "size", 0)  # a Streamlit UploadedFile
    if isinstance(size, int) and size > MAX_FILE_MB * 2**20:
        raise InputError(f"the file is {size / 2**20:,.1f} MB, more than the {MAX_FILE_MB} MB one file may be; keep "
                         "only the rows and columns you need, or split it into several files (a workbook's sheets "
                         "as CSV files)", source=name or "upload")


def _rejects_frame(rows: list[pd.DataFrame]) -> pd.DataFrame:
    rows = [r for r in rows if r is not None and len(r)]
    if not rows:
        return pd.DataFrame(columns=REJECT_COLUMNS)
    out = pd.concat([r[REJECT_COLUMNS] for r in rows], ignore_index=True)
    return out.sort_values(["source", "sheet", "row"], na_position="first", kind="stable").reset_index(drop=True)


def _resolve_links(raw: RawTable, table: TableMapping, raws: list[RawTable]) -> tuple[RawTable, TableMapping, pd.DataFrame]:
    """Fill fields reached through another table's key (usage → subscription → customer) as new columns."""
    rejects = []
    for fname, link in table.links.items():
        other = next((r for r in raws if r.source == link.source and (link.sheet is None or r.sheet == link.sheet)), None)
        if other is None:
            raise MappingError(f"{table.label}: the link for {fname} names {link.source}, which was not uploaded")
        for col, tab in ((link.via, raw), (link.key, other), (link.value, other)):
            if col not in tab.frame.columns:
                raise MappingError(f"{tab.source}: the link for {fname} names a column {col!r} that is not there")
        keys = parse_id(other.frame[link.key]).values
        vals = parse_id(other.frame[link.value]).values
        lookup = pd.Series(vals.to_numpy(), index=keys.to_numpy()).dropna()
        lookup = lookup[~lookup.index.duplicated()]
        via = parse_id(raw.frame[link.via]).values
        found = via.map(lookup)
        missing = found.isna()
        if missing.any():
            values = via[missing]
            reason = np.where(values.isna(), f"{link.via} is blank, so the {fname} cannot be found",
                              f"no row of {link.source} has this {link.key}")
            rejects.append(pd.DataFrame({
                "source": raw.source, "sheet": raw.sheet, "row": raw.rows[missing.to_numpy()],
                "column": link.via, "value": values.to_numpy(), "reason": reason,
            }))
        new_col = f"{fname} (via {link.via})"
        frame = raw.frame.copy()
        frame[new_col] = found.to_numpy()
        keep = ~missing.to_numpy()
        raw = replace(raw, frame=frame[keep], rows=raw.rows[keep])
        table = table.with_column(fname, new_col)
    table = replace(table, links={})
    return raw, table, _rejects_frame(rejects)


def _shown(values: pd.Series) -> pd.Series:
    """Values as the user typed them: 11.0 → '11'."""
    num = pd.to_numeric(values, errors="coerce")
    whole = num.notna() & (num == np.floor(num))
    return values.astype(str).where(~whole, num.where(whole).astype("Int64").astype(str))


def _survey_rules(frame: pd.DataFrame, table: TableMapping, csat_scale: int | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Survey type per row (column or table-wide) and score ranges; out-of-range scores are rejected by row.

    CSAT's range is its scale's: 1–5, 1–7 or 0–10, `csat_scale` or the one the highest score gives.
    """
    if "survey_type" in frame:
        raw_type = frame["survey_type"].astype("string").str.strip().str.lower()
        st = map_distinct(raw_type, SURVEY_ALIASES)
        if table.survey_type:
            st = st.fillna(table.survey_type)
    else:
        raw_type = pd.Series(table.survey_type or DEFAULT_SURVEY_TYPE, index=frame.index)
        st = pd.Series(table.survey_type or DEFAULT_SURVEY_TYPE, index=frame.index)
    problems = []
    bad_type = st.isna()
    if bad_type.any():
        problems.append((bad_type, table.columns.get("survey_type", "survey_type"), raw_type,
                         f"unknown survey type (use {', '.join(SURVEY_TYPES[:-1])} or {SURVEY_TYPES[-1]})"))
    lo = map_distinct(st, {k: v[0] for k, v in SCORE_RANGES.items()}).astype(float)  # (empty: keeps the text dtype)
    hi = map_distinct(st, {k: v[1] for k, v in SCORE_RANGES.items()}).astype(float)
    score = pd.to_numeric(frame["score"], errors="coerce")  # a table of headers only leaves it as (empty) text
    csat = st.eq("csat")
    if csat.any():  # a 5- or 7-point CSAT scale starts at 1, so a 0 there is no answer on the scale
        answers = score[csat & score.between(*SCORE_RANGES["csat"])]  # the answers that some CSAT scale holds
        scale = csat_scale or detect_scale(answers.to_numpy(dtype=float))
        scale_lo, scale_hi = csat_range(scale)
        lo, hi = lo.mask(csat, scale_lo), hi.mask(csat, scale_hi)
    out_of_range = ~bad_type & ((score < lo) | (score > hi))
    if out_of_range.any():
        scale = "score outside the " + st.str.upper() + " scale " + lo.astype("Int64").astype(str) + "–" + hi.astype(
            "Int64").astype(str)
        problems.append((out_of_range, table.columns["score"], score, scale))
    not_whole = (st == "nps") & ~out_of_range & (score != np.floor(score))
    if not_whole.any():
        nps_lo, nps_hi = SCORE_RANGES["nps"]
        problems.append((not_whole, table.columns["score"], score,
                         f"an NPS score must be a whole number {nps_lo}–{nps_hi}"))
    bad = pd.Series(False, index=frame.index)
    rej = []
    for mask, col, vals, reason in problems:
        bad |= mask
        why = reason[mask] if isinstance(reason, pd.Series) else reason
        rej.append(pd.DataFrame({"source": table.source, "sheet": table.sheet, "row": frame.loc[mask, "_row"],
                                 "column": col, "value": _shown(vals[mask]), "reason": why}))
    frame = frame.assign(survey_type=st)
    return frame[~bad], _rejects_frame(rej)


def load(raws: list[RawTable], mapping: Mapping | None = None, csat_scale: int | None = None,
         progress: Callable[[int, int, str], None] | None = None) -> Dataset:
    """Apply a mapping (guessed when not given) to the tables and normalise them into one dataset.

    `csat_scale` (5, 7 or 10): the CSAT scale when it is set rather than read from the highest score.
    `progress(k, n, label)`: called before the k-th of the n tables is normalised (the app shows it).
    """
    if mapping is None:
        mapping = guess_mapping(raws)
    tables: dict[str, list[pd.DataFrame]] = {}
    reports: list[TableReport] = []
    rejects: list[pd.DataFrame] = []
    currencies: list[str] = []
    notes: list[str] = []
    padded = False
    for k, raw in enumerate(raws, start=1):
        if progress is not None:
            progress(k, len(raws), _label(raw))
        tm = mapping.for_table(raw.source, raw.sheet)
        if raw.excluded is not None and len(raw.excluded):
            rejects.append(raw.excluded)
        if tm is None or tm.kind is None:
            reports.append(TableReport(_label(raw), None, len(raw.frame), 0, 0, ("not used: no kind chosen",)))
            continue
        if not tm.usable:
            missing = ", ".join(f for f in KINDS[tm.kind].required if f not in tm.columns and f not in tm.links)
            reports.append(TableReport(_label(raw), tm.kind, len(raw.frame), 0, 0,
                                       (f"not used: required field(s) not mapped: {missing or 'mrr or amount'}",)))
            continue
        link_rejects = None
        rows_read = len(raw.frame)
        if tm.links:
            raw, tm, link_rejects = _resolve_links(raw, tm, raws)
        nt = _normalized(raw, tm, mapping.options)
        frame, extra_notes = nt.frame, []
        extra = [link_rejects, nt.rejects]
        if tm.kind == "surveys":
            frame, survey_rejects = _survey_rules(frame.assign(origin="survey"), tm, csat_scale)
            extra.append(survey_rejects)
        answers = None
        if tm.kind == "tickets" and "satisfaction" in frame and frame["satisfaction"].notna().any():
            answers, answer_rejects = _survey_rules(_ticket_answers(frame), tm.with_column("score", tm.columns[
                "satisfaction"]), csat_scale)
            extra.append(answer_rejects)
            extra_notes.append(f"{len(answers):,} satisfaction answers on tickets count in CSAT "
                              f"({tm.columns['satisfaction']}, dated by {tm.columns['created_at']})")
        table_rejects = _rejects_frame(extra)
        padded = padded or nt.padded_ids
        rejects.append(table_rejects)
        if nt.currency:
            currencies.append(nt.currency)
        n_bad = table_rejects["row"].nunique() if len(table_rejects) else 0
        table_notes = list(nt.notes) + extra_notes + (_upgrade_notes(frame) if tm.kind == "customers" else [])
        reports.append(TableReport(_label(raw), tm.kind, rows_read, len(frame), int(n_bad), tuple(table_notes)))
        tables.setdefault(tm.kind, []).append((frame, raw.source, raw.sheet))
        if answers is not None and len(answers):
            tables.setdefault("surveys", []).append((answers, raw.source, raw.sheet))
    if padded:  # some customer id is written with leading zeros: match the same ids written without them
        notes.extend(_match_padded_ids(tables))
    merged = {}
    for kind, parts in tables.items():
        frame, kind_notes, kind_rejects = combine(kind, [p[0] for p in parts], [p[1:] for p in parts])
        merged[kind] = frame
        notes.extend(kind_notes)
        rejects.append(kind_rejects)
        reports = _repeats_rejected(reports, kind_rejects)
    notes.extend(_churn_event_notes(merged))
    currency = mapping.options.currency or (max(set(currencies), key=currencies.count) if currencies else None)
    if len(set(currencies)) > 1:
        notes.append(f"several currencies were seen ({', '.join(sorted(set(currencies)))}); amounts are not converted")
    return Dataset(merged, DataReport(tuple(reports), _rejects_frame(rejects), tuple(notes)), mapping, currency,
                   tuple(raws))


def _normalized(raw: RawTable, tm: TableMapping, options):
    """normalize_table, kept beside the raw table for its last two mappings: applying a change to one table's mapping
    in the app reads that table again, not every table (a frame is never changed once made). A table with a linked
    field is a new copy on every load, so what is kept beside it goes with it."""
    key = json.dumps([tm.kind, tm.survey_type, tm.columns, tm.units, options.to_json()], sort_keys=True)
    return raw.memo.get("normalized", lambda: Memo(2)).get(key, lambda: normalize_table(raw, tm, options))


def _repeats_rejected(reports: list[TableReport], repeats: pd.DataFrame) -> list[TableReport]:
    """The tables' reports with the rows that combining left out (records repeated from an earlier table) counted
    as rejected, not used."""
    if not len(repeats):
        return reports
    labels = [f"{src} [{sheet}]" if isinstance(sheet, str) and sheet else src
              for src, sheet in zip(repeats["source"], repeats["sheet"], strict=True)]
    counts = pd.Series(labels).value_counts()
    return [replace(r, rows_used=r.rows_used - int(counts[r.label]), rows_rejected=r.rows_rejected + int(counts[r.label]))
            if r.label in counts.index else r for r in reports]


def _churn_event_notes(tables: dict[str, pd.DataFrame]) -> list[str]:
    """What the customer-dates churn cannot count of the churn events (it needs each customer's signup date)."""
    events = tables.get("churn_events")
    if events is None or events.empty:
        return []
    customers = tables.get("customers")
    if customers is None or "signup_date" not in customers or customers["signup_date"].isna().all():
        return ["the churn events count as churned customers only with a customers table that has signup dates "
                "(the churn event 'customer dates')"]
    from .activity import churn_events_before_signup

    n = churn_events_before_signup(customers, events)
    if not n:
        return []
    return [f"{n:,} churn event{'s' if n != 1 else ''} {'is' if n == 1 else 'are'} of customers with no signup date, "
            f"or dated on or before the signup: the customer-dates churn does not count {'it' if n == 1 else 'them'}"]


def _ticket_answers(tickets: pd.DataFrame) -> pd.DataFrame:
    """The satisfaction answers given on tickets as CSAT responses, dated by the ticket's creation day."""
    t = tickets[tickets["satisfaction"].notna()]
    out = pd.DataFrame({"date": t["created_at"].dt.normalize(), "score": t["satisfaction"], "survey_type": "csat",
                        "origin": "ticket", "_row": t["_row"], "_source": t["_source"]})
    if "customer_id" in t:
        out.insert(3, "customer_id", t["customer_id"])
    return out


def _upgrade_notes(frame: pd.DataFrame) -> list[str]:
    """The customers whose paid date the free-to-paid rate leaves out, by reason (its rule: csm/metrics/growth.py)."""
    from .metrics.growth import upgrade_exclusions

    return [f"{n:,} customer{'s' if n != 1 else ''} with a paid date {'is' if n == 1 else 'are'} no upgrade ({why})"
            for why, n in upgrade_exclusions(frame).items() if n]


def _match_padded_ids(tables: dict[str, list[tuple]]) -> list[str]:
    """Customer ids written "0042" in one table and 42 in another made one (simple_types.match_padded_ids), in
    place in `tables`; the notes for the data report."""
    at = [(kind, k) for kind, parts in tables.items() for k, part in enumerate(parts) if "customer_id" in part[0]]
    columns = [(_label_of(*tables[kind][k][1:]), tables[kind][k][0]["customer_id"]) for kind, k in at]
    matched, notes = match_padded_ids(columns)
    for (kind, k), (_, before), after in zip(at, columns, matched, strict=True):
        if after is not before:
            frame, source, sheet = tables[kind][k]
            tables[kind][k] = (frame.assign(customer_id=after), source, sheet)
    return notes


def _label_of(source: str, sheet: str | None) -> str:
    return f"{source} [{sheet}]" if sheet else source


def _label(raw: RawTable) -> str:
    return _label_of(raw.source, raw.sheet)
