"""Answers kept in a store's folder: the same bytes as a fresh answer, served without the
query engine, and never kept past a change to the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_cli import kg

from kg import query as query_module
from kg import resources
from kg.answers import ANSWERS_DIR
from kg.builder import build
from kg.errors import QueryError
from kg.query import answer, bind, get_query
from kg.remote import plan_server


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    build([resources.demo_corpus_dir()], None, store=folder, check=False)
    return folder


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise QueryError("the query engine was asked")


def test_a_repeated_query_gives_the_same_bytes_without_the_engine(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = bind(get_query("what-lies-on"), {"highway": "M4"})
    first = answer(text, "csv", "what-lies-on", Path("unused"), store)
    assert "\r\n" in first and "Ariha" in first
    monkeypatch.setattr(query_module, "run", _refuse)
    assert answer(text, "csv", "what-lies-on", Path("unused"), store) == first
    with pytest.raises(QueryError, match="engine was asked"):
        answer(text, "json", "what-lies-on", Path("unused"), store)


def test_an_answer_does_not_outlive_a_rebuild(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(resources.demo_corpus_dir(), corpus)
    store = tmp_path / "store"
    assert kg("build", str(corpus), "--store", str(store)).returncode == 0
    before = kg("query", "articles", "--store", str(store), "-f", "csv")
    assert before.returncode == 0 and "late-dispatch" not in before.stdout
    assert kg("query", "articles", "--store", str(store), "-f", "csv").stdout == before.stdout
    (corpus / "late-dispatch.txt").write_text("Turkish drones struck Saraqib on 1 March 2020.\n")
    assert kg("build", str(corpus), "--store", str(store)).returncode == 0
    after = kg("query", "articles", "--store", str(store), "-f", "csv")
    assert after.returncode == 0 and "late-dispatch" in after.stdout


def test_serving_a_store_for_updates_drops_its_answers(store: Path) -> None:
    text = bind(get_query("actors"), {})
    answer(text, "table", "actors", Path("unused"), store)
    assert (store / ANSWERS_DIR).is_dir()
    plan_server(store, None, 7878)
    assert (store / ANSWERS_DIR).is_dir()
    plan_server(store, None, 7878, writable=True)
    assert not (store / ANSWERS_DIR).exists()


def test_a_store_folder_that_cannot_be_written_is_still_answered(store: Path) -> None:
    text = bind(get_query("actors"), {})
    fresh = answer(text, "csv", "actors", Path("unused"), store)
    shutil.rmtree(store / ANSWERS_DIR)
    (store / ANSWERS_DIR).write_text("not a folder")
    assert answer(text, "csv", "actors", Path("unused"), store) == fresh
