"""Discover names the gazetteer does not know from the words around them: "the village of
X", "X province", "the X Front". Each becomes an entity marked as discovered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.namespaces import DISCOVERED
from kg.pipeline.gazetteer import Entity, Gazetteer, Reading, Trie, name_key
from kg.pipeline.lexicon import Cue, Lexicon, fold
from kg.pipeline.mentions import longest_match
from kg.pipeline.segment import Token

_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class Discovery:
    name: str
    cls: str


def _capitalised(token: Token) -> bool:
    return token.is_word and token.text[:1].isupper()


def _name_word(tokens: list[Token], j: int, lexicon: Lexicon) -> bool:
    """A capitalised word, or a particle ('al', 'bin') glued or leading to one."""
    token = tokens[j]
    if _capitalised(token):
        return True
    return token.is_word and token.norm in lexicon.name_particles and j + 1 < len(tokens)


def _glued(tokens: list[Token], j: int) -> bool:
    return 0 < j < len(tokens) - 1 and tokens[j].text in "-'" and tokens[j - 1].end == tokens[j].start \
        and tokens[j].end == tokens[j + 1].start


def _run_forward(tokens: list[Token], i: int, lexicon: Lexicon) -> int:
    j = i
    words = 0
    while j < len(tokens) and words < _MAX_NAME_WORDS:
        if _glued(tokens, j):
            j += 1
            continue
        if not _name_word(tokens, j, lexicon):
            break
        words += 1
        j += 1
    while j > i and (not tokens[j - 1].is_word or not _capitalised(tokens[j - 1])):
        j -= 1
    return j


def _run_backward(tokens: list[Token], end: int, lexicon: Lexicon) -> int:
    j = end
    words = 0
    while j > 0 and words < _MAX_NAME_WORDS:
        if _glued(tokens, j - 1):
            j -= 1
            continue
        if not _name_word(tokens, j - 1, lexicon):
            break
        words += 1
        j -= 1
    while j < end and (not tokens[j].is_word or not _capitalised(tokens[j])):
        j += 1
    return j


def _text(tokens: list[Token], start: int, end: int, sentence_text: str, base: int) -> str:
    return sentence_text[tokens[start].start - base: tokens[end - 1].end - base]


def _acceptable(tokens: list[Token], start: int, end: int, gaz: Gazetteer, lexicon: Lexicon) -> bool:
    if start >= end:
        return False
    words = [t.text for t in tokens[start:end] if t.is_word]
    if all(w in lexicon.stop_names for w in words):
        return False
    known = longest_match(tokens, start, gaz.trie, lexicon)
    return known is None or known[0] < end


def _at(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    return tuple(t.norm for t in tokens[i: i + len(words)] if t.is_word) == words and \
        all(t.is_word for t in tokens[i: i + len(words)])


def _prefix_discoveries(tokens: list[Token], cue: Cue, gaz: Gazetteer, lexicon: Lexicon,
                        text: str, base: int, starts: dict[str, list[int]]) -> list[Discovery]:
    found: list[Discovery] = []
    for i in starts.get(cue.words[0], []):
        if not _at(tokens, i, cue.words):
            continue
        start = i + len(cue.words)
        end = _run_forward(tokens, start, lexicon) if start < len(tokens) else start
        if _acceptable(tokens, start, end, gaz, lexicon):
            found.append(Discovery(_text(tokens, start, end, text, base), cue.cls))
    return found


def _suffix_discoveries(tokens: list[Token], cue: Cue, gaz: Gazetteer, lexicon: Lexicon,
                        text: str, base: int, starts: dict[str, list[int]]) -> list[Discovery]:
    found: list[Discovery] = []
    for i in starts.get(cue.words[0], []):
        if i == 0 or not _at(tokens, i, cue.words):
            continue
        if cue.keep_cue and not _capitalised(tokens[i]):
            continue
        start = _run_backward(tokens, i, lexicon)
        while start < i and tokens[start].norm in lexicon.determiners:
            start += 1
        end = i + len(cue.words) if cue.keep_cue else i
        if start < i and _acceptable(tokens, start, end, gaz, lexicon):
            found.append(Discovery(_text(tokens, start, end, text, base), cue.cls))
    return found


def discover_names(tokens: list[Token], gaz: Gazetteer, lexicon: Lexicon, text: str, base: int) -> list[Discovery]:
    found: list[Discovery] = []
    starts: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        if token.norm in lexicon.cue_first_words and token.is_word:
            starts.setdefault(token.norm, []).append(i)
    for cue in lexicon.prefix_cues:
        if cue.words[0] in starts:
            found.extend(_prefix_discoveries(tokens, cue, gaz, lexicon, text, base, starts))
    for cue in lexicon.suffix_cues:
        if cue.words[0] in starts:
            found.extend(_suffix_discoveries(tokens, cue, gaz, lexicon, text, base, starts))
    return found


def name_slug(name: str) -> str:
    return _SLUG.sub("-", " ".join(fold(w) for w in name.replace("-", " ").split())).strip("-")


def discovered_iri(name: str) -> str:
    return str(DISCOVERED[name_slug(name)])


def discovered_entities(discoveries: list[Discovery], gaz: Gazetteer, lexicon: Lexicon) -> tuple[dict[str, Entity], Trie]:
    entities: dict[str, Entity] = {}
    trie = Trie()
    for item in discoveries:
        iri = discovered_iri(item.name)
        if iri not in entities:
            classes = gaz.closure.get(item.cls, frozenset({item.cls}))
            entities[iri] = Entity(iri, item.name, classes, discovered=True)
        trie.add(name_key(item.name, lexicon), Reading(iri, "discovered"))
    return entities, trie
