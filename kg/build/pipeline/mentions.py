"""Find mentions of entities in a sentence's tokens.

Gazetteer names are matched longest-first on folded words (case, diacritics, hyphens and
apostrophes do not matter); then the words around a name refine what it denotes: "the
city of X" and "X province" pick the reading of that kind, "X's forces" stretch the
mention, and a bare demonym ("Turkish") denotes its state only in "Turkish-backed",
"Turkish troops" or "our Turkish friends", never in "Turkish refugees".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.build.pipeline.extraction_settings import ACTOR, PERSON, PLACE, SETTLEMENT
from kg.build.pipeline.gazetteer import Gazetteer, Reading, Trie, TrieNode
from kg.build.pipeline.lexicon import Anaphor, Lexicon
from kg.build.pipeline.segment import Token, phrase_length

CAPITAL_OF_STATE = "capital-of-state"  # the class of "the capital": the main state's capital
_MAX_MODIFIERS = 3  # before a place noun: "the key north-western town"


@dataclass(frozen=True)
class Mention:
    start: int  # first token
    end: int  # one past the last token
    readings: tuple[Reading, ...]
    kind: str = "name"  # name | demonym | pronoun | anaphor | speaker
    cue: str | None = None  # the class of place the context names (City, Village...)
    cue_word: str | None = None  # the word that named it ("city", "capital", "village")
    anaphor_classes: tuple[str, ...] = ()
    anaphor_word: str | None = None  # the noun of a description: "the town" -> "town"
    force: bool = False  # a pronoun with a force noun: "his forces", "its army"
    backer: tuple[Reading, ...] = ()  # "Turkey" in the one name "Turkish-backed forces"


def _joined(tokens: list[Token], j: int, lexicon: Lexicon) -> bool:
    """A joiner token glued between two words ("al-Sham", "U.S"), or the first of two
    ("U.S.-backed")."""
    return (
        0 < j < len(tokens) - 1
        and tokens[j].text in lexicon.joiners
        and tokens[j - 1].end == tokens[j].start
        and tokens[j].end == tokens[j + 1].start
        and (tokens[j + 1].is_word or (
            j + 2 < len(tokens) and tokens[j + 1].text in lexicon.joiners
            and tokens[j + 1].end == tokens[j + 2].start and tokens[j + 2].is_word))
    )


def longest_match(
    tokens: list[Token], i: int, trie: Trie, lexicon: Lexicon
) -> tuple[int, list[Reading]] | None:
    node: TrieNode = trie.root
    best: tuple[int, list[Reading]] | None = None
    j = i
    while j < len(tokens):
        token = tokens[j]
        if token.is_word:
            child = node.children.get(token.norm)
            if child is None:
                break
            node = child
            if node.readings:
                best = (j + 1, node.readings)
            j += 1
        elif node is not trie.root and _joined(tokens, j, lexicon):
            j += 1
        else:
            break
    return best


def _demonym_is_actor(tokens: list[Token], start: int, end: int, lexicon: Lexicon) -> bool:
    """'Turkish-backed', 'Russian-Iranian', 'Turkish offensive', 'our Turkish friends'."""
    if start > 0 and _joined(tokens, start - 1, lexicon) and tokens[start - 1].text == "-":
        return True
    if end >= len(tokens):
        return False
    following = tokens[end]
    if following.text == "-" and end + 1 < len(tokens) and tokens[end + 1].is_word:
        return True
    return phrase_length(tokens, end, lexicon.demonym_actor_heads, lexicon.max_head_words) > 0


def _best_match(tokens: list[Token], i: int, tries: list[Trie], lexicon: Lexicon) -> tuple[int, list[Reading]] | None:
    best: tuple[int, list[Reading]] | None = None
    for trie in tries:
        if tokens[i].norm not in trie.root.children:
            continue  # no name starts with this word
        found = longest_match(tokens, i, trie, lexicon)
        if found and (best is None or found[0] > best[0]):
            best = found
    return best


def _name_mention(tokens: list[Token], start: int, end: int, readings: list[Reading], lexicon: Lexicon) -> Mention:
    if {r.via for r in readings} == {"demonym"}:
        kept = tuple(readings) if _demonym_is_actor(tokens, start, end, lexicon) else ()
        return Mention(start, end, kept, kind="demonym")
    return Mention(start, end, tuple(r for r in readings if r.via != "demonym"))


def _backer_within(tokens: list[Token], start: int, end: int, tries: list[Trie],
                   lexicon: Lexicon) -> tuple[int, tuple[Reading, ...]] | None:
    """A name such as 'Turkish-backed forces' holds its backer before '-backed': the hyphen's
    position and the backer's readings, when the words before it are a name of their own."""
    for k in range(start + 1, end - 2):
        if tokens[k].text == "-" and tokens[k + 1].norm in lexicon.compound_participles:
            backer = _best_match(tokens[:k], start, tries, lexicon)
            if backer is not None and (backer[0] == k or (backer[0] == k - 1 and tokens[k - 1].text == ".")):
                return k, tuple(backer[1])
    return None


