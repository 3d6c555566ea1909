"""Quads in and out of the Oxigraph store: bulk loads that keep the merged view (the default
graph, the set of the triples of all named graphs) up to date, the removal of graphs, and the
content in a fixed order."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox

from kg.common import resources
from kg.common.namespaces import SUMMARY_GRAPH
from kg.store.rdf_files import quad_order

_SUMMARY = ox.NamedNode(str(SUMMARY_GRAPH))


def merged_view(quads: Sequence[ox.Quad]) -> list[ox.Quad]:
    """The triples of the quads of named graphs, as quads of the default graph (the merged view)."""
    return [ox.Quad(q.subject, q.predicate, q.object) for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]


def add_quads(store: ox.Store, quads: Sequence[ox.Quad], view: Sequence[ox.Quad] | None = None) -> None:
    """Bulk-load the quads, and their triples into the merged view (`view`, when already made
    by `merged_view`)."""
    store.bulk_extend(quads)
    store.bulk_extend(merged_view(quads) if view is None else view)


@dataclass(frozen=True)
class SerialisedQuads:
    """Quads of named graphs as N-Quads, and their distinct triples as N-Triples."""

    nquads: bytes = b""
    ntriples: bytes = b""
    count: int = 0


def serialise_quads(quads: list[ox.Quad]) -> SerialisedQuads:
    """Raises ValueError on a blank node, which loading would rename."""
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads):
        raise ValueError("quads with blank nodes cannot be serialised for loading")
    triples = list(dict.fromkeys(q.triple for q in quads))
    return SerialisedQuads(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"",
                           ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", len(quads))


class Loader:
    """Bulk-loads serialised quads in loads of at least `chunk` quads (each load writes new
    files that the store must later merge), and their triples into the merged view: with each
    load in a store on disk, once all the quads are in (at `flush`) in a store in memory.

    The order matters to the in-memory store: a triple of the merged view loaded before the
    quads of the article graphs that repeat it is found only after them all, so that checking a
    triple that a thousand articles state took a thousand steps, and a build time quadratic in
    the number of articles. There the triples wait compressed (N-Triples shrink about tenfold);
    a store on disk has no such order, and keeping them would hold hundreds of megabytes for a
    corpus of 100,000 articles."""

    def __init__(self, store: ox.Store, chunk: int = 250_000, in_memory: bool = True) -> None:
        self.store = store
        self.chunk = chunk
        self.in_memory = in_memory
        self.pending: list[SerialisedQuads] = []
        self.count = 0
        self.merged_view: list[bytes] = []  # compressed N-Triples, loaded by `flush`

    def add(self, quads: SerialisedQuads) -> None:
        self.pending.append(quads)
        self.count += quads.count
        if self.count >= self.chunk:
            self._load_pending()

    def _load_pending(self) -> None:
        if self.count:
            self.store.bulk_load(b"".join(q.nquads for q in self.pending), format=ox.RdfFormat.N_QUADS)
            triples = b"".join(q.ntriples for q in self.pending)
            if self.in_memory:
                self.merged_view.append(zlib.compress(triples, 1))
            else:
                self.store.bulk_load(triples, format=ox.RdfFormat.N_TRIPLES)
        self.pending, self.count = [], 0

    def flush(self) -> None:
        """Load what is pending, then the merged view of all that was loaded."""
        self._load_pending()
        for part in self.merged_view:
            self.store.bulk_load(zlib.decompress(part), format=ox.RdfFormat.N_TRIPLES)
        self.merged_view = []


def remove_graphs(store: ox.Store, names: Iterable[ox.NamedNode]) -> None:
    """Remove the named graphs, and from the merged view their triples no other graph holds."""
    triples: set[ox.Triple] = set()
    for name in names:
        triples.update(q.triple for q in store.quads_for_pattern(None, None, None, name))
        store.remove_graph(name)
    for triple in triples:
        if not _in_a_named_graph(store, triple):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))


def _in_a_named_graph(store: ox.Store, triple: ox.Triple) -> bool:
    return any(not isinstance(q.graph_name, ox.DefaultGraph)
               for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None))


def content_quads(store: ox.Store) -> list[ox.Quad]:
    """The quads of the named graphs, and the default graph's triples that no named graph
    holds (those of a file written without named graphs): the dataset without its merged view
    and summary graph."""
    named = [q for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != _SUMMARY]
    return named + list(default_only_quads(store))


def sorted_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """`content_quads` in `quad_order`, sorted one graph at a time (the order is by graph
    first), so that only one graph's quads are held at once, not millions."""
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
        *(g for g in store.named_graphs() if g != _SUMMARY), ox.DefaultGraph()]
    for name in sorted(graphs, key=str):
        if isinstance(name, ox.DefaultGraph):
            yield from sorted(default_only_quads(store), key=quad_order)
        else:
            yield from sorted(store.quads_for_pattern(None, None, None, name), key=quad_order)


def default_only_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The triples of the merged view that no named graph holds, found by the store's query
    engine rather than one look-up per triple of the view."""
    solutions = cast(ox.QuerySolutions, store.query(resources.internal_query("default-only-triples")))
    for row in solutions:
        yield ox.Quad(row["s"], row["p"], row["o"], ox.DefaultGraph())
