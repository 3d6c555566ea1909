"""Patterns read inside a name: a highway named by its two ends connects them (its subject)."""

from __future__ import annotations

import pytest

from kg.build.pipeline.extract import Resources
from kg.build.pipeline.gazetteer import Gazetteer, Reading
from kg.build.pipeline.lexicon import Lexicon
from kg.build.pipeline.match import Statement
from kg.build.pipeline.mentions import Mention, find_mentions
from kg.build.pipeline.name_patterns import name_statements
from kg.build.pipeline.patterns import CompiledPattern
from kg.build.pipeline.segment import tokenize
from kg.common.namespaces import KGR

BASE = 200  # the sentence's offset in its article


@pytest.fixture(scope="session")
def lexicon(resources: Resources) -> Lexicon:
    return resources.lexicon


@pytest.fixture(scope="session")
def gaz(resources: Resources) -> Gazetteer:
    return resources.gazetteer


@pytest.fixture(scope="session")
def inside(resources: Resources) -> list[CompiledPattern]:
    """The shipped patterns read inside names, as the extractor compiles them."""
    return [p for p in resources.patterns if p.record.inside]


def _statements(
    text: str,
    gaz: Gazetteer,
    lexicon: Lexicon,
    patterns: list[CompiledPattern],
    mentions: list[Mention] | None = None,
) -> list[Statement]:
    tokens = tokenize(text, BASE)
    found = find_mentions(tokens, gaz, None, lexicon) if mentions is None else mentions
    return name_statements(tokens, found, gaz, lexicon, patterns)


def _triples(statements: list[Statement]) -> list[tuple[str, str, str]]:
    return [
        (s.subject.rsplit("/", 1)[-1], s.predicate, s.object.rsplit("/", 1)[-1]) for s in statements
    ]


def test_the_shipped_inside_patterns_are_for_highways(inside: list[CompiledPattern]) -> None:
    assert inside and {p.record.inside for p in inside} == {"Highway"}


def test_a_highway_named_by_its_ends_connects_both(
    gaz: Gazetteer, lexicon: Lexicon, inside: list[CompiledPattern]
) -> None:
    text = "Convoys used the Tartus-Homs road at night."
    statements = _statements(text, gaz, lexicon, inside)
    assert _triples(statements) == [("M1", "kg:connects", "Tartus"), ("M1", "kg:connects", "Homs")]
    assert {text[s.start - BASE : s.end - BASE] for s in statements} == {"Tartus-Homs road"}
    assert {s.pattern for s in statements} == {p.record.id for p in inside}


def test_an_end_of_several_words(
    gaz: Gazetteer, lexicon: Lexicon, inside: list[CompiledPattern]
) -> None:
    statements = _statements(
        "Trucks crossed the Palmyra-Deir ez-Zor highway.", gaz, lexicon, inside
    )
    assert _triples(statements) == [
        ("M20", "kg:connects", "Palmyra"),
        ("M20", "kg:connects", "DeirEzZor"),
    ]


def test_names_without_places_inside_say_nothing(
    gaz: Gazetteer, lexicon: Lexicon, inside: list[CompiledPattern]
) -> None:
    assert _statements("Trucks crossed the M1 highway near Homs.", gaz, lexicon, inside) == []
    assert _statements("Jets struck Homs and Tartus.", gaz, lexicon, inside) == []


def test_only_names_of_the_patterns_class_are_read(
    gaz: Gazetteer, lexicon: Lexicon, inside: list[CompiledPattern]
) -> None:
    """A long name that is no highway ("the Popular Mobilisation Forces") is not read inside."""
    assert (
        _statements("The Popular Mobilisation Forces entered Tikrit.", gaz, lexicon, inside) == []
    )


def test_no_patterns_no_statements(gaz: Gazetteer, lexicon: Lexicon) -> None:
    assert _statements("Convoys used the Tartus-Homs road.", gaz, lexicon, []) == []


def test_the_subject_is_the_reading_of_the_mention(
    gaz: Gazetteer, lexicon: Lexicon, inside: list[CompiledPattern]
) -> None:
    """A name the gazetteer does not know, read as the M20 (as a discovered name would be)."""
    text = "Convoys used the Homs-Palmyra road."
    tokens = tokenize(text, BASE)
    start = next(i for i, t in enumerate(tokens) if t.text == "Homs")
    mention = Mention(start, start + 4, (Reading(str(KGR.M20), "label"),))
    statements = _statements(text, gaz, lexicon, inside, [mention])
    assert _triples(statements) == [
        ("M20", "kg:connects", "Homs"),
        ("M20", "kg:connects", "Palmyra"),
    ]


def test_a_name_with_one_known_end_says_nothing(
    gaz: Gazetteer, lexicon: Lexicon, inside: list[CompiledPattern]
) -> None:
    text = "Convoys used the Homs-Zumurrud road."
    tokens = tokenize(text, BASE)
    start = next(i for i, t in enumerate(tokens) if t.text == "Homs")
    mention = Mention(start, start + 4, (Reading(str(KGR.M20), "label"),))
    assert _statements(text, gaz, lexicon, inside, [mention]) == []
