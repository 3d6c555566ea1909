"""Event reports as RDF: the node, its type and status, its roles written with the properties of
event_settings.json, its date and claims, and its typology sub-event type."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF
from rdflib.term import Node

from kg.build.pipeline.dates import TimeRef
from kg.build.pipeline.event_quads import acled_sub_event, event_quads
from kg.build.pipeline.events import Event
from kg.build.pipeline.extract import Resources
from kg.build.pipeline.extraction_settings import (
    SubEventRule,
    load_event_settings,
)
from kg.build.pipeline.gazetteer import Gazetteer
from kg.build.pipeline.quantities import Quantity
from kg.common import resources as paths
from kg.common.namespaces import ARTICLE, GRAPH, INCIDENT, KG, KGR, PATTERN

SETTINGS = load_event_settings(
    paths.patterns_dir() / "event_settings.json", paths.patterns_dir() / "sub_event_rules.ttl"
)
TYPOLOGY = "https://w3id.org/conflict-kg/typology/"
GOVERNMENT_REGAINS = URIRef(TYPOLOGY + "acled-government-regains-territory")
NON_STATE_OVERTAKES = URIRef(TYPOLOGY + "acled-non-state-actor-overtakes-territory")
TEXT = (
    "Sources said on 9 June 2017 that Iraqi troops retook Tal Afar from the Islamic State, "
    "killing 30."
)
ARTICLE_ID = "iraq-1"
ART, SENTENCE, GRAPH_IRI = (
    ARTICLE[ARTICLE_ID],
    URIRef(ARTICLE[ARTICLE_ID] + "/sentence/0"),
    GRAPH["article/iraq-1"],
)


@pytest.fixture(scope="session")
def gaz(resources: Resources) -> Gazetteer:
    return resources.gazetteer


def _retaking(taker: list[str], event_type: str = "ControlChange") -> Event:
    start = TEXT.index("Iraqi")
    return Event(
        event_type,
        "control.retook",
        0,
        start,
        TEXT.index(", killing"),
        "reported",
        entities={
            "newController": taker,
            "place": [str(KGR.TalAfar)],
            "previousController": [str(KGR.IslamicState)],
        },
    )


def _quads(event: Event, gaz: Gazetteer) -> tuple[URIRef, set[tuple[Node, Node]]]:
    quads = list(event_quads(event, ARTICLE_ID, ART, SENTENCE, TEXT, GRAPH_IRI, gaz, SETTINGS))
    assert {q[3] for q in quads} == {GRAPH_IRI}
    [node] = {q[0] for q in quads}
    assert isinstance(node, URIRef)
    return node, {(q[1], q[2]) for q in quads}


def test_the_report_node_its_type_status_and_provenance(gaz: Gazetteer) -> None:
    event = _retaking([str(KGR.Iraq)])
    node, facts = _quads(event, gaz)
    assert node == URIRef(f"{ART}/event/{event.digest(ARTICLE_ID, SETTINGS.identity_roles)}")
    assert {
        (RDF.type, KG.ControlChange),
        (KG.status, Literal("reported")),
        (KG.reportedIn, ART),
        (PROV.wasDerivedFrom, ART),
        (KG.sentence, SENTENCE),
        (KG.pattern, PATTERN["control.retook"]),
        (KG.incident, INCIDENT[event.key(ARTICLE_ID, SETTINGS.identity_roles)]),
        (KG.startChar, Literal(event.start)),
        (KG.endChar, Literal(event.end)),
        (KG.text, Literal("Iraqi troops retook Tal Afar from the Islamic State")),
    } <= facts


def test_roles_are_written_with_the_properties_the_settings_name(gaz: Gazetteer) -> None:
    event = _retaking([str(KGR.Iraq)])
    event.quantities["killed"] = Quantity(14, 15, "30", 30, None)
    event.quantities["injured"] = Quantity(16, 18, "scores of", None, None)
    event.words["victims"] = "militants"
    event.attributes["subtype"] = "retaken"
    _, facts = _quads(event, gaz)
    assert SETTINGS.entity_properties["newController"] == KG.newController
    assert {
        (KG.newController, URIRef(KGR.Iraq)),
        (KG.place, URIRef(KGR.TalAfar)),
        (KG.previousController, URIRef(KGR.IslamicState)),
        (KG.killed, Literal(30)),
        (KG.killedText, Literal("30")),
        (KG.injuredText, Literal("scores of")),
        (KG.victims, Literal("militants")),
        (KG.subtype, Literal("retaken")),
    } <= facts
    assert not any(p == KG.injured for p, _ in facts)  # words without a number give no figure


def test_the_date_claims_and_denials(gaz: Gazetteer) -> None:
    event = _retaking([str(KGR.Iraq)])
    event.time = TimeRef("on 9 June 2017", 13, 27, dt.date(2017, 6, 9), "day", "test")
    event.claimed_by = [str(KGR.Iraq)]
    event.denied_by = [str(KGR.IslamicState), str(KGR.AbuBakrAlBaghdadi)]
    _, facts = _quads(event, gaz)
    assert {
        (KG.dateText, Literal("on 9 June 2017")),
        (KG.datePrecision, Literal("day")),
        (KG.date, Literal(dt.date(2017, 6, 9))),
        (KG.claimedBy, URIRef(KGR.Iraq)),
        (KG.deniedBy, URIRef(KGR.IslamicState)),
        (KG.deniedBy, URIRef(KGR.AbuBakrAlBaghdadi)),
    } <= facts


def test_an_undated_report_has_no_date_and_a_vague_one_no_day(gaz: Gazetteer) -> None:
    _, facts = _quads(_retaking([str(KGR.Iraq)]), gaz)
    assert not {p for p, _ in facts} & {KG.date, KG.dateText, KG.datePrecision}
    vague = _retaking([str(KGR.Iraq)])
    vague.time = TimeRef("recently", 0, 8, None, "unknown", "test")
    _, facts = _quads(vague, gaz)
    assert (KG.dateText, Literal("recently")) in facts and not any(p == KG.date for p, _ in facts)


def test_a_state_taking_a_place_regains_territory(gaz: Gazetteer) -> None:
    rules = SETTINGS.sub_event_rules
    assert acled_sub_event(_retaking([str(KGR.Iraq)]), gaz, rules) == GOVERNMENT_REGAINS
    assert acled_sub_event(_retaking([str(KGR.Peshmerga)]), gaz, rules) == NON_STATE_OVERTAKES
    _, facts = _quads(_retaking([str(KGR.Iraq)]), gaz)
    assert (KG.acledSubEventType, GOVERNMENT_REGAINS) in facts


def test_the_first_taker_with_a_class_of_the_rules_decides(gaz: Gazetteer) -> None:
    rules = SETTINGS.sub_event_rules
    assert (
        acled_sub_event(_retaking([str(KGR.Peshmerga), str(KGR.Iraq)]), gaz, rules)
        == NON_STATE_OVERTAKES
    )
    assert (
        acled_sub_event(_retaking([str(KGR.Iraq), str(KGR.Peshmerga)]), gaz, rules)
        == GOVERNMENT_REGAINS
    )
    # an organisation is neither: the state after it decides
    assert (
        acled_sub_event(
            _retaking([str(KGR.KurdistanRegionalGovernment), str(KGR.Iraq)]), gaz, rules
        )
        == GOVERNMENT_REGAINS
    )


def test_no_sub_event_type_without_a_fitting_rule(gaz: Gazetteer) -> None:
    rules = SETTINGS.sub_event_rules
    assert acled_sub_event(_retaking([]), gaz, rules) is None
    assert acled_sub_event(_retaking([str(KGR.KurdistanRegionalGovernment)]), gaz, rules) is None
    assert acled_sub_event(_retaking([str(KGR.Iraq)], event_type="ArmedClash"), gaz, rules) is None
    _, facts = _quads(_retaking([str(KGR.KurdistanRegionalGovernment)]), gaz)
    assert not any(p == KG.acledSubEventType for p, _ in facts)


def test_rules_apply_to_their_own_event_type_and_role(gaz: Gazetteer) -> None:
    clash = SubEventRule(
        "ArmedClash", "actor", "ArmedGroup", URIRef(TYPOLOGY + "acled-armed-clash")
    )
    event = _retaking([str(KGR.Iraq)], event_type="ArmedClash")
    assert acled_sub_event(event, gaz, (clash,)) is None  # no actor named
    event.entities["actor"] = [str(KGR.Iraq), str(KGR.Peshmerga)]
    assert acled_sub_event(event, gaz, (clash,)) == URIRef(TYPOLOGY + "acled-armed-clash")
