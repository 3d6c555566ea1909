"""The summary graph holds each stated relation once, with how many sources state it and
which; the tables of relations read it. It is made whole by a build and when a graph file is
read, brought up to date by an incremental build, and never written out."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.build.builder import build
from kg.common.namespaces import SUMMARY_GRAPH
from kg.questions.query import select_rows
from kg.store.bridge import open_store, raw_store, read_dataset

DISPATCHES = {
    "erbil.txt": "Erbil briefing\n\nThe United States backs the Peshmerga, an officer said on Friday.\n",
    "dohuk.txt": "Dohuk briefing\n\nThe United States backs the Peshmerga, a spokesman said on Monday.\n",
    "basra.txt": "Basra briefing\n\nIran backs the Popular Mobilisation Forces, a cleric said on Monday.\n",
}
CURATED = """@prefix kg: <https://w3id.org/conflict-kg/ontology#> .
@prefix kgr: <https://w3id.org/conflict-kg/id/> .
kgr:USA kg:backs kgr:Peshmerga .
"""
SUMMARY = ox.NamedNode(str(SUMMARY_GRAPH))


def _write(folder: Path, dispatches: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in dispatches.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _backing_rows(rows: list[dict[str, str]]) -> set[tuple[str, str, str, str]]:
    """Each row with its sources in order (a table lists them in the order the engine gives)."""
    return {(r["backerLabel"], r["backedLabel"], " ".join(sorted(r["sources"].split())), r["reports"]) for r in rows}


def _backing(store: Path) -> set[tuple[str, str, str, str]]:
    return _backing_rows(select_rows(open_store(store, create=False), "who-backs-whom"))


def _summary_quads(store: Path) -> set[ox.Quad]:
    return set(raw_store(open_store(store, create=False)).quads_for_pattern(None, None, None, SUMMARY))


def test_a_relation_repeated_by_two_articles_is_one_row_with_both(tmp_path: Path) -> None:
    build([_write(tmp_path / "articles", DISPATCHES)], None, store=tmp_path / "store")
    assert _backing(tmp_path / "store") == {
        ("United States", "Peshmerga", "dohuk erbil", "2"),
        ("Iran", "Popular Mobilisation Forces", "basra", "1"),
    }
    actors = select_rows(open_store(tmp_path / "store", create=False), "actors")
    assert {r["actorLabel"]: r["articles"] for r in actors} == {
        "United States": "2", "Peshmerga": "2", "Iran": "1", "Popular Mobilisation Forces": "1"}


def test_an_incremental_build_leaves_the_summary_a_full_build_makes(tmp_path: Path) -> None:
    articles = _write(tmp_path / "articles", DISPATCHES)
    build([articles], None, store=tmp_path / "store")
    (articles / "dohuk.txt").write_text("Dohuk briefing\n\nIran backs the Peshmerga, a spokesman said.\n",
                                        encoding="utf-8")
    (articles / "basra.txt").unlink()
    curated = tmp_path / "backing.ttl"
    curated.write_text(CURATED, encoding="utf-8")

    again = build([articles], None, store=tmp_path / "store", prune=True, curated=[curated])
    assert again.unchanged == 1 and again.removed == 1
    assert _backing(tmp_path / "store") == {
        ("United States", "Peshmerga", "curated/backing.ttl erbil", "2"),
        ("Iran", "Peshmerga", "dohuk", "1"),
    }
    build([articles], None, store=tmp_path / "whole", curated=[curated])
    assert _summary_quads(tmp_path / "store") == _summary_quads(tmp_path / "whole")


def test_the_summary_is_not_written_out_and_is_made_anew_when_read(tmp_path: Path) -> None:
    output = tmp_path / "graph.trig"
    build([_write(tmp_path / "articles", DISPATCHES)], output)
    assert str(SUMMARY_GRAPH) not in output.read_text(encoding="utf-8")
    planted = tmp_path / "planted.trig"
    planted.write_text(output.read_text(encoding="utf-8") + f"""
<{SUMMARY_GRAPH}> {{
  <https://w3id.org/conflict-kg/stated/planted> a <https://w3id.org/conflict-kg/ontology#StatedRelation> ;
    <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <https://w3id.org/conflict-kg/id/Iran> ;
    <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <https://w3id.org/conflict-kg/ontology#backs> ;
    <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <https://w3id.org/conflict-kg/id/Peshmerga> ;
    <https://w3id.org/conflict-kg/ontology#reports> 99 ;
    <https://w3id.org/conflict-kg/ontology#sourceId> "nowhere" .
}}
""", encoding="utf-8")
    assert _backing_rows(select_rows(read_dataset([planted]), "who-backs-whom")) == {
        ("United States", "Peshmerga", "dohuk erbil", "2"),
        ("Iran", "Popular Mobilisation Forces", "basra", "1"),
    }
