"""Several victim groups in one clause: one report for each side a clause counts, with its own
figure or none; counted groups of one side summed; a shared figure over sides it cannot split
left out; deaths told only as denied, supposed or wounded-only give no report. And the
casualties query lists every report, with a figure in words, in numbers, or none."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from kg.build.builder import build
from kg.build.pipeline.quantities import find_quantities
from kg.build.pipeline.segment import tokenize
from kg.questions.query import select_rows
from kg.store.bridge import read_dataset

Row = tuple[str | None, frozenset[str], str | None]  # figure as stated, victim groups, victims' words


def reports(text: str, extract, resources) -> list[Row]:  # type: ignore[no-untyped-def]
    """The death reports of a text, in order: (figure, groups, victims)."""
    found = []
    for event in extract(text).events:
        if "killed" not in event.quantities and event.type != "Casualties":
            continue
        figure = event.quantities.get("killed")
        groups = frozenset(resources.gazetteer.entities[i].label for i in event.entities.get("victimGroup", []))
        found.append((figure.text if figure else None, groups, event.words.get("victims")))
    return found


def test_each_side_of_a_clause_is_its_own_report(extract, resources) -> None:  # type: ignore[no-untyped-def]
    found = reports("Four Russian soldiers and two medics, as well as 9 rebels, were killed near Kafr Nabl.",
                    extract, resources)
    assert found == [("Four", frozenset({"Russia"}), "Russian soldiers"), ("two", frozenset(), "medics"),
                     ("9", frozenset({"Syrian rebels"}), "rebels")]


def test_a_shared_figure_and_a_group_without_one(extract, resources) -> None:  # type: ignore[no-untyped-def]
    found = reports("The fighting killed scores of regime soldiers and pro-government militiamen, as well as "
                    "Turkish-backed fighters on Sunday.", extract, resources)
    assert found == [("scores", frozenset({"Syrian government"}), "regime soldiers and pro-government militiamen"),
                     (None, frozenset({"Syrian rebels"}), "Turkish-backed fighters")]


def test_counted_groups_of_one_side_are_summed(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Six Iraqi soldiers and three Iraqi policemen were killed in an ambush near Tikrit.")
    (event,) = [e for e in ex.events if "killed" in e.quantities]
    assert event.quantities["killed"].value == 9
    assert event.words["victims"] == "Six Iraqi soldiers and three Iraqi policemen"
    assert {resources.gazetteer.entities[i].label for i in event.entities["victimGroup"]} == {"Iraq"}


def test_an_article_counts_one_in_a_sum(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The ambush killed eleven Russian soldiers and a Russian interpreter.")
    assert [e.quantities["killed"].value for e in ex.events if "killed" in e.quantities] == [12]


def test_groups_of_different_sides_are_not_summed(extract, resources) -> None:  # type: ignore[no-untyped-def]
    found = reports("Five Turkish soldiers and two civilians were killed by shelling near Sarmin.", extract, resources)
    assert found == [("Five", frozenset({"Turkey"}), "Turkish soldiers"), ("two", frozenset(), "civilians")]


@pytest.mark.parametrize("text", [
    "Hundreds of fighters and civilians died in the siege of the town.",
    "The clashes killed dozens of Syrian troops and Iranian militiamen.",
])
def test_a_figure_shared_by_different_sides_is_no_report(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert reports(text, extract, resources) == []


def test_a_clause_after_and_is_no_victim(extract, resources) -> None:  # type: ignore[no-untyped-def]
    found = reports("Russian jets killed 7 civilians and Turkey condemned the raid.", extract, resources)
    assert [(figure, victims) for figure, _, victims in found] == [("7", "civilians")]


def test_a_group_counted_as_wounded_is_left_out(extract, resources) -> None:  # type: ignore[no-untyped-def]
    found = reports("The raid killed two fighters and 5 civilians were hurt.", extract, resources)
    assert found == [("two", frozenset(), "fighters")]


def test_a_result_with_the_victims_it_includes(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Russian rockets hit Jisr al-Shughur at dawn, resulting in six casualties, including three women.")
    (event,) = [e for e in ex.events if e.type == "Casualties"]
    assert event.quantities["killed"].value == 6
    assert event.words["victims"] == "six casualties, including three women"
    assert {resources.gazetteer.entities[i].label for i in event.entities["actor"]} == {"Russia"}


@pytest.mark.parametrize("text, attacker", [
    ("Rescuers recovered a girl who died in a regime air raid on Sarmin.", "Syrian government"),
    ("Medics named a farmer who was killed in a Russian airstrike near Ariha.", "Russia"),
])
def test_one_victim_in_a_relative_clause_with_the_attacker_of_the_raid(text: str, attacker: str,
                                                                       extract, resources) -> None:  # type: ignore[no-untyped-def]
    (event,) = [e for e in extract(text).events if e.type == "Casualties"]
    assert event.quantities["killed"].value == 1 and event.words["victims"] in ("a girl", "a farmer")
    assert {resources.gazetteer.entities[i].label for i in event.entities["actor"]} == {attacker}


def test_a_named_side_killed_without_a_figure(extract, resources) -> None:  # type: ignore[no-untyped-def]
    found = reports("Russian military police in the eastern countryside were killed by rebel fire, Moscow said.",
                    extract, resources)
    assert found == [(None, frozenset({"Russia"}), "Russian military police")]


@pytest.mark.parametrize("text", [
    "Russian soldiers could be killed if the truce fails.",
    "Moscow denied that Russian jets killed 9 civilians in Ariha.",
    "Ankara denied that its troops were killed near Taftanaz.",
    "Rebel commanders said their fighters were not killed in the raid.",
])
def test_deaths_only_supposed_or_denied_are_no_report(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert reports(text, extract, resources) == []


def test_deaths_of_a_counted_side_told_again_without_a_figure_are_that_count(extract, resources) -> None:  # type: ignore[no-untyped-def]
    found = reports("Six Russian soldiers were killed near Tal Rifaat on Friday. Moscow said its soldiers were "
                    "killed by rebel shelling.", extract, resources)
    assert found == [("Six", frozenset({"Russia"}), "Russian soldiers")]


def test_deaths_claimed_and_then_denied_stay_with_the_denial(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The monitor said nine civilians died in Ariha, which Moscow denied.")
    (event,) = [e for e in ex.events if "killed" in e.quantities]
    assert event.quantities["killed"].value == 9 and event.denied_by


@pytest.mark.parametrize("text, found", [
    ("the body of a boy", [("a", 1)]),
    ("a Kurdish fighter", [("a", 1)]),
    ("a pro-government militiaman", [("a", 1)]),
    ("a government airstrike", []),
    ("a boy-scout camp", []),
])
def test_an_article_before_one_victim_is_a_figure_of_one(text: str, found: list[tuple[str, int]],
                                                         resources) -> None:  # type: ignore[no-untyped-def]
    tokens = tokenize(text, 0)
    quantities = find_quantities(tokens, set(), resources.quantities, text, 0)
    assert [(q.text, q.value) for q in quantities] == found
    assert all(q.implied for q in quantities)


CURATED = """@prefix kg: <https://w3id.org/conflict-kg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/conflict-kg/curated/count-only> a kg:Casualties ; kg:killed 4 ;
    kg:reportedIn <https://w3id.org/conflict-kg/article/dispatch> .
