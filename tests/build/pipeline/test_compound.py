"""Compound names ("Iranian-backed militias"): the statement from the backer to the backed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kg.build.pipeline.compound import compound_name_statements
from kg.build.pipeline.extract import Resources
from kg.build.pipeline.gazetteer import Gazetteer, Reading
from kg.build.pipeline.lexicon import Lexicon
from kg.build.pipeline.match import Statement
from kg.build.pipeline.mentions import Mention, find_mentions
from kg.build.pipeline.patterns import PatternRecord, load_pattern_records
from kg.build.pipeline.segment import Token, tokenize
from kg.common import resources as paths
from kg.common.namespaces import KGR


@dataclass(frozen=True)
class Setup:
    lexicon: Lexicon
    gaz: Gazetteer
    record: PatternRecord


@pytest.fixture(scope="session")
def setup(resources: Resources) -> Setup:
    """The gazetteer and the record the lexicon names for compound names."""
    lexicon = resources.lexicon
    records = {r.id: r for r in load_pattern_records(paths.patterns_dir() / "relations.jsonl")}
    assert lexicon.compound_name_pattern in records
    return Setup(lexicon, resources.gazetteer, records[lexicon.compound_name_pattern])


def _read(text: str, setup: Setup, base: int = 0) -> tuple[list[Token], list[Mention]]:
    tokens = tokenize(text, base)
    return tokens, find_mentions(tokens, setup.gaz, None, setup.lexicon)


def test_the_compound_name_says_its_backer_backs_it(setup: Setup) -> None:
    text = "Iranian-backed militias shelled the base overnight."
    tokens, mentions = _read(text, setup)
    statements = compound_name_statements(tokens, mentions, setup.gaz, setup.record)
    assert statements == [
        Statement(
            str(KGR.Iran),
            "kg:backs",
            str(KGR.IranianMilitias),
            "backs.compound-backed",
            0,
            len("Iranian-backed militias"),
        )
    ]


def test_the_statement_spans_the_name_in_the_article_text(setup: Setup) -> None:
    article = "Convoys left Erbil at dawn. Later, US-backed fighters entered the district."
    base = article.index("Later")
    tokens, mentions = _read(article[base:], setup, base)
    [statement] = compound_name_statements(tokens, mentions, setup.gaz, setup.record)
    assert article[statement.start : statement.end] == "US-backed fighters"
    assert (statement.subject, statement.object) == (str(KGR.USA), str(KGR.SyrianDemocraticForces))


def test_each_compound_name_of_a_sentence_gives_its_own_statement(setup: Setup) -> None:
    text = "Russian-backed troops and Iran-backed fighters faced US-backed forces."
    tokens, mentions = _read(text, setup)
    found = [
        (s.subject, s.object, text[s.start : s.end])
        for s in compound_name_statements(tokens, mentions, setup.gaz, setup.record)
    ]
    assert found == [
        (str(KGR.Russia), str(KGR.SyrianGovernment), "Russian-backed troops"),
        (str(KGR.Iran), str(KGR.IranianMilitias), "Iran-backed fighters"),
        (str(KGR.USA), str(KGR.SyrianDemocraticForces), "US-backed forces"),
    ]


def test_names_without_a_backer_state_nothing(setup: Setup) -> None:
    """The backer standing before a name of its own is another pattern's work."""
    tokens, mentions = _read(
        "Iranian-backed Kataib Hezbollah and the Peshmerga fired rockets.", setup
    )
    assert mentions and not any(m.backer for m in mentions)
    assert compound_name_statements(tokens, mentions, setup.gaz, setup.record) == []


def test_no_record_or_a_record_without_a_relation_states_nothing(setup: Setup) -> None:
    tokens, mentions = _read("Iranian-backed militias shelled the base.", setup)
    assert compound_name_statements(tokens, mentions, setup.gaz, None) == []
    event_record = PatternRecord(
        "event.only", "", "{X:Actor} - backed", "", "", event="ControlChange"
    )
    assert compound_name_statements(tokens, mentions, setup.gaz, event_record) == []


def test_a_backer_that_is_the_backed_or_no_actor_states_nothing(setup: Setup) -> None:
    tokens = tokenize("Mosul-backed Peshmerga fighters")
    peshmerga = (Reading(str(KGR.Peshmerga), "label"),)
    itself = Mention(0, 5, peshmerga, backer=peshmerga)
    a_city = Mention(0, 5, peshmerga, backer=(Reading(str(KGR.Mosul), "label"),))
    assert compound_name_statements(tokens, [itself, a_city], setup.gaz, setup.record) == []
    by_iran = Mention(0, 5, peshmerga, backer=(Reading(str(KGR.Iran), "label"),))
    [statement] = compound_name_statements(tokens, [by_iran], setup.gaz, setup.record)
    assert (statement.subject, statement.object) == (str(KGR.Iran), str(KGR.Peshmerga))
