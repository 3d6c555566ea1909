"""Terms between rdflib and Oxigraph: rdflib's terms are what the library reads and writes,
Oxigraph's what the store holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

RdfQuad = tuple[Node, Node, Node, URIRef]
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

_XSD_STRING = str(XSD.string)


class TermConverter:
    """Converts rdflib terms to Oxigraph terms, each IRI once: the same IRIs recur in every
    article. Holds at most `limit` IRIs, then starts afresh."""

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self.iris: dict[str, ox.NamedNode] = {}

    def named(self, iri: str) -> ox.NamedNode:
        node = self.iris.get(iri)
        if node is None:
            if len(self.iris) >= self.limit:
                self.iris.clear()
            node = self.iris[iri] = ox.NamedNode(iri)
        return node

    def term(self, node: Node) -> OxTerm:
        if isinstance(node, URIRef):
            return self.named(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        if isinstance(node, Literal):
            datatype = self.named(str(node.datatype)) if node.datatype else None
            return ox.Literal(str(node), language=node.language, datatype=datatype)
        raise TypeError(f"not an RDF term: {node!r}")

    def quads(self, quads: Iterable[RdfQuad]) -> Iterator[ox.Quad]:
        named, term = self.named, self.term
        for s, p, o, g in quads:
            subject = named(s) if type(s) is URIRef else term(s)
            assert not isinstance(subject, ox.Literal)
            yield ox.Quad(subject, named(str(p)), named(o) if type(o) is URIRef else term(o), named(str(g)))


@lru_cache(maxsize=1 << 16)
def integer_literal(value: int) -> Literal:
    """An xsd:integer literal, made once: the character offsets and counts a build writes repeat."""
    return Literal(str(value), datatype=XSD.integer)


def from_ox(term: object) -> Node:
    """An rdflib term; simple literals come back plain, not typed xsd:string."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def _rdflib_triples(items: Iterable[ox.Quad | ox.Triple]) -> Iterator[tuple[Node, Node, Node]]:
    """The quads' or triples' triples as rdflib terms; a term met again is converted once."""
    terms: dict[object, Node] = {}

    def term(node: object) -> Node:
        converted = terms.get(node)
        if converted is None:
            converted = terms[node] = from_ox(node)
        return converted

    for item in items:
        yield term(item.subject), term(item.predicate), term(item.object)


def add_to_graph(graph: Graph, items: Iterable[ox.Quad | ox.Triple]) -> Graph:
    """Add the quads' or triples' triples to the rdflib graph, in their order."""
    graph.addN((s, p, o, graph) for s, p, o in _rdflib_triples(items))
    return graph
