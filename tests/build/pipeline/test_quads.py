"""Property tests: random text never crashes extraction; build -> serialise -> parse gives
the same graph in every format (the triple formats read back by rdflib's own parsers)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.build.builder import BuildSummary
from kg.build.pipeline.quads import article_quads
from kg.store.bridge import from_ox, read_dataset, serialize

WORDS = st.sampled_from([
    "Turkey", "backed", "by", "the", "rebels", "Saraqeb", "lies", "on", "M4", ",", ".", "and", "allied", "with",
    "They", "are", "village", "of", "Tell", "Front", "not", "'s", "-", "Russian", "held", "Idlib", "province", "\"",
])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=40).map(" ".join) | st.text(max_size=300))
def test_extraction_never_crashes(extract, resources, text: str) -> None:  # type: ignore[no-untyped-def]
    ex = extract(text)
    article_quads(ex, resources.gazetteer, resources.events)
    for item in ex.evidence:
        assert 0 <= item.statement.start < item.statement.end <= len(ex.article.text)


def _plain(triples: Iterable[tuple[Node, Node, Node]]) -> set[tuple[Node, Node, Node]]:
    """rdflib tells a literal typed xsd:string from a plain one; the triples compared come from
    different parsers."""
    return {(s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o)
            for s, p, o in triples}


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld"])
def test_quad_formats_round_trip(demo_build: BuildSummary, fmt: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = read_dataset([demo_build.output])
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(serialize(original, fmt))
    again = read_dataset([path])
    assert serialize(again, "nq") == serialize(original, "nq")


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_triple_formats_round_trip(demo_build: BuildSummary, fmt: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = read_dataset([demo_build.output])
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(serialize(original, fmt))
    parsed = Graph().parse(path, format={"ttl": "turtle", "nt": "nt"}[fmt])
    union = [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
             for q in pyoxigraph.parse(path=str(demo_build.output), format=pyoxigraph.RdfFormat.TRIG)]
    # a built graph holds no blank node, so the isomorphism of the two is the equality of their triples
    assert not any(isinstance(term, BNode) for triple in union for term in triple)
    assert _plain(parsed) == _plain(union)


def _article_labels(quads: list[tuple[Node, Node, Node, Node]]) -> dict[str, list[str]]:
    from rdflib.namespace import DCTERMS, RDFS

    from kg.common.namespaces import ARTICLE

    found: dict[str, list[str]] = {"title": [], "label": []}
    for s, p, o, _ in quads:
        if str(s).startswith(str(ARTICLE)) and p in (DCTERMS.title, RDFS.label):
            found["title" if p == DCTERMS.title else "label"].append(str(o))
    return found


def test_an_article_without_a_title_is_labelled_with_the_start_of_its_first_sentence(extract, resources) -> None:  # type: ignore[no-untyped-def]
    untitled = extract("KHARTOUM (AFP) -\n\n-\n\nSudanese army units recaptured the Soba bridge on the eastern edge of "
                       "the capital on Friday after three days of fighting with paramilitary forces. More followed.")
    assert _article_labels(article_quads(untitled, resources.gazetteer, resources.events)) == {
        "title": [], "label": ["Sudanese army units recaptured the Soba bridge on the eastern edge of the capital\u2026"]}
    short = extract("Militias shelled Kadugli.\n\nThe shelling lasted an hour.")
    assert _article_labels(article_quads(short, resources.gazetteer, resources.events))["label"] == [
        "Militias shelled Kadugli."]
    titled = extract("Army retakes the Soba bridge\n\nSudanese army units recaptured the Soba bridge on Friday.")
    assert _article_labels(article_quads(titled, resources.gazetteer, resources.events)) == {
        "title": ["Army retakes the Soba bridge"], "label": []}
