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
    return "\n".join(lines + _snapshot_lines())


def _snapshot_lines() -> list[str]:
    """The figures of a snapshot customer list (csm.snapshot), which have no periods."""
    from .snapshot import DEFINITIONS

    lines = ["## Snapshot (a customer list with a churned flag and no dates)", "",
             "Computed over the whole list, not per period; in the command line's report each is a metric with one "
             "point whose period is `snapshot`, beside `snapshot.churn_by` (by attribute) and "
             "`snapshot.tenure_survival` (Kaplan–Meier: S(t) = Π over tenures tᵢ ≤ t of (1 − dᵢ ÷ nᵢ)).", ""]
    for mid, d in DEFINITIONS.items():
        lines += [f"### {d.name} — `{mid}`", "", d.definition, "", f"- **Formula**: {d.formula}",
                  f"- **Unit**: {UNIT_WORDS.get(d.unit, d.unit)}",
                  f"- **Data**: customers with `churned`{f' and `{d.needs}`' if d.needs else ''}", ""]
    return lines


def metrics_table() -> str:
    """A compact Markdown table of every metric (for the README)."""
    rows = ["| group | metric | id | formula |", "|---|---|---|---|"]
    rows += [f"| {GROUPS[m.group]} | {m.name} | `{m.id}` | {m.formula} |" for m in REGISTRY.values()]
    from .snapshot import DEFINITIONS

    rows += [f"| Snapshot (no dates) | {d.name} | `{mid}` | {d.formula} |" for mid, d in DEFINITIONS.items()]
    return "\n".join(rows) + "\n"
