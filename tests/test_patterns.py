"""Every pattern record carries an example in the project's own words and the pairs it
must yield; this test runs each example through the whole extractor."""

from pathlib import Path

import pytest

from kg import resources as paths
from kg.errors import DataError
from kg.pipeline.patterns import PatternRecord, compile_pattern, load_pattern_records

ALL_RECORDS = [r for f in sorted(paths.patterns_dir().glob("*.jsonl")) for r in load_pattern_records(f)]
RECORDS = [r for r in ALL_RECORDS if r.relation]


@pytest.mark.parametrize("record", RECORDS, ids=[r.id for r in RECORDS])
def test_pattern_example_yields_its_pairs(record: PatternRecord, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert record.example and record.expect, f"{record.id} needs an example and expected pairs"
    ex = extract(record.example)
    found = set()
    for item in ex.evidence:
        if item.statement.pattern != record.id:
            continue
        subject = resources.gazetteer.entities[item.statement.subject].label
        obj = resources.gazetteer.entities[item.statement.object].label
        found.add((subject, obj))
        assert item.statement.predicate == record.relation
    assert set(map(tuple, record.expect)) <= found


def test_pattern_ids_are_unique() -> None:
    ids = [r.id for r in ALL_RECORDS]
    assert len(ids) == len(set(ids))


def test_a_role_that_is_not_a_slot_is_a_data_error() -> None:
    record = PatternRecord("x", "kg:backs", "{X:Actor} backs {Y:Actor}", "X", "Z")
    with pytest.raises(DataError, match="role slot Z"):
        compile_pattern(record, {})


def test_an_unknown_word_class_is_a_data_error() -> None:
    record = PatternRecord("x", "kg:backs", "{X:Actor} @nope {Y:Actor}", "X", "Y")
    with pytest.raises(DataError, match="unknown word class @nope"):
        compile_pattern(record, {})


def test_malformed_record_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a", "relation": "kg:backs", "pattern": "x", "subject": "X", "object": "Y"}\n{oops\n')
    with pytest.raises(DataError, match=r"p.jsonl:2"):
        load_pattern_records(path)
