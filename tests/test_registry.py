"""The registry is complete and documented, and the computation package stays free of the UI."""
from __future__ import annotations

import ast

import pytest

from csm.docs import metrics_markdown
from csm.metrics import GROUPS, REGISTRY
from csm.metrics.registry import UNITS

from .conftest import ROOT

METRICS_MD_IDS = [
    "customers_start", "customers_end", "new_customers", "reactivated_customers", "churned_customers",
    "customer_churn_rate", "customer_retention_rate", "customer_growth_rate",
    "mrr", "new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", "expansion_mrr_rate",
    "mrr_growth_rate", "net_revenue_retention", "gross_revenue_retention", "revenue_churn_rate", "quick_ratio", "arpa",
    "revenue", "non_recurring_revenue", "arpu", "repeat_purchase_rate", "clv", "customer_retention_cost",
    "nps", "csat", "ces", "first_contact_resolution_rate", "resolution_time_hours", "onboarding_days",
    "conversion_rate", "free_to_paid_rate", "active_customer_rate", "dau_mau", "feature_adoption",
    "health_score", "portfolio_growth",
]


def test_every_metric_of_metrics_md_is_registered():
    assert [m for m in METRICS_MD_IDS if m not in REGISTRY] == []


@pytest.mark.parametrize("metric_id", list(REGISTRY))
def test_every_entry_is_documented(metric_id):
    m = REGISTRY[metric_id]
    assert m.id == metric_id
    assert m.name and m.formula and m.latex and len(m.definition) > 20
    assert m.unit in UNITS and m.group in GROUPS
    assert callable(m.requires) and callable(m.compute)


def test_docs_are_generated_from_the_registry_and_current():
    text = metrics_markdown()
    for m in REGISTRY.values():
        assert f"`{m.id}`" in text and m.formula in text
    committed = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert committed == text, "docs/metrics.md is stale: run `python -m csm docs > docs/metrics.md`"


def test_csm_never_imports_streamlit():
    offenders = []
    for path in (ROOT / "csm").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