def _name_mentions(tokens: list[Token], tries: list[Trie], lexicon: Lexicon) -> list[Mention]:
    mentions: list[Mention] = []
    resume = 0  # past the last mention
    for i, token in enumerate(tokens):
        if i < resume or not token.is_word:
            continue
        best = _best_match(tokens, i, tries, lexicon)
        if best is None:
            continue
        end, readings = best
        found = _backer_within(tokens, i, end, tries, lexicon)
        hyphen, backer = found if found else (end, ())
        if backer and end < len(tokens) and tokens[end].norm in lexicon.compound_partitives:
            # "Turkish-backed fighters of the Front": the backed ones are named after "of"
            mentions.append(_name_mention(tokens, i, hyphen, list(backer), lexicon))
            resume = hyphen
            continue
        mention = _name_mention(tokens, i, end, readings, lexicon)
        mentions.append(replace(mention, backer=backer) if backer else mention)
        resume = end
    return mentions


def _place_cue_before(tokens: list[Token], start: int, lexicon: Lexicon, gaz: Gazetteer) -> tuple[int, str, str] | None:
    """'(the) (Syrian) province of X', 'the port city of X', 'the capital X'."""
    j = start - 1
    if j >= 0 and tokens[j].is_word and tokens[j].norm in lexicon.name_prepositions:
        j -= 1
    if j < 0 or tokens[j].norm not in lexicon.place_noun_last_words:
        return None  # no place noun ends just before
    for length in (2, 1):
        k = j - length + 1
        if k < 0 or not all(t.is_word for t in tokens[k: j + 1]):
            continue
        key = tuple(t.norm for t in tokens[k: j + 1])
        if key in lexicon.place_nouns:
            noun = " ".join(key)
            modified = _modifiers_before(tokens, k, lexicon, gaz)
            if modified < k:
                k = modified
            elif k > 0 and tokens[k - 1].is_word and tokens[k - 1].norm in gaz.demonyms:
                k -= 1
            return k, lexicon.place_nouns[key], noun
    return None


def _modifiers_before(tokens: list[Token], k: int, lexicon: Lexicon, gaz: Gazetteer) -> int:
    """'the ancient city of X', 'the northern Iraqi city of X': plain lower-case modifiers and
    demonyms between a determiner and the place noun belong to the mention; k when there are
    none, or no determiner before them."""
    j, words = k, 0
    while j > 0 and words < _MAX_MODIFIERS:
        token = tokens[j - 1]
        if token.text == "-" and j > 1 and tokens[j - 2].end == token.start and token.end == tokens[j].start:
            j -= 1
            continue
        plain = token.text[:1].islower() and token.norm not in gaz.trie.root.children
        if token.is_word and token.norm not in lexicon.determiners and (plain or token.norm in gaz.demonyms):
            j, words = j - 1, words + 1
            continue
        break
    return j if j < k and j > 0 and tokens[j - 1].norm in lexicon.determiners else k


def _place_cue_after(tokens: list[Token], end: int, lexicon: Lexicon) -> tuple[int, str, str] | None:
    if end >= len(tokens) or tokens[end].norm not in lexicon.place_noun_first_words:
        return None  # no place noun begins just after
    for length in (2, 1):
        words = tokens[end: end + length]
        if len(words) == length and all(t.is_word for t in words):
            key = tuple(t.norm for t in words)
            following = tokens[end + length] if end + length < len(tokens) else None
            if following is not None and following.norm in lexicon.name_prepositions:
                return None  # "Idlib town of Nairab": the noun introduces the next name
            if key in lexicon.place_nouns:
                return end + length, lexicon.place_nouns[key], " ".join(key)
    return None


