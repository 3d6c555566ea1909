"""`kg validate` on hand-written files: findings with the line they are written on, in three formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from kg.common.errors import InputError, UsageError
from kg.common.namespaces import KG, KGR, SH
from kg.validation.files import (
    MAX_VALIDATE_BYTES,
    ValidationOutcome,
    check_size,
    described,
    render_report,
    validate_files,
)
from kg.validation.shapes import Finding

FRONTS = f"""@prefix kg: <{KG}> .
@prefix kgr: <{KGR}> .

kgr:ManbijMilitaryCouncil kg:alliedWith kgr:SyrianDemocraticForces .

kgr:Raqqa
    kg:liesOn kgr:Manbij .
kgr:Tabqqa kg:liesOn kgr:M4 .
"""


@pytest.fixture(scope="session")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> ValidationOutcome:
    path = tmp_path_factory.mktemp("validate") / "fronts.ttl"
    path.write_text(FRONTS, encoding="utf-8")
    return validate_files([path])


def test_a_place_on_a_place_is_a_violation_on_the_line_it_is_written(outcome: ValidationOutcome) -> None:
    assert not outcome.report.conforms
    violations = {v.focus: v for v in outcome.report.violations}
    assert set(violations) == {str(KGR.Raqqa), str(KGR.Tabqqa)}  # a place on a place; an untyped name on a road
    assert violations[str(KGR.Raqqa)].value == str(KGR.Manbij)
    assert outcome.first_lines[str(KGR.Raqqa)] == (outcome.files[0], 6)


def test_a_name_nothing_defines_is_a_warning_with_suggestions(outcome: ValidationOutcome) -> None:
    warnings = [f for f in outcome.report.findings if f.severity == "Warning"]
    assert [w.focus for w in warnings] == [str(KGR.Tabqqa)]
    assert warnings[0].component == "UnknownEntity"
    assert "neither the reference graph nor this file defines this entity" in warnings[0].message
    assert f"did you mean Tabqa <{KGR.Tabqa}>" in warnings[0].message
    assert outcome.first_lines[str(KGR.Tabqqa)] == (outcome.files[0], 8)


def test_the_text_report_gives_file_line_and_verdict(outcome: ValidationOutcome) -> None:
    lines = render_report(outcome, "text").splitlines()
    path = outcome.files[0]
    assert lines[0].startswith(f"{path}:6: Violation: Raqqa <{KGR.Raqqa}>, property liesOn, value Manbij <{KGR.Manbij}>: ")
    assert lines[-1] == f"{path}: does not conform: 2 violation(s)"


def test_the_turtle_report_is_a_shacl_report(outcome: ValidationOutcome) -> None:
    graph = Graph().parse(data=render_report(outcome, "TURTLE"), format="turtle")
    assert len(set(graph.objects(None, SH.result))) == len(outcome.report.findings)
    assert set(graph.objects(None, SH.focusNode)) >= {KGR.Raqqa, KGR.Tabqqa}


def test_the_json_report_is_json_ld(outcome: ValidationOutcome) -> None:
    nodes = json.loads(render_report(outcome, "json"))
    assert any(str(SH.ValidationReport) in node.get("@type", []) for node in nodes)


def test_an_unknown_format_is_a_usage_error(outcome: ValidationOutcome) -> None:
    with pytest.raises(UsageError, match="unknown report format 'xml'"):
        render_report(outcome, "xml")


def test_a_file_that_conforms_reports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "allies.ttl"
    path.write_text(FRONTS.split("\nkgr:Raqqa")[0], encoding="utf-8")
    result = validate_files([path])
    assert result.report.conforms and render_report(result, "text") == ""


def test_described_shows_focus_property_and_value() -> None:
    finding = Finding("Violation", str(KGR.Raqqa), "Raqqa", str(KG.liesOn),
                      str(KGR.Manbij), "m", "s", "c", value_label="Manbij")
    assert described(finding) == f"Raqqa <{KGR.Raqqa}>, property liesOn, value Manbij <{KGR.Manbij}>"
    assert described(finding, value_label=False) == f"Raqqa <{KGR.Raqqa}>, property liesOn, value {KGR.Manbij}"


def test_a_file_too_large_to_validate_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.ttl"
    with path.open("wb") as f:
        f.truncate(MAX_VALIDATE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(InputError):
        check_size(path)
    with pytest.raises(InputError):
        check_size(tmp_path)
    small = tmp_path / "small.ttl"
    small.write_text("", encoding="utf-8")
    check_size(small)
