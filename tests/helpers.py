"""Helpers the test modules share: the rows of a canned query as plain strings, and the `kg`
command run in this process through its real entry point."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import NoReturn, TypeVar
from unittest import mock

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from kg.cli import main
from kg.questions.query import select_rows

# For what needs a process of its own: a kill, a signal, a server, a terminal, a query that
# runs on past its time limit (its abandoned work would go on in the test process).
KG_PROCESS = [sys.executable, "-c", "from kg.cli import main; main()"]


T = TypeVar("T")


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """What `make` makes in a folder of its own, made once for the whole run: the test workers
    share it (the first to ask makes it, the others wait for it and read it back), so it must be
    read only. `make`'s result is kept beside the folder, pickled."""
    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, kept = shared / f"made-{name}", shared / f"made-{name}.pickle"
    with open(shared / f"made-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kept.exists():
            made: T = pickle.loads(kept.read_bytes())
            return made
        shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
        folder.mkdir()
        try:
            made = make(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        kept.write_bytes(pickle.dumps(made))
        return made


def table(graph: Dataset, name: str, **params: str) -> list[dict[str, str]]:
    return select_rows(graph, name, **params)


@dataclass(frozen=True)
class Result:
    """What a run of `kg` left: its exit code and what it wrote on each stream."""

    returncode: int
    stdout: str
    stderr: str


_REAL_EXIT = os._exit
_TEST_PROCESS = os.getpid()


def _end_the_run(code: int) -> NoReturn:
    """Ends the run in the test process; a process forked from it (a build's worker) exits."""
    if os.getpid() != _TEST_PROCESS:
        _REAL_EXIT(code)
    raise SystemExit(code)


@contextmanager
def _inside(folder: Path | None, argv: list[str]) -> Iterator[None]:
    """In folder `folder`, with arguments `argv`; a query given up at its time limit ends the
    process at once (os._exit), here it ends the run instead, its work left in its thread."""
    saved_folder, saved_argv = Path.cwd(), sys.argv
    if folder is not None:
        os.chdir(folder)
    sys.argv = argv
    os._exit = _end_the_run
    try:
        yield
    finally:
        os._exit = _REAL_EXIT
        sys.argv = saved_argv
        os.chdir(saved_folder)


def _exit_code(stop: SystemExit) -> int:
    if stop.code is None or isinstance(stop.code, int):
        return stop.code or 0
    return 1


def run_kg(*args: str, cwd: Path | None = None, env: Mapping[str, str | None] | None = None,
           input: str | None = None) -> Result:
    """Run `kg ARGS` in this process as a user runs it (same exit code and messages), with
    standard input, output and error of its own, in folder `cwd`, with `env` added."""
    with CliRunner().isolation(input=input, env=env) as (out, err, _), _inside(cwd, ["kg", *args]):
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = _exit_code(stop)
        return Result(code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))


def run_kg_process(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None,
                   timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `kg ARGS` as a process of its own, in folder `cwd`, with `env` added to this environment."""
    return subprocess.run([*KG_PROCESS, *args], check=False, capture_output=True, text=True, timeout=timeout,
                          cwd=cwd, stdin=subprocess.DEVNULL, env={**os.environ, **env} if env else None)


def _run_quietly(args: tuple[str, ...], before: Callable[[], None] | None) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    if before is not None:
        before()
    sys.argv = ["kg", *args]
    main()


def fork_kg(*args: str, before: Callable[[], None] | None = None) -> BaseProcess:
    """Start `kg ARGS` in a process of its own, its output thrown away, to be killed. A fork
    server that has loaded kg and built once (tests/warm_kg.py), and never opened a store,
    forks it: it starts at once. `before` (a module-level function) runs in it first."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["warm_kg"])
    with mock.patch.dict(os.environ, {"PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}):
        forkserver.ensure_running()
    process = context.Process(target=_run_quietly, args=(args, before), daemon=True)
    process.start()
    return process


# ACLED's codebook: its 31 columns, in the order of ACLED's own exports.
ACLED_CODEBOOK_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp")


def said_of(named: set[object], reference: Iterable[tuple[object, object, object]]) -> list[tuple[object, object, object]]:
    """What the reference says of the entities named, of those it relates them to, and on."""
    triples = list(reference)
    named = set(named)
    while True:
        said = [triple for triple in triples if triple[0] in named]
        if {o for _, _, o in said} <= named:
            return said
        named |= {o for _, _, o in said}
