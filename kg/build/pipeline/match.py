"""Run the compiled patterns over one sentence and turn matches into statements."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from kg.build.pipeline.extraction_settings import ACTOR, PERSON
from kg.build.pipeline.gazetteer import VIA_ORDER, Gazetteer, Reading
from kg.build.pipeline.lexicon import Lexicon
from kg.build.pipeline.mentions import Mention
from kg.build.pipeline.patterns import PUNCT_NAMES, SKIP_PREFIX, CompiledPattern
from kg.build.pipeline.quantities import Quantity
from kg.build.pipeline.segment import Token
from kg.build.pipeline.victims import SLOT_CLASSES as VICTIM_CLASSES
from kg.build.pipeline.victims import VictimContext, VictimList, read_victims

_MENTION_INDEX = re.compile(r"m(\d+):")
_QUANTITY_INDEX = re.compile(r"q(\d+):")
_new = tuple.__new__  # a named tuple from all its fields, without the slower keyword-aware __new__
_BREAK_PUNCT = frozenset({"semi", "colon", "quote", "lparen", "rparen", "dash", "period", "qmark"})


class Unit(NamedTuple):
    """One unit of an encoded sentence (a named tuple: sentences make many of them)."""

    code: str
    first_token: int
    last_token: int  # inclusive
    mention: int | None = None
    quantity: int | None = None


@dataclass(frozen=True)
class Encoded:
    text: str
    units: list[Unit]
    starts: list[int]

    def unit_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


@dataclass(frozen=True)
class EventMatch:
    """An event pattern's match: its type, the role fillers, where, and its status."""

    pattern: str
    event: str
    roles: tuple[tuple[str, str | Quantity | VictimList], ...]
    start: int
    end: int
    status: str  # reported | planned | threatened


@dataclass(frozen=True)
class Statement:
    subject: str
    predicate: str
    object: str
    pattern: str
    start: int  # character offsets of the match in the article text
    end: int


def _mention_code(index: int, mention: Mention, gaz: Gazetteer) -> str:
    classes: set[str] = set()
    for reading in mention.readings:
        classes |= gaz.reading_classes(reading)
    return f"m{index}:|" + "|".join(sorted(classes)) + "|"


def skippable_tokens(tokens: list[Token], mentions: list[Mention], lexicon: Lexicon,
                     times: Sequence[tuple[int, int]] = ()) -> frozenset[int]:
    """The tokens a pattern reads past: skippable adverbs, time expressions (character spans)
    with the word that leads them ("late on Monday"), and "one week later". A token of a
    mention never is."""
    named = {i for m in mentions if m.readings for i in range(m.start, m.end)}
    skip = set(_adverb_tokens(tokens, lexicon)) | set(_relative_time_tokens(tokens, lexicon))
    skip.update(_phrase_tokens(tokens, lexicon))
    starts = [t.start for t in tokens]
    for start, end in times:
        first = bisect.bisect_left(starts, start)
        inside = [i for i in range(first, bisect.bisect_left(starts, end)) if tokens[i].end <= end]
        skip.update(inside)
        if inside:
            skip.update(_time_lead_tokens(tokens, inside[0], lexicon))
    return frozenset(skip - named)


def _adverb_tokens(tokens: list[Token], lexicon: Lexicon) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.is_word and t.norm in lexicon.skippable.adverbs]


def _phrase_tokens(tokens: list[Token], lexicon: Lexicon) -> list[int]:
    """The tokens of skippable phrases ("managed to")."""
    found: list[int] = []
    by_first_word = lexicon.skippable.phrases_by_first_word
    for i, token in enumerate(tokens):
        for phrase in by_first_word.get(token.norm, ()):
            if tuple(t.norm for t in tokens[i: i + len(phrase)]) == phrase:
                found.extend(range(i, i + len(phrase)))
    return found


def _time_lead_tokens(tokens: list[Token], first: int, lexicon: Lexicon) -> list[int]:
    """The words just before a time expression that belong to it: "late on" Monday."""
    leads: list[int] = []
    k = first - 1
    while k >= 0 and tokens[k].is_word and tokens[k].norm in lexicon.skippable.time_leads and len(leads) < 2:
        leads.append(k)
        k -= 1
    return leads


def _relative_time_tokens(tokens: list[Token], lexicon: Lexicon) -> list[int]:
    """"one week later", "a few days earlier": counts, a unit and a relative word."""
    words = lexicon.skippable
    found: list[int] = []
    for i, token in enumerate(tokens):
        if i == 0 or token.norm not in words.time_relatives or tokens[i - 1].norm not in words.time_units:
            continue
        k = i - 2
        while k >= 0 and i - k <= 5 and (tokens[k].norm in words.time_counts or tokens[k].norm.isdigit()):
            k -= 1
        found.extend(range(k + 1, i + 1))
    return found


