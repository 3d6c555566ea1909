"""Shape cases as data: each file in tests/shapes says in its first line what validating
it must give (`# expect: conforms` or `# expect: violation: <message>`)."""

from pathlib import Path

import pytest
from conftest import TESTS

from kg.validation.files import render_report, validate_files

CASES = sorted(p for p in (TESTS / "shapes").iterdir() if p.suffix in (".ttl", ".trig"))


def _expectation(path: Path) -> str:
    first = path.read_text().split("\n", 1)[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: ...'"
    return first[len("# expect: "):]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shape_case(path: Path) -> None:
    expected = _expectation(path)
    outcome = validate_files([path])
    if expected == "conforms":
        assert outcome.report.conforms, render_report(outcome, "text")
        return
    message = expected.removeprefix("violation: ")
    assert not outcome.report.conforms
    assert any(message in f.message for f in outcome.report.violations), render_report(outcome, "text")


def test_violation_names_file_line_node_property_and_value() -> None:
    outcome = validate_files([TESTS / "shapes" / "place-on-city.ttl"])
    text = render_report(outcome, "text")
    assert "place-on-city.ttl:10: Violation: Saraqeb <https://w3id.org/conflict-kg/id/Saraqeb>" in text
    assert "property liesOn" in text and "value Aleppo <https://w3id.org/conflict-kg/id/Aleppo>" in text


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hoisted_shapes_find_what_the_shapes_as_written_find(path: Path) -> None:
    import pyshacl

    from kg.store.bridge import new_dataset
    from kg.store.context import load_context
    from kg.store.curation import load_for_validation
    from kg.validation.shapes import (
        core_findings,
        prepare_shapes,
        split_sparql_constraints,
        union_graph,
    )

    dataset = new_dataset()
    load_for_validation(dataset, path)
    for graph in (load_context().ontology, load_context().reference):
        for triple in graph:
            dataset.add(triple)
    union = union_graph(dataset)
    core, _ = split_sparql_constraints(load_context().shapes)
    _, written, _ = pyshacl.validate(union, shacl_graph=core, inference="none", allow_warnings=True)
    hoisted, _ = core_findings(union, prepare_shapes(load_context().shapes))

    def seen(findings: object) -> set[tuple[str, str | None, str | None, str]]:
        return {(f.focus, f.path, f.value, f.message) for f in findings}  # type: ignore[attr-defined]

    from kg.validation.shapes import _findings

    assert seen(hoisted) == seen(_findings(written, union))
