"""The data every command works against: ontology, reference graph, shapes, patterns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph

from kg import resources
from kg.errors import DataError, InputError
from kg.store import load_graph


@dataclass(frozen=True)
class Context:
    ontology: Graph
    reference: Graph
    shapes: Graph


def _load(path_graph: Graph, path: object) -> None:
    try:
        path_graph.parse(str(path), format="turtle")
    except (OSError, SyntaxError, ValueError) as err:
        raise DataError(f"{path}: cannot be parsed ({err}); restore the file") from None


@cache
def load_context() -> Context:
    reference = Graph()
    for path in resources.reference_files():
        _load(reference, path)
    try:
        ontology = load_graph(resources.ontology_file())
        shapes = load_graph(resources.shapes_file())
    except InputError as err:
        raise DataError(str(err)) from None
    return Context(ontology, reference, shapes)
