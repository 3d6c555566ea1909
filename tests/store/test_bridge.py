"""The on-disk store: incremental rebuilds replace only what changed, pruning removes what
went, queries read the store without reloading, and workers give the same graph."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import run_kg
from rdflib import URIRef

from kg.build.builder import BuildSummary, build
from kg.build.pipeline.quads import article_graph_iri
from kg.common import resources
from kg.common.resources import LEDGER_NAME
from kg.questions.query import run
from kg.store.bridge import open_graph, raw_store


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


def test_queries_read_the_store(tmp_path: Path, demo_store_at: Callable[[Path], Path]) -> None:
    store = demo_store_at(tmp_path / "store")
    result = run_kg("query", "what-lies-on", "--store", str(store), "-p", "highway=M4", "--format", "csv")
    assert result.returncode == 0 and "Ariha" in result.stdout
    missing = run_kg("query", "actors", "--store", str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "no kg store" in missing.stderr


def test_two_workers_give_the_same_graph(demo_build: BuildSummary, tmp_path: Path) -> None:
    one, two = demo_build.output, tmp_path / "two.trig"
    build([], two, workers=2)
    assert one.read_bytes() == two.read_bytes()


def test_unchanged_articles_keep_their_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A finding in an article's graph is reported by every later build, though the article
    is neither extracted nor validated again, until the article changes."""
    import kg.build.batches
    from kg.common.namespaces import KG

    corpus = tmp_path / "corpus"
    shutil.copytree(resources.demo_corpus_dir(), corpus)
    store = tmp_path / "store"
    real = kg.build.batches.article_quads

    def broken(ex, gaz, events):  # type: ignore[no-untyped-def]
        quads = real(ex, gaz, events)
        if ex.article.id == "04-nairab-retaken":
            graph = quads[0][3]
            quads.append((URIRef(KG + "NotAnActor"), KG.backs, URIRef(KG + "NorThis"), graph))
        return quads

    monkeypatch.setattr(kg.build.batches, "article_quads", broken)
    first = build([corpus], None, store=store)
    assert not first.conforms
    assert {f.focus for f in first.report.violations} == {KG + "NotAnActor"}  # type: ignore[union-attr]
    monkeypatch.setattr(kg.build.batches, "article_quads", real)
    other = corpus / "01-saraqeb-shelling.txt"
    other.write_text(other.read_text() + "\nRussia backs the Syrian government.\n")
    second = build([corpus], None, store=store)
    assert [a.id for a in second.articles] == ["01-saraqeb-shelling"] and not second.conforms
    changed = corpus / "04-nairab-retaken.txt"
    changed.write_text(changed.read_text() + "\nIran backs the Syrian government.\n")
    third = build([corpus], None, store=store)
    assert [a.id for a in third.articles] == ["04-nairab-retaken"] and third.conforms


def test_a_store_built_by_other_patterns_is_rebuilt(tmp_path: Path, demo_store_at: Callable[[Path], Path]) -> None:
    store = demo_store_at(tmp_path / "store")
    ledger = store / LEDGER_NAME
    data = json.loads(ledger.read_text())
    data["key"] = "built-by-other-patterns"
    ledger.write_text(json.dumps(data))
    again = build([], None, store=store)
    assert len(again.articles) == 9 and again.unchanged == 0 and again.conforms
    assert build([], None, store=store).unchanged == 9


def test_extraction_on_a_dask_cluster_gives_the_same_graph(demo_build: BuildSummary, tmp_path: Path) -> None:
    import dask
    from distributed import LocalCluster

    local, clustered = demo_build.output, tmp_path / "cluster.trig"
    # the worker is still a process of its own (the tasks and their results cross a process
    # boundary), but forked from this one, which has loaded kg: it starts at once
    fork = {"distributed.worker.multiprocessing-method": "fork"}
    with dask.config.set(fork), LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = build([], clustered, scheduler=cluster.scheduler_address)
    assert summary.conforms and len(summary.articles) == 9
    assert local.read_bytes() == clustered.read_bytes()


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    client = distributed.Client
    # the refused connection is retried until the client's time limit, here shortened to 1 s
    monkeypatch.setattr(distributed, "Client", lambda address, timeout: client(address, timeout=1))
    result = run_kg("build", "--scheduler", "tcp://127.0.0.1:9", "-o", str(tmp_path / "g.trig"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert not (tmp_path / "g.trig").exists()


_BACKS = """SELECT (COUNT(*) AS ?n) WHERE { kgr:Russia kg:backs kgr:SyrianGovernment }"""


def _count(dataset_or_store: Path, text: str = _BACKS) -> int:
    result = run(open_graph(dataset_or_store, dataset_or_store if dataset_or_store.is_dir() else None), text)
    assert isinstance(result, ox.QuerySolutions)
    return int(next(iter(result))["n"].value)


def test_queries_see_a_triple_once_however_many_articles_state_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b"):
        (corpus / f"{name}.txt").write_text(f"Dispatch {name}\n\nRussia backs the Syrian government.\n")
    store = tmp_path / "store"
    build([corpus], tmp_path / "graph.trig", store=store)
    assert _count(store) == 1 and _count(tmp_path / "graph.trig") == 1
    assert _count(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { kgr:Russia kg:backs kgr:SyrianGovernment } }") == 2
    (corpus / "a.txt").unlink()
    build([corpus], None, store=store, prune=True)
    assert _count(store) == 1
    (corpus / "b.txt").write_text("Dispatch b\n\nTurkey backs the Syrian rebels.\n")
    build([corpus], tmp_path / "after.trig", store=store, prune=True)
    assert _count(store) == 0
    exported = ox.Store()
    exported.load(path=str(tmp_path / "after.trig"), format=ox.RdfFormat.TRIG)
    assert not list(exported.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_validating_a_store_built_unvalidated_rebuilds_it_whole(tmp_path: Path, demo_build: BuildSummary) -> None:
    store = tmp_path / "store"
    build([], None, store=store, check=False)
    again = build([], tmp_path / "again.trig", store=store)
    fresh = demo_build  # build([], graph.trig), once per session
    assert len(again.articles) == 9 and again.report is not None and again.report.conforms
    assert (tmp_path / "again.trig").read_bytes() == fresh.output.read_bytes()
    assert fresh.quads == again.quads
