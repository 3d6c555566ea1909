"""Places changing hands as reporters tell it beyond a plain "A took B": participial adjuncts,
lists after "including", relative clauses on a place, withdrawals, a place taken and lost again
in one sentence, and headlines the body does not bear out."""

from __future__ import annotations

import pytest

from kg.build.pipeline.extract import Extraction, Resources


def _changes(ex: Extraction, resources: Resources) -> set[tuple[str, str, str]]:
    """(place, new controller, previous controller) of each reported control change; "" when
    the report names no such side."""
    def label(iri: str) -> str:
        entity = resources.gazetteer.entities.get(iri) or ex.discovered.get(iri)
        return entity.label if entity else iri

    return {
        (label(place), label(new) if new else "", label(old) if old else "")
        for event in ex.events if event.type == "ControlChange" and event.status == "reported"
        for place in event.entities.get("place", [])
        for new in event.entities.get("newController", []) or [""]
        for old in event.entities.get("previousController", []) or [""]
    }


def _taken(ex: Extraction, resources: Resources) -> set[tuple[str, str]]:
    return {(place, new) for place, new, _ in _changes(ex, resources)}


# --- a participial adjunct takes the subject of its main clause ---------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Iraqi troops pushed into east Mosul on Tuesday after retaking Bartella.", {("Bartella", "Iraq")}),
    ("The army advanced north of Hama on Sunday, seizing Souran and Taybat al-Imam.",
     {("Souran", "Syrian government"), ("Taybat al-Imam", "Syrian government")}),
    ("Having recaptured Tikrit, Iraqi forces turned north towards Baiji.", {("Tikrit", "Iraq")}),
    ("After seizing the M4, government forces moved on Jisr al-Shughour.", {("M4", "Syrian government")}),
])
def test_a_participle_takes_the_main_clause_subject(text: str, expected: set[tuple[str, str]], extract,
                                                    resources) -> None:  # type: ignore[no-untyped-def]
    assert _taken(extract(text), resources) == expected


