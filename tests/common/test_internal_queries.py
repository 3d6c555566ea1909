"""The queries the tool runs for itself are read like canned ones but are not canned queries."""

from __future__ import annotations

from kg.common import resources
from kg.common.resources import internal_query
from kg.questions.query import list_queries


def test_internal_queries_are_not_canned() -> None:
    internal = {p.stem for p in (resources.queries_dir() / "internal").glob("*.rq")}
    assert internal == {"stored-articles", "in-shape-target", "default-only-triples", "names-of-classes",
                        "acled-actors", "acled-places", "fill-merged-view", "stated-relations",
                        "mentioning-articles"}
    assert not internal & {q.name for q in list_queries()}


def test_an_internal_query_is_read_from_its_file() -> None:
    assert "kg:contentHash" in internal_query("stored-articles")
    assert "$classes" in internal_query("in-shape-target")
