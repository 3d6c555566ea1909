"""The summary graph: each relation the sources state (who backs whom, what lies on which
highway, who holds which town) as one node, with how many sources state it and their
identifiers (each as a value of its own, and all of them in one text for the tables to show).
The tables of relations read it, so that what they cost grows with the distinct
statements, not with the number of articles that repeat them.

It is derived from the other named graphs: made whole when a store is built or a graph file is
read, brought up to date by an incremental build from what it removed and added, and never
exported. The relations it holds are those `queries/internal/stated-relations.rq` lists."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any, cast

import pyoxigraph as ox

from kg.common import resources
from kg.common.namespaces import KG, STATED, SUMMARY_GRAPH

# the sources of each stated relation: the identifiers of the articles and curated files
Sources = dict[ox.Triple, set[str]]

_GRAPH = ox.NamedNode(str(SUMMARY_GRAPH))
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE = ox.NamedNode(_RDF + "type")
_SUBJECT = ox.NamedNode(_RDF + "subject")
_PREDICATE = ox.NamedNode(_RDF + "predicate")
_OBJECT = ox.NamedNode(_RDF + "object")
_CLASS = ox.NamedNode(str(KG.StatedRelation))
_REPORTS = ox.NamedNode(str(KG.reports))
_SOURCE_ID = ox.NamedNode(str(KG.sourceId))
_SOURCE_IDS = ox.NamedNode(str(KG.sourceIds))
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_ALL_GRAPHS = re.compile(r"VALUES\s+\?g\s*\{\s*UNDEF\s*\}")


def stated_relations(store: ox.Store, graphs: Iterable[ox.NamedNode] | None = None) -> Sources:
    """The relations the sources state, each with its sources' identifiers; only in `graphs`
    when they are given."""
    text = resources.internal_query("stated-relations")
    if graphs is not None:
        names = " ".join(str(g) for g in graphs)
        if not names:
            return {}
        text = _ALL_GRAPHS.sub(lambda _: f"VALUES ?g {{ {names} }}", text, count=1)
    sources: Sources = {}
    for row in cast(ox.QuerySolutions, store.query(text)):
        triple = ox.Triple(row["s"], row["p"], row["o"])
        sources.setdefault(triple, set()).add(cast(ox.Literal, row["id"]).value)
    return sources


def summarise(store: ox.Store) -> None:
    """Make the summary graph anew from the named graphs."""
    store.remove_graph(_GRAPH)
    store.bulk_extend([q for triple, ids in stated_relations(store).items() for q in _node_quads(triple, ids)])


def update_summary(store: ox.Store, removed: Sources, added: Sources) -> None:
    """Bring the summary up to date after graphs were removed (the relations they stated,
    taken before) and added (those they state): only the relations they touch change."""
    summary = _summary(store)
    for triple in removed.keys() | added.keys():
        ids = (summary.get(triple, set()) - removed.get(triple, set())) | added.get(triple, set())
        node = _node(triple)
        for quad in list(store.quads_for_pattern(node, None, None, _GRAPH)):
            store.remove(quad)
        store.extend(_node_quads(triple, ids) if ids else [])


def merged_sources(first: Sources, second: Sources) -> Sources:
    return {t: first.get(t, set()) | second.get(t, set()) for t in first.keys() | second.keys()}


def _summary(store: ox.Store) -> Sources:
    nodes: dict[ox.NamedNode, dict[str, Any]] = {}
    ids: dict[ox.NamedNode, set[str]] = {}
    for quad in store.quads_for_pattern(None, None, None, _GRAPH):
        node = cast(ox.NamedNode, quad.subject)
        if quad.predicate == _SOURCE_ID:
            ids.setdefault(node, set()).add(cast(ox.Literal, quad.object).value)
        else:
            nodes.setdefault(node, {})[quad.predicate.value] = quad.object
    return {ox.Triple(fields[_SUBJECT.value], fields[_PREDICATE.value], fields[_OBJECT.value]):
            ids.get(node, set()) for node, fields in nodes.items()}


def _node(triple: ox.Triple) -> ox.NamedNode:
    key = f"{triple.subject}\t{triple.predicate}\t{triple.object}"
    return ox.NamedNode(str(STATED) + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20])


def _node_quads(triple: ox.Triple, ids: set[str]) -> list[ox.Quad]:
    node = _node(triple)
    return [ox.Quad(node, _TYPE, _CLASS, _GRAPH),
            ox.Quad(node, _SUBJECT, triple.subject, _GRAPH),
            ox.Quad(node, _PREDICATE, triple.predicate, _GRAPH),
            ox.Quad(node, _OBJECT, triple.object, _GRAPH),
            ox.Quad(node, _REPORTS, ox.Literal(str(len(ids)), datatype=_INTEGER), _GRAPH),
            ox.Quad(node, _SOURCE_IDS, ox.Literal(" ".join(sorted(ids))), _GRAPH),
            *(ox.Quad(node, _SOURCE_ID, ox.Literal(i), _GRAPH) for i in sorted(ids))]
