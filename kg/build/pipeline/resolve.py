"""Coreference: give pronouns, 'the town'-like descriptions and a speaker's 'we' the
entity they stand for, from the mentions before them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kg.build.pipeline.extraction_settings import HIGHWAY, PERSON, PLACE
from kg.build.pipeline.gazetteer import Gazetteer, Reading
from kg.build.pipeline.lexicon import Lexicon
from kg.build.pipeline.mentions import CAPITAL_OF_STATE, Mention
from kg.build.pipeline.segment import Sentence, Token


@dataclass
class SentenceMentions:
    sentence: Sentence
    tokens: list[Token]
    mentions: list[Mention]


def _with_class(mention: Mention, cls: str, gaz: Gazetteer) -> Reading | None:
    for reading in mention.readings:
        if gaz.has_class(reading.iri, cls):
            return reading
    return None


def _candidates(doc: list[SentenceMentions], s: int, before: int, scope: int) -> Iterator[Mention]:
    """Resolved mentions before token `before` of sentence s (nearest first), then earlier
    sentences, nearest sentence first and, within it, in reading order."""
    for mention in reversed(doc[s].mentions):
        if mention.end <= before and mention.readings:
            yield mention
    for back in range(1, scope + 1):
        if s - back < 0:
            return
        for mention in doc[s - back].mentions:
            if mention.readings:
                yield mention


def _as_actor(reading: Reading, force: bool, gaz: Gazetteer) -> Reading:
    entity = gaz.entities.get(reading.iri)
    if force and entity is not None and PERSON in entity.classes and entity.represents:
        return Reading(entity.represents, "coref")
    return Reading(reading.iri, "coref")


def _resolve_pronoun(doc: list[SentenceMentions], s: int, mention: Mention, gaz: Gazetteer) -> Mention:
    """One reading per class the pronoun may stand for, the nearest of each, in the order of
    preference: the pattern slot that takes the pronoun picks the reading of its class."""
    before = [m for m in doc[s].mentions if m.end <= mention.start and m.readings]
    previous = [m for m in doc[s - 1].mentions if m.readings] if s > 0 else []
    for candidates in (before, previous):
        readings: list[Reading] = []
        for cls in mention.anaphor_classes:
            # an actor pronoun takes the subject, the first named; a place pronoun the nearest
            ordered = reversed(candidates) if cls in gaz.classes.nearest_first else candidates
            for candidate in ordered:
                reading = _with_class(candidate, cls, gaz)
                if reading is not None:
                    resolved = _as_actor(reading, mention.force, gaz)
                    if resolved not in readings:
                        readings.append(resolved)
                    break
        if readings:
            return replace(mention, readings=tuple(readings))
    return mention


def _main_state_capital(doc: list[SentenceMentions], s: int, before: int, gaz: Gazetteer) -> str | None:
    """'the capital': the capital of the state the article has named most often so far."""
    counts: Counter[str] = Counter()
    for k in range(s + 1):
        for mention in doc[k].mentions:
            if k == s and mention.end > before:
                break
            for reading in mention.readings:
                entity = gaz.entities.get(reading.iri)
                if entity is not None and entity.capital:
                    counts[entity.iri] += 1
    if not counts:
        return None
    state = gaz.entities[counts.most_common(1)[0][0]]
    return state.capital


def _resolve_description(
    doc: list[SentenceMentions], s: int, mention: Mention, gaz: Gazetteer, scope: int
) -> Mention:
    if CAPITAL_OF_STATE in mention.anaphor_classes:
        capital = _main_state_capital(doc, s, mention.start, gaz)
        return replace(mention, readings=(Reading(capital, "coref"),)) if capital else mention
    if HIGHWAY in mention.anaphor_classes:
        highway = _apposed_highway(doc[s], mention, gaz) or _only_highway_in_play(doc, s, mention, gaz, scope)
        return replace(mention, readings=(Reading(highway, "coref"),)) if highway else mention
    candidates = list(_candidates(doc, s, mention.start, scope))
    noun = mention.anaphor_word
    for candidate in candidates:
        if noun and candidate.cue_word == noun and candidate.readings:
            return replace(mention, readings=(Reading(candidate.readings[0].iri, "coref"),))
    recent = _only_recent_of_class(doc, s, mention, gaz)
    if recent is not None:
        return replace(mention, readings=(Reading(recent, "coref"),))
    generic = mention.anaphor_classes[1:] or mention.anaphor_classes
    for cls in generic:
        fitting = [r for r in (_with_class(c, cls, gaz) for c in candidates) if r is not None]
        if fitting:
            counts = _mention_counts(doc, s, mention.start)
            subjects = _sentence_subjects(doc, s, scope)
            best = max(enumerate(fitting),
                       key=lambda item: (counts[item[1].iri], item[1].iri in subjects, -item[0]))[1]
            return replace(mention, readings=(Reading(best.iri, "coref"),))
    return _resolve_forward(doc, s, mention, gaz)


def _only_recent_of_class(doc: list[SentenceMentions], s: int, mention: Mention, gaz: Gazetteer) -> str | None:
    """'... pushed into Mayadin. The army took the town': when the sentence so far and the one
    before name exactly one place of the description's kind (any settlement for 'the town':
    reporters call a village a town), that place."""
    if len(mention.anaphor_classes) < 2:
        return None
    kind = mention.anaphor_classes[-1]
    recent = [m for m in doc[s].mentions if m.end <= mention.start]
    recent += doc[s - 1].mentions if s > 0 else []
    if _noun_outside_names(doc[s], mention, mention.start) or (
            s > 0 and _noun_outside_names(doc[s - 1], mention, len(doc[s - 1].tokens))):
        return None  # "the northwestern city ...": another place of that kind, named by no name
    found = {r.iri for m in recent if m.kind in ("name", "anaphor") for r in m.readings[:1]
             if gaz.has_class(r.iri, kind)}
    return found.pop() if len(found) == 1 else None


def _noun_outside_names(item: SentenceMentions, mention: Mention, stop: int) -> bool:
    """The sentence has the description's noun ("town") before token `stop`, outside every name."""
    inside = {i for m in item.mentions if m.kind == "name" for i in range(m.start, m.end)}
    return any(t.norm == mention.anaphor_word and i not in inside for i, t in enumerate(item.tokens[:stop]))


