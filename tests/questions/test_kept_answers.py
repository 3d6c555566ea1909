"""Answers kept in a store's folder: the same bytes as a fresh answer, served without the
query engine, never kept past a change to the store, and never anything but data."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import run_kg

from kg.cli import main
from kg.common import resources
from kg.common.errors import QueryError
from kg.questions import kept_answers as answers_module
from kg.questions import query as query_module
from kg.questions.kept_answers import ANSWERS_DIR, answer_key, forget_answers
from kg.questions.query import answer, bind, get_query
from kg.questions.remote import plan_server


@pytest.fixture()
def store(tmp_path: Path, demo_store_at: Callable[[Path], Path]) -> Path:
    return demo_store_at(tmp_path / "store")  # a fresh copy of a store of the demo corpus


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise QueryError("the query engine was asked")


def _kept(store: Path) -> list[str]:
    return sorted(p.name for p in (store / ANSWERS_DIR).iterdir())


def test_a_repeated_query_gives_the_same_bytes_without_the_engine(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = bind(get_query("what-lies-on"), {"highway": "M4"})
    first = answer(text, "csv", "what-lies-on", Path("unused"), store)
    assert "\r\n" in first and "Ariha" in first
    monkeypatch.setattr(query_module, "run", _refuse)
    monkeypatch.setattr(query_module, "within", _refuse)  # nor a thread to wait on
    assert answer(text, "csv", "what-lies-on", Path("unused"), store, timeout=5) == first
    with pytest.raises(QueryError, match="engine was asked"):
        answer(text, "json", "what-lies-on", Path("unused"), store)


def test_an_answer_does_not_outlive_a_rebuild(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"  # one article of the demo corpus: the size does not matter here
    corpus.mkdir()
    shutil.copy(resources.demo_corpus_dir() / "01-saraqeb-shelling.txt", corpus)
    store = tmp_path / "store"
    assert run_kg("build", str(corpus), "--store", str(store)).returncode == 0
    before = run_kg("query", "articles", "--store", str(store), "-f", "csv")
    assert before.returncode == 0 and "late-dispatch" not in before.stdout
    assert run_kg("query", "articles", "--store", str(store), "-f", "csv").stdout == before.stdout
    (corpus / "late-dispatch.txt").write_text("Turkish drones struck Saraqib on 1 March 2020.\n")
    assert run_kg("build", str(corpus), "--store", str(store)).returncode == 0
    after = run_kg("query", "articles", "--store", str(store), "-f", "csv")
    assert after.returncode == 0 and "late-dispatch" in after.stdout


def test_an_answer_kept_for_another_state_of_the_ledger_is_not_found(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = bind(get_query("actors"), {})
    answer(text, "csv", "actors", Path("unused"), store)
    ledger = store / resources.LEDGER_NAME
    ledger.write_bytes(ledger.read_bytes())  # the same bytes, written again
    monkeypatch.setattr(query_module, "run", _refuse)
    with pytest.raises(QueryError, match="engine was asked"):
        answer(text, "csv", "actors", Path("unused"), store)


def test_serving_a_store_for_updates_drops_its_answers(store: Path) -> None:
    text = bind(get_query("actors"), {})
    answer(text, "table", "actors", Path("unused"), store)
    assert (store / ANSWERS_DIR).is_dir()
    plan_server(store, None, 7878)
    assert (store / ANSWERS_DIR).is_dir()
    plan_server(store, None, 7878, writable=True)
    assert not (store / ANSWERS_DIR).exists()


def test_forget_answers_empties_the_folder(store: Path) -> None:
    text = bind(get_query("actors"), {})
    answer(text, "csv", "actors", Path("unused"), store)
    assert _kept(store)
    forget_answers(store)
    assert not (store / ANSWERS_DIR).exists()


def test_a_store_folder_that_cannot_be_written_is_still_answered(store: Path) -> None:
    text = bind(get_query("actors"), {})
    fresh = answer(text, "csv", "actors", Path("unused"), store)
    shutil.rmtree(store / ANSWERS_DIR)
    (store / ANSWERS_DIR).write_text("not a folder")
    assert answer(text, "csv", "actors", Path("unused"), store) == fresh


class _Planted:
    """Unpickling it creates the marker file: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


