"""An analyst's own reference file (`--reference FILE`) covers a war the tool does not ship,
and generic names ("government forces") are read in the war each article reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import made_once, run_kg

from kg.build.ledger import pipeline_key
from kg.store.context import ReferenceFile, using_references

# An invented war: the country, its government (with the generic names that mean it there),
# a rebel front, a foreign backer and two places.
RURITANIA = """\
@prefix kg:   <https://w3id.org/conflict-kg/ontology#> .
@prefix kgr:  <https://w3id.org/conflict-kg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix geo:  <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

kgr:Ruritania a kg:Country ; skos:prefLabel "Ruritania"@en .

kgr:RuritanianGovernment a kg:State ;
    skos:prefLabel "Ruritanian government"@en ;
    kg:contextLabel "government forces"@en , "the army"@en ;
    kg:theatre kgr:Ruritania ;
    kg:country kgr:Ruritania ;
    kg:demonym "Ruritanian" .

kgr:Borduria a kg:State , kg:Country ; skos:prefLabel "Borduria"@en .

kgr:ZendaFront a kg:ArmedGroup ;
    skos:prefLabel "Zenda Liberation Front"@en ;
    skos:altLabel "ZLF"@en ;
    kg:theatre kgr:Ruritania .

kgr:Strelsau a kg:City ;
    skos:prefLabel "Strelsau"@en ;
    kg:locatedIn kgr:Ruritania ;
    geo:lat "50.10"^^xsd:decimal ; geo:long "14.40"^^xsd:decimal .

kgr:Tarlenheim a kg:Town ; skos:prefLabel "Tarlenheim"@en ; kg:locatedIn kgr:Ruritania .
"""

DISPATCH = """\
date 2031-05-06

Fighters of the Zenda Liberation Front, backed by Borduria, pushed towards the capital.

Government forces recaptured Tarlenheim on Monday after two days of fighting.

