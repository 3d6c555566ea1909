"""Finding SERVICE in the text of a query or update, as `kg serve` checks what it forwards: the
keyword counts wherever the parser could read it, and only there."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.questions.sparql_guard import find_service


def uses_service(text: str) -> bool:
    return find_service(text) is not None

CALLS = [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://example.org/sparql> AS ?at) SeRvIcE ?at { ?s ?p ?o } }",
    "SELECT * WHERE {SERVICE<http://example.org/sparql>{?s ?p ?o}}",
    "SELECT * WHERE { ?s ?p ?o }SERVICE",
    "SELECT * WHERE { ?s ?p 1SERVICE <http://example.org/sparql> { } }",
    "SELECT * WHERE { ?s ?p trueSERVICE <http://example.org/sparql> { } }",
    "PREFIX service: <http://example.org/> SELECT * WHERE { SERVICE:sparql { } }",
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { } }",
    "SELECT * WHERE { \\U00000073ervice <http://example.org/sparql> { } }",
    'SELECT * WHERE { ?s ?p "\\u0022 SERVICE <http://example.org/sparql> { } "" }',
    "SELECT * WHERE { # a comment\nSERVICE <http://example.org/sparql> { } }",
    "SELECT * WHERE { # a comment\rSERVICE <http://example.org/sparql> { } }",
    'SELECT * WHERE { ?s ?p "a \\" quote" SERVICE <http://example.org/sparql> { } }',
    'SELECT * WHERE { ?s ?p """a "long" one""" SERVICE <http://example.org/sparql> { } }',
    "SELECT * WHERE { ?s ?p <http://example.org/#x> SERVICE <http://example.org/sparql> { } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?a<?b) SERVICE <http://example.org/sparql> { } }",
    "SELECT * WHERE { ?s ?p ?o. SERVICE <http://example.org/sparql> { } }",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 'unclosed\nSERVICE <http://example.org/sparql> { } }",
]

NO_CALLS = [
    "SELECT * WHERE { ?s ?p ?o }",
    "# SERVICE <http://example.org/sparql>\nSELECT * WHERE { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/sparql> { }" }',
    "SELECT * WHERE { ?s ?p 'service' }",
    'SELECT * WHERE { ?s ?p """multi\nline SERVICE""" }',
    "SELECT * WHERE { ?s ?p '''SERVICE''' }",
    "SELECT * WHERE { ?s ?p <http://service.example.org/SERVICE> }",
    "SELECT ?service $Service WHERE { ?service ?p ?o }",
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s a schema:Service ; schema:serviceType ?t }",
    "SELECT * WHERE { ?s ?p ex:a.service }",
    "SELECT * WHERE { ?s ?p \"say \\\"SERVICE\\\"\" }",
    "",
]


@pytest.mark.parametrize("text", CALLS)
def test_a_call_is_found(text: str) -> None:
    assert uses_service(text)


@pytest.mark.parametrize("text", NO_CALLS)
def test_no_call_is_found_where_there_is_none(text: str) -> None:
    assert not uses_service(text)


PIECES = ["SELECT", "*", "WHERE", "{", "}", "?s", "$o", "<http://example.org/a#b>", '"text"',
          "'text'", '"""long "text" here"""', "# comment\n", "ex:p", "schema:Service", "1", "2.5",
          ".", ";", ",", "FILTER(?a < ?b)", "?service", '"SERVICE"', "<http://service.example/>"]


@given(st.lists(st.sampled_from(PIECES), max_size=30), st.data())
def test_a_call_among_any_other_tokens_is_found(pieces: list[str], data: st.DataObject) -> None:
    assert not uses_service(" ".join(pieces))
    where = data.draw(st.integers(min_value=0, max_value=len(pieces)))
    call = "SERVICE <http://example.org/sparql> { ?s ?p ?o }"
    assert uses_service(" ".join(pieces[:where] + [call] + pieces[where:]))
