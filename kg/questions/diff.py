"""`kg diff`: what changed between two graphs, statement by statement, graph by graph.

Blank nodes are matched by graph isomorphism within each named graph, so a curated file
rewritten with its blank nodes renamed shows no change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.store.bridge import content_quads, from_ox, raw_store, read_dataset


@dataclass(frozen=True)
class GraphDiff:
    added: list[str]
    removed: list[str]

    @property
    def same(self) -> bool:
        return not self.added and not self.removed


def _graphs(dataset: Dataset) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for quad in content_quads(raw_store(dataset)):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graph = graphs.setdefault(name, Graph())
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graphs


def _line(triple: tuple[object, object, object], graph: str) -> str:
    terms = " ".join(t.n3() for t in triple)  # type: ignore[attr-defined]
    return f"{terms} <{graph}> ." if graph else f"{terms} ."


def _has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(term, BNode) for triple in graph for term in triple)


def diff_datasets(old: Dataset, new: Dataset) -> GraphDiff:
    before, after = _graphs(old), _graphs(new)
    added: list[str] = []
    removed: list[str] = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name, Graph()), after.get(name, Graph())
        if _has_blank_nodes(a) or _has_blank_nodes(b):
            _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
            gone, came = set(only_a), set(only_b)
        else:
            gone, came = set(a) - set(b), set(b) - set(a)
        removed.extend(_line(t, name) for t in gone)
        added.extend(_line(t, name) for t in came)
    return GraphDiff(sorted(added), sorted(removed))


def diff_files(old: Path, new: Path) -> GraphDiff:
    return diff_datasets(read_dataset([old]), read_dataset([new]))


