"""Quantities in text: "five", "at least 13", "up to 16", "dozens", "3.6 million", and the
article of one victim ("a boy", "a Turkish soldier").

Each keeps the words as stated, the qualifier ("at least") and a number where the words give
one; "dozens" has no number."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.build.pipeline.lexicon import fold_phrase
from kg.build.pipeline.segment import Token, phrase_length
from kg.common.errors import DataError
from kg.common.inputs import read_json_object

_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class QuantityRules:
    number_words: dict[tuple[str, ...], int]
    vague: frozenset[tuple[str, ...]]
    multipliers: dict[str, int]
    qualifiers: frozenset[tuple[str, ...]]
    longest: int
    not_followed_by: frozenset[str] = frozenset()  # "one of the": a phrase, not a count
    articles: frozenset[str] = frozenset()  # "a", "an": one, before a singular victim noun
    singular_victims: frozenset[tuple[str, ...]] = frozenset()
    article_reach: int = 0  # the most words between the article and its noun
    ranges: dict[str, frozenset[str]] = field(default_factory=dict)  # "between" 30 "and" 35

    @cached_property
    def qualifier_starts(self) -> frozenset[str]:
        return _first_words(self.qualifiers)

    @cached_property
    def amount_starts(self) -> frozenset[str]:
        """The words a number word or a vague amount begins with."""
        return _first_words(self.number_words) | _first_words(self.vague)

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The words a qualifier, a number word or a vague amount begins with."""
        return self.qualifier_starts | self.amount_starts

    @cached_property
    def quantity_starts(self) -> frozenset[str]:
        """The words any quantity begins with: those above, an article or a range's first word."""
        return self.first_words | self.articles | frozenset(self.ranges)

    @cached_property
    def longest_singular_victim(self) -> int:
        return max((len(n) for n in self.singular_victims), default=0)


