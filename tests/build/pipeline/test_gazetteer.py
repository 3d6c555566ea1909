"""The gazetteer built from the reference graph: entities with their classes and countries, the
word trie of names, demonyms and capitals, and the readings' classes and theatres."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.build.pipeline.extraction_settings import ClassSettings, load_class_settings
from kg.build.pipeline.gazetteer import (
    Gazetteer,
    Reading,
    build_gazetteer,
    class_closure,
    name_key,
    own_slot_classes,
)
from kg.build.pipeline.lexicon import Lexicon, load_lexicon
from kg.common import resources as paths
from kg.common.namespaces import KGR
from kg.store.context import shipped_context

PREFIXES = """
@prefix kg:   <https://w3id.org/conflict-kg/ontology#> .
@prefix kgr:  <https://w3id.org/conflict-kg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon(paths.patterns_dir() / "lexicon.json")


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return shipped_context().ontology


@pytest.fixture(scope="session")
def gaz(lexicon: Lexicon, ontology: Graph) -> Gazetteer:
    classes = load_class_settings(paths.patterns_dir() / "class_settings.json")
    return build_gazetteer(shipped_context().reference, ontology, lexicon, classes)


def _readings(gaz: Gazetteer, name: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    node = gaz.trie.root
    for word in name_key(name, lexicon):
        if word not in node.children:
            return []
        node = node.children[word]
    return [(r.iri.rsplit("/", 1)[-1], r.via) for r in node.readings]


def _small(turtle: str, lexicon: Lexicon, ontology: Graph) -> Gazetteer:
    return build_gazetteer(
        Graph().parse(data=PREFIXES + turtle, format="turtle"), ontology, lexicon, ClassSettings()
    )


def test_entities_carry_their_classes_with_the_superclasses(gaz: Gazetteer) -> None:
    mosul = gaz.entities[str(KGR.Mosul)]
    assert mosul.label == "Mosul" and mosul.classes == {"City", "Settlement", "Place"}
    assert (mosul.lat, mosul.long) == pytest.approx((36.335, 43.1189))
    assert gaz.has_class(str(KGR.Peshmerga), "ArmedGroup")
    assert gaz.has_class(str(KGR.Peshmerga), "Actor")
    assert not gaz.has_class(str(KGR.Peshmerga), "Place")
    assert not gaz.has_class(str(KGR.NoSuchPlace), "Place")


def test_places_lie_in_the_country_their_containment_reaches(gaz: Gazetteer) -> None:
    assert gaz.entities[str(KGR.Erbil)].country == str(KGR.Iraq)  # city, province, region, country
    assert gaz.entities[str(KGR.Arsal)].country == str(KGR.Lebanon)
    assert gaz.entities[str(KGR.Iraq)].country == str(KGR.Iraq)
    assert gaz.entities[str(KGR.Peshmerga)].country is None  # an actor lies nowhere


def test_names_are_found_in_the_trie_by_their_folded_words(
    gaz: Gazetteer, lexicon: Lexicon
) -> None:
    assert _readings(gaz, "MOSUL", lexicon) == [("Mosul", "label")]
    assert _readings(gaz, "the Peshmerga", lexicon) == [("Peshmerga", "label")]
    assert _readings(gaz, "Tartus-Homs highway", lexicon) == [("M1", "label")]
    assert _readings(gaz, "Baghdad", lexicon) == [("Baghdad", "label"), ("Iraq", "capital")]
    assert _readings(gaz, "Kurdish", lexicon) == []  # only the start of longer names
    assert gaz.max_key_words >= len(name_key("Palmyra-Deir ez-Zor highway", lexicon))


def test_demonyms_name_the_state_alone_and_with_a_force_noun(
    gaz: Gazetteer, lexicon: Lexicon
) -> None:
    assert {"iraqi", "lebanese"} <= gaz.demonyms
    assert _readings(gaz, "Iraqi", lexicon) == [("Iraq", "demonym")]
    assert ("Iraq", "demonym-force") in _readings(gaz, "Iraqi troops", lexicon)
    assert ("Lebanon", "demonym-force") in _readings(gaz, "Lebanese armed forces", lexicon)


def test_a_reading_fills_the_classes_its_way_of_naming_allows(gaz: Gazetteer) -> None:
    iraq = str(KGR.Iraq)
    assert gaz.reading_classes(Reading(iraq, "label")) == {"Actor", "State", "Country", "Place"}
    # "Iraqi troops", "the army": the state, never the place
    assert gaz.reading_classes(Reading(iraq, "demonym")) == {"Actor", "State"}
    assert gaz.reading_classes(Reading(iraq, "context")) == {"Actor", "State"}
    # a border fills its own slots only, not those asking for any place
    assert gaz.reading_classes(Reading(str(KGR.IraqiBorder), "label")) == {"Border"}
    assert gaz.reading_has_class(Reading(str(KGR.Tikrit), "label"), "Settlement")
    assert gaz.reading_classes(Reading(str(KGR.NoSuchPlace), "label")) == frozenset()


def test_theatre_of_a_reading(gaz: Gazetteer) -> None:
    assert gaz.theatre_of(Reading(str(KGR.Mosul), "label")) == str(KGR.Iraq)  # a place in Iraq
    assert gaz.theatre_of(Reading(str(KGR.Arsal), "label")) == str(KGR.Lebanon)
    # an actor of one war
    assert gaz.theatre_of(Reading(str(KGR.Peshmerga), "label")) == str(KGR.Iraq)
    # a capital, named for diplomacy as much as for its streets
    assert gaz.theatre_of(Reading(str(KGR.Baghdad), "label")) is None
    assert gaz.theatre_of(Reading(str(KGR.Iraq), "capital")) is None
    assert gaz.theatre_of(Reading(str(KGR.Iraq), "context")) is None  # "the army" places nothing


def test_ontology_settings(gaz: Gazetteer, ontology: Graph) -> None:
    closure = class_closure(ontology)
    assert closure["Town"] == {"Town", "Settlement", "Place"}
    assert closure["State"] == {"State", "Actor"}
    assert own_slot_classes(ontology) == {"Border"}
    assert gaz.home_theatre == str(KGR.Syria)
    assert {"IQ", "LB"} <= gaz.geonames_countries


def test_a_small_reference_graph(lexicon: Lexicon, ontology: Graph) -> None:
    gaz = _small(
        """
        kgr:Iraq a kg:Country , kg:State ; skos:prefLabel "Iraq" ; kg:demonym "Iraqi" ;
            kg:capital kgr:Baghdad ; kg:homeTheatre true ; kg:geonamesCountry "IQ" .
        kgr:Baghdad a kg:City ; skos:prefLabel "Baghdad" ; kg:locatedIn kgr:Iraq .
        kgr:NinevehProvince a kg:Province ; skos:prefLabel "Nineveh province" ;
            skos:altLabel "the Nineveh Governorate" ; kg:locatedIn kgr:Iraq .
        kgr:Mosul a kg:City ; skos:prefLabel "Mosul" ; kg:locatedIn kgr:NinevehProvince ;
            kg:labelPriority 2 .
        kgr:Sinjar a kg:Town ; skos:prefLabel "Sinjar" ; kg:locatedIn kgr:SinjarDistrict .
        kgr:SinjarDistrict a kg:District ; skos:prefLabel "Sinjar District" ;
            kg:locatedIn kgr:Sinjar .
        kgr:Untyped skos:prefLabel "Nowhere" .
    """,
        lexicon,
        ontology,
    )
    assert set(gaz.entities) == {
        str(KGR[n])
        for n in ("Iraq", "Baghdad", "NinevehProvince", "Mosul", "Sinjar", "SinjarDistrict")
    }
    assert gaz.entities[str(KGR.Mosul)].country == str(KGR.Iraq)
    assert gaz.entities[str(KGR.Mosul)].priority == 2
    assert gaz.entities[str(KGR.Sinjar)].country is None  # a containment cycle reaches no country
    assert _readings(gaz, "Nineveh Governorate", lexicon) == [("NinevehProvince", "label")]
    assert _readings(gaz, "Baghdad", lexicon) == [("Baghdad", "label"), ("Iraq", "capital")]
    assert gaz.demonyms == {"iraqi"} and gaz.capitals == {str(KGR.Baghdad)}
    assert gaz.home_theatre == str(KGR.Iraq) and gaz.geonames_countries == {"IQ"}
    # the longest key: the demonym before the longest force noun ("Iraqi ministry of defence")
    assert gaz.max_key_words == 1 + lexicon.max_force_noun_words


def test_two_home_theatres_make_none(lexicon: Lexicon, ontology: Graph) -> None:
    gaz = _small(
        """
        kgr:Iraq a kg:Country ; skos:prefLabel "Iraq" ; kg:homeTheatre true .
        kgr:Lebanon a kg:Country ; skos:prefLabel "Lebanon" ; kg:homeTheatre true .
    """,
        lexicon,
        ontology,
    )
    assert gaz.home_theatre is None
