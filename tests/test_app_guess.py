"""The mapping editor says how sure the guess is of each column: a column guessed from its values alone is flagged
for checking, each field's help gives the guess's reason, and once the user applies the mapping nothing is flagged."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from .conftest import rendered, uploader

ROOT = Path(__file__).resolve().parents[1]
CSV = (b"Customer ID,Invoice date,Column 3\nC1,2024-01-05,120.50\nC2,2024-01-09,80.25\nC3,2024-02-01,45.10\n"
       b"C1,2024-02-05,120.50\nC4,2024-02-11,99.99\n")
FLAG = "Not sure of this one: please check it."


def test_an_unsure_column_is_flagged_and_explained_until_applied():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py").run()
    uploader(at).set_value(("sales.csv", CSV, "text/csv")).run()
    assert not at.exception
    tm = at.session_state["workspace"].mapping.for_table("sales.csv", None)
    assert tm.kind == "transactions" and tm.columns["amount"] == "Column 3"
    assert tm.evidence["amount"]["confidence"] < 0.6 <= tm.evidence["customer_id"]["confidence"]
    amount = next(s for s in at.selectbox if s.label == "amount *")
    assert amount.value == "Column 3"
    assert "Guessed (50% sure): header 'Column 3' says nothing of it; values fit 100% of 5 seen." in rendered(amount.help)
    assert [c.value for c in at.caption].count(f":material/help: {FLAG}") == 1
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert not at.exception
    assert at.session_state["workspace"].mapping.for_table("sales.csv", None).evidence == {}
    assert f":material/help: {FLAG}" not in [c.value for c in at.caption]
