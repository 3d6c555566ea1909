"""Nothing lost in a store: a full rebuild killed at any moment leaves the previous store whole
or the new one complete, a full disk leaves the store as it was, a store on read-only media
can be read, and a broken ledger only makes the next build a full one."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import fork_kg, made_once, run_kg

from kg.build.builder import build
from kg.common.errors import InputError
from kg.common.resources import LEDGER_NAME
from kg.questions.query import run
from kg.store.bridge import open_graph

StoreAt = Callable[[Path], Path]
TOWNS = ("Saraqeb", "Sarmin", "Ariha", "Nairab", "Taftanaz", "Binnish", "Kafranbel")
BACKERS = (("Russia", "the Syrian government"), ("Turkey", "the Syrian rebels"), ("Iran", "the Syrian government"))



def rename_then_die() -> None:
    """Make this process die the moment a full rebuild has moved the old store aside and before
    it has moved the new one in: the one point between the two renames of a swap."""
    rename = os.rename

    def rename_and_maybe_die(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        rename(source, target)
        if str(target).endswith(".kg-old"):
            os.kill(os.getpid(), signal.SIGKILL)

    os.rename = rename_and_maybe_die  # type: ignore[assignment]


def write_articles(folder: Path, count: int, name: str = "dispatch") -> set[str]:
    """Short dispatches, in words of our own, each stating a few things the extractor finds."""
    folder.mkdir(parents=True)
    for k in range(count):
        town, other = TOWNS[k % len(TOWNS)], TOWNS[(k + 3) % len(TOWNS)]
        backer, backed = BACKERS[k % len(BACKERS)]
        text = "\n\n".join([
            f"{name.title()} {k}: another week of pressure on {town}",
            f"{backer} backs {backed}, an official said again as the fighting near {town} went on.",
            f"Syrian government forces took control of {other} after two days of clashes, monitors said.",
            f"Air strikes hit the edge of {town} during the night, medics on the ground reported.",
            f"People from {town} and {other} headed north towards the border, relief workers said.",
        ] * 3)
        (folder / f"{name}-{k:03d}.txt").write_text(f" date 2020-02-{1 + k % 28:02d}\n\n{text}\n", encoding="utf-8")
    return {f"{name}-{k:03d}" for k in range(count)}


def stored_articles(store: Path) -> set[str]:
    result = run_kg("query", "articles", "--store", str(store), "--format", "csv")
    assert result.returncode == 0, result.stderr
    return {row["articleId"] for row in csv.DictReader(io.StringIO(result.stdout))}


def make_stale(store: Path) -> None:
    """The ledger of another pipeline version: the next build rebuilds the store in full."""
    ledger = store / LEDGER_NAME
    if ledger.is_file():
        data = json.loads(ledger.read_text(encoding="utf-8"))
        data["key"] = "written-by-another-version"
        ledger.write_text(json.dumps(data), encoding="utf-8")


def leftovers(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.glob(f"{store.name}.kg-*"))


@dataclass(frozen=True)
class Corpus:
    articles: Path
    first: set[str]
    late_articles: Path
    late: set[str]
    store: Path  # of the first articles, built once; each test copies it


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    def make(root: Path) -> Corpus:
        first = write_articles(root / "corpus", 60)
        late = write_articles(root / "late", 10, name="late")
        assert run_kg("build", str(root / "corpus"), "--store", str(root / "store")).returncode == 0
        assert stored_articles(root / "store") == first
        return Corpus(root / "corpus", first, root / "late", late, root / "store")

    return made_once(tmp_path_factory, "safety", make)


def copy_store(corpus: Corpus, folder: Path) -> Path:
    store = folder / "store"
    shutil.copytree(corpus.store, store)
    return store


def wait_for(condition: Callable[[], bool], process: BaseProcess) -> None:
    while not condition() and process.is_alive():
        time.sleep(0.005)


def test_a_full_rebuild_killed_at_any_moment_leaves_a_whole_store(tmp_path: Path, corpus: Corpus) -> None:
    """Killed as it starts, as it begins the new store, twice while it loads the new store
    (a fifth and three fifths into the time an unkilled rebuild takes from there), and last
    between the two renames of the swap; the next build finishes what the last one left."""
    store = copy_store(corpus, tmp_path)
    new_store = tmp_path / "store.kg-new"
    make_stale(store)
    unkilled = fork_kg("build", str(corpus.articles), str(corpus.late_articles), "--store", str(store))
    wait_for(new_store.exists, unkilled)
    began = time.monotonic()
    unkilled.join(timeout=300)
    loading = time.monotonic() - began
    assert unkilled.exitcode == 0 and stored_articles(store) == corpus.first | corpus.late
    seconds_into_the_new_store = {"as it starts": None, "as it begins the new store": 0.0,
                                  "while it loads the new store": loading / 5,
                                  "later while it loads the new store": loading * 3 / 5}
    interrupted, half_built = 0, 0
    for moment, seconds in seconds_into_the_new_store.items():
        make_stale(store)
        running = fork_kg("build", str(corpus.articles), str(corpus.late_articles), "--store", str(store))
        if seconds is not None:
            wait_for(new_store.exists, running)
            time.sleep(seconds)
        interrupted += running.is_alive()
        running.kill()
        running.join(timeout=60)
        half_built += "store.kg-new" in leftovers(store)
        assert stored_articles(store) in (corpus.first, corpus.first | corpus.late), f"killed {moment}"
    assert interrupted >= 3 and half_built >= 2, "the builds finished before they could be killed"

    # between the two renames: the full rebuild, run over what the kills left, gets that far
    make_stale(store)
    killed = fork_kg("build", str(corpus.articles), str(corpus.late_articles), "--store", str(store),
                     before=rename_then_die)
    killed.join(timeout=300)
    assert killed.exitcode == -signal.SIGKILL
    assert not store.exists() and leftovers(store) == ["store.kg-new", "store.kg-old"]
    assert stored_articles(store) == corpus.first | corpus.late  # the new store is complete: it is the one read
    assert not store.exists(), "a command that only reads changed the folders"
    again = run_kg("build", str(corpus.articles), str(corpus.late_articles), "--store", str(store))
    assert again.returncode == 0, again.stderr
    assert f"0 built, 0 skipped, {len(corpus.first | corpus.late)} unchanged" in again.stdout
    assert stored_articles(store) == corpus.first | corpus.late
    assert leftovers(store) == []


def test_every_state_a_killed_swap_can_leave_reads_whole(tmp_path: Path, demo_store_at: StoreAt) -> None:
    """Made by hand: the old store moved aside with no new one beside it (the new one is
    never left incomplete there, but a reader must still find the old one), and a half-built
    new store beside the old one."""
    store = demo_store_at(tmp_path / "store")
    demo = stored_articles(store)
    store.rename(tmp_path / "store.kg-old")
    assert stored_articles(store) == demo
    build([], None, store=store)
    assert stored_articles(store) == demo and leftovers(store) == []
    half = tmp_path / "store.kg-new"
    shutil.copytree(store, half)
    (half / LEDGER_NAME).unlink()
    assert stored_articles(store) == demo
    assert build([], None, store=store).unchanged == 9
    assert leftovers(store) == []


def test_a_full_rebuild_failing_on_a_full_disk_keeps_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               demo_store_at: StoreAt) -> None:
    from kg.build import builder

    store = demo_store_at(tmp_path / "store")
    make_stale(store)

    def disk_full(store: ox.Store, built: int, given: int) -> None:
        raise OSError("IO error: No space left on device: While appending to file: 000042.sst: No space left on device")

    monkeypatch.setattr(builder, "settle", disk_full)
    with pytest.raises(InputError, match="the disk is full"):
        build([], None, store=store)
    assert len(stored_articles(store)) == 9 and leftovers(store) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A file system of 8 MB, where the machine lets tests mount one (as root)."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill the file system but for `leave` bytes."""
    info = os.statvfs(disk)
    free = info.f_bavail * info.f_frsize
    with open(disk / "filler", "wb") as out:
        out.write(b"\0" * max(free - leave, 0))