<https://w3id.org/conflict-kg/curated/words-only> a kg:Casualties ; kg:killedText "scores" ;
    kg:reportedIn <https://w3id.org/conflict-kg/article/dispatch> .
"""


@pytest.fixture(scope="session")
def dispatch_graph(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("dispatch")
    (folder / "dispatch.txt").write_text(
        "Russian military police near Tal Rifaat were killed by rebel shelling on Monday, Moscow said. "
        "Three Turkish soldiers and a Turkish interpreter were killed near Binnish.\n", encoding="utf-8")
    curated = tmp_path_factory.mktemp("curated") / "figures.ttl"
    curated.write_text(CURATED, encoding="utf-8")
    summary = build([folder], folder / "graph.trig", curated=[curated])
    return read_dataset([summary.output])


def casualty_rows(graph: Dataset) -> list[dict[str, str]]:
    return select_rows(graph, "casualties")


def test_the_casualties_query_lists_reports_without_a_figure(dispatch_graph: Dataset) -> None:
    rows = casualty_rows(dispatch_graph)
    assert any(r["victimGroupLabel"] == "Russia" and r["killed"] == "" and r["killedText"] == "" for r in rows)
    assert any(r["victimGroupLabel"] == "Turkey" and r["killed"] == "4" and r["killedText"] == "Three and 1"
               for r in rows)


def test_the_casualties_query_lists_a_figure_in_numbers_or_in_words_alone(dispatch_graph: Dataset) -> None:
    rows = casualty_rows(dispatch_graph)
    assert any(r["killed"] == "4" and r["killedText"] == "" for r in rows)
    assert any(r["killed"] == "" and r["killedText"] == "scores" for r in rows)
