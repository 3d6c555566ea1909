"""How far the matcher reads: words that may stand between the parts of any pattern (adverbs,
time phrases), spelling variants of pattern words (prefixes, hyphens), and lists of places."""

from __future__ import annotations

import pytest

from kg.build.pipeline.extract import Extraction, Resources


def _changes(ex: Extraction, resources: Resources) -> set[tuple[str, str, str]]:
    """(place, new controller, status) of each control change extracted."""
    def label(iri: str) -> str:
        entity = resources.gazetteer.entities.get(iri) or ex.discovered.get(iri)
        return entity.label if entity else iri

    return {
        (label(place), label(new), event.status)
        for event in ex.events if event.type == "ControlChange"
        for place in event.entities.get("place", [])
        for new in event.entities.get("newController", []) or [""]
    }


@pytest.mark.parametrize("text", [
    "Government troops then seized Ariha.",
    "Government troops also seized Ariha.",
    "Government troops finally seized Ariha.",
    "Government troops on Thursday seized Ariha.",
    "Government troops late on Thursday seized Ariha.",
    "Government troops earlier this month seized Ariha.",
    "Ariha was seized two days later by government troops.",
    "Ariha was then seized by government troops.",
])
def test_adverbs_and_time_phrases_are_read_past(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert ("Ariha", "Syrian government", "reported") in _changes(extract(text), resources)


def test_a_skipped_adverb_is_still_a_cue(extract, resources) -> None:  # type: ignore[no-untyped-def]
    changes = _changes(extract("Government troops apparently seized Taftanaz."), resources)
    assert {status for _, _, status in changes} <= {"reported", "suspected"}
    assert ("Taftanaz", "Syrian government") in {(p, n) for p, n, _ in changes}


@pytest.mark.parametrize("text", [
    "Government troops did not on Thursday seize Ariha.",
    "Government troops will then seize Ariha on Thursday.",
    "Government troops could also seize Ariha.",
])
def test_skipping_keeps_negation_and_modality(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert not {(p, s) for p, _, s in _changes(extract(text), resources) if s == "reported"}


def test_skipped_words_do_not_widen_gaps(extract, resources) -> None:  # type: ignore[no-untyped-def]
    """A time phrase counts in a gap "...N": skipping it must not let a pattern reach further."""
    ex = extract("Erdogan will meet Putin in Ankara next week, his aides said.")
    claimed = {resources.gazetteer.entities[c].label for e in ex.events for c in e.claimed_by}
    assert "Vladimir Putin" not in claimed


@pytest.mark.parametrize("text", [
    "Government troops re-captured Binnish.",
    "Government troops recaptured Binnish.",
    "Government troops re-took Binnish.",
    "Government troops captured the north-western town of Binnish.",
    "Government troops captured the northwestern town of Binnish.",
])
def test_prefixed_and_hyphenated_spellings(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert ("Binnish", "Syrian government", "reported") in _changes(extract(text), resources)


def test_a_prefixed_entry_verb_is_an_entry(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels re-entered Taftanaz before dawn.")
    assert any(e.type == "ArmedClash" for e in ex.events)
    assert not _changes(ex, resources)


def test_a_negated_prefixed_verb_gives_nothing(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert not _changes(extract("The army has not re-captured Binnish."), resources)


def test_a_denied_prefixed_verb_is_a_disputed_report(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The army denied it had re-captured Binnish.")
    assert all(e.denied_by for e in ex.events if e.type == "ControlChange")


def test_a_name_is_never_closed_up(resources) -> None:  # type: ignore[no-untyped-def]
    """A hyphen between a name and a word ("Turkey-backed") stays a hyphen: patterns read it."""
    from kg.build.pipeline.match import encode
    from kg.build.pipeline.mentions import find_mentions
    from kg.build.pipeline.segment import tokenize

    tokens = tokenize("Turkey-backed gunmen re-entered north-western Ariha.", 0)
    mentions = find_mentions(tokens, resources.gazetteer, None, resources.lexicon)
    codes = encode(tokens, mentions, resources.gazetteer, resources.lexicon).text.split()
    assert "p:hyphen" in codes and "w:reentered" in codes and "w:northwestern" in codes


@pytest.mark.parametrize("text", [
    "Government forces secured the M4.",
    "Government forces took control of the M4 highway.",
    "The M4 was captured by government forces.",
])
def test_a_highway_changes_hands(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert ("M4", "Syrian government", "reported") in _changes(extract(text), resources)


@pytest.mark.parametrize("text", [
    "Government forces hope to secure the M4 soon.",
    "Government forces did not take control of the M4 highway.",
    "If government forces secure the M4, the road will reopen.",
])
def test_a_highway_not_taken(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert not {c for c in _changes(extract(text), resources) if c[2] == "reported"}


def test_a_list_of_places_gives_one_change_each(extract, resources) -> None:  # type: ignore[no-untyped-def]
    changes = _changes(extract("Rebels captured the towns of Binnish, Taftanaz and Sarmin."), resources)
    assert {(p, n) for p, n, _ in changes} >= {
        ("Binnish", "Syrian rebels"), ("Taftanaz", "Syrian rebels"), ("Sarmin", "Syrian rebels")}


def test_a_list_of_unknown_villages_gives_one_change_each(extract, resources) -> None:  # type: ignore[no-untyped-def]
    changes = _changes(extract("Rebels took the villages of Tell Hadiya, Umm Jurn, and Abu Kanaas."), resources)
    assert {(p, n) for p, n, _ in changes} == {
        ("Tell Hadiya", "Syrian rebels"), ("Umm Jurn", "Syrian rebels"), ("Abu Kanaas", "Syrian rebels")}


def test_two_villages_joined_by_and_are_two(extract, resources) -> None:  # type: ignore[no-untyped-def]
    changes = _changes(extract("Rebels took the settlements of Tell Hadiya and Umm Jurn."), resources)
    assert {p for p, _, _ in changes} == {"Tell Hadiya", "Umm Jurn"}


def test_a_list_in_a_plan_gives_nothing(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels said they would take the villages of Tell Hadiya and Umm Jurn.")
    assert not {c for c in _changes(ex, resources) if c[2] == "reported"}


@pytest.mark.parametrize(("text", "place", "new"), [
    ("Rebel fighters pushed government troops out of Binnish.", "Binnish", "Syrian rebels"),
    ("Government forces drove out the gunmen from the M4 highway.", "M4", "Syrian government"),
    ("Government troops were driven out of Binnish by rebels.", "Binnish", "Syrian rebels"),
])
def test_driving_a_side_out_of_a_place(text: str, place: str, new: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert (place, new, "reported") in _changes(extract(text), resources)


@pytest.mark.parametrize("text", [
    "Civilians drove from Binnish to the border.",
    "The army failed to drive rebels out of Binnish.",
    "The army will drive the rebels out of Binnish.",
])
def test_driving_that_takes_nothing(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert not {c for c in _changes(extract(text), resources) if c[2] == "reported"}


@pytest.mark.parametrize("text", [
    "Government forces seized the Ariha road.",
    "Rebels cut the Saraqeb highway on Sunday.",
])
def test_a_place_naming_a_road_is_not_taken(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert not {p for p, _, _ in _changes(extract(text), resources)} & {"Ariha", "Saraqeb"}


@pytest.mark.parametrize("text", [
    "Rebels backed by Iran have seized Binnish.",
    "Rebels, backed by Iran, have seized Binnish.",
    "Binnish was seized by rebels led by Iran.",
])
def test_a_backer_in_a_reduced_relative_takes_nothing(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    changes = {(p, n) for p, n, _ in _changes(extract(text), resources)}
    assert ("Binnish", "Syrian rebels") in changes and ("Binnish", "Iran") not in changes


def test_a_reduced_relative_keeps_the_backing(extract, labels) -> None:  # type: ignore[no-untyped-def]
    found = labels(extract("Rebels backed by Iran fought the army near Binnish."))
    assert ("Iran", "kg:backs", "Syrian rebels") in found
    assert ("Syrian rebels", "kg:opposes", "Syrian government") in found
    assert ("Iran", "kg:opposes", "Syrian government") not in found


def test_a_reduced_relative_in_a_denial_takes_nothing(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert not _changes(extract("Rebels backed by Iran have not seized Binnish."), resources)


@pytest.mark.parametrize(("text", "place"), [
    ("Rebels captured the coastal city of Latakia.", "Latakia"),
    ("The key M4 highway was captured by rebels.", "M4"),
])
def test_a_modifier_inside_a_place_slot(text: str, place: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert (place, "Syrian rebels", "reported") in _changes(extract(text), resources)


@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels seized the whole of the M4.", True),
    ("Rebels took control of the rest of Binnish.", True),
    ("Rebels seized parts of the M4.", False),
    ("Rebels hope to seize the whole of the M4.", False),
])
def test_the_whole_of_a_place(text: str, expected: bool, extract, resources) -> None:  # type: ignore[no-untyped-def]
    reported = {p for p, _, s in _changes(extract(text), resources) if s == "reported"}
    assert bool(reported) is expected