def _restrict(readings: tuple[Reading, ...], cls: str, gaz: Gazetteer) -> tuple[Reading, ...]:
    fitting = tuple(r for r in readings if gaz.has_class(r.iri, cls))
    return fitting or readings


def _is_place(mention: Mention, gaz: Gazetteer) -> bool:
    return any(gaz.has_class(r.iri, PLACE) for r in mention.readings)


def _after_own_cue(tokens: list[Token], mention: Mention, lexicon: Lexicon) -> int:
    """Where the name proper begins in a name that holds its own cue ("city of Mosul"), so
    that the words before the cue ("the Iraqi city of Mosul") are read as for any name."""
    for k in (mention.start + 1, mention.start + 2):
        if (k + 1 < mention.end and tokens[k].norm in lexicon.name_prepositions
                and tokens[k - 1].norm in lexicon.place_noun_last_words):
            return k + 1
    return mention.start


def apply_place_cues(mention: Mention, tokens: list[Token], lexicon: Lexicon, gaz: Gazetteer) -> Mention:
    if mention.kind != "name" or not _is_place(mention, gaz):
        return mention
    before = _place_cue_before(tokens, _after_own_cue(tokens, mention, lexicon), lexicon, gaz)
    if before and before[0] < mention.start:
        start, cls, noun = before
        places = tuple(r for r in mention.readings if gaz.has_class(r.iri, PLACE))
        return replace(mention, start=start, readings=_restrict(places, cls, gaz), cue=cls, cue_word=noun)
    after = _place_cue_after(tokens, mention.end, lexicon)
    if after:
        end, cls, noun = after
        places = tuple(r for r in mention.readings if gaz.has_class(r.iri, PLACE))
        if places and not any(gaz.has_class(r.iri, cls) for r in places) and _is_settlement_class(cls, gaz):
            # "a key Idlib town": the name says where an unnamed town lies, not which it is
            wider = tuple(r for r in places if not gaz.has_class(r.iri, SETTLEMENT))
            return replace(mention, readings=wider) if wider else mention
        return replace(mention, end=end, readings=_restrict(places, cls, gaz), cue=cls, cue_word=noun)
    return mention


def _is_settlement_class(cls: str, gaz: Gazetteer) -> bool:
    return SETTLEMENT in gaz.closure.get(cls, frozenset())


def apply_possessive_force(mention: Mention, tokens: list[Token], lexicon: Lexicon, gaz: Gazetteer) -> Mention:
    """'Assad's forces' denotes the Syrian government; 'Moscow's air power' Russia."""
    end = mention.end
    if end >= len(tokens) or tokens[end].text != "'s" or not mention.readings:
        return mention
    length = phrase_length(tokens, end + 1, lexicon.force_nouns, lexicon.max_force_noun_words)
    if not length:
        return mention
    readings: list[Reading] = []
    for reading in mention.readings:
        entity = gaz.entities.get(reading.iri)
        if entity is None:
            continue
        if PERSON in entity.classes and entity.represents:
            readings.append(Reading(entity.represents, "possessive-force"))
        elif entity.classes & gaz.classes.possessive_forces:
            readings.append(Reading(entity.iri, "possessive-force"))
    if not readings:
        return mention
    return replace(mention, end=end + 1 + length, readings=tuple(readings))


def apply_member_nouns(mention: Mention, tokens: list[Token], lexicon: Lexicon, gaz: Gazetteer) -> Mention:
    """'Hezbollah fighters', 'rebel units': the group's members stand for the group."""
    end = mention.end
    if mention.kind != "name" or end >= len(tokens) or not tokens[end].is_word:
        return mention
    if tokens[end].norm not in lexicon.member_nouns:
        return mention
    actors = tuple(r for r in mention.readings if gaz.has_class(r.iri, ACTOR))
    if not actors:
        return mention
    return replace(mention, end=end + 1, readings=actors)