def _plant_diskcache_entry(folder: Path, key: str, payload: bytes) -> None:
    """A row as diskcache keeps one: a pickled value (mode 4) under the key."""
    folder.mkdir(exist_ok=True)
    with sqlite3.connect(folder / "cache.db") as db:
        db.execute("CREATE TABLE Settings (key TEXT NOT NULL UNIQUE, value)")
        db.execute("CREATE TABLE Cache (rowid INTEGER PRIMARY KEY, key BLOB, raw INTEGER, store_time REAL, "
                   "expire_time REAL, access_time REAL, access_count INTEGER DEFAULT 0, tag BLOB, "
                   "size INTEGER DEFAULT 0, mode INTEGER DEFAULT 0, filename TEXT, value BLOB)")
        db.execute("INSERT INTO Cache (key, raw, store_time, access_time, mode, value) VALUES (?, 1, 0, 0, 4, ?)",
                   (key, sqlite3.Binary(payload)))


def test_a_planted_pickle_is_never_loaded(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "the-pickle-ran"
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(_Planted(probe)))
    assert probe.exists(), "the planted payload must be live for the test to mean anything"

    text = bind(get_query("what-lies-on"), {"highway": "M4"})
    expected = answer(text, "csv", "what-lies-on", Path("unused"), store)
    forget_answers(store)
    folder = store / ANSWERS_DIR
    key = answer_key(store, text, "csv")
    assert key is not None
    _plant_diskcache_entry(folder, key, pickle.dumps(_Planted(marker)))
    (folder / key).write_bytes(pickle.dumps(_Planted(marker), protocol=0))

    monkeypatch.setattr(sys, "argv", ["kg", "query", "what-lies-on", "-p", "highway=M4", "--store", str(store),
                                      "-f", "csv"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    assert capsys.readouterr().out == expected
    assert not marker.exists()
    assert answer(text, "csv", "what-lies-on", Path("unused"), store) == expected
    assert not marker.exists()


def test_a_kept_answer_that_is_a_link_a_pipe_or_a_folder_is_ignored(store: Path, tmp_path: Path) -> None:
    text = bind(get_query("actors"), {})
    fresh = answer(text, "csv", "actors", Path("unused"), store)
    key = answer_key(store, text, "csv")
    assert key is not None
    entry = store / ANSWERS_DIR / key
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(entry.read_bytes().replace(b"Turkey", b"Narnia"))
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert answer(text, "csv", "actors", Path("unused"), store) == fresh
    entry.unlink()
    os.mkfifo(entry)  # would block a reader that opened it plainly
    assert answer(text, "csv", "actors", Path("unused"), store) == fresh
    entry.unlink()
    entry.mkdir()
    assert answer(text, "csv", "actors", Path("unused"), store) == fresh


def test_a_linked_answers_folder_is_neither_read_nor_written(store: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ("0" * 64)).write_text("someone's file")
    shutil.rmtree(store / ANSWERS_DIR, ignore_errors=True)
    (store / ANSWERS_DIR).symlink_to(elsewhere, target_is_directory=True)
    text = bind(get_query("actors"), {})
    assert "Turkey" in answer(text, "csv", "actors", Path("unused"), store)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["0" * 64]


def test_the_folder_keeps_within_its_size_by_dropping_the_least_recently_used(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [bind(get_query(name), {}) for name in ("actors", "places", "alliances")]
    keys = [str(answer_key(store, text, "csv")) for text in texts]
    for text in texts:
        answer(text, "csv", "q", Path("unused"), store)
    sizes = [(store / ANSWERS_DIR / key).stat().st_size for key in keys]
    forget_answers(store)
    (store / ANSWERS_DIR).mkdir()
    (store / ANSWERS_DIR / "notes.txt").write_text("not an answer: neither counted nor removed")
    monkeypatch.setattr(answers_module, "SIZE_LIMIT", sizes[1] + sizes[2])
    for used, (text, key) in enumerate(zip(texts, keys)):
        answer(text, "csv", "q", Path("unused"), store)
        os.utime(store / ANSWERS_DIR / key, ns=(used + 1, used + 1))
    assert _kept(store) == sorted([keys[1], keys[2], "notes.txt"])
