"""Answers to queries on a persistent store, kept in the store's folder until the store changes.

A table over the whole corpus takes seconds to compute on millions of triples, and analysts ask
for the same tables again and again between two builds. Each answer, as rendered in the asked
format, is kept in the `kg-answers` cache inside the store folder. Its key holds the stamp of
the store's ledger, which every build rewrites, and every kg command that opens the store for
writing empties the cache first; so an answer never outlives the store it came from.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from diskcache import Cache

from kg import __version__
from kg.resources import LEDGER_NAME

ANSWERS_DIR = "kg-answers"
SIZE_LIMIT = 512 * 2**20


def _ledger_stamp(store: Path) -> str | None:
    try:
        info = (store / LEDGER_NAME).stat()
    except OSError:
        return None
    return f"{info.st_mtime_ns}:{info.st_size}"


def answer_key(stamp: str, text: str, fmt: str) -> str:
    return hashlib.sha256(f"{__version__}\0{stamp}\0{fmt}\0{text}".encode()).hexdigest()


def _open(store: Path) -> Cache | None:
    try:
        return Cache(str(store / ANSWERS_DIR), size_limit=SIZE_LIMIT, eviction_policy="least-recently-used")
    except (OSError, sqlite3.Error):
        return None


def cached_answer(store: Path, text: str, fmt: str, compute: Callable[[], str]) -> str:
    """The kept answer to the query text in the format, else `compute()`, which is then kept
    (as bytes: a text file would lose CSV's CRLF line ends). A store without a ledger, or a
    folder where the cache cannot be written, is not cached."""
    stamp = _ledger_stamp(store)
    if stamp is None or (cache := _open(store)) is None:
        return compute()
    key = answer_key(stamp, text, fmt)
    with cache:
        try:
            kept = cache.get(key)
        except (OSError, sqlite3.Error):
            kept = None
        if isinstance(kept, bytes):
            return kept.decode("utf-8")
        answer = compute()
        try:
            cache.set(key, answer.encode("utf-8"))
        except (OSError, sqlite3.Error):
            pass
        return answer


def forget_answers(store: Path) -> None:
    """Empty the cache: called before anything writes to the store."""
    shutil.rmtree(store / ANSWERS_DIR, ignore_errors=True)
