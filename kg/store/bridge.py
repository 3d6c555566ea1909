"""The graph store's public surface: an rdflib `Dataset` backed by Oxigraph, bulk loading,
parsing with positions, and deterministic, atomic serialisation. The only module that reaches
under the `Dataset` to the Oxigraph store.

The statements live in named graphs. The default graph is the merged view: the set of the
triples of all graphs, kept up to date by `add_quads` and `remove_graphs`, so that queries
see each triple once however many articles state it. The summary graph (`kg.store.summary`)
holds each stated relation once with its sources, and how many articles name each entity; it
is derived, and never written out."""

from __future__ import annotations

import errno
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from kg.common import resources
from kg.common.errors import InputError
from kg.common.namespaces import SUMMARY_GRAPH
from kg.store.loading import (
    Loader,
    SerialisedQuads,
    add_quads,
    content_quads,
    merged_view,
    remove_graphs,
    serialise_quads,
    sorted_quads,
)
from kg.store.rdf_files import (
    FORMATS,
    format_for,
    load_graph,
    parse_rdf,
    serialise_sorted,
    write_atomic,
)
from kg.store.summary import Said, said_in, summarise, update_summary
from kg.store.swap import readable_folder
from kg.store.terms import RdfQuad, TermConverter, add_to_graph, from_ox, integer_literal

__all__ = [
    "FORMATS",
    "Loader",
    "RdfQuad",
    "Said",
    "SerialisedQuads",
    "TermConverter",
    "add_quads",
    "add_to_graph",
    "content_quads",
    "disk_full",
    "first_line",
    "format_for",
    "from_ox",
    "graph_names",
    "graph_quads",
    "integer_literal",
    "load_graph",
    "load_quads",
    "merged_view",
    "named_graph",
    "new_dataset",
    "open_graph",
    "open_store",
    "parse_rdf",
    "raw_store",
    "read_dataset",
    "remove_graphs",
    "said_in",
    "serialise_quads",
    "serialize",
    "summarise",
    "update_summary",
    "write_atomic",
]


def new_dataset() -> Dataset:
    return Dataset(store="Oxigraph")


def _check_holds_store(path: Path, named: Path | None = None) -> None:
    if not (path / "CURRENT").exists() and not any(path.glob("*.sst")):
        raise InputError(named or path, "no kg store in this folder", "build one first with 'kg build --store DIR'")


def open_store(path: Path, create: bool = True) -> Dataset:
    """A Dataset on the on-disk Oxigraph store in the folder, open for writing (made when `create`)."""
    if not create:
        _check_holds_store(path)
    try:
        inner = ox.Store(str(path))
    except OSError as err:
        if disk_full(err):
            raise InputError(path, "cannot be written (the disk is full)", "free some space and try again") from None
        raise InputError(path, f"cannot open the store ({first_line(err)})",
                         "check the folder, and that no other kg or Oxigraph process holds it") from None
    return Dataset(store=OxigraphStore(store=inner))


def _read_store(path: Path) -> Dataset:
    """A Dataset on the on-disk store, open for reading only: nothing in the folder is written,
    so a store on read-only media can be read. A store that a killed full rebuild left between
    two folders is read where it is whole."""
    folder = readable_folder(path)
    _check_holds_store(folder, path)
    try:
        inner = ox.Store.read_only(str(folder))
    except OSError as err:
        raise InputError(path, f"cannot open the store ({first_line(err)})",
                         "check that the folder holds a store built by 'kg build --store'") from None
    return Dataset(store=OxigraphStore(store=inner))


def first_line(err: OSError) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def disk_full(err: OSError) -> bool:
    """Oxigraph reports a full disk as an OSError without an errno, in words."""
    return err.errno == errno.ENOSPC or "No space left on device" in str(err)


def open_graph(graph: Path, store: Path | None = None) -> Dataset:
    """The graph to query: the on-disk store, read-only, when one is named; else the graph file."""
    return _read_store(store) if store is not None else read_dataset([graph])


def raw_store(dataset: Dataset) -> ox.Store:
    """The pyoxigraph store under the Dataset, for bulk loads and fast queries."""
    inner: ox.Store = dataset.store._inner  # type: ignore[attr-defined]
    return inner


def graph_quads(graph: Graph, name: URIRef) -> Iterator[RdfQuad]:
    """The graph's triples as quads of the named graph `name`."""
    for s, p, o in graph:
        yield s, p, o, name


def load_quads(dataset: Dataset, quads: Iterable[RdfQuad]) -> None:
    add_quads(raw_store(dataset), list(TermConverter().quads(quads)))


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """Bytes that depend only on the dataset's content: same graph, same bytes."""
    return serialise_sorted(sorted_quads(raw_store(dataset)), fmt)


def named_graph(dataset: Dataset, name: URIRef) -> Graph:
    """One named graph copied into rdflib's memory store, with plain literals."""
    return add_to_graph(Graph(identifier=name), raw_store(dataset).quads_for_pattern(None, None, None, ox.NamedNode(str(name))))


def graph_names(dataset: Dataset) -> list[str]:
    return sorted(str(g.value) for g in raw_store(dataset).named_graphs())


def read_dataset(paths: Iterable[Path], summary: bool = True) -> Dataset:
    """The graph files in a store in memory, with the merged view of their named graphs and
    (unless `summary` is False, for a reader of the content alone) the summary graph."""
    dataset = new_dataset()
    store = raw_store(dataset)
    for path in paths:
        if not path.exists():
            raise InputError(path, "no such file", "build a graph first with 'kg build', or give -g")
        store.bulk_extend(parse_rdf(path))
    store.remove_graph(ox.NamedNode(str(SUMMARY_GRAPH)))  # derived: made anew from what the files hold
    store.update(resources.internal_query("fill-merged-view"))
    if summary:
        summarise(store)
    return dataset
