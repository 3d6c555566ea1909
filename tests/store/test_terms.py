"""rdflib terms to Oxigraph terms and back."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.common.namespaces import GRAPH, KGR, RDF, SKOS
from kg.store.terms import TermConverter, from_ox


def test_an_iri_met_again_is_converted_once() -> None:
    converter = TermConverter()
    assert converter.named(str(KGR.Turkey)) is converter.named(str(KGR.Turkey))


def test_the_converter_holds_at_most_its_limit() -> None:
    converter = TermConverter(limit=2)
    for name in ("a", "b", "c", "d", "e"):
        converter.named(str(KGR[name]))
    assert len(converter.iris) <= 2


def test_terms_go_over_and_come_back() -> None:
    converter = TermConverter()
    for term in (KGR.Turkey, Literal("Turkey", lang="en"), Literal("3", datatype=XSD.integer), Literal("plain")):
        assert from_ox(converter.term(term)) == term
    assert isinstance(converter.term(BNode("b1")), ox.BlankNode)


def test_quads_carry_their_graph() -> None:
    [quad] = TermConverter().quads([(KGR.Turkey, RDF.type, KGR.State, GRAPH.g)])
    assert quad.graph_name == ox.NamedNode(str(GRAPH.g))
    [labelled] = TermConverter().quads([(KGR.Turkey, SKOS.prefLabel, Literal("Turkey"), GRAPH.g)])
    assert labelled.object == ox.Literal("Turkey")
    assert from_ox(labelled.subject) == URIRef(str(KGR.Turkey))


def test_an_integer_literal_is_typed_and_made_once() -> None:
    from rdflib import Literal
    from rdflib.namespace import XSD

    from kg.store.terms import integer_literal

    assert integer_literal(314) == Literal(314) == Literal("314", datatype=XSD.integer)
    assert integer_literal(314) is integer_literal(314)
    assert integer_literal(0).datatype == XSD.integer
