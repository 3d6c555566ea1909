"""Event reports as RDF in the article's named graph."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.build.pipeline.events import Event
from kg.build.pipeline.extraction_settings import EventSettings, SubEventRule
from kg.build.pipeline.gazetteer import Gazetteer
from kg.common.namespaces import INCIDENT, KG, PATTERN
from kg.store.bridge import RdfQuad, integer_literal


def acled_sub_event(event: Event, gaz: Gazetteer, rules: tuple[SubEventRule, ...]) -> URIRef | None:
    """The typology sub-event type of the first rule for the event's type whose class a filler
    of its role has, taking the fillers in turn ("Government regains territory" when a state
    takes the place)."""
    mine = [r for r in rules if r.event_type == event.type]
    for role in dict.fromkeys(r.role for r in mine):
        for iri in event.entities.get(role, []):
            concept = next((r.concept for r in mine if r.role == role and gaz.has_class(iri, r.cls)), None)
            if concept is not None:
                return concept
    return None


def event_quads(event: Event, article_id: str, article: URIRef, sentence: URIRef, text: str,
                graph: URIRef, gaz: Gazetteer, settings: EventSettings) -> Iterator[RdfQuad]:
    node = URIRef(f"{article}/event/{event.digest(article_id, settings.identity_roles)}")
    yield node, RDF.type, KG[event.type], graph
    yield node, KG.status, Literal(event.status), graph
    yield node, KG.reportedIn, article, graph
    yield node, PROV.wasDerivedFrom, article, graph
    yield node, KG.incident, INCIDENT[event.key(article_id, settings.identity_roles)], graph
    yield node, KG.sentence, sentence, graph
    yield node, KG.pattern, PATTERN[event.pattern], graph
    yield node, KG.startChar, integer_literal(event.start), graph
    yield node, KG.endChar, integer_literal(event.end), graph
    yield node, KG.text, Literal(text[event.start: event.end]), graph
    for role, values in event.entities.items():
        for iri in values:
            yield node, settings.entity_properties[role], URIRef(iri), graph
    for role, quantity in event.quantities.items():
        number, words = settings.quantity_properties[role]
        if quantity.value is not None:
            yield node, number, integer_literal(quantity.value), graph
        yield node, words, Literal(quantity.text), graph
    for role, word in event.words.items():
        yield node, settings.word_properties[role], Literal(word), graph
    for key, value in event.attributes.items():
        yield node, settings.attribute_properties[key], Literal(value), graph
    if event.time is not None:
        yield node, KG.dateText, Literal(event.time.text), graph
        yield node, KG.datePrecision, Literal(event.time.precision), graph
        if event.time.value is not None:
            yield node, KG.date, Literal(event.time.value.isoformat(), datatype=XSD.date), graph
    for iri in event.claimed_by:
        yield node, KG.claimedBy, URIRef(iri), graph
    for iri in event.denied_by:
        yield node, KG.deniedBy, URIRef(iri), graph
    sub_event = acled_sub_event(event, gaz, settings.sub_event_rules)
    if sub_event is not None:
        yield node, KG.acledSubEventType, sub_event, graph
