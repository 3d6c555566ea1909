"""Patterns read inside a name: "the Homs-Tartus road" is one name for the M1, and its
words still say that the road joins Homs and Tartus."""

from __future__ import annotations

from collections.abc import Sequence

from kg.build.pipeline.gazetteer import Gazetteer
from kg.build.pipeline.lexicon import Lexicon
from kg.build.pipeline.match import Encoded, Statement, choose_reading, encode, mention_indexes
from kg.build.pipeline.mentions import Mention, find_mentions
from kg.build.pipeline.patterns import CompiledPattern
from kg.build.pipeline.segment import Token

# the names within a name, and its words encoded (None when it holds no name)
_Inside = tuple[list[Mention], Encoded | None]


def name_statements(tokens: list[Token], mentions: list[Mention], gaz: Gazetteer, lexicon: Lexicon,
                    patterns: Sequence[CompiledPattern]) -> list[Statement]:
    """The statements of the `inside` patterns, each read within the words of every name of
    its class, that name their subject."""
    found: list[Statement] = []
    for mention in mentions:
        if mention.kind != "name" or mention.end - mention.start < 3:
            continue
        words = tokens[mention.start: mention.end]
        inside: _Inside | None = None  # read once per name, when a pattern first applies to it
        for pattern in patterns:
            subject = choose_reading(mention, pattern.record.inside, gaz, False)
            if subject is None:
                continue
            if inside is None:
                inside = _read_inside(words, gaz, lexicon)
            found.extend(_inside_statements(words, inside, subject, pattern, gaz))
    return found


def _read_inside(words: list[Token], gaz: Gazetteer, lexicon: Lexicon) -> _Inside:
    """The names within the words of one name but its last, the head noun ("highway"), with
    which the words would only name the whole again; and those words encoded."""
    inner = [m for m in find_mentions(words[:-1], gaz, None, lexicon) if m.kind == "name"]
    return inner, encode(words[:-1], inner, gaz, lexicon) if inner else None


def _inside_statements(words: list[Token], inside: _Inside, subject: str, pattern: CompiledPattern,
                       gaz: Gazetteer) -> list[Statement]:
    """The pattern's statements within the words of one name."""
    inner, encoded = inside
    if encoded is None:
        return []
    record = pattern.record
    statements: list[Statement] = []
    for match in pattern.finditer(encoded.text):
        for index in mention_indexes(match.group(record.object) or ""):
            obj = choose_reading(inner[index], pattern.slot_classes[record.object], gaz, False)
            if obj and obj != subject:
                statements.append(Statement(subject, record.relation, obj, record.id, words[0].start, words[-1].end))
    return statements