def test_a_full_disk_under_the_store_is_one_line(small_disk: Path, demo_store_at: StoreAt) -> None:
    store = demo_store_at(small_disk / "store")
    make_stale(store)
    fill(small_disk, 256 * 1024)
    result = run_kg("build", "--store", str(store))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "the disk is full" in result.stderr, result.stderr
    (small_disk / "filler").unlink()
    assert len(stored_articles(store)) == 9 and leftovers(store) == []


def test_exporting_to_a_full_disk_keeps_the_previous_file(tmp_path: Path, small_disk: Path,
                                                          demo_store_at: StoreAt) -> None:
    store = demo_store_at(tmp_path / "store")
    previous = small_disk / "graph.ttl"
    previous.write_text("# the export of yesterday\n", encoding="utf-8")
    fill(small_disk, 16 * 1024)
    result = run_kg("export", "--format", "ttl", "--store", str(store), "-o", str(previous))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "No space left" in result.stderr, result.stderr
    assert previous.read_text(encoding="utf-8") == "# the export of yesterday\n"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "graph.ttl"]


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and "kg-answers" not in p.parts}


def test_reading_a_store_writes_nothing_in_it(tmp_path: Path, demo_store_at: StoreAt) -> None:
    store = demo_store_at(tmp_path / "store")
    before = _files(store)
    assert run_kg("query", "who-backs-whom", "--store", str(store)).returncode == 0
    assert run_kg("export", "--format", "nq", "--store", str(store), "-o", str(tmp_path / "g.nq")).returncode == 0
    result = run(open_graph(Path("unused"), store), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QuerySolutions) and int(next(iter(result))["n"].value) > 0
    assert _files(store) == before


