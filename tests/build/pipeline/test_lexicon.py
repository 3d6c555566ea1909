"""The lexicon: word lists of ontology/patterns/lexicon.json, folded; the grammar's word classes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kg.build.pipeline.lexicon import Lexicon, fold, fold_phrase, load_lexicon
from kg.common import resources as paths
from kg.common.errors import DataError

LEXICON = paths.patterns_dir() / "lexicon.json"


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon(LEXICON)


def _raw() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(LEXICON.read_text(encoding="utf-8"))
    return raw


def _write(path: Path, raw: object) -> Path:
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_fold_lowers_and_strips_diacritics_and_apostrophes() -> None:
    assert fold("Erdoğan") == "erdogan"
    assert fold("ÉRBIL") == "erbil"
    assert fold("Qa'ida") == fold("Qa\u2019ida") == "qaida"
    assert fold("Tikrit") == "tikrit"
    assert fold_phrase("Border  Town") == ("border", "town")


def test_word_lists_are_read_folded(lexicon: Lexicon) -> None:
    assert {"the", "a", "an"} <= lexicon.determiners
    assert "u.s." in lexicon.abbreviations and "gen." in lexicon.abbreviations
    assert ("armed", "forces") in lexicon.force_nouns
    assert lexicon.place_nouns[("border", "town")] == "Town"
    assert lexicon.pronouns["they"] == ("ArmedGroup", "State", "Organisation")
    assert lexicon.cue_window == 3


def test_grammar_word_classes(lexicon: Lexicon) -> None:
    assert lexicon.list_joiners == {"and", "or"}
    assert lexicon.name_prepositions == {"of"}
    assert lexicon.conjunction == "and"
    assert lexicon.word_classes["agent_preposition"] == ["by"]
    # the "_about" note is no word class
    assert not any(name.startswith("_") for name in lexicon.grammar)
    assert lexicon.word_classes == {
        name: list(words) for name, words in _raw()["grammar"].items() if not name.startswith("_")
    }


def test_derived_sets(lexicon: Lexicon) -> None:
    assert {"not", "would", "denied"} <= lexicon.cues
    assert {"they", "we", "the"} <= lexicon.reference_words  # a pronoun, a speaker's, a description
    assert {"town", "village"} <= lexicon.cue_first_words
    assert "border" in lexicon.place_noun_first_words and "town" in lexicon.place_noun_last_words
    assert [a.words for a in lexicon.anaphors_by_first_word["the"][:2]] == [
        ("the", "town"),
        ("the", "city"),
    ]
    assert lexicon.max_force_noun_words == max(len(n) for n in lexicon.force_nouns)


def test_skippable_words_and_phrases(lexicon: Lexicon) -> None:
    assert "then" in lexicon.skippable.adverbs
    assert ("managed", "to") in lexicon.skippable.phrases


def test_dateline_is_compiled_from_the_file(lexicon: Lexicon) -> None:
    assert lexicon.dateline is not None
    found = lexicon.dateline.match("MOSUL, Iraq (AP) - Troops entered the city.")
    assert found is not None and found.group() == "MOSUL, Iraq (AP) - "
    assert lexicon.dateline.match("Troops entered Mosul - then left.") is None


def test_optional_lists_may_be_left_out(tmp_path: Path) -> None:
    raw = _raw()
    for key in ("grammar", "skippable", "dateline", "compound_participles"):
        del raw[key]
    lexicon = load_lexicon(_write(tmp_path / "lexicon.json", raw))
    assert lexicon.grammar == {} and lexicon.list_joiners == frozenset()
    assert lexicon.dateline is None and lexicon.compound_participles == frozenset()
    assert lexicon.determiners == {"the", "a", "an"}


@pytest.mark.parametrize(
    "change",
    [
        {"determiners": None},  # a required list left out
        {"discovery": {}},  # a required list inside a section
        {"cue_window": "three"},  # not a number
        {"dateline": "("},  # not a regular expression
        {"pronouns": {"they": ["ArmedGroup"]}},  # not an object with classes
    ],
    ids=["missing-list", "missing-cues", "bad-number", "bad-regex", "bad-shape"],
)
def test_a_broken_lexicon_is_a_data_error_naming_the_file(
    change: dict[str, Any], tmp_path: Path
) -> None:
    raw = _raw()
    for key, value in change.items():
        if value is None:
            del raw[key]
        else:
            raw[key] = value
    path = _write(tmp_path / "lexicon.json", raw)
    with pytest.raises(DataError, match="cannot read the lexicon") as err:
        load_lexicon(path)
    assert str(err.value).startswith(f"{path}: ") and str(err.value).endswith("restore the file")


def test_unreadable_or_missing_file_is_a_data_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"determiners": [', encoding="utf-8")
    with pytest.raises(DataError, match=f"^{re.escape(str(broken))}: cannot read the lexicon"):
        load_lexicon(broken)
    missing = tmp_path / "missing.json"
    with pytest.raises(DataError, match=f"^{re.escape(str(missing))}: cannot read the lexicon"):
        load_lexicon(missing)
    with pytest.raises(DataError, match="cannot read the lexicon"):
        load_lexicon(_write(tmp_path / "list.json", ["the"]))
