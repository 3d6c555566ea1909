"""Split normalised text into sentences and tokens, keeping character offsets."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from typing import NamedTuple

from kg.build.pipeline.lexicon import Lexicon, fold

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|\S")
# from the first mark of a run only: a match inside a run fails as the one from its start did,
# and trying each would take time quadratic in a long run of dots
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"(\S+)$")
_LONGEST_ABBREVIATION = 12
_POSSESSIVE = ("'s", "'S")
_new = tuple.__new__  # a named tuple from all its fields, without the slower keyword-aware __new__


class Token(NamedTuple):
    """A word or a punctuation mark (a named tuple: sentences make many of them)."""

    start: int
    end: int
    text: str
    norm: str
    is_word: bool


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(text: str, dot_end: int, lexicon: Lexicon) -> bool:
    match = _WORD_BEFORE.search(text, max(0, dot_end - _LONGEST_ABBREVIATION), dot_end)
    if not match:
        return False
    word = match.group(1).lower()
    if word in lexicon.abbreviations:
        return True
    return len(word) == 2 and word[0].isalpha() and word[1] == "."


def _sentence_spans(text: str, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        dot_end = match.start() + 1
        if text[match.start()] == "." and _is_abbreviation(text, dot_end, lexicon):
            continue
        stop = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
        spans.append((cursor, stop))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _dateline_length(line: str, lexicon: Lexicon) -> int:
    """'BEIRUT (Reuters) - ' before a paragraph: where the report was filed, said by no one.
    A paragraph that is nothing but such words is kept."""
    indent = len(line) - len(line.lstrip())
    found = lexicon.dateline.match(line, indent) if lexicon.dateline else None
    return found.end() if found and line[found.end():].strip() else 0


def split_sentences(text: str, lexicon: Lexicon) -> list[Sentence]:
    sentences: list[Sentence] = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        line_end = line_start + len(line)
        line_start += _dateline_length(line, lexicon)
        for start, end in _sentence_spans(text, line_start, line_end, lexicon):
            while start < end and text[start].isspace():
                start += 1
            if start < end:
                sentences.append(Sentence(len(sentences), start, end, text[start:end], paragraph))
    return sentences


def phrase_length(tokens: list[Token], i: int, phrases: Container[tuple[str, ...]], longest: int) -> int:
    """Length in tokens of the longest phrase (folded words) starting at token i, or 0."""
    best = 0
    words: list[str] = []
    for j in range(i, min(len(tokens), i + longest)):
        if not tokens[j].is_word:
            break
        words.append(tokens[j].norm)
        if tuple(words) in phrases:
            best = j + 1 - i
    return best


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Words (with inner apostrophes) and single punctuation marks; "X's" gives X and 's."""
    tokens = [
        _new(Token, (m.start() + base, m.end() + base, word, fold(word), True)) if (word := m.group())[0].isalnum()
        else _new(Token, (m.start() + base, m.end() + base, word, word, False))
        for m in _TOKEN.finditer(text)
    ]
    if "'" in text:  # split the possessives, from the last so that the positions hold
        for k in range(len(tokens) - 1, -1, -1):
            start, end, word, _, is_word = tokens[k]
            if is_word and len(word) > 2 and word[-2:] in _POSSESSIVE:  # word.lower().endswith("'s")
                tokens[k: k + 1] = [_new(Token, (start, end - 2, word[:-2], fold(word[:-2]), True)),
                                    _new(Token, (end - 2, end, "'s", "'s", False))]
    return tokens
