"""A control change whose places follow a count or a "including": "took three towns, A, B and C",
"seized several villages, including A and B"."""

from __future__ import annotations


def _taken(ex, resources) -> list[tuple[set[str], set[str]]]:  # type: ignore[no-untyped-def]
    def labels(values: list[str]) -> set[str]:
        return {resources.gazetteer.entities[v].label for v in values}

    return [(labels(e.entities.get("newController", [])), labels(e.entities.get("place", [])))
            for e in ex.events if e.type == "ControlChange"]


def test_places_listed_after_a_count(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Iraqi forces retook three towns, Bartella, Qaraqosh and Bashiqa, in a week of fighting.")
    assert _taken(ex, resources) == [({"Iraq"}, {"Bartella", "Qaraqosh", "Bashiqa"})]


def test_places_listed_after_including(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The Peshmerga seized several villages, including Gwer and Makhmour, at dawn.")
    assert _taken(ex, resources) == [({"Peshmerga"}, {"Gwer", "Makhmour"})]


def test_a_count_with_no_places_after_it_takes_nothing(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _taken(extract("Iraqi forces retook three towns in a week, killing ten militants."), resources) == []


def test_a_count_of_districts_of_a_city_does_not_take_the_city(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _taken(extract("Iraqi forces retook four districts of Kirkuk on Friday."), resources) == []