def encode(tokens: list[Token], mentions: list[Mention], gaz: Gazetteer, lexicon: Lexicon,
           quantities: list[Quantity] | None = None, skip: AbstractSet[int] = frozenset()) -> Encoded:
    """The sentence as units. A word or quantity in `skip` becomes a skippable unit (`s:word`),
    which patterns read past between their elements and cues are still read from."""
    # the units of mentions and quantities by their first token; a mention before a quantity
    spans = {q.start: Unit(f"q{k}:", q.start, q.end - 1, quantity=k) for k, q in enumerate(quantities or [])}
    spans.update((m.start, Unit(_mention_code(k, m, gaz), m.start, m.end - 1, k))
                 for k, m in enumerate(mentions) if m.readings)
    determiners = lexicon.determiners
    units: list[Unit] = []
    i = 0
    while i < len(tokens):
        unit = spans.get(i)
        if unit is not None:
            units.append(unit)
            i = unit.last_token + 1
            continue
        token = tokens[i]
        if not token.is_word:
            units.append(_new(Unit, ("p:" + PUNCT_NAMES.get(token.text, "other"), i, i, None, None)))
        elif token.norm not in determiners:
            last = _compound_end(tokens, i, spans)
            word = "".join(t.norm for t in tokens[i: last + 1] if t.is_word)
            units.append(_new(Unit, ("w:" + word, i, last, None, None)))
            i = last
        i += 1
    units = [_skipped(unit) if unit.first_token in skip and unit.mention is None else unit for unit in units]
    parts = [" " + unit.code for unit in units]
    starts = list(accumulate(map(len, parts), initial=0))[:-1]
    return Encoded("".join(parts), units, starts)


def _compound_end(tokens: list[Token], i: int, spans: dict[int, Unit]) -> int:
    """The last token of a hyphenated word that starts at token i ("re-entered",
    "north-western" are read as "reentered", "northwestern"), or i. A name is never joined."""
    last = i
    while (last + 2 < len(tokens) and tokens[last + 1].text == "-" and tokens[last + 2].is_word
           and last + 1 not in spans and last + 2 not in spans
           and tokens[last].end == tokens[last + 1].start and tokens[last + 1].end == tokens[last + 2].start):
        last += 2
    return last


def _skipped(unit: Unit) -> Unit:
    word = unit.code[2:] if unit.code.startswith("w:") else "_"
    return unit._replace(code=SKIP_PREFIX + word, quantity=None)


def _is_break(code: str, lexicon: Lexicon) -> bool:
    if code.startswith("p:"):
        return code[2:] in _BREAK_PUNCT
    return code.startswith("w:") and code[2:] in lexicon.clause_breaks


def _cue_word(code: str, lexicon: Lexicon) -> str | None:
    """The word a unit offers as a cue: a word, or a skipped adverb ("apparently"); the words
    of a time phrase are none ("in May")."""
    if code.startswith("w:") or (code.startswith(SKIP_PREFIX) and code[2:] in lexicon.skippable.adverbs):
        return code[2:]
    return None


def cue_words(encoded: Encoded, first: int, last: int, lexicon: Lexicon) -> set[str]:
    """The words inside the match and just before it in its clause, where cues are read."""
    words = {w for u in encoded.units[first: last + 1] if (w := _cue_word(u.code, lexicon)) is not None}
    seen = 0
    k = first - 1
    while k >= 0 and seen < lexicon.cue_window:
        code = encoded.units[k].code
        if _is_break(code, lexicon):
            break
        word = _cue_word(code, lexicon)
        if word is not None:
            words.add(word)
        seen += 1
        k -= 1
    return words


def blocked_by_cue(encoded: Encoded, first: int, last: int, lexicon: Lexicon,
                   own_words: frozenset[str] = frozenset()) -> bool:
    """A negation, modal or denial word inside the match or just before it in its clause."""
    return bool((cue_words(encoded, first, last, lexicon) - own_words) & lexicon.cues)


def event_status(encoded: Encoded, first: int, last: int, lexicon: Lexicon,
                 own_words: frozenset[str] = frozenset()) -> str | None:
    """None when negated; planned, threatened or suspected when only supposed; else reported."""
    words = cue_words(encoded, first, last, lexicon) - own_words
    if words & lexicon.negation:
        return None
    if words & lexicon.threat:
        return "threatened"
    if words & lexicon.modality:
        return "planned"
    if words & lexicon.suspicion:
        return "suspected"
    return "reported"


def best_reading(readings: list[Reading] | tuple[Reading, ...], gaz: Gazetteer) -> Reading | None:
    """The reading a name has when its context does not decide: highest priority, then the
    most direct way of naming (a label before a capital standing for its government)."""
    if len(readings) < 2:
        return readings[0] if readings else None
    ranked = min(enumerate(readings), key=lambda item: (-_priority(item[1], gaz), _via_rank(item[1]), item[0]))
    return ranked[1]


def choose_reading(mention: Mention, cls: str, gaz: Gazetteer, as_represented: bool) -> str | None:
    classes = cls.split("|")
    best = best_reading([r for r in mention.readings if any(gaz.reading_has_class(r, c) for c in classes)], gaz)
    if best is None:
        return None
    entity = gaz.entities[best.iri]
    if as_represented and PERSON in entity.classes and entity.represents:
        return entity.represents
    return best.iri


