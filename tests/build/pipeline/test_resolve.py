"""Coreference: pronouns, descriptions, generic names scoped to the article's war, and the
speakers of quotations with the 'we' they speak for."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kg.build.pipeline.extract import Resources
from kg.build.pipeline.gazetteer import Gazetteer
from kg.build.pipeline.lexicon import Lexicon
from kg.build.pipeline.mentions import find_mentions
from kg.build.pipeline.resolve import (
    Quote,
    SentenceMentions,
    article_theatre,
    quote_spans,
    resolve_references,
    resolve_speakers,
)
from kg.build.pipeline.segment import split_sentences, tokenize
from kg.common.namespaces import KGR


@dataclass(frozen=True)
class Setup:
    lexicon: Lexicon
    gaz: Gazetteer


@pytest.fixture(scope="session")
def setup(resources: Resources) -> Setup:
    """The lexicon and the gazetteer of the shipped reference graph."""
    return Setup(resources.lexicon, resources.gazetteer)


def _doc(text: str, setup: Setup) -> list[SentenceMentions]:
    doc = []
    for sentence in split_sentences(text, setup.lexicon):
        tokens = tokenize(sentence.text, sentence.start)
        doc.append(
            SentenceMentions(
                sentence, tokens, find_mentions(tokens, setup.gaz, None, setup.lexicon)
            )
        )
    return doc


def _readings(doc: list[SentenceMentions], words: str) -> list[str]:
    """The local names of the readings of the mention made of these words."""
    for item in doc:
        for mention in item.mentions:
            if " ".join(t.text for t in item.tokens[mention.start : mention.end]) == words:
                return [r.iri.rsplit("/", 1)[-1] for r in mention.readings]
    raise AssertionError(f"no mention {words!r}")


def _resolved(text: str, setup: Setup) -> list[SentenceMentions]:
    doc = _doc(text, setup)
    resolve_references(doc, setup.gaz, setup.lexicon)
    return doc


def test_a_pronoun_stands_for_the_actor_before_it(setup: Setup) -> None:
    doc = _resolved("The Peshmerga shelled positions near Sinjar. They later withdrew.", setup)
    assert _readings(doc, "They") == ["Peshmerga"]
    doc = _resolved("Qassem Soleimani arrived in Baghdad. He met officials there.", setup)
    assert _readings(doc, "He") == ["QassemSoleimani"]


def test_a_description_stands_for_the_one_place_of_its_kind_named_before(setup: Setup) -> None:
    doc = _resolved(
        "Peshmerga fighters pushed into Tal Afar on Sunday. The Peshmerga later held the town.",
        setup,
    )
    assert _readings(doc, "the town") == ["TalAfar"]
    doc = _resolved(
        "The Peshmerga entered the village of Bashiqa. Iraqi forces later reached the village.",
        setup,
    )
    assert _readings(doc, "the village") == ["Bashiqa"]
    # with no place named before it, the description names nothing
    assert _readings(_resolved("The army entered the town.", setup), "the town") == []


def test_the_capital_is_that_of_the_state_named_most(setup: Setup) -> None:
    doc = _resolved(
        "Iraq sent envoys to Iran. Iraq also called on Jordan. Officials in the capital agreed.",
        setup,
    )
    assert _readings(doc, "the capital") == ["Baghdad"]


def test_the_highway_is_the_only_one_in_play(setup: Setup) -> None:
    doc = _resolved("Convoys used the M1 near Latakia. The highway was closed.", setup)
    assert _readings(doc, "The highway") == ["M1"]
    doc = _resolved("Convoys used the M1 and the M2. The highway was closed.", setup)
    assert _readings(doc, "The highway") == []


def test_generic_names_and_shared_place_names_take_the_article_s_war(setup: Setup) -> None:
    iraqi = _resolved("The army entered Mosul. Peshmerga units fought near Sinjar.", setup)
    assert article_theatre(iraqi, setup.gaz) == str(KGR.Iraq)
    assert (_readings(iraqi, "army"), _readings(iraqi, "Sinjar")) == (["Iraq"], ["Sinjar"])
    syrian = _resolved("Jaish al-Islam fighters fought near Sinjar.", setup)
    assert article_theatre(syrian, setup.gaz) == str(KGR.Syria)
    assert _readings(syrian, "Sinjar") == ["SinjarIdlib"]


def test_an_article_torn_between_two_wars_has_no_theatre(setup: Setup) -> None:
    doc = _doc("Jaish al-Islam fighters and Peshmerga units clashed.", setup)
    assert article_theatre(doc, setup.gaz) is None
    assert article_theatre(_doc("Talks went on for hours.", setup), setup.gaz) == ""


def test_the_speaker_after_a_quotation_speaks_for_what_they_represent(setup: Setup) -> None:
    text = '"We will not leave our positions," Mazloum Abdi said.'
    doc = _resolved(text, setup)
    assert resolve_speakers(doc, text, setup.gaz, setup.lexicon) == [
        Quote(0, 33, str(KGR.MazloumAbdi))
    ]
    assert _readings(doc, "We") == _readings(doc, "our") == ["SyrianDemocraticForces"]


def test_the_speaker_before_a_quotation_after_a_speech_verb(setup: Setup) -> None:
    text = 'Hassan Nasrallah said: "We stand with our allies."'
    doc = _resolved(text, setup)
    [quote] = resolve_speakers(doc, text, setup.gaz, setup.lexicon)
    assert (
        quote.speaker == str(KGR.HassanNasrallah)
        and text[quote.start : quote.end + 1] == '"We stand with our allies."'
    )
    assert _readings(doc, "We") == ["Hezbollah"]


def test_a_quotation_without_a_known_speaker_is_left_alone(setup: Setup) -> None:
    text = 'Mazloum Abdi met reporters. "We will return," an aide said.'
    doc = _resolved(text, setup)
    assert resolve_speakers(doc, text, setup.gaz, setup.lexicon) == []
    assert _readings(doc, "We") == []


def test_quotation_marks_pair_within_a_line() -> None:
    text = 'He said "yes" and "no".\n"An open quote\nthat never closes'
    assert quote_spans(text) == [(8, 12), (18, 21)]
    assert quote_spans("No quotation here.") == []
