"""Run the compiled patterns over one sentence and turn matches into statements."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.pipeline.gazetteer import VIA_ORDER, Gazetteer, Reading
from kg.pipeline.lexicon import Lexicon
from kg.pipeline.mentions import Mention
from kg.pipeline.patterns import PUNCT_NAMES, CompiledPattern
from kg.pipeline.segment import Token

_MENTION_INDEX = re.compile(r"m(\d+):")
_BREAK_PUNCT = frozenset({"semi", "colon", "quote", "lparen", "rparen", "dash", "period", "qmark"})


@dataclass(frozen=True)
class Unit:
    code: str
    first_token: int
    last_token: int  # inclusive
    mention: int | None = None


@dataclass(frozen=True)
class Encoded:
    text: str
    units: list[Unit]
    starts: list[int]

    def unit_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


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
        entity = gaz.entities.get(reading.iri)
        if entity is not None:
            classes |= entity.classes
    return f"m{index}:|" + "|".join(sorted(classes)) + "|"


def encode(tokens: list[Token], mentions: list[Mention], gaz: Gazetteer, lexicon: Lexicon) -> Encoded:
    by_start = {m.start: (k, m) for k, m in enumerate(mentions) if m.readings}
    units: list[Unit] = []
    i = 0
    while i < len(tokens):
        if i in by_start:
            k, mention = by_start[i]
            units.append(Unit(_mention_code(k, mention, gaz), i, mention.end - 1, k))
            i = mention.end
            continue
        token = tokens[i]
        if token.is_word:
            if token.norm not in lexicon.determiners:
                units.append(Unit("w:" + token.norm, i, i))
        else:
            units.append(Unit("p:" + PUNCT_NAMES.get(token.text, "other"), i, i))
        i += 1
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for unit in units:
        starts.append(offset)
        parts.append(" " + unit.code)
        offset += len(unit.code) + 1
    return Encoded("".join(parts), units, starts)


def _is_break(code: str, lexicon: Lexicon) -> bool:
    if code.startswith("p:"):
        return code[2:] in _BREAK_PUNCT
    return code.startswith("w:") and code[2:] in lexicon.clause_breaks


def blocked_by_cue(encoded: Encoded, first: int, last: int, lexicon: Lexicon) -> bool:
    """A negation, modal or denial word inside the match or just before it in its clause."""
    cues = lexicon.negation | lexicon.modality | lexicon.denial
    for unit in encoded.units[first: last + 1]:
        if unit.code.startswith("w:") and unit.code[2:] in cues:
            return True
    seen = 0
    k = first - 1
    while k >= 0 and seen < lexicon.cue_window:
        code = encoded.units[k].code
        if _is_break(code, lexicon):
            break
        if code.startswith("w:") and code[2:] in cues:
            return True
        seen += 1
        k -= 1
    return False


def best_reading(readings: list[Reading] | tuple[Reading, ...], gaz: Gazetteer) -> Reading | None:
    """The reading a name has when its context does not decide: highest priority, then the
    most direct way of naming (a label before a capital standing for its government)."""
    if not readings:
        return None
    return min(readings, key=lambda r: (-_priority(r, gaz), _via_rank(r), r.iri))


def choose_reading(mention: Mention, cls: str, gaz: Gazetteer, as_represented: bool) -> str | None:
    classes = cls.split("|")
    best = best_reading([r for r in mention.readings if any(gaz.has_class(r.iri, c) for c in classes)], gaz)
    if best is None:
        return None
    entity = gaz.entities[best.iri]
    if as_represented and "Person" in entity.classes and entity.represents:
        return entity.represents
    return best.iri


def _priority(reading: Reading, gaz: Gazetteer) -> int:
    entity = gaz.entities.get(reading.iri)
    return entity.priority if entity else 0


def _via_rank(reading: Reading) -> int:
    return VIA_ORDER.index(reading.via) if reading.via in VIA_ORDER else len(VIA_ORDER)


def _slot_mentions(match: re.Match[str], slot: str) -> list[int]:
    text = match.group(slot)
    return [int(k) for k in _MENTION_INDEX.findall(text)] if text else []


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
        as_represented = record.relation in represented_relations
        for match in pattern.regex.finditer(encoded.text):
            first = encoded.unit_at(match.start() + 1)
            last = encoded.unit_at(max(match.end() - 1, match.start() + 1))
            if blocked_by_cue(encoded, first, last, lexicon):
                continue
            start = tokens[encoded.units[first].first_token].start
            end = tokens[encoded.units[last].last_token].end
            for s in _slot_mentions(match, record.subject):
                subject = choose_reading(mentions[s], pattern.slot_classes[record.subject], gaz, as_represented)
                for o in _slot_mentions(match, record.object):
                    obj = choose_reading(mentions[o], pattern.slot_classes[record.object], gaz, as_represented)
                    if subject and obj and subject != obj:
                        statements.append(Statement(subject, record.relation, obj, record.id, start, end))
    return statements
