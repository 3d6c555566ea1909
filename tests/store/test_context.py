"""The graphs every command works against, and the analyst's reference files made part of them."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from kg.common.namespaces import KG, KGR
from kg.store.context import (
    ReferenceFile,
    active_references,
    load_context,
    per_references,
    reference_graph,
    shipped_context,
    using_references,
)

FRONT = ReferenceFile(
    "fronts.ttl", "ttl",
    f'@prefix kg: <{KG}> .\n@prefix skos: <{SKOS}> .\n<Umm_Hajara> a kg:Village ; skos:prefLabel "Umm Hajara"@en .\n'
    .encode(),
    str(KGR),
)


def test_the_shipped_context_holds_the_ontology_reference_and_shapes() -> None:
    context = shipped_context()
    assert (KG.City, None, None) in context.ontology
    assert (KGR.Raqqa, SKOS.prefLabel, Literal("Raqqa", lang="en")) in context.reference
    assert len(context.shapes) > 0
    assert load_context() is context


def test_no_reference_files_are_active_by_default() -> None:
    assert active_references() == ()


def test_a_reference_file_resolves_its_relative_iris_against_its_base() -> None:
    graph = reference_graph((FRONT,))
    assert set(graph) == {(KGR.Umm_Hajara, RDF.type, KG.Village),
                          (KGR.Umm_Hajara, SKOS.prefLabel, Literal("Umm Hajara", lang="en"))}


def test_an_active_reference_file_joins_the_reference_graph_while_the_block_runs() -> None:
    with using_references((FRONT,)):
        assert active_references() == (FRONT,)
        context = load_context()
        assert (KGR.Umm_Hajara, RDF.type, KG.Village) in context.reference
        assert (KGR.Raqqa, None, None) in context.reference
        assert context.ontology is shipped_context().ontology
    assert active_references() == ()
    assert (KGR.Umm_Hajara, None, None) not in load_context().reference


def test_per_references_builds_once_per_set_of_files() -> None:
    calls: list[tuple[ReferenceFile, ...]] = []

    def build() -> int:
        calls.append(active_references())
        return len(calls)

    current = per_references(build)
    assert current() == current() == 1
    with using_references((FRONT,)):
        assert current() == current() == 2
    assert current() == 1
    assert calls == [(), (FRONT,)]
