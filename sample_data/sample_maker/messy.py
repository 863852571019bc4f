"""The messy Acme export (messy/): a billing tool's workbook with title rows, text dates and money, blank and total
rows and a few bad rows; a semicolon-delimited cp1252 NPS export; and expected.json, the truth about both."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .dates import add_months
from .determinism import rng_for
from .simulation import Company, assign_subscription_ids, simulate
from .text_files import write_json
from .words import NPS_COMMENTS
from .workbooks import save_stable

ACME = Company(
    name="Acme Corp",
    id_fmt="{:d}",
    start=date(2023, 7, 1),
    end=date(2024, 12, 31),
    launch=12,
    signups=(3.6, 0.05),
    plans=("Basic", "Pro", "Premium"),
    prices={"Basic": 99.0, "Pro": 300.0, "Premium": 1200.0},
    churn=(0.040, 0.025, 0.015),
    plan_mix={"SMB": (0.6, 0.35, 0.05), "Mid-market": (0.2, 0.55, 0.25), "Enterprise": (0.0, 0.4, 0.6)},
    segments={"SMB": 0.6, "Mid-market": 0.3, "Enterprise": 0.1},
    annual_share={"SMB": 0.0, "Mid-market": 0.0, "Enterprise": 0.0},
    trial_share={"SMB": 0.0, "Mid-market": 0.0, "Enterprise": 0.0},
    never_pay=0.0,
    early_cancel=1,
    owners=(("Dana Whitfield", date(2023, 1, 1)), ("Luis Moreno", date(2023, 1, 1))),
    events=False,
)
ACME_TITLE = "Acme Corp — Billing export"
ACME_GENERATED = "Generated on 15/01/2025 09:32 by admin@acme.example"


def usd_text(x: float) -> str:
    return f"(${-x:,.2f})" if x < 0 else f"${x:,.2f}"


def excel_serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


def acme(out_dir: Path) -> dict:
    co = ACME
    custs = simulate(co, "acme")
    for c in custs:  # Acme's ids are plain numbers starting at 1001
        new = str(1000 + c.idx + 1)
        for s in c.subs:
            s.customer = new
        c.cid = new
    subs = assign_subscription_ids(custs, "{:d}")
    rng = rng_for("acme:mess")
    wb = Workbook()
    wb.remove(wb.active)
    expected: dict = {"acme_export.xlsx": {"sheets": {}}, "nps_semicolon_latin1.csv": {}}
    sheets = expected["acme_export.xlsx"]["sheets"]
    bold = Font(bold=True)

    # Customers: merged title, generated-on line, blank line, header on row 4; real date cells
    ws = wb.create_sheet("Customers")
    head = ["Cust #", "Customer Name", "Customer Email", "Signup Dt", "Cancelled On", "Plan", "Account Mgr"]
    ws.append([ACME_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([ACME_GENERATED])
    ws.append([])
    ws.append(head)
    for cell in ws[4]:
        cell.font = bold
    for c in custs:
        email = "billing@" + re.sub(r"[^a-z]", "", c.name.lower().split(" ")[0] + c.name.lower().split(" ")[1]) + ".example"
        ws.append([int(c.cid), c.name, email, c.signup, c.churn_date, c.plan, c.owner])
        r = ws.max_row
        for col in (4, 5):
            ws.cell(r, col).number_format = "dd/mm/yyyy"
    sheets["Customers"] = {
        "kind": "customers", "header_row": 4, "first_data_row": 5, "last_data_row": ws.max_row,
        "good_rows": len(custs), "bad_rows": [], "blank_rows": [], "blank_columns": [], "total_row": None,
        "title_rows": [1, 2], "merged_title": "A1:G1", "dates": "date cells", "money": None,
        "columns": {"customer_id": "Cust #", "name": "Customer Name", "signup_date": "Signup Dt",
                    "churn_date": "Cancelled On", "plan": "Plan", "owner": "Account Mgr"},
    }

    # Subscriptions: title + generated-on, header on row 3, day-first text dates, money as text, a blank column,
    # a blank row in the middle, a trailing Total row, two bad rows
    ws = wb.create_sheet("Subscriptions")
    head = ["Cust #", "Plan", "Start Dt", "Cancelled On", None, "Monthly Fee ($)"]
    ws.append([ACME_TITLE])
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([ACME_GENERATED])
    ws.append(head)
    for cell in ws[3]:
        cell.font = bold
    bad_na = len(subs) // 3
    churned = [i for i, s in enumerate(subs) if s.end is not None and s.end_reason == "churn" and i > bad_na + 5]
    bad_order = churned[len(churned) // 2]
    blank_after = len(subs) // 2
    bad_rows, blank_rows, good, good_sum, fee_total = [], [], 0, 0.0, 0.0
    for i, s in enumerate(subs):
        if i == blank_after:
            blank_rows.append(ws.max_row + 1)
            ws.append([])
        start_txt = s.start.strftime("%d/%m/%Y")
        end = s.end
        if i == bad_order:
            end = s.start - timedelta(int(rng.integers(5, 20)))
        end_txt = end.strftime("%d/%m/%Y") if end else None
        if i == bad_na:
            start_txt = "n/a"
        ws.append([int(s.customer), s.plan, start_txt, end_txt, None, usd_text(s.amount)])
        fee_total += s.amount
        if i == bad_na:
            bad_rows.append({"row": ws.max_row, "column": "Start Dt", "value": "n/a", "reason": "not a date (start date is required)"})
        elif i == bad_order:
            bad_rows.append({"row": ws.max_row, "column": "Cancelled On", "value": end_txt,
                             "reason": f"end date before the start date ({start_txt})"})
        else:
            good += 1
            good_sum += s.amount
    ws.append(["Total", None, None, None, None, usd_text(fee_total)])
    total_row = ws.max_row
    for cell in ws[total_row]:
        cell.font = bold
    sheets["Subscriptions"] = {
        "kind": "subscriptions", "header_row": 3, "first_data_row": 4, "last_data_row": total_row - 1,
        "good_rows": good, "bad_rows": bad_rows, "blank_rows": blank_rows, "blank_columns": ["E"],
        "total_row": total_row, "title_rows": [1, 2], "merged_title": "A1:F1", "dates": "day-first text (dd/mm/yyyy)",
        "money": "text like $1,200.00", "sum_monthly_fee_good_rows": round(good_sum, 2),
        "columns": {"customer_id": "Cust #", "plan": "Plan", "start_date": "Start Dt", "end_date": "Cancelled On",
                    "mrr": "Monthly Fee ($)"},
    }

    # Payments: header on row 1, Excel serial dates, money text with (…) refunds, a blank customer id, a Total row
    ws = wb.create_sheet("Payments")
    head = ["Invoice No", "Cust #", "Paid On", "Amount", "Recurring?", "Memo"]
    ws.append(head)
    for cell in ws[1]:
        cell.font = bold
    pays: list[tuple] = []
    for c in custs:
        for s in c.subs:
            k = 0
            while True:
                d = add_months(s.start, k)
                if d > co.end or (s.end is not None and d >= s.end):
                    break
                pays.append((d, c.cid, s.amount, "Y", f"{s.plan} monthly fee"))
                k += 1
            if s.end_reason == "early_cancel":
                pays.append((s.end, c.cid, -s.amount, "Y", "Refund"))
        if c.subs and rng.random() < 0.15:
            pays.append((c.subs[0].start, c.cid, 450.0, "N", "Setup fee"))
    refunded = [p for p in pays if p[2] == 300.0]
    for j in sorted(rng.choice(len(refunded), 2, replace=False)):
        p = refunded[int(j)]
        pays.append((p[0] + timedelta(12), p[1], -300.0, "Y", "Refund — billing error"))
    pays.sort(key=lambda p: (p[0], int(p[1]), -p[2]))
    blank_id = len(pays) // 4
    bad_rows, good, good_sum, total = [], 0, 0.0, 0.0
    for i, (d, cid, amt, rec, memo) in enumerate(pays):
        ws.append([f"A-{5001 + i}", None if i == blank_id else int(cid), excel_serial(d),
                   usd_text(amt) if amt > 0 else f"({-amt:,.2f})", rec, memo])
        total += amt
        if i == blank_id:
            bad_rows.append({"row": ws.max_row, "column": "Cust #", "value": "", "reason": "blank customer id (required)"})
        else:
            good += 1
            good_sum += amt
    ws.append(["TOTAL", None, None, usd_text(total) if total >= 0 else f"({-total:,.2f})", None, None])
    total_row = ws.max_row
    sheets["Payments"] = {
        "kind": "transactions", "header_row": 1, "first_data_row": 2, "last_data_row": total_row - 1,
        "good_rows": good, "bad_rows": bad_rows, "blank_rows": [], "blank_columns": [], "total_row": total_row,
        "title_rows": [], "merged_title": None, "dates": "Excel serial numbers", "money": "text; refunds as (300.00)",
        "sum_amount_good_rows": round(good_sum, 2), "refunds": sum(1 for p in pays if p[2] < 0),
        "columns": {"transaction_id": "Invoice No", "customer_id": "Cust #", "date": "Paid On", "amount": "Amount",
                    "recurring": "Recurring?"},
    }

    # NPS: a merged title row, header on row 2, real dates, one score of 11
    ws = wb.create_sheet("NPS")
    ws.append(["Acme Corp — NPS responses"])
    ws.merge_cells("A1:D1")
    ws["A1"].font = Font(bold=True, size=14)
    head = ["Response Date", "Cust #", "Likelihood to recommend (0-10)", "Why?"]
    ws.append(head)
    for cell in ws[2]:
        cell.font = bold
    resp = []
    for c in custs:
        for q in (date(2023, 10, 1), date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1)):
            d = q + timedelta(int(rng.integers(20, 60)))
            if any(s.start <= d and (s.end is None or s.end > d) for s in c.subs) and rng.random() < 0.35 and d <= co.end:
                score = int(np.clip(round(7.4 + 1.2 * c.fit + rng.normal(0, 1.6)), 0, 10))
                group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
                comment = NPS_COMMENTS[group][int(rng.integers(len(NPS_COMMENTS[group])))] if rng.random() < 0.5 else None
                if comment and ("July outage" in comment or "Forecasting" in comment):
                    comment = None
                resp.append((d, int(c.cid), score, comment))
    resp.sort()
    bad_i = len(resp) * 2 // 3
    bad_rows, scores = [], []
    for i, (d, cid, score, comment) in enumerate(resp):
        if i == bad_i:
            score = 11
        ws.append([d, cid, score, comment])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
        if i == bad_i:
            bad_rows.append({"row": ws.max_row, "column": "Likelihood to recommend (0-10)", "value": "11",
                             "reason": "NPS score outside 0–10"})
        else:
            scores.append(score)
    sheets["NPS"] = {
        "kind": "surveys", "survey_type": "nps", "header_row": 2, "first_data_row": 3, "last_data_row": ws.max_row,
        "good_rows": len(scores), "bad_rows": bad_rows, "blank_rows": [], "blank_columns": [], "total_row": None,
        "title_rows": [1], "merged_title": "A1:D1", "dates": "date cells", "money": None,
        "nps_good_rows": _nps(scores),
        "columns": {"date": "Response Date", "customer_id": "Cust #", "score": "Likelihood to recommend (0-10)",
                    "comment": "Why?"},
    }
    for w in wb.worksheets:
        for col, width in zip("ABCDEFG", (12, 28, 30, 14, 14, 16, 18), strict=True):
            w.column_dimensions[col].width = width
    save_stable(wb, out_dir / "messy" / "acme_export.xlsx")
    expected["nps_semicolon_latin1.csv"] = nps_csv(out_dir / "messy" / "nps_semicolon_latin1.csv")
    expected["notes"] = ("Row numbers are as Excel shows them (1-based, title rows included). good_rows counts the "
                         "data rows that can be used; bad_rows must each be reported; blank and total rows are not data.")
    write_json(out_dir / "messy" / "expected.json", expected)
    return expected


def _nps(scores: list[int]) -> float:
    pro = sum(s >= 9 for s in scores)
    det = sum(s <= 6 for s in scores)
    return round(100 * (pro - det) / len(scores), 1)


NPS_CSV_CUSTOMERS = (
    "Café Lumière SARL", "Müller & Söhne GmbH", "Ångström Design AB", "Peña Logística S.L.", "Crème Brûlée Co.",
    "Bäckerei Schön", "Øresund Shipping ApS", "Señora Pérez Consulting", "Élan Vital Spa", "Zürich Optik AG",
    "François & Fils", "Ålesund Print AS", "Søren Lydstudie ApS", "Café Niño", "Hôtel Côte d'Azur",
)
NPS_CSV_COMMENTS = {
    "promoter": ("Très bien, merci !", "Excellent service; très rapide.", "Sehr gut – alles funktioniert.",
                 "Muy útil para nuestro equipo.", "Great value for 49 € a month.", "Der Support ist großartig."),
    "passive": ("Bien, mais un peu cher.", "Ganz okay; Export könnte besser sein.", "Está bien, nada especial.",
                "Fine – the reports load slowly."),
    "detractor": ("Trop de pannes ce mois-ci.", "Zu teuer für unser kleines Büro.", "El soporte tardó días.",
                  "Didn't work with our Öko-Kasse till system."),
}


def nps_csv(path: Path) -> dict:
    rng = rng_for("acme:nps_csv")
    header = ["Submitted", "Customer", "How likely are you to recommend us to a friend or colleague?", "Comment"]
    rows, scores = [], []
    day = date(2024, 3, 1)
    for _ in range(60):
        day += timedelta(int(rng.integers(0, 3)))
        t = datetime(day.year, day.month, day.day, int(rng.integers(8, 20)), int(rng.integers(0, 60)), int(rng.integers(0, 60)))
        cust = NPS_CSV_CUSTOMERS[int(rng.integers(len(NPS_CSV_CUSTOMERS)))]
        score = int(rng.choice(11, p=[0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.06, 0.12, 0.18, 0.22, 0.23]))
        group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        comment = NPS_CSV_COMMENTS[group][int(rng.integers(len(NPS_CSV_COMMENTS[group])))] if rng.random() < 0.7 else ""
        rows.append([t.strftime("%Y-%m-%d %H:%M:%S"), cust, str(score), comment])
        scores.append(score)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("cp1252"))
    return {"kind": "surveys", "survey_type": "nps", "encoding": "cp1252", "delimiter": ";", "header_row": 1,
            "first_data_row": 2, "good_rows": len(rows), "bad_rows": [], "total_row": None,
            "nps_good_rows": _nps(scores),
            "columns": {"date": header[0], "customer_id": header[1], "score": header[2], "comment": header[3]}}
