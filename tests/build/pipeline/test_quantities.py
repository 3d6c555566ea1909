"""Quantities: figures in digits or words with their qualifiers, vague amounts, ranges, the article
of one victim, and the sum of two figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build.pipeline.quantities import (
    Quantity,
    QuantityRules,
    add_quantities,
    find_quantities,
    load_quantity_rules,
)
from kg.build.pipeline.segment import tokenize
from kg.common import resources as paths
from kg.common.errors import DataError

Found = tuple[str, int | None, str | None]  # words as stated, number, qualifier


@pytest.fixture(scope="session")
def rules() -> QuantityRules:
    return load_quantity_rules(paths.patterns_dir() / "lexicon.json")


def _quantities(
    text: str, rules: QuantityRules, taken: frozenset[int] = frozenset()
) -> list[Quantity]:
    base = 40  # the sentence's offset in its article
    return find_quantities(tokenize(text, base), set(taken), rules, text, base)


def _found(text: str, rules: QuantityRules) -> list[Found]:
    return [(q.text, q.value, q.qualifier) for q in _quantities(text, rules)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 12 Peshmerga fighters died near Sinjar.", ("At least 12", 12, "at least")),
        ("Up to 580,000 people fled Mosul.", ("Up to 580,000", 580000, "up to")),
        ("Some 3.5 million people left Anbar.", ("Some 3.5 million", 3500000, "some")),
        ("Nearly two thousand families reached Erbil.", ("Nearly two thousand", 2000, "nearly")),
        (
            "More than a dozen militants surrendered in Tikrit.",
            ("More than a dozen", 12, "more than"),
        ),
        ("Half a million people stayed in Ramadi.", ("Half a million", 500000, None)),
        ("An estimated 300 fighters held Fallujah.", ("An estimated 300", 300, "an estimated")),
    ],
)
def test_figures_with_their_qualifiers(text: str, expected: Found, rules: QuantityRules) -> None:
    assert _found(text, rules) == [expected]


def test_vague_amounts_have_no_number(rules: QuantityRules) -> None:
    assert _found("Dozens of families fled Ramadi.", rules) == [("Dozens", None, None)]
    assert _found("Tens of thousands left Mosul.", rules) == [("Tens of thousands", None, None)]


def test_a_range_is_one_figure_its_lower_bound_the_number(rules: QuantityRules) -> None:
    assert _found("Between 30 and 35 militants were killed.", rules) == [
        ("Between 30 and 35", 30, "between")
    ]
    assert _found("Between Tikrit and Samarra two bridges fell.", rules) == [("two", 2, None)]


def test_one_of_is_a_phrase_not_a_count(rules: QuantityRules) -> None:
    assert _found("One of the commanders of the Peshmerga was hurt.", rules) == []
    assert _found("One commander of the Peshmerga was hurt.", rules) == [("One", 1, None)]


def test_article_before_a_singular_victim_is_one(rules: QuantityRules) -> None:
    (medic,) = _quantities("Shelling killed a young Iraqi medic.", rules)
    assert (medic.text, medic.value, medic.implied) == ("a", 1, True)
    assert _quantities("A pro-government fighter was wounded.", rules)[0].implied
    assert _found("A house in Sinjar was destroyed.", rules) == []  # not a victim noun
    # the noun further than the article reaches
    assert _found("A very very young boy was hurt.", rules) == []


def test_positions_are_tokens_and_the_text_as_stated(rules: QuantityRules) -> None:
    text = "Iraqi police said at least 12 died."
    (quantity,) = _quantities(text, rules)
    tokens = tokenize(text, 40)
    assert [t.text for t in tokens[quantity.start : quantity.end]] == ["at", "least", "12"]
    assert (
        quantity.text == text[tokens[quantity.start].start - 40 : tokens[quantity.end - 1].end - 40]
    )


def test_taken_tokens_are_no_quantity(rules: QuantityRules) -> None:
    """Tokens of a name already read (a brigade's number) are not a figure."""
    assert _found("Five members of Brigade 30 were killed.", rules) == [
        ("Five", 5, None),
        ("30", 30, None),
    ]
    found = _quantities("Five members of Brigade 30 were killed.", rules, frozenset({3, 4}))
    assert [q.text for q in found] == ["Five"]


def test_add_quantities_sums_two_figures_in_text_order(rules: QuantityRules) -> None:
    seven, medic = _quantities("Seven soldiers and a medic were killed.", rules)
    total = add_quantities(medic, seven, "and")
    assert total == Quantity(seven.start, medic.end, "Seven and 1", 8, None)
    some, two = _quantities("Some 40 soldiers and two medics were killed.", rules)
    assert add_quantities(some, two, "and") == Quantity(
        some.start, two.end, "Some 40 and two", 42, "some"
    )
    (dozens, three) = _quantities("Dozens of soldiers and three medics died.", rules)
    assert add_quantities(dozens, three, "and") is None


def test_a_decimal_million_is_exact(rules: QuantityRules) -> None:
    assert _found("Some 4.1 million people were displaced.", rules) == [
        ("Some 4.1 million", 4100000, "some")
    ]


def test_missing_rules_are_a_data_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps({"determiners": ["the"]}), encoding="utf-8")
    with pytest.raises(DataError, match="cannot read the quantity rules") as err:
        load_quantity_rules(path)
    assert str(err.value).startswith(f"{path}: ")


def test_an_incomplete_quantities_section_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps({"quantities": {"vague_words": ["dozens"]}}), encoding="utf-8")
    with pytest.raises(DataError, match="cannot read the quantity rules"):
        load_quantity_rules(path)
