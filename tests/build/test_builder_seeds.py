"""Acceptance on the five seed articles read from ../shared/seeds at run time."""

from __future__ import annotations

import pyoxigraph as ox
from helpers import table
from rdflib import Dataset

from kg.build.builder import BuildSummary
from kg.questions.query import bind, get_query, run


def rows(graph: Dataset, name: str, **params: str) -> set[tuple[str, ...]]:
    query = get_query(name)
    result = run(graph, bind(query, params))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return {tuple(s[n].value if s[n] is not None else "" for n in names) for s in result}


def pairs(graph: Dataset, name: str, **params: str) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in rows(graph, name, **params)}


def test_who_backs_whom_is_exactly_what_the_articles_state(seeds_graph: Dataset) -> None:
    assert pairs(seeds_graph, "who-backs-whom") == {
        ("Turkey", "Syrian rebels"),
        ("Turkey", "Syrian National Army"),
        ("Turkey", "National Front for Liberation"),
        ("Russia", "Syrian government"),
        ("Iran", "Syrian government"),
        ("Iranian militias", "Syrian government"),
    }


def test_who_backs_whom_filtered_by_an_alias(seeds_graph: Dataset) -> None:
    assert pairs(seeds_graph, "who-backs-whom", actor="SNA") == {("Turkey", "Syrian National Army")}


def test_what_lies_on_the_m4_and_m5(seeds_graph: Dataset) -> None:
    on_m4 = {place for _, place in pairs(seeds_graph, "what-lies-on", highway="M4")}
    assert {"Saraqeb", "Ariha", "Jisr al-Shughour"} <= on_m4
    assert "Saraqeb" in {place for _, place in pairs(seeds_graph, "what-lies-on", highway="m-5")}


def test_highway_connections(seeds_graph: Dataset) -> None:
    links = pairs(seeds_graph, "highway-connections")
    assert {("M4", "Aleppo"), ("M4", "Latakia")} <= links
    assert {("M5", "Aleppo"), ("M5", "Damascus"), ("M5", "Deraa")} <= links


def test_alliances(seeds_graph: Dataset) -> None:
    alliances = pairs(seeds_graph, "alliances")
    assert ("Hayat Tahrir al-Sham", "Turkistan Islamic Party") in alliances
    assert ("Russia", "Turkey") in alliances


def test_every_extracted_statement_has_provenance(seeds_graph: Dataset) -> None:
    query = """
        SELECT ?s ?p ?o WHERE {
          GRAPH ?g { ?s ?p ?o }
          ?article kg:graph ?g .
          FILTER (?p IN (kg:backs, kg:alliedWith, kg:opposes, kg:liesOn, kg:connects, kg:locatedIn, kg:heldBy, kg:gatewayTo))
          FILTER NOT EXISTS {
            GRAPH ?g { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:pattern ?pattern ;
                          kg:sentence ?sentence ; kg:startChar ?start ; kg:endChar ?end ;
                          prov:wasDerivedFrom ?article }
          }
        }"""
    result = run(seeds_graph, query)
    assert isinstance(result, ox.QuerySolutions)
    assert list(result) == []


def test_evidence_spans_point_at_the_words(seeds_graph: Dataset) -> None:
    query = """
        SELECT ?text ?sentence ?start ?end ?sstart WHERE {
          ?e a kg:Evidence ; kg:text ?text ; kg:startChar ?start ; kg:endChar ?end ;
             kg:sentence [ kg:text ?sentence ; kg:startChar ?sstart ] .
        }"""
    result = run(seeds_graph, query)
    assert isinstance(result, ox.QuerySolutions)
    checked = 0
    for row in result:
        offset = int(row["start"].value) - int(row["sstart"].value)
        length = int(row["end"].value) - int(row["start"].value)
        assert row["sentence"].value[offset: offset + length] == row["text"].value
        checked += 1
    assert checked >= 20


def test_seeds_graph_conforms(seeds_build: BuildSummary) -> None:
    assert seeds_build.report is not None
    assert seeds_build.conforms, seeds_build.report.violations[:5]
    assert len(seeds_build.articles) == 5 and seeds_build.skipped == []


def test_the_evidence_query_shows_the_words_each_statement_was_read_from(seeds_graph: Dataset) -> None:
    rows = [r for r in table(seeds_graph, "evidence", subject="Turkey") if r["kind"] == "extracted"]
    assert rows
    for row in rows:
        assert row["matched"] and row["matched"] in row["sentence"]
        assert len(row["matched"]) == int(row["endChar"]) - int(row["startChar"])
