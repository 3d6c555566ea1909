"""An armed clash told with a verb ("A clashed with B near P"), and the generic "have fought"
that tells no single event."""

from __future__ import annotations


def _clashes(ex, resources) -> list[dict[str, set[str]]]:  # type: ignore[no-untyped-def]
    return [{role: {resources.gazetteer.entities[v].label for v in values} for role, values in event.entities.items()}
            for event in ex.events if event.type == "ArmedClash"]


def test_a_clash_told_with_a_verb_is_an_armed_clash(extract, resources) -> None:  # type: ignore[no-untyped-def]
    for text in ("Peshmerga units fought Islamic State militants near Tal Afar on Sunday.",
                 "Peshmerga fighters had clashed with Islamic State near Tal Afar before dawn."):
        assert _clashes(extract(text), resources) == [
            {"actor": {"Peshmerga"}, "target": {"Islamic State"}, "place": {"Tal Afar"}}], text


def test_fighting_for_years_is_no_single_clash(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _clashes(extract("The Peshmerga have fought Islamic State for years in Nineveh."), resources) == []
