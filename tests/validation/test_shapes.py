"""Shape cases as data: each file in tests/shapes says in its first line what validating
it must give (`# expect: conforms` or `# expect: violation: <message>`)."""

from functools import cache
from pathlib import Path

import pytest
from conftest import TESTS

from kg.validation.files import ValidationOutcome, render_report, validate_files

CASES = sorted(p for p in (TESTS / "shapes").iterdir() if p.suffix in (".ttl", ".trig"))


@cache
def kg_validates(path: Path) -> ValidationOutcome:
    """What kg validate gives for a case, worked out once per process for the tests that read it."""
    return validate_files([path])


def _expectation(path: Path) -> str:
    first = path.read_text().split("\n", 1)[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: ...'"
    return first[len("# expect: "):]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shape_case(path: Path) -> None:
    expected = _expectation(path)
    outcome = kg_validates(path)
    if expected == "conforms":
        assert outcome.report.conforms, render_report(outcome, "text")
        return
    message = expected.removeprefix("violation: ")
    assert not outcome.report.conforms
    assert any(message in f.message for f in outcome.report.violations), render_report(outcome, "text")


def test_violation_names_file_line_node_property_and_value() -> None:
    outcome = kg_validates(TESTS / "shapes" / "place-on-city.ttl")
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


GRAPH_CONSTRAINTS = ("provenance", "not asserted")  # messages of constraints that read named graphs


def _stock_pyshacl(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bool, set[str]]:
    """The stock pySHACL command on one Turtle file holding the case, the ontology and what the
    reference says of the entities the case names and of those it relates them to (its data
    graph is that one graph): whether it conforms, and its messages."""
    import sys

    from pyshacl.cli import main as pyshacl_command
    from rdflib import Graph

    from kg.store.context import load_context

    merged = Graph()
    merged.parse(case, format="turtle")
    reference = load_context().reference
    named = set(merged.subjects()) | set(merged.objects())
    while True:  # the entities the case names, and those the reference relates them to, and on
        said = [triple for triple in reference if triple[0] in named]
        if {o for _, _, o in said} <= named:
            break
        named |= {o for _, _, o in said}
    for triple in said:
        merged.add(triple)
    merged += load_context().ontology
    data = tmp_path / f"{case.stem}.ttl"
    merged.serialize(data, format="turtle")
    shapes = Path(__file__).parents[2] / "ontology" / "shapes.ttl"
    report = tmp_path / "report.txt"
    monkeypatch.setattr(sys, "argv", ["pyshacl", "-s", str(shapes), "-i", "none", "-f", "human", "-o", str(report),
                                      str(data)])
    with pytest.raises(SystemExit) as exited:
        pyshacl_command()
    assert exited.value.code in (0, 1)  # 1: does not conform; anything else: the shapes were refused
    text = report.read_text()
    messages = {line.strip().removeprefix("Message: ") for line in text.splitlines()
                if line.strip().startswith("Message: ")}
    return "Conforms: True" in text, messages


@pytest.mark.parametrize("path", [p for p in CASES if p.suffix == ".ttl"], ids=[p.stem for p in CASES if p.suffix == ".ttl"])
def test_the_stock_pyshacl_command_runs_the_shapes_and_finds_what_kg_finds(
        path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Except what the two constraints that read named graphs find: a file of one graph has none."""
    conforms, messages = _stock_pyshacl(path, tmp_path, monkeypatch)
    outcome = kg_validates(path)
    ours = {f.message for f in outcome.report.violations if not any(w in f.message for w in GRAPH_CONSTRAINTS)}
    assert conforms == (not ours)
    assert messages == ours
