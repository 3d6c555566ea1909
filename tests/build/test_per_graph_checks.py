"""The SPARQL constraints marked kgs:perGraph are checked where each batch is extracted, on the
batch's own graphs, and what a batch finds is confirmed on the whole store: a build reports what
checking the whole graph reports, and keeps each finding with its article."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.build import batches
from kg.build.batches import per_graph_findings, prepared_shapes
from kg.build.builder import build
from kg.build.pipeline.quads import article_graph_iri
from kg.common.namespaces import ARTICLE, KG, KGR
from kg.store.bridge import TermConverter, add_quads, new_dataset, raw_store
from kg.store.terms import RdfQuad
from kg.validation.files import validate_files
from kg.validation.shapes import confirmed_by_graph

UNPROVEN = "A statement in an article's graph has no provenance"
ORPHAN = "The statement this evidence describes is not asserted in the graph."
DISPATCHES = {
    "kirkuk.txt": "Peshmerga hold the line\n\nThe United States backs the Peshmerga, a commander said on Friday.\n",
    "sinjar.txt": "Talks in Erbil\n\nIran backs the Popular Mobilization Forces, a spokesman said on Monday.\n",
}


def _articles(folder: Path) -> Path:
    folder.mkdir()
    for name, text in DISPATCHES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_project_constraints_are_checked_graph_by_graph() -> None:
    assert {c.message for c in prepared_shapes().constraints if c.per_graph} >= {ORPHAN} | {
        c.message for c in prepared_shapes().constraints if c.message.startswith(UNPROVEN)}


def _without_evidence(article_id: str):  # type: ignore[no-untyped-def]
    """article_quads, less every triple of the evidence in the article `article_id`."""
    made = batches.article_quads

    def quads(ex, gaz, events):  # type: ignore[no-untyped-def]
        written = made(ex, gaz, events)
        if ex.article.id != article_id:
            return written
        evidence = {s for s, p, o, _ in written if p == RDF.type and o == KG.Evidence}
        return [q for q in written if q[0] not in evidence]

    return quads


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_reports_what_the_whole_graph_gives_and_keeps_it_with_its_article(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    monkeypatch.setattr(batches, "article_quads", _without_evidence("sinjar"))
    output = tmp_path / "graph.trig"
    summary = build([_articles(tmp_path / "articles")], output, workers=workers, store=tmp_path / "store")
    assert summary.report is not None
    found = {(f.focus, f.path, f.message) for f in summary.report.violations}
    assert (str(KGR.Iran), str(KG.backs), next(c.message for c in prepared_shapes().constraints
                                               if c.message.startswith(UNPROVEN))) in found
    assert found == {(f.focus, f.path, f.message) for f in validate_files([output]).report.violations}
    again = build([tmp_path / "articles"], output, store=tmp_path / "store")
    assert again.unchanged == 2
    assert again.report is not None and {(f.focus, f.path, f.message) for f in again.report.violations} == found


def _evidence_of(article: str, subject: URIRef, obj: URIRef) -> list[RdfQuad]:
    graph = article_graph_iri(article)
    evidence = URIRef(f"{ARTICLE[article]}/evidence/1")
    sentence = URIRef(f"{ARTICLE[article]}/sentence/1")
    return [(s, p, o, graph) for s, p, o in [
        (ARTICLE[article], RDF.type, KG.Article), (ARTICLE[article], KG.graph, graph),
        (evidence, RDF.type, KG.Evidence), (evidence, RDF.subject, subject), (evidence, RDF.predicate, KG.backs),
        (evidence, RDF.object, obj), (evidence, KG.sentence, sentence), (sentence, KG.text, Literal("backing")),
    ]]


def test_a_finding_a_batch_makes_stands_only_if_the_whole_store_gives_it_too() -> None:
    """Evidence in one article of a statement that only another article asserts: the batch of
    the first finds it unasserted; the whole store, with the second, does not."""
    converter = TermConverter()
    first = list(converter.quads(_evidence_of("erbil", KGR.Iran, KGR.Hezbollah)))
    second = list(converter.quads([(KGR.Iran, KG.backs, KGR.Hezbollah, article_graph_iri("basra"))]))
    found = per_graph_findings(first, ["erbil"])
    assert [f.message for f in found["erbil"]] == [ORPHAN]

    whole = new_dataset()
    add_quads(raw_store(whole), [*first, *second])
    graph = str(article_graph_iri("erbil"))
    constraints = prepared_shapes().constraints
    assert confirmed_by_graph(whole, {graph: found["erbil"]}, constraints) == {graph: []}
    alone = new_dataset()
    add_quads(raw_store(alone), first)
    assert confirmed_by_graph(alone, {graph: found["erbil"]}, constraints) == {graph: found["erbil"]}
