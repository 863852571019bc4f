"""The metric reference, generated from the registry (docs/metrics.md and the README's metric list)."""
from __future__ import annotations

from .metrics import GROUPS, REGISTRY

UNIT_WORDS = {"percent": "%", "count": "count", "money": "money", "ratio": "ratio", "days": "days", "hours": "hours",
              "minutes": "minutes", "score": "score"}


def metrics_markdown() -> str:
    """Every registered metric by group: id, name, unit, formula, definition, the settings it reads, notes, source."""
    lines = ["# Metric reference", "",
             "Generated from the metric registry (`python -m csm docs > docs/metrics.md`); the app and the command "
             "line read the same entries. Definitions follow METRICS.md.", ""]
    for group, title in GROUPS.items():
        members = [m for m in REGISTRY.values() if m.group == group]
        if not members:
            continue
        lines += [f"## {title}", ""]
        for m in members:
            lines += [f"### {m.name} — `{m.id}`", "", m.definition, "",
                      f"- **Formula**: {m.formula}", f"- **Unit**: {UNIT_WORDS[m.unit]}"]
            if m.needs:
                lines.append(f"- **Data**: {', '.join(m.needs)}")
            for o in m.options:
                lines.append(f"- **`{o.name}`** ({o.label}): {o.values_text()}")
            if m.source:
                lines.append(f"- **Source**: {m.source}")
            lines += [f"- {n}" for n in m.notes]
            lines.append("")
    return "\n".join(lines)


def metrics_table() -> str:
    """A compact Markdown table of every metric (for the README)."""
    rows = ["| group | metric | id | formula |", "|---|---|---|---|"]
    rows += [f"| {GROUPS[m.group]} | {m.name} | `{m.id}` | {m.formula} |" for m in REGISTRY.values()]
    return "\n".join(rows) + "\n"
