"""The ways reporters state deaths: each shape gives one casualty report with its figure and,
where the sentence names it, the victims' side; denied, negated and supposed deaths give no
reported casualties."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class Report:
    pattern: str
    status: str
    killed: str | None
    injured: str | None
    group: set[str]
    actor: set[str]
    victims: str | None
    denied: bool


def _reports(text: str, extract, resources) -> list[Report]:  # type: ignore[no-untyped-def]
    ex = extract(text)

    def names(iris: list[str]) -> set[str]:
        return {resources.gazetteer.entities[i].label for i in iris if i in resources.gazetteer.entities}

    found = []
    for event in ex.events:
        if "killed" not in event.quantities:
            continue
        injured = event.quantities.get("injured")
        found.append(Report(event.pattern, event.status, event.quantities["killed"].text,
                            injured.text if injured else None, names(event.entities.get("victimGroup", [])),
                            names(event.entities.get("actor", [])), event.words.get("victims"),
                            bool(event.denied_by)))
    return found


def _one(text: str, extract, resources) -> Report:  # type: ignore[no-untyped-def]
    reports = [r for r in _reports(text, extract, resources) if r.status == "reported"]
    assert len(reports) == 1, reports
    return reports[0]


@pytest.mark.parametrize("text, killed, group", [
    ("Four Syrian soldiers were martyred when their post near Ariha was shelled.", "Four", "Syrian government"),
    ("Nine Russian soldiers died in an ambush near Saraqeb.", "Nine", "Russia"),
])
def test_passive_deaths_with_the_side_named(text: str, killed: str, group: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one(text, extract, resources)
    assert report.killed == killed and report.group == {group}


def test_neutralised_counts_as_killed(extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one("Around 20 jihadists were neutralized west of Sarmin, the army said.", extract, resources)
    assert report.killed == "Around 20" and report.status == "reported"


def test_killed_and_wounded_keeps_both_figures_and_the_side(extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one("Three Turkish soldiers were killed and eleven wounded near Taftanaz.", extract, resources)
    assert (report.killed, report.injured, report.group) == ("Three", "eleven", {"Turkey"})


def test_a_participle_clause_gives_its_deaths_to_the_attacker_of_the_main_clause(extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one("Russian warplanes pounded a market in Maarat al-Numan, killing 14 civilians.", extract, resources)
    assert (report.killed, report.victims, report.actor) == ("14", "civilians", {"Russia"})


def test_a_participle_clause_without_a_named_attacker_names_none(extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one("A car bomb went off at a checkpoint, killing six policemen.", extract, resources)
    assert (report.killed, report.victims, report.actor) == ("six", "policemen", set())


def test_left_dead_and_a_toll_that_names_no_one(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _one("Overnight shelling of Binnish left seven people dead.", extract, resources).killed == "seven"
    ex = extract("Air strikes kill dozens near Maarat al-Numan.")
    assert [e for e in ex.events if e.type == "Casualties"] == []


def test_a_rising_death_toll_is_a_cumulative_figure(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The death toll among Russian troops has risen to 12 since the start of the month.")
    (event,) = [e for e in ex.events if e.pattern == "casualties.death-toll-rose"]
    assert event.quantities["killed"].value == 12 and event.attributes.get("scope") == "cumulative"


def test_victims_named_before_including_give_the_side(extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one("Moscow protested the attacks on Russian soldiers, including two killed on Sunday.", extract, resources)
    assert (report.killed, report.group) == ("two", {"Russia"})


def test_a_quoted_vague_figure(extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one('A rebel commander claimed "hundreds" of government troops were killed.', extract, resources)
    assert (report.killed, report.group) == ("hundreds", {"Syrian government"})


def test_a_figure_set_off_by_commas_before_its_verb(extract, resources) -> None:  # type: ignore[no-untyped-def]
    reports = _reports("Two rebel commanders and a medic, as well as 6 Syrian soldiers, were killed.", extract, resources)
    assert [(r.killed, r.group) for r in reports] == [("Two", {"Syrian rebels"}), ("a", set()), ("6", {"Syrian government"})]


@pytest.mark.parametrize("text", [
    "No one was killed in the strike on Ariha, the monitor said.",
    "Nobody died when the shell hit an empty school.",
    "Officials warned the offensive could kill thousands of civilians.",
    "If the truce collapses, Russian jets may strike Idlib, killing hundreds of civilians.",
    "Ankara denied killing 40 Syrian soldiers.",
])
def test_no_reported_deaths_when_denied_negated_or_supposed(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    reported = [r for r in _reports(text, extract, resources) if r.status == "reported" and not r.denied]
    assert reported == []


def test_a_strike_verb_with_a_convoy_as_object_downs_no_aircraft(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Turkish drones struck a supply convoy near Saraqeb overnight.")
    assert not [e for e in ex.events if e.type == "AircraftDowned"]


def test_a_headline_downing(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("A Syrian army helicopter shot down near Nairab.")
    (event,) = [e for e in ex.events if e.type == "AircraftDowned"]
    assert {resources.gazetteer.entities[i].label for i in event.entities["target"]} == {"Syrian government"}


@pytest.mark.parametrize("text", [
    "Officials warned that Russian jets could kill hundreds of civilians in Ariha.",
    "If the truce collapses, Russian jets may strike Idlib, killing hundreds of civilians.",
])
def test_a_supposed_figure_is_no_count_of_the_dead(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _reports(text, extract, resources) == []


def test_a_figure_with_an_inner_including_counts_the_whole(extract, resources) -> None:  # type: ignore[no-untyped-def]
    reports = _reports("Nine villagers, including four women, were killed when shells hit Kafr Nabl.", extract, resources)
    assert [r.killed for r in reports] == ["Nine"]


def test_a_strike_without_a_named_attacker(extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one("Rescuers said a drone strike killed 5 civilians in Sarmada.", extract, resources)
    assert (report.killed, report.victims, report.actor) == ("5", "civilians", set())


def test_a_strike_with_its_attacker_is_one_report_not_two(extract, resources) -> None:  # type: ignore[no-untyped-def]
    reports = _reports("Syrian government airstrikes killed eight civilians in Ariha on Sunday.", extract, resources)
    assert len(reports) == 1 and reports[0].actor == {"Syrian government"}


@pytest.mark.parametrize("text, killed, group", [
    ("Shelling on the outpost claimed the lives of 3 Turkish soldiers.", "3", "Turkey"),
    ("Twelve Syrian soldiers lost their lives near Kafr Nabl.", "Twelve", "Syrian government"),
])
def test_lives_claimed_and_lost(text: str, killed: str, group: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one(text, extract, resources)
    assert (report.killed, report.group) == (killed, {group})


def test_a_reported_figure(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _one("At least 30 people were reported killed in Taftanaz.", extract, resources).killed == "At least 30"


def test_a_strike_that_killed_no_one(extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _reports("Officials said the rocket attack killed nobody.", extract, resources) == []


def test_deaths_in_a_participle_clause_belong_to_the_strike_of_the_main_clause(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Syrian army artillery shelled Binnish on Friday, killing five civilians.")
    counted = [e for e in ex.events if "killed" in e.quantities]
    assert [(e.type, e.quantities["killed"].text) for e in counted] == [("Shelling", "five")]
    (place,) = counted[0].entities["place"]
    assert resources.gazetteer.entities[place].label == "Binnish"


@pytest.mark.parametrize("text, killed, group, victims", [
    ("A roadside bomb hit a patrol near Hit, killing at least 9 fighters.", "at least 9", None, "fighters"),
    ("The raid on Qaim claimed the lives of 6 Iraqi soldiers.", "6", "Iraq", "Iraqi soldiers"),
    ("Fourteen people lost their lives when a truck bomb went off in Baiji.", "Fourteen", None, "people"),
    ("Government barrel bombs left 21 civilians dead in Daraa.", "21", None, "civilians"),
    ("Seven members of the Islamic State were killed in a raid near Fallujah.", "Seven", "Islamic State",
     "members of the Islamic State"),
    ("The Iraqi army lost 12 soldiers in the battle for Ramadi.", "12", "Iraq", "soldiers"),
    ("Four civilians, three of them women, died in the shelling of Atareb.", "Four", None, "civilians"),
    ("Islamic State gunmen executed 8 men in a village near Mayadin.", "8", None, "men"),
    ("Baghdad confirmed the deaths of 3 Iraqi soldiers in the attack.", "3", "Iraq", "Iraqi soldiers"),
    ("Ankara said that between 20 and 25 Syrian soldiers had been killed.", "between 20 and 25", "Syrian government",
     "Syrian soldiers"),
])
def test_how_reporters_state_deaths(text: str, killed: str, group: str | None, victims: str,
                                    extract, resources) -> None:  # type: ignore[no-untyped-def]
    report = _one(text, extract, resources)
    assert (report.killed, report.group, report.victims) == (killed, {group} if group else set(), victims)


@pytest.mark.parametrize("text", [
    "Twelve civilians were wounded when shells hit Maarat al-Numan.",
    "The convoy left 300 families homeless near Sarmada.",
    "The bombing resulted in 40 people being displaced.",
])
def test_the_living_are_no_count_of_the_dead(text: str, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert _reports(text, extract, resources) == []

