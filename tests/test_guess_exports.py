"""The guess on exports as real tools write them, checked through the command line (`python -m csm map`).

Each case is one table of a tool's export: its real column headers (as the tool names them, extra columns and all)
and a few rows of plausible values. The files of one *bundle* are dropped together, as a user would drop the
exports of one tool, so the guess sees them side by side (and may link them). The expected mapping is compared
whole: every field the guess maps must be expected, and every expected field mapped to the expected column.

Where a layout cannot be guessed safely, the expected value is a tuple of acceptable answers, `None` meaning
"left unmapped"; the comment says why. What is never acceptable is the harmful guess: an amount that is not revenue
mapped as revenue, a cancellation request taken as the end of service, a period count taken as a period.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Export:
    name: str  # the case id
    bundle: str  # files of one bundle are mapped together, in one `python -m csm map`
    file: str  # .csv, or .xlsx (each case of the same workbook is one sheet)
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    kind: str | None
    columns: dict = field(default_factory=dict)  # field -> column, or a tuple of acceptable columns (None = unmapped)
    sheet: str | None = None
    survey_type: str | None = None
    links: dict = field(default_factory=dict)  # field -> (via, source, key, value)
    preamble: tuple[tuple, ...] = ()  # report title rows above the header
    footer: tuple[tuple, ...] = ()  # total rows below the data


def _d(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


CASES: list[Export] = []


def case(*args, **kwargs) -> None:
    CASES.append(Export(*args, **kwargs))


# ---------------------------------------------------------------------------------------------------------------
# Stripe (Dashboard exports: customers, subscriptions, invoices, payments)
# ---------------------------------------------------------------------------------------------------------------

case(
    "stripe customers", "stripe", "unified_customers.csv",
    ("id", "Description", "Email", "Name", "Created (UTC)", "Delinquent", "Plan", "Status", "Currency",
     "Total Spend", "Payment Count", "Refunded Volume", "Dispute Losses"),
    (
        ("cus_PQ1xT7aa01", "", "ops@acme.io", "Acme Ltd", "2024-01-04 10:12", "false", "Pro", "active", "usd",
         "588.00", "12", "0.00", "0.00"),
        ("cus_PQ1xT7aa02", "via sales", "it@globex.com", "Globex", "2024-01-19 08:40", "false", "Team", "active",
         "usd", "1,188.00", "12", "99.00", "0.00"),
        ("cus_PQ1xT7aa03", "", "hi@initech.co", "Initech", "2024-02-02 16:05", "true", "Basic", "past_due", "usd",
         "57.00", "3", "0.00", "19.00"),
        ("cus_PQ1xT7aa04", "", "bill@hooli.com", "Hooli", "2024-03-11 12:00", "false", "Pro", "canceled", "usd",
         "147.00", "3", "0.00", "0.00"),
    ),
    # Total Spend is a lifetime sum, not a dated payment: the table is customers, not transactions.
    "customers",
    {"customer_id": "id", "name": "Name", "signup_date": "Created (UTC)", "plan": "Plan"},
)

case(
    "stripe subscriptions (amount + interval; canceled at vs ended at)", "stripe", "subscriptions.csv",
    ("id", "Customer ID", "Customer Description", "Customer Email", "Plan", "Product", "Quantity", "Interval",
     "Amount", "Status", "Created (UTC)", "Start Date (UTC)", "Current Period Start (UTC)",
     "Current Period End (UTC)", "Trial Start (UTC)", "Trial End (UTC)", "Canceled At (UTC)", "Ended At (UTC)",
     "Cancel At Period End"),
    (
        ("sub_1OaB01", "cus_PQ1xT7aa01", "", "ops@acme.io", "price_pro_m", "Pro", "1", "month", "49.00", "active",
         "2024-01-04 10:12", "2024-01-04 10:12", "2024-06-04 10:12", "2024-07-04 10:12", "", "", "", "", "false"),
        ("sub_1OaB02", "cus_PQ1xT7aa02", "via sales", "it@globex.com", "price_team_y", "Team", "1", "year",
         "990.00", "active", "2024-01-19 08:40", "2024-01-19 08:40", "2024-01-19 08:40", "2025-01-19 08:40", "", "",
         "", "", "false"),
        ("sub_1OaB03", "cus_PQ1xT7aa03", "", "hi@initech.co", "price_basic_m", "Basic", "1", "month", "19.00",
         "past_due", "2024-02-02 16:05", "2024-02-16 16:05", "2024-05-16 16:05", "2024-06-16 16:05",
         "2024-02-02 16:05", "2024-02-16 16:05", "2024-05-20 09:00", "", "true"),
        ("sub_1OaB04", "cus_PQ1xT7aa04", "", "bill@hooli.com", "price_pro_m", "Pro", "1", "month", "49.00",
         "canceled", "2024-03-11 12:00", "2024-03-11 12:00", "2024-05-11 12:00", "2024-06-11 12:00", "", "",
         "2024-05-30 17:45", "2024-06-11 12:00", "false"),
    ),
    # The service ends at "Ended At"; "Canceled At" is when the cancellation was asked for (the customer keeps
    # paying to the period end), so end_date is Ended At.
    "subscriptions",
    {"subscription_id": "id", "customer_id": "Customer ID", "plan": ("Plan", "Product"), "billing_period": "Interval",
     "amount": "Amount", "start_date": "Start Date (UTC)", "end_date": "Ended At (UTC)"},
)

case(
    "stripe invoices (Paid is a boolean, Amount Paid the money)", "stripe", "invoices.csv",
    ("id", "Amount Due", "Amount Paid", "Amount Remaining", "Attempt Count", "Billing Reason", "Currency",
     "Customer", "Customer Email", "Customer Name", "Date (UTC)", "Due Date (UTC)", "Number", "Paid", "Status",
     "Subscription", "Subtotal", "Tax", "Total"),
    (
        ("in_1OaC01", "49.00", "49.00", "0.00", "1", "subscription_cycle", "usd", "cus_PQ1xT7aa01", "ops@acme.io",
         "Acme Ltd", "2024-05-04 10:12", "", "A1B2C3-0005", "true", "paid", "sub_1OaB01", "49.00", "0.00", "49.00"),
        ("in_1OaC02", "990.00", "990.00", "0.00", "1", "subscription_create", "usd", "cus_PQ1xT7aa02",
         "it@globex.com", "Globex", "2024-01-19 08:40", "", "A1B2C3-0001", "true", "paid", "sub_1OaB02", "990.00",
         "0.00", "990.00"),
        ("in_1OaC03", "19.00", "0.00", "19.00", "4", "subscription_cycle", "usd", "cus_PQ1xT7aa03", "hi@initech.co",
         "Initech", "2024-05-16 16:05", "", "A1B2C3-0004", "false", "open", "sub_1OaB03", "19.00", "0.00", "19.00"),
        ("in_1OaC04", "250.00", "250.00", "0.00", "1", "manual", "usd", "cus_PQ1xT7aa04", "bill@hooli.com", "Hooli",
         "2024-04-02 09:30", "2024-05-02", "A1B2C3-0003", "true", "paid", "", "250.00", "0.00", "250.00"),
    ),
    # Revenue is what was paid (an open invoice has Total 19 and Amount Paid 0); Total is the invoiced sum.
    "transactions",
    {"transaction_id": ("id", "Number"), "customer_id": "Customer", "date": "Date (UTC)", "amount": "Amount Paid"},
)

case(
    "stripe payments with refunds", "stripe", "unified_payments.csv",
    ("id", "Description", "Seller Message", "Created (UTC)", "Amount", "Amount Refunded", "Currency",
     "Converted Amount", "Converted Amount Refunded", "Fee", "Tax", "Converted Currency", "Status",
     "Statement Descriptor", "Customer ID", "Customer Description", "Customer Email", "Captured", "Card ID",
     "Invoice ID"),
    (
        ("ch_3OaD01", "Subscription update", "Payment complete.", "2024-05-04 10:13", "49.00", "0.00", "usd",
         "49.00", "0.00", "1.72", "0.00", "usd", "Paid", "ACME SAAS", "cus_PQ1xT7aa01", "", "ops@acme.io", "true",
         "card_1Oa01", "in_1OaC01"),
        ("ch_3OaD02", "Subscription creation", "Payment complete.", "2024-01-19 08:41", "990.00", "99.00", "usd",
         "990.00", "99.00", "29.01", "0.00", "usd", "Partially refunded", "ACME SAAS", "cus_PQ1xT7aa02", "via sales",
         "it@globex.com", "true", "card_1Oa02", "in_1OaC02"),
        ("ch_3OaD03", "Onboarding package", "Payment complete.", "2024-04-02 09:31", "250.00", "250.00", "usd",
         "250.00", "250.00", "7.55", "0.00", "usd", "Refunded", "ACME SAAS", "cus_PQ1xT7aa04", "", "bill@hooli.com",
         "true", "card_1Oa04", "in_1OaC04"),
        ("ch_3OaD04", "Subscription update", "Your card was declined.", "2024-05-16 16:06", "19.00", "0.00", "usd",
         "19.00", "0.00", "0.00", "0.00", "usd", "Failed", "ACME SAAS", "cus_PQ1xT7aa03", "", "hi@initech.co",
         "false", "card_1Oa03", "in_1OaC03"),
    ),
    # Amount is the gross charge; refunds sit in their own column ("Amount Refunded"), which one amount field
    # cannot hold: amount stays the charge, never the refund, fee or converted figure.
    "transactions",
    {"transaction_id": ("id", "Invoice ID"), "customer_id": "Customer ID", "date": "Created (UTC)", "amount": "Amount"},
)

# ---------------------------------------------------------------------------------------------------------------
# Chargebee, Recurly, Paddle
# ---------------------------------------------------------------------------------------------------------------

case(
    "chargebee subscriptions (plan amount, billing period count + unit)", "chargebee", "Subscriptions.csv",
    ("subscriptions.id", "subscriptions.customer_id", "customers.company", "customers.email", "subscriptions.plan_id",
     "subscriptions.plan_quantity", "subscriptions.plan_unit_price", "subscriptions.plan_amount",
     "subscriptions.billing_period", "subscriptions.billing_period_unit", "subscriptions.status",
     "subscriptions.currency_code", "subscriptions.started_at", "subscriptions.activated_at",
     "subscriptions.cancelled_at"),
    (
        ("AzZlGkU1", "AzZlGkT9", "Acme Ltd", "ops@acme.io", "pro-monthly", "1", "49.00", "49.00", "1", "month",
         "active", "USD", "2024-01-04", "2024-01-04", ""),
        ("AzZlGkU2", "AzZlGkTa", "Globex", "it@globex.com", "team-yearly", "5", "198.00", "990.00", "1", "year",
         "active", "USD", "2024-01-19", "2024-01-19", ""),
        ("AzZlGkU3", "AzZlGkTb", "Initech", "hi@initech.co", "basic-monthly", "1", "19.00", "19.00", "1", "month",
         "cancelled", "USD", "2024-02-02", "2024-02-16", "2024-06-16"),
        ("AzZlGkU4", "AzZlGkTc", "Hooli", "bill@hooli.com", "pro-yearly", "1", "490.00", "490.00", "1", "year",
         "non_renewing", "USD", "2024-03-11", "2024-03-11", ""),
    ),
    # billing_period is the unit column ("month"/"year"), never the count ("1"), which reads as "month" for every
    # row and would make a yearly plan twelve times too big; the count is billing_count (a charge covers that many
    # units). plan_amount is quantity × unit price.
    "subscriptions",
    {"subscription_id": "subscriptions.id", "customer_id": "subscriptions.customer_id",
     "plan": "subscriptions.plan_id", "amount": "subscriptions.plan_amount",
     "billing_period": "subscriptions.billing_period_unit", "billing_count": "subscriptions.billing_period", "start_date": ("subscriptions.started_at",
                                                                           "subscriptions.activated_at"),
     "end_date": "subscriptions.cancelled_at"},
)

case(
    "recurly subscriptions (interval length × unit: no safe billing period)", "recurly", "subscriptions-export.csv",
    ("account_code", "subscription_uuid", "plan_code", "plan_name", "state", "quantity", "unit_amount",
     "currency", "activated_at", "canceled_at", "expires_at", "current_period_started_at",
     "current_period_ends_at", "plan_interval_length", "plan_interval_unit"),
    (
        ("acme-ltd", "5a1b2c3d4e5f60718293a4b5c6d7e8f9", "pro", "Pro", "active", "1", "49.00", "USD",
         "2024-01-04T10:12:00Z", "", "", "2024-06-04T10:12:00Z", "2024-07-04T10:12:00Z", "1", "months"),
        ("globex", "5a1b2c3d4e5f60718293a4b5c6d7e8fa", "team-annual", "Team (annual)", "active", "1", "990.00", "USD",
         "2024-01-19T08:40:00Z", "", "", "2024-01-19T08:40:00Z", "2025-01-19T08:40:00Z", "12", "months"),
        ("initech", "5a1b2c3d4e5f60718293a4b5c6d7e8fb", "basic", "Basic", "expired", "1", "19.00", "USD",
         "2024-02-02T16:05:00Z", "2024-05-20T09:00:00Z", "2024-06-02T16:05:00Z", "2024-05-02T16:05:00Z",
         "2024-06-02T16:05:00Z", "1", "months"),
        ("hooli", "5a1b2c3d4e5f60718293a4b5c6d7e8fc", "pro", "Pro", "canceled", "1", "49.00", "USD",
         "2024-03-11T12:00:00Z", "2024-05-30T17:45:00Z", "2024-06-11T12:00:00Z", "2024-05-11T12:00:00Z",
         "2024-06-11T12:00:00Z", "1", "months"),
    ),
    # Recurly writes the period as a length and a unit ("12" "months" = yearly). Neither column alone is the
    # billing period: the unit says "months" for the annual plan. The length is billing_count and the unit
    # billing_period, so "12" "months" divides the amount by 12 (mapped alone, the unit would make annual plans 12×
    # too big). end_date is expires_at (service end), not canceled_at (the request).
    "subscriptions",
    {"customer_id": "account_code", "subscription_id": ("subscription_uuid", None), "plan": ("plan_code", "plan_name"),
     "amount": "unit_amount", "billing_count": "plan_interval_length", "billing_period": "plan_interval_unit",
     "start_date": "activated_at", "end_date": "expires_at"},
)

case(
    "paddle classic subscription users", "paddle", "subscription_users.csv",
    ("Subscription ID", "Plan ID", "Plan Name", "User ID", "User Email", "Marketing Consent", "Status", "Signup Date",
     "Next Bill Date", "Next Payment Amount", "Last Payment Amount", "Last Payment Date", "Cancellation Date",
     "Billing Cycle", "Currency"),
    (
        ("502198", "496199", "Pro Monthly", "285846", "ops@acme.io", "true", "active", "2024-01-04 10:12:09",
         "2024-07-04", "49.00", "49.00", "2024-06-04", "", "month", "USD"),
        ("502199", "496200", "Team Annual", "285847", "it@globex.com", "false", "active", "2024-01-19 08:40:51",
         "2025-01-19", "990.00", "990.00", "2024-01-19", "", "year", "USD"),
        ("502200", "496199", "Pro Monthly", "285848", "hi@initech.co", "true", "deleted", "2024-02-02 16:05:33", "",
         "", "49.00", "2024-05-02", "2024-06-02", "month", "USD"),
        ("502201", "496201", "Basic Monthly", "285849", "bill@hooli.com", "false", "past_due", "2024-03-11 12:00:00",
         "2024-06-11", "19.00", "19.00", "2024-05-11", "", "month", "USD"),
    ),
    # The recurring price is the next (or last) payment amount; both are per billing cycle.
    "subscriptions",
    {"subscription_id": "Subscription ID", "customer_id": ("User ID", "User Email"), "plan": ("Plan Name", "Plan ID"),
     "start_date": "Signup Date", "end_date": "Cancellation Date", "billing_period": "Billing Cycle",
     "amount": ("Last Payment Amount", "Next Payment Amount")},
)

case(
    "paddle billing transactions", "paddle", "transactions.csv",
    ("id", "status", "customer_id", "subscription_id", "invoice_number", "origin", "currency_code", "billed_at",
     "created_at", "subtotal", "tax", "grand_total", "collection_mode"),
    (
        ("txn_01hv8a", "completed", "ctm_01hv7a", "sub_01hv9a", "1234-10001", "subscription_recurring", "USD",
         "2024-05-04T10:12:09Z", "2024-05-04T10:11:58Z", "49.00", "9.80", "58.80", "automatic"),
        ("txn_01hv8b", "completed", "ctm_01hv7b", "sub_01hv9b", "1234-10002", "web", "USD", "2024-01-19T08:40:51Z",
         "2024-01-19T08:40:12Z", "990.00", "198.00", "1188.00", "automatic"),
        ("txn_01hv8c", "completed", "ctm_01hv7c", "", "1234-10003", "api", "USD", "2024-04-02T09:30:00Z",
         "2024-04-02T09:29:40Z", "250.00", "50.00", "300.00", "manual"),
        ("txn_01hv8d", "past_due", "ctm_01hv7a", "sub_01hv9a", "", "subscription_recurring", "USD", "",
         "2024-06-04T10:12:09Z", "49.00", "9.80", "58.80", "automatic"),
    ),
    # subtotal (before tax) or grand_total: both are the money of the row; tax alone never is.
    "transactions",
    {"transaction_id": ("id", "invoice_number"), "customer_id": "customer_id", "date": ("billed_at", "created_at"),
     "amount": ("grand_total", "subtotal")},
)

# ---------------------------------------------------------------------------------------------------------------
# Accounting and commerce: QuickBooks, Xero, Shopify
# ---------------------------------------------------------------------------------------------------------------

case(
    "quickbooks invoice list report (title rows, total row)", "quickbooks", "Invoice List.csv",
    ("Date", "Transaction type", "Num", "Customer", "Due date", "Amount", "Open balance", "Status"),
    (
        ("01/04/2024", "Invoice", "1001", "Acme Ltd", "02/03/2024", "1,200.00", "0.00", "Paid"),
        ("01/19/2024", "Invoice", "1002", "Globex Corporation", "02/18/2024", "990.00", "990.00", "Overdue"),
        ("02/02/2024", "Invoice", "1003", "Initech", "03/03/2024", "57.50", "0.00", "Paid"),
        ("03/11/2024", "Credit Memo", "1004", "Acme Ltd", "03/11/2024", "-200.00", "0.00", "Closed"),
        ("03/28/2024", "Invoice", "1005", "Hooli", "04/27/2024", "3,450.00", "1,000.00", "Partially paid"),
    ),
    "transactions",
    {"date": "Date", "transaction_id": ("Num", None), "customer_id": "Customer", "amount": "Amount"},
    preamble=(("Acme Bookkeeping LLC",), ("Invoice List",), ("All Dates",), ()),
    footer=(("TOTAL", "", "", "", "", "$5,497.50", "$1,990.00", ""),),
)

case(
    "quickbooks sales by customer detail (xlsx, title rows, total row)", "quickbooks", "Sales by Customer Detail.xlsx",
    ("Date", "Transaction Type", "Num", "Customer", "Product/Service", "Qty", "Sales Price", "Amount", "Balance"),
    (
        (dt.datetime(2024, 1, 4), "Invoice", "1001", "Acme Ltd", "Annual support", 1, 1200.0, 1200.0, 1200.0),
        (dt.datetime(2024, 1, 19), "Invoice", "1002", "Globex Corporation", "Subscription", 10, 99.0, 990.0, 990.0),
        (dt.datetime(2024, 2, 2), "Sales Receipt", "1003", "Initech", "Subscription", 1, 57.5, 57.5, 57.5),
        (dt.datetime(2024, 3, 11), "Credit Memo", "1004", "Acme Ltd", "Annual support", -1, 200.0, -200.0, 1000.0),
    ),
    # The line's Amount, not the unit price or the customer's running balance.
    "transactions",
    {"date": "Date", "transaction_id": ("Num", None), "customer_id": "Customer", "amount": "Amount"},
    sheet="Sales by Customer Detail",
    preamble=(("Acme Bookkeeping LLC",), ("Sales by Customer Detail",), ("January - March, 2024",), ()),
    footer=(("TOTAL", None, None, None, None, None, None, 2047.5, None),),
)

case(
    "xero invoices export (asterisks on required columns)", "xero", "Invoices.csv",
    ("*ContactName", "EmailAddress", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate", "Total", "TaxTotal",
     "InvoiceAmountPaid", "InvoiceAmountDue", "*Description", "*Quantity", "*UnitAmount", "*AccountCode", "Currency",
     "Type", "Status"),
    (
        ("Acme Ltd", "ops@acme.io", "INV-0041", "PO 7781", "04/01/2024", "03/02/2024", "1440.00", "240.00", "1440.00",
         "0.00", "Annual support", "1", "1200.00", "200", "GBP", "Sales invoice", "PAID"),
        ("Globex", "it@globex.com", "INV-0042", "", "19/01/2024", "18/02/2024", "118.80", "19.80", "0.00", "118.80",
         "Monthly subscription", "1", "99.00", "200", "GBP", "Sales invoice", "AUTHORISED"),
        ("Initech", "hi@initech.co", "INV-0043", "", "02/02/2024", "03/03/2024", "69.00", "11.50", "69.00", "0.00",
         "Monthly subscription", "1", "57.50", "200", "GBP", "Sales invoice", "PAID"),
        ("Hooli", "bill@hooli.com", "INV-0044", "Setup", "28/03/2024", "27/04/2024", "4140.00", "690.00", "3000.00",
         "1140.00", "Onboarding", "3", "1150.00", "200", "GBP", "Sales invoice", "AUTHORISED"),
    ),
    # Total is the invoiced amount with tax; InvoiceAmountPaid what came in. Either is the row's money; the unit
    # price, tax and amount due are not.
    "transactions",
    {"customer_id": ("*ContactName", "EmailAddress"), "transaction_id": "*InvoiceNumber", "date": "*InvoiceDate",
     "amount": ("Total", "InvoiceAmountPaid")},
)

case(
    "shopify orders export", "shopify", "orders_export_1.csv",
    ("Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
     "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method",
     "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Billing Name", "Refunded Amount", "Id",
     "Source"),
    (
        ("#1001", "jane@example.com", "paid", "2024-03-01 10:02:11 -0500", "fulfilled", "2024-03-02 09:00:00 -0500",
         "yes", "USD", "58.00", "5.00", "4.64", "67.64", "", "0.00", "Standard", "2024-03-01 10:01:50 -0500", "2",
         "Cold brew kit", "29.00", "Jane Doe", "0.00", "5630421008521", "web"),
        ("#1002", "sam@example.org", "refunded", "2024-03-03 14:22:40 -0500", "fulfilled",
         "2024-03-04 11:30:00 -0500", "no", "USD", "29.00", "5.00", "2.32", "36.32", "SPRING10", "2.90", "Standard",
         "2024-03-03 14:22:01 -0500", "1", "Cold brew kit", "29.00", "Sam Lee", "36.32", "5630421008522", "web"),
        ("#1003", "jane@example.com", "paid", "2024-04-11 08:15:09 -0400", "", "", "yes", "USD", "112.00", "0.00",
         "8.96", "120.96", "", "0.00", "Free shipping", "2024-04-11 08:14:30 -0400", "4", "Beans 1kg", "28.00",
         "Jane Doe", "0.00", "5630421008523", "pos"),
        ("#1004", "li@example.net", "pending", "", "", "", "no", "USD", "28.00", "5.00", "2.24", "35.24", "", "0.00",
         "Standard", "2024-04-20 19:40:00 -0400", "1", "Beans 1kg", "28.00", "Li Wei", "0.00", "5630421008524",
         "web"),
    ),
    # The order date is Paid at (a pending order has none) or Created at; the order's key is its Name (#1001)
    # or its Id. Amount is the order Total, never a line-item price or the refunded amount.
    "transactions",
    {"transaction_id": ("Name", "Id"), "customer_id": "Email", "date": ("Paid at", "Created at"), "amount": "Total"},
)

# ---------------------------------------------------------------------------------------------------------------
# CRM: HubSpot (a two-sheet workbook) and Salesforce reports
# ---------------------------------------------------------------------------------------------------------------

case(
    "hubspot companies (xlsx sheet)", "hubspot", "hubspot-crm-exports.xlsx",
    ("Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date", "Lifecycle Stage",
     "Became a Customer Date", "Industry", "Number of Employees", "Annual Revenue", "Country/Region"),
    (
        ("18120442211", "Acme Ltd", "acme.io", "Ann Lee", _d("2023-11-02 09:10"), "Customer", _d("2024-01-04 00:00"),
         "COMPUTER_SOFTWARE", 45, 5_000_000, "United Kingdom"),
        ("18120442212", "Globex", "globex.com", "Bo Chen", _d("2023-12-14 15:22"), "Customer", _d("2024-01-19 00:00"),
         "LOGISTICS_AND_SUPPLY_CHAIN", 320, 48_000_000, "United States"),
        ("18120442213", "Initech", "initech.co", "Ann Lee", _d("2024-01-20 11:00"), "Customer",
         _d("2024-02-02 00:00"), "FINANCIAL_SERVICES", 1200, 250_000_000, "United States"),
        ("18120442214", "Hooli", "hooli.com", "Cy Diaz", _d("2024-02-27 08:45"), "Opportunity", None,
         "INTERNET", 8000, 900_000_000, "United States"),
    ),
    # A customer's first day is "Became a Customer Date"; "Create Date" is when the CRM record was made (a lead).
    "customers",
    {"customer_id": "Record ID", "name": "Company name", "owner": "Company owner",
     "signup_date": "Became a Customer Date", "segment": ("Industry", "Country/Region")},
    sheet="Companies",
)

case(
    "hubspot deals with an opportunity-type property (xlsx sheet)", "hubspot", "hubspot-crm-exports.xlsx",
    ("Record ID", "Deal Name", "Deal Stage", "Pipeline", "Amount", "Close Date", "Deal owner", "Deal Type",
     "Create Date", "Associated Company IDs (Primary)"),
    (
        ("9821100001", "Acme – extra seats", "Closed won", "Sales Pipeline", 4800, _d("2024-04-30 00:00"), "Ann Lee",
         "Expansion", _d("2024-03-01 00:00"), "18120442211"),
        ("9821100002", "Globex – renewal 2025", "Closed won", "Renewals", 990, _d("2024-12-20 00:00"), "Bo Chen",
         "Repurchase", _d("2024-10-01 00:00"), "18120442212"),
        ("9821100003", "Initech – new analytics add-on", "Contract sent", "Sales Pipeline", 12000,
         _d("2024-06-15 00:00"), "Ann Lee", "Innovation", _d("2024-04-11 00:00"), "18120442213"),
        ("9821100004", "Initech – replace legacy plan", "Closed won", "Sales Pipeline", 3000, _d("2024-05-10 00:00"),
         "Ann Lee", "Replacement", _d("2024-04-20 00:00"), "18120442213"),
    ),
    "opportunities",
    {"date": "Close Date", "type": "Deal Type", "amount": "Amount", "customer_id": "Associated Company IDs (Primary)"},
    sheet="Deals",
)

case(
    "hubspot deals with the default deal types (not opportunity types)", "hubspot-default", "all-deals.csv",
    ("Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Deal Type", "Create Date"),
    (
        ("9821100011", "Acme", "Closed won", "4800", "2024-04-30 00:00", "Ann Lee", "newbusiness", "2024-03-01 00:00"),
        ("9821100012", "Globex", "Closed lost", "990", "2024-12-20 00:00", "Bo Chen", "existingbusiness",
         "2024-10-01 00:00"),
        ("9821100013", "Initech", "Appointment scheduled", "12000", "2024-06-15 00:00", "Ann Lee", "newbusiness",
         "2024-04-11 00:00"),
        ("9821100014", "Hooli", "Closed won", "3000", "2024-05-10 00:00", "Cy Diaz", "existingbusiness",
         "2024-04-20 00:00"),
    ),
    # "New business"/"existing business" is not one of the four opportunity types, and deals (lost and open ones
    # too) are not payments: the harmful guess is transactions (pipeline counted as revenue). No kind is right.
    None,
    {},
)

case(
    "salesforce accounts report", "salesforce", "report1712345678901.csv",
    ("Account Name", "Account ID", "Account Owner", "Type", "Industry", "Segment", "Billing Country", "Created Date",
     "Customer Since", "Annual Revenue"),
    (
        ("Acme Ltd", "0015g00000AbCdE", "Ann Lee", "Customer - Direct", "Technology", "SMB", "UK", "11/2/2023",
         "1/4/2024", "5000000"),
        ("Globex", "0015g00000AbCdF", "Bo Chen", "Customer - Channel", "Transportation", "Mid-Market", "USA",
         "12/14/2023", "1/19/2024", "48000000"),
        ("Initech", "0015g00000AbCdG", "Ann Lee", "Customer - Direct", "Banking", "Enterprise", "USA", "1/20/2024",
         "2/2/2024", "250000000"),
        ("Hooli", "0015g00000AbCdH", "Cy Diaz", "Prospect", "Technology", "Enterprise", "USA", "2/27/2024", "",
         "900000000"),
    ),
    "customers",
    {"name": "Account Name", "customer_id": "Account ID", "owner": "Account Owner", "segment": "Segment",
     "signup_date": "Customer Since"},
)

case(
    "salesforce opportunities report", "salesforce", "report1712345679999.csv",
    ("Opportunity Name", "Opportunity ID", "Account Name", "Account ID", "Opportunity Owner", "Type", "Stage",
     "Amount", "Close Date", "Created Date", "Fiscal Period"),
    (
        ("Acme - seats", "0065g00000XyZaA", "Acme Ltd", "0015g00000AbCdE", "Ann Lee", "Expansion", "Closed Won",
         "4,800.00", "4/30/2024", "3/1/2024", "Q2-2024"),
        ("Globex - renewal", "0065g00000XyZaB", "Globex", "0015g00000AbCdF", "Bo Chen", "Repurchase", "Closed Won",
         "990.00", "12/20/2024", "10/1/2024", "Q4-2024"),
        ("Initech - analytics", "0065g00000XyZaC", "Initech", "0015g00000AbCdG", "Ann Lee", "Innovation",
         "Negotiation", "12,000.00", "6/15/2024", "4/11/2024", "Q2-2024"),
        ("Initech - migration", "0065g00000XyZaD", "Initech", "0015g00000AbCdG", "Ann Lee", "Replacement",
         "Closed Won", "3,000.00", "5/10/2024", "4/20/2024", "Q2-2024"),
    ),
    "opportunities",
    {"customer_id": "Account ID", "type": "Type", "amount": "Amount", "date": "Close Date"},
)

# ---------------------------------------------------------------------------------------------------------------
# Helpdesks: Zendesk, Freshdesk, Intercom, Help Scout
# ---------------------------------------------------------------------------------------------------------------

case(
    "zendesk tickets export", "zendesk", "export-2024-06-01-ticket.csv",
    ("Id", "Requester", "Requester id", "Requester email", "Organization", "Assignee", "Group", "Subject", "Tags",
     "Status", "Priority", "Via", "Ticket type", "Created at", "Updated at", "Assigned at", "Initially assigned at",
     "Solved at", "Resolution time", "Satisfaction Score", "Reopens", "Replies", "First reply time in minutes",
     "Full resolution time in minutes"),
    (
        ("4411", "Jane Doe", "39000001", "jane@acme.io", "Acme Ltd", "Ann Lee", "Support", "Cannot export",
         "export bug", "Solved", "High", "Mail", "Problem", "2024-05-02 09:14", "2024-05-03 11:00", "2024-05-02 09:30",
         "2024-05-02 09:30", "2024-05-03 10:58", "26", "Good", "0", "1", "16", "1544"),
        ("4412", "Sam Lee", "39000002", "sam@globex.com", "Globex", "Bo Chen", "Support", "Invoice question",
         "billing", "Closed", "Normal", "Web form", "Question", "2024-05-03 14:02", "2024-05-08 00:00",
         "2024-05-03 14:10", "2024-05-03 14:10", "2024-05-04 09:12", "19", "Offered", "0", "3", "8", "1150"),
        ("4413", "Li Wei", "39000003", "li@initech.co", "Initech", "Ann Lee", "Tier 2", "SSO broken", "sso",
         "Open", "Urgent", "Mail", "Incident", "2024-05-20 08:00", "2024-05-21 16:40", "2024-05-20 08:05",
         "2024-05-20 08:05", "", "", "Unoffered", "1", "5", "5", ""),
        ("4414", "Jane Doe", "39000001", "jane@acme.io", "Acme Ltd", "Cy Diaz", "Support", "Add a user", "",
         "Solved", "Low", "Chat", "Task", "2024-05-22 10:30", "2024-05-22 10:41", "2024-05-22 10:31",
         "2024-05-22 10:31", "2024-05-22 10:40", "0", "Good", "0", "1", "1", "10"),
    ),
    # The customer is the organisation (B2B) or the requester; any of them leads to the customer, the assignee
    # never does. "Resolution time" is a duration in hours, not the solved timestamp.
    "tickets",
    {"ticket_id": "Id", "customer_id": ("Organization", "Requester id", "Requester email", "Requester"),
     "agent": "Assignee", "created_at": "Created at", "resolved_at": "Solved at", "contacts": "Replies",
     "first_response_minutes": "First reply time in minutes"},
)

case(
    "freshdesk tickets export", "freshdesk", "Tickets.csv",
    ("Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent", "Group", "Created time",
     "Due by Time", "Resolved time", "Closed time", "Last update time", "Initial response time",
     "First response time (in hrs)", "Resolution time (in hrs)", "Agent interactions", "Customer interactions",
     "Resolution status", "First response status", "Tags", "Full name", "Contact ID", "Company Name"),
    (
        ("1021", "Login loop", "Closed", "High", "Email", "Incident", "Ann Lee", "Support", "2024-05-02 09:14:11",
         "2024-05-03 09:14:11", "2024-05-02 15:40:00", "2024-05-04 15:40:00", "2024-05-04 15:40:00",
         "2024-05-02 09:45:00", "0.52", "6.43", "1", "1", "Within SLA", "Within SLA", "login", "Jane Doe", "81000001",
         "Acme Ltd"),
        ("1022", "Refund", "Resolved", "Medium", "Portal", "Question", "Bo Chen", "Billing", "2024-05-03 14:02:00",
         "2024-05-05 14:02:00", "2024-05-05 10:00:00", "", "2024-05-05 10:00:00", "2024-05-03 15:00:00", "0.97",
         "43.97", "3", "2", "SLA Violated", "Within SLA", "billing", "Sam Lee", "81000002", "Globex"),
        ("1023", "SSO", "Open", "Urgent", "Phone", "Incident", "Ann Lee", "Tier 2", "2024-05-20 08:00:00",
         "2024-05-20 12:00:00", "", "", "2024-05-21 16:40:00", "2024-05-20 08:05:00", "0.08", "", "4", "4", "", "",
         "sso", "Li Wei", "81000003", "Initech"),
        ("1024", "Add user", "Closed", "Low", "Chat", "Task", "", "Support", "2024-05-22 10:30:00",
         "2024-05-23 10:30:00", "2024-05-22 10:40:00", "2024-05-22 10:41:00", "2024-05-22 10:41:00",
         "2024-05-22 10:31:00", "0.02", "0.17", "1", "1", "Within SLA", "Within SLA", "", "Jane Doe", "81000001",
         "Acme Ltd"),
    ),
    # Agent interactions = the agent's replies (1 = solved on first contact). The customer is the company or the
    # contact.
    "tickets",
    {"ticket_id": "Ticket ID", "agent": "Agent", "created_at": "Created time", "resolved_at": "Resolved time",
     "contacts": "Agent interactions", "customer_id": ("Company Name", "Contact ID"),
     "first_response_minutes": "First response time (in hrs)"},
)

case(
    "intercom conversations export", "intercom", "conversations.csv",
    ("Conversation ID", "Conversation started at (Europe/London)", "Conversation first closed at (Europe/London)",
     "Conversation last closed at (Europe/London)", "Teammate currently assigned", "Team currently assigned",
     "State", "Conversation rating", "User ID", "User email", "Company ID", "Company name",
     "Number of teammate replies", "Time to first response (seconds)"),
    (
        ("215467901", "2024-05-02 09:14:00", "2024-05-02 09:40:00", "2024-05-02 09:40:00", "Ann Lee", "Support",
         "closed", "5", "u_1001", "jane@acme.io", "acme-ltd", "Acme Ltd", "1", "95"),
        ("215467902", "2024-05-03 14:02:00", "2024-05-03 16:00:00", "2024-05-06 10:12:00", "Bo Chen", "Billing",
         "closed", "3", "u_2001", "sam@globex.com", "globex", "Globex", "4", "420"),
        ("215467903", "2024-05-20 08:00:00", "", "", "Ann Lee", "Tier 2", "open", "", "u_3001", "li@initech.co",
         "initech", "Initech", "2", "60"),
        ("215467904", "2024-05-22 10:30:00", "2024-05-22 10:41:00", "2024-05-22 10:41:00", "", "Support", "closed",
         "", "u_1002", "max@acme.io", "acme-ltd", "Acme Ltd", "1", "30"),
    ),
    # A reopened conversation closes twice: first close (first resolution) or last close are both resolution times.
    "tickets",
    {"ticket_id": "Conversation ID", "created_at": "Conversation started at (Europe/London)",
     "resolved_at": ("Conversation first closed at (Europe/London)", "Conversation last closed at (Europe/London)"),
     "agent": "Teammate currently assigned", "customer_id": ("Company ID", "User ID", "User email"),
     "contacts": "Number of teammate replies", "satisfaction": "Conversation rating",
     "first_response_minutes": "Time to first response (seconds)"},
)

case(
    "help scout conversations report", "helpscout", "helpscout-conversations.csv",
    ("Conversation #", "Customer Name", "Customer Email", "Subject", "Mailbox", "Status", "Assigned To",
     "Created (UTC)", "Closed (UTC)", "Replies", "One Touch", "Tags"),
    (
        ("8812", "Jane Doe", "jane@acme.io", "Cannot export", "Support", "closed", "Ann Lee", "2024-05-02 09:14",
         "2024-05-02 10:01", "1", "Yes", "export"),
        ("8813", "Sam Lee", "sam@globex.com", "Invoice question", "Billing", "closed", "Bo Chen", "2024-05-03 14:02",
         "2024-05-04 09:12", "3", "No", "billing"),
        ("8814", "Li Wei", "li@initech.co", "SSO broken", "Support", "active", "Ann Lee", "2024-05-20 08:00", "", "2",
         "No", "sso"),
        ("8815", "Max Roe", "max@acme.io", "Add a user", "Support", "closed", "Cy Diaz", "2024-05-22 10:30",
         "2024-05-22 10:40", "1", "Yes", ""),
    ),
    # Replies and One Touch say the same thing; the FCR flag or the count may be taken, not both (one column each).
    "tickets",
    {"ticket_id": "Conversation #", "customer_id": "Customer Email", "agent": "Assigned To",
     "created_at": "Created (UTC)", "resolved_at": "Closed (UTC)", "contacts": ("Replies", None),
     "first_contact_resolved": ("One Touch", None)},
)

# ---------------------------------------------------------------------------------------------------------------
# Surveys: Delighted, Typeform, SurveyMonkey, Google Forms
# ---------------------------------------------------------------------------------------------------------------

case(
    "delighted nps responses", "delighted", "delighted-responses.csv",
    ("Response ID", "Score", "Comment", "Name", "Email", "Created At", "Updated At", "Tags", "Notes", "Plan"),
    (
        ("9101", "9", "Love the reports", "Jane Doe", "jane@acme.io", "2024-05-02 09:14:00 +0000",
         "2024-05-02 09:14:00 +0000", "", "", "Pro"),
        ("9102", "3", "Too slow lately", "Sam Lee", "sam@globex.com", "2024-05-03 14:02:00 +0000",
         "2024-05-04 10:00:00 +0000", "churn-risk", "called them", "Team"),
        ("9103", "10", "", "Li Wei", "li@initech.co", "2024-05-20 08:00:00 +0000", "2024-05-20 08:00:00 +0000", "",
         "", "Basic"),
        ("9104", "0", "Support never answered", "Max Roe", "max@acme.io", "2024-05-22 10:30:00 +0000",
         "2024-05-22 10:30:00 +0000", "", "", "Pro"),
    ),
    "surveys",
    {"score": "Score", "comment": "Comment", "customer_id": "Email", "date": "Created At"},
    survey_type="nps",
)

case(
    "typeform nps form", "typeform", "responses-AbC123-20240601.csv",
    ("#", "How likely are you to recommend Acme to a friend or colleague?", "What's the main reason for your score?",
     "Email", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"),
    (
        ("a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6", "9", "Great onboarding and the team is responsive", "jane@acme.io",
         "2024-05-02 09:13:20", "2024-05-02 09:14:00", "1f2e3d4c5b"),
        ("b1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6", "6", "Price went up", "sam@globex.com", "2024-05-03 14:01:10",
         "2024-05-03 14:02:00", "2f2e3d4c5b"),
        ("c1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6", "10", "", "li@initech.co", "2024-05-20 07:59:00", "2024-05-20 08:00:00",
         "3f2e3d4c5b"),
        ("d1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6", "2", "Bugs in the export", "max@acme.io", "2024-05-22 10:29:30",
         "2024-05-22 10:30:00", "4f2e3d4c5b"),
    ),
    # "#" is the response token, not the customer.
    "surveys",
    {"score": "How likely are you to recommend Acme to a friend or colleague?",
     "comment": "What's the main reason for your score?", "customer_id": "Email",
     "date": ("Submit Date (UTC)", "Start Date (UTC)")},
    survey_type="nps",
)

case(
    "surveymonkey csat (second header row of answer labels)", "surveymonkey", "CSAT Survey.csv",
    ("Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
     "Last Name", "Overall, how satisfied or dissatisfied are you with our company?",
     "What could we do to improve?"),
    (
        ("", "", "", "", "", "", "", "", "Response", "Open-Ended Response"),
        ("114523400101", "431200001", "05/02/2024 09:13:20 AM", "05/02/2024 09:14:00 AM", "81.2.69.160",
         "jane@acme.io", "Jane", "Doe", "5", "Nothing, keep it up"),
        ("114523400102", "431200001", "05/03/2024 02:01:10 PM", "05/03/2024 02:02:00 PM", "81.2.69.161",
         "sam@globex.com", "Sam", "Lee", "2", "Faster support"),
        ("114523400103", "431200001", "05/20/2024 07:59:00 AM", "05/20/2024 08:00:00 AM", "81.2.69.162",
         "li@initech.co", "Li", "Wei", "4", ""),
        ("114523400104", "431200001", "05/22/2024 10:29:30 AM", "05/22/2024 10:30:00 AM", "81.2.69.163",
         "max@acme.io", "Max", "Roe", "3", "Fix the export bugs"),
    ),
    # Start and End Date are the same visit, seconds apart: either dates the answer.
    "surveys",
    {"score": "Overall, how satisfied or dissatisfied are you with our company?",
     "comment": "What could we do to improve?", "customer_id": ("Email Address", "Respondent ID"),
     "date": ("End Date", "Start Date")},
    survey_type="csat",
)

case(
    "google forms nps", "googleforms", "Customer feedback (Responses) - Form Responses 1.csv",
    ("Timestamp", "Email Address", "How likely are you to recommend us to a friend or colleague?",
     "Any other comments?"),
    (
        ("5/2/2024 9:14:00", "jane@acme.io", "9", "Love it"),
        ("5/3/2024 14:02:00", "sam@globex.com", "4", "Price went up"),
        ("5/20/2024 8:00:00", "li@initech.co", "10", ""),
        ("5/22/2024 10:30:00", "max@acme.io", "7", "OK"),
    ),
    "surveys",
    {"date": "Timestamp", "customer_id": "Email Address",
     "score": "How likely are you to recommend us to a friend or colleague?", "comment": "Any other comments?"},
    survey_type="nps",
)

# ---------------------------------------------------------------------------------------------------------------
# Product analytics: Mixpanel, Amplitude, Segment
# ---------------------------------------------------------------------------------------------------------------

case(
    "mixpanel events export", "mixpanel", "mixpanel_events.csv",
    ("Event Name", "Time", "Distinct ID", "$insert_id", "company_id", "$browser", "$city", "mp_lib"),
    (
        ("Report Viewed", "2024-05-02T09:14:00", "u_1001", "6a8f0b1c2d", "acme-ltd", "Chrome", "London", "web"),
        ("Export Clicked", "2024-05-02T09:20:13", "u_1001", "6a8f0b1c2e", "acme-ltd", "Chrome", "London", "web"),
        ("Report Viewed", "2024-05-03T14:02:00", "u_2001", "6a8f0b1c2f", "globex", "Safari", "Austin", "web"),
        ("Login", "2024-05-20T08:00:00", "u_3001", "6a8f0b1c30", "initech", "Firefox", "Boston", "web"),
    ),
    "usage",
    {"feature": "Event Name", "date": "Time", "user_id": "Distinct ID", "customer_id": "company_id"},
)

case(
    "amplitude events export (B2C: the user is the customer)", "amplitude", "amplitude_export.csv",
    ("event_time", "event_type", "user_id", "amplitude_id", "device_id", "country", "platform", "session_id"),
    (
        ("2024-05-02 09:14:00.123000", "song_played", "jane@example.com", "501234567", "d-91ab", "United Kingdom",
         "iOS", "1714641240000"),
        ("2024-05-02 09:20:13.000000", "playlist_created", "jane@example.com", "501234567", "d-91ab",
         "United Kingdom", "iOS", "1714641240000"),
        ("2024-05-03 14:02:00.500000", "song_played", "sam@example.org", "501234568", "d-22cd", "United States",
         "Android", "1714744920000"),
        ("2024-05-20 08:00:00.000000", "login", "li@example.net", "501234569", "d-33ef", "United States", "Web",
         "1716192000000"),
    ),
    # No account column: the user id is the customer key (or the Amplitude id, the same person); the device and
    # session ids are not.
    "usage",
    {"date": "event_time", "feature": "event_type", "customer_id": ("user_id", "amplitude_id"),
     "user_id": ("amplitude_id", "user_id", None)},
)

case(
    "segment tracks export", "segment", "tracks.csv",
    ("id", "anonymous_id", "user_id", "context_group_id", "event", "event_text", "timestamp", "received_at"),
    (
        ("ajs-msg-01", "anon-7f1", "u_1001", "acme-ltd", "report_viewed", "Report Viewed", "2024-05-02T09:14:00Z",
         "2024-05-02T09:14:01Z"),
        ("ajs-msg-02", "anon-7f1", "u_1001", "acme-ltd", "export_clicked", "Export Clicked", "2024-05-02T09:20:13Z",
         "2024-05-02T09:20:14Z"),
        ("ajs-msg-03", "anon-8a2", "u_2001", "globex", "report_viewed", "Report Viewed", "2024-05-03T14:02:00Z",
         "2024-05-03T14:02:02Z"),
        ("ajs-msg-04", "anon-9b3", "u_3001", "initech", "login", "Login", "2024-05-20T08:00:00Z",
         "2024-05-20T08:00:00Z"),
    ),
    "usage",
    {"user_id": "user_id", "customer_id": "context_group_id", "feature": ("event", "event_text"),
     "date": "timestamp"},
)

# ---------------------------------------------------------------------------------------------------------------
# Funnel and costs: Google Analytics exports, a finance workbook
# ---------------------------------------------------------------------------------------------------------------

case(
    "google analytics 4 (comment lines, Key events)", "ga4", "GA4 Traffic acquisition.csv",
    ("Date", "Sessions", "Total users", "New users", "Engaged sessions", "Key events", "Total revenue"),
    (
        ("20240501", "1240", "1011", "720", "810", "31", "1450.00"),
        ("20240502", "1305", "1090", "755", "862", "42", "1980.50"),
        ("20240503", "998", "840", "610", "640", "22", "870.00"),
        ("20240504", "1510", "1230", "901", "1002", "51", "2210.00"),
    ),
    "funnel",
    {"date": "Date", "visitors": "Sessions", "conversions": "Key events"},
    preamble=(("# ----------------------------------------",), ("# Traffic acquisition: Session default channel group",),
              ("# Account: Acme",), ("# Start date: 20240501",), ("# End date: 20240504",),
              ("# ----------------------------------------",), ()),
)

case(
    "universal analytics style funnel (xlsx sheet, real dates)", "finance", "Marketing and costs.xlsx",
    ("Month", "Users", "Sessions", "Goal Completions", "Goal Conversion Rate"),
    (
        (dt.datetime(2024, 1, 1), 8200, 10400, 212, 0.0204),
        (dt.datetime(2024, 2, 1), 7900, 10020, 230, 0.0230),
        (dt.datetime(2024, 3, 1), 9100, 11870, 251, 0.0211),
        (dt.datetime(2024, 4, 1), 9650, 12230, 270, 0.0221),
    ),
    # Users and Sessions both count visitors (sessions is the usual denominator); the rate is not a count.
    "funnel",
    {"date": "Month", "visitors": ("Sessions", "Users"), "conversions": "Goal Completions"},
    sheet="GA funnel",
)

case(
    "costs sheet (xlsx sheet)", "finance", "Marketing and costs.xlsx",
    ("Date", "Vendor", "Category", "Description", "Amount (USD)", "Paid By"),
    (
        (dt.datetime(2024, 1, 31), "Gusto", "CS salaries", "January payroll, CS team", 18500.00, "ACH"),
        (dt.datetime(2024, 1, 31), "Gainsight", "CS tools", "Licence", 1250.00, "Visa 4242"),
        (dt.datetime(2024, 2, 15), "Delta", "Travel", "QBR visit Globex", 812.40, "Amex 1001"),
        (dt.datetime(2024, 2, 29), "Gusto", "CS salaries", "February payroll, CS team", 18500.00, "ACH"),
    ),
    "costs",
    {"date": "Date", "category": "Category", "amount": "Amount (USD)"},
    sheet="Costs",
)

case(
    "quickbooks expenses (payee, account)", "quickbooks-expenses", "Expenses by Vendor Detail.csv",
    ("Date", "Transaction type", "Num", "Payee", "Account", "Memo/Description", "Amount"),
    (
        ("01/31/2024", "Expense", "", "Gusto", "Payroll Expenses:CS", "January payroll", "18,500.00"),
        ("01/31/2024", "Expense", "", "Gainsight", "Software & apps", "Licence", "1,250.00"),
        ("02/15/2024", "Credit Card Expense", "", "Delta", "Travel", "QBR visit", "812.40"),
        ("02/29/2024", "Expense", "", "Gusto", "Payroll Expenses:CS", "February payroll", "18,500.00"),
    ),
    # A payee is a vendor, not a customer, and QuickBooks calls the expense account "Account": costs, not
    # transactions. (Category here is the account; the payee is not a category.)
    "costs",
    {"date": "Date", "amount": "Amount", "category": ("Account", None)},
)

# ---------------------------------------------------------------------------------------------------------------
# Home-made sheets: the spellings people type
# ---------------------------------------------------------------------------------------------------------------

case(
    "home-made subscriptions: Acct ID, MRR ($), Start Dt, Churn Date", "homemade", "MRR tracker.csv",
    ("Acct ID", "Customer Name", "Plan", "MRR ($)", "Start Dt", "Churn Date", "Notes"),
    (
        ("A-0001", "Acme Ltd", "Pro", "$49.00", "01/04/2024", "", "annual prepay"),
        ("A-0002", "Globex", "Team", "$82.50", "01/19/2024", "", ""),
        ("A-0003", "Initech", "Basic", "$19.00", "02/02/2024", "06/16/2024", "moved to competitor"),
        ("A-0004", "Hooli", "Pro", "$49.00", "03/11/2024", "06/11/2024", ""),
    ),
    "subscriptions",
    {"customer_id": "Acct ID", "plan": "Plan", "mrr": "MRR ($)", "start_date": "Start Dt", "end_date": "Churn Date"},
)

case(
    "home-made customers: Cust #, Cancelled On", "homemade", "Customer list.csv",
    ("Cust #", "Company", "Signup Date", "Cancelled On", "Account Manager", "Segment", "Plan"),
    (
        ("001", "Acme Ltd", "2024-01-04", "", "Ann", "SMB", "Pro"),
        ("002", "Globex", "2024-01-19", "", "Bo", "Mid-Market", "Team"),
        ("003", "Initech", "2024-02-02", "2024-06-16", "Ann", "SMB", "Basic"),
        ("004", "Hooli", "2024-03-11", "2024-06-11", "Cy", "Enterprise", "Pro"),
    ),
    "customers",
    {"customer_id": "Cust #", "name": "Company", "signup_date": "Signup Date", "churn_date": "Cancelled On",
     "owner": "Account Manager", "segment": "Segment", "plan": "Plan"},
)

case(
    "home-made payments: Invoice No., Amount [GBP], Pmt Date", "homemade", "payments_2024.csv",
    ("Invoice No.", "Cust #", "Pmt Date", "Amount [GBP]", "Method"),
    (
        ("INV-1001", "001", "04/01/2024", "£1,200.00", "BACS"),
        ("INV-1002", "002", "19/01/2024", "£82.50", "Card"),
        ("INV-1003", "003", "02/02/2024", "£19.00", "Card"),
        ("INV-1004", "001", "28/03/2024", "(£200.00)", "Refund"),
    ),
    "transactions",
    {"transaction_id": "Invoice No.", "customer_id": "Cust #", "date": "Pmt Date", "amount": "Amount [GBP]"},
)

case(
    "home-made tickets: Ticket No, Opened On, Closed On, One-touch?", "homemade", "support_log.csv",
    ("Ticket No", "Acct ID", "Opened On", "Closed On", "Agent", "One-touch?"),
    (
        ("T-01", "A-0001", "2024-05-02 09:14", "2024-05-02 10:01", "Ann", "Y"),
        ("T-02", "A-0002", "2024-05-03 14:02", "2024-05-04 09:12", "Bo", "N"),
        ("T-03", "A-0003", "2024-05-20 08:00", "", "Ann", "N"),
        ("T-04", "A-0001", "2024-05-22 10:30", "2024-05-22 10:40", "Cy", "Y"),
    ),
    "tickets",
    {"ticket_id": "Ticket No", "customer_id": "Acct ID", "created_at": "Opened On", "resolved_at": "Closed On",
     "agent": "Agent", "first_contact_resolved": "One-touch?"},
)

case(
    "home-made annual contracts: Contract Value, Billing (Annual/Monthly)", "homemade-contracts", "contracts.csv",
    ("Customer", "Contract Start", "Contract End", "Contract Value", "Billing"),
    (
        ("Acme Ltd", "2024-01-04", "2025-01-03", "5,880.00", "Annual"),
        ("Globex", "2024-01-19", "", "990.00", "Monthly"),
        ("Initech", "2024-02-02", "2024-06-16", "228.00", "Annual"),
        ("Hooli", "2024-03-11", "", "49.00", "Monthly"),
    ),
    "subscriptions",
    {"customer_id": "Customer", "start_date": "Contract Start", "end_date": "Contract End",
     "amount": "Contract Value", "billing_period": "Billing"},
)


# ---------------------------------------------------------------------------------------------------------------
# Layouts where the harmful guess is near: dates that are not ends, counts that are not money
# ---------------------------------------------------------------------------------------------------------------

case(
    "stripe subscriptions, all still active (empty Ended At beside a full Current Period End)", "stripe-young",
    "subscriptions.csv",
    ("id", "Customer ID", "Customer Email", "Plan", "Quantity", "Interval", "Amount", "Status", "Created (UTC)",
     "Start Date (UTC)", "Current Period Start (UTC)", "Current Period End (UTC)", "Canceled At (UTC)",
     "Ended At (UTC)"),
    (
        ("sub_1PbB01", "cus_Q01", "a@shop.io", "Starter", "1", "month", "29.00", "active", "2024-04-01 10:00",
         "2024-04-01 10:00", "2024-06-01 10:00", "2024-07-01 10:00", "", ""),
        ("sub_1PbB02", "cus_Q02", "b@shop.io", "Starter", "1", "month", "29.00", "active", "2024-04-09 12:30",
         "2024-04-09 12:30", "2024-06-09 12:30", "2024-07-09 12:30", "", ""),
        ("sub_1PbB03", "cus_Q03", "c@shop.io", "Growth", "2", "year", "590.00", "active", "2024-05-02 08:15",
         "2024-05-02 08:15", "2024-05-02 08:15", "2025-05-02 08:15", "", ""),
        ("sub_1PbB04", "cus_Q04", "d@shop.io", "Starter", "1", "month", "29.00", "trialing", "2024-05-20 17:00",
         "2024-05-20 17:00", "2024-05-20 17:00", "2024-06-03 17:00", "", ""),
    ),
    # The current period's end is the next renewal, not a churn: mapped as end_date it would end every
    # subscription next month. The empty Ended At (or nothing) is the end column.
    "subscriptions",
    {"subscription_id": "id", "customer_id": "Customer ID", "plan": "Plan", "billing_period": "Interval",
     "amount": "Amount", "start_date": "Start Date (UTC)", "end_date": ("Ended At (UTC)", "Canceled At (UTC)", None)},
)

case(
    "chargebee-style subscriptions with term end and next billing, no cancellation column", "renewals",
    "active_subscriptions.csv",
    ("Subscription Id", "Customer Id", "Plan Id", "Status", "Started At", "Current Term Start", "Current Term End",
     "Next Billing At", "MRR"),
    (
        ("sub_A1", "cus_A1", "pro-m", "active", "2024-01-04", "2024-06-04", "2024-07-04", "2024-07-04", "49.00"),
        ("sub_A2", "cus_A2", "team-y", "active", "2024-01-19", "2024-01-19", "2025-01-19", "2025-01-19", "82.50"),
        ("sub_A3", "cus_A3", "basic-m", "active", "2024-02-02", "2024-06-02", "2024-07-02", "2024-07-02", "19.00"),
        ("sub_A4", "cus_A4", "pro-m", "in_trial", "2024-06-20", "2024-06-20", "2024-07-04", "2024-07-04", "0.00"),
    ),
    # A term end and the next billing date are renewals of live subscriptions, not their end.
    "subscriptions",
    {"subscription_id": "Subscription Id", "customer_id": "Customer Id", "plan": "Plan Id", "start_date": "Started At",
     "mrr": "MRR"},
)

case(
    "zendesk-style tickets without a solved column (Updated at is no resolution)", "zendesk-open",
    "open-tickets.csv",
    ("Id", "Requester email", "Assignee", "Status", "Created at", "Updated at", "Due date"),
    (
        ("5001", "jane@acme.io", "Ann Lee", "Open", "2024-06-01 09:00", "2024-06-02 10:00", "2024-06-05"),
        ("5002", "sam@globex.com", "Bo Chen", "Pending", "2024-06-01 11:30", "2024-06-03 08:00", "2024-06-06"),
        ("5003", "li@initech.co", "", "New", "2024-06-02 15:45", "2024-06-02 15:45", ""),
        ("5004", "max@acme.io", "Ann Lee", "On-hold", "2024-06-03 08:10", "2024-06-04 12:00", "2024-06-10"),
    ),
    # The last update of an open ticket is not its resolution: resolved_at stays unmapped.
    "tickets",
    {"ticket_id": "Id", "customer_id": "Requester email", "agent": "Assignee", "created_at": "Created at"},
)

case(
    "chargebee customers export", "chargebee", "Customers.csv",
    ("customers.id", "customers.first_name", "customers.last_name", "customers.email", "customers.company",
     "customers.created_at", "customers.auto_collection", "customers.net_term_days", "customers.promotional_credits"),
    (
        ("AzZlGkT9", "Jane", "Doe", "ops@acme.io", "Acme Ltd", "2024-01-04", "on", "0", "0.00"),
        ("AzZlGkTa", "Sam", "Lee", "it@globex.com", "Globex", "2024-01-19", "off", "30", "10.00"),
        ("AzZlGkTb", "Li", "Wei", "hi@initech.co", "Initech", "2024-02-02", "on", "0", "0.00"),
        ("AzZlGkTc", "Max", "Roe", "bill@hooli.com", "Hooli", "2024-03-11", "on", "0", "0.00"),
    ),
    "customers",
    {"customer_id": "customers.id", "name": "customers.company", "signup_date": "customers.created_at"},
)

case(
    "google forms csat (1-5, satisfied question)", "googleforms-csat", "Support CSAT (Responses).csv",
    ("Timestamp", "Email Address", "How satisfied were you with the support you received?",
     "Anything we could have done better?"),
    (
        ("6/3/2024 9:14:00", "jane@acme.io", "5", ""),
        ("6/3/2024 14:02:00", "sam@globex.com", "2", "Took three days to answer"),
        ("6/4/2024 8:00:00", "li@initech.co", "4", ""),
        ("6/5/2024 10:30:00", "max@acme.io", "3", "The first answer did not help"),
    ),
    "surveys",
    {"date": "Timestamp", "customer_id": "Email Address",
     "score": "How satisfied were you with the support you received?",
     "comment": "Anything we could have done better?"},
    survey_type="csat",
)

case(
    "delighted customer effort (CES, 1-7)", "delighted-ces", "ces-responses.csv",
    ("Response ID", "Score", "Comment", "Email", "Created At", "Properties: Company"),
    (
        ("7101", "6", "Easy", "jane@acme.io", "2024-06-02 09:14:00 +0000", "Acme Ltd"),
        ("7102", "2", "Needed three calls", "sam@globex.com", "2024-06-03 14:02:00 +0000", "Globex"),
        ("7103", "7", "", "li@initech.co", "2024-06-04 08:00:00 +0000", "Initech"),
        ("7104", "5", "", "max@acme.io", "2024-06-05 10:30:00 +0000", "Acme Ltd"),
    ),
    # The file says CES; the 1-7 scale agrees.
    "surveys",
    {"score": "Score", "comment": "Comment", "customer_id": ("Email", "Properties: Company"), "date": "Created At"},
    survey_type="ces",
)

case(
    "home-made pipeline with upsell/renewal picklist (not the four opportunity types)", "pipeline-custom",
    "Opportunities.csv",
    ("Opportunity", "Account", "Opp Type", "Expected Close", "Value", "Probability (%)"),
    (
        ("Acme seats", "Acme Ltd", "Upsell", "2024-07-31", "4,800", "60"),
        ("Globex renewal", "Globex", "Renewal", "2024-12-20", "990", "90"),
        ("Initech add-on", "Initech", "Cross-sell", "2024-08-15", "12,000", "30"),
        ("Hooli renewal", "Hooli", "Renewal", "2024-09-01", "3,000", "80"),
    ),
    # "Upsell", "Renewal", "Cross-sell" are no opportunity type the metrics know (repurchase, replacement,
    # expansion, innovation): the user must translate them. Until then the table has no kind; the harmful
    # guess would be transactions (forecast deals counted as revenue).
    None,
    {},
)

case(
    "home-made usage log: Login Date, User Email, Minutes Active", "homemade-usage", "logins.csv",
    ("Login Date", "Account", "User Email", "Module", "Minutes Active"),
    (
        ("2024-06-01", "A-0001", "jane@acme.io", "Reports", "34"),
        ("2024-06-01", "A-0002", "sam@globex.com", "Billing", "5"),
        ("2024-06-02", "A-0001", "max@acme.io", "Reports", "12"),
        ("2024-06-03", "A-0003", "li@initech.co", "Dashboards", "48"),
    ),
    "usage",
    {"date": "Login Date", "customer_id": "Account", "user_id": "User Email", "feature": "Module",
     "minutes": "Minutes Active"},
)

case(
    "home-made weekly funnel: Week Starting, Website Visits, Trial Signups", "homemade-funnel", "marketing_weekly.csv",
    ("Week Starting", "Website Visits", "Trial Signups", "Ad Spend ($)"),
    (
        ("2024-06-03", "3,120", "41", "$1,200.00"),
        ("2024-06-10", "2,980", "37", "$1,150.00"),
        ("2024-06-17", "3,450", "52", "$1,400.00"),
        ("2024-06-24", "3,300", "44", "$1,300.00"),
    ),
    "funnel",
    {"date": "Week Starting", "visitors": "Website Visits", "conversions": "Trial Signups"},
)

case(
    "home-made costs: Month, Expense Category, Cost ($)", "homemade-costs", "CS budget.csv",
    ("Month", "Expense Category", "Description", "Cost ($)"),
    (
        ("Jan 2024", "Salaries", "CS team", "$18,500.00"),
        ("Jan 2024", "Tools", "Gainsight", "$1,250.00"),
        ("Feb 2024", "Salaries", "CS team", "$18,500.00"),
        ("Feb 2024", "Travel", "QBR visits", "$812.40"),
    ),
    "costs",
    {"date": "Month", "category": "Expense Category", "amount": "Cost ($)"},
)

case(
    "upper-case and underscore spellings", "shouting", "SUBS_EXPORT.csv",
    ("CUST_NO", "PLAN_NAME", "START_DT", "CANCELLED_ON", "MRR_USD"),
    (
        ("00017", "PRO", "2024-01-04", "", "49.00"),
        ("00018", "TEAM", "2024-01-19", "", "82.50"),
        ("00019", "BASIC", "2024-02-02", "2024-06-16", "19.00"),
        ("00020", "PRO", "2024-03-11", "2024-06-11", "49.00"),
    ),
    "subscriptions",
    {"customer_id": "CUST_NO", "plan": "PLAN_NAME", "start_date": "START_DT", "end_date": "CANCELLED_ON",
     "mrr": "MRR_USD"},
)


case(
    "stripe refunds export (positive amounts that are money going out)", "stripe-refunds", "refunds.csv",
    ("id", "Amount", "Currency", "Created (UTC)", "Charge ID", "Customer ID", "Reason", "Status"),
    (
        ("re_3OaE01", "99.00", "usd", "2024-02-01 10:00", "ch_3OaD02", "cus_PQ1xT7aa02", "requested_by_customer",
         "succeeded"),
        ("re_3OaE02", "250.00", "usd", "2024-04-05 15:30", "ch_3OaD03", "cus_PQ1xT7aa04", "duplicate", "succeeded"),
        ("re_3OaE03", "49.00", "usd", "2024-05-09 09:12", "ch_3OaD05", "cus_PQ1xT7aa01", "fraudulent", "succeeded"),
        ("re_3OaE04", "19.00", "usd", "2024-05-30 11:45", "ch_3OaD06", "cus_PQ1xT7aa03", "requested_by_customer",
         "pending"),
    ),
    # A refund export writes the refunded money as positive numbers; a mapping cannot flip the sign, and as
    # transactions every refund would count as revenue. No kind (the user decides) rather than that.
    None,
    {},
)


case(
    "payments with only id, amount, created and customer, in a file named export.csv", "no-name", "export.csv",
    ("id", "Amount", "Currency", "Created (UTC)", "Customer ID", "Status"),
    (
        ("ch_1", "49.00", "usd", "2024-01-01 10:00", "cus_1", "Paid"),
        ("ch_2", "99.00", "usd", "2024-01-03 10:00", "cus_2", "Paid"),
        ("ch_3", "49.00", "usd", "2024-02-01 10:00", "cus_1", "Paid"),
        ("ch_4", "99.00", "usd", "2024-02-03 10:00", "cus_2", "Failed"),
    ),
    # A dated amount with neither a billing period nor an end is a payment: as subscriptions every charge would be
    # a new subscription that never ends.
    "transactions",
    {"transaction_id": "id", "amount": "Amount", "date": "Created (UTC)", "customer_id": "Customer ID"},
)


# ---------------------------------------------------------------------------------------------------------------
# Writing the files and running the command line
# ---------------------------------------------------------------------------------------------------------------


def _write_csv(path: Path, cases: list[Export]) -> None:
    (c,) = cases
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerows([*c.preamble, c.headers, *c.rows, *c.footer])


def _write_xlsx(path: Path, cases: list[Export]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for c in cases:
        ws = wb.create_sheet(c.sheet)
        for row in (*c.preamble, c.headers, *c.rows, *c.footer):
            ws.append(list(row))
    wb.save(path)


@cache
def _bundle(bundle: str, folder: str) -> dict[tuple[str, str | None], dict]:
    """Write the bundle's files, run `python -m csm map` on them once, and key its tables by (source, sheet)."""
    root = Path(folder) / bundle
    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[Export]] = {}
    for c in CASES:
        if c.bundle == bundle:
            files.setdefault(c.file, []).append(c)
    for name, cases in files.items():
        (_write_xlsx if name.endswith(".xlsx") else _write_csv)(root / name, cases)
    proc = subprocess.run(
        [sys.executable, "-m", "csm", "map", *(str(root / n) for n in files)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return {(t["source"], t.get("sheet")): t for t in json.loads(proc.stdout)["tables"]}


def _compared(c: Export, columns: dict) -> tuple[dict, dict]:
    """(guessed, expected) columns, comparable whole: an acceptable answer to an ambiguous field is replaced by its
    options, and a field that may stay unmapped and did is left out of both."""
    got = dict(columns)
    for f, want in c.columns.items():
        if isinstance(want, tuple) and got.get(f) in want:
            got[f] = want
    expected = {f: w for f, w in c.columns.items() if not (isinstance(w, tuple) and None in w and f not in got)}
    return got, expected


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("exports"))


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_export_is_guessed(c: Export, folder):
    got = _bundle(c.bundle, folder)[(c.file, c.sheet)]
    columns, expected = _compared(c, got.get("columns", {}))
    assert (got["kind"], columns) == (c.kind, expected)
    if c.survey_type is not None or got["kind"] == "surveys":
        assert got.get("survey_type") == c.survey_type
    assert got.get("links", {}) == {f: dict(zip(("via", "source", "key", "value"), v, strict=True)) for f, v in c.links.items()}


def _reversed(c: Export) -> Export:
    """The same export with its columns in the opposite order (a tie must not be settled by the column order)."""
    return dataclasses.replace(
        c,
        headers=c.headers[::-1],
        rows=tuple(r[::-1] for r in c.rows),
        footer=tuple(r[::-1] for r in c.footer),
    )


def test_the_guess_does_not_hang_on_the_column_order(tmp_path):
    """Every case again with its columns reversed, in-process (the command line is checked above)."""
    from csm.guess import guess_mapping
    from csm.loading import read_sources

    wrong = []
    bundles: dict[str, dict[str, list[Export]]] = {}
    for c in map(_reversed, CASES):
        bundles.setdefault(c.bundle, {}).setdefault(c.file, []).append(c)
    for bundle, files in bundles.items():
        root = tmp_path / bundle
        root.mkdir()
        for name, cases in files.items():
            (_write_xlsx if name.endswith(".xlsx") else _write_csv)(root / name, cases)
        got = {(t.source, t.sheet): t for t in guess_mapping(read_sources([str(root / n) for n in files])).tables}
        for c in (c for cases in files.values() for c in cases):
            t = got[(c.file, c.sheet)]
            columns, expected = _compared(c, t.columns)
            if (t.kind, columns) != (c.kind, expected):
                wrong.append((c.name, t.kind, columns))
    assert wrong == []


def test_cases_are_well_formed():
    from csm.schema import KINDS

    seen = set()
    for c in CASES:
        assert (c.bundle, c.file, c.sheet) not in seen, c.name
        seen.add((c.bundle, c.file, c.sheet))
        assert all(len(r) == len(c.headers) for r in c.rows), c.name
        assert c.kind is None or set(c.columns) <= set(KINDS[c.kind].field_names), c.name
        for want in c.columns.values():
            options = want if isinstance(want, tuple) else (want,)
            assert all(o is None or o in c.headers for o in options), (c.name, want)
