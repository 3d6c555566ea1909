"""Patterns read inside a name: "the Homs-Tartus road" is one name for the M1, and its
words still say that the road joins Homs and Tartus."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.pipeline.gazetteer import Gazetteer
from kg.pipeline.lexicon import Lexicon
from kg.pipeline.match import Statement, choose_reading, encode
from kg.pipeline.mentions import Mention, find_mentions
from kg.pipeline.patterns import CompiledPattern
from kg.pipeline.segment import Token

_MENTION_INDEX = re.compile(r"m(\d+):")


def name_statements(tokens: list[Token], mentions: list[Mention], gaz: Gazetteer, lexicon: Lexicon,
                    patterns: Sequence[CompiledPattern]) -> list[Statement]:
    """The statements of the `inside` patterns, each read within the words of every name of
    its class, that name their subject."""
    found: list[Statement] = []
    for mention in mentions:
        if mention.kind != "name" or mention.end - mention.start < 3:
            continue
        for pattern in patterns:
            subject = choose_reading(mention, pattern.record.inside, gaz, False)
            if subject is not None:
                found.extend(_inside_statements(tokens[mention.start: mention.end], subject, pattern, gaz, lexicon))
    return found


def _inside_statements(words: list[Token], subject: str, pattern: CompiledPattern, gaz: Gazetteer,
                       lexicon: Lexicon) -> list[Statement]:
    """The pattern's statements within the words of one name, but its last: the head noun
    ("highway"), with which the words would only name the whole again."""
    inner = [m for m in find_mentions(words[:-1], gaz, None, lexicon) if m.kind == "name"]
    if not inner:
        return []
    encoded = encode(words[:-1], inner, gaz, lexicon)
    record = pattern.record
    statements: list[Statement] = []
    for match in pattern.finditer(encoded.text):
        for index in _MENTION_INDEX.findall(match.group(record.object) or ""):
            obj = choose_reading(inner[int(index)], pattern.slot_classes[record.object], gaz, False)
            if obj and obj != subject:
                statements.append(Statement(subject, record.relation, obj, record.id, words[0].start, words[-1].end))
    return statements
