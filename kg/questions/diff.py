"""`kg diff`: what changed between two graphs, statement by statement, graph by graph.

Blank nodes are matched by graph isomorphism within each named graph, so a curated file
rewritten with its blank nodes renamed shows no change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.term import Node

from kg.store.bridge import content_quads, from_ox, raw_store, read_dataset


@dataclass(frozen=True)
class GraphDiff:
    added: list[str]
    removed: list[str]

    @property
    def same(self) -> bool:
        return not self.added and not self.removed


OxTriple = tuple[object, object, object]
RdfTriple = tuple[Node, Node, Node]


def _graphs(dataset: Dataset) -> dict[str, set[OxTriple]]:
    """Each graph's triples as Oxigraph terms, by graph name ("" for the default graph)."""
    graphs: dict[str, set[OxTriple]] = {}
    for quad in content_quads(raw_store(dataset)):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs.setdefault(name, set()).add((quad.subject, quad.predicate, quad.object))
    return graphs


def _rdflib_triples(triples: set[OxTriple]) -> set[RdfTriple]:
    return {(from_ox(s), from_ox(p), from_ox(o)) for s, p, o in triples}


def _rdflib_graph(triples: set[OxTriple]) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in _rdflib_triples(triples))
    return graph


def _line(triple: tuple[object, object, object], graph: str) -> str:
    terms = " ".join(t.n3() for t in triple)  # type: ignore[attr-defined]
    return f"{terms} <{graph}> ." if graph else f"{terms} ."


def _has_blank_nodes(triples: set[OxTriple]) -> bool:
    return any(isinstance(term, ox.BlankNode) for triple in triples for term in triple)


def _changes(before: set[OxTriple], after: set[OxTriple]) -> tuple[set[RdfTriple], set[RdfTriple]]:
    """The triples gone and the triples come, as rdflib terms; blank nodes matched by
    isomorphism, so that renaming them is no change."""
    if _has_blank_nodes(before) or _has_blank_nodes(after):
        _, only_before, only_after = graph_diff(to_isomorphic(_rdflib_graph(before)),
                                                to_isomorphic(_rdflib_graph(after)))
        return set(only_before), set(only_after)
    return _rdflib_triples(before - after), _rdflib_triples(after - before)


def diff_datasets(old: Dataset, new: Dataset) -> GraphDiff:
    before, after = _graphs(old), _graphs(new)
    added: list[str] = []
    removed: list[str] = []
    for name in sorted(set(before) | set(after)):
        gone, came = _changes(before.get(name, set()), after.get(name, set()))
        removed.extend(_line(t, name) for t in gone)
        added.extend(_line(t, name) for t in came)
    return GraphDiff(sorted(added), sorted(removed))


def diff_files(old: Path, new: Path) -> GraphDiff:
    return diff_datasets(read_dataset([old], summary=False), read_dataset([new], summary=False))


