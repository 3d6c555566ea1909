"""Extraction of one article: a pure function of the article and the compiled resources."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from kg.build.pipeline.compound import compound_name_statements
from kg.build.pipeline.control_changes import (
    CONTROL,
    complete_control_changes,
    taker_first_patterns,
)
from kg.build.pipeline.dates import DateRules, article_times, load_date_rules
from kg.build.pipeline.discover import discover_names, discovered_entities
from kg.build.pipeline.event_dates import (
    EventDateRules,
    date_elaborations,
    load_event_date_rules,
    undate_running_totals,
    undate_unstated_times,
)
from kg.build.pipeline.events import (
    Event,
    apply_denials,
    drop_split_attributions,
    merge_undated_reports,
    sentence_events,
)
from kg.build.pipeline.extraction_settings import (
    EventSettings,
    load_class_settings,
    load_event_settings,
)
from kg.build.pipeline.gazetteer import Entity, Gazetteer, build_gazetteer
from kg.build.pipeline.lexicon import Lexicon, load_lexicon
from kg.build.pipeline.match import (
    EventMatch,
    Statement,
    best_reading,
    encode,
    match_events,
    match_sentence,
    skippable_tokens,
)
from kg.build.pipeline.mentions import find_mentions
from kg.build.pipeline.name_patterns import name_statements
from kg.build.pipeline.patterns import (
    CompiledPattern,
    PatternIndex,
    PatternRecord,
    compile_patterns,
    unit_features,
)
from kg.build.pipeline.quantities import QuantityRules, find_quantities, load_quantity_rules
from kg.build.pipeline.read import Article
from kg.build.pipeline.resolve import SentenceMentions, resolve_references, resolve_speakers
from kg.build.pipeline.segment import Sentence, split_sentences, tokenize
from kg.common.inputs import read_json_object


@dataclass(frozen=True)
class Resources:
    """Everything extraction needs, compiled once per run."""

    gazetteer: Gazetteer
    lexicon: Lexicon
    patterns: list[CompiledPattern]
    represented_relations: frozenset[str]
    dates: DateRules
    quantities: QuantityRules
    represented_roles: frozenset[str]
    event_dates: EventDateRules
    events: EventSettings

    @cached_property
    def pattern_index(self) -> PatternIndex:
        return PatternIndex(self.patterns)

    @cached_property
    def compound_name_record(self) -> PatternRecord | None:
        """The pattern whose statement a name like "Turkish-backed forces" makes."""
        wanted = self.lexicon.compound_name_pattern
        return next((p.record for p in self.patterns if p.record.id == wanted), None) if wanted else None

    @cached_property
    def name_patterns(self) -> list[CompiledPattern]:
        """The patterns read inside names ("the Aleppo-Damascus highway")."""
        return [p for p in self.patterns if p.record.inside]

    @cached_property
    def taker_first_patterns(self) -> frozenset[str]:
        return taker_first_patterns(self.patterns, self.events.taker_roles)

    @cached_property
    def attributes(self) -> dict[str, dict[str, str]]:
        return {p.record.id: dict(p.record.attributes) for p in self.patterns if p.record.attributes}


@dataclass(frozen=True)
class Evidence:
    statement: Statement
    sentence: int


@dataclass
class Extraction:
    article: Article
    sentences: list[Sentence]
    evidence: list[Evidence] = field(default_factory=list)
    mentioned: set[str] = field(default_factory=set)
    discovered: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class RelationSettings:
    represented_relations: frozenset[str]  # a person in a slot of these stands for whom they represent
    represented_roles: frozenset[str]  # the event roles in which a person stands for the actor they represent


def load_relation_settings(path: Path) -> RelationSettings:
    raw = read_json_object(path, "relation settings")
    return RelationSettings(
        represented_relations=frozenset(
            k for k, v in raw.items() if isinstance(v, dict) and v.get("persons_as_represented")),
        represented_roles=frozenset(raw.get("_event_roles_as_represented", [])),
    )


def load_resources(ontology: Graph, reference: Graph, patterns_dir: Path) -> Resources:
    lexicon = load_lexicon(patterns_dir / "lexicon.json")
    classes = load_class_settings(patterns_dir / "class_settings.json")
    gazetteer = build_gazetteer(reference, ontology, lexicon, classes)
    relations = load_relation_settings(patterns_dir / "relation_settings.json")
    return Resources(
        gazetteer=gazetteer,
        lexicon=lexicon,
        patterns=compile_patterns(patterns_dir, {"demonym": sorted(gazetteer.demonyms), **lexicon.word_classes},
                                  classes),
        represented_relations=relations.represented_relations,
        dates=load_date_rules(patterns_dir / "dates.json", lexicon.speech_verbs),
        quantities=load_quantity_rules(patterns_dir / "lexicon.json"),
        represented_roles=relations.represented_roles,
        event_dates=load_event_date_rules(patterns_dir / "dates.json", patterns_dir / "wordclasses.json"),
        events=load_event_settings(patterns_dir / "event_settings.json", patterns_dir / "sub_event_rules.ttl"),
    )


def _article_gazetteer(gaz: Gazetteer, local: dict[str, Entity]) -> Gazetteer:
    if not local:
        return gaz
    return replace(gaz, entities={**gaz.entities, **local})


def extract_article(article: Article, res: Resources) -> Extraction:
    lexicon = res.lexicon
    sentences = split_sentences(article.text, lexicon)
    tokenized = [tokenize(s.text, s.start) for s in sentences]
    found = [
        d for s, tokens in zip(sentences, tokenized)
        for d in discover_names(tokens, res.gazetteer, lexicon, s.text, s.start)
    ]
    local, local_trie = discovered_entities(found, res.gazetteer, lexicon)
    gaz = _article_gazetteer(res.gazetteer, local)
    doc = [
        SentenceMentions(s, tokens, find_mentions(tokens, gaz, local_trie if local else None, lexicon))
        for s, tokens in zip(sentences, tokenized)
    ]
    resolve_references(doc, gaz, lexicon)
    quotes = resolve_speakers(doc, article.text, gaz, lexicon)
    result = Extraction(article, sentences)
    events_by_sentence: list[list[Event]] = []
    denials_by_sentence: list[list[EventMatch]] = []
    control_matches: list[tuple[int, EventMatch]] = []
    attributes = res.attributes
    times_by_sentence = article_times([(s.text, s.start) for s in sentences], article.date, res.dates)
    for item in doc:
        covered = {i for m in item.mentions if m.readings for i in range(m.start, m.end)}
        quantities = find_quantities(item.tokens, covered, res.quantities, item.sentence.text, item.sentence.start)
        times = times_by_sentence[item.sentence.index]
        skip = skippable_tokens(item.tokens, item.mentions, lexicon, [(t.start, t.end) for t in times])
        encoded = encode(item.tokens, item.mentions, gaz, lexicon, quantities, skip)
        patterns = res.pattern_index.candidates(unit_features(encoded.text))
        statements = match_sentence(
            encoded, item.tokens, item.mentions, patterns, gaz, lexicon, res.represented_relations
        )
        statements += compound_name_statements(item.tokens, item.mentions, gaz, res.compound_name_record)
        statements += name_statements(item.tokens, item.mentions, gaz, lexicon, res.name_patterns)
        result.evidence.extend(Evidence(st, item.sentence.index) for st in statements)
        matches = match_events(encoded, item.tokens, item.mentions, quantities, patterns, gaz, lexicon,
                               res.represented_roles)
        control_matches += [(item.sentence.index, m) for m in matches if m.event == CONTROL]
        matches = drop_split_attributions(matches, article.text, res.events)
        events, denials = sentence_events(matches, item.sentence.index, times, quotes, attributes, res.events)
        events_by_sentence.append(events)
        denials_by_sentence.append(denials)
        for mention in item.mentions:
            reading = best_reading(mention.readings, gaz) if mention.kind in ("name", "demonym") else None
            if reading is not None:
                result.mentioned.add(reading.iri)
    apply_denials(events_by_sentence, denials_by_sentence, article.text, lexicon)
    events = complete_control_changes([e for found in events_by_sentence for e in found], sentences,
                                      control_matches, res.taker_first_patterns)
    result.events = merge_undated_reports(events)
    undate_running_totals(result.events, res.event_dates)
    undate_unstated_times(result.events, doc, res.event_dates, res.dates)
    date_elaborations(result.events, doc, times_by_sentence, res.event_dates, res.dates, lexicon)
    used = result.mentioned | {e.statement.subject for e in result.evidence} | {
        e.statement.object for e in result.evidence
    } | {iri for ev in result.events for values in ev.entities.values() for iri in values}
    result.discovered = {iri: entity for iri, entity in local.items() if iri in used}
    return result
