"""The websocket load client (bench/load_ws.py) against a real `streamlit run app.py`: two sessions for a few
seconds, one of them uploading, finish their rounds with no error, and every step was drawn."""
from __future__ import annotations

import asyncio

from bench import load_ws
from tests import browser_support as bs


def test_two_websocket_sessions_rerun_switch_pages_and_upload_without_errors():
    with bs.StreamlitServer() as server:
        out = asyncio.run(load_ws.load(server.base, sessions=2, duration=6.0, uploaders=1, step_timeout=60.0))
        _, err = server.output()
    assert out["errors"] == []
    assert "Traceback" not in err
    assert len(out["first"]) == 2
    assert all(r >= 1 for r in out["rounds"])  # each session went round at least once
    # a round is a page switch and three period changes (each checked to be drawn), and the uploader's upload
    assert len(out["rerun"]) == 3 * sum(out["rounds"])
    assert len(out["page"]) == sum(out["rounds"]) + out["rounds"][0]  # the uploader opens the Data page too
    assert len(out["upload"]) == out["rounds"][0] >= 1
