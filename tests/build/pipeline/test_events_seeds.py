"""Events on the five seeds: who took which town when and according to whom, casualty figures
side by side, talks held and planned; and precision/recall against hand-made expectations."""

from __future__ import annotations

from conftest import SEEDS, TESTS
from helpers import table
from rdflib import Dataset

from kg.build.builder import extraction_resources
from kg.build.pipeline.extract import extract_article
from kg.build.pipeline.read import read_articles
from kg.evaluation.expectations import read_expectations, score


def test_nairab_taken_by_the_rebels_on_24_february(seeds_graph: Dataset) -> None:
    rows = table(seeds_graph, "control-changes", place="Nairab")
    assert any(r["newControllerLabel"] == "Syrian rebels" and r["date"] == "2020-02-24" and r["datePrecision"] == "day"
               and "Syrian Observatory for Human Rights" in r["claimedByLabel"] for r in rows)
    assert any(r["newControllerLabel"] == "Syrian National Army" and "Yusef Hamoud" in r["claimedByLabel"] for r in rows)


def test_saraqeb_retaken_on_27_february_and_the_denied_claim(seeds_graph: Dataset) -> None:
    rows = table(seeds_graph, "control-changes", place="Saraqeb")
    assert any(r["newControllerLabel"] == "Syrian rebels" and r["date"] == "2020-02-27" for r in rows)
    assert any("Naji Mustafa" in r["claimedByLabel"] and r["disputedByLabel"] == "Russia" for r in rows)
    assert all(r["placeLabel"] == "Saraqeb" for r in rows)


def test_control_as_of_20_february_gives_saraqeb_to_the_government(seeds_graph: Dataset) -> None:
    rows = table(seeds_graph, "control-as-of", date="2020-02-20")
    assert {"placeLabel": "Saraqeb", "controllerLabel": "Syrian government"}.items() <= next(
        r for r in rows if r["placeLabel"] == "Saraqeb").items()


def test_strike_on_jabal_al_zawiya_with_its_denial(seeds_graph: Dataset) -> None:
    rows = table(seeds_graph, "casualties")
    strike = [r for r in rows if r["placeLabel"] == "Jabal al-Zawiya" and r["killed"] == "5"]
    assert strike and all(r["date"] == "2020-02-24" and r["victims"] == "civilians" for r in strike)
    assert any(r["deniedByLabel"] == "Russia" and r["perpetratorLabel"] == "Russia" for r in strike)


def test_turkish_death_figures_stay_side_by_side(seeds_graph: Dataset) -> None:
    turkish = {(r["killedText"], r["articleId"]) for r in table(seeds_graph, "casualties")
               if r["victimGroupLabel"] == "Turkey"}
    assert ("up to 16", "000_cfc37fd810af77c5") in turkish
    assert ("As many as 16", "001_82e97b080c835d8e") in turkish
    assert ("18", "002_e11947c28f210c76") in turkish


def test_talks_held_and_planned(seeds_graph: Dataset) -> None:
    rows = table(seeds_graph, "talks")
    assert any(r["placeLabel"] == "Ankara" and r["outcome"] == "no agreement" and r["status"] == "reported" for r in rows)
    assert any(r["date"] == "2020-03-05" and r["status"] == "planned"
               and {"Recep Tayyip Erdogan", "Vladimir Putin"} <= set(r["participants"].split("; ")) for r in rows)


def test_helicopter_shot_down_on_11_february_with_its_place(seeds_graph: Dataset) -> None:
    rows = table(seeds_graph, "events", type="aircraft shot down")
    assert any(r["date"] == "2020-02-11" and r["placeLabel"] == "Idlib province" for r in rows)


def test_event_precision_and_recall_on_the_seeds() -> None:
    res = extraction_resources()
    extractions = [extract_article(a, res) for a in read_articles([SEEDS]).articles]
    expectations = read_expectations(TESTS / "cases" / "seed_events.tsv")
    for s in score(extractions, expectations, res):
        assert s.precision == 1.0, s
        assert s.recall >= 0.75, s


def test_displacement_figures_side_by_side_with_sources(seeds_graph: Dataset) -> None:
    rows = table(seeds_graph, "figures", topic="displaced")
    stated = {(r["stated"], r["articleId"]) for r in rows}
    assert ("some 900,000", "000_cfc37fd810af77c5") in stated
    assert ("almost 700,000", "004_e13c19ef22c09c8a") in stated
    assert any(r["value"] == "580000" and r["reportedByLabel"] == "United Nations" for r in rows)
    assert len({r["value"] for r in rows}) >= 3
