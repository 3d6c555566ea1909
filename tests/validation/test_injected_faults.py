"""A built graph with faults put in by hand: `kg validate`, which rewrites the shapes and runs the
SPARQL constraints in Oxigraph on only the triples that bear on them, finds what the stock
pySHACL finds with the shapes as written on the whole graph, in the same words, and each
fault is among the findings."""

from __future__ import annotations

from pathlib import Path

import pyshacl
from helpers import said_of
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.build.builder import build
from kg.common.namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kg.validation.files import validate_files

KG = Namespace("https://w3id.org/conflict-kg/ontology#")
ID = Namespace("https://w3id.org/conflict-kg/id/")
SHAPES = Path(__file__).parents[2] / "ontology" / "shapes.ttl"
DISPATCHES = {
    "north.txt": "Kurdish fighters retake Tal Tamr\n\n"
                 "The Syrian Democratic Forces took control of Tal Tamr on Monday after a week of fighting.\n\n"
                 "The United States backs the Syrian Democratic Forces, a spokesman said.\n",
    "west.txt": "Shelling on the outskirts of Idlib\n\n"
                "Russia backs the Syrian government, and Iran supports Hezbollah, officials said on Tuesday.\n\n"
                "Ariha lies on the M4 highway, which links Latakia with Saraqeb.\n",
}
Finding = tuple[str, str, str]  # focus, property, message


def _built(tmp_path: Path) -> Dataset:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in DISPATCHES.items():
        (folder / name).write_text(text, encoding="utf-8")
    summary = build([folder], tmp_path / "built.trig")
    assert summary.report is not None and summary.report.conforms
    data = Dataset()
    data.parse(tmp_path / "built.trig", format="trig")
    return data


def _first(data: Dataset, predicate: URIRef, value: object = None) -> tuple[URIRef, URIRef]:
    """The first (subject, graph) that has the predicate (with the value, when given), in a fixed order."""
    found = sorted((str(s), str(g)) for s, _, _, g in data.quads((None, predicate, value, None))
                   if g is not None and "/graph/article/" in str(g))
    assert found, f"the built graph has no {predicate}"
    return URIRef(found[0][0]), URIRef(found[0][1])


def _inject(data: Dataset) -> set[Finding]:
    """Put seven faults into the article graphs; what each must give."""
    faults: set[Finding] = set()
    evidence, graph = _first(data, RDF.type, KG.Evidence)
    data.graph(graph).remove((evidence, RDF.subject, None))
    faults.add((str(evidence), str(RDF.subject), "Evidence names exactly one subject (rdf:subject)."))

    sentence, graph = _first(data, RDF.type, KG.Sentence)
    data.graph(graph).set((sentence, KG.startChar, Literal(-4, datatype=XSD.integer)))
    faults.add((str(sentence), str(KG.startChar), "A sentence has one start offset, a non-negative integer."))
    ending, graph = _first(data, RDF.type, KG.Sentence)  # the same sentence: its end before its start
    data.graph(graph).set((ending, KG.endChar, Literal(-9, datatype=XSD.integer)))
    faults.add((str(ending), str(KG.startChar), "A sentence's start offset must come before its end offset."))

    event, graph = _first(data, KG.status)
    data.graph(graph).set((event, KG.status, Literal("rumoured")))
    faults.add((str(event), str(KG.status), "An event's status is one of reported, planned, threatened or suspected."))

    _, graph = _first(data, RDF.type, KG.Article)
    data.graph(graph).add((ID.Hezbollah, KG.backs, ID.Hamas))
    unproven = "A statement in an article's graph has no provenance: no kg:Evidence names this subject, predicate and object."
    faults.add((str(ID.Hezbollah), str(KG.backs), unproven))

    orphan = URIRef(str(evidence) + "-orphan")
    for _, p, o in list(data.graph(graph).triples((evidence, None, None))):
        data.graph(graph).add((orphan, p, o))
    data.graph(graph).add((orphan, RDF.subject, ID.Qatar))
    faults.add((str(orphan), "", "The statement this evidence describes is not asserted in the graph."))
    return faults


def _stock_findings(data: Dataset) -> set[Finding]:
    """The stock pySHACL's violations, with the shapes as written, on the graph with the
    ontology and what the reference graph says of the entities the articles name, and of those
    it relates them to (pySHACL's SPARQL takes a second a node on the whole reference)."""
    reference = data.graph(REFERENCE_GRAPH)
    named = {term for s, _, o, g in data.quads() if g != REFERENCE_GRAPH for term in (s, o)}
    said = said_of(named, reference)
    data.remove_graph(reference)
    for triple in said:
        data.graph(REFERENCE_GRAPH).add(triple)
    assert any(data.graph(ONTOLOGY_GRAPH)) and said
    shapes = Dataset()
    shapes.parse(SHAPES, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) == SH.Violation:
            found.add((str(report.value(result, SH.focusNode)), str(report.value(result, SH.resultPath) or ""),
                       str(report.value(result, SH.resultMessage))))
    return found


def test_kg_validate_finds_what_the_stock_pyshacl_finds_in_a_graph_with_injected_faults(tmp_path: Path) -> None:
    data = _built(tmp_path)
    faults = _inject(data)
    faulty = tmp_path / "faulty.trig"
    data.serialize(faulty, format="trig")

    ours = {(f.focus, f.path or "", f.message) for f in validate_files([faulty]).report.violations}
    assert faults <= ours
    assert ours == _stock_findings(data)


def test_the_built_graph_without_faults_conforms_for_both(tmp_path: Path) -> None:
    data = _built(tmp_path)
    assert any(data.quads((None, KG.backs, None, None))) and any(data.quads((None, KG.liesOn, None, None)))
    assert not validate_files([tmp_path / "built.trig"]).report.violations
    assert _stock_findings(data) == set()
