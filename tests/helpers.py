"""Helpers the test modules share: the rows of a canned query as plain strings."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset

from kg.questions.query import bind, get_query, run


def table(graph: Dataset, name: str, **params: str) -> list[dict[str, str]]:
    result = run(graph, bind(get_query(name), params))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in result]