def _priority(reading: Reading, gaz: Gazetteer) -> int:
    entity = gaz.entities.get(reading.iri)
    return entity.priority if entity else 0


def _via_rank(reading: Reading) -> int:
    return VIA_ORDER.index(reading.via) if reading.via in VIA_ORDER else len(VIA_ORDER)


def mention_indexes(text: str) -> list[int]:
    """The indexes of the mentions in a stretch of encoded text, in order."""
    return [int(k) for k in _MENTION_INDEX.findall(text)]


def slot_indexes(text: str, lexicon: Lexicon) -> list[int]:
    """The mentions a slot holds; of names joined by commas alone, the first only: without a
    list joiner ("and", "or") they are no list ("After the army took Saraqeb, Turkey sent troops")."""
    found = mention_indexes(text)
    return found if len(found) < 2 or lexicon.list_joiner_unit.search(text) else found[:1]


def _slot_mentions(match: re.Match[str], slot: str, lexicon: Lexicon) -> list[int]:
    text = match.group(slot)
    return slot_indexes(text, lexicon) if text else []


def _slot_values(match: re.Match[str], slot: str, cls: str, mentions: list[Mention],
                 quantities: list[Quantity], gaz: Gazetteer, lexicon: Lexicon,
                 as_represented: bool) -> list[str | Quantity]:
    text = match.group(slot)
    if not text:
        return []
    if cls == "Quantity":
        return [quantities[int(k)] for k in _QUANTITY_INDEX.findall(text)]
    if cls.startswith("@"):
        return [" ".join(w[2:] for w in text.split())]
    values: list[str | Quantity] = []
    for k in slot_indexes(text, lexicon):
        iri = choose_reading(mentions[k], cls, gaz, as_represented)
        if iri:
            values.append(iri)
    return values


def _victims(match: re.Match[str], slot: str, cls: str, encoded: Encoded, tokens: list[Token],
             mentions: list[Mention], quantities: list[Quantity], gaz: Gazetteer, lexicon: Lexicon) -> list[VictimList]:
    """The victim phrases of a victims slot (see `kg.build.pipeline.victims`)."""
    if match.group(slot) is None:
        return []
    context = VictimContext(
        encoded.unit_at, lambda k: (encoded.units[k].first_token, encoded.units[k].last_token), tokens, quantities,
        lambda m: choose_reading(mentions[m], ACTOR, gaz, False), gaz, lexicon.conjunction)
    return [read_victims(match, slot, cls, context)]


def match_events(encoded: Encoded, tokens: list[Token], mentions: list[Mention], quantities: list[Quantity],
                 patterns: list[CompiledPattern], gaz: Gazetteer, lexicon: Lexicon,
                 represented_roles: frozenset[str]) -> list[EventMatch]:
    found: list[EventMatch] = []
    for pattern in patterns:
        record = pattern.record
        if not record.event:
            continue
        for match in pattern.finditer(encoded.text):
            first = encoded.unit_at(match.start() + 1)
            last = encoded.unit_at(max(match.end() - 1, match.start() + 1))
            status = event_status(encoded, first, last, lexicon, pattern.words)
            if status is None:
                continue
            roles = tuple(
                (role, value)
                for slot, role in record.roles
                for value in (
                    _victims(match, slot, pattern.slot_classes[slot], encoded, tokens, mentions, quantities, gaz,
                             lexicon)
                    if pattern.slot_classes[slot] in VICTIM_CLASSES else
                    _slot_values(match, slot, pattern.slot_classes[slot], mentions, quantities, gaz, lexicon,
                                 role in represented_roles))
            )
            start = tokens[encoded.units[first].first_token].start
            end = tokens[encoded.units[last].last_token].end
            found.append(EventMatch(record.id, record.event, roles, start, end, status))
    return found


def match_sentence(
    encoded: Encoded,
    tokens: list[Token],
    mentions: list[Mention],
    patterns: list[CompiledPattern],
    gaz: Gazetteer,
    lexicon: Lexicon,
    represented_relations: frozenset[str],
) -> list[Statement]:
    statements: list[Statement] = []
    for pattern in patterns:
        record = pattern.record
        if record.event or record.inside:
            continue
        as_represented = record.relation in represented_relations
        for match in pattern.finditer(encoded.text):
            first = encoded.unit_at(match.start() + 1)
            last = encoded.unit_at(max(match.end() - 1, match.start() + 1))
            if blocked_by_cue(encoded, first, last, lexicon, pattern.words):
                continue
            start = tokens[encoded.units[first].first_token].start
            end = tokens[encoded.units[last].last_token].end
            for s in _slot_mentions(match, record.subject, lexicon):
                subject = choose_reading(mentions[s], pattern.slot_classes[record.subject], gaz, as_represented)
                for o in _slot_mentions(match, record.object, lexicon):
                    obj = choose_reading(mentions[o], pattern.slot_classes[record.object], gaz, as_represented)
                    if subject and obj and subject != obj:
                        statements.append(Statement(subject, record.relation, obj, record.id, start, end))
    return statements