def _apposed_highway(item: SentenceMentions, mention: Mention, gaz: Gazetteer) -> str | None:
    """'the highway, the M20, stretches ...': the highway named right after the comma."""
    comma = mention.end
    if comma >= len(item.tokens) or item.tokens[comma].text != ",":
        return None
    following = next((m for m in item.mentions if m.start > comma), None)
    if following is None or following.start != comma + 1:
        return None
    named = _named_highways([following], gaz)
    return named.pop() if len(named) == 1 else None


def _only_highway_in_play(doc: list[SentenceMentions], s: int, mention: Mention, gaz: Gazetteer,
                          scope: int) -> str | None:
    """The one highway 'the highway' can mean: the only one named in the sentence so far and the
    `scope` sentences before it; when these name none, the only one the article has named so
    far. Two highways in play leave the description unresolved."""
    before = [m for m in doc[s].mentions if m.end <= mention.start]
    named = _named_highways(before + [m for k in range(max(0, s - scope), s) for m in doc[k].mentions], gaz)
    if not named:
        named = _named_highways(before + [m for k in range(s) for m in doc[k].mentions], gaz)
    return named.pop() if len(named) == 1 else None


def _named_highways(mentions: list[Mention], gaz: Gazetteer) -> set[str]:
    return {r.iri for m in mentions if m.kind == "name" for r in m.readings if gaz.has_class(r.iri, HIGHWAY)}


_SUBJECT_WITHIN = 3  # tokens from the start of a sentence where its subject stands


