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


@pytest.fixture(scope="session")
def background() -> list[object]:
    """The ontology and the reference as quads of the default graph, converted once."""
    import pyoxigraph as ox

    from kg.store.context import load_context
    from kg.store.terms import TermConverter

    term = TermConverter().term
    return [ox.Quad(term(s), term(p), term(o), ox.DefaultGraph())  # type: ignore[arg-type]
            for graph in (load_context().ontology, load_context().reference) for s, p, o in graph]


@pytest.fixture(scope="session")
def shapes_both_ways() -> tuple[object, object]:
    """The core shapes as written (SPARQL constraints split off), and as kg prepares them."""
    from kg.store.context import load_context
    from kg.validation.shapes import prepare_shapes, split_sparql_constraints

    core, _ = split_sparql_constraints(load_context().shapes)
    return core, prepare_shapes(load_context().shapes)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hoisted_shapes_find_what_the_shapes_as_written_find(
        path: Path, background: list[object], shapes_both_ways: tuple[object, object]) -> None:
    import pyshacl

    from kg.store.bridge import new_dataset, raw_store
    from kg.store.curation import load_for_validation
    from kg.validation.shapes import core_findings, union_graph

    dataset = new_dataset()
    load_for_validation(dataset, path)
    raw_store(dataset).extend(background)  # type: ignore[arg-type]  # the ontology and the reference
    union = union_graph(dataset)
    core, prepared = shapes_both_ways
    _, written, _ = pyshacl.validate(union, shacl_graph=core, inference="none", allow_warnings=True)
    hoisted, _ = core_findings(union, prepared)  # type: ignore[arg-type]

    def seen(findings: object) -> set[tuple[str, str | None, str | None, str]]:
        return {(f.focus, f.path, f.value, f.message) for f in findings}  # type: ignore[attr-defined]

    from kg.validation.shapes import _findings

    assert seen(hoisted) == seen(_findings(written, union))
