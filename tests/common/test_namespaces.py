"""The project's namespaces agree with the prefixes its data files and queries declare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.common import resources
from kg.common.namespaces import (
    ARTICLE,
    BASE,
    CURATED_GRAPHS,
    DISCOVERED,
    GRAPH,
    KG,
    KGR,
    ONTOLOGY_GRAPH,
    PATTERN,
    PREFIXES,
    REFERENCE_GRAPH,
)

_PREFIX = re.compile(r"^@?PREFIX\s+(\w*):\s*<([^>]+)>", re.MULTILINE | re.IGNORECASE)


def test_every_minted_namespace_lies_under_the_base() -> None:
    for namespace in (KG, KGR, DISCOVERED, ARTICLE, GRAPH, PATTERN):
        assert str(namespace).startswith(BASE)
    assert str(DISCOVERED).startswith(str(KGR))


def test_the_named_graphs_are_graphs_of_the_project() -> None:
    for graph in (ONTOLOGY_GRAPH, REFERENCE_GRAPH, CURATED_GRAPHS):
        assert str(graph).startswith(str(GRAPH))
    assert len({ONTOLOGY_GRAPH, REFERENCE_GRAPH, CURATED_GRAPHS}) == 3


def test_the_prefixes_name_distinct_namespaces() -> None:
    assert PREFIXES["kg"] == str(KG) and PREFIXES["kgr"] == str(KGR)
    assert len(set(PREFIXES.values())) == len(PREFIXES)


def _declared(path: Path) -> dict[str, str]:
    return dict(_PREFIX.findall(path.read_text(encoding="utf-8")))


def test_the_ontology_and_reference_files_declare_the_prefixes_as_the_code_does() -> None:
    for path in [*resources.ontology_files(), *resources.reference_files()]:
        declared = _declared(path)
        for prefix, iri in declared.items():
            if prefix in PREFIXES:
                assert iri == PREFIXES[prefix], f"{path.name}: {prefix}"
    assert _declared(resources.ontology_file())["kg"] == str(KG)


@pytest.mark.parametrize("query", sorted(resources.queries_dir().glob("*.rq")), ids=lambda p: p.name)
def test_the_queries_declare_the_prefixes_as_the_code_does(query: Path) -> None:
    for prefix, iri in _declared(query).items():
        if prefix in PREFIXES:
            assert iri == PREFIXES[prefix], f"{query.name}: {prefix}"


def test_the_project_vocabulary_makes_each_term_once() -> None:
    from rdflib import Namespace, URIRef

    from kg.common.namespaces import KG, PATTERN

    plain = Namespace(str(KG))
    assert KG.startChar == plain.startChar == URIRef(str(KG) + "startChar")
    assert KG.startChar is KG.startChar and KG["index"] is KG["index"]
    assert isinstance(PATTERN["control.took"], URIRef) and PATTERN["control.took"] is PATTERN["control.took"]
