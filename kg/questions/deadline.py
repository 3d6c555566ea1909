"""Answers within a time limit.

Once the SPARQL engine runs a query, nothing in Python can stop it, and it does not heed Ctrl-C;
but it lets other threads run meanwhile. So the work runs in a daemon thread while the caller
waits, for at most the time allowed: past it, the caller gets QueryTimeout and the work is left
to end with the process, which the CLI ends at once (without the interpreter's clean-up, which
would free the work's engine objects from the wrong thread). Waiting in the caller's thread
also keeps Ctrl-C working while a long query runs.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import TypeVar

from kg.common.errors import KgError, QueryError, UsageError

T = TypeVar("T")
E = TypeVar("E", bound=BaseException)
LONGEST_TIMEOUT = 7 * 24 * 3600


class QueryTimeout(QueryError):
    """A query that gave no answer within its time limit (exit code 2)."""


def check_timeout(seconds: float | None) -> None:
    """A time limit is a number of seconds above 0 and at most a week, or None for no limit."""
    if seconds is not None and not (math.isfinite(seconds) and 0 < seconds <= LONGEST_TIMEOUT):
        raise UsageError(f"--timeout {seconds:g} is not a number of seconds above 0 and at most "
                         f"{LONGEST_TIMEOUT} (a week); give e.g. --timeout 60")


def timed_out(source: str, seconds: float) -> QueryTimeout:
    return QueryTimeout(f"{source}: no answer within {seconds:g} s; narrow the query, or allow it more time "
                        "with --timeout SECONDS")


def _detached(err: E) -> E:
    """The error without its traceback and the error it replaced: their frames hold the
    engine's objects, which must be freed in the thread that made them (Oxigraph's query
    results refuse to be freed in another). The CLI shows such errors as one line anyway."""
    err.__traceback__ = None
    err.__context__ = None
    err.__cause__ = None
    return err


def within(seconds: float | None, work: Callable[[], T], source: str = "query") -> T:
    """The result of `work()`, or QueryTimeout when it takes longer than `seconds` (None: no
    limit). An exception raised by the work is raised here."""
    check_timeout(seconds)
    results: list[T] = []
    failures: list[BaseException] = []
    finished = threading.Event()

    def attempt() -> None:
        try:
            results.append(work())
        except (KgError, MemoryError) as err:
            failures.append(_detached(err))
        except BaseException as err:  # noqa: BLE001 - raised again in the waiting thread
            failures.append(err)
        finally:
            finished.set()

    threading.Thread(target=attempt, name="kg-query", daemon=True).start()
    if seconds is None:
        finished.wait()
    elif not finished.wait(seconds):
        raise timed_out(source, seconds)
    if failures:
        raise failures[0]
    return results[0]
