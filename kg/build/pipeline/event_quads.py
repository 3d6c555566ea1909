"""Event reports as RDF in the article's named graph."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.common.namespaces import BASE, KG, PATTERN
from kg.build.pipeline.events import Event
from kg.build.pipeline.gazetteer import Gazetteer
from kg.store.bridge import RdfQuad

INCIDENT = Namespace(BASE + "incident/")
TYPOLOGY = Namespace(BASE + "typology/")

_ENTITY_ROLES = {"place": KG.place, "actor": KG.actor, "target": KG.target, "newController": KG.newController,
                 "previousController": KG.previousController, "participant": KG.participant,
                 "victimGroup": KG.victimGroup}
_QUANTITY_ROLES = {"killed": (KG.killed, KG.killedText), "injured": (KG.injured, KG.injuredText),
                   "displaced": (KG.displaced, KG.displacedText)}
_WORD_ROLES = {"victims": KG.victims}
_ATTRIBUTES = {"outcome": KG.outcome, "subtype": KG.subtype, "means": KG.means, "scope": KG.scope}


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def acled_sub_event(event: Event, gaz: Gazetteer) -> URIRef | None:
    """Control changes: 'Government regains territory' when a state takes the place,
    'Non-state actor overtakes territory' when an armed group does."""
    if event.type != "ControlChange":
        return None
    for iri in event.entities.get("newController", []):
        if gaz.has_class(iri, "State"):
            return TYPOLOGY["acled-government-regains-territory"]
        if gaz.has_class(iri, "ArmedGroup"):
            return TYPOLOGY["acled-non-state-actor-overtakes-territory"]
    return None


def event_quads(event: Event, article_id: str, article: URIRef, sentence: URIRef, text: str,
                graph: URIRef, gaz: Gazetteer) -> Iterator[RdfQuad]:
    node = URIRef(f"{article}/event/{event.digest(article_id)}")
    yield node, RDF.type, KG[event.type], graph
    yield node, KG.status, Literal(event.status), graph
    yield node, KG.reportedIn, article, graph
    yield node, PROV.wasDerivedFrom, article, graph
    yield node, KG.incident, INCIDENT[event.key(article_id)], graph
    yield node, KG.sentence, sentence, graph
    yield node, KG.pattern, PATTERN[event.pattern], graph
    yield node, KG.startChar, _int(event.start), graph
    yield node, KG.endChar, _int(event.end), graph
    yield node, KG.text, Literal(text[event.start: event.end]), graph
    for role, values in event.entities.items():
        for iri in values:
            yield node, _ENTITY_ROLES[role], URIRef(iri), graph
    for role, quantity in event.quantities.items():
        number, words = _QUANTITY_ROLES[role]
        if quantity.value is not None:
            yield node, number, _int(quantity.value), graph
        yield node, words, Literal(quantity.text), graph
    for role, word in event.words.items():
        yield node, _WORD_ROLES[role], Literal(word), graph
    for key, value in event.attributes.items():
        yield node, _ATTRIBUTES[key], Literal(value), graph
    if event.time is not None:
        yield node, KG.dateText, Literal(event.time.text), graph
        yield node, KG.datePrecision, Literal(event.time.precision), graph
        if event.time.value is not None:
            yield node, KG.date, Literal(event.time.value.isoformat(), datatype=XSD.date), graph
    for iri in event.claimed_by:
        yield node, KG.claimedBy, URIRef(iri), graph
    for iri in event.denied_by:
        yield node, KG.deniedBy, URIRef(iri), graph
    sub_event = acled_sub_event(event, gaz)
    if sub_event is not None:
        yield node, KG.acledSubEventType, sub_event, graph
