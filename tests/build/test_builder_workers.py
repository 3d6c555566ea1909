"""Worker processes of a build start safely from a library caller that runs threads of its own."""

from __future__ import annotations

import subprocess
import sys
import threading

from kg.build.builder import _process_context


def test_workers_are_forked_from_a_single_threaded_process() -> None:
    # a process of its own: the test process runs the test runner's threads
    script = "from kg.build.builder import _process_context; print(_process_context().get_start_method())"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            timeout=120)
    assert result.stdout.strip() == "fork"


def test_workers_come_from_a_fork_server_while_other_threads_run() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _process_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()
