"""Tables as people read them: a blank shown as "—", not "None", and every number through the one formatter.

`shown(frame, units)` returns the frame to hand to `st.dataframe` and its column settings: text columns keep their
text with "—" for a blank; a numeric column is formatted by its unit (csm.fmt: money with the data's currency,
percentages with "%", counts with thousands separators, other numbers to two decimals) — as numbers the grid can
still sort when the column has no blank, else as text (the grid writes "None" for a blank number).

    st.dataframe(*shown(at_risk, {"score": "score", "mrr": "money"}, currency="USD"), hide_index=True)
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from csm import fmt

BLANK = "—"
# st.column_config's printf formats by unit, for numeric columns without a blank (they stay numbers, so they sort)
FORMATS = {"percent": "%.2f %%", "count": "localized", "score": "%.2f", "ratio": "%.2f", "days": "%.1f",
           "hours": "%.1f", "minutes": "%.1f", "number": "%.2f"}


def _unit(name: str, series: pd.Series, units: dict[str, str]) -> str:
    if name in units:
        return units[name]
    if pd.api.types.is_integer_dtype(series) or (series.dropna() % 1 == 0).all():
        return "count"
    return "number"


def shown(frame: pd.DataFrame, units: dict[str, str] | None = None, currency: str | None = None
          ) -> tuple[pd.DataFrame, dict]:
    """The frame as shown, and the column_config to show it with (see the module docstring)."""
    units = units or {}
    view = frame.copy()
    config: dict = {}
    for name in view.columns:
        col = view[name]
        if pd.api.types.is_bool_dtype(col) or pd.api.types.is_datetime64_any_dtype(col):
            continue
        if pd.api.types.is_numeric_dtype(col):
            unit = _unit(name, col, units)
            if col.isna().any():  # as text: "—" for a blank (fmt's two decimals for a plain number)
                unit = "ratio" if unit == "number" else unit
                view[name] = [BLANK if pd.isna(x) else fmt.value(float(x), unit, currency) for x in col]
                config[name] = st.column_config.TextColumn(str(name))
            elif unit == "money":
                sym = fmt.SYMBOLS.get((currency or "").upper(), f"{currency} " if currency else "")
                config[name] = st.column_config.NumberColumn(str(name), format=sym.replace("%", "%%") + "%.2f")
            else:
                config[name] = st.column_config.NumberColumn(str(name), format=FORMATS.get(unit, "%.2f"))
        else:
            view[name] = col.astype(object).where(col.notna(), BLANK)
    return view, config


def table(frame: pd.DataFrame, units: dict[str, str] | None = None, currency: str | None = None, **kwargs) -> None:
    """st.dataframe of `shown(frame, units, currency)`, full width, without the index."""
    view, config = shown(frame, units, currency)
    st.dataframe(view, column_config={**config, **kwargs.pop("column_config", {})}, hide_index=True,
                 width="stretch", **kwargs)
