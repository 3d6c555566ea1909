"""A SPARQL constraint's rows count only for nodes in its shape's target: instances of the
target class or of a subclass, or subjects of the target predicate."""

from __future__ import annotations

from rdflib import Graph

from kg.store.bridge import new_dataset, parse_rdf, raw_store
from kg.validation.shapes import run_sparql_constraints, split_sparql_constraints

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:ByClass a sh:NodeShape ; sh:targetClass ex:Town ;
    sh:sparql [ sh:select "SELECT ?this WHERE { ?this <http://example.org/flag> true }" ] .
ex:ByPredicate a sh:NodeShape ; sh:targetSubjectsOf ex:lies ;
    sh:sparql [ sh:select "SELECT ?this WHERE { ?this <http://example.org/flag> true }" ] .
"""
DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Village rdfs:subClassOf ex:Town .
ex:a a ex:Village ; ex:flag true .
ex:b ex:lies ex:M4 ; ex:flag true .
ex:c ex:flag true .
"""


def test_rows_outside_the_target_are_left_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data.ttl"
    data.write_text(DATA)
    dataset = new_dataset()
    raw_store(dataset).bulk_extend(parse_rdf(data))
    _, constraints = split_sparql_constraints(Graph().parse(data=SHAPES, format="turtle"))
    found = {(f.shape.rsplit("/", 1)[-1], f.focus.rsplit("/", 1)[-1]) for f in run_sparql_constraints(dataset, constraints)}
    assert found == {("ByClass", "a"), ("ByPredicate", "b")}
