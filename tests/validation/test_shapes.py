"""Shape cases as data: each file in tests/shapes says in its first line what validating
it must give (`# expect: conforms` or `# expect: violation: <message>`)."""

from functools import cache
from pathlib import Path

import pytest
from conftest import TESTS
from helpers import said_of

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


def _background(dataset: object) -> list[object]:
    """The ontology, and what the reference says of the entities the dataset names, as quads of
    the default graph."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    from kg.store.bridge import raw_store
    from kg.store.context import load_context
    from kg.store.terms import TermConverter

    def rdflib_term(term: object) -> object:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        return Literal(term.value) if isinstance(term, ox.Literal) else BNode(str(term))

    named = {rdflib_term(t) for q in raw_store(dataset) for t in (q.subject, q.object)}  # type: ignore[attr-defined]
    term = TermConverter().term
    triples = [*load_context().ontology, *said_of(named, load_context().reference)]
    return [ox.Quad(term(s), term(p), term(o), ox.DefaultGraph()) for s, p, o in triples]  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def shapes_both_ways() -> tuple[object, object]:
    """The core shapes as written (SPARQL constraints split off), and as kg prepares them."""
    from kg.store.context import load_context
    from kg.validation.shapes import prepare_shapes, split_sparql_constraints

    core, _ = split_sparql_constraints(load_context().shapes)
    return core, prepare_shapes(load_context().shapes)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hoisted_shapes_find_what_the_shapes_as_written_find(
        path: Path, shapes_both_ways: tuple[object, object]) -> None:
    """On the case with the ontology and what the reference says of the entities it names."""
    from kg.store.bridge import new_dataset, raw_store
    from kg.store.curation import load_for_validation

    dataset = new_dataset()
    load_for_validation(dataset, path)
    raw_store(dataset).extend(_background(dataset))  # type: ignore[arg-type]
    _assert_hoisted_find_what_written_find(dataset, shapes_both_ways)


def test_hoisted_shapes_find_what_the_shapes_as_written_find_in_the_whole_reference(
        shapes_both_ways: tuple[object, object]) -> None:
    from kg.common.namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH
    from kg.store.bridge import graph_quads, load_quads, new_dataset
    from kg.store.context import load_context

    dataset = new_dataset()
    load_quads(dataset, graph_quads(load_context().ontology, ONTOLOGY_GRAPH))
    load_quads(dataset, graph_quads(load_context().reference, REFERENCE_GRAPH))
    _assert_hoisted_find_what_written_find(dataset, shapes_both_ways)


def _assert_hoisted_find_what_written_find(dataset: object, shapes_both_ways: tuple[object, object]) -> None:
    import pyoxigraph as ox
    import pyshacl
    from rdflib import Graph

    from kg.store.bridge import add_to_graph, raw_store
    from kg.validation.shapes import _findings, core_findings, union_graph

    whole = add_to_graph(Graph(), raw_store(dataset).quads_for_pattern(None, None, None, ox.DefaultGraph()))  # type: ignore[arg-type]
    core, prepared = shapes_both_ways
    _, written, _ = pyshacl.validate(whole, shacl_graph=core, inference="none", allow_warnings=True)
    # the shapes as kg runs them: hoisted, on the triples that bear on them
    hoisted, _ = core_findings(union_graph(dataset, prepared), prepared)  # type: ignore[arg-type]

    def seen(findings: object) -> set[tuple[str, str | None, str | None, str]]:
        return {(f.focus, f.path, f.value, f.message) for f in findings}  # type: ignore[attr-defined]

    assert seen(hoisted) == seen(_findings(written, whole))


def _stock_pyshacl(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bool, set[str]]:
    """The stock pySHACL command on a TriG file laid out as a built graph is: the case in a named
    graph of its own (a TriG case keeps its graphs), the ontology and what the reference says of
    the entities the case names, and of those it relates them to, in theirs. Whether it conforms,
    and its messages."""
    import sys

    from pyshacl.cli import main as pyshacl_command
    from rdflib import Dataset, URIRef

    from kg.common.namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH
    from kg.store.context import load_context

    data = Dataset()
    if case.suffix == ".trig":
        data.parse(case, format="trig")
    else:
        data.graph(URIRef(case.resolve().as_uri())).parse(case, format="turtle")
    background = data.graph(REFERENCE_GRAPH)
    for triple in said_of({term for s, _, o, _ in data.quads() for term in (s, o)}, load_context().reference):
        background.add(triple)
    data.graph(ONTOLOGY_GRAPH).__iadd__(load_context().ontology)
    file = tmp_path / f"{case.stem}.trig"
    data.serialize(file, format="trig")
    shapes = Path(__file__).parents[2] / "ontology" / "shapes.ttl"
    report = tmp_path / "report.txt"
    monkeypatch.setattr(sys, "argv", ["pyshacl", "-s", str(shapes), "-i", "none", "-f", "human", "-o", str(report),
                                      str(file)])
    with pytest.raises(SystemExit) as exited:
        pyshacl_command()
    assert exited.value.code in (0, 1)  # 1: does not conform; anything else: the shapes were refused
    text = report.read_text()
    messages = {line.strip().removeprefix("Message: ") for line in text.splitlines()
                if line.strip().startswith("Message: ")}
    return "Conforms: True" in text, messages


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_stock_pyshacl_command_finds_what_kg_validate_finds(
        path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conforms, messages = _stock_pyshacl(path, tmp_path, monkeypatch)
    ours = {f.message for f in kg_validates(path).report.violations}
    assert conforms == (not ours)
    assert messages == ours
