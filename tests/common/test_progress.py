"""Progress of a long step: lines on stderr when asked, else a bar on a terminal only."""

from __future__ import annotations

import io
import sys
import time

import pytest

from kg.common import progress
from kg.common.progress import ProgressLines, progress_bar


def test_one_line_per_percent() -> None:
    stream = io.StringIO()
    advance = ProgressLines("extracting", stream)
    for done in (0, 1, 2, 3):
        advance(done, 400)  # all within the first percent
    advance(8, 400)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("extracting: 0/400 articles (0%)")
    assert lines[1].startswith("extracting: 8/400 articles (2%)")


def test_the_last_line_says_nothing_left() -> None:
    stream = io.StringIO()
    ProgressLines("validating", stream)(50, 50)
    line = stream.getvalue()
    assert line.startswith("validating: 50/50 articles (100%)") and "left" not in line


def test_nothing_to_do_is_done() -> None:
    stream = io.StringIO()
    ProgressLines("extracting", stream)(0, 0)
    assert stream.getvalue().startswith("extracting: 0/0 articles (100%)")


def test_rate_and_time_left_are_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([100.0, 110.0])  # started, then ten seconds on
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    ProgressLines("extracting", stream)(1200, 100_000)
    assert stream.getvalue() == "extracting: 1200/100000 articles (1%), 120 a second, about 14 min left\n"


def test_lines_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar("extracting", lines=True) as advance:
        assert advance is not None
        advance(1, 2)
    assert "extracting: 1/2 articles (50%)" in capsys.readouterr().err


def test_no_bar_in_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not progress.wanted()
    with progress_bar("extracting") as advance:
        assert advance is None


def test_no_bar_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted()
