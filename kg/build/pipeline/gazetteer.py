"""The gazetteer: every name the reference graph knows, compiled once into a word trie."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.build.pipeline.extraction_settings import COUNTRY, PLACE, ClassSettings
from kg.build.pipeline.lexicon import Lexicon
from kg.build.pipeline.segment import tokenize
from kg.common.namespaces import GEO, KG

# Names that denote a state through its forces or people, and generic names ("regime
# forces"): they fill actor slots only.
ACTOR_ONLY_VIAS = frozenset({"demonym", "demonym-force", "possessive-force", "context"})
# How a name came to denote the entity; earlier kinds win ties.
VIA_ORDER = ("label", "demonym-force", "possessive-force", "demonym", "capital", "context", "discovered")
_MAX_CONTAINMENT = 8  # kg:locatedIn steps followed from a place up to its country


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    classes: frozenset[str]
    priority: int = 0
    represents: str | None = None
    capital: str | None = None
    discovered: bool = False
    theatres: frozenset[str] = frozenset()  # the countries whose war its context labels belong to
    country: str | None = None  # for a place: the country it lies in (a country: itself)
    lat: float | None = None  # WGS84 coordinates of a place
    long: float | None = None
    source: str | None = None  # where a discovered place's coordinates come from


@dataclass(frozen=True)
class Reading:
    """One entity a mention may denote, and how the name came to denote it."""

    iri: str
    via: str


@dataclass
class TrieNode:
    children: dict[str, TrieNode] = field(default_factory=dict)
    readings: list[Reading] = field(default_factory=list)


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def name_key(name: str, lexicon: Lexicon) -> tuple[str, ...]:
    words = [t.norm for t in tokenize(name) if t.is_word]
    while words and words[0] in lexicon.determiners:
        words.pop(0)
    return tuple(words)


class Trie:
    def __init__(self) -> None:
        self.root = TrieNode()

    def add(self, key: tuple[str, ...], reading: Reading) -> None:
        if not key:
            return
        node = self.root
        for word in key:
            node = node.children.setdefault(word, TrieNode())
        if reading not in node.readings:
            node.readings.append(reading)


def class_closure(ontology: Graph) -> dict[str, frozenset[str]]:
    """Local class name -> itself and all its superclasses in the kg namespace."""
    parents: dict[str, set[str]] = defaultdict(set)
    names: set[str] = set()
    for cls, _, parent in ontology.triples((None, RDFS.subClassOf, None)):
        if str(cls).startswith(str(KG)):
            names.add(local_name(str(cls)))
            if str(parent).startswith(str(KG)):
                parents[local_name(str(cls))].add(local_name(str(parent)))
    for node in ontology.subjects(RDF.type, None):
        if str(node).startswith(str(KG)):
            names.add(local_name(str(node)))
    closure: dict[str, frozenset[str]] = {}
    for name in names:
        seen = {name}
        stack = [name]
        while stack:
            for above in parents.get(stack.pop(), ()):
                if above not in seen:
                    seen.add(above)
                    stack.append(above)
        closure[name] = frozenset(seen)
    return closure


@dataclass
class Gazetteer:
    entities: dict[str, Entity]
    trie: Trie
    closure: dict[str, frozenset[str]]
    demonyms: frozenset[str]
    max_key_words: int
    capitals: frozenset[str] = frozenset()  # cities that stand for their state's government
    geonames_countries: frozenset[str] = frozenset()  # where discovered places are looked up
    home_theatre: str | None = None  # the war of an article that gives no clue to its own
    own_slot_classes: frozenset[str] = frozenset()  # classes whose members fill no superclass slot
    classes: ClassSettings = field(default_factory=ClassSettings)  # the sets of classes the stages treat alike

    def has_class(self, iri: str, cls: str) -> bool:
        entity = self.entities.get(iri)
        return entity is not None and cls in entity.classes

    def reading_classes(self, reading: Reading) -> frozenset[str]:
        """The classes a reading may fill: 'Turkish troops' is Turkey the actor, never the place;
        'the Turkish border' a border, never the place a slot for any place asks for."""
        entity = self.entities.get(reading.iri)
        if entity is None:
            return frozenset()
        classes = entity.classes - self._superclasses_of_own_slot_classes(entity.classes)
        if reading.via in ACTOR_ONLY_VIAS:
            return frozenset(c for c in classes if PLACE not in self.closure.get(c, frozenset()))
        return classes

    def _superclasses_of_own_slot_classes(self, classes: frozenset[str]) -> frozenset[str]:
        own = classes & self.own_slot_classes
        if not own:
            return frozenset()
        return frozenset().union(*(self.closure.get(c, frozenset()) - {c} for c in own)) - own

    def reading_has_class(self, reading: Reading, cls: str) -> bool:
        return cls in self.reading_classes(reading)

    def theatre_of(self, reading: Reading) -> str | None:
        """The country a reading places an article in: a place inside a country (not a country
        itself, nor a capital, named for its diplomacy), or an actor of one theatre. Generic
        names place nothing."""
        entity = self.entities.get(reading.iri)
        if entity is None or reading.via in ("context", "capital", "discovered"):
            return None
        if len(entity.theatres) == 1:
            return next(iter(entity.theatres))
        if reading.via != "label" or COUNTRY in entity.classes or entity.iri in self.capitals:
            return None
        return entity.country if PLACE in entity.classes else None


def _entity(graph: Graph, subject: URIRef, closure: dict[str, frozenset[str]]) -> Entity | None:
    types = [local_name(str(t)) for t in graph.objects(subject, RDF.type) if str(t).startswith(str(KG))]
    if not types:
        return None
    label = graph.value(subject, SKOS.prefLabel)
    priority = graph.value(subject, KG.labelPriority)
    represents = graph.value(subject, KG.represents)
    capital = graph.value(subject, KG.capital)
    theatres = frozenset(str(t) for t in graph.objects(subject, KG.theatre))
    lat, long = graph.value(subject, GEO.lat), graph.value(subject, GEO.long)
    classes: set[str] = set()
    for name in types:
        classes |= closure.get(name, frozenset({name}))
    return Entity(
        iri=str(subject),
        label=str(label) if label is not None else local_name(str(subject)),
        classes=frozenset(classes),
        priority=int(str(priority)) if priority is not None else 0,
        represents=str(represents) if represents is not None else None,
        capital=str(capital) if capital is not None else None,
        theatres=theatres,
        lat=float(str(lat)) if lat is not None else None,
        long=float(str(long)) if long is not None else None,
    )


def _labels(graph: Graph, subject: URIRef) -> list[str]:
    return [str(v) for p in (SKOS.prefLabel, SKOS.altLabel) for v in sorted(graph.objects(subject, p), key=str)]


def build_gazetteer(reference: Graph, ontology: Graph, lexicon: Lexicon, classes: ClassSettings) -> Gazetteer:
    closure = class_closure(ontology)
    entities: dict[str, Entity] = {}
    trie = Trie()
    demonyms: set[str] = set()
    # in IRI order, so that a name's readings come in the same order in every run
    for subject in sorted(set(reference.subjects(SKOS.prefLabel, None)), key=str):
        if not isinstance(subject, URIRef):
            continue
        entity = _entity(reference, subject, closure)
        if entity is None:
            continue
        entities[entity.iri] = entity
        for label in _labels(reference, subject):
            trie.add(name_key(label, lexicon), Reading(entity.iri, "label"))
        for demonym in sorted(reference.objects(subject, KG.demonym), key=str):
            key = name_key(str(demonym), lexicon)
            demonyms.update(key)
            trie.add(key, Reading(entity.iri, "demonym"))
            for noun in lexicon.force_nouns:
                trie.add(key + noun, Reading(entity.iri, "demonym-force"))
        for generic in sorted(reference.objects(subject, KG.contextLabel), key=str):
            trie.add(name_key(str(generic), lexicon), Reading(entity.iri, "context"))
    _place_countries(reference, entities)
    for entity in list(entities.values()):
        if entity.capital and entity.capital in entities:
            for label in _labels(reference, URIRef(entity.capital)):
                trie.add(name_key(label, lexicon), Reading(entity.iri, "capital"))
    longest = _longest_key(trie.root)
    capitals = frozenset(e.capital for e in entities.values() if e.capital)
    codes = frozenset(str(code) for code in reference.objects(None, KG.geonamesCountry))
    return Gazetteer(entities, trie, closure, frozenset(demonyms), longest, capitals, codes,
                     _home_theatre(reference), own_slot_classes(ontology), classes)


def own_slot_classes(ontology: Graph) -> frozenset[str]:
    """The classes marked kg:ownSlotsOnly: their members fill no slot asking for a superclass."""
    return frozenset(local_name(str(cls)) for cls, flag in ontology.subject_objects(KG.ownSlotsOnly)
                     if str(cls).startswith(str(KG)) and isinstance(flag, Literal) and flag.value is True)


def _home_theatre(reference: Graph) -> str | None:
    """The one country marked as the home theatre; None when none or several are."""
    homes = {str(s) for s, o in reference.subject_objects(KG.homeTheatre) if isinstance(o, Literal) and o.value is True}
    return homes.pop() if len(homes) == 1 else None


def _country_of(reference: Graph, iri: str, entities: dict[str, Entity]) -> str | None:
    """The country a place lies in, following kg:locatedIn upwards."""
    node = iri
    for _ in range(_MAX_CONTAINMENT):
        entity = entities.get(node)
        if entity is not None and COUNTRY in entity.classes:
            return node
        above = reference.value(URIRef(node), KG.locatedIn)
        if above is None:
            return None
        node = str(above)
    return None


def _place_countries(reference: Graph, entities: dict[str, Entity]) -> None:
    for iri, entity in list(entities.items()):
        if PLACE in entity.classes:
            entities[iri] = replace(entity, country=_country_of(reference, iri, entities))


def _longest_key(node: TrieNode, depth: int = 0) -> int:
    if not node.children:
        return depth
    return max(_longest_key(child, depth + 1) for child in node.children.values())

