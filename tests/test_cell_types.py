"""csm.cells: type_masks of a column of text and blanks only (what CSV files give) takes a shorter way to the same
masks as a column of any cells; map_distinct maps as Series.map does."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from csm.cells import _text_masks, _typed_masks, map_distinct, type_masks
from csm.schema import SURVEY_ALIASES

CELLS = st.one_of(st.text(max_size=4), st.sampled_from(["", " ", "\u3000", "\t\n", " x ", "2024-01-31"]),
                  st.sampled_from([None, np.nan, pd.NaT]))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=30))
def test_text_columns_get_the_masks_of_any_column(cells):
    s = pd.Series(cells, dtype=object, name="c", index=pd.RangeIndex(3, 3 + len(cells)))
    fast, general = _text_masks(s), _typed_masks(s)
    assert fast.keys() == general.keys()
    for k in general:
        pd.testing.assert_series_equal(fast[k], general[k], check_names=True)


def test_other_cells_keep_the_typed_way():
    s = pd.Series(["a", 1, True, pd.Timestamp("2024-01-31"), None, "  "], dtype=object)
    masks = type_masks(s)
    assert [k for k in ("str", "number", "bool", "date") if masks[k].any()] == ["str", "number", "bool", "date"]
    assert masks["blank"].tolist() == [False, False, False, False, True, True]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["nps", "NPS", "csat", "ces", "x", "", None, np.nan]), max_size=40),
       st.sampled_from([object, "string", "str"]))
def test_map_distinct_maps_as_series_map(cells, dtype):
    s = pd.Series(cells, dtype=object).astype(dtype)
    for mapping, na_action in ((SURVEY_ALIASES, None), (str.lower, "ignore")):
        pd.testing.assert_series_equal(map_distinct(s, mapping, na_action), s.map(mapping, na_action=na_action))