def _sentence_subjects(doc: list[SentenceMentions], s: int, scope: int) -> set[str]:
    """Entities named first in their sentence: the likely topic a description refers back to."""
    subjects: set[str] = set()
    for k in range(max(0, s - scope), s):
        names = [m for m in doc[k].mentions if m.kind == "name" and m.readings]
        if names and names[0].start <= _SUBJECT_WITHIN:
            subjects.update(r.iri for r in names[0].readings)
    return subjects


def _mention_counts(doc: list[SentenceMentions], s: int, before: int) -> Counter[str]:
    """How often each entity has been named so far: the article's focus is named most."""
    counts: Counter[str] = Counter()
    for k in range(s + 1):
        for mention in doc[k].mentions:
            if k == s and mention.start >= before:
                break
            if mention.kind == "name":
                counts.update({r.iri for r in mention.readings})
    return counts


def _resolve_forward(doc: list[SentenceMentions], s: int, mention: Mention, gaz: Gazetteer) -> Mention:
    """'a war monitor ...' named only later ('... the Observatory said'): the first name of
    that class further on in the article."""
    for item in doc[s:]:
        for candidate in item.mentions:
            if item is doc[s] and candidate.start <= mention.start:
                continue
            if candidate.kind != "name":
                continue
            for cls in mention.anaphor_classes:
                reading = _with_class(candidate, cls, gaz)
                if reading is not None:
                    return replace(mention, readings=(Reading(reading.iri, "coref"),))
    return mention


_NO_CLUE = ""  # an article that names no place or actor of any one war


def article_theatre(doc: list[SentenceMentions], gaz: Gazetteer) -> str | None:
    """The country whose war the article reports: the one most of its places and local actors
    belong to. None when two lead together; _NO_CLUE when nothing points to any war."""
    votes: Counter[str] = Counter()
    for item in doc:
        for mention in item.mentions:
            if mention.kind != "name":
                continue
            countries = {c for c in (gaz.theatre_of(r) for r in mention.readings) if c is not None}
            if len(countries) == 1:
                votes[countries.pop()] += 1
    ranked = votes.most_common(2)
    if not ranked:
        return _NO_CLUE
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def scope_generic_names(doc: list[SentenceMentions], gaz: Gazetteer) -> str | None:
    """A generic name ('regime forces', 'government troops') keeps only the readings of the
    article's theatre. In a report on another war, or one torn between two, it names nothing.
    A report that gives no clue at all is read as one on the home theatre; without one, its
    generic names keep their readings only when these all belong to one war."""
    theatre = article_theatre(doc, gaz)
    if theatre == _NO_CLUE and gaz.home_theatre:
        theatre = gaz.home_theatre
    for item in doc:
        for k, mention in enumerate(item.mentions):
            mention = item.mentions[k] = _places_in_theatre(mention, theatre, gaz)
            generic = [r for r in mention.readings if r.via == "context"]
            if not generic:
                continue
            wars = {t for r in generic for t in _theatres(r, gaz)}
            fits = wars if theatre == _NO_CLUE and len(wars) == 1 else {theatre}
            kept = tuple(r for r in mention.readings if r.via != "context" or _theatres(r, gaz) & fits)
            item.mentions[k] = replace(mention, readings=kept)
    return theatre


def unread_local_demonyms(doc: list[SentenceMentions], theatre: str | None, gaz: Gazetteer, lexicon: Lexicon) -> None:
    """'Turkish forces and their Syrian allies': in a report on Syria's war, the bare demonym of
    a side of that war before a relational noun ("allies", "partners") may name any Syrian
    side, so it names none. 'Turkish allies' still names Turkey."""
    for item in doc:
        for k, mention in enumerate(item.mentions):
            if mention.kind != "demonym" or not mention.readings or mention.end >= len(item.tokens):
                continue
            if item.tokens[mention.end].norm not in lexicon.relational_demonym_heads:
                continue
            if any(theatre in _theatres(r, gaz) for r in mention.readings):
                item.mentions[k] = replace(mention, readings=())


