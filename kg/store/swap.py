"""Replacing a store folder whole. A full rebuild writes a new store beside the old one, in
`DIR.kg-new`, and swaps it in only once it is complete (its ledger, written last, is the mark):
DIR becomes `DIR.kg-old`, `DIR.kg-new` becomes DIR, and `DIR.kg-old` is removed.

A build killed at any point leaves one of these states, each of which reads as a whole store:
DIR alone, or beside a half-built `DIR.kg-new` or a half-removed `DIR.kg-old` (DIR is the store);
or no DIR between the two renames (the complete `DIR.kg-new` is the store, else `DIR.kg-old`).
Commands that only read look where the store is without changing anything; the next build
finishes or undoes the swap and removes what is left over."""

from __future__ import annotations

import fcntl
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from kg.common.errors import InputError
from kg.common.resources import LEDGER_NAME

NEW_SUFFIX = ".kg-new"
OLD_SUFFIX = ".kg-old"
_LOCK_FILE = "LOCK"  # where Oxigraph's RocksDB holds its lock
_CURRENT_FILE = "CURRENT"  # every Oxigraph store folder has one


@dataclass(frozen=True)
class Folders:
    live: Path
    new: Path
    old: Path


def folders(store: Path) -> Folders:
    """The store folder (symbolic links followed) and the folders a full rebuild puts beside it."""
    live = store.resolve()
    return Folders(live, live.with_name(live.name + NEW_SUFFIX), live.with_name(live.name + OLD_SUFFIX))


def is_complete(folder: Path) -> bool:
    return (folder / LEDGER_NAME).is_file()


def holds_store(folder: Path) -> bool:
    return (folder / _CURRENT_FILE).is_file()


def readable_folder(store: Path) -> Path:
    """Where the store is now: the folder itself, or, when a build was killed between the two
    renames of a swap, the complete new store, else the old one."""
    where = folders(store)
    if where.live.exists():
        return store
    if is_complete(where.new):
        return where.new
    return where.old if holds_store(where.old) else store


def recover(store: Path) -> None:
    """Finish or undo a swap that a killed build left half done: the store folder is then
    where it belongs."""
    where = folders(store)
    if where.live.exists():
        return
    try:
        if is_complete(where.new):
            os.rename(where.new, where.live)
        elif where.old.is_dir():
            os.rename(where.old, where.live)
    except OSError as err:
        raise _untidy(store, err) from None


def remove_leftovers(store: Path) -> None:
    """Remove the folders a killed build left beside the store, but not a new store that
    another build is still writing."""
    where = folders(store)
    try:
        if where.live.exists() and where.old.exists():
            shutil.rmtree(where.old)
        if where.new.exists():
            _check_unlocked(where.new, store)
            shutil.rmtree(where.new)
    except OSError as err:
        raise _untidy(store, err) from None


def _untidy(store: Path, err: OSError) -> InputError:
    return InputError(store, f"cannot tidy what an interrupted build left beside it ({err.strerror or err})",
                      "check that the folder and the one above it are writable")


def _check_unlocked(folder: Path, store: Path) -> None:
    """Raise when another process holds the store in the folder open for writing."""
    try:
        handle = os.open(folder / _LOCK_FILE, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise InputError(store, "another kg build is writing this store",
                         "wait for it to finish, or stop it and build again") from None
    finally:
        os.close(handle)  # closing the file releases the lock taken here


def check_replaceable(store: Path) -> None:
    """A full rebuild renames the store folder: raise when it cannot be renamed."""
    live = folders(store).live
    if live.exists() and os.path.ismount(live):
        raise InputError(store, "is a mount point, which a full rebuild cannot replace",
                         f"give --store a folder inside it, e.g. {store / 'store'}")
    if live.exists() and not live.is_dir():
        raise InputError(store, "is a file, not a store folder", "give --store a new or empty folder")
    if live.is_dir() and not holds_store(live) and not is_complete(live) and any(live.iterdir()):
        raise InputError(store, "holds files but no kg store, and a build would replace the folder",
                         "give --store a new or empty folder")


def begin(store: Path) -> Path:
    """An empty folder beside the store for the new store, with the store folder's permissions
    (what a killed build left there is removed by `remove_leftovers` first)."""
    where = folders(store)
    try:
        where.new.mkdir(parents=True)
        if where.live.is_dir():
            shutil.copymode(where.live, where.new)
    except OSError as err:
        raise InputError(where.new, f"cannot be made ({err.strerror or err})",
                         "check that the folder above the store is writable") from None
    return where.new


def swap_in(store: Path) -> None:
    """Put the complete new store in the place of the old one, then remove the old one."""
    where = folders(store)
    moved = where.live.exists()
    if moved:
        os.rename(where.live, where.old)
    try:
        os.rename(where.new, where.live)
    except OSError:
        if moved:
            os.rename(where.old, where.live)
        raise
    _sync_folder(where.live.parent)
    shutil.rmtree(where.old, ignore_errors=True)


def discard(store: Path) -> None:
    """Remove the new store of a build that failed; the old one is left as it was."""
    shutil.rmtree(folders(store).new, ignore_errors=True)


def _sync_folder(folder: Path) -> None:
    """Make the renames in the folder durable, where the system allows it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
