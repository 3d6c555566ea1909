"""Quads in and out of the Oxigraph store: the merged view kept with the named graphs, bulk
loads in chunks, graph removal, and the content in a fixed order."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.common.namespaces import DCTERMS, GRAPH, KG, KGR, RDF
from kg.store.loading import (
    Loader,
    add_quads,
    content_quads,
    remove_graphs,
    serialise_quads,
    sorted_quads,
)
from kg.store.rdf_files import quad_order

JORDAN, KUWAIT, IRAQ = (ox.NamedNode(str(KGR[n])) for n in ("Jordan", "Kuwait", "Iraq"))
TYPE, LABEL, ALLIED = (
    ox.NamedNode(str(RDF.type)),
    ox.NamedNode(str(DCTERMS.title)),  # its IRI sorts before rdf:type's
    ox.NamedNode(str(KG.alliedWith)),
)
COUNTRY = ox.NamedNode(str(KG.Country))
ONE, TWO = ox.NamedNode(str(GRAPH["article/one"])), ox.NamedNode(str(GRAPH["article/two"]))
SHARED = ox.Triple(JORDAN, ALLIED, IRAQ)  # stated by both articles
ONLY_ONE = ox.Triple(KUWAIT, ALLIED, IRAQ)


def _in(graph: ox.NamedNode | ox.DefaultGraph, *triples: ox.Triple) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def _merged_view(store: ox.Store) -> set[ox.Triple]:
    return {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def _two_articles() -> ox.Store:
    store = ox.Store()
    add_quads(store, _in(ONE, SHARED, ONLY_ONE) + _in(TWO, SHARED))
    return store


def test_added_quads_also_go_into_the_merged_view() -> None:
    store = _two_articles()
    assert set(store.named_graphs()) == {ONE, TWO}
    assert _merged_view(store) == {SHARED, ONLY_ONE}
    assert len(store) == 5
    add_quads(store, _in(ox.DefaultGraph(), ox.Triple(IRAQ, TYPE, COUNTRY)))
    assert len(store) == 6  # a default-graph quad is not added twice


def test_serialised_quads_hold_each_triple_once() -> None:
    quads = _in(ONE, SHARED, ONLY_ONE) + _in(TWO, SHARED)
    serialised = serialise_quads(quads)
    assert serialised.count == 3
    assert sorted(map(str, ox.parse(serialised.nquads, format=ox.RdfFormat.N_QUADS))) == sorted(
        map(str, quads)
    )
    triples = [q.triple for q in ox.parse(serialised.ntriples, format=ox.RdfFormat.N_TRIPLES)]
    assert len(triples) == 2 and set(triples) == {SHARED, ONLY_ONE}


def test_quads_with_blank_nodes_are_refused() -> None:
    with pytest.raises(ValueError, match="blank nodes"):
        serialise_quads([ox.Quad(ox.BlankNode(), ALLIED, IRAQ, ONE)])
    with pytest.raises(ValueError, match="blank nodes"):
        serialise_quads([ox.Quad(IRAQ, ALLIED, ox.BlankNode(), ONE)])


def test_the_loader_loads_a_chunk_once_full_and_the_merged_view_at_flush() -> None:
    store = ox.Store()
    loader = Loader(store, chunk=3)
    loader.add(serialise_quads(_in(ONE, SHARED, ONLY_ONE)))
    assert len(store) == 0 and loader.count == 2
    loader.add(serialise_quads(_in(TWO, SHARED)))
    assert len(store) == 3 and loader.count == 0
    assert _merged_view(store) == set()
    loader.add(serialise_quads(_in(TWO, ox.Triple(IRAQ, TYPE, COUNTRY))))
    loader.flush()
    assert len(store) == 4 + 3
    assert _merged_view(store) == {SHARED, ONLY_ONE, ox.Triple(IRAQ, TYPE, COUNTRY)}
    assert loader.merged_view == [] and loader.pending == []


def test_a_loader_of_a_store_on_disk_loads_the_merged_view_with_each_chunk(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    loader = Loader(store, chunk=3, in_memory=False)
    loader.add(serialise_quads(_in(ONE, SHARED, ONLY_ONE)))
    loader.add(serialise_quads(_in(TWO, SHARED)))
    assert len(store) == 3 + 2 and _merged_view(store) == {SHARED, ONLY_ONE}
    assert loader.merged_view == []  # nothing held back
    loader.add(serialise_quads(_in(TWO, ox.Triple(IRAQ, TYPE, COUNTRY))))
    loader.flush()
    assert _merged_view(store) == {SHARED, ONLY_ONE, ox.Triple(IRAQ, TYPE, COUNTRY)} and len(store) == 4 + 3


def test_removing_a_graph_keeps_the_triples_another_graph_states() -> None:
    store = _two_articles()
    remove_graphs(store, [ONE])
    assert set(store.named_graphs()) == {TWO}
    assert _merged_view(store) == {SHARED}
    remove_graphs(store, [TWO])
    assert len(store) == 0


def test_the_content_leaves_out_the_merged_view() -> None:
    store = _two_articles()
    own = ox.Triple(KUWAIT, LABEL, ox.Literal("Kuwait", language="en"))
    store.add(ox.Quad(own.subject, own.predicate, own.object))  # a file without named graphs
    content = content_quads(store)
    assert sorted(map(str, content)) == sorted(
        map(str, _in(ONE, SHARED, ONLY_ONE) + _in(TWO, SHARED) + _in(ox.DefaultGraph(), own))
    )


def test_sorted_content_goes_graph_by_graph_with_types_first() -> None:
    store = ox.Store()
    add_quads(
        store,
        _in(TWO, ox.Triple(IRAQ, LABEL, ox.Literal("Iraq")), ox.Triple(IRAQ, TYPE, COUNTRY))
        + _in(ONE, ONLY_ONE, ox.Triple(KUWAIT, TYPE, COUNTRY), SHARED),
    )
    own = ox.Triple(JORDAN, LABEL, ox.Literal("Jordan"))
    store.add(ox.Quad(own.subject, own.predicate, own.object))
    found = list(sorted_quads(store))
    assert found == sorted(content_quads(store), key=quad_order)
    assert [(q.graph_name, q.subject, q.predicate) for q in found] == [
        (ONE, JORDAN, ALLIED),
        (ONE, KUWAIT, TYPE),
        (ONE, KUWAIT, ALLIED),
        (TWO, IRAQ, TYPE),
        (TWO, IRAQ, LABEL),
        (ox.DefaultGraph(), JORDAN, LABEL),
    ]
