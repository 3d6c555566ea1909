"""A batch of articles is validated with the base triples its nodes bring in, not the whole
reference graph: the findings given to each article are the ones the whole graph gives."""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path
from unittest import mock

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from kg.build.batches import (
    BATCH_GC_THRESHOLDS,
    base_triples,
    batch_findings,
    batch_graph,
    prepared_shapes,
    process_batch,
)
from kg.build.builder import build
from kg.common.namespaces import ARTICLE, GRAPH, KG
from kg.store.bridge import RdfQuad
from kg.store.context import load_context
from kg.validation.shapes import Finding, PreparedShapes, checks_nodes_locally, finding_order

PAPER = ARTICLE["ridge-paper"]
PAPER_GRAPH = GRAPH["article/ridge-paper"]
WIRE = ARTICLE["valley-wire"]
WIRE_GRAPH = GRAPH["article/valley-wire"]


def _reference_node(cls: str, index: int = 0) -> URIRef:
    """A node the project's reference graph types with exactly this class."""
    reference = load_context().reference
    return sorted(s for s in reference.subjects(RDF.type, KG[cls]) if isinstance(s, URIRef))[index]


def _article(article: URIRef, graph: URIRef, statements: list[tuple]) -> list[RdfQuad]:
    quads: list[RdfQuad] = [
        (article, RDF.type, KG.Article, graph),
        (article, KG.graph, graph, graph),
        (article, KG.contentHash, Literal("sha256:" + "ab" * 32), graph),
        (article, KG.sourceFile, Literal(f"{article}.txt"), graph),
    ]
    return quads + [(s, p, o, graph) for s, p, o in statements]


def _written() -> dict[str, list[RdfQuad]]:
    """Two articles about reference nodes: statements valid only with what the reference graph
    says of their nodes, and statements that break the shapes."""
    group, town, highway = _reference_node("ArmedGroup"), _reference_node("Town"), _reference_node("Highway")
    other_group = _reference_node("ArmedGroup", 1)
    event = URIRef(f"{WIRE}/event/1")
    return {
        "ridge-paper": _article(PAPER, PAPER_GRAPH, [
            (town, KG.heldBy, group),  # a place held by an actor: conforms
            (town, KG.liesOn, highway),  # a place on a highway: conforms
            (group, KG.liesOn, highway),  # an actor is no place
            (town, KG.backs, group),  # a place cannot back anyone
        ]),
        "valley-wire": _article(WIRE, WIRE_GRAPH, [
            (event, RDF.type, KG.Shelling),
            (event, KG.status, Literal("reported")),
            (event, KG.reportedIn, WIRE),
            (event, KG.place, town),  # conforms: the reference graph types it
            (event, KG.actor, other_group),  # conforms
            (event, KG.target, town),  # a place is no actor
            (other_group, SKOS.prefLabel, Literal(7)),  # a label must be a string
            (other_group, KG.heldBy, town),  # an actor is not held, and is held by a place
        ]),
    }


def _seen(findings: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
    return {article: sorted(found, key=finding_order) for article, found in findings.items()}


def _whole(shapes: PreparedShapes) -> PreparedShapes:
    return dataclasses.replace(shapes, local=False)


def test_project_shapes_check_nodes_locally() -> None:
    assert prepared_shapes().local


def test_batch_findings_are_those_of_the_whole_reference_graph(monkeypatch) -> None:
    written = _written()
    local = _seen(batch_findings(written))
    monkeypatch.setattr("kg.build.batches.prepared_shapes", lambda: _whole(prepared_shapes()))
    assert local == _seen(batch_findings(written))


def test_reference_facts_the_shapes_need_are_in_the_batch_graph() -> None:
    messages = {a: {f.message for f in found} for a, found in batch_findings(_written()).items()}
    assert messages["ridge-paper"] == {
        "Only a place can lie on a highway (the subject of kg:liesOn must be a kg:Place).",
        "Only an actor can back someone (the subject of kg:backs must be a kg:Actor).",
    }
    assert messages["valley-wire"] == {
        "An event's target must be a kg:Actor.",
        "A label must be a string.",
        "Only a place can be held (the subject of kg:heldBy must be a kg:Place).",
        "A place can only be held by an actor (the object of kg:heldBy must be a kg:Actor).",
    }


def test_findings_name_reference_nodes_by_their_labels() -> None:
    found = batch_findings(_written())["ridge-paper"]
    backs = next(f for f in found if f.path is None and "back" in f.message)
    assert backs.focus_label == str(load_context().reference.value(URIRef(backs.focus), SKOS.prefLabel))


def test_batch_graph_holds_a_small_part_of_the_reference_graph() -> None:
    graph = batch_graph(_written(), prepared_shapes())
    assert len(graph) * 10 < len(base_triples())


def _with(shapes_turtle: str) -> bool:
    graph = Graph().parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                               "@prefix ex: <https://example.org/> .\n" + shapes_turtle, format="turtle")
    return checks_nodes_locally(graph)


