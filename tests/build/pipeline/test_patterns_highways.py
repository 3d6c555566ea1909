"""What highways connect and what lies on them: the ends reporters give a road (a city, a
border, a pair in brackets or in the road's own name), the road a description such as "the
highway" stands for, and borders that are ends of roads and nothing else."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.builder import build
from kg.questions.query import bind, get_query, run
from kg.store.bridge import read_dataset


def _connects(triples: set[tuple[str, str, str]]) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in triples if p == "kg:connects"}


def _lies_on(triples: set[tuple[str, str, str]]) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in triples if p == "kg:liesOn"}


@pytest.mark.parametrize(("text", "ends"), [
    ("The M2 leads west from Damascus to the Lebanese border.", {("M2", "Damascus"), ("M2", "Lebanese border")}),
    ("South of Homs the M5 runs down to the border with Jordan.", {("M5", "Jordanian border")}),
    ("Engineers said the M1 links Baniyas to the Turkish border.", {("M1", "Baniyas"), ("M1", "Turkish border")}),
])
def test_a_highway_runs_to_a_border(text: str, ends: set[tuple[str, str]], extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert ends <= _connects(labels(extract(text)))


@pytest.mark.parametrize("text", [
    "Government forces seized the Lebanese border on Friday.",
    "Rebels took control of the Jordanian border.",
    "The Iraqi border lies on the M4.",
    "The Turkish border is held by the Syrian National Army.",
    "Artillery shelled the Iraqi border overnight.",
])
def test_a_border_is_never_taken_held_or_on_a_road(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract(text)
    borders = {iri for iri, e in resources.gazetteer.entities.items() if "Border" in e.classes}
    assert not {iri for e in ex.evidence for iri in (e.statement.subject, e.statement.object)} & borders
    assert not {iri for ev in ex.events for iris in ev.entities.values() for iri in iris} & borders


def test_border_guards_are_the_forces_of_their_state(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Jordanian border guards turned back the convoy.")
    assert {resources.gazetteer.entities[iri].label for iri in ex.mentioned} >= {"Jordan"}


def test_the_ends_in_brackets_after_a_highway(extract, labels) -> None:  # type: ignore[no-untyped-def]
    triples = labels(extract("Traffic returned to the M1 highway (Homs-Tartus) on Friday."))
    assert _connects(triples) == {("M1", "Homs"), ("M1", "Tartus")}


def test_the_ends_a_highway_is_named_by(extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert _connects(labels(extract("Rebels mined the Tartus-Homs highway at night."))) == {
        ("M1", "Tartus"), ("M1", "Homs")}
    assert _connects(labels(extract("Buses crawled along the Hama-Homs M5 highway."))) == {
        ("M5", "Hama"), ("M5", "Homs")}


@pytest.mark.parametrize("text", [
    "Diplomats praised the Russia-Turkey M4 deal.",
    "Patrols on the M4 (Turkey-Russia) were suspended.",
])
def test_countries_joined_before_a_highway_are_no_ends_of_it(text: str, extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert _connects(labels(extract(text))) == set()


def test_the_highway_named_in_apposition_runs_all_the_way(extract, labels) -> None:  # type: ignore[no-untyped-def]
    triples = labels(extract("The highway, the M20, stretches all the way from Palmyra to Deir ez-Zor."))
    assert _connects(triples) == {("M20", "Palmyra"), ("M20", "Deir ez-Zor")}


def test_the_highway_is_the_one_highway_in_play(extract, labels) -> None:  # type: ignore[no-untyped-def]
    triples = labels(extract("Engineers repaired the M1 near Baniyas. The highway links Homs with the port of Tartus."))
    assert _connects(triples) == {("M1", "Homs"), ("M1", "Tartus")}


def test_the_highway_named_long_before_is_still_the_one_in_play(extract, labels) -> None:  # type: ignore[no-untyped-def]
    text = ("Engineers repaired the M20 near Palmyra. Jets struck Raqqa. Shells hit Homs. "
            "Talks began in Ankara. Aid reached Idlib. The highway runs east from Palmyra to Deir ez-Zor.")
    assert _connects(labels(extract(text))) == {("M20", "Palmyra"), ("M20", "Deir ez-Zor")}


@pytest.mark.parametrize("text", [
    "The M1 and the M5 reopened after the storm. The highway links Homs with Tartus.",
    "The highway links Homs with Tartus. Later the M1 reopened.",
    "The highway links Homs with Tartus.",
])
def test_the_highway_says_nothing_unless_one_highway_is_in_play(text: str, extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert _connects(labels(extract(text))) == set()


def test_a_highway_is_the_route_between_two_cities(extract, labels) -> None:  # type: ignore[no-untyped-def]
    text = "The M20 matters to the army because it is the only route between Palmyra and Deir ez-Zor."
    assert _connects(labels(extract(text))) == {("M20", "Palmyra"), ("M20", "Deir ez-Zor")}


def test_towns_said_to_be_on_a_highway(extract, labels) -> None:  # type: ignore[no-untyped-def]
    triples = labels(extract("Rastan and Talbiseh are two farming towns on the M5."))
    assert _lies_on(triples) == {("Rastan", "M5"), ("Talbiseh", "M5")}


DISPATCHES = {
    "coast.txt": "date 2031-03-02\n\nThe M1 highway (Homs-Tartus) reopened on Monday. "
                 "Baniyas lies on the M1, which goes north to Latakia.\n",
    "west.txt": "date 2031-03-04\n\nGovernment forces seized the Lebanese border on Tuesday. "
                "The highway, the M2, runs from Damascus to the Lebanese border.\n",
}


def _rows(graph, name: str, **params: str) -> set[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    result = run(graph, bind(get_query(name), params))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return {tuple(s[n].value if s[n] is not None else "" for n in names) for s in result}


@pytest.fixture(scope="session")
def roads_graph(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("roads")
    for name, text in DISPATCHES.items():
        (folder / name).write_text(text, encoding="utf-8")
    summary = build([folder], folder / "graph.trig")
    assert summary.conforms
    assert summary.output is not None
    return read_dataset([Path(summary.output)])


def test_highway_connections_lists_each_end_with_its_source(roads_graph) -> None:  # type: ignore[no-untyped-def]
    assert {(h, p) for h, p, _ in _rows(roads_graph, "highway-connections")} == {
        ("M1", "Homs"), ("M1", "Tartus"), ("M1", "Latakia"), ("M2", "Damascus"), ("M2", "Lebanese border")}
    assert {(h, p) for h, p, _ in _rows(roads_graph, "highway-connections", highway="M-2")} == {
        ("M2", "Damascus"), ("M2", "Lebanese border")}


def test_what_lies_on_a_highway_holds_no_border(roads_graph) -> None:  # type: ignore[no-untyped-def]
    assert {p for _, p, _ in _rows(roads_graph, "what-lies-on", highway="M1")} == {"Baniyas"}
    assert {p for _, p, _ in _rows(roads_graph, "what-lies-on", highway="M2")} == set()


def test_no_control_change_of_a_border(roads_graph) -> None:  # type: ignore[no-untyped-def]
    assert not any("border" in value for row in _rows(roads_graph, "control-changes") for value in row)


@pytest.mark.parametrize("text", [
    "The M4 was cut near Ariha. Troops moved along the road linking Ariha and Idlib city.",
    "The M1 was shelled. The road leading to Baniyas was closed.",
])
def test_a_bare_road_is_no_highway(text: str, extract, labels) -> None:  # type: ignore[no-untyped-def]
    """Reporters name lesser roads "the road" just after a highway: it is not the highway."""
    assert _connects(labels(extract(text))) == set()