def test_a_store_on_read_only_media_can_be_queried(tmp_path: Path, demo_store_at: StoreAt) -> None:
    demo_store_at(tmp_path / "data" / "store")
    media = tmp_path / "media"
    media.mkdir()
    bound = subprocess.run(["mount", "--bind", str(tmp_path / "data"), str(media)], capture_output=True, check=False)
    if bound.returncode != 0:
        pytest.skip("cannot bind-mount a folder here")
    try:
        readonly = subprocess.run(["mount", "-o", "remount,ro,bind", str(media)], capture_output=True, check=False)
        if readonly.returncode != 0:
            pytest.skip("cannot make a mount read-only here")
        result = run_kg("query", "who-backs-whom", "--store", str(media / "store"), "--format", "csv")
        assert result.returncode == 0, result.stderr
        assert "Hezbollah" in result.stdout
        exported = run_kg("export", "--format", "geojson", "--store", str(media / "store"))
        assert exported.returncode == 0 and json.loads(exported.stdout)["features"]
        refused = run_kg("build", "--store", str(media / "store"))
        assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    finally:
        subprocess.run(["umount", "-l", str(media)], check=False)


def test_a_ledger_that_is_a_list_makes_the_next_build_a_full_one(tmp_path: Path, demo_store_at: StoreAt) -> None:
    store = demo_store_at(tmp_path / "store")
    # a ledger cut short and one of the wrong shape: tests/cases/bad_inputs_store.jsonl
    for broken in ("[]", '"a string"'):
        (store / LEDGER_NAME).write_text(broken, encoding="utf-8")
        again = build([], None, store=store)
        assert len(again.articles) == 9 and again.unchanged == 0 and again.conforms
    assert build([], None, store=store).unchanged == 9


def test_a_folder_of_other_files_is_not_taken_for_a_store(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "plan.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="holds files but no kg store"):
        build([], None, store=folder)
    assert (folder / "plan.txt").read_text(encoding="utf-8") == "keep me"
    assert leftovers(folder) == []


def test_a_mount_point_is_refused_as_a_store_folder(small_disk: Path) -> None:
    result = run_kg("build", "--store", str(small_disk))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "is a mount point" in result.stderr and str(small_disk / "store") in result.stderr
    assert run_kg("build", "--store", str(small_disk / "store")).returncode == 0
    assert len(stored_articles(small_disk / "store")) == 9
