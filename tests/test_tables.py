"""ui/tables.py: a blank shows as "—", never "None"; numbers go through csm.fmt by unit, and stay numbers (sortable)
where the column has no blank."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ui.tables import BLANK, shown


def test_blanks_read_as_a_dash_and_numbers_by_their_unit():
    frame = pd.DataFrame({
        "source": ["a.csv", "b.xlsx"], "sheet": [None, "Subs"],  # a CSV has no sheet
        "voice": [np.nan, 72.5], "score": [41.25, 8.4249], "mrr": [100050.0, 7.5], "rate": [8.4249, 0.0],
        "customers": [4801, 1589],
    })
    before = frame.copy()
    view, config = shown(frame, {"voice": "score", "score": "score", "mrr": "money", "rate": "percent"}, "USD")
    assert view["sheet"].tolist() == [BLANK, "Subs"]
    assert view["voice"].tolist() == [BLANK, "72.5"]  # a number column with a blank becomes text
    assert view["score"].tolist() == [41.25, 8.4249] and config["score"]["type_config"]["format"] == "%.2f"
    assert config["mrr"]["type_config"]["format"] == "$%.2f" and config["rate"]["type_config"]["format"] == "%.2f %%"
    assert config["customers"]["type_config"]["format"] == "localized"
    assert not any(str(x) == "None" for col in view.columns for x in view[col])
    pd.testing.assert_frame_equal(frame, before)  # the frame itself is left as it is
