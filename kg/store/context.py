"""The data every command works against: ontology, reference graph, shapes, patterns.

The reference graph is the project's gazetteer (`ontology/reference/*.ttl`) plus the analyst's
own reference files given for the run (`--reference FILE`). Those are carried as their bytes,
so a worker process or a Dask worker on another host builds the same gazetteer, and they are
made active for a run with `using_references`; everything compiled from the reference graph is
cached per set of active files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph

from kg.common import resources
from kg.common.errors import DataError, InputError
from kg.common.namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kg.store.bridge import (
    FORMATS,
    TermConverter,
    add_to_graph,
    graph_quads,
    merged_view,
    parse_rdf,
)


@dataclass(frozen=True)
class Context:
    ontology: Graph
    reference: Graph
    shapes: Graph


@dataclass(frozen=True)
class ReferenceFile:
    """An analyst's reference file, already checked: where it came from, its RDF format
    (`ttl`, `trig`...), its bytes and the IRI its relative IRIs resolve against."""

    source: str
    fmt: str
    data: bytes
    base: str


_ACTIVE: ContextVar[tuple[ReferenceFile, ...]] = ContextVar("kg_reference_files", default=())


def active_references() -> tuple[ReferenceFile, ...]:
    """The analyst's reference files in force for this run (none by default)."""
    return _ACTIVE.get()


T = TypeVar("T")


def per_references(build: Callable[[], T]) -> Callable[[], T]:
    """`build`, run once per process and set of the analyst's reference files in force."""

    @cache
    def built(references: tuple[ReferenceFile, ...]) -> T:
        return build()

    @wraps(build)
    def current() -> T:
        return built(active_references())

    return current


@contextmanager
def using_references(files: tuple[ReferenceFile, ...]) -> Iterator[None]:
    """Make the analyst's reference files part of the reference graph while the block runs."""
    token = _ACTIVE.set(tuple(files))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _shipped_graph(*paths: Path) -> Graph:
    """The project's own Turtle files; a broken one is a data error, not bad user input."""
    graph = Graph()
    try:
        for path in paths:
            add_to_graph(graph, parse_rdf(path))
    except InputError as err:
        raise DataError(f"{err}; restore the file") from None
    return graph


def reference_graph(files: tuple[ReferenceFile, ...]) -> Graph:
    """The triples of already checked reference files, named graphs merged."""
    graph = Graph()
    for file in files:
        add_to_graph(graph, ox.parse(file.data, format=FORMATS[file.fmt], base_iri=file.base))
    return graph


@cache
def _shipped_context() -> Context:
    return Context(
        ontology=_shipped_graph(*resources.ontology_files()),
        reference=_shipped_graph(*resources.reference_files()),
        shapes=_shipped_graph(resources.shapes_file()),
    )


@cache
def _context(files: tuple[ReferenceFile, ...]) -> Context:
    shipped = _shipped_context()
    if not files:
        return shipped
    reference = Graph()
    reference += shipped.reference
    reference += reference_graph(files)
    return Context(shipped.ontology, reference, shipped.shapes)


def shipped_context() -> Context:
    """The ontology, shapes and the project's own reference graph, without any analyst's files."""
    return _shipped_context()


def load_context() -> Context:
    """The ontology, shapes and reference graph, with the active analyst's reference files."""
    return _context(active_references())


@per_references
def context_store_quads() -> tuple[ox.Quad, ...]:
    """The ontology and reference graphs as the store holds them, in their named graphs."""
    context = load_context()
    converter = TermConverter()
    return (*converter.quads(graph_quads(context.ontology, ONTOLOGY_GRAPH)),
            *converter.quads(graph_quads(context.reference, REFERENCE_GRAPH)))


@per_references
def context_view_quads() -> tuple[ox.Quad, ...]:
    """The triples of `context_store_quads` in the merged view."""
    return tuple(merged_view(context_store_quads()))