At least 14 Ruritanian soldiers were killed by the ZLF near Strelsau, the army said.
"""


def rows(graph: Path, query: str) -> list[dict[str, str]]:
    result = run_kg("query", query, "-g", str(graph), "--format", "json")
    assert result.returncode == 0, result.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(result.stdout)["results"]["bindings"]]


@pytest.fixture(scope="session")
def invented_war(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def make(folder: Path) -> Path:
        (folder / "ruritania.ttl").write_text(RURITANIA, encoding="utf-8")
        (folder / "articles").mkdir()
        (folder / "articles" / "dispatch.txt").write_text(DISPATCH, encoding="utf-8")
        out = folder / "graph.trig"
        result = run_kg("build", "--reference", str(folder / "ruritania.ttl"), str(folder / "articles"), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert "validation: conforms" in result.stdout
        return out

    return made_once(tmp_path_factory, "ruritania", make)


def test_a_reference_file_yields_backing_about_its_actors(invented_war: Path) -> None:
    pairs = {(r["backerLabel"], r["backedLabel"]) for r in rows(invented_war, "who-backs-whom")}
    assert ("Borduria", "Zenda Liberation Front") in pairs


def test_a_reference_file_yields_a_control_change_with_its_generic_names(invented_war: Path) -> None:
    changes = {(r["placeLabel"], r["newControllerLabel"]) for r in rows(invented_war, "control-changes")}
    assert changes == {("Tarlenheim", "Ruritanian government")}


def test_a_reference_file_yields_a_casualty_report(invented_war: Path) -> None:
    [report] = rows(invented_war, "casualties")
    assert report["killed"] == "14"
    assert report["victimGroupLabel"] == "Ruritanian government"
    assert report["perpetratorLabel"] == "Zenda Liberation Front"


def test_the_reference_entities_join_the_reference_graph(invented_war: Path) -> None:
    places = {r["placeLabel"] for r in rows(invented_war, "places")}
    assert {"Strelsau", "Tarlenheim"} <= places


def test_an_actor_without_a_preferred_label_is_refused_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(RURITANIA.replace('skos:prefLabel "Zenda Liberation Front"@en ;', ""), encoding="utf-8")
    (tmp_path / "a.txt").write_text(DISPATCH, encoding="utf-8")
    result = run_kg("build", "--reference", str(broken), str(tmp_path / "a.txt"), "-o", str(tmp_path / "g.trig"))
    assert result.returncode == 2
    line = RURITANIA.splitlines().index("kgr:ZendaFront a kg:ArmedGroup ;") + 1
    assert f"{broken}:{line}:" in result.stderr
    assert "preferred label" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "g.trig").exists()


def test_a_syntax_error_is_refused_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(RURITANIA.replace("kgr:Borduria a kg:State", "kgr:Borduria a kg:State ;;"), encoding="utf-8")
    result = run_kg("validate", "--reference", str(broken), str(broken))
    assert result.returncode == 2
    line = RURITANIA.splitlines().index(next(x for x in RURITANIA.splitlines() if x.startswith("kgr:Borduria"))) + 1
    assert f"{broken}:{line}:" in result.stderr and "syntax error" in result.stderr


def test_a_misspelt_class_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "typo.ttl"
    broken.write_text(RURITANIA.replace("kgr:Tarlenheim a kg:Town", "kgr:Tarlenheim a kg:Twon"), encoding="utf-8")
    result = run_kg("validate", "--reference", str(broken), str(broken))
    assert result.returncode == 2
    assert "kg:Twon is not a class" in result.stderr


def test_a_reference_file_enters_the_store_key() -> None:
    plain = pipeline_key()
    one = ReferenceFile("a.ttl", "ttl", RURITANIA.encode(), "file:///a.ttl")
    changed = ReferenceFile("a.ttl", "ttl", RURITANIA.replace("Strelsau", "Zenda").encode(), "file:///a.ttl")
    with using_references((one,)):
        with_file = pipeline_key()
    with using_references((changed,)):
        with_changed = pipeline_key()
    assert len({plain, with_file, with_changed}) == 3
    assert pipeline_key() == plain


def new_controllers(extract, resources, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    ex = extract(text)
    labels = set()
    for event in ex.events:
        for iri in event.entities.get("newController", ()):
            labels.add(resources.gazetteer.entities[iri].label)
    return labels


def test_government_forces_in_a_report_on_iraq_are_iraqi(extract, resources) -> None:  # type: ignore[no-untyped-def]
    text = "Government forces recaptured Ramadi from the Islamic State on Sunday, officials in Baghdad said."
    assert new_controllers(extract, resources, text) == {"Iraq"}


def test_government_forces_in_a_report_on_syria_are_syrian(extract, resources) -> None:  # type: ignore[no-untyped-def]
    text = "Government forces recaptured Saraqeb from the rebels on Sunday, state media said."
    assert new_controllers(extract, resources, text) == {"Syrian government"}


def test_shiite_militias_in_iraq_are_the_popular_mobilisation_forces(extract, resources, labels) -> None:  # type: ignore[no-untyped-def]
    found = labels(extract("Shiite militias backed by Iran advanced west of Mosul towards Tal Afar."))
    assert ("Iran", "kg:backs", "Popular Mobilisation Forces") in found
    assert not any("Iranian militias" in (s, o) for s, _, o in found)


def test_a_name_shared_by_towns_in_two_countries_takes_the_reports_own(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Shelling hit Sinjar and Abu al-Duhur near Saraqeb, and rebels in Maarat al-Numan said.")
    names = {resources.gazetteer.entities[i].label: i for i in ex.mentioned if i in resources.gazetteer.entities}
    assert names.get("Sinjar", "").endswith("/SinjarIdlib")


def test_worker_processes_read_the_reference_file_too(invented_war: Path, tmp_path: Path) -> None:
    folder = invented_war.parent
    out = tmp_path / "graph.trig"
    result = run_kg("build", "--workers", "2", "--reference", str(folder / "ruritania.ttl"),
                str(folder / "articles"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == invented_war.read_bytes()
