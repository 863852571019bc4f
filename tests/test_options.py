"""csm.settings: each setting declared once, and everything else about it derived from the declaration.

A throw-away `Option` registered here shows up in `Settings`, in the command line's flags and `--help`, in the
sidebar (AppTest: a control keyed by its name, bound to the URL) and in the URL round trip; the README's option list
is the generated one; every setting's text form (URL, command line) and JSON form (a share's snapshot) read back to
the same value.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from csm import cli
from csm.errors import OptionError
from csm.settings import OPTIONS, Option, Settings, options_markdown, register, unregister

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"


@pytest.fixture
def throwaway():
    """A setting no code reads, declared for one test only."""
    o = register(Option("tone", "plain", "Tone of the worked lines", "How chatty the worked lines are.",
                        choices=("plain", "chatty", "terse")))
    yield o
    unregister(o.name)


def test_a_declared_setting_is_in_settings(throwaway):
    assert Settings().tone == "plain" and Settings(tone="terse").tone == "terse"
    assert Settings(tone="terse") != Settings() and Settings(tone="plain") == Settings()
    assert "tone" in Settings.names() and Settings(tone="chatty").changed() == {"tone": "chatty"}
    with pytest.raises(OptionError, match="tone of the worked lines must be one of plain, chatty, terse, not 'loud'"):
        Settings(tone="loud").check()
    assert Settings.from_json(Settings(tone="terse").to_json()).tone == "terse"


def test_a_declared_setting_is_on_the_command_line(throwaway, capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--help"])
    assert "--tone plain|chatty|terse" in capsys.readouterr().out
    args = cli._parser().parse_args(["report", "x.csv", "--tone", "chatty"])
    assert cli.settings_from_args(args).tone == "chatty"
    with pytest.raises(SystemExit) as e:
        cli._parser().parse_args(["report", "x.csv", "--tone", "loud"])
    assert e.value.code == 2


def test_a_declared_setting_has_a_control_bound_to_the_url(throwaway):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["tone"] = "terse"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    box = at.sidebar.selectbox(key="tone")
    assert box.label == "Tone of the worked lines" and box.value == "terse"
    assert box.proto.query_param_key == "tone"  # the browser writes a change back into the URL
    assert at.session_state["context"].settings.tone == "terse"
    box.set_value("chatty").run()
    assert at.session_state["context"].settings.tone == "chatty"


def test_every_setting_has_a_control_or_is_the_filter(sample_mapping_app):
    at = sample_mapping_app
    keys = {w.key for kind in ("selectbox", "number_input", "multiselect", "segmented_control", "date_input")
            for w in getattr(at.sidebar, kind)}
    for name, o in OPTIONS.items():
        want = {"start": "range", "end": "range", "filters": "filter_by"}.get(name, name)
        if o.kind == "weights":
            assert any(k.startswith("weight_") for k in keys), name
        elif o.kind == "values":
            assert name in keys or o.choices_from, name  # shown when the data offers names (the sample has costs)
        else:
            assert want in keys, name
    assert "retention_categories" in keys and "fiscal_start" in keys and "csat_scale" in keys


@pytest.fixture(scope="module")
def sample_mapping_app():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_the_readme_lists_the_declared_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- options -->\n(.*?)<!-- /options -->", readme, re.S)
    assert block, "the README has no generated option list"
    assert block.group(1) == options_markdown(), "README option list is stale: `python -m csm docs --options`"


def _values(o: Option):
    """A strategy of values of one setting (None included where it has an auto)."""
    if o.kind == "choice":
        s = st.sampled_from(o.choices)
    elif o.kind == "int":
        s = st.integers(int(o.low), int(o.high))
    elif o.kind == "float":
        s = st.floats(o.low, o.high, exclude_min=o.low_open).map(lambda x: round(x, 3)).filter(
            lambda x: x > o.low if o.low_open else True)
    elif o.kind == "date":
        s = st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))
    elif o.kind == "values":
        s = st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=3).map(tuple)
    elif o.kind == "weights":
        s = st.lists(st.tuples(st.sampled_from(("usage", "voice")), st.floats(0, 10)), max_size=2).map(tuple)
    else:
        s = st.lists(st.tuples(st.sampled_from(("plan", "owner")), st.lists(st.text(max_size=5), min_size=1,
                                                                         max_size=2).map(tuple)), max_size=2).map(tuple)
    return st.one_of(st.none(), s) if o.auto else s


@given(st.data())
def test_settings_read_back_from_json_and_from_text(data):
    values = {name: data.draw(_values(o), label=name) for name, o in OPTIONS.items()}
    s = Settings(**values).check()
    assert Settings.from_json(s.to_json()) == s
    for name, o in OPTIONS.items():
        if o.kind in ("choice", "int", "float", "date"):
            assert o.parse(o.text(getattr(s, name))) == getattr(s, name), name
