"""Shared test helpers: build datasets straight from canonical frames, and find ../shared."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from csm.dataset import DataReport, Dataset
from csm.mapping import Mapping

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "sample_data"

DATE_FIELDS = {"start_date", "end_date", "signup_date", "churn_date", "paid_date", "onboarding_start",
               "onboarding_complete", "date", "created_at", "resolved_at"}


@pytest.fixture(autouse=True, scope="session")
def _share_store_in_a_temporary_folder(tmp_path_factory):
    """Every test's app (AppTest, or a server a browser test starts) keeps shares and kept workspaces in a folder of
    the test run's, never in the repository's data/ (a test may point CSM_DATA_DIR elsewhere for itself)."""
    import os

    before = os.environ.get("CSM_DATA_DIR")
    os.environ["CSM_DATA_DIR"] = str(tmp_path_factory.mktemp("csm-data"))
    yield
    if before is None:
        os.environ.pop("CSM_DATA_DIR", None)
    else:
        os.environ["CSM_DATA_DIR"] = before


def frame(rows: list[tuple], columns: str) -> pd.DataFrame:
    """A canonical table from tuples; date columns parsed, blanks (None) kept as NaT."""
    df = pd.DataFrame(rows, columns=columns.split())
    for c in df.columns:
        if c in DATE_FIELDS:
            df[c] = pd.to_datetime(df[c])
    if "customer_id" in df:
        df["customer_id"] = df["customer_id"].astype(str)
    return df


def dataset(currency: str | None = "USD", **tables: pd.DataFrame) -> Dataset:
    """A Dataset over already-canonical frames (kind=frame), as the loader would produce."""
    report = DataReport((), pd.DataFrame(columns=["source", "sheet", "row", "column", "value", "reason"]))
    return Dataset({k: v.reset_index(drop=True) for k, v in tables.items()}, report, Mapping(), currency)


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not here (../shared ships with the team's workspace, not with a user's clone)")
    return p


def rendered(markdown: str) -> str:
    """The text a Markdown source shows once rendered, for the app's escaped user text (ui/safe.py): backslash
    escapes undone, word joiners dropped."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def open_table(at, label: str):
    """Open a table's expander in the Data page's mapping editor (its editor is drawn only while open), as a click
    does: the expander's state set, the page run again."""
    from ui.mapper import OPENED

    opened = at.session_state.get(OPENED, {})
    at.session_state[OPENED] = {**opened, label: True}
    return at.run()


def uploader(at):
    """The Data page's file uploader in an AppTest (its key changes after each upload is read, which empties it)."""
    return next(u for u in at.get("file_uploader") if u.key.startswith("uploads"))
