"""Discover names the gazetteer does not know from the words around them: "the village of
X", "X province", "the X Front". Each becomes an entity marked as discovered.

Discovery reads capitals as the mark of a name, so a line in Title Case (a headline such as
"Rebels Down Army Jet Near Town") discovers nothing: there every word is capitalised. Its
facts are still read, with the names known or discovered elsewhere.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from kg.build.pipeline.extraction_settings import SETTLEMENT
from kg.build.pipeline.gazetteer import Entity, Gazetteer, Reading, Trie, name_key
from kg.build.pipeline.geonames import NEAR_KM, GeoPlace, unambiguous_place
from kg.build.pipeline.lexicon import Cue, Lexicon, fold
from kg.build.pipeline.mentions import longest_match
from kg.build.pipeline.segment import Token
from kg.common.geo import distance_km
from kg.common.namespaces import DISCOVERED

_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_NAME_WORDS = 5
# Title Case: at least this many capitalised words of TITLE_WORD_LETTERS letters or more after
# the first, and at most one lower-case one of that length for every TITLE_LOWER_PER capitalised
# (headline styles leave "near" or "with" in lower case; prose never capitalises so much).
_TITLE_MIN_CAPITALISED = 3
_TITLE_WORD_LETTERS = 4
_TITLE_LOWER_PER = 4


@dataclass(frozen=True)
class Discovery:
    name: str
    cls: str
    near: frozenset[str] = frozenset()  # known places with coordinates named in the same sentence


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


def _cue_end(tokens: list[Token], i: int, words: tuple[str, ...]) -> int | None:
    """Where the cue's words, found from token i on with commas between them read past
    ("villages, including"), end; None when they are not there."""
    k = i
    for n, word in enumerate(words):
        while n and k < len(tokens) and tokens[k].text == ",":
            k += 1
        if k >= len(tokens) or not tokens[k].is_word or tokens[k].norm != word:
            return None
        k += 1
    return k


def _prefix_discoveries(tokens: list[Token], cue: Cue, gaz: Gazetteer, lexicon: Lexicon,
                        text: str, base: int, starts: dict[str, list[int]]) -> list[Discovery]:
    found: list[Discovery] = []
    for i in starts.get(cue.words[0], []):
        start = _cue_end(tokens, i, cue.words)
        if start is None:
            continue
        spans = _list_items(tokens, start, lexicon) if cue.is_list else [
            (start, _run_forward(tokens, start, lexicon) if start < len(tokens) else start)]
        found.extend(Discovery(_text(tokens, a, b, text, base), cue.cls) for a, b in spans
                     if _acceptable(tokens, a, b, gaz, lexicon))
    return found


def _list_items(tokens: list[Token], start: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """The names of a list after a plural cue: "the villages of A, B and C" gives A, B and C;
    a separator (a comma, "and", "or") ends a name, and a list ends at the first word that
    begins no name."""
    items: list[tuple[int, int]] = []
    k = start
    while k < len(tokens) and _capitalised_or_particle(tokens, k, lexicon):
        end = k
        while end < len(tokens) and not _separator(tokens[end], lexicon) and (
                _glued(tokens, end) or _name_word(tokens, end, lexicon)) and end - k < 2 * _MAX_NAME_WORDS:
            end += 1
        while end > k and (not tokens[end - 1].is_word or not _capitalised(tokens[end - 1])):
            end -= 1
        if end == k:
            break
        items.append((k, end))
        k = end
        while k < len(tokens) and _separator(tokens[k], lexicon):
            k += 1
    return items


def _separator(token: Token, lexicon: Lexicon) -> bool:
    return token.text == "," or (token.is_word and token.norm in lexicon.list_joiners)


def _capitalised_or_particle(tokens: list[Token], k: int, lexicon: Lexicon) -> bool:
    return not _separator(tokens[k], lexicon) and _name_word(tokens, k, lexicon)


def _suffix_discoveries(tokens: list[Token], cue: Cue, gaz: Gazetteer, lexicon: Lexicon,
                        text: str, base: int, starts: dict[str, list[int]]) -> list[Discovery]:
    found: list[Discovery] = []
    for i in starts.get(cue.words[0], []):
        if i == 0 or _cue_end(tokens, i, cue.words) != i + len(cue.words):
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


def _letters(text: str) -> int:
    return len(text) if text.isalpha() else sum(c.isalpha() for c in text)


def _is_title_case(words: list[Token]) -> bool:
    """A run of words written as a headline: nearly every longer word after the first capitalised."""
    long_words = [w.text for w in words[1:] if _letters(w.text) >= _TITLE_WORD_LETTERS]
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    lower = len(long_words) - capitalised
    return capitalised >= _TITLE_MIN_CAPITALISED and lower * _TITLE_LOWER_PER <= capitalised


def title_case_tokens(tokens: list[Token], text: str, base: int) -> set[int]:
    """The tokens of the sentence that stand on a Title Case line of it."""
    breaks = [k for k, char in enumerate(text) if char == "\n"]
    lines: dict[int, list[int]] = {}
    for i, token in enumerate(tokens):
        lines.setdefault(bisect.bisect_left(breaks, token.start - base), []).append(i)
    titled: set[int] = set()
    for members in lines.values():
        if _is_title_case([tokens[i] for i in members if tokens[i].is_word]):
            titled.update(members)
    return titled


def discover_names(tokens: list[Token], gaz: Gazetteer, lexicon: Lexicon, text: str, base: int) -> list[Discovery]:
    found: list[Discovery] = []
    starts: dict[str, list[int]] = {}
    titled = title_case_tokens(tokens, text, base)
    for i, token in enumerate(tokens):
        if token.norm in lexicon.cue_first_words and token.is_word and i not in titled:
            starts.setdefault(token.norm, []).append(i)
    for cue in lexicon.prefix_cues:
        if cue.words[0] in starts:
            found.extend(_prefix_discoveries(tokens, cue, gaz, lexicon, text, base, starts))
    for cue in lexicon.suffix_cues:
        if cue.words[0] in starts:
            found.extend(_suffix_discoveries(tokens, cue, gaz, lexicon, text, base, starts))
    if not found:
        return found
    near = located_places(tokens, gaz, lexicon)
    return [replace(item, near=near) for item in found]


def located_places(tokens: list[Token], gaz: Gazetteer, lexicon: Lexicon) -> frozenset[str]:
    """The known places with coordinates that the sentence names."""
    places: set[str] = set()
    i = 0
    while i < len(tokens):
        found = longest_match(tokens, i, gaz.trie, lexicon) if tokens[i].is_word else None
        if found is None:
            i += 1
            continue
        end, readings = found
        places.update(r.iri for r in readings if r.via == "label" and _located(gaz.entities.get(r.iri)))
        i = end
    return frozenset(places)


def _located(entity: Entity | None) -> bool:
    return entity is not None and entity.lat is not None and entity.long is not None


def name_slug(name: str) -> str:
    return _SLUG.sub("-", " ".join(fold(w) for w in name.replace("-", " ").split())).strip("-")


def discovered_iri(name: str) -> str:
    return str(DISCOVERED[name_slug(name)])


def _near_anchor(place: GeoPlace, anchors: frozenset[str], gaz: Gazetteer) -> bool:
    for iri in anchors:
        entity = gaz.entities[iri]
        if entity.lat is not None and entity.long is not None and \
                distance_km((place.lat, place.long), (entity.lat, entity.long)) <= NEAR_KM:
            return True
    return False


def discovered_entity(item: Discovery, gaz: Gazetteer, anchors: frozenset[str]) -> Entity:
    """A discovered name as an entity. A settlement gets coordinates from GeoNames when one
    place only bears its name in the countries of the conflict, and that place lies near a
    place the article names (so a namesake elsewhere in the country does not lend its own)."""
    iri = discovered_iri(item.name)
    classes = gaz.closure.get(item.cls, frozenset({item.cls}))
    settlement = SETTLEMENT in classes and bool(anchors)
    place = unambiguous_place(item.name, gaz.geonames_countries) if settlement else None
    if place is None or not _near_anchor(place, anchors, gaz):
        return Entity(iri, item.name, classes, discovered=True)
    return Entity(iri, item.name, classes, discovered=True, lat=place.lat, long=place.long, source=place.iri)


def discovered_entities(discoveries: list[Discovery], gaz: Gazetteer, lexicon: Lexicon) -> tuple[dict[str, Entity], Trie]:
    entities: dict[str, Entity] = {}
    trie = Trie()
    anchors = frozenset(iri for item in discoveries for iri in item.near)
    for item in discoveries:
        iri = discovered_iri(item.name)
        if iri not in entities:
            entities[iri] = discovered_entity(item, gaz, anchors)
        trie.add(name_key(item.name, lexicon), Reading(iri, "discovered"))
    return entities, trie