def test_shapes_that_read_beyond_a_node_and_its_values_types_are_checked_whole() -> None:
    assert _with("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:class ex:D ] .")
    assert not _with("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:T ] .")
    assert not _with("ex:S sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .")
    assert not _with("ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:maxCount 1 ] .")
    assert not _with("ex:S sh:targetObjectsOf ex:p ; sh:class ex:C .")
    assert not _with("ex:S sh:targetClass ex:C ; sh:closed true .")
    assert not _with("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
                     "sh:or ( [ sh:class ex:D ] [ sh:property [ sh:path ex:q ; sh:minCount 1 ] ] ) ] .")


def test_whole_reference_graph_when_shapes_are_not_local() -> None:
    shapes = _whole(prepared_shapes())
    assert len(batch_graph(_written(), shapes)) >= len({t for t in base_triples() if shapes.bears_on(t[1])})


def test_builds_in_one_process_report_the_same(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Ridge Town, 3 May 2021\n\nShelling hit the market on Tuesday, residents said.\n")
    first = build([article], tmp_path / "first.trig")
    second = build([article], tmp_path / "second.trig")
    assert first.report is not None and second.report is not None
    assert first.report.findings == second.report.findings
    assert (tmp_path / "first.trig").read_bytes() == (tmp_path / "second.trig").read_bytes()


def test_label_shapes_accept_plain_and_tagged_strings_only() -> None:
    labels = [Literal("Plain name"), Literal("Tagged name", lang="en"),
              Literal(3), Literal("2021-05-03", datatype=XSD.date)]
    actor = URIRef("https://example.org/ridge-brigade")
    outcomes = []
    for label in labels:
        written = {"ridge-paper": _article(PAPER, PAPER_GRAPH, [(actor, RDF.type, KG.ArmedGroup),
                                                                (actor, SKOS.prefLabel, label)])}
        outcomes.append({f.message for f in batch_findings(written).get("ridge-paper", [])})
    assert outcomes[:2] == [set(), set()]
    assert outcomes[2:] == [{"A label must be a string."}] * 2


def test_curated_statements_are_checked_with_the_reference_facts_they_need(tmp_path: Path) -> None:
    group, town, highway = _reference_node("ArmedGroup", 2), _reference_node("Town", 2), _reference_node("Highway")
    curated = tmp_path / "desk-notes.ttl"
    curated.write_text(
        "@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n"
        f"<{town}> kg:heldBy <{group}> ; kg:liesOn <{highway}> .\n"
        f"<{town}> kg:backs <{group}> .\n"
    )
    article = tmp_path / "article.txt"
    article.write_text("Ridge Town, 3 May 2021\n\nShelling hit the market on Tuesday, residents said.\n")
    report = build([article], tmp_path / "graph.trig", curated=[curated]).report
    assert report is not None
    found = {(f.focus, f.focus_label, f.message) for f in report.violations}
    town_label = str(load_context().reference.value(town, SKOS.prefLabel))
    assert found == {(str(town), town_label,
                      "Only an actor can back someone (the subject of kg:backs must be a kg:Actor).")}


def test_a_batch_runs_with_the_collector_less_often_and_leaves_its_thresholds_as_they_were() -> None:
    from kg.build.batches import collecting_less_often
    from kg.build.pipeline.read import parse_plain_text

    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    with mock.patch("kg.build.batches._process_batch", side_effect=lambda *_: seen.append(gc.get_threshold())):
        article = parse_plain_text("Qatar backs the Free Syrian Army.", "q.txt", "q", "sha256:" + "0" * 64)
        process_batch([article], check=True)
    assert seen == [BATCH_GC_THRESHOLDS] and gc.get_threshold() == before
    with pytest.raises(RuntimeError), collecting_less_often((12_345, 6, 7)):
        assert gc.get_threshold() == (12_345, 6, 7)
        raise RuntimeError("a batch that fails")
    assert gc.get_threshold() == before
