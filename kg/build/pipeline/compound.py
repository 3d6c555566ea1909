"""Names that state a relation of their own: "Turkish-backed forces" is one name for the
forces, and it still says that Turkey backs them."""

from __future__ import annotations

from kg.build.pipeline.extraction_settings import ACTOR
from kg.build.pipeline.gazetteer import Gazetteer
from kg.build.pipeline.match import Statement, choose_reading
from kg.build.pipeline.mentions import Mention
from kg.build.pipeline.patterns import PatternRecord
from kg.build.pipeline.segment import Token


def compound_name_statements(tokens: list[Token], mentions: list[Mention], gaz: Gazetteer,
                             record: PatternRecord | None) -> list[Statement]:
    """The record's relation from each mention's backer to the mention itself."""
    if record is None or not record.relation:
        return []
    found: list[Statement] = []
    for mention in mentions:
        if not mention.backer:
            continue
        backer = choose_reading(Mention(mention.start, mention.end, mention.backer), ACTOR, gaz, False)
        backed = choose_reading(mention, ACTOR, gaz, False)
        if backer and backed and backer != backed:
            start, end = tokens[mention.start].start, tokens[mention.end - 1].end
            found.append(Statement(backer, record.relation, backed, record.id, start, end))
    return found
