"""User text in Markdown: the one escaping function for every place a file name, sheet name, column header, cell
value or message built from them reaches Markdown (st.markdown, st.caption, st.error and the other alerts, expander,
status and widget labels, help tooltips).

Streamlit renders those as GitHub-flavoured Markdown with its own extensions, so a sheet named
`![x](http://host/pixel.png)` would make every viewer's browser fetch that address. The rule for new code
(README, "Security notes"): text that comes from an upload goes through `md()`, or is shown only by elements that do not
interpret it (st.text, st.code, dataframe cells). A plain Streamlit app has no Content-Security-Policy to fall back
on, so the escaping is the defence.

What `md()` does, each checked in Chromium (tests/test_browser_markdown.py):
- every ASCII punctuation mark CommonMark lets a backslash escape (`*`, `_`, `[`, `]`, `(`, `)`, `!`, `` ` ``, `$`,
  `<`, `#`, `|`, …) is escaped: no emphasis, link, image, code span, LaTeX, HTML or table;
- a word joiner (U+2060, invisible) follows every `:` and `@` and sits in `www.`: Streamlit's shortcodes
  (`:material/home:`, `:smile:`, `:red[...]`) and GFM's bare autolinks (`http://…`, `www.…`, e-mail addresses)
  match on the text after escapes are undone, so a backslash alone does not stop them;
- line breaks become spaces (a new line could start a heading or a list).
"""
from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=^%\"'])")
_JOINER = "\u2060"


def md(text: object) -> str:
    """`text` as Markdown that shows exactly its characters (None → "")."""
    if text is None:
        return ""
    s = " ".join(str(text).splitlines())
    s = _PUNCTUATION.sub(r"\\\1", s)
    s = s.replace("\\:", ":" + _JOINER).replace("@", "@" + _JOINER)
    return re.sub(r"(?i)(www)\\\.", rf"\1{_JOINER}\\.", s)

