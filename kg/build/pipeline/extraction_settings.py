"""How the stages treat the ontology's classes and the event reports' roles, read from
`ontology/patterns/class_settings.json`, `event_settings.json` and `sub_event_rules.ttl`;
and the names of the few classes whose meaning the stages' code relies on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from kg.common.errors import DataError
from kg.common.inputs import read_json_object
from kg.common.namespaces import KG

# classes of ontology/kg.ttl (local names) whose meaning the stages' code relies on
ACTOR = "Actor"
PERSON = "Person"
PLACE = "Place"
SETTLEMENT = "Settlement"  # towns, cities and villages
COUNTRY = "Country"
HIGHWAY = "Highway"
CONTROL_CHANGE = "ControlChange"  # the event class of a place changing hands
CASUALTIES = "Casualties"  # the event class of deaths reported on their own

_RULE_PROPERTY_SUFFIX = "Class"  # kg:newControllerClass: the class a filler of newController has


def _strings(raw: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{path}: {key} must be a list of names; fix the file")
    return tuple(value)


@dataclass(frozen=True)
class ClassSettings:
    discovered_types: frozenset[str] = frozenset()  # the classes a discovered name is typed with
    nearest_first: frozenset[str] = frozenset()  # descriptions of these refer to the nearest candidate
    possessive_forces: frozenset[str] = frozenset()  # "Turkey's troops" is Turkey as an actor
    victim_sides: tuple[str, ...] = ()  # whose forces may stand as the victims ("Turkish soldiers")
    victim_bodies: tuple[str, ...] = ()  # besides those, whose members they may be


def load_class_settings(path: Path) -> ClassSettings:
    raw = read_json_object(path, "class settings")
    return ClassSettings(
        discovered_types=frozenset(_strings(raw, "discovered_types", path)),
        nearest_first=frozenset(_strings(raw, "nearest_first", path)),
        possessive_forces=frozenset(_strings(raw, "possessive_forces", path)),
        victim_sides=_strings(raw, "victim_sides", path),
        victim_bodies=_strings(raw, "victim_bodies", path),
    )


@dataclass(frozen=True)
class SubEventRule:
    """An event of `event_type` one of whose `role` fillers has `cls` is of the `concept` sub-event type."""

    event_type: str
    role: str
    cls: str
    concept: URIRef


@dataclass(frozen=True)
class EventSettings:
    attribution_event: str = ""  # names who says the sentence's reports
    denial_event: str = ""  # names who denies them
    identity_roles: tuple[str, ...] = ()  # with the type and the date, what makes one incident
    substantive_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_substantive_roles: tuple[str, ...] = ()
    counted_roles: tuple[str, ...] = ()  # the figures a supposed report does not count
    supposed_statuses: frozenset[str] = frozenset()
    taker_roles: frozenset[str] = frozenset()  # who takes or enters a place
    entity_properties: dict[str, URIRef] = field(default_factory=dict)
    quantity_properties: dict[str, tuple[URIRef, URIRef]] = field(default_factory=dict)  # figure, words
    word_properties: dict[str, URIRef] = field(default_factory=dict)
    attribute_properties: dict[str, URIRef] = field(default_factory=dict)
    sub_event_rules: tuple[SubEventRule, ...] = ()

    @property
    def meta_events(self) -> frozenset[str]:
        """Reports about other reports, never events of their own."""
        return frozenset({self.attribution_event, self.denial_event})

    def substantive(self, event_type: str) -> tuple[str, ...]:
        """The roles one of which a report of the type must name to be kept."""
        return self.substantive_roles.get(event_type, self.default_substantive_roles)


def _meta_events(raw: dict[str, Any], path: Path) -> tuple[str, str]:
    meta = raw.get("meta_events")
    if not isinstance(meta, dict) or not isinstance(meta.get("attribution"), str) \
            or not isinstance(meta.get("denial"), str):
        raise DataError(f"{path}: meta_events must name the attribution and the denial events; fix the file")
    return meta["attribution"], meta["denial"]


def _substantive_roles(raw: dict[str, Any], path: Path) -> dict[str, tuple[str, ...]]:
    table = raw.get("substantive_roles", {})
    if not isinstance(table, dict):
        raise DataError(f"{path}: substantive_roles must map event classes to roles; fix the file")
    return {event_type: _strings(table, event_type, path) for event_type in table}


def _quantity_properties(raw: dict[str, Any], path: Path) -> dict[str, tuple[URIRef, URIRef]]:
    table = raw.get("quantity_roles", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise DataError(f"{path}: quantity_roles must map each figure to the property of its words; fix the file")
    return {role: (KG[role], KG[words]) for role, words in table.items()}


def load_sub_event_rules(path: Path) -> tuple[SubEventRule, ...]:
    """The rules of the file, for each event class in the order its kg:subEventRules list gives."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as err:  # rdflib raises many kinds for a broken file
        raise DataError(f"{path}: cannot read the sub-event rules ({err}); restore the file") from err
    rules: list[SubEventRule] = []
    for event_class, head in sorted(graph.subject_objects(KG.subEventRules)):
        event_type = str(event_class).removeprefix(str(KG))
        if head != RDF.nil and graph.value(head, RDF.first) is None:
            raise DataError(f"{path}: the kg:subEventRules of {event_type} must be a list ( ... ); fix the file")
        for concept in Collection(graph, head):
            for predicate, cls in sorted(graph.predicate_objects(concept)):
                local = str(predicate).removeprefix(str(KG))
                if local != str(predicate) and local.endswith(_RULE_PROPERTY_SUFFIX):
                    role = local.removesuffix(_RULE_PROPERTY_SUFFIX)
                    rules.append(SubEventRule(event_type, role, str(cls).removeprefix(str(KG)), URIRef(str(concept))))
    return tuple(rules)


def load_event_settings(path: Path, sub_event_rules: Path) -> EventSettings:
    raw = read_json_object(path, "event settings")
    attribution, denial = _meta_events(raw, path)
    return EventSettings(
        attribution_event=attribution,
        denial_event=denial,
        identity_roles=_strings(raw, "identity_roles", path),
        substantive_roles=_substantive_roles(raw, path),
        default_substantive_roles=_strings(raw, "default_substantive_roles", path),
        counted_roles=_strings(raw, "counted_roles", path),
        supposed_statuses=frozenset(_strings(raw, "supposed_statuses", path)),
        taker_roles=frozenset(_strings(raw, "taker_roles", path)),
        entity_properties={role: KG[role] for role in _strings(raw, "entity_roles", path)},
        quantity_properties=_quantity_properties(raw, path),
        word_properties={role: KG[role] for role in _strings(raw, "word_roles", path)},
        attribute_properties={key: KG[key] for key in _strings(raw, "attributes", path)},
        sub_event_rules=load_sub_event_rules(sub_event_rules),
    )
