"""Sentences that must not yield any statement: negation, denial, hypotheticals, slurs,
modifiers that are not actors. A wrong triple costs an analyst more than a missing one."""

import json

import pytest
from conftest import TESTS

CASES = [json.loads(line) for line in (TESTS / "cases" / "no_statement.jsonl").read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_sentence_yields_no_statement(case: dict[str, str], extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert labels(extract(case["text"])) == set()
