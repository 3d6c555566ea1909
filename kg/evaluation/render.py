"""An evaluation as a table of figures (with the findings below it) or as JSON."""

from __future__ import annotations

import json

from kg.common.errors import UsageError
from kg.common.terminal import aligned, printable
from kg.evaluation.figures import MISSED, Figure, Finding
from kg.evaluation.run import Evaluation

FORMATS = ("table", "json")
_HEADER = ("kind", "precision", "recall")


def check_format(fmt: str) -> str:
    if fmt.lower() not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; use table or json")
    return fmt.lower()


def ratio(value: float, part: int, whole: int) -> str:
    return f"{value:.2f} ({part}/{whole})"


def _figure_cells(figure: Figure) -> tuple[str, str, str]:
    return (figure.label, ratio(figure.precision, figure.correct, figure.counted),
            ratio(figure.recall, figure.found, figure.required))


def figures_table(figures: tuple[Figure, ...]) -> list[str]:
    return aligned(_HEADER, [_figure_cells(f) for f in figures])


def finding_lines(finding: Finding) -> list[str]:
    lines = [printable(f"{finding.label}: {finding.status}: {finding.item}")]
    said = " (gold)" if finding.status == MISSED else ""
    lines += [printable(f"    {article}{said}: {' '.join(sentence.split())}") for article, sentence in finding.sentences]
    if not finding.sentences and finding.articles:
        lines.append(printable(f"    in {', '.join(finding.articles)}"))
    return lines


def as_table(result: Evaluation, detail: bool) -> str:
    lines = figures_table(result.figures)
    if detail and result.findings:
        lines += ["", "false positives, misses and other findings:"]
        lines += [line for finding in result.findings for line in finding_lines(finding)]
    return "\n".join(lines)


def _figure_data(figure: Figure) -> dict[str, object]:
    return {"kind": figure.kind, "label": figure.label, "precision": round(figure.precision, 4),
            "recall": round(figure.recall, 4), "correct": figure.correct, "counted": figure.counted,
            "found": figure.found, "required": figure.required}


def _finding_data(finding: Finding) -> dict[str, object]:
    return {"label": finding.label, "status": finding.status, "item": finding.item,
            "articles": list(finding.articles),
            "evidence": [{"article": a, "sentence": s, "from": "gold" if finding.status == MISSED else "graph"}
                         for a, s in finding.sentences]}


def as_json(result: Evaluation, detail: bool) -> str:
    data: dict[str, object] = {"gold": result.gold, "figures": [_figure_data(f) for f in result.figures]}
    if detail:
        data["findings"] = [_finding_data(f) for f in result.findings]
    data["notes"] = list(result.notes)
    return json.dumps(data, indent=2, ensure_ascii=False)


def render(result: Evaluation, fmt: str, detail: bool = False) -> str:
    return as_json(result, detail) if check_format(fmt) == "json" else as_table(result, detail)
