"""Answers to queries on a persistent store, kept in the store's folder until the store changes.

A table over the whole corpus takes seconds to compute on millions of triples, and analysts ask
for the same tables again and again between two builds. Each answer, as rendered in the asked
format, is one file in `kg-answers/` inside the store folder, named by a key computed from the
package version, the store's ledger (its bytes and time of writing; every build rewrites it),
the format and the query text; and every kg command that opens the store for writing empties
the folder first. So an answer never outlives the store it came from, and one made for another
store or version is never found.

A kept answer is data, never code: a header line with the digest of its key and its bytes, then
the bytes. A file that does not read as such (planted, truncated, a link or anything but a plain
file) is ignored and replaced by a fresh answer. The folder holds at most SIZE_LIMIT bytes of
answers; the least recently used go first.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from kg import __version__
from kg.common.errors import KgError
from kg.common.resources import LEDGER_NAME

ANSWERS_DIR = "kg-answers"
SIZE_LIMIT = 512 * 2**20
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}")
_HEADER = b"kg-answer 1 "
_CHUNK = 2**20
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # neither is on Windows, which has no FIFOs to block on
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@contextmanager
def _plain_file(path: Path, follow_links: bool = True) -> Iterator[BinaryIO | None]:
    """The file opened for reading when it is a plain file, else None (a FIFO or a device
    would block or never end, a folder cannot be read)."""
    flags = os.O_RDONLY | _NONBLOCK | (0 if follow_links else _NOFOLLOW)
    try:
        handle = os.open(path, flags)
    except OSError:
        yield None
        return
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        yield None
        return
    with os.fdopen(handle, "rb") as opened:
        yield opened


def answer_key(store: Path, text: str, fmt: str) -> str | None:
    """The name of the answer to the query text in the format, for the store as it is now;
    None when the store has no readable ledger."""
    with _plain_file(store / LEDGER_NAME) as ledger:
        if ledger is None:
            return None
        digest = hashlib.sha256(f"{__version__}\0{fmt}\0{len(text)}\0{text}\0".encode())
        digest.update(str(os.fstat(ledger.fileno()).st_mtime_ns).encode() + b"\0")
        try:
            while chunk := ledger.read(_CHUNK):
                digest.update(chunk)
        except OSError:
            return None
    return digest.hexdigest()


def _entry_digest(key: str, data: bytes) -> bytes:
    return hashlib.sha256(key.encode() + b"\0" + data).hexdigest().encode()


def _entry(key: str, answer: str) -> bytes:
    data = answer.encode("utf-8")
    return _HEADER + _entry_digest(key, data) + b"\n" + data


def _folder(store: Path) -> Path | None:
    """The answers folder, when it is a real folder (not a link, not a file)."""
    folder = store / ANSWERS_DIR
    try:
        return folder if stat.S_ISDIR(os.lstat(folder).st_mode) else None
    except OSError:
        return None


def _mark_used(kept: BinaryIO) -> None:
    """Last in line to be evicted (a read-only folder keeps the order it has)."""
    if os.utime not in os.supports_fd:
        return
    try:
        os.utime(kept.fileno())
    except OSError:
        pass


def _read_kept(folder: Path, key: str) -> str | None:
    with _plain_file(folder / key, follow_links=False) as kept:
        if kept is None or os.fstat(kept.fileno()).st_size > SIZE_LIMIT:
            return None
        try:
            raw = kept.read()
        except OSError:
            return None
        _mark_used(kept)
    head, _, data = raw.partition(b"\n")
    if head != _HEADER + _entry_digest(key, data):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _keep(store: Path, key: str, answer: str) -> None:
    from kg.store.bridge import (
        write_atomic,  # with the SPARQL engine, which a kept answer does not need
    )

    entry = _entry(key, answer)
    if len(entry) > SIZE_LIMIT:
        return
    try:
        (store / ANSWERS_DIR).mkdir(exist_ok=True)
    except OSError:
        return
    folder = _folder(store)
    if folder is None:
        return
    try:
        write_atomic(folder / key, entry)
    except KgError:
        return
    _evict(folder)


def _evict(folder: Path) -> None:
    """Remove the least recently used answers until the rest fit in SIZE_LIMIT. Only files
    named as answers are counted or removed."""
    try:
        with os.scandir(folder) as found:
            entries = [(item.stat(follow_symlinks=False), item.path) for item in found
                       if _ENTRY_NAME.fullmatch(item.name) and item.is_file(follow_symlinks=False)]
    except OSError:
        return
    total = sum(info.st_size for info, _ in entries)
    for info, path in sorted(entries, key=lambda entry: entry[0].st_mtime_ns):
        if total <= SIZE_LIMIT:
            return
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= info.st_size


def cached_answer(store: Path, text: str, fmt: str, compute: Callable[[], str]) -> str:
    """The kept answer to the query text in the format, else `compute()`, which is then kept
    (as bytes: a text file would lose CSV's CRLF line ends). A store without a ledger, or a
    folder where answers cannot be written, is answered uncached."""
    key = answer_key(store, text, fmt)
    if key is None:
        return compute()
    folder = _folder(store)
    kept = _read_kept(folder, key) if folder is not None else None
    if kept is not None:
        return kept
    answer = compute()
    _keep(store, key, answer)
    return answer


def forget_answers(store: Path) -> None:
    """Empty the cache: called before anything writes to the store."""
    shutil.rmtree(store / ANSWERS_DIR, ignore_errors=True)