def _places_in_theatre(mention: Mention, theatre: str | None, gaz: Gazetteer) -> Mention:
    """A name shared by places in several countries ('Sinjar' in Iraq and in Idlib) keeps the
    places of the article's theatre, when it has one."""
    if not theatre or len(mention.readings) < 2:
        return mention
    countries = {gaz.entities[r.iri].country for r in mention.readings if r.iri in gaz.entities}
    if len(countries - {None}) < 2 or theatre not in countries:
        return mention
    kept = tuple(r for r in mention.readings if gaz.entities[r.iri].country in (theatre, None)
                 or PLACE not in gaz.entities[r.iri].classes)
    return replace(mention, readings=kept)


def _theatres(reading: Reading, gaz: Gazetteer) -> frozenset[str]:
    entity = gaz.entities.get(reading.iri)
    return entity.theatres if entity is not None else frozenset()


def resolve_references(doc: list[SentenceMentions], gaz: Gazetteer, lexicon: Lexicon) -> None:
    """Scope generic names to the article's theatre, then fill in the readings of pronoun and
    description mentions, sentence by sentence."""
    theatre = scope_generic_names(doc, gaz)
    unread_local_demonyms(doc, theatre, gaz, lexicon)
    for s, item in enumerate(doc):
        for k, mention in enumerate(item.mentions):
            if mention.kind == "pronoun":
                item.mentions[k] = _resolve_pronoun(doc, s, mention, gaz)
            elif mention.kind == "anaphor":
                item.mentions[k] = _resolve_description(doc, s, mention, gaz, lexicon.anaphor_scope_sentences)


_QUOTE = re.compile('"')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Pairs of straight double quotes within each line of the normalised text."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if '"' in line:
            marks = [offset + m.start() for m in _QUOTE.finditer(line)]
            spans.extend((marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2))
        offset += len(line) + 1
    return spans


def _person(mention: Mention, gaz: Gazetteer) -> str | None:
    reading = _with_class(mention, PERSON, gaz)
    return reading.iri if reading else None


def _speaker_after(doc: list[SentenceMentions], close: int, gaz: Gazetteer, lexicon: Lexicon) -> str | None:
    for item in doc:
        if item.sentence.end < close or item.sentence.start > close + 1:
            continue
        after = [m for m in item.mentions if item.tokens[m.start].start > close]
        for mention in after[:2]:
            person = _person(mention, gaz)
            if person:
                return person
    return None


def _speaker_before(doc: list[SentenceMentions], open_: int, gaz: Gazetteer, lexicon: Lexicon) -> str | None:
    for item in doc:
        if not item.sentence.start <= open_ <= item.sentence.end:
            continue
        before = [m for m in item.mentions if item.tokens[m.end - 1].end <= open_]
        verbs = {t.norm for t in item.tokens if t.end <= open_ and t.is_word}
        if verbs & lexicon.speech_verbs:
            for mention in reversed(before):
                person = _person(mention, gaz)
                if person:
                    return person
    return None


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    speaker: str


def resolve_speakers(doc: list[SentenceMentions], text: str, gaz: Gazetteer, lexicon: Lexicon) -> list[Quote]:
    """'we', 'our', 'us' inside a quotation stand for the actor the speaker represents.
    Returns the quotations whose speaker is known."""
    quotes: list[Quote] = []
    for open_, close in quote_spans(text):
        speaker = _speaker_after(doc, close, gaz, lexicon) or _speaker_before(doc, open_, gaz, lexicon)
        entity = gaz.entities.get(speaker) if speaker else None
        if entity is None:
            continue
        quotes.append(Quote(open_, close, entity.iri))
        if not entity.represents:
            continue
        for item in doc:
            for k, mention in enumerate(item.mentions):
                start = item.tokens[mention.start].start
                if mention.kind == "speaker" and open_ < start < close:
                    item.mentions[k] = replace(mention, readings=(Reading(entity.represents, "speaker"),))
    return quotes
