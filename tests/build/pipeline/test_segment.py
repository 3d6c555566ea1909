"""Segmentation: sentences split at their end marks, offsets kept; tokens of words and marks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.build.pipeline.lexicon import Lexicon, load_lexicon
from kg.build.pipeline.segment import phrase_length, split_sentences, tokenize
from kg.common import resources as paths


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon(paths.patterns_dir() / "lexicon.json")


def _texts(text: str, lexicon: Lexicon) -> list[str]:
    return [s.text for s in split_sentences(text, lexicon)]


def test_sentences_end_at_their_marks_and_keep_their_offsets(lexicon: Lexicon) -> None:
    text = (
        "Peshmerga fighters entered Makhmour. They met no resistance! Did Iraqi troops follow? Yes."
    )
    sentences = split_sentences(text, lexicon)
    assert [s.text for s in sentences] == [
        "Peshmerga fighters entered Makhmour.",
        "They met no resistance!",
        "Did Iraqi troops follow?",
        "Yes.",
    ]
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_abbreviations_and_initials_do_not_end_a_sentence(lexicon: Lexicon) -> None:
    assert _texts("Gen. Talib Shaghati visited Tikrit. Then he left.", lexicon) == [
        "Gen. Talib Shaghati visited Tikrit.",
        "Then he left.",
    ]
    assert _texts("The U.S. Army sent advisers to Erbil. J. Smith said so.", lexicon) == [
        "The U.S. Army sent advisers to Erbil.",
        "J. Smith said so.",
    ]


def test_abbreviations_are_the_lexicons(lexicon: Lexicon) -> None:
    without = replace(lexicon, abbreviations=frozenset())
    assert _texts("Gen. Talib Shaghati visited Tikrit.", without) == [
        "Gen.",
        "Talib Shaghati visited Tikrit.",
    ]


def test_no_break_before_a_lower_case_word_nor_inside_a_number(lexicon: Lexicon) -> None:
    assert _texts("Shells fell 3.5 km from Ramadi. the rest of the sentence.", lexicon) == [
        "Shells fell 3.5 km from Ramadi. the rest of the sentence."
    ]
    assert _texts("The toll in Fallujah rose to 12. 30 more were hurt.", lexicon) == [
        "The toll in Fallujah rose to 12.",
        "30 more were hurt.",
    ]


def test_closing_quotes_stay_with_their_sentence(lexicon: Lexicon) -> None:
    assert _texts(
        'He said "we hold Ramadi." Then the shelling resumed. Why?! Nobody knew.', lexicon
    ) == ['He said "we hold Ramadi."', "Then the shelling resumed.", "Why?!", "Nobody knew."]


def test_lines_are_paragraphs_and_blank_lines_give_no_sentence(lexicon: Lexicon) -> None:
    text = "Jets struck Mosul.\n\n  Troops entered Tikrit. Fighting went on.\n"
    sentences = split_sentences(text, lexicon)
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("Jets struck Mosul.", 0),
        ("Troops entered Tikrit.", 2),
        ("Fighting went on.", 2),
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_a_dateline_is_left_out_unless_it_is_the_whole_paragraph(lexicon: Lexicon) -> None:
    text = "MOSUL, Iraq (AP) - Iraqi forces pushed into the old city. Fighting went on."
    first = split_sentences(text, lexicon)[0]
    assert first.text == "Iraqi forces pushed into the old city."
    assert first.start == text.index("Iraqi forces")
    assert _texts("MOSUL, Iraq (AP) - ", lexicon) == ["MOSUL, Iraq (AP) - "]
    assert _texts(text, replace(lexicon, dateline=None))[0].startswith("MOSUL, Iraq (AP) - Iraqi")


def test_tokens_are_words_and_single_marks_with_offsets_from_the_base() -> None:
    text = "Al-Anbar: 12,000 fled!"
    tokens = tokenize(text, 100)
    assert [(t.text, t.is_word) for t in tokens] == [
        ("Al", True),
        ("-", False),
        ("Anbar", True),
        (":", False),
        ("12", True),
        (",", False),
        ("000", True),
        ("fled", True),
        ("!", False),
    ]
    assert all(text[t.start - 100 : t.end - 100] == t.text for t in tokens)


def test_token_norms_are_folded_and_inner_apostrophes_kept() -> None:
    tokens = tokenize("Erdoğan met Qa'ida envoys in ERBIL")
    assert [t.norm for t in tokens] == ["erdogan", "met", "qaida", "envoys", "in", "erbil"]
    assert tokens[2].text == "Qa'ida"


def test_possessives_are_split_off_their_word() -> None:
    text = "Iraq's army took IRAQ'S north."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["Iraq", "'s", "army", "took", "IRAQ", "'s", "north", "."]
    assert [(t.start, t.end, t.is_word) for t in tokens[:2]] == [(0, 4, True), (4, 6, False)]
    assert (tokens[5].start, tokens[5].end) == (text.index("'S"), text.index("'S") + 2)


def test_phrase_length_is_the_longest_phrase_of_words_at_the_token() -> None:
    phrases = {("border",), ("border", "town"), ("border", "town", "of")}
    tokens = tokenize("the border town of Arsal")
    assert phrase_length(tokens, 1, phrases, 3) == 3
    assert phrase_length(tokens, 1, phrases, 2) == 2  # no longer than the longest given
    assert phrase_length(tokens, 0, phrases, 3) == 0
    assert phrase_length(tokenize("border-town"), 0, phrases, 3) == 1  # a mark ends the phrase
