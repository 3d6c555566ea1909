"""Names a hand-written file uses that nothing defines, with the closest labels as suggestions."""

from __future__ import annotations

from rdflib import Dataset, Literal
from rdflib.namespace import RDF, SKOS

from kg.common.namespaces import GRAPH, KG, KGR
from kg.store.bridge import load_quads, new_dataset
from kg.validation.unknown_names import Unknown, unknown_entities

REFERENCE = GRAPH["reference"]
CURATED = GRAPH["curated/fronts.ttl"]
OTHER = GRAPH["curated/other.ttl"]


def _dataset() -> Dataset:
    dataset = new_dataset()
    load_quads(dataset, [
        (KGR.Manbij, RDF.type, KG.City, REFERENCE),
        (KGR.Manbij, SKOS.prefLabel, Literal("Manbij", lang="en"), REFERENCE),
        (KGR.Mosul, RDF.type, KG.City, REFERENCE),
        (KGR.Mosul, SKOS.prefLabel, Literal("Mosul", lang="en"), REFERENCE),
        (KGR.Mosul, SKOS.altLabel, Literal("Al Mawsil", lang="en"), REFERENCE),
        (KGR.M4, RDF.type, KG.Highway, REFERENCE),
        (KGR.M4, SKOS.prefLabel, Literal("M4", lang="en"), REFERENCE),
        (KGR.Manbijj, KG.liesOn, KGR.M4, CURATED),
        (KGR.Manbij, KG.liesOn, KGR.M4, CURATED),
        (KGR.Fallujah, KG.liesOn, KGR.M4, OTHER),
    ])
    return dataset


def test_a_misspelt_name_is_unknown_with_the_close_label_suggested() -> None:
    assert unknown_entities(_dataset(), [str(CURATED)]) == [
        Unknown(str(KGR.Manbijj), (("Manbij", str(KGR.Manbij)),))]


def test_only_the_given_graphs_are_checked() -> None:
    assert [u.iri for u in unknown_entities(_dataset(), [str(OTHER)])] == [str(KGR.Fallujah)]
    assert unknown_entities(_dataset(), [str(REFERENCE)]) == []
    assert unknown_entities(_dataset(), []) == []


def test_a_name_like_no_label_has_no_suggestion() -> None:
    (unknown,) = unknown_entities(_dataset(), [str(OTHER)])
    assert unknown.suggestions == ()


def test_a_suggestion_shows_the_preferred_label_of_an_alternative_one_matched() -> None:
    dataset = _dataset()
    load_quads(dataset, [(KGR.AlMawsill, KG.liesOn, KGR.M4, OTHER)])
    found = {u.iri: u.suggestions for u in unknown_entities(dataset, [str(OTHER)])}
    assert found[str(KGR.AlMawsill)][0] == ("Mosul", str(KGR.Mosul))
