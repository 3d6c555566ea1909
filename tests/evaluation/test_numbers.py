"""The number a gold count or a report's figure states."""

from __future__ import annotations

import pytest

from kg.evaluation.numbers import number_in
from kg.evaluation.rules import load_rules, parse_rules

RULES = parse_rules({
    "synonyms": {}, "highways": {"always": []}, "controller_members": {}, "victim_groups": {"rules": []}, "pair_kinds": {}, "event_families": {}, "report_columns": {},
    "number_words": {"numbers": {"one": 1, "two": 2, "five": 5, "twenty": 20, "forty": 40},
                     "scales": {"hundred": 100, "thousand": 1000}},
})


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (12, 12), (3.0, 3), ("at least 12", 12), ("more than 1,800", 1800), ("1,800 fighters and 40 civilians", 1800),
        ("five", 5), ("twenty five", 25), ("more than one hundred", 100), ("two hundred", 200),
        ("forty thousand", 40_000), ("two thousand five hundred", 2500), ("hundred", None),
        ("five soldiers and two civilians", 5),
    ],
)
def test_the_number_stated(value: object, number: int | None) -> None:
    assert number_in(value, RULES) == number


@pytest.mark.parametrize("value", [None, True, "dozens", "scores of fighters", ""])
def test_no_number_stated(value: object) -> None:
    assert number_in(value, RULES) is None


def test_the_shipped_rules_read_number_words() -> None:
    assert number_in("two hundred", load_rules()) == 200
