"""The per-group balance table of an explanation, as plain text (the command line)."""

from __future__ import annotations

from copilote.composition.explain import Explanation

OK, MISSED = "✓", "✗"
SIZE = "Taille"


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def balance_table(
    explanation: Explanation, *, objective: float | None = None, bound: float | None = None
) -> str:
    lines = [f"Statut : {explanation.status}"]
    if objective is not None:
        lines.append(f"Score : {_points(objective)} points (borne : {_points(bound)})")
    if explanation.reasons:
        lines.append("Aucune composition possible :")
        lines.extend(f"- {reason}" for reason in explanation.reasons)
        return "\n".join(lines) + "\n"
    labels: list[str] = []
    for report in explanation.groups:
        for criterion in report.criteria:
            if criterion.label not in labels:
                labels.append(criterion.label)
    header = ["Groupe", *labels, "Équilibré"]
    rows = []
    for report in explanation.groups:
        values = {
            c.label: f"{OK if c.met else MISSED} {c.value}"
            + (f" ({c.target})" if c.label == SIZE else "")
            for c in report.criteria
        }
        rows.append(
            [
                report.name,
                *(values.get(label, "—") for label in labels),
                ("oui" if report.balanced else "non")
                + (" (le moins bien loti)" if report.worst else ""),
            ]
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    lines.append("")
    lines.append(line(header))
    lines.append("-+-".join("-" * width for width in widths))
    lines.extend(line(row) for row in rows)
    lines.append("")
    first = explanation.groups[0].criteria if explanation.groups else ()
    lines.append(
        "Objectifs : " + " ; ".join(f"{c.label} {c.target}" for c in first if c.label != SIZE)
    )
    if explanation.left_out:
        lines.append("")
        lines.append(f"Laissé(e)s de côté ({len(explanation.left_out)}) :")
        lines.extend(f"- {item.name} : {item.reason}" for item in explanation.left_out)
    lines.append("")
    lines.append(explanation.summary)
    return "\n".join(lines) + "\n"
