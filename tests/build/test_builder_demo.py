"""The bundled demo corpus against its answer key (tests/cases/demo_expected.tsv)."""

from __future__ import annotations

import pytest
from conftest import TESTS

from kg.build.builder import BuildSummary

CASES = TESTS / "cases"


def _rows(name: str) -> list[list[str]]:
    lines = (CASES / name).read_text().splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="session")
def found(resources, extract, labels) -> dict[str, set[tuple[str, str, str]]]:  # type: ignore[no-untyped-def]
    from kg.build.pipeline.extract import extract_article
    from kg.build.pipeline.read import read_articles
    from kg.common import resources as paths

    result: dict[str, set[tuple[str, str, str]]] = {}
    for article in read_articles([paths.demo_corpus_dir()]).articles:
        result[article.id] = labels(extract_article(article, resources))
    return result


@pytest.mark.parametrize("row", _rows("demo_expected.tsv"), ids=lambda r: f"{r[0]}:{r[1]}-{r[3]}")
def test_demo_statement_is_found(row: list[str], found: dict[str, set[tuple[str, str, str]]]) -> None:
    article, subject, relation, obj = row
    assert (subject, relation, obj) in found[article]


@pytest.mark.parametrize("row", _rows("demo_forbidden.tsv"), ids=lambda r: f"{r[0]}-{r[2]}")
def test_demo_statement_is_not_invented(row: list[str], found: dict[str, set[tuple[str, str, str]]]) -> None:
    assert not any(tuple(row) in triples for triples in found.values())


def test_demo_build_conforms_and_discovers(demo_build: BuildSummary) -> None:
    assert demo_build.conforms
    assert len(demo_build.articles) == 9
    assert sum(a.discovered for a in demo_build.articles) >= 6
