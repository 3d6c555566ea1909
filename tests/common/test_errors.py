"""The library's errors: one line that says what is wrong, where, and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.common.errors import DataError, InputError, KgError, QueryError, UsageError


def test_an_input_error_names_the_file_line_and_column() -> None:
    err = InputError(Path("articles") / "mosul.md", "unclosed quotation", "close it", line=4, column=17)
    assert str(err) == f"{Path('articles') / 'mosul.md'}:4:17: unclosed quotation; close it"
    assert (err.source, err.problem, err.remedy, err.line, err.column) == (
        str(Path("articles") / "mosul.md"), "unclosed quotation", "close it", 4, 17)


def test_an_input_error_without_a_line_names_the_file_only() -> None:
    assert str(InputError("raqqa.txt", "not UTF-8", "save it as UTF-8")) == "raqqa.txt: not UTF-8; save it as UTF-8"


def test_a_column_without_a_line_is_not_shown() -> None:
    assert str(InputError("afrin.ttl", "bad IRI", "fix it", column=3)) == "afrin.ttl: bad IRI; fix it"


@pytest.mark.parametrize("kind", [InputError, UsageError, QueryError, DataError])
def test_every_error_is_a_kg_error(kind: type[Exception]) -> None:
    assert issubclass(kind, KgError)


def test_a_usage_error_keeps_its_message() -> None:
    with pytest.raises(KgError, match="^--timeout must be positive$"):
        raise UsageError("--timeout must be positive")