def test_a_participle_after_another_participle(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Iraqi troops repelled the attack, killing 20 militants and capturing Gwer.")
    assert _taken(ex, resources) == {("Gwer", "Iraq")}


@pytest.mark.parametrize("text", [
    "The army drove the rebels out of Binnish after capturing Sarmin.",
    "Government forces prevented rebels from capturing Sarmin.",
    "Government forces are close to capturing Sarmin.",
    "Having failed to take Sarmin, the army turned to Binnish.",
])
def test_a_participle_whose_subject_is_unclear_or_that_did_not_happen(text: str, extract,
                                                                      resources) -> None:  # type: ignore[no-untyped-def]
    assert "Sarmin" not in {place for place, _ in _taken(extract(text), resources)}


# --- lists after a plural place noun ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The SDF seized four villages north of Raqqa, among them Ain Issa and Suluk.",
    "The SDF seized two more villages on the Raqqa front, namely Ain Issa and Suluk.",
    "The SDF took a dozen hamlets and villages, such as Ain Issa and Suluk, on Friday.",
    "The SDF closed in on Tabqa after seizing a dozen villages, including Ain Issa and Suluk.",
])
def test_places_listed_after_a_plural_noun_are_each_taken(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _taken(extract(text), resources) == {("Ain Issa", "Syrian Democratic Forces"),
                                               ("Suluk", "Syrian Democratic Forces")}


def test_a_list_after_another_verb_is_not_taken(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The SDF captured four villages and shelled towns such as Ain Issa and Suluk.")
    assert not {p for p, _ in _taken(ex, resources)} & {"Ain Issa", "Suluk"}


def test_a_place_that_only_locates_the_list_is_not_taken(extract, resources) -> None:  # type: ignore[no-untyped-def]
    places = {p for p, _ in _taken(extract("The SDF seized four villages near Tabqa, including Suluk."), resources)}
    assert places == {"Suluk"}


def test_a_list_in_a_plan_is_not_taken(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The SDF hopes to seize several villages, including Ain Issa and Suluk.")
    assert not _taken(ex, resources)


# --- relative clauses on a place ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels shelled Khan Shaykhun, which government forces seized in August.",
     ("Khan Shaykhun", "Syrian government", "")),
    ("The militants attacked Qayyarah under cover of heavy fog, which Iraqi troops recaptured last month.",
     ("Qayyarah", "Iraq", "")),
    ("Families returned to Ramadi, which the governor says was retaken by Iraqi troops.",
     ("Ramadi", "Iraq", "")),
    ("Rebels shelled Morek, which the monitor reported was evacuated by government troops.",
     ("Morek", "", "Syrian government")),
    ("Palmyra, which had been lost to the Islamic State in May, was the prize.", ("Palmyra", "Islamic State", "")),
])
def test_a_relative_clause_on_a_place(text: str, expected: tuple[str, str, str], extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert expected in _changes(extract(text), resources)


@pytest.mark.parametrize("text", [
    "Rebels shelled Binnish, which the army took two days to reach.",
    "Rebels shelled Binnish, which the army took part in besieging.",
    "Turkey said in Ankara, which rebels visited, that the army took Sarmin.",
    "Rebels shelled Binnish, which lies on the road the army captured.",
])
def test_a_relative_clause_that_takes_nothing(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert "Binnish" not in {p for p, _ in _taken(extract(text), resources)}
    assert "Ankara" not in {p for p, _ in _taken(extract(text), resources)}


def test_a_relative_clause_before_the_main_verb(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Ramadi, which the Islamic State seized in 2015, was retaken by Iraqi forces in December.")
    assert {("Ramadi", "Islamic State"), ("Ramadi", "Iraq")} <= _taken(ex, resources)


# --- withdrawals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Iraqi forces pulled out of Ramadi.", ("Ramadi", "", "Iraq")),
    ("Rebels were forced to withdraw from Morek.", ("Morek", "", "Syrian rebels")),
    ("Islamic State fighters withdrew from Manbij, under pressure from the Syrian Democratic Forces.",
     ("Manbij", "Syrian Democratic Forces", "Islamic State")),
    ("Islamic State militants retreated from Tal Afar as Iraqi troops advanced.", ("Tal Afar", "Iraq", "Islamic State")),
    ("The rebels lost Khan Shaykhun in August, following advances by government forces.",
     ("Khan Shaykhun", "Syrian government", "Syrian rebels")),
    ("The jihadists lost Dabiq to the rebels.", ("Dabiq", "Syrian rebels", "Jihadist groups")),
])
def test_a_withdrawal_is_a_loss(text: str, expected: tuple[str, str, str], extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert expected in _changes(extract(text), resources)


@pytest.mark.parametrize("text", [
    "Turkey demanded that the army withdraw from Saraqeb.",
    "The army said it had not withdrawn from Saraqeb.",
    "American troops withdrew from Syria.",
    "Thousands of civilians fled Raqqa.",
])
def test_withdrawals_that_change_no_hands(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert not _changes(extract(text), resources)


def test_the_headline_names_who_took_the_place_a_side_left(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Iraqi forces retake strategic town\n\nIslamic State militants withdrew from Rutba overnight.")
    assert ("Rutba", "Iraq", "Islamic State") in _changes(ex, resources)


def test_without_a_headline_taker_a_withdrawal_names_none(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Aid agencies warn of hunger\n\nIslamic State militants withdrew from Rutba overnight.")
    assert _changes(ex, resources) == {("Rutba", "", "Islamic State")}


# --- taken and lost again in one sentence ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Rebels broke into Khan Tuman, which the army had captured in May, only to lose it by nightfall.",
    "Rebels stormed and took Khan Tuman a week after the army seized it, and lost it two days later.",
])
def test_taken_back_and_lost_again(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract(text)
    changes = _changes(ex, resources)
    assert ("Khan Tuman", "Syrian government", "Syrian rebels") in changes
    assert ("Khan Tuman", "Syrian government", "") in changes
    retaken = [e for e in ex.events if e.attributes.get("subtype") == "entered without taking control"
               or (e.type == "ControlChange" and "previousController" not in e.entities)]
    assert retaken


def test_a_place_taken_in_a_relative_clause_gives_no_subject(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels raced towards Khan Tuman, which the army had captured in May, only to lose it by nightfall.")
    assert not {c for c in _changes(ex, resources) if c[2]}


def test_lost_again_with_no_other_side_named(extract, resources) -> None:  # type: ignore[no-untyped-def]
    changes = _changes(extract("Rebels re-took Khan Tuman on Friday but lost it a day later."), resources)
    assert changes == {("Khan Tuman", "Syrian rebels", ""), ("Khan Tuman", "", "Syrian rebels")}


def test_a_loss_of_another_place_has_no_side_to_take(extract, resources) -> None:  # type: ignore[no-untyped-def]
    changes = _changes(extract("Iraqi forces took Ramadi and then lost Heet."), resources)
    assert changes == {("Ramadi", "Iraq", "")}


# --- headlines the body narrows ----------------------------------------------------------------

def test_a_headline_change_the_body_narrows_is_dropped(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Iraqi forces take control of Mosul\n\n"
                 "Iraqi troops took full control of villages in the countryside south of Mosul on Sunday. "
                 "Mosul itself remains under siege.")
    assert "Mosul" not in {p for p, _ in _taken(ex, resources)}


def test_a_headline_change_the_body_reports_stands(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Iraqi forces take control of Tikrit\n\nIraqi troops entered Tikrit on Sunday after a long siege.")
    assert ("Tikrit", "Iraq") in _taken(ex, resources)


def test_a_subheading_is_read_as_a_headline(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Iraqi troops took villages around Mosul on Sunday.\n\nIraqi forces capture Mosul\n\n"
                 "The siege of Mosul continued.")
    assert "Mosul" not in {p for p, _ in _taken(ex, resources)}


def test_a_long_line_without_a_full_stop_is_body_text(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Iraqi forces said on Sunday that after weeks of house-to-house fighting in the old city they had "
                 "finally taken full control of Mosul from the militants\n\nThe siege had lasted months.")
    assert ("Mosul", "Iraq") in _taken(ex, resources)


# --- other shapes ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The army's capture of Khan Tuman cut a supply line.", ("Khan Tuman", "Syrian government")),
    ("The fall of Ramadi to the Islamic State shocked Baghdad.", ("Ramadi", "Islamic State")),
    ("Iraqi forces reimposed full control over Fallujah.", ("Fallujah", "Iraq")),
    ("Iraqi troops backed by US-led coalition artillery recaptured Rutba.", ("Rutba", "Iraq")),
    ("Government forces and allied militias seized Bosra on Friday.", ("Bosra", "Syrian government")),
    ("Islamic State fighters overran Raqqa province's Tabqa airbase.", ("Tabqa airbase", "Islamic State")),
    ("Government forces wrested control of Khan Shaykhun from the rebels.", ("Khan Shaykhun", "Syrian government")),
    ("Iraqi troops cleared Qaraqosh of the last Islamic State fighters.", ("Qaraqosh", "Iraq")),
    ("Government forces purged Bosra of militants on Friday.", ("Bosra", "Syrian government")),
    ("Iraqi forces completed their recapture of Fallujah.", ("Fallujah", "Iraq")),
    ("By nightfall Hawija came under the full control of Iraqi forces.", ("Hawija", "Iraq")),
    ("Iraqi forces declared Tal Afar fully liberated.", ("Tal Afar", "Iraq")),
])
def test_more_ways_of_saying_a_place_was_taken(text: str, expected: tuple[str, str], extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert expected in _taken(extract(text), resources)


@pytest.mark.parametrize("text", [
    "The army's failure to capture Saraqeb angered Moscow.",
    "Government forces seized Aleppo's western countryside.",
    "Army engineers cleared Saraqeb of rubble.",
    "Rebels gained ground near Saraqeb.",
])
def test_shapes_that_take_no_named_place(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert not {p for p, _ in _taken(extract(text), resources)} & {"Saraqeb", "Aleppo"}


def test_a_relative_clause_between_subject_and_verb(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Syrian troops, who broke the siege of Deir ez-Zor in September, have since captured Mayadin.")
    assert _taken(ex, resources) == {("Mayadin", "Syrian government")}


def test_the_object_of_a_relative_clause_is_not_the_subject(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert ("Afrin", "Syrian rebels") not in _taken(extract("Turkey, which arms the rebels, captured Afrin."), resources)


def test_names_joined_by_a_comma_alone_are_no_list(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("After the army captured Maadan, Turkey sent reinforcements.")
    assert _taken(ex, resources) == {("Maadan", "Syrian government")}


def test_a_month_named_may_is_no_modal(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert ("Palmyra", "Islamic State") in _taken(extract("The Islamic State seized Palmyra in May 2015."), resources)


# --- allies named in a tail are read past -----------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Iraqi troops and their Kurdish peshmerga allies retook Bashiqa on Monday.", {("Bashiqa", "Iraq")}),
    ("Government forces and their Iranian-backed allies seized Albu Kamal.", {("Albu Kamal", "Syrian government")}),
])
def test_allies_named_after_a_possessive_do_not_take_the_place(text: str, expected: set[tuple[str, str]],
                                                                extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _taken(extract(text), resources) == expected


# --- an apposition between the subject and its verb ---------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The Syrian Democratic Forces, an alliance of Kurdish and Arab fighters, captured Tabqa on Friday.",
     {("Tabqa", "Syrian Democratic Forces")}),
    ("Hayat Tahrir al-Sham, the strongest faction in the province, seized Maarrat Misrin.",
     {("Maarat Misrin", "Hayat Tahrir al-Sham")}),
])
def test_an_apposition_after_the_subject_is_read_past(text: str, expected: set[tuple[str, str]],
                                                       extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _taken(extract(text), resources) == expected


def test_a_relative_clause_is_no_apposition(extract, labels) -> None:  # type: ignore[no-untyped-def]
    found = labels(extract("Turkish patrols near Saraqeb, which Ankara said were protected by a deal with "
                           "Moscow, a close ally of Damascus, came under fire."))
    assert ("Russia", "kg:alliedWith", "Syrian government") in found
    assert not any(p == "kg:alliedWith" and "Turkey" in (s, o) for s, p, o in found)


def test_an_apposition_after_a_place_leaves_the_place_taken(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Tikrit, the capital of Salahuddin province, was retaken by Iraqi forces in March.")
    assert _taken(ex, resources) == {("Tikrit", "Iraq")}
    ex = extract("Baiji, a refinery town north of Tikrit, was recaptured by Iraqi troops.")
    assert _taken(ex, resources) == {("Baiji", "Iraq")}
