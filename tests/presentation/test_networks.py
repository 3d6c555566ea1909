"""networkx views on small hand-made graphs with known sides, junctions and cut points, on the
seeds, and the exports read back by their own readers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
from helpers import ACLED_CODEBOOK_COLUMNS
from rdflib import Dataset

from kg.build.builder import BuildSummary, build
from kg.presentation.exports import export
from kg.presentation.networks import actor_network, roads, route, sides
from kg.questions.query import select_rows
from kg.store.bridge import read_dataset

STAR = """@prefix kg: <https://w3id.org/conflict-kg/ontology#> .
@prefix kgr: <https://w3id.org/conflict-kg/id/> .
kgr:Saraqeb kg:liesOn kgr:M4 , kgr:M5 .
kgr:M4 kg:connects kgr:Latakia , kgr:Ariha .
kgr:M5 kg:connects kgr:Damascus , kgr:Aleppo .
kgr:Turkey kg:backs kgr:SyrianNationalArmy .
kgr:SyrianNationalArmy kg:alliedWith kgr:NationalFrontForLiberation .
kgr:Russia kg:backs kgr:SyrianGovernment .
kgr:Iran kg:backs kgr:SyrianGovernment .
kgr:SyrianNationalArmy kg:opposes kgr:SyrianGovernment .
kgr:Turkey kg:opposes kgr:SyrianGovernment .
"""


def _hand_made(tmp_path: Path, statements: str = STAR) -> Dataset:
    """A graph of hand-written statements, beside an article that says nothing."""
    curated = tmp_path / "hand-made.ttl"
    curated.write_text(statements)
    article = tmp_path / "quiet.txt"
    article.write_text("A quiet day along the front.")
    summary = build([article], tmp_path / "g.trig", curated=[curated])
    return read_dataset([summary.output])


def _members(result, label: str) -> set[str]:  # type: ignore[no-untyped-def]
    side = next(s for s in result.sides if label in {a.label for a in s.members})
    return {a.label for a in side.members}


def test_sides_of_a_hand_made_war(tmp_path: Path) -> None:
    result = sides(_hand_made(tmp_path))
    assert {"Turkey", "Syrian National Army", "National Front for Liberation"} <= _members(result, "Turkey")
    assert {"Russia", "Iran", "Syrian government"} == _members(result, "Russia")
    assert (_members(result, "Turkey") & _members(result, "Russia")) == set()
    assert result.fights


def test_star_junction_is_a_cut_point(tmp_path: Path) -> None:
    network = roads(_hand_made(tmp_path))
    assert [j.place.label for j in network.junctions if set(j.highways) == {"M4", "M5"}] == ["Saraqeb"]
    assert "Saraqeb" in {c.label for c in network.cut_points}
    legs = route(_hand_made(tmp_path), "Latakia", "Damascus")
    assert next(p.label for p, _, _ in legs) == "Latakia" and legs[-1][0].label == "Damascus"
    assert "Saraqeb" in [p.label for p, _, _ in legs]


def test_seed_sides(seeds_graph: Dataset) -> None:
    result = sides(seeds_graph)
    turkey = _members(result, "Turkey")
    government = _members(result, "Syrian government")
    assert {"Turkey", "Syrian rebels", "Syrian National Army", "National Front for Liberation"} <= turkey
    assert {"Syrian government", "Russia", "Iran", "Iranian militias"} <= government
    assert not turkey & government


def test_seed_roads_put_saraqeb_at_the_junction(seeds_graph: Dataset) -> None:
    network = roads(seeds_graph)
    assert any(j.place.label == "Saraqeb" and j.highways == ["M4", "M5"] for j in network.junctions)


def test_graphml_and_gexf_load_in_networkx(seeds_build: BuildSummary, seeds_graph: Dataset, tmp_path: Path) -> None:
    view = actor_network(seeds_graph)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"actors.{fmt}"
        export(seeds_build.output, fmt, out)
        loaded = reader(out)
        assert set(loaded.nodes) == set(view.nodes)
        assert set(loaded.edges) == set(view.edges)


def test_geojson_has_saraqeb_at_its_coordinates(seeds_build: BuildSummary, tmp_path: Path) -> None:
    data, warnings = export(seeds_build.output, "geojson", tmp_path / "map.geojson")
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Point", "LineString")
        assert isinstance(feature["properties"], dict)
    saraqeb = next(f for f in collection["features"] if f["properties"].get("name") == "Saraqeb")
    assert saraqeb["geometry"]["coordinates"] == [36.8006, 35.8636]
    assert {f["properties"]["name"] for f in collection["features"] if f["properties"]["kind"] == "highway"} == {"M4", "M5"}
    assert warnings and "no coordinates" in warnings[0]


def test_acled_csv_has_acled_columns(seeds_build: BuildSummary, tmp_path: Path) -> None:
    data, _ = export(seeds_build.output, "acled", tmp_path / "events.csv")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert tuple(rows[0].keys()) == ACLED_CODEBOOK_COLUMNS
    assert {"Non-state actor overtakes territory", "Government regains territory", "Air/drone strike"} <= {
        r["sub_event_type"] for r in rows}
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike" and r["fatalities"] == "5")
    assert strike["event_date"] == "2020-02-24" and strike["time_precision"] == "1" and strike["actor1"] == "Russia"
    assert all(r["event_date"] and r["year"] == r["event_date"][:4] and r["time_precision"] in "123" for r in rows)
    reported = [r for r in select_rows(read_dataset([seeds_build.output]), "events-table")
                if r["status"] == "reported" and r["eventType"]]
    incidents = {r["incident"] or r["event"] for r in reported}
    assert len(rows) == len(incidents) < len(reported), "one row per incident, and some incidents have two reports"


TWO_FRONTS = """@prefix kg: <https://w3id.org/conflict-kg/ontology#> .
@prefix kgr: <https://w3id.org/conflict-kg/id/> .
kgr:Russia kg:backs kgr:SyrianGovernment .
kgr:Iran kg:backs kgr:SyrianGovernment .
kgr:Turkey kg:backs kgr:SyrianNationalArmy .
kgr:SyrianNationalArmy kg:opposes kgr:SyrianGovernment .
kgr:SyrianDemocraticForces kg:opposes kgr:IslamicState .
"""


def test_a_side_is_named_after_its_leading_member(tmp_path: Path) -> None:
    result = sides(_hand_made(tmp_path, TWO_FRONTS))
    names = {side.name: {a.label for a in side.members} for side in result.sides}
    assert names["Syrian government and allies"] == {"Syrian government", "Russia", "Iran"}
    assert names["Syrian National Army and allies"] == {"Syrian National Army", "Turkey"}
    assert names["Islamic State"] == {"Islamic State"} and names["Syrian Democratic Forces"] == {"Syrian Democratic Forces"}
    assert {frozenset(f) for f in result.fights} == {frozenset({"Syrian government and allies", "Syrian National Army and allies"}),
                                                     frozenset({"Islamic State", "Syrian Democratic Forces"})}