def apply_locative(mention: Mention, tokens: list[Token], lexicon: Lexicon) -> Mention:
    """'in Moscow', 'to Ankara': after a preposition of place a capital is the city, not its
    government."""
    if mention.start == 0 or mention.kind != "name":
        return mention
    before = tokens[mention.start - 1]
    if not before.is_word or before.norm not in lexicon.locative_prepositions:
        return mention
    kept = tuple(r for r in mention.readings if r.via != "capital")
    return replace(mention, readings=kept) if kept and len(kept) < len(mention.readings) else mention


def _covered(mentions: list[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def _description_end(tokens: list[Token], i: int, anaphor: Anaphor, taken: set[int], lexicon: Lexicon) -> int | None:
    """Where a description that begins at token i ends: its words, or its determiner and noun
    with plain lower-case modifiers between ("the northwestern town", "the strategic city"),
    none of which says it is another place ("the nearby town")."""
    end = i + len(anaphor.words)
    if tuple(t.norm for t in tokens[i:end]) == anaphor.words and not any(k in taken for k in range(i, end)):
        return end
    if len(anaphor.words) != 2 or not anaphor.modifiers:
        return None
    k, modifiers = i + 1, 0
    while k < len(tokens) and modifiers <= _MAX_MODIFIERS and k not in taken:
        token = tokens[k]
        if token.is_word and token.norm == anaphor.words[1]:
            return k + 1 if modifiers else None
        if token.is_word and token.text[:1].islower() and token.norm not in lexicon.other_place_modifiers:
            k, modifiers = k + 1, modifiers + 1
        elif token.text == "-" and k > i + 1 and tokens[k - 1].end == token.start:
            k += 1
        else:
            return None
    return None


def _reference_mentions(tokens: list[Token], taken: set[int], lexicon: Lexicon) -> list[Mention]:
    """Pronouns and definite descriptions ('the town') for coreference to fill in."""
    found: list[Mention] = []
    norms = [t.norm for t in tokens]
    present = set(norms)  # a description ends with its noun: one whose noun is absent cannot match
    for i in [i for i, norm in enumerate(norms) if norm in lexicon.reference_words]:
        token = tokens[i]
        if i in taken or not token.is_word:
            continue
        if token.norm in lexicon.pronouns:
            force = phrase_length(tokens, i + 1, lexicon.force_nouns, lexicon.max_force_noun_words)
            if token.norm in lexicon.possessive_pronouns and not force:
                continue  # "its allies": a determiner the patterns read as a word
            end = i + 1 + force
            found.append(Mention(i, end, (), kind="pronoun",
                                 anaphor_classes=lexicon.pronouns[token.norm], force=bool(force)))
        elif token.norm in lexicon.speaker_pronouns:
            found.append(Mention(i, i + 1, (), kind="speaker"))
        else:
            for anaphor in lexicon.anaphors_by_first_word.get(token.norm, ()):
                if anaphor.words[-1] not in present:
                    continue
                stop = _description_end(tokens, i, anaphor, taken, lexicon)
                if stop is None:
                    continue
                nxt = tokens[stop] if stop < len(tokens) else None
                if nxt is not None and nxt.is_word and (nxt.norm in lexicon.name_prepositions or nxt.text[:1].isupper()):
                    continue
                found.append(Mention(i, stop, (), kind="anaphor", anaphor_classes=anaphor.classes,
                                     anaphor_word=anaphor.words[-1]))
                break
    return found


def find_mentions(tokens: list[Token], gaz: Gazetteer, extra: Trie | None, lexicon: Lexicon) -> list[Mention]:
    tries = [gaz.trie] + ([extra] if extra is not None else [])
    names = [
        apply_member_nouns(
            apply_possessive_force(
                apply_place_cues(apply_locative(m, tokens, lexicon), tokens, lexicon, gaz), tokens, lexicon, gaz
            ),
            tokens, lexicon, gaz,
        )
        for m in _name_mentions(tokens, tries, lexicon)
    ]
    names = _drop_overlaps(names)
    references = _reference_mentions(tokens, _covered(names), lexicon)
    return sorted(names + references, key=lambda m: m.start)


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    last_end = -1
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
    return kept
