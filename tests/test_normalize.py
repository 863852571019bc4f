"""csm.normalize: cell parsers and normalize_table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.errors import MappingError
from csm.io import read_file
from csm.mapping import Options, TableMapping
from csm.normalize import (
    REJECT_COLUMNS,
    date_order_evidence,
    normalize_table,
    parse_billing_period,
    parse_bool,
    parse_dates,
    parse_id,
    parse_money,
    parse_number,
    parse_text,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent")
T = pd.Timestamp


def _one(parser, value, **kw):
    p = parser(pd.Series([value], dtype=object), **kw)
    return p.values.iloc[0], bool(p.bad.iloc[0])


# ---------------------------------------------------------------- dates

DATE_CASES = [
    ("2024-01-31", T("2024-01-31")),
    ("2024/01/31", T("2024-01-31")),
    ("2024.1.31", T("2024-01-31")),
    ("2024-01-31 13:05", T("2024-01-31")),
    ("2024-01-31T13:05:00Z", T("2024-01-31")),
    ("2024-01-31T23:30:00+05:30", T("2024-01-31")),
    ("2024-01-31T23:30:00.123-08:00", T("2024-01-31")),
    ("31/01/2024", T("2024-01-31")),
    ("01/31/2024", T("2024-01-31")),
    ("31.01.2024", T("2024-01-31")),
    ("31-01-2024", T("2024-01-31")),
    ("1/31/24", T("2024-01-31")),
    ("31/1/99", T("1999-01-31")),
    ("Jan 31, 2024", T("2024-01-31")),
    ("31 Jan 2024", T("2024-01-31")),
    ("31-Jan-2024", T("2024-01-31")),
    ("31-jan-24", T("2024-01-31")),
    ("January 31 2024", T("2024-01-31")),
    ("Sept 3rd, 2024", T("2024-09-03")),
    ("Wed, 31 Jan 2024", T("2024-01-31")),
    ("20240131", T("2024-01-31")),
    (20240131, T("2024-01-31")),
    (45322, T("2024-01-31")),
    (45322.75, T("2024-01-31")),
    ("45322", T("2024-01-31")),
    (dt.date(2024, 1, 31), T("2024-01-31")),
    (dt.datetime(2024, 1, 31, 8, 30), T("2024-01-31")),
    (T("2024-01-31 08:30"), T("2024-01-31")),
    (T("2024-01-31 23:30", tz="America/New_York"), T("2024-01-31")),
    (np.datetime64("2024-01-31"), T("2024-01-31")),
]
BAD_DATES = ["2024-02-30", "31/02/2024", "13/13/2024", "garbage", "2024-13-01", "12", 5, True, "2024-01-31 25:00"]


@pytest.mark.parametrize(("raw", "expected"), DATE_CASES)
def test_parse_dates(raw, expected):
    assert _one(parse_dates, raw) == (expected, False)


@pytest.mark.parametrize("raw", BAD_DATES)
def test_parse_dates_bad(raw):
    value, bad = _one(parse_dates, raw)
    assert pd.isna(value) and bad


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-01-31 13:05", T("2024-01-31 13:05")),
        ("2024-01-31T13:05:09Z", T("2024-01-31 13:05:09")),
        ("2023-07-28 3:00", T("2023-07-28 03:00")),
        ("1/31/2024 1:05 PM", T("2024-01-31 13:05")),
        ("1/31/2024 12:05 am", T("2024-01-31 00:05")),
        ("31 Jan 2024 09:15", T("2024-01-31 09:15")),
        ("2024-01-31", T("2024-01-31")),
        (45322.75, T("2024-01-31 18:00")),
        (dt.datetime(2024, 1, 31, 8, 30), T("2024-01-31 08:30")),
    ],
)
def test_parse_dates_keep_time(raw, expected):
    assert _one(parse_dates, raw, keep_time=True) == (expected, False)


def test_parse_dates_blank_and_dtype():
    p = parse_dates(pd.Series([None, "", "  ", np.nan, "2024-01-01"], dtype=object))
    assert p.values.dtype == "datetime64[ns]"
    assert p.values.isna().tolist() == [True, True, True, True, False]
    assert not p.bad.any()


@pytest.mark.parametrize(
    ("values", "evidence", "expected", "bad"),
    [
        (["13/01/2024", "02/03/2024"], "day_first", ["2024-01-13", "2024-03-02"], [False, False]),
        (["01/13/2024", "02/03/2024"], "month_first", ["2024-01-13", "2024-02-03"], [False, False]),
        (["01.02.2024", "03.04.2024"], "ambiguous", ["2024-01-02", "2024-03-04"], [False, False]),
        (["2024-01-02", "Jan 5, 2024"], "none", ["2024-01-02", "2024-01-05"], [False, False]),
        # both readings seen: the majority (day-first, 2 rows) wins and the other row is bad
        (["13/01/2024", "25/01/2024", "01/14/2024"], "day_first", ["2024-01-13", "2024-01-25", None], [0, 0, 1]),
        (["01/13/2024", "01/25/2024", "14/01/2024"], "month_first", ["2024-01-13", "2024-01-25", None], [0, 0, 1]),
    ],
)
def test_date_order(values, evidence, expected, bad):
    s = pd.Series(values, dtype=object)
    assert date_order_evidence(s) == evidence
    p = parse_dates(s)
    assert p.values.tolist() == [T(e) if e else pd.NaT for e in expected] or p.values.isna().tolist() == [
        e is None for e in expected
    ]
    assert [None if pd.isna(v) else v for v in p.values] == [T(e) if e else None for e in expected]
    assert p.bad.tolist() == [bool(b) for b in bad]


TIMES_DROPPED = "Times of day were dropped: each value counts on its calendar date as written."
ZONES_DROPPED = "Time zones were dropped: each time is read as the wall-clock time written (METRICS.md: calendar dates)."


@pytest.mark.parametrize("cells,keep_time,expected", [
    (["2024-01-31", "2024-01-31"], False, ()),
    (["2024-01-31 00:00", "31/01/2024 00:00"], False, ()),  # midnight written out: nothing is lost
    (["2024-01-31 10:15"], False, (TIMES_DROPPED,)),
    (["Jan 31, 2024 9:15"], False, (TIMES_DROPPED,)),
    (["31/01/2024 10:00 pm UTC"], False, (ZONES_DROPPED, TIMES_DROPPED)),
    (["2024-01-31T23:30:00-05:00"], False, (ZONES_DROPPED, TIMES_DROPPED)),
    ([dt.datetime(2024, 1, 31, 5, tzinfo=dt.UTC)], False, (ZONES_DROPPED, TIMES_DROPPED)),
    (["2024-01-31 10:00+01:00"], True, (ZONES_DROPPED,)),  # tickets keep the time, lose the zone
    (["2024-01-31 10:00"], True, ()),
])
def test_dropped_time_of_day_and_zone_are_noted(cells, keep_time, expected):
    """METRICS.md (Time): time of day and time zone dropped after parsing; the data report says so."""
    parsed = parse_dates(pd.Series(cells, dtype=object), keep_time=keep_time)
    assert parsed.info == expected
    assert parsed.values.dt.day.tolist() == [31] * len(cells)  # the wall-clock date as written


def test_ambiguous_dates_note_and_option():
    s = pd.Series(["01/02/2024", "03/04/2024"], dtype=object)
    default = parse_dates(s)
    assert default.values.tolist() == [T("2024-01-02"), T("2024-03-04")]
    assert default.info == (
        "Dates like 01/02/2024 could be day-first or month-first; read as month-first (01/31), the usual reading "
        "when nothing says otherwise.",
    )
    chosen = parse_dates(s, day_first=True)
    assert chosen.values.tolist() == [T("2024-02-01"), T("2024-04-03")]
    assert "read as day-first (31/01), as set in the options" in chosen.info[0]
    # the data wins over the option when it settles the question
    assert parse_dates(pd.Series(["01/13/2024"]), day_first=True).values.tolist() == [T("2024-01-13")]
    assert date_order_evidence(pd.Series([dt.date(2024, 1, 1), None])) == "none"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2068, 12, 31)), min_size=1, max_size=20),
    st.sampled_from(["iso", "dmy", "mdy", "dmy_dot", "mdy_short", "mon_d_y", "d_mon_y"]),
)
def test_dates_round_trip(dates, style):
    dates = [*dates, dt.date(2024, 5, 13)]  # a day > 12 settles day/month order
    fmt = {
        "iso": "%Y-%m-%d",
        "dmy": "%d/%m/%Y",
        "mdy": "%m/%d/%Y",
        "dmy_dot": "%d.%m.%Y",
        "mdy_short": "%m/%d/%y",
        "mon_d_y": "%b %d, %Y",
        "d_mon_y": "%d %B %Y",
    }[style]
    p = parse_dates(pd.Series([d.strftime(fmt) for d in dates], dtype=object))
    assert not p.bad.any()
    assert p.values.tolist() == [T(d) for d in dates]


# ---------------------------------------------------------------- money and numbers

MONEY_CASES = [
    ("$1,200.00", 1200.0, "USD"),
    ("₦5,000", 5000.0, "NGN"),
    ("€ 1.200,50", 1200.5, "EUR"),
    ("1.200,50", 1200.5, None),
    ("1 200,50", 1200.5, None),
    ("(300)", -300.0, None),
    ("($45.10)", -45.1, "USD"),
    ("-300", -300.0, None),
    ("300-", -300.0, None),
    ("-$300", -300.0, "USD"),
    ("USD 1,200", 1200.0, "USD"),
    ("1,200.50 EUR", 1200.5, "EUR"),
    ("1,200", 1200.0, None),
    ("1,234,567.89", 1234567.89, None),
    ("£12", 12.0, "GBP"),
    ("¥1000", 1000.0, "JPY"),
    ("₹ 99.5", 99.5, "INR"),
    ("R$ 10,00", 10.0, "BRL"),
    ("12,5", 12.5, None),
    ("0.5", 0.5, None),
    (".5", 0.5, None),
    ("$ -", 0.0, "USD"),
    (1200, 1200.0, None),
    (12.5, 12.5, None),
    (np.float64(-3.25), -3.25, None),
]


@pytest.mark.parametrize(("raw", "expected", "currency"), MONEY_CASES)
def test_parse_money(raw, expected, currency):
    p = parse_money(pd.Series([raw], dtype=object))
    assert p.values.tolist() == [expected] and not p.bad.any()
    assert p.currency == currency


@pytest.mark.parametrize("raw", ["abc", "$", "12 apples", "1.2.3,4,5", True, "1,2,3"])
def test_parse_money_bad(raw):
    value, bad = _one(parse_money, raw)
    assert np.isnan(value) and bad


@pytest.mark.parametrize(
    ("values", "expected", "bad"),
    [
        (["1,200", "3.50", "12"], [1200.0, 3.5, 12.0], [0, 0, 0]),  # decimal point column
        (["1.200,50", "12,5", "1.000"], [1200.5, 12.5, 1000.0], [0, 0, 0]),  # decimal comma column: 1.000 = 1000
        (["1.200,50", "12,5", "3.75"], [1200.5, 12.5, None], [0, 0, 1]),  # a decimal point in a comma column is bad
        (["1,200", "1,500"], [1200.0, 1500.0], [0, 0]),  # 1,200 alone reads as 1200
        (["1.200", "1.500"], [1.2, 1.5], [0, 0]),  # and 1.200 as 1.2
    ],
)
def test_decimal_mark_per_column(values, expected, bad):
    p = parse_money(pd.Series(values, dtype=object))
    assert [None if np.isnan(v) else v for v in p.values] == expected
    assert p.bad.tolist() == [bool(b) for b in bad]


def test_money_currency_majority_and_note():
    p = parse_money(pd.Series(["$1", "$2", "€3", None], dtype=object))
    assert p.currency == "USD"
    assert p.info == (
        "Currency USD detected from the amounts.",
        "Amounts are in several currencies (USD, EUR); they are not converted.",
    )
    assert parse_money(pd.Series(["1", "2"])).currency is None


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.sampled_from(["$", "€", "£", "₦", "USD ", "", " EUR"]),
    st.sampled_from(["point", "comma", "space_comma"]),
    st.sampled_from(["minus", "parens", "trailing"]),
)
def test_money_round_trip(cents, symbol, style, negative_style):
    value = cents / 100
    whole, frac = f"{abs(value):,.2f}".split(".")
    if style == "point":
        body = f"{whole}.{frac}"
    elif style == "comma":
        body = f"{whole.replace(',', '.')},{frac}"
    else:
        body = f"{whole.replace(',', ' ')},{frac}"
    text = f"{symbol}{body}" if not symbol.startswith(" ") else f"{body}{symbol}"
    if value < 0:
        text = {"minus": f"-{text}", "parens": f"({text})", "trailing": f"{text}-"}[negative_style]
    p = parse_money(pd.Series([text, "1.234,56" if style != "point" else "1,234.56"], dtype=object))
    assert not p.bad.any(), text
    assert p.values.iloc[0] == pytest.approx(value), text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("9", 9.0), (" 10.5 ", 10.5), (3, 3.0), ("1,234", 1234.0), ("-2", -2.0), ("1e3", 1000.0), (7.25, 7.25)],
)
def test_parse_number(raw, expected):
    assert _one(parse_number, raw) == (expected, False)


@pytest.mark.parametrize("raw", ["$4", "n/a", "ten", True])
def test_parse_number_bad(raw):
    value, bad = _one(parse_number, raw)
    assert np.isnan(value) and bad


# ---------------------------------------------------------------- small types


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[
            (v, True)
            for v in ["Y", "y", "yes", "YES", "TRUE", "true", "T", "1", "resolved", 1, 1.0, True, np.bool_(True)]
        ],
        *[(v, False) for v in ["N", "no", "No", "FALSE", "false", "F", "0", "Unresolved", 0, 0.0, False]],
    ],
)
def test_parse_bool(raw, expected):
    assert _one(parse_bool, raw) == (expected, False)


@pytest.mark.parametrize("raw", ["x", "maybe", 2, 0.5, dt.date(2024, 1, 1)])
def test_parse_bool_bad(raw):
    value, bad = _one(parse_bool, raw)
    assert value is pd.NA and bad


def test_parse_bool_blank_and_dtype():
    p = parse_bool(pd.Series(["", None, "yes"], dtype=object))
    assert str(p.values.dtype) == "boolean" and p.values.isna().tolist() == [True, True, False] and not p.bad.any()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(v, "month") for v in ["month", "Monthly", "mo", "M", "1", 1, 1.0, "per month"]],
        *[(v, "quarter") for v in ["quarter", "Quarterly", "q", "3", 3]],
        *[(v, "year") for v in ["year", "yearly", "Annual", "annually", "yr", "Y", "12", 12]],
        *[(v, "week") for v in ["week", "weekly", "wk", "W"]],
        # a count and a unit, as billing tools write a plan's interval
        *[(v, "year") for v in ["12 months", "12 Months", "every 12 months", "1 year", "4 quarters", "52 weeks"]],
        *[(v, "quarter") for v in ["3 months", "every 3 months", "1 quarter"]],
        *[(v, "month") for v in ["1 month", "01 month", "per 1 month"]],
        *[(v, "week") for v in ["1 week", "every 1 week"]],
    ],
)
def test_parse_billing_period(raw, expected):
    assert _one(parse_billing_period, raw) == (expected, False)


@pytest.mark.parametrize("raw", ["fortnightly", "bi-annual", 2, "daily", "2 weeks", "6 months", "12 years"])
def test_parse_billing_period_bad(raw):
    assert _one(parse_billing_period, raw) == (None, True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  A-1 ", "A-1"),
        ("00123", "00123"),
        (123.0, "123"),
        (np.float64(4.0), "4"),
        (7, "7"),
        (12.5, "12.5"),
        ("", None),
        (None, None),
        (np.nan, None),
        (dt.datetime(2024, 1, 1), "2024-01-01"),
    ],
)
def test_parse_id_and_text(raw, expected):
    assert _one(parse_id, raw) == (expected, False)
    assert _one(parse_text, raw) == (expected, False)


# ---------------------------------------------------------------- normalize_table

SUBS_CSV = (
    b"Acme Corp subscriptions\n"  # 1
    b"\n"  # 2
    b"Cust #,Start Dt,Cancelled On,Amount,Period,Plan\n"  # 3
    b'C1,2024-01-05,,"$1,200.00",yearly,Pro\n'  # 4: annual plan, mrr 100
    b"C2,2024-02-30,,50,monthly,Basic\n"  # 5: impossible date
    b",2024-01-10,,50,monthly,Basic\n"  # 6: blank customer id
    b"C4,2024-03-01,2024-02-01,300,quarterly,Pro\n"  # 7: ends before it starts
    b"C5,2024-03-15,2024-06-30,$90,,Basic\n"  # 8: blank period = monthly
    b"C6,2024-04-01,,-$30,month,Basic\n"  # 9: negative mrr
    b"C7,soon,,lots,fortnightly,Pro\n"  # 10: three problems
    b'Total,,,"$1,710.00",,\n'  # 11: total row
)
SUBS_MAPPING = TableMapping(
    "subs.csv",
    None,
    "subscriptions",
    {
        "customer_id": "Cust #",
        "start_date": "Start Dt",
        "end_date": "Cancelled On",
        "amount": "Amount",
        "billing_period": "Period",
        "plan": "Plan",
    },
)


def test_normalize_subscriptions():
    [raw] = read_file(SUBS_CSV, "subs.csv")
    n = normalize_table(raw, SUBS_MAPPING, Options())
    expected = pd.DataFrame(
        {
            "customer_id": pd.Series(["C1", "C5"], dtype=object),
            "start_date": pd.to_datetime(["2024-01-05", "2024-03-15"]).astype("datetime64[ns]"),
            "end_date": pd.to_datetime([None, "2024-06-30"]).astype("datetime64[ns]"),
            "amount": [1200.0, 90.0],
            "billing_period": pd.Series(["year", None], dtype=object),
            "plan": pd.Series(["Pro", "Basic"], dtype=object),
            "mrr": [100.0, 90.0],
            "_row": [4, 8],
            "_source": pd.Categorical(["subs.csv", "subs.csv"]),  # the table's label: one category, a byte a row
        }
    )
    pd.testing.assert_frame_equal(n.frame, expected, check_dtype=False)
    assert n.frame["start_date"].dtype == "datetime64[ns]" and n.frame["mrr"].dtype == "float64"
    assert n.frame["customer_id"].dtype == object
    expected_rejects = [
        ("subs.csv", None, 5, "Start Dt", "2024-02-30", "not a date"),
        ("subs.csv", None, 6, "Cust #", None, "required field is blank"),
        ("subs.csv", None, 7, "Cancelled On", "2024-02-01", "ends before it starts"),
        ("subs.csv", None, 9, "Amount", "-$30", "mrr is negative"),
        ("subs.csv", None, 10, "Start Dt", "soon", "not a date"),
        ("subs.csv", None, 10, "Amount", "lots", "not an amount"),
        ("subs.csv", None, 10, "Period", "fortnightly", "not a billing period (week, month, quarter or year)"),
    ]
    assert list(n.rejects.columns) == REJECT_COLUMNS
    assert list(n.rejects.itertuples(index=False, name=None)) == expected_rejects
    assert n.currency == "USD"
    assert n.rows_read == 7 == len(n.frame) + n.rejects["row"].nunique()
    assert raw.excluded["row"].tolist() == [11]  # the total row stays with the reader's exclusions
    assert n.notes == (
        "Read as UTF-8 text, comma-separated.",
        "1 title row above the header (row 3) skipped.",
        "Row 11 looks like a total row and was left out.",
        "Amount: Currency USD detected from the amounts.",
        "MRR worked out from the amount and billing period (a blank period counts as monthly).",
    )


def test_normalize_mrr_and_options():
    data = b'id,start,mrr\nA,01/02/2024,"1.200,50"\nB,03/04/2024,"12,5"\n'
    [raw] = read_file(data, "m.csv")
    t = TableMapping("m.csv", None, "subscriptions", {"customer_id": "id", "start_date": "start", "mrr": "mrr"})
    n = normalize_table(raw, t, Options(day_first=True, currency="EUR"))
    assert n.frame["start_date"].tolist() == [T("2024-02-01"), T("2024-04-03")]
    assert n.frame["mrr"].tolist() == [1200.5, 12.5]
    assert n.currency == "EUR" and n.rejects.empty
    assert any("as set in the options" in note for note in n.notes)


def test_normalize_missing_mrr_blank_is_rejected():
    [raw] = read_file(b"id,start,mrr\nA,2024-01-01,\n", "m.csv")
    t = TableMapping("m.csv", None, "subscriptions", {"customer_id": "id", "start_date": "start", "mrr": "mrr"})
    n = normalize_table(raw, t)
    assert n.rejects[["row", "column", "reason"]].to_dict("records") == [
        {"row": 2, "column": "mrr", "reason": "required field is blank"}
    ]


def test_normalize_funnel_tickets_surveys():
    [raw] = read_file(b"day,visits,signups\n2024-01-01,100,5\n2024-01-02,10,20\n2024-01-03,-1,0\n", "f.csv")
    t = TableMapping("f.csv", None, "funnel", {"date": "day", "visitors": "visits", "conversions": "signups"})
    n = normalize_table(raw, t)
    assert n.frame["_row"].tolist() == [2]
    assert n.rejects[["row", "column", "reason"]].values.tolist() == [
        [3, "signups", "more conversions than visitors"],
        [4, "visits", "cannot be negative"],
    ]

    data = b"opened,closed,fcr\n2024-01-01 09:00,2024-01-01 17:30,Y\n2024-01-02 09:00,2024-01-01 08:00,N\n"
    [raw] = read_file(data, "t.csv")
    t = TableMapping(
        "t.csv", None, "tickets", {"created_at": "opened", "resolved_at": "closed", "first_contact_resolved": "fcr"}
    )
    n = normalize_table(raw, t)
    assert n.frame["created_at"].tolist() == [T("2024-01-01 09:00")]
    assert n.frame["resolved_at"].tolist() == [T("2024-01-01 17:30")]
    assert n.frame["first_contact_resolved"].tolist() == [True]
    assert n.rejects[["row", "reason"]].values.tolist() == [[3, "resolved before it was created"]]

    [raw] = read_file(b"when,score\n2024-01-01,9\n2024-01-02,great\n2024-01-03,\n", "s.csv")
    t = TableMapping("s.csv", None, "surveys", {"date": "when", "score": "score"}, survey_type="nps")
    n = normalize_table(raw, t)
    assert n.frame[["score", "survey_type"]].values.tolist() == [[9.0, "nps"]]
    assert n.rejects[["row", "value", "reason"]].values.tolist() == [
        [3, "great", "not a number"],
        [4, None, "required field is blank"],
    ]


def test_normalize_mapping_errors():
    [raw] = read_file(b"id,start\nA,2024-01-01\n", "m.csv")
    t = TableMapping("m.csv", None, "subscriptions", {"customer_id": "id", "start_date": "begin", "mrr": "id"})
    with pytest.raises(MappingError, match=r"m\.csv: column 'begin' is not in the table"):
        normalize_table(raw, t)
    with pytest.raises(MappingError, match="need"):
        normalize_table(raw, TableMapping("m.csv", None, "subscriptions", {"customer_id": "id"}))
    with pytest.raises(MappingError):
        normalize_table(raw, TableMapping("m.csv", None, None, {}))


def test_normalize_workbook_cells():
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tx"
    ws.append(["Customer", "Date", "Amount", "Recurring"])
    ws.append([1001.0, dt.date(2024, 1, 31), 49.5, "Y"])
    ws.append(["C-2", 45322, "(20.00)", True])
    ws.append(["C-3", "31/01/2024", "€5", "maybe"])
    buf = io.BytesIO()
    wb.save(buf)
    [raw] = read_file(buf.getvalue(), "tx.xlsx")
    t = TableMapping(
        "tx.xlsx",
        "Tx",
        "transactions",
        {"customer_id": "Customer", "date": "Date", "amount": "Amount", "recurring": "Recurring"},
    )
    n = normalize_table(raw, t)
    assert n.frame[["customer_id", "date", "amount", "recurring", "_row", "_source"]].values.tolist() == [
        ["1001", T("2024-01-31"), 49.5, True, 2, "tx.xlsx [Tx]"],
        ["C-2", T("2024-01-31"), -20.0, True, 3, "tx.xlsx [Tx]"],
    ]
    assert n.rejects[["sheet", "row", "column", "value", "reason"]].values.tolist() == [
        ["Tx", 4, "Recurring", "maybe", "not yes or no"]
    ]


# ---------------------------------------------------------------- real public files


@needs_shared
def test_ravenstack_subscriptions_normalise_cleanly():
    [raw] = read_file(SHARED / "ravenstack/ravenstack_subscriptions.csv")
    t = TableMapping(
        raw.source,
        None,
        "subscriptions",
        {
            "customer_id": "account_id",
            "subscription_id": "subscription_id",
            "start_date": "start_date",
            "end_date": "end_date",
            "mrr": "mrr_amount",
            "billing_period": "billing_frequency",
            "plan": "plan_tier",
        },
    )
    n = normalize_table(raw, t)
    assert n.rows_read == 5_000 and len(n.frame) == 5_000 and n.rejects.empty
    assert n.frame["end_date"].notna().sum() == 486
    assert set(n.frame["billing_period"]) == {"month", "year"}
    end_2024 = T("2024-12-31")
    active = (n.frame["start_date"] <= end_2024) & (n.frame["end_date"].isna() | (n.frame["end_date"] > end_2024))
    assert n.frame.loc[active, "mrr"].sum() == 10_159_608


@needs_shared
def test_ravenstack_tickets_and_cdnow():
    [raw] = read_file(SHARED / "ravenstack/ravenstack_support_tickets.csv")
    t = TableMapping(raw.source, None, "tickets", {"created_at": "submitted_at", "resolved_at": "closed_at"})
    n = normalize_table(raw, t)
    assert len(n.frame) + n.rejects["row"].nunique() == 2_000
    assert n.frame["resolved_at"].dt.hour.gt(0).any()  # times of day are kept

    [raw] = read_file(SHARED / "cdnow/CDNOW_sample.txt")
    t = TableMapping(
        raw.source, None, "transactions", {"customer_id": "Column 1", "date": "Column 3", "amount": "Column 5"}
    )
    n = normalize_table(raw, t)
    assert len(n.frame) == 6_919 and n.rejects.empty
    assert n.frame["customer_id"].nunique() == 2_357
    assert n.frame["amount"].sum() == pytest.approx(244_091.94)
    assert n.frame["date"].min() == T("1997-01-01") and n.frame["date"].max() == T("1998-06-30")
