"""Answers within a time limit: the result in time, QueryTimeout past it, errors passed on."""

from __future__ import annotations

import math
import threading

import pytest

from kg.common.errors import DataError, QueryError, UsageError
from kg.questions.deadline import LONGEST_TIMEOUT, QueryTimeout, check_timeout, timed_out, within


def test_the_result_of_work_done_in_time() -> None:
    assert within(5, lambda: ["Raqqa", "Manbij"]) == ["Raqqa", "Manbij"]


def test_no_limit_waits_for_the_result() -> None:
    assert within(None, lambda: 42) == 42


def test_work_past_the_limit_times_out() -> None:
    release = threading.Event()
    try:
        with pytest.raises(QueryTimeout, match=r"^control-changes\.rq: no answer within 0\.05 s; "):
            within(0.05, lambda: release.wait(5), source="control-changes.rq")
    finally:
        release.set()


def test_a_timeout_is_a_query_error_that_says_what_to_do() -> None:
    err = timed_out("query", 30)
    assert isinstance(err, QueryError)
    assert str(err) == "query: no answer within 30 s; narrow the query, or allow it more time with --timeout SECONDS"


def test_an_error_of_the_work_is_raised_to_the_caller_without_its_traceback() -> None:
    def broken() -> None:
        raise DataError("queries/x.rq: broken; restore the file")

    with pytest.raises(DataError, match="broken") as caught:
        within(5, broken)
    assert caught.value.__context__ is None and caught.value.__cause__ is None


def test_any_other_error_is_raised_as_it_is() -> None:
    def failing() -> int:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(ZeroDivisionError):
        within(5, failing)


@pytest.mark.parametrize("seconds", [0, -1, math.inf, math.nan, LONGEST_TIMEOUT + 1])
def test_a_limit_out_of_range_is_a_usage_error(seconds: float) -> None:
    with pytest.raises(UsageError, match="--timeout"):
        check_timeout(seconds)
    with pytest.raises(UsageError):
        within(seconds, lambda: 1)


@pytest.mark.parametrize("seconds", [None, 0.001, 60, LONGEST_TIMEOUT])
def test_a_limit_in_range_is_accepted(seconds: float | None) -> None:
    check_timeout(seconds)
