"""The on-disk store: incremental rebuilds replace only what changed, pruning removes what
went, queries read the store without reloading, and workers give the same graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
from test_cli import kg

from kg import resources
from kg.builder import build
from kg.pipeline.build import article_graph_iri
from kg.store import open_graph, raw_store


def _graph(store: Path, article_id: str) -> set[str]:
    dataset = open_graph(Path("unused"), store)
    name = ox.NamedNode(str(article_graph_iri(article_id)))
    quads = {str(q) for q in raw_store(dataset).quads_for_pattern(None, None, None, name)}
    del dataset
    return quads


def test_incremental_rebuild_changes_only_the_changed_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(resources.demo_corpus_dir(), corpus)
    store = tmp_path / "store"
    first = build([corpus], None, store=store)
    assert len(first.articles) == 9
    before = {a.id: _graph(store, a.id) for a in first.articles}
    changed = corpus / "04-nairab-retaken.txt"
    changed.write_text(changed.read_text() + "\nRussia backs the Syrian government.\n")
    second = build([corpus], None, store=store)
    assert [a.id for a in second.articles] == ["04-nairab-retaken"] and second.unchanged == 8
    after = {a_id: _graph(store, a_id) for a_id in before}
    assert after["04-nairab-retaken"] != before["04-nairab-retaken"]
    assert all(after[a] == before[a] for a in before if a != "04-nairab-retaken")
    (corpus / "05-balyun-strike.txt").unlink()
    third = build([corpus], None, store=store, prune=True)
    assert third.removed == 1 and third.articles == []
    assert _graph(store, "05-balyun-strike") == set()


def test_queries_read_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert kg("build", "--store", str(store)).returncode == 0
    result = kg("query", "what-lies-on", "--store", str(store), "-p", "highway=M4", "--format", "csv")
    assert result.returncode == 0 and "Ariha" in result.stdout
    missing = kg("query", "actors", "--store", str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "no kg store" in missing.stderr


def test_two_workers_give_the_same_graph(tmp_path: Path) -> None:
    one, two = tmp_path / "one.trig", tmp_path / "two.trig"
    build([], one)
    build([], two, workers=2)
    assert one.read_bytes() == two.read_bytes()
