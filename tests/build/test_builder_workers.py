"""Worker processes of a build start safely from a library caller that runs threads of its own."""

from __future__ import annotations

import threading

import pytest

from kg.build.builder import _process_context


def test_workers_are_forked_from_a_single_threaded_process() -> None:
    if threading.active_count() > 1:  # a thread another test left running
        pytest.skip("another test left a thread running")
    assert _process_context().get_start_method() == "fork"


def test_workers_come_from_a_fork_server_while_other_threads_run() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _process_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()