def _first_words(phrases: Iterable[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(p[0] for p in phrases if p)


@dataclass(frozen=True)
class Quantity:
    start: int  # first token
    end: int  # one past the last token
    text: str
    value: int | None
    qualifier: str | None
    implied: bool = False  # one, implied by an article before a singular noun


def load_quantity_rules(path: Path) -> QuantityRules:
    raw = read_json_object(path, "quantity rules")
    try:
        return _quantity_rules(raw["quantities"])
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise DataError(f"{path}: cannot read the quantity rules ({err!r}); restore the file") from err


def _quantity_rules(raw: dict[str, Any]) -> QuantityRules:
    words = {fold_phrase(k): int(v) for k, v in raw["number_words"].items()}
    vague = frozenset(fold_phrase(v) for v in raw["vague_words"])
    qualifiers = frozenset(fold_phrase(q) for q in raw["qualifiers"])
    longest = max(len(k) for k in [*words, *vague, *qualifiers])
    singular = frozenset(fold_phrase(v) for v in raw.get("singular_victims", []))
    return QuantityRules(words, vague, {k: int(v) for k, v in raw["multipliers"].items()}, qualifiers, longest,
                         frozenset(raw.get("not_followed_by", [])), frozenset(raw.get("articles", [])), singular,
                         int(raw.get("article_reach", 0)),
                         {k: frozenset(v) for k, v in raw.get("ranges", {}).items()})


def _digits(tokens: list[Token], i: int) -> tuple[int, Decimal] | None:
    """Digits with thousands commas or a decimal point glued: '580,000', '3.6'."""
    if not _DIGITS.match(tokens[i].text):
        return None
    j, text = i + 1, tokens[i].text
    while j + 1 < len(tokens) and tokens[j].text in ",." and tokens[j].start == tokens[j - 1].end \
            and _DIGITS.match(tokens[j + 1].text) and tokens[j + 1].start == tokens[j].end:
        text += tokens[j].text + tokens[j + 1].text
        j += 2
    return j, Decimal(text.replace(",", ""))  # exact: "4.1 million" is 4,100,000


def quantity_at(tokens: list[Token], i: int, rules: QuantityRules, text: str, base: int) -> Quantity | None:
    # a phrase can only start with the first word of one
    qualified = tokens[i].norm in rules.qualifier_starts
    qualifier_length = phrase_length(tokens, i, rules.qualifiers, rules.longest) if qualified else 0
    j = i + qualifier_length
    if j >= len(tokens):
        return None
    value: Decimal | None
    digits = _digits(tokens, j)
    if digits:
        end, value = digits
    elif tokens[j].norm not in rules.amount_starts:
        return None
    elif (length := phrase_length(tokens, j, rules.number_words, rules.longest)):
        end, value = j + length, Decimal(rules.number_words[tuple(t.norm for t in tokens[j:j + length])])
    elif (length := phrase_length(tokens, j, rules.vague, rules.longest)):
        end, value = j + length, None
    else:
        return None
    if value is not None and end < len(tokens) and tokens[end].norm in rules.multipliers:
        value *= rules.multipliers[tokens[end].norm]
        end += 1
    if value == 1 and end < len(tokens) and tokens[end].norm in rules.not_followed_by:
        return None
    qualifier = " ".join(t.text.lower() for t in tokens[i:j]) or None
    span = text[tokens[i].start - base: tokens[end - 1].end - base]
    return Quantity(i, end, span, int(value) if value is not None else None, qualifier)


def range_at(tokens: list[Token], i: int, rules: QuantityRules, text: str, base: int) -> Quantity | None:
    """"between 30 and 35": one figure, its lower bound the number."""
    joiners = rules.ranges.get(tokens[i].norm)
    if not joiners or i + 1 >= len(tokens):
        return None
    low = quantity_at(tokens, i + 1, rules, text, base)
    if low is None or low.value is None or low.end >= len(tokens) or tokens[low.end].norm not in joiners:
        return None
    high = quantity_at(tokens, low.end + 1, rules, text, base) if low.end + 1 < len(tokens) else None
    if high is None or high.value is None:
        return None
    span = text[tokens[i].start - base: tokens[high.end - 1].end - base]
    return Quantity(i, high.end, span, low.value, tokens[i].text.lower())


def article_at(tokens: list[Token], i: int, rules: QuantityRules, text: str, base: int) -> Quantity | None:
    """"a" or "an" before a singular victim noun, a few words on at most: one victim."""
    if tokens[i].norm not in rules.articles or not rules.singular_victims:
        return None
    longest = rules.longest_singular_victim
    j, passed = i + 1, 0  # the words passed on the way to the noun
    while j < len(tokens) and passed <= rules.article_reach:
        if _glued_hyphen(tokens, j):
            j += 1
            continue
        if not tokens[j].is_word:
            return None
        length = phrase_length(tokens, j, rules.singular_victims, longest)
        if length and not _glued_hyphen(tokens, j + length):
            return Quantity(i, i + 1, text[tokens[i].start - base: tokens[i].end - base], 1, None, implied=True)
        j, passed = j + 1, passed + (0 if j > i + 1 and _glued_hyphen(tokens, j - 1) else 1)
    return None


def _glued_hyphen(tokens: list[Token], j: int) -> bool:
    """A hyphen inside a word ("pro-government")."""
    return (0 < j < len(tokens) - 1 and tokens[j].text == "-" and tokens[j - 1].end == tokens[j].start
            and tokens[j].end == tokens[j + 1].start)


def add_quantities(a: Quantity, b: Quantity, conjunction: str) -> Quantity | None:
    """The sum of two counted figures ("seven ... and one ..." is eight; "seven ... and a ..."
    reads "seven and one", joined by `conjunction`); None when either has no number."""
    if a.value is None or b.value is None:
        return None
    first, second = (a, b) if a.start <= b.start else (b, a)
    words = [str(q.value) if q.implied else q.text for q in (first, second)]
    return Quantity(first.start, second.end, f" {conjunction} ".join(words), a.value + b.value,
                    first.qualifier or second.qualifier)


def find_quantities(tokens: list[Token], taken: set[int], rules: QuantityRules, text: str, base: int) -> list[Quantity]:
    found: list[Quantity] = []
    resume = 0  # past the last quantity found
    # a quantity begins a qualifier, a number word or a vague amount, or is digits (what \\d
    # matches is a decimal character)
    first_words = rules.quantity_starts
    for i in [i for i, t in enumerate(tokens) if t.norm in first_words or t.text[:1].isdecimal()]:
        if i < resume or i in taken:
            continue
        quantity = (range_at(tokens, i, rules, text, base) or quantity_at(tokens, i, rules, text, base)
                    or article_at(tokens, i, rules, text, base))
        if quantity is None or any(k in taken for k in range(quantity.start, quantity.end)):
            continue
        found.append(quantity)
        resume = quantity.end
    return found
