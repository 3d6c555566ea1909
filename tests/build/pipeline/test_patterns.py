"""Every pattern record carries an example in the project's own words and the pairs it
must yield; this test runs each example through the whole extractor."""

from pathlib import Path

import pytest

from kg.build.pipeline.extraction_settings import ClassSettings
from kg.build.pipeline.patterns import PatternRecord, compile_pattern, load_pattern_records
from kg.common import resources as paths
from kg.common.errors import DataError

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
        compile_pattern(record, {}, ClassSettings())


@pytest.mark.parametrize(("pattern", "message"), [
    ("{X:Actor} ( backs|supports {Y:Actor}", "1 group"),
    ("{X:Actor} backs ) {Y:Actor}", "closes no group"),
])
def test_unbalanced_brackets_are_a_data_error_when_the_patterns_load(pattern: str, message: str) -> None:
    record = PatternRecord("unbalanced", "kg:backs", pattern, "X", "Y")
    with pytest.raises(DataError, match=f"pattern unbalanced: .*{message}"):
        compile_pattern(record, {}, ClassSettings())


def test_every_shipped_pattern_compiles(resources) -> None:  # type: ignore[no-untyped-def]
    """Expressions are compiled when first needed; each of them must compile."""
    for pattern in resources.patterns:
        assert pattern.regex.pattern == pattern.source


def test_an_unknown_word_class_is_a_data_error() -> None:
    record = PatternRecord("x", "kg:backs", "{X:Actor} @nope {Y:Actor}", "X", "Y")
    with pytest.raises(DataError, match="unknown word class @nope"):
        compile_pattern(record, {}, ClassSettings())


def test_malformed_record_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a", "relation": "kg:backs", "pattern": "x", "subject": "X", "object": "Y"}\n{oops\n')
    with pytest.raises(DataError, match=r"p.jsonl:2"):
        load_pattern_records(path)


def _backs(text: str, extract, labels) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(s, o) for s, p, o in labels(extract(text)) if p == "kg:backs"}


def test_relative_clause_subject_is_the_nearest_actor_not_the_first_of_a_list(extract, labels) -> None:  # type: ignore[no-untyped-def]
    text = "A truce agreed by Tehran, a partner of Damascus, and Ankara, which arms the rebels, broke down."
    backs = _backs(text, extract, labels)
    assert ("Turkey", "Syrian rebels") in backs
    assert ("Syrian government", "Syrian rebels") not in backs
    assert ("Iran", "Syrian rebels") not in backs


def test_relative_clause_after_a_coordinated_pair_backs_only_its_own_actor(extract, labels) -> None:  # type: ignore[no-untyped-def]
    backs = _backs("Envoys of Moscow and Ankara, which supports the rebels, met again.", extract, labels)
    assert backs == {("Turkey", "Syrian rebels")}


def test_passive_backing_in_a_relative_clause(extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert ("Iran", "Hezbollah") in _backs("Hezbollah, which is funded by Iran, moved units south.", extract, labels)


def test_fronted_support_from_two_backers(extract, labels) -> None:  # type: ignore[no-untyped-def]
    backs = _backs("With help from Moscow and Tehran, the Syrian army pushed on towards Ariha.", extract, labels)
    assert {("Russia", "Syrian government"), ("Iran", "Syrian government")} <= backs


def test_ally_title_before_a_name_is_an_alliance(extract, labels) -> None:  # type: ignore[no-untyped-def]
    triples = labels(extract("A deal between government ally Moscow and Ankara was signed in March."))
    assert ("Russia", "kg:alliedWith", "Syrian government") in triples
    assert not any(p == "kg:backs" for _, p, _ in triples)


def test_passive_relative_clause_after_a_coordinated_pair_backs_only_its_own_actor(extract, labels) -> None:  # type: ignore[no-untyped-def]
    backs = _backs("Envoys of Ankara and Hezbollah, which has long been armed by Tehran, met in Doha.", extract, labels)
    assert backs == {("Iran", "Hezbollah")}


def test_fighting_alongside_in_a_relative_clause_allies_only_its_own_actor(extract, labels) -> None:  # type: ignore[no-untyped-def]
    triples = labels(extract("Talks with Ankara and Hezbollah, who fought alongside the Syrian army, went nowhere."))
    allied = {(s, o) for s, p, o in triples if p == "kg:alliedWith"}
    assert allied == {("Hezbollah", "Syrian government")}
