"""Shared fixtures: the compiled resources, and graphs built once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import made_once
from rdflib import Dataset

from kg.build.builder import BuildSummary, build, extraction_resources
from kg.build.pipeline.extract import Extraction, Resources, extract_article
from kg.build.pipeline.read import parse_plain_text
from kg.store.bridge import read_dataset

# The tests name every store and graph they read: an analyst's own defaults must not leak in (nor
# into the processes the tests start, which inherit this environment).
for _variable in ("KG_STORE", "KG_GRAPH"):
    os.environ.pop(_variable, None)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
TESTS = REPO / "tests"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: a worker more than the cores, as many tests wait on a process they started,
    a server or a time limit while the cores could run another."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture(scope="session")
def resources() -> Resources:
    return extraction_resources()


@pytest.fixture(scope="session")
def extract(resources: Resources):  # type: ignore[no-untyped-def]
    """Extract from a text given inline, as a plain-text article without a date."""

    def run(text: str, article_id: str = "t") -> Extraction:
        article = parse_plain_text(text, "inline.txt", article_id, "sha256:" + "0" * 64)
        return extract_article(article, resources)

    return run


@pytest.fixture(scope="session")
def labels(resources: Resources):  # type: ignore[no-untyped-def]
    """Extract and return (subject label, relation, object label) triples."""

    def label(iri: str, ex: Extraction) -> str:
        entity = resources.gazetteer.entities.get(iri) or ex.discovered.get(iri)
        return entity.label if entity else iri

    def run(ex: Extraction) -> set[tuple[str, str, str]]:
        return {
            (label(e.statement.subject, ex), e.statement.predicate, label(e.statement.object, ex))
            for e in ex.evidence
        }

    return run


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> BuildSummary:
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not beside the repository (../shared/seeds)")
    return made_once(tmp_path_factory, "seeds", lambda folder: build([SEEDS], folder / "graph.trig"))


@pytest.fixture(scope="session")
def seeds_graph(seeds_build: BuildSummary) -> Dataset:
    return read_dataset([seeds_build.output])


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> BuildSummary:
    return made_once(tmp_path_factory, "demo", lambda folder: build([], folder / "graph.trig"))


@pytest.fixture(scope="session")
def demo_graph(demo_build: BuildSummary) -> Dataset:
    return read_dataset([demo_build.output])


@pytest.fixture(scope="session")
def demo_store_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def make(folder: Path) -> Path:
        build([], None, store=folder / "store")
        return folder / "store"

    return made_once(tmp_path_factory, "demo-store", make)


@pytest.fixture
def demo_store_at(demo_store_once: Path) -> Callable[[Path], Path]:
    """Put a store of the demo corpus (built once per session) at a path, as a fresh copy."""

    def copy(store: Path) -> Path:
        shutil.copytree(demo_store_once, store)
        return store

    return copy
