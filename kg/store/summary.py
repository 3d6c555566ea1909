"""The summary graph: each relation the sources state (who backs whom, what lies on which
highway, who holds which town) as one node, with how many sources state it and their
identifiers; and how many articles name each entity. The tables of relations, actors and places
read it, so that what they cost grows with the distinct statements and entities, not with the
number of articles that repeat them.

It is derived from the other named graphs: made whole when a store is built or a graph file is
read, brought up to date by an incremental build from what it removed and added, and never
exported. The relations it holds are those `queries/internal/stated-relations.rq` lists; the
counts are those of `queries/internal/mentioning-articles.rq`."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import cast

import pyoxigraph as ox

from kg.common import resources
from kg.common.namespaces import KG, RDF, STATED, SUMMARY_GRAPH, XSD
from kg.common.sparql_text import given_values

# the sources of each stated relation: the identifiers of the articles and curated files
Sources = dict[ox.Triple, set[str]]

_GRAPH = ox.NamedNode(str(SUMMARY_GRAPH))
_TYPE = ox.NamedNode(str(RDF.type))
_SUBJECT = ox.NamedNode(str(RDF.subject))
_PREDICATE = ox.NamedNode(str(RDF.predicate))
_OBJECT = ox.NamedNode(str(RDF.object))
_CLASS = ox.NamedNode(str(KG.StatedRelation))
_REPORTS = ox.NamedNode(str(KG.reports))
_SOURCE_ID = ox.NamedNode(str(KG.sourceId))
_ARTICLE_COUNT = ox.NamedNode(str(KG.articleCount))
_INTEGER = ox.NamedNode(str(XSD.integer))


@dataclass
class Said:
    """What some graphs say that the summary keeps: the relations they state with their
    sources, and how many of their articles name each entity."""

    relations: Sources = field(default_factory=dict)
    mentions: Counter[ox.NamedNode] = field(default_factory=Counter)

    def __or__(self, other: Said) -> Said:
        relations = {t: self.relations.get(t, set()) | other.relations.get(t, set())
                     for t in self.relations.keys() | other.relations.keys()}
        return Said(relations, self.mentions + other.mentions)


def said_in(store: ox.Store, graphs: Iterable[ox.NamedNode] | None = None) -> Said:
    """What the named graphs say (only `graphs`, when they are given) that the summary keeps."""
    relations: Sources = {}
    for row in _rows(store, "stated-relations", graphs):
        triple = ox.Triple(row["s"], row["p"], row["o"])
        relations.setdefault(triple, set()).add(cast(ox.Literal, row["id"]).value)
    mentions: Counter[ox.NamedNode] = Counter()
    for row in _rows(store, "mentioning-articles", graphs):
        if isinstance(row["entity"], ox.NamedNode):
            mentions[row["entity"]] += int(cast(ox.Literal, row["articles"]).value)
    return Said(relations, mentions)


def _rows(store: ox.Store, query: str, graphs: Iterable[ox.NamedNode] | None) -> Iterable[ox.QuerySolution]:
    text = resources.internal_query(query)
    if graphs is not None:
        names = " ".join(str(g) for g in graphs)
        if not names:
            return []
        text, _ = given_values(text, "g", names, count=1)
    return cast(ox.QuerySolutions, store.query(text))


def summarise(store: ox.Store) -> None:
    """Make the summary graph anew from the named graphs."""
    store.remove_graph(_GRAPH)
    said = said_in(store)
    store.bulk_extend(chain((q for triple, ids in said.relations.items() for q in _node_quads(triple, ids)),
                            (_integer_quad(e, _ARTICLE_COUNT, n) for e, n in said.mentions.items() if n > 0)))


def update_summary(store: ox.Store, removed: Said, added: Said) -> None:
    """Bring the summary up to date after graphs were removed (what they said, taken before)
    and added: only the relations and entities they touch change, by what was taken and given,
    so the work grows with the change, not with the sources a relation already has. (A source
    identifier names one graph: what was removed was in the summary, what is added was not.)"""
    for triple in removed.relations.keys() | added.relations.keys():
        _update_relation(store, triple, removed.relations.get(triple, set()), added.relations.get(triple, set()))
    for entity in removed.mentions.keys() | added.mentions.keys():
        now = _count(store, entity, _ARTICLE_COUNT) - removed.mentions[entity] + added.mentions[entity]
        _remove(store, store.quads_for_pattern(entity, _ARTICLE_COUNT, None, _GRAPH))
        store.extend([_integer_quad(entity, _ARTICLE_COUNT, now)] if now > 0 else [])


def _update_relation(store: ox.Store, triple: ox.Triple, gone: set[str], new: set[str]) -> None:
    node = _node(triple)
    now = _count(store, node, _REPORTS) - len(gone) + len(new)
    if now <= 0:
        _remove(store, store.quads_for_pattern(node, None, None, _GRAPH))
        return
    _remove(store, [*store.quads_for_pattern(node, _REPORTS, None, _GRAPH), *_source_quads(node, gone)])
    store.extend([*_header_quads(node, triple), _integer_quad(node, _REPORTS, now), *_source_quads(node, new)])


def _remove(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    for quad in list(quads):
        store.remove(quad)


def _count(store: ox.Store, node: ox.NamedNode, counted: ox.NamedNode) -> int:
    return sum(int(cast(ox.Literal, q.object).value) for q in store.quads_for_pattern(node, counted, None, _GRAPH))


def _integer_quad(node: ox.NamedNode, counted: ox.NamedNode, value: int) -> ox.Quad:
    return ox.Quad(node, counted, ox.Literal(str(value), datatype=_INTEGER), _GRAPH)


def _node(triple: ox.Triple) -> ox.NamedNode:
    key = f"{triple.subject}\t{triple.predicate}\t{triple.object}"
    return ox.NamedNode(str(STATED) + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20])


def _header_quads(node: ox.NamedNode, triple: ox.Triple) -> list[ox.Quad]:
    return [ox.Quad(node, _TYPE, _CLASS, _GRAPH),
            ox.Quad(node, _SUBJECT, triple.subject, _GRAPH),
            ox.Quad(node, _PREDICATE, triple.predicate, _GRAPH),
            ox.Quad(node, _OBJECT, triple.object, _GRAPH)]


def _source_quads(node: ox.NamedNode, ids: Iterable[str]) -> list[ox.Quad]:
    return [ox.Quad(node, _SOURCE_ID, ox.Literal(i), _GRAPH) for i in sorted(ids)]


def _node_quads(triple: ox.Triple, ids: set[str]) -> list[ox.Quad]:
    node = _node(triple)
    return [*_header_quads(node, triple), _integer_quad(node, _REPORTS, len(ids)), *_source_quads(node, ids)]
