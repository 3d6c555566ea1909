"""Date resolution against the article date, with the precision the text supports."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TESTS

from kg.build.pipeline.dates import find_times, load_date_rules
from kg.common import resources

RULES = load_date_rules(resources.patterns_dir() / "dates.json")
ROWS = [line.split("\t") for line in (TESTS / "cases" / "dates.tsv").read_text().splitlines()
        if line and not line.startswith("#")]


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_time_expression_resolves(row: list[str]) -> None:
    sentence, anchor, expected, precision = row
    anchor_date = dt.date.fromisoformat(anchor) if anchor.strip() else None
    (time,) = find_times(sentence, 0, anchor_date, RULES)
    assert (time.value.isoformat() if time.value else "") == expected.strip()
    assert time.precision == precision
    assert sentence[time.start: time.end] == time.text
