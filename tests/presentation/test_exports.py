"""Exports of a small graph: RDF, the actor network, GeoJSON and ACLED-style CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from helpers import ACLED_CODEBOOK_COLUMNS, run_kg
from rdflib import Dataset

from kg.build.builder import build
from kg.build.pipeline.extract import Resources
from kg.common.errors import UsageError
from kg.common.namespaces import ARTICLE, GRAPH, KGR, PROV
from kg.presentation.exports import EXPORT_FORMATS, export

ARTICLE_TEXT = """# SDF takes Tabqa

Date: 2017-05-10

The Syrian Democratic Forces captured Tabqa from Islamic State on May 10, 2017. \
The SDF is backed by the United States. Turkey-backed factions seized Jinderes near Afrin on March 8, 2018.
"""


@pytest.fixture(scope="session")
def graph(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    (folder / "articles").mkdir()
    (folder / "articles" / "tabqa.md").write_text(ARTICLE_TEXT, encoding="utf-8")
    output = build([folder / "articles"], folder / "graph.trig", check=False).output
    assert output is not None
    return output


def test_an_rdf_export_holds_the_article_graph(graph: Path, tmp_path: Path) -> None:
    output = tmp_path / "graph.nq"
    data, warnings = export(graph, "NQ", output)
    assert warnings == [] and output.read_bytes() == data
    dataset = Dataset()
    dataset.parse(data=data, format="nquads")
    article_graph = dataset.graph(GRAPH["article/tabqa"])
    assert (None, PROV.wasDerivedFrom, ARTICLE["tabqa"]) in article_graph


def test_the_network_export_links_backer_and_backed(graph: Path) -> None:
    data, _ = export(graph, "graphml")
    network = nx.read_graphml(io.BytesIO(data))
    edge = network.get_edge_data(str(KGR.USA), str(KGR.SyrianDemocraticForces))
    assert edge is not None and edge["relation"] == "backs"
    assert network.nodes[str(KGR.SyrianDemocraticForces)]["label"] == "Syrian Democratic Forces"


def test_the_map_shows_who_took_each_place_and_names_places_left_off(graph: Path) -> None:
    data, warnings = export(graph, "geojson")
    collection = json.loads(data)
    places = {f["properties"]["name"]: f for f in collection["features"] if f["properties"]["kind"] == "place"}
    tabqa = places["Tabqa"]
    assert tabqa["properties"]["controller"] == "Syrian Democratic Forces"
    assert tabqa["properties"]["controlledSince"] == "2017-05-10"
    longitude, latitude = tabqa["geometry"]["coordinates"]
    assert 35 < latitude < 37 and 38 < longitude < 39
    events = [f for f in collection["features"] if f["properties"]["kind"] == "event"]
    assert {e["properties"]["place"] for e in events} >= {"Tabqa", "Jandairis"}
    assert warnings == ["2 places have no coordinates and are not on the map: Turkey, United States"]


def test_the_acled_export_has_a_row_per_reported_incident(graph: Path) -> None:
    data, _ = export(graph, "acled")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows and tuple(rows[0]) == ACLED_CODEBOOK_COLUMNS
    tabqa = next(r for r in rows if r["location"] == "Tabqa")
    assert (tabqa["event_date"], tabqa["year"], tabqa["actor1"], tabqa["country"], tabqa["admin1"]) == (
        "2017-05-10", "2017", "Syrian Democratic Forces", "Syria", "Raqqa province")
    assert tabqa["sub_event_type"] == "Non-state actor overtakes territory"
    assert tabqa["event_id_cnty"].startswith("KG") and tabqa["fatalities"] == "0"
    assert {r["location"] for r in rows} >= {"Tabqa", "Jandairis"}


def test_an_unknown_format_is_a_usage_error(graph: Path) -> None:
    with pytest.raises(UsageError, match="unknown export format 'xlsx'"):
        export(graph, "xlsx")
    assert "geojson" in EXPORT_FORMATS and "acled" in EXPORT_FORMATS


@pytest.mark.parametrize(("name", "fmt"), [("graph.nq", "nq"), ("actors.graphml", "graphml"),
                                           ("places.geojson", "geojson"), ("events.csv", "acled")])
def test_the_output_file_name_says_the_format(graph: Path, tmp_path: Path, name: str, fmt: str) -> None:
    result = run_kg("export", "-g", str(graph), "-o", str(tmp_path / name))
    assert result.returncode == 0, result.stderr
    named, _ = export(graph, fmt)
    assert (tmp_path / name).read_bytes() == named


def test_a_name_that_says_another_format_is_refused_and_nothing_written(graph: Path, tmp_path: Path) -> None:
    result = run_kg("export", "-g", str(graph), "--format", "graphml", "-o", str(tmp_path / "actors.csv"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"kg: error: {tmp_path / 'actors.csv'}: its name says acled, not graphml; "
                             "name the file actors.graphml or leave --format out\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("output", [None, "notes.txt"])
def test_no_format_named_or_said_is_one_line(graph: Path, tmp_path: Path, output: str | None) -> None:
    where = ["-o", str(tmp_path / output)] if output else []
    result = run_kg("export", "-g", str(graph), *where)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"kg: error: {tmp_path / output}: its name does not say the format; give --format"
                                    if output else "kg: error: no format; give --format (ttl, trig,")
    assert "(-o graph.nq)" in result.stderr and len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_dash_is_standard_output(graph: Path, tmp_path: Path) -> None:
    result = run_kg("export", "-g", str(graph), "--format", "nt", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.encode("utf-8") == export(graph, "nt")[0]
    assert list(tmp_path.iterdir()) == []


def test_an_acled_row_has_a_date_or_is_left_out_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "dated.md").write_text(
        "# Raid on Kafr Nabudah\n\nDate: 2019-05-21\n\nGovernment aircraft struck Kafr Nabudah, killing four civilians.\n",
        encoding="utf-8")
    (tmp_path / "articles" / "undated.txt").write_text(
        "Government aircraft struck the town of Habit, killing two civilians.\n", encoding="utf-8")
    output = build([tmp_path / "articles"], tmp_path / "graph.trig", check=False).output
    assert output is not None
    data, warnings = export(output, "acled")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert rows and all(r["event_date"] for r in rows)
    assert {r["event_date"] for r in rows} == {"2019-05-21"}
    assert [w for w in warnings if "ACLED" in w] == [
        "1 event without a date, nor a dated article, left out of the ACLED file: air or drone strike in undated"]
