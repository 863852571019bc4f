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


def _uploaded_bytes(base: str) -> int:
    """What Streamlit's uploaded-file manager holds, from the server's own metrics (/_stcore/metrics)."""
    import re
    import urllib.request

    with urllib.request.urlopen(f"{base}/_stcore/metrics", timeout=30) as r:
        text = r.read().decode()
    held = re.findall(r'^cache_memory_bytes\{cache_type="UploadedFileManager"[^}]*\} (\d+)', text, re.M)
    return sum(map(int, held))


def test_uploaded_files_are_not_held_by_the_server_once_read():
    """Streamlit keeps every uploaded file until its session ends unless the browser deletes it; the Data page
    drops its copies once read (the workspace has the bytes). Three uploads of the ten sample CSVs (6.8 MB each
    time) in one session leave no uploaded bytes held, and the data still shows."""
    files = load_ws.UPLOAD_SETS[0]

    async def three_uploads(base: str) -> tuple[list[str], int]:
        fig = load_ws.Figures()
        s = load_ws.Session(0, base, fig, step_timeout=60.0)
        await s.connect()
        await s.rerun(page_hash="")
        await s.open_page("Data")
        for _ in range(3):
            await s.upload(files)
        held = _uploaded_bytes(base)
        await s.close()
        return fig.errors, held

    with bs.StreamlitServer() as server:
        errors, held = asyncio.run(three_uploads(server.base))
    assert errors == []
    assert held == 0
