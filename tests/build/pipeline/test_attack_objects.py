"""Attacks told with what they hit: an armed clash told with a verb ("A clashed with B near P"),
and strikes and shelling of someone's positions, bases or convoys near a place; not the generic
"have fought" that tells no single event."""

from __future__ import annotations


def _events(ex, resources, kind: str) -> list[dict[str, set[str]]]:  # type: ignore[no-untyped-def]
    return [{role: {resources.gazetteer.entities[v].label for v in values} for role, values in event.entities.items()}
            for event in ex.events if event.type == kind]


def test_a_clash_told_with_a_verb_is_an_armed_clash(extract, resources) -> None:  # type: ignore[no-untyped-def]
    for text in ("Peshmerga units fought Islamic State militants near Tal Afar on Sunday.",
                 "Peshmerga fighters had clashed with Islamic State near Tal Afar before dawn."):
        assert _events(extract(text), resources, "ArmedClash") == [
            {"actor": {"Peshmerga"}, "target": {"Islamic State"}, "place": {"Tal Afar"}}], text


def test_fighting_for_years_is_no_single_clash(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _events(extract("The Peshmerga have fought Islamic State for years in Nineveh."), resources,
                   "ArmedClash") == []


def test_a_strike_on_someones_positions_near_a_place(extract, resources) -> None:  # type: ignore[no-untyped-def]
    strikes = _events(extract("US-led coalition jets bombed an Islamic State convoy outside Tal Afar."), resources,
                      "AirStrike")
    assert strikes == [{"actor": {"US-led coalition"}, "target": {"Islamic State"}, "place": {"Tal Afar"}}]


def test_shelling_of_positions_named_by_a_demonym(extract, resources) -> None:  # type: ignore[no-untyped-def]
    shelling = _events(extract("Islamic State fighters shelled Iraqi positions near Tal Afar on Monday."), resources,
                       "Shelling")
    assert shelling == [{"actor": {"Islamic State"}, "place": {"Tal Afar"}}]


def test_a_post_stormed_near_a_place_is_an_armed_clash(extract, resources) -> None:  # type: ignore[no-untyped-def]
    clashes = _events(extract("Peshmerga fighters overran an Islamic State checkpoint outside Sinjar."), resources,
                      "ArmedClash")
    assert clashes == [{"actor": {"Peshmerga"}, "target": {"Islamic State"}, "place": {"Sinjar"}}]


def test_a_claim_of_a_suicide_bombing_names_its_actor_and_place(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Islamic State has claimed responsibility for the twin suicide bombings in Baghdad.")
    assert _events(ex, resources, "SuicideAttack") == [{"actor": {"Islamic State"}, "place": {"Baghdad"}}]
