"""ui/safe.md: user text in Markdown shows its own characters (the real browser checks the rendering in
tests/test_browser_markdown.py; these pin the escaped source)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.safe import md

from .conftest import rendered

J = "\u2060"


@pytest.mark.parametrize(("text", "source"), [
    ("![x](http://127.0.0.1:8799/sheet.png)", rf"\!\[x\]\(http:{J}//127\.0\.0\.1:{J}8799/sheet\.png\)"),
    ("[click](https://evil.example)", rf"\[click\]\(https:{J}//evil\.example\)"),
    (":material/home: icon", rf":{J}material/home:{J} icon"),
    ("$\\LaTeX$ and $x^2$", r"\$\\LaTeX\$ and \$x\^2\$"),
    ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
    ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
    (":red[red] :smile:", rf":{J}red\[red\] :{J}smile:{J}"),
    ("ann@example.com", rf"ann@{J}example\.com"),
    ("see www.example.com", rf"see www{J}\.example\.com"),
    ("# heading\n- item", r"\# heading \- item"),
    ("| a | b |", r"\| a \| b \|"),
    ("Acme Ltd 2024", "Acme Ltd 2024"),
    (None, ""),
])
def test_markdown_syntax_in_user_text_is_escaped(text, source):
    assert md(text) == source


def test_an_exception_is_escaped_by_its_message():
    assert md(ValueError("bad [x](y)")) == r"bad \[x\]\(y\)"


@given(st.text())
def test_escaped_text_renders_as_itself_and_has_no_bare_syntax(text):
    out = md(text)
    assert rendered(out) == " ".join(text.splitlines())
    assert "\n" not in out and "\r" not in out
    unescaped = re.sub(r"\\.", "", out)  # what is left after the escaped characters
    assert not re.search(r"[\[\]()*_`$<>!#|~]", unescaped)
    assert not re.search(r":[^\u2060]|@[^\u2060]|www\.", unescaped + " ")
