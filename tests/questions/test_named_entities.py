"""A query parameter that names an entity: a name the data does not know is refused with the
closest names it knows, instead of answered with an empty table."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_kg
from rdflib import Dataset

from kg.common.errors import QueryError, UsageError
from kg.common.namespaces import KG, KGR
from kg.questions.named_entities import check_names, names_query
from kg.questions.query import bind, list_queries, narrowed, parse_canned_query, run, solution_rows

NAMING = [(query, param) for query in list_queries() for param in query.parameters if param.names]


def _select(graph: Dataset):  # type: ignore[no-untyped-def]
    return lambda text: solution_rows(run(graph, text), "test")


def test_the_parameters_that_name_a_place_an_actor_or_a_highway_say_so() -> None:
    named = {(query.name, param.name) for query, param in NAMING}
    assert {("what-lies-on", "highway"), ("who-holds", "place"), ("alliances", "actor"),
            ("evidence", "subject"), ("evidence", "object")} <= named
    assert all(param.name in ("highway", "place", "actor", "subject", "object") for _, param in NAMING)


@pytest.mark.parametrize(("query", "param"), NAMING, ids=[f"{q.name}:{p.name}" for q, p in NAMING])
def test_every_name_of_the_data_is_accepted_in_any_case(query, param, demo_graph: Dataset) -> None:  # type: ignore[no-untyped-def]
    rows = _select(demo_graph)(names_query(param.names))
    assert rows, f"the demo graph names no entity of {param.names}"
    for row in rows[:: max(1, len(rows) // 40)]:
        name = row["name"]  # compared as SPARQL's LCASE compares, which maps no letter to two
        check_names(query, {param.name: name.upper() if name.isascii() else name.lower()}, lambda _text: rows)


def test_a_name_the_data_lacks_is_refused_with_the_closest(demo_graph: Dataset) -> None:
    query = parse_canned_query(next(q.path for q, _ in NAMING if q.name == "who-holds"))
    with pytest.raises(UsageError, match=r"^no place named 'Taftanas' in the data; did you mean Taftanaz\?$"):
        check_names(query, {"place": "Taftanas"}, _select(demo_graph))


def test_a_parameter_that_names_nothing_is_not_looked_up(tmp_path: Path) -> None:
    query_file = tmp_path / "since.rq"
    query_file.write_text("# title: Since\n# param: from ?fromDate (optional) first day\n"
                          "SELECT ?x WHERE { VALUES ?fromDate { UNDEF } }\n", encoding="utf-8")

    def no_lookup(text: str) -> list[dict[str, str]]:
        raise AssertionError("looked up a parameter that names no entity")

    check_names(parse_canned_query(query_file), {"from": "2020-01-01"}, no_lookup)


def test_the_classes_a_parameter_names_are_read_from_the_header(tmp_path: Path) -> None:
    query_file = tmp_path / "near.rq"
    query_file.write_text("# param: place ?placeName (optional; names kg:Place|kg:Highway) a place\n"
                          "SELECT ?x WHERE { VALUES ?placeName { UNDEF } }\n", encoding="utf-8")
    (param,) = parse_canned_query(query_file).parameters
    assert param.names == (str(KG.Place), str(KG.Highway)) and not param.required
    query_file.write_text("# param: place ?placeName (optional; names xyz:Place) a place\nSELECT * {}\n",
                          encoding="utf-8")
    with pytest.raises(QueryError, match=r"near\.rq: 'xyz:Place' in a parameter line is not PREFIX:Class"):
        parse_canned_query(query_file)


def test_data_that_names_no_entity_of_the_kind_says_so(tmp_path: Path) -> None:
    graph = tmp_path / "tiny.nt"
    graph.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    result = run_kg("query", "what-lies-on", "-g", str(graph), "-p", "highway=M5")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("kg: error: no highway named 'M5' in the data; the data names no highway at all; "
                             "check that it is the graph you meant\n")


def test_a_parameter_may_give_the_entities_it_names_to_a_variable(tmp_path: Path) -> None:
    query_file = tmp_path / "held.rq"
    query_file.write_text("# param: place ?placeName (optional; names kg:Place as ?place) a place\n"
                          "SELECT ?x WHERE { VALUES ?place { UNDEF } VALUES ?placeName { UNDEF } }\n",
                          encoding="utf-8")
    (param,) = parse_canned_query(query_file).parameters
    assert (param.names, param.entity) == ((str(KG.Place),), "place")


def test_the_entities_a_name_gives_narrow_the_query_to_them(demo_graph: Dataset) -> None:
    query = parse_canned_query(next(q.path for q, _ in NAMING if q.name == "who-holds"))
    narrowing = check_names(query, {"place": "TAFTANAZ"}, _select(demo_graph))
    assert narrowing == {"place": [str(KGR.Taftanaz)]}
    text = narrowed(bind(query, {"place": "TAFTANAZ"}), narrowing)
    assert f"VALUES ?place {{ <{KGR.Taftanaz}> }}" in text and "VALUES ?place { UNDEF }" not in text


# names of the places and highways that events, holdings and roads name: those with rows
_USED_NAMES = """PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name WHERE {
  { [] kg:place ?e } UNION { ?e kg:heldBy [] } UNION { [] kg:liesOn ?e } UNION { ?e kg:connects [] }
  ?e skos:prefLabel|skos:altLabel ?name
}"""
NARROWED = [(query, param) for query, param in NAMING if param.entity is not None]


@pytest.mark.parametrize(("query", "param"), NARROWED, ids=[f"{q.name}:{p.name}" for q, p in NARROWED])
def test_narrowing_to_the_named_entities_leaves_the_answer_as_it_was(query, param, demo_graph: Dataset) -> None:  # type: ignore[no-untyped-def]
    select = _select(demo_graph)
    names = sorted({row["name"] for row in select(names_query(param.names))})
    used = sorted({row["name"] for row in select(_USED_NAMES)} & set(names))
    assert query.text.count(f"VALUES ?{param.entity} {{ UNDEF }}") == 1
    answered = 0
    for name in used[:: max(1, len(used) // 10)] + names[:: max(1, len(names) // 3)]:
        text = bind(query, {p.name: name if p is param else "2020-02-20" for p in query.parameters if p.required or p is param})
        whole = select(text)
        assert select(narrowed(text, check_names(query, {param.name: name}, select))) == whole
        answered += bool(whole)
    assert answered, f"no name gave {query.name} a row: the test would prove nothing"
