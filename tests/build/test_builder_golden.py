"""Golden cases: short texts written for the project, each with the article graph it must
give. Compared as graphs (isomorphism), never as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TESTS
from rdflib import Dataset, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build.builder import build
from kg.store.bridge import graph_names, named_graph, read_dataset

CASES = sorted(p for p in (TESTS / "golden").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "graph.trig"
    monkeypatch.chdir(case)
    build([Path("input.txt")], out)
    built = read_dataset([out])
    (name,) = [n for n in graph_names(built) if "/graph/article/" in n]
    actual = named_graph(built, URIRef(name))
    expected_dataset = Dataset()
    expected_dataset.parse(case / "expected.trig", format="trig")
    expected = expected_dataset.graph(URIRef(name))
    if not isomorphic(actual, expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"missing: {sorted(missing)[:8]}\nextra: {sorted(extra)[:8]}")
