"""The metric pages declared once in ui/pages.py: one per registry group, in its order, with its title, a script
that exists and the URL paths deep links and bookmarks already use."""
from __future__ import annotations

from pathlib import Path

from csm.metrics import GROUPS
from ui.pages import ICONS, METRIC_PAGES

ROOT = Path(__file__).resolve().parents[1]


def test_one_metric_page_per_group_in_the_registry_order_with_its_title():
    assert list(METRIC_PAGES) == list(GROUPS)
    assert {g: p.title for g, p in METRIC_PAGES.items()} == GROUPS
    assert set(ICONS) == set(GROUPS)


def test_url_paths_are_the_ones_links_already_use():
    assert [p.url_path for p in METRIC_PAGES.values()] == [
        "retention", "revenue", "value", "voice", "support", "growth", "health"]


def test_every_metric_page_script_exists_and_draws_its_groups_header():
    for group, page in METRIC_PAGES.items():
        script = ROOT / page.script
        assert script.is_file(), page.script
        assert f'cards.header(ctx, "{group}")' in script.read_text(), page.script
