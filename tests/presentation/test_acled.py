"""The ACLED CSV as ACLED's codebook has it: its 31 columns in its order, one row per incident
whatever the number of reports, the lowest fatality figure with the others in the notes, actor
type and interaction codes, and the country, region and province of the place."""

from __future__ import annotations

import csv
import io

import pytest
from helpers import ACLED_CODEBOOK_COLUMNS

from kg.build.builder import build
from kg.presentation.exports import export

REPORTS = {
    "first.md": "# Jets strike Binnish\n\nDate: 2019-06-10\n\nRussian warplanes struck the town of Binnish in "
                "Idlib province on Sunday, killing three civilians, the Syrian Observatory for Human Rights said.\n",
    "second.md": "# Raid on Binnish\n\nDate: 2019-06-11\n\nRussian warplanes bombed the town of Binnish in Idlib "
                 "province on Sunday, killing five civilians, the White Helmets said.\n",
    "third.md": "# Fighting near Kafr Nabl\n\nDate: 2019-06-12\n\nClashes between rebel factions and the Syrian "
                "army raged near Kafr Nabl on Tuesday, Syrian Deputy Foreign Minister Faisal Mekdad said.\n",
}


@pytest.fixture(scope="module")
def acled_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    folder = tmp_path_factory.mktemp("acled")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    output = build([folder], folder / "graph.trig", check=False).output
    assert output is not None
    data, _ = export(output, "acled")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    assert tuple(reader.fieldnames or ()) == ACLED_CODEBOOK_COLUMNS
    return list(reader)


def test_two_reports_of_one_strike_are_one_row_with_the_lowest_figure(acled_rows: list[dict[str, str]]) -> None:
    strikes = [r for r in acled_rows if r["sub_event_type"] == "Air/drone strike"]
    assert len(strikes) == 1
    strike = strikes[0]
    assert strike["fatalities"] == "3"
    assert "3 (first)" in strike["notes"] and "5 (second)" in strike["notes"]
    assert strike["event_date"] == "2019-06-09" and strike["time_precision"] == "1"
    assert strike["timestamp"] == "1560211200"  # the day the later report was published, 2019-06-11


def test_actor_types_and_interaction_come_from_the_actors_and_the_country(acled_rows: list[dict[str, str]]) -> None:
    strike = next(r for r in acled_rows if r["sub_event_type"] == "Air/drone strike")
    # a state's forces outside the country it rules are external forces (8); unnamed civilian victims are 7
    assert (strike["actor1"], strike["inter1"], strike["actor2"], strike["inter2"]) == (
        "Russia", "8", "Civilians (Syria)", "7")
    assert strike["interaction"] == "78" and strike["civilian_targeting"] == "Civilian targeting"
    clash = next(r for r in acled_rows if r["sub_event_type"] == "Armed clash")
    assert {clash["inter1"], clash["inter2"]} == {"1", "2"} and clash["interaction"] == "12"
    assert clash["civilian_targeting"] == ""


def test_the_sources_are_the_organisations_that_claimed_it_and_the_articles(
        acled_rows: list[dict[str, str]]) -> None:
    strike = next(r for r in acled_rows if r["sub_event_type"] == "Air/drone strike")
    assert strike["source"] == "Syrian Observatory for Human Rights; White Helmets; first; second"
    clash = next(r for r in acled_rows if r["sub_event_type"] == "Armed clash")
    assert clash["source"] == "third", "a minister who speaks is not a source"


def test_the_place_gives_country_region_province_and_precision(acled_rows: list[dict[str, str]]) -> None:
    strike = next(r for r in acled_rows if r["sub_event_type"] == "Air/drone strike")
    assert (strike["country"], strike["iso"], strike["region"], strike["admin1"], strike["location"]) == (
        "Syria", "760", "Middle East", "Idlib province", "Binnish")
    assert strike["latitude"] and strike["longitude"] and strike["geo_precision"] == "1"
    assert len({r["event_id_cnty"] for r in acled_rows}) == len(acled_rows)

