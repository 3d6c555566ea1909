"""Curated files in builds: their own named graph and provenance, additions that queries show,
retractions that queries honour, and the evidence of both sides."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, TESTS
from helpers import made_once, table
from rdflib import Dataset

from kg.build.builder import BuildSummary, build
from kg.questions.diff import diff_files
from kg.store.bridge import read_dataset

CURATED = TESTS / "curated" / "retract-iran.ttl"


@pytest.fixture(scope="session")
def curated_build(tmp_path_factory: pytest.TempPathFactory) -> BuildSummary:
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not beside the repository")
    return made_once(tmp_path_factory, "curated", lambda folder: build([SEEDS], folder / "graph.trig", curated=[CURATED]))


@pytest.fixture(scope="session")
def curated_graph(curated_build: BuildSummary) -> Dataset:
    return read_dataset([curated_build.output])


def test_curated_source_has_its_graph_and_provenance(curated_build: BuildSummary, curated_graph: Dataset) -> None:
    (source,) = curated_build.curated
    assert source.curator == "Desk analyst"
    assert source.content_hash.startswith("sha256:")
    rows = table(curated_graph, "evidence", subject="Hezbollah", predicate="backs")
    assert [(r["kind"], r["sourceId"]) for r in rows] == [("curated", "curated/retract-iran.ttl")]
    assert curated_build.conforms


def test_retracted_statement_leaves_who_backs_whom(curated_graph: Dataset) -> None:
    pairs = {(r["backerLabel"], r["backedLabel"]) for r in table(curated_graph, "who-backs-whom")}
    assert ("Iran", "Syrian government") not in pairs
    assert ("Hezbollah", "Syrian government") in pairs
    shown = {(r["backerLabel"], r["backedLabel"]) for r in table(curated_graph, "who-backs-whom", retracted="yes")}
    assert ("Iran", "Syrian government") in shown


def test_evidence_shows_extraction_and_retraction(curated_graph: Dataset) -> None:
    rows = table(curated_graph, "evidence", subject="Iran", predicate="backs", object="Syrian government")
    kinds = {r["kind"]: r for r in rows}
    assert kinds["extracted"]["sourceId"] == "004_e13c19ef22c09c8a" and kinds["extracted"]["pattern"]
    assert kinds["retracted"]["sourceId"] == "curated/retract-iran.ttl"
    assert "Iranian militias" in kinds["retracted"]["sentence"]


def test_curated_addition_is_answered(curated_graph: Dataset) -> None:
    places = {r["placeLabel"] for r in table(curated_graph, "what-lies-on", highway="M5")}
    assert "Sarmin" in places


def test_diff_shows_what_the_curated_file_changed(curated_build: BuildSummary, seeds_build: BuildSummary) -> None:
    result = diff_files(seeds_build.output, curated_build.output)
    assert result.removed == []
    assert any("Hezbollah" in line and "#backs" in line for line in result.added)
    assert diff_files(curated_build.output, curated_build.output).same


def test_curated_files_that_share_a_name_keep_their_own_graphs(tmp_path: Path) -> None:
    prefixes = "@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n@prefix kgr: <https://w3id.org/conflict-kg/id/> .\n"
    first, second = tmp_path / "north" / "fix.ttl", tmp_path / "south" / "fix.ttl"
    for path, statement in ((first, "kgr:Sarmin kg:liesOn kgr:M5 ."), (second, "kgr:Hezbollah kg:backs kgr:SyrianGovernment .")):
        path.parent.mkdir()
        path.write_text(prefixes + statement + "\n", encoding="utf-8")
    summary = build([], tmp_path / "graph.trig", curated=[first, second, first])
    assert [s.path for s in summary.curated] == [first, second]
    assert len({s.graph for s in summary.curated}) == 2 and len({s.identifier for s in summary.curated}) == 2
    graph = read_dataset([tmp_path / "graph.trig"])
    assert {r["placeLabel"] for r in table(graph, "what-lies-on", highway="M5")} >= {"Sarmin"}
    kinds = {(r["kind"], r["sourceId"]) for r in table(graph, "evidence", subject="Hezbollah", predicate="backs")}
    assert ("curated", summary.curated[1].identifier) in kinds
    alone = build([], tmp_path / "alone.trig", curated=[first])
    assert alone.curated[0].identifier == "curated/fix.ttl"
    assert str(alone.curated[0].graph).endswith("/curated/fix.ttl")
