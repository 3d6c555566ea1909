"""Progress of a long step: a bar with rate and time left on a terminal, silent in pipes and CI;
or, when asked, one line per percent on stderr, which shows in pipes and logs as well."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TimeRemainingColumn,
)

Advance = Callable[[int, int], None]


def wanted() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class ProgressLines:
    """Writes "extracting: 4000/100000 articles (4%), 120 a second, about 13 min left" each time
    the count passes another percent."""

    def __init__(self, description: str, stream: TextIO) -> None:
        self.description = description
        self.stream = stream
        self.started = time.monotonic()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        if percent == self.shown:
            return
        self.shown = percent
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        speed = f", {rate:.0f} a second" if rate else ""
        left = f", about {_duration((total - done) / rate)} left" if rate and done < total else ""
        self.stream.write(f"{self.description}: {done}/{total} articles ({percent}%){speed}{left}\n")
        self.stream.flush()


@contextmanager
def progress_bar(description: str, lines: bool = False) -> Iterator[Advance | None]:
    """An `advance(done, total)` to call as work is done: progress lines when `lines`, else a
    bar on a terminal, else None."""
    if lines:
        yield ProgressLines(description, sys.stderr)
        return
    if not wanted():
        yield None
        return
    columns = (BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), TimeRemainingColumn())
    with Progress(f"[progress.description]{description}", *columns, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
