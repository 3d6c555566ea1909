"""The graph's labels mapped to the gold's names: synonyms, canonical names, then aliases."""

from __future__ import annotations

import pytest

from kg.evaluation.gold import parse_gold
from kg.evaluation.names import fold, name_map

GOLD = parse_gold({
    "synonyms": {"Iraqi Security Forces": "Iraq"},
    "articles": [{
        "file": "mosul.md",
        "entities": [
            {"name": "Iraq", "aliases": ["Iraqi forces", "Baghdad"]},
            {"name": "Islamic State", "aliases": ["ISIS", "Daesh"]},
            {"name": "Mosul", "aliases": ["al-Mawsil"]},
            {"name": "Nineveh province", "aliases": ["Nineveh"]},
            {"name": "Nineveh Plains", "aliases": ["Nineveh"]},
        ],
    }],
}, "gold.json")


@pytest.mark.parametrize(
    ("name", "folded"),
    [("The Islamic State", "islamic state"), ("Deir ez-Zor", "deir ez zor"), ("Tall Abyaḑ", "tall abyad"),
     ("  SDF!  ", "sdf"), ("Theatre", "theatre")],
)
def test_fold_drops_case_accents_punctuation_and_a_leading_the(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_a_synonym_comes_first() -> None:
    names = name_map(GOLD, {"Iraqi Security Forces": "Islamic State", "Daesh fighters": "Islamic State"})
    assert names.to_gold("Iraqi security forces") == "Iraq"  # the gold's own synonym wins
    assert names.to_gold("Daesh Fighters") == "Islamic State"


def test_a_canonical_name_then_an_alias_of_one_entity() -> None:
    names = name_map(GOLD, {})
    assert names.to_gold("the islamic state") == "Islamic State"
    assert names.to_gold("ISIS") == "Islamic State"
    assert names.to_gold("Al Mawsil") == "Mosul"


def test_an_alias_two_entities_share_or_an_unknown_label_stays_as_it_is() -> None:
    names = name_map(GOLD, {})
    assert names.to_gold("Nineveh") == "Nineveh"
    assert names.to_gold("Raqqa") == "Raqqa"
