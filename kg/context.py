"""The data every command works against: ontology, reference graph, shapes, patterns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph

from kg import resources
from kg.errors import DataError, InputError
from kg.store import load_graph


@dataclass(frozen=True)
class Context:
    ontology: Graph
    reference: Graph
    shapes: Graph


def _shipped_graph(*paths: Path) -> Graph:
    """The project's own Turtle files; a broken one is a data error, not bad user input."""
    graph = Graph()
    try:
        for path in paths:
            graph += load_graph(path)
    except InputError as err:
        raise DataError(f"{err}; restore the file") from None
    return graph


@cache
def load_context() -> Context:
    return Context(
        ontology=_shipped_graph(*resources.ontology_files()),
        reference=_shipped_graph(*resources.reference_files()),
        shapes=_shipped_graph(resources.shapes_file()),
    )
