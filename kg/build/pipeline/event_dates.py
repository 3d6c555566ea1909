"""What the narrative around a report says about its date, beyond its sentence's times.

Reporters give the day once and then elaborate: "Government troops on Thursday took four
villages near X. The army said it captured A, B, C and D." The second report has no time of
its own; it is the first report told in detail, so it takes that report's day. It does so only
when the sentence before it that gives a time reports the same kind of event by the same actor
(or, for a toll that names no perpetrator, when it refers back to that event: "killed in the
strikes"), and only a day: a week, a month or a span is no day to pass on.

Two times of a sentence date none of its reports: the day of the deaths a running total adds
("two were killed on Wednesday, bringing the toll to 18") and the day of a statement that says
it does not know when the event happened ("announced on Thursday ..., without saying when").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from kg.build.pipeline.dates import (
    DateRules,
    TimeRef,
    alternation,
    dates_a_statement,
    in_subordinate_clause,
)
from kg.build.pipeline.events import Event
from kg.build.pipeline.lexicon import Lexicon, fold
from kg.build.pipeline.patterns import load_word_classes
from kg.build.pipeline.resolve import SentenceMentions
from kg.common.errors import DataError
from kg.common.inputs import read_json_object

_REPORTED = "reported"


@dataclass(frozen=True)
class ElaborationKind:
    """How a report of one event type finds the report it elaborates."""

    antecedents: frozenset[str]  # event types it may elaborate
    actor_roles: tuple[str, ...]  # the roles that name who did it
    triggers: re.Pattern[str]  # a word that reports that kind of event
    back_reference: re.Pattern[str] | None  # "the strikes": the report refers back to the event


@dataclass(frozen=True)
class EventDateRules:
    reach: int  # sentences back to look for the time
    kinds: dict[str, ElaborationKind]
    perfect: frozenset[str]  # "has" in "has taken": a state up to now, not a day
    running_totals: dict[str, frozenset[str]]  # attribute values of a running total
    unstated_time: tuple[str, ...]  # "without saying when": the statement's day is not the event's


def _words_of(items: list[str], classes: dict[str, list[str]], path: Path) -> list[str]:
    words: list[str] = []
    for item in items:
        if item.startswith("@"):
            if item[1:] not in classes:
                raise DataError(f"{path}: unknown word class {item}; define it in wordclasses.json")
            words.extend(classes[item[1:]])
        else:
            words.append(item)
    return words


def _strings(raw: dict[str, object], key: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of strings")
    return value


def _kind(raw: dict[str, object], classes: dict[str, list[str]], referring: list[str], path: Path) -> ElaborationKind:
    triggers = _words_of(_strings(raw, "triggers"), classes, path)
    back = _words_of(_strings(raw, "back_references"), classes, path)
    referring_words, back_words = alternation(referring, any_spacing=True), alternation(back, any_spacing=True)
    back_reference = re.compile(rf"\b(?:{referring_words})\s+(?:[\w-]+\s+)?(?:{back_words})\b",
                                re.IGNORECASE) if back else None
    trigger = re.compile(rf"\b(?:{alternation(triggers, any_spacing=True)})\b", re.IGNORECASE)
    return ElaborationKind(frozenset(_strings(raw, "antecedents")), tuple(_strings(raw, "actor_roles")),
                           trigger, back_reference)


def load_event_date_rules(path: Path, word_classes: Path) -> EventDateRules:
    """The "event_dates" section of the date rules; @name stands for a word class."""
    classes = load_word_classes(word_classes)
    try:
        raw = read_json_object(path, "event date rules")["event_dates"]
        referring = _strings(raw, "referring_words")
        kinds = {name: _kind(item, classes, referring, path) for name, item in raw["kinds"].items()}
        perfect = frozenset(fold(w) for w in _strings(raw, "perfect_auxiliaries"))
        totals = {k: frozenset(v) for k, v in raw.get("running_totals", {}).items()}
        unstated = tuple(cue.lower() for cue in _strings(raw, "unstated_time_cues"))
        return EventDateRules(int(raw["reach"]), kinds, perfect, totals, unstated)
    except (ValueError, KeyError, TypeError, AttributeError, re.error) as err:
        raise DataError(f"{path}: cannot read the event date rules ({err}); restore the file") from err


@dataclass(frozen=True)
class _Narrative:
    """What the dating of one article reads: its sentences, their times and their reports."""

    doc: list[SentenceMentions]
    times: list[list[TimeRef]]
    events: dict[int, list[Event]]
    rules: EventDateRules
    dates: DateRules
    lexicon: Lexicon


def _actors(event: Event, kind: ElaborationKind) -> set[str]:
    return {iri for role in kind.actor_roles for iri in event.entities.get(role, [])}


def _is_running_total(event: Event, rules: EventDateRules) -> bool:
    return any(event.attributes.get(key) in values for key, values in rules.running_totals.items())


def _says_time_unstated(text: str, rules: EventDateRules) -> bool:
    lowered = text.lower()
    return any(cue in lowered for cue in rules.unstated_time)


def _day(time: TimeRef | None) -> TimeRef | None:
    """A time worth passing on: a day that is not ahead."""
    if time is None or time.value is None or time.precision != "day" or time.future:
        return None
    return time


def _only(times: list[TimeRef]) -> TimeRef | None:
    """The one day of the times, when they all give the same day."""
    return times[0] if times and len({t.value for t in times}) == 1 else None


def _subordinate(event: Event, narrative: _Narrative) -> bool:
    """The report stands in a clause that places it before or after another event."""
    sentence = narrative.doc[event.sentence].sentence
    return in_subordinate_clause(sentence.text, event.start - sentence.start, narrative.dates)


_PERFECT_WINDOW = 3  # words before the verb where "has" or "have" makes it a present perfect
_WORDS = re.compile(r"[\w']+")
_WINDOW = 120  # characters read around a word: linear on long lines


def _in_present_perfect(event: Event, kind: ElaborationKind, narrative: _Narrative) -> bool:
    """The report's verb is a present perfect ("have retaken"): it sums up what has happened so
    far rather than telling the event of the day before."""
    sentence = narrative.doc[event.sentence].sentence
    text = sentence.text[: event.end - sentence.start]
    trigger = kind.triggers.search(text, max(0, event.start - sentence.start))
    if trigger is None:
        return False
    before = _WORDS.findall(text, max(0, trigger.start() - _WINDOW), trigger.start())[-_PERFECT_WINDOW:]
    return any(fold(word) in narrative.rules.perfect for word in before)


def _refers_back(event: Event, kind: ElaborationKind, narrative: _Narrative) -> bool:
    return kind.back_reference is not None and \
        kind.back_reference.search(narrative.doc[event.sentence].sentence.text) is not None


def _from_reports(event: Event, kind: ElaborationKind, antecedent: int, narrative: _Narrative) -> TimeRef | None:
    """The day of the sentence's reports of the same kind by the same actor; None when there
    are none or they give no single day."""
    actors = _actors(event, kind)
    same = [e for e in narrative.events.get(antecedent, [])
            if e.type in kind.antecedents and e.status == _REPORTED
            and (_actors(e, kind) & actors if actors else True)]
    if not same:
        return None
    days = [_day(e.time) for e in same]
    return _only([d for d in days if d is not None]) if all(days) else None


def _actor_then_trigger(mentions: SentenceMentions, actors: set[str], kind: ElaborationKind,
                        lexicon: Lexicon) -> bool:
    """The sentence names the actor and then reports the kind of event, with no negation or
    modal word between them: "Government forces on Monday liberated ..."."""
    text, base, tokens = mentions.sentence.text, mentions.sentence.start, mentions.tokens
    for mention in mentions.mentions:
        if not {r.iri for r in mention.readings} & actors:
            continue
        after = tokens[mention.end - 1].end - base
        trigger = kind.triggers.search(text, after, after + _WINDOW)
        if trigger is None:
            continue
        between = {fold(t.text) for t in tokens[mention.end: mention.end + _WINDOW] if t.start < trigger.start() + base}
        if not between & lexicon.cues:
            return True
    return False


def _from_words(event: Event, kind: ElaborationKind, antecedent: int, narrative: _Narrative) -> TimeRef | None:
    """The day of a sentence that no pattern read but whose words report the same kind of event:
    by the same actor, or, when the report names none and refers back to it, by anyone."""
    mentions = narrative.doc[antecedent]
    actors = _actors(event, kind)
    if actors:
        if not _actor_then_trigger(mentions, actors, kind, narrative.lexicon):
            return None
    elif not (_refers_back(event, kind, narrative) and kind.triggers.search(mentions.sentence.text)):
        return None
    text, base = mentions.sentence.text, mentions.sentence.start
    main = [t for t in narrative.times[antecedent]
            if not in_subordinate_clause(text, t.start - base, narrative.dates)]
    days = [_day(t) for t in main]
    return _only([d for d in days if d is not None]) if all(days) else None


def _antecedent_time(event: Event, kind: ElaborationKind, narrative: _Narrative) -> TimeRef | None:
    """The day of the report the event elaborates, from the nearest sentence before it, within
    reach, that gives a time; None when that sentence reports something else."""
    for antecedent in range(event.sentence - 1, max(-1, event.sentence - 1 - narrative.rules.reach), -1):
        if not narrative.times[antecedent]:
            continue
        if not _actors(event, kind) and not _refers_back(event, kind, narrative):
            return None
        if any(e.type in kind.antecedents for e in narrative.events.get(antecedent, [])):
            return _from_reports(event, kind, antecedent, narrative)
        return _from_words(event, kind, antecedent, narrative)
    return None


def date_elaborations(events: list[Event], doc: list[SentenceMentions], times: list[list[TimeRef]],
                      rules: EventDateRules, dates: DateRules, lexicon: Lexicon) -> None:
    """Give each undated report that elaborates a dated one the day of that report."""
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        by_sentence.setdefault(event.sentence, []).append(event)
    narrative = _Narrative(doc, times, by_sentence, rules, dates, lexicon)
    for event in events:
        kind = rules.kinds.get(event.type)
        if kind is None or event.time is not None or event.status != _REPORTED or _is_running_total(event, rules):
            continue
        if _subordinate(event, narrative) or _in_present_perfect(event, kind, narrative) or \
                _says_time_unstated(doc[event.sentence].sentence.text, rules):
            continue
        time = _antecedent_time(event, kind, narrative)
        if time is not None:
            event.time = replace(time, rule=f"{time.rule}, from the report it elaborates")


def undate_running_totals(events: list[Event], rules: EventDateRules) -> None:
    """A running total ("bringing the toll to 18") is not dated by the report of the deaths it
    adds up ("two were killed on Wednesday"): it keeps only a time no other report of its
    sentence holds."""
    for event in events:
        if event.time is None or not _is_running_total(event, rules):
            continue
        span = (event.time.start, event.time.end)
        if any(other is not event and other.sentence == event.sentence and other.time is not None
               and (other.time.start, other.time.end) == span for other in events):
            event.time = None


def undate_unstated_times(events: list[Event], doc: list[SentenceMentions], rules: EventDateRules,
                          dates: DateRules) -> None:
    """A sentence that says its statement gave no time for the event ("announced on Thursday
    that ..., without saying when") dates none of its reports by the statement's day."""
    for event in events:
        if event.time is None:
            continue
        sentence = doc[event.sentence].sentence
        if not _says_time_unstated(sentence.text, rules):
            continue
        start, end = event.time.start - sentence.start, event.time.end - sentence.start
        if 0 <= start and dates_a_statement(sentence.text, start, end, dates):
            event.time = None
