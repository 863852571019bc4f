"""A small company whose text is hostile to spreadsheets: customer ids, plan names, owners and survey comments that a
spreadsheet would run as formulas (OWASP's CSV-injection examples), and a rejected row whose value is one too.

    files = write(tmp_path)            # the CSVs and mapping.json; `files["mapping"]` is the mapping's path
    for payload in PAYLOADS: ...       # what every export must write as text
"""
from __future__ import annotations

import json
from pathlib import Path

PAYLOADS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)")
REJECTED = "=1+2"  # the start date of one subscription: rejected, and listed with its value

CUSTOMERS = [  # id, name, plan, owner, signup
    (PAYLOADS[0], "Hyperlink Ltd", PAYLOADS[1], PAYLOADS[3], "2024-01-03"),
    (PAYLOADS[1], PAYLOADS[2], PAYLOADS[0], "Ann", "2024-01-10"),
    (PAYLOADS[2], "Minus Co", "Basic", PAYLOADS[1], "2024-02-01"),
    (PAYLOADS[3], "At Sign Inc", PAYLOADS[2], "Ann", "2024-01-20"),
    ("C-5", PAYLOADS[3], "Basic", "Bob", "2024-01-05"),
    ("C-6", "Plain Corp", "Basic", "Bob", "2024-03-01"),
]
SUBSCRIPTIONS = [  # customer, plan, start, end, mrr
    (PAYLOADS[0], PAYLOADS[1], "2024-01-03", "", "100"),
    (PAYLOADS[1], PAYLOADS[0], "2024-01-10", "2024-04-15", "250"),
    (PAYLOADS[2], "Basic", "2024-02-01", "", "-2"),  # a negative MRR is rejected: the number stays a number
    (PAYLOADS[2], "Basic", "2024-02-01", "", "80"),
    (PAYLOADS[3], PAYLOADS[2], "2024-01-20", "2024-05-31", "120"),
    ("C-5", "Basic", "2024-01-05", "", "60"),
    ("C-5", "Basic", "2024-03-01", "", "40"),
    ("C-6", "Basic", "2024-03-01", "", "90"),
    ("C-6", "Basic", REJECTED, "", "90"),
]
SURVEYS = [  # date, customer, type, score, comment
    ("2024-02-10", PAYLOADS[0], "nps", "9", PAYLOADS[0]),
    ("2024-03-12", PAYLOADS[1], "nps", "3", PAYLOADS[1]),
    ("2024-04-02", PAYLOADS[2], "nps", "7", PAYLOADS[2]),
    ("2024-05-20", PAYLOADS[3], "nps", "10", PAYLOADS[3]),
    ("2024-05-21", "C-5", "nps", "2", PAYLOADS[0]),
    ("2024-06-03", "C-6", "nps", "8", PAYLOADS[3]),
    ("2024-06-04", PAYLOADS[0], "csat", "4", PAYLOADS[2]),
    ("2024-06-05", "C-5", "csat", "2", PAYLOADS[1]),
]
MAPPING = {"tables": [
    {"source": "customers.csv", "kind": "customers", "columns": {
        "customer_id": "Customer ID", "name": "Name", "plan": "Plan", "owner": "Owner", "signup_date": "Signup"}},
    {"source": "subscriptions.csv", "kind": "subscriptions", "columns": {
        "customer_id": "Customer ID", "plan": "Plan", "start_date": "Start", "end_date": "End", "mrr": "MRR"}},
    {"source": "surveys.csv", "kind": "surveys", "columns": {
        "date": "Date", "customer_id": "Customer ID", "survey_type": "Type", "score": "Score", "comment": "Comment"}},
]}


def _csv(rows, header: str) -> bytes:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header.split(","))
    w.writerows(rows)
    return buf.getvalue().encode()


def files() -> dict[str, bytes]:
    """The company's CSV files by name."""
    return {"customers.csv": _csv(CUSTOMERS, "Customer ID,Name,Plan,Owner,Signup"),
            "subscriptions.csv": _csv(SUBSCRIPTIONS, "Customer ID,Plan,Start,End,MRR"),
            "surveys.csv": _csv(SURVEYS, "Date,Customer ID,Type,Score,Comment")}


def write(folder: Path) -> dict[str, Path]:
    """The CSVs and mapping.json written into `folder`: their paths by name ("mapping" for the mapping)."""
    out = {}
    for name, data in files().items():
        (folder / name).write_bytes(data)
        out[name] = folder / name
    (folder / "mapping.json").write_text(json.dumps(MAPPING))
    out["mapping"] = folder / "mapping.json"
    return out
