"""An evaluation shown as a table with its findings, or as JSON."""

from __future__ import annotations

import json

import pytest

from kg.common.errors import UsageError
from kg.evaluation.figures import FALSE_POSITIVE, MISSED, Figure, Finding
from kg.evaluation.render import check_format, finding_lines, ratio, render
from kg.evaluation.run import Evaluation

RESULT = Evaluation(
    gold="gold.json",
    figures=(Figure("backs", "backs", 1, 2, 1, 2), Figure("control", "control changes", 0, 0, 0, 0)),
    findings=(
        Finding("backs", FALSE_POSITIVE, "Iran -> SDF", ("raqqa",), sentences=(("raqqa", "Iran  backs\nthe SDF."),)),
        Finding("backs", MISSED, "Turkey -> SNA", ("afrin",)),
    ),
    notes=("1 article of the gold was not in the graph",),
)


def test_a_ratio_with_its_counts() -> None:
    assert ratio(0.5, 1, 2) == "0.50 (1/2)"


def test_the_table_of_figures() -> None:
    assert render(RESULT, "table").splitlines() == [
        "kind             precision   recall",
        "---------------  ----------  ----------",
        "backs            0.50 (1/2)  0.50 (1/2)",
        "control changes  0.00 (0/0)  1.00 (0/0)",
    ]


def test_the_findings_below_the_table_when_asked() -> None:
    lines = render(RESULT, "TABLE", detail=True).splitlines()
    assert lines[4:] == ["", "false positives, misses and other findings:",
                         "backs: false positive: Iran -> SDF", "    raqqa: Iran backs the SDF.",
                         "backs: missed: Turkey -> SNA", "    in afrin"]


def test_a_missed_entry_shows_the_gold_sentence() -> None:
    finding = Finding("backs", MISSED, "Turkey -> SNA", ("afrin",), sentences=(("afrin", "Ankara backs the SNA."),))
    assert finding_lines(finding) == ["backs: missed: Turkey -> SNA", "    afrin (gold): Ankara backs the SNA."]


def test_the_json_with_figures_findings_and_notes() -> None:
    data = json.loads(render(RESULT, "json", detail=True))
    assert data["gold"] == "gold.json"
    assert data["figures"][0] == {"kind": "backs", "label": "backs", "precision": 0.5, "recall": 0.5,
                                  "correct": 1, "counted": 2, "found": 1, "required": 2}
    assert data["findings"][0]["evidence"] == [{"article": "raqqa", "sentence": "Iran  backs\nthe SDF.", "from": "graph"}]
    assert data["notes"] == ["1 article of the gold was not in the graph"]
    assert "findings" not in json.loads(render(RESULT, "json"))


def test_an_unknown_format_is_a_usage_error() -> None:
    assert check_format("JSON") == "json"
    with pytest.raises(UsageError, match="unknown format 'csv'"):
        render(RESULT, "csv")
