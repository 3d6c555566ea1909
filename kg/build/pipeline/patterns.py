"""Relation patterns kept as data records, compiled once into regular expressions over a
sentence encoded as a string of units.

A sentence becomes a string of space-separated units: `w:word` for a word (folded),
`p:name` for punctuation, and `m7:|Actor|State|...|` for mention 7 with every class it
may have. Determiners are dropped. A pattern is a sequence of elements:

    {X:Class}     one mention that may be of Class, captured as slot X
    {X+:Class}    one mention, or a list "A, B and C" of them
    {X+:Victims}  the victims of a death report, a list of phrases ("five soldiers and a
                  medic, as well as ..."); {X:AnyVictims} one phrase without a figure (victims.py)
    {:Class}      one mention that may be of Class, captured as no slot
    word          a word; `a|b|c` one of several words; `@name` a word class
    , - 's " :    punctuation; `,|after` a punctuation mark or a word
    ...N          a gap of at most N units that holds no actor and no clause boundary
    ...N:Class    a gap of at most N units that holds no mention of Class (actors may stand
                  in it) and no clause boundary
    <             the start of a clause: of the sentence, or after punctuation or a word of
                  the class `clause_opener` ("said", "that")

A skippable unit `s:word` (an adverb, a time phrase) may stand before any element but the
first: "Rebels then took Sarmin" and "the army on Friday captured it" match "{A} took {P}".
    ( ... )       a group; `)?` makes it optional; any single element takes `?` too
    !( ... )      what must not follow here: "took !( {:Place} )" a verb with no place after it
    ^             the start of the sentence
    (|[  )|]      a bracket itself (a lone `(` or `)` opens or closes a group)

A record with `"inside": "Class"` is read within the words of each name of that class, the
name itself its subject: "the Homs-Tartus road" names the two ends of the road.

A place named with a possessive before another ("Idlib province's Maarat al-Numan") modifies
it: the Place slot takes the second, and a place followed by "'s" fills no Place slot.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from kg.build.pipeline.extraction_settings import ACTOR, PLACE, ClassSettings
from kg.build.pipeline.lexicon import CONJUNCTION, LIST_JOINER, fold
from kg.build.pipeline.victims import SLOT_CLASSES as VICTIM_CLASSES
from kg.build.pipeline.victims import victims_regex
from kg.common.errors import DataError
from kg.common.inputs import read_json_object, without_notes

PUNCT_NAMES: dict[str, str] = {
    ",": "comma", "-": "hyphen", "\u2013": "dash", "\u2014": "dash", ".": "period", ";": "semi",
    ":": "colon", '"': "quote", "'": "apos", "(": "lparen", ")": "rparen", "'s": "poss",
    "/": "slash", "?": "qmark", "!": "excl", "[": "lparen", "]": "rparen",
}
GAP_PUNCT = ("comma", "hyphen", "apos", "poss", "slash")
_SLOT = re.compile(r"^\{([A-Za-z]\w*)(\+?):([A-Za-z][\w|-]*)\}(\??)$")
_ANONYMOUS = re.compile(r"^\{:([A-Za-z][\w|-]*)\}(\??)$")
_CAPTURE = re.compile(r"^\{([A-Za-z]\w*):@([\w-]+)\}(\??)$")
_GAP = re.compile(r"^\.\.\.(\d*)(?::([A-Za-z][\w|-]*))?$")
_CLAUSE_START = "<"
_NOT_FOLLOWED = "!("
CLAUSE_OPENERS = "clause_opener"  # the words after which a clause begins ("said", "that")
_CLAUSE_PUNCT = ("comma", "quote", "colon", "semi", "dash", "lparen")
_DEFAULT_GAP = 4
_END = r"(?![^ ])"  # a unit ends only where the next one begins
_MODIFIER_GUARD = r"(?! p:hyphen w:)"
PLACE_MODIFIER_HEADS = "place_modifier_head"  # the word class of nouns a place name may modify
RELATIVE_PARTICIPLES = "relative_participle"  # "backed" in "rebels backed by Turkey"
ALLY_TAIL = "ally_tail"  # "allied militias" in "government forces and allied militias"
NAMED_ALLY_TAIL = "named_ally_tail"  # "their ... allies" around a name: "and their Syrian rebel allies"
BACKING_MEANS = "backing_means"  # "air strikes" in "troops backed by coalition air strikes"
# word classes of the lexicon's grammar
LIST_OTHERS = "list_other"  # "other" in "A, B and other C"
AGENT_PREPOSITIONS = "agent_preposition"  # "by" in "rebels backed by Turkey"
SKIP_PREFIX = "s:"  # a unit patterns read past: an adverb, a time phrase (see `match.skippable_tokens`)
_SKIPPABLE = rf"(?: {SKIP_PREFIX}[^ ]+)*"


@dataclass(frozen=True)
class PatternRecord:
    """A relation pattern (relation, subject, object) or an event pattern (event, roles)."""

    id: str
    relation: str
    pattern: str
    subject: str
    object: str
    example: str = ""
    expect: tuple[tuple[str, str], ...] = ()
    event: str = ""
    roles: tuple[tuple[str, str], ...] = ()  # (slot, role)
    expect_event: tuple[tuple[str, str], ...] = ()  # (role, label or number)
    attributes: tuple[tuple[str, str], ...] = ()  # fixed values the pattern implies
    # a pattern read inside the words of a name of this class ("the Homs-Tartus road"),
    # the name itself the subject
    inside: str = ""

    @property
    def slots_needed(self) -> tuple[str, ...]:
        if self.inside:
            return (self.object,)
        return tuple(slot for slot, _ in self.roles) if self.event else (self.subject, self.object)


@dataclass(frozen=True)
class CompiledPattern:
    """A pattern record made into a regular expression over encoded sentences. The expression
    is compiled when first matched: most short texts need a few of the patterns, and a word
    class of hundreds of words makes an expression slow to compile."""

    record: PatternRecord
    source: str  # the regular expression
    slots: tuple[str, ...]
    slot_classes: dict[str, str]
    words: frozenset[str] = frozenset()  # the words the pattern itself names; never read as cues
    # Each set holds the features (see `unit_features`) of which a sentence must offer at least
    # one for the regex to have any chance of matching: a cheap test that skips most patterns.
    needs: tuple[frozenset[str], ...] = ()
    # the list a pattern starts with ("{X+:Actor} ..."), alone: see `finditer`
    leading_list: re.Pattern[str] | None = None

    @cached_property
    def regex(self) -> re.Pattern[str]:
        try:
            return re.compile(self.source)
        except re.error as err:
            raise DataError(f"pattern {self.record.id}: the pattern does not compile ({err})") from err

    def may_match(self, features: AbstractSet[str]) -> bool:
        return not any(map(features.isdisjoint, self.needs))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches `regex.finditer` gives, in time linear in the text.

        A pattern that starts with a list would be tried from each mention of a long list "A,
        B, C, ...", each try running to the list's end: time quadratic in its length. But a try
        from B can end the list only where a try from A could, so when the try from the list's
        first mention fails, so do the tries from the rest, which are passed over."""
        if self.leading_list is None:
            yield from self.regex.finditer(text)
            return
        start = 0
        while (chain := self.leading_list.search(text, start)) is not None:
            match = self.regex.match(text, chain.start())
            if match is None:
                start = chain.end()
                continue
            yield match
            start = match.end()


class PatternIndex:
    """The patterns by a feature each needs, to find the few that may match a sentence."""

    def __init__(self, patterns: Sequence[CompiledPattern]) -> None:
        self.patterns = tuple(patterns)
        self._always = frozenset(k for k, p in enumerate(self.patterns) if not p.needs)
        self._by_feature: dict[str, set[int]] = {}
        for k, pattern in enumerate(self.patterns):
            if pattern.needs:
                for feature in _key_need(pattern.needs):
                    self._by_feature.setdefault(feature, set()).add(k)
        self._keys = frozenset(self._by_feature)

    def candidates(self, features: AbstractSet[str]) -> list[CompiledPattern]:
        """The patterns, in their order, whose needs the sentence's features meet."""
        hits = self._always.union(*[self._by_feature[feature] for feature in self._keys & features])
        return [p for p in map(self.patterns.__getitem__, sorted(hits)) if p.may_match(features)]


def _key_need(needs: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The need to index a pattern by: the widest word class, as function words are few and
    common while mention classes and punctuation are in most sentences."""
    words = [need for need in needs if all(f.startswith("w:") for f in need)]
    return max(words, key=len) if words else needs[0]


def _mention_unit(cls: str) -> str:
    """A mention that may be of the class, or of one of several classes 'A|B'."""
    classes = "|".join(re.escape(c) for c in cls.split("|"))
    return rf"m\d+:[^ ]*\|(?:{classes})\|[^ ]*{_END}"


# "Idlib province's Maarat al-Numan": a place before a possessive names where the next one lies
_POSSESSOR_PLACE = rf"(?: {_mention_unit(PLACE)} p:poss{_END})?"
_NO_POSSESSIVE = r"(?! p:poss(?![^ ]))"


def _list_regex(cls: str, word_classes: dict[str, list[str]], where: str) -> str:
    """Mentions of the class in a list: "A", "A and B", "A, B, and other C". (Names joined by
    commas alone match too, but the slot takes only the first: see `match.slot_indexes`.)"""
    unit = _mention_unit(cls)
    joiner = _word_regex("@" + LIST_JOINER, word_classes, where)
    other = _word_regex("@" + LIST_OTHERS, word_classes, where)
    sep = rf"(?: p:comma{joiner}?|{joiner}){other}?"
    return rf" {unit}(?:{sep} {unit})*"


def _slot_regex(name: str, plural: bool, cls: str, word_classes: dict[str, list[str]], where: str) -> str:
    if cls == "Quantity":
        return rf"(?P<{name}> q\d+:{_END})"
    if not plural:
        return rf"(?P<{name}> {_mention_unit(cls)})"
    return rf"(?P<{name}>{_list_regex(cls, word_classes, where)})"


def _leading_list(tokens: list[str], word_classes: dict[str, list[str]], where: str) -> re.Pattern[str] | None:
    """The list a pattern must start with, when it starts with one (at a clause start, for a
    pattern that asks for one: a list's later names may stand where its first may not)."""
    clause = _clause_start_regex(word_classes, where) if tokens[:1] == [_CLAUSE_START] else ""
    tokens = tokens[1:] if clause else tokens
    slot = _SLOT.match(tokens[0]) if tokens else None
    if slot is None or not slot.group(2) or slot.group(4) or slot.group(3) in ("Quantity", *VICTIM_CLASSES):
        return None
    return re.compile((clause + _SKIPPABLE if clause else "") + _list_regex(slot.group(3), word_classes, where))


def _gap_regex(size: int, excluded: str = ACTOR) -> str:
    punct = "|".join(GAP_PUNCT)
    classes = "|".join(re.escape(c) for c in excluded.split("|"))
    mention = rf"m\d+:(?![^ ]*\|(?:{classes})\|)[^ ]*"
    return rf"(?: (?:w:[^ ]+|{SKIP_PREFIX}[^ ]+|q\d+:|p:(?:{punct}){_END}|{mention})){{0,{size}}}?"


def _clause_start_regex(word_classes: dict[str, list[str]], where: str) -> str:
    """Where a clause begins: the sentence's start, or just after punctuation that opens one
    or a word of the class `clause_opener`."""
    after = [rf"(?<= p:{name})" for name in _CLAUSE_PUNCT]
    if CLAUSE_OPENERS in word_classes:
        words = {w for p in _phrases("@" + CLAUSE_OPENERS, word_classes, where) for w in p.split()[-1:]}
        after += [rf"(?<= w:{re.escape(w)})" for w in sorted(words)]
    return "(?:^|" + "|".join(after) + ")"


def _alternatives_regex(token: str, word_classes: dict[str, list[str]], where: str) -> str:
    """`a|b|,`: one of several words and punctuation marks."""
    parts = token.split("|")
    punct = [PUNCT_NAMES[p] for p in parts if p in PUNCT_NAMES]
    words = [p for p in parts if p not in PUNCT_NAMES]
    options = [rf" p:(?:{'|'.join(punct)}){_END}"] if punct else []
    if words:
        options.append(_word_regex("|".join(words), word_classes, where))
    return "(?:" + "|".join(options) + ")"


def _phrases(token: str, word_classes: dict[str, list[str]], where: str) -> list[str]:
    """The folded phrases a word element stands for, longest first."""
    if token.startswith("@"):
        words = word_classes.get(token[1:])
        if words is None:
            raise DataError(f"{where}: unknown word class {token}; define it in wordclasses.json")
    else:
        words = token.split("|")
    return sorted({" ".join(_word_form(w) for w in entry.split()) for entry in words}, key=lambda w: (-len(w), w))


def _word_form(word: str) -> str:
    """A word as the encoded sentence spells it: folded, its hyphens closed up."""
    return fold(word).replace("-", "") if word != "-" else word


def _word_regex(token: str, word_classes: dict[str, list[str]], where: str) -> str:
    """Phrases of several words first, longest first; then the single words in one group
    (only one word can fill a unit, so their order does not matter), which keeps a word
    class of hundreds of words a short expression, quick to compile."""
    phrases = _phrases(token, word_classes, where)
    options = ["".join(" w:" + re.escape(w) + _END for w in p.split()) for p in phrases if " " in p]
    single = [re.escape(p) for p in phrases if p and " " not in p]
    if single:
        options.append(" w:(?:" + "|".join(single) + ")" + _END)
    if "" in phrases:
        options.append("")
    return "(?:" + "|".join(options) + ")"


def _place_modifier_guard(word_classes: dict[str, list[str]], where: str) -> str:
    """A place named before a head noun ("the Aleppo road") names the road, not the place:
    it fills no Place slot, unless the mention is a highway itself ("the M4 highway")."""
    heads = _word_regex("@" + PLACE_MODIFIER_HEADS, word_classes, where)
    return rf"(?:(?<=\|Highway\|)|(?!{heads}))"


def _ally_tail(word_classes: dict[str, list[str]], where: str) -> str:
    """"Government forces and allied militias seized ...": unnamed allies joined to an actor are
    read past, so that the named actor fills the slot."""
    if ALLY_TAIL not in word_classes:
        return ""
    tails = [_word_regex('@' + ALLY_TAIL, word_classes, where)]
    if NAMED_ALLY_TAIL in word_classes:
        # "and their Syrian rebel allies", "and their Iranian-backed allies": read past too
        words = [w.split() for w in word_classes[NAMED_ALLY_TAIL]]
        before = _word_regex("|".join(w[0] for w in words if len(w) == 2), word_classes, where)
        after = _word_regex("|".join(w[1] for w in words if len(w) == 2), word_classes, where)
        tails.append(rf"{before}(?: (?:w:[^ ]+|p:hyphen{_END}|{_mention_unit(ACTOR)})){{1,4}}?{after}")
    conjunction = _word_regex("@" + CONJUNCTION, word_classes, where)
    return rf"(?:(?: p:comma{_END})?{conjunction}(?:{'|'.join(tails)}))?"


APPOSITION_BREAKERS = "apposition_breaker"  # words after a comma that open a clause, no apposition


def _apposition(word_classes: dict[str, list[str]], where: str) -> str:
    """"Popular Mobilisation Forces, a coalition of Shiite militias, drove ...": an apposition
    after an actor or a place, beginning with a word that opens no clause and closed by a
    comma, is read past, so that the actor or the place fills the slot."""
    if APPOSITION_BREAKERS not in word_classes:
        return ""
    breakers = _word_regex("@" + APPOSITION_BREAKERS, word_classes, where)
    inner = rf"(?: (?:w:[^ ]+|{SKIP_PREFIX}[^ ]+|q\d+:|m\d+:[^ ]*|p:(?:hyphen|apos|poss){_END})){{0,9}}?"
    first = rf"(?:(?!{breakers}) w:[^ ]+| m\d+:(?![^ ]*\|Actor\|)[^ ]*)"  # a word, or a place: "the capital of X"
    return rf"(?: p:comma{_END}{first}{inner} p:comma{_END})?"


COMPOUND_MODIFIERS = "compound_modifier"  # "led" in "the Kurdish-led SDF"


def _compound_modifier(word_classes: dict[str, list[str]], where: str) -> str:
    """"The United States supports the Kurdish-led SDF": a name glued to a participle before
    an actor modifies it; the actor after fills the slot."""
    if COMPOUND_MODIFIERS not in word_classes:
        return ""
    participle = _word_regex("@" + COMPOUND_MODIFIERS, word_classes, where)
    # an unknown name closes up with its participle: "Kurdish-led" is read as one word
    closed = "|".join(re.escape(w) for w in sorted(word_classes[COMPOUND_MODIFIERS]))
    glued = rf" w:[a-z]{{3,}}(?:{closed}){_END}"
    return (rf"(?:(?: {_mention_unit(ACTOR)} p:hyphen{_END}{participle}|{glued})"
            rf"(?=(?: {SKIP_PREFIX}[^ ]+)* m\d+:))?")


def _reduced_relative(word_classes: dict[str, list[str]], where: str) -> str:
    """What may follow an actor and says who stands behind it ("rebels backed by Turkey",
    "fighters, led by X,"): read past, so that the actor, not its backer, fills the slot. A
    pattern that reads the backer itself still can: the group is optional."""
    if RELATIVE_PARTICIPLES not in word_classes:
        return ""
    participle = _word_regex("@" + RELATIVE_PARTICIPLES, word_classes, where)
    # "backed by coalition air strikes": the means the backer lends
    means = rf"(?:{_word_regex('@' + BACKING_MEANS, word_classes, where)})?" if BACKING_MEANS in word_classes else ""
    by = _word_regex("@" + AGENT_PREPOSITIONS, word_classes, where)
    return rf"(?:(?: p:comma{_END})?{participle}{by}{_list_regex(ACTOR, word_classes, where)}{means}(?: p:comma{_END})?)?"


def _element_regex(token: str, next_token: str | None, word_classes: dict[str, list[str]], where: str,
                   slots: list[str], classes: dict[str, str], settings: ClassSettings) -> str:
    capture = _CAPTURE.match(token)
    if capture:
        name, word_class, optional = capture.groups()
        slots.append(name)
        classes[name] = "@" + word_class
        return f"(?P<{name}>{_word_regex('@' + word_class, word_classes, where)}){optional}"
    slot = _SLOT.match(token)
    if slot and slot.group(3) in VICTIM_CLASSES:
        name, _, cls, optional = slot.groups()
        slots.append(name)
        classes[name] = cls
        return "(?:" + victims_regex(name, cls, word_classes, where, settings) + ")" + optional
    if slot:
        name, plural, cls, optional = slot.groups()
        slots.append(name)
        classes[name] = cls
        # A name glued to a following word ("UK-based", "Turkey-backed") modifies a noun and
        # fills no slot, unless the pattern itself goes on with that hyphen.
        modifier_guard = "" if next_token == "-" else _MODIFIER_GUARD
        possessor = ""
        if ACTOR in cls.split("|") and next_token != "-":
            possessor = _compound_modifier(word_classes, where)
        if PLACE in cls.split("|"):
            possessor = _POSSESSOR_PLACE
            modifier_guard += _NO_POSSESSIVE if next_token != "'s" else ""
            if PLACE_MODIFIER_HEADS in word_classes:
                modifier_guard += _place_modifier_guard(word_classes, where)
        relative = _ally_tail(word_classes, where) + _reduced_relative(word_classes, where) \
            + _apposition(word_classes, where) if ACTOR in cls.split("|") else ""
        if not plural and PLACE in cls.split("|") and next_token not in (",", "-"):
            relative += _apposition(word_classes, where)  # "Ramadi, the capital of Anbar, was retaken"
        return ("(?:" + possessor + _slot_regex(name, bool(plural), cls, word_classes, where) + modifier_guard + relative + ")"
                + optional)
    anonymous = _ANONYMOUS.match(token)
    if anonymous:
        cls, optional = anonymous.groups()
        unit = rf"q\d+:{_END}" if cls == "Quantity" else _mention_unit(cls)
        return rf"(?: {unit}){optional}"
    gap = _GAP.match(token)
    if gap:
        return _gap_regex(int(gap.group(1) or _DEFAULT_GAP), gap.group(2) or ACTOR)
    if token == "^":
        return "^"
    if token == _CLAUSE_START:
        return _clause_start_regex(word_classes, where)
    quantifier = ""
    if len(token) > 1 and token[-1] in "?*+":
        token, quantifier = token[:-1], token[-1]
    if all(part in PUNCT_NAMES for part in token.split("|")):
        names = "|".join(PUNCT_NAMES[part] for part in token.split("|"))
        return rf"(?: p:(?:{names}){_END}){quantifier}"
    if any(part in PUNCT_NAMES for part in token.split("|")):
        return _alternatives_regex(token, word_classes, where) + quantifier
    return rf"(?:{_word_regex(token, word_classes, where)}){quantifier}"


def _check_groups(tokens: list[str], where: str) -> None:
    """Every group the pattern opens, "(" or "(?!", it closes: the one error a pattern's author
    can make that only compiling the expression would show."""
    depth = 0
    for token in tokens:
        depth += token in ("(", _NOT_FOLLOWED)
        depth -= token in (")", ")?")
        if depth < 0:
            raise DataError(f"{where}: a ')' closes no group; check the pattern's brackets")
    if depth:
        raise DataError(f"{where}: {depth} group(s) opened with '(' not closed; check the pattern's brackets")


def compile_pattern(record: PatternRecord, word_classes: dict[str, list[str]],
                    settings: ClassSettings) -> CompiledPattern:
    where = f"pattern {record.id}"
    parts: list[str] = []
    slots: list[str] = []
    classes: dict[str, str] = {}
    tokens = record.pattern.split()
    for k, token in enumerate(tokens):
        if token == "(":
            parts.append("(?:")
        elif token == _NOT_FOLLOWED:
            parts.append("(?!")
        elif token in (")", ")?"):
            parts.append(token)
        else:
            following = tokens[k + 1] if k + 1 < len(tokens) else None
            # skippable units may stand before any element but the first
            skippable = _SKIPPABLE if any(p not in ("(?:", "^") for p in parts) else ""
            parts.append(skippable + _element_regex(token, following, word_classes, where, slots, classes, settings))
    for role in record.slots_needed:
        if role not in slots:
            raise DataError(f"{where}: role slot {role} does not occur in the pattern")
    _check_groups(tokens, where)
    return CompiledPattern(record, "".join(parts), tuple(slots), classes, _pattern_words(tokens, word_classes),
                           _needs(tokens, word_classes, where), _leading_list(tokens, word_classes, where))


# a unit of a mention ("m7:|Actor|State|") or of a quantity ("q2:"), from one space to the next
_MENTION_UNIT = re.compile(r"(?:^| )m\d+:([^ ]*)")
_QUANTITY_UNIT = re.compile(r"(?:^| )q\d+:(?![^ ])")


def unit_features(text: str) -> set[str]:
    """What an encoded sentence offers the patterns: each of its unit codes as it stands,
    `m:Class` for every class one of its mentions may have, and `q:` when it holds a quantity."""
    features = set(text.split(" "))
    for classes in _MENTION_UNIT.findall(text):
        features |= _class_features(classes)
    if _QUANTITY_UNIT.search(text):
        features.add("q:")
    return features


@lru_cache(maxsize=1024)
def _class_features(classes: str) -> frozenset[str]:
    """`m:Class` for each class of a mention's code, "|Actor|Place|" (a few such strings recur)."""
    return frozenset("m:" + cls for cls in classes.split("|")[1:-1])


def _element_need(token: str, word_classes: dict[str, list[str]], where: str) -> frozenset[str] | None:
    """The features of which a sentence must offer one wherever the element matches; None
    when the element may match nothing (optional, a gap, an anchor, an empty word)."""
    capture = _CAPTURE.match(token)
    if capture:
        _, word_class, optional = capture.groups()
        return None if optional else _phrase_need(_phrases("@" + word_class, word_classes, where))
    slot = _SLOT.match(token) or _ANONYMOUS.match(token)
    if slot:
        cls, optional = slot.groups()[-2:]
        if optional or cls in VICTIM_CLASSES:
            return None
        return frozenset({"q:"}) if cls == "Quantity" else frozenset("m:" + c for c in cls.split("|"))
    if _GAP.match(token) or token in ("^", _CLAUSE_START) or (len(token) > 1 and token[-1] in "?*"):
        return None
    token = token[:-1] if len(token) > 1 and token[-1] == "+" else token
    parts = token.split("|")
    punct = frozenset("p:" + PUNCT_NAMES[part] for part in parts if part in PUNCT_NAMES)
    if len(punct) == len(parts):
        return punct
    words = _phrase_need(_phrases("|".join(p for p in parts if p not in PUNCT_NAMES), word_classes, where))
    return None if words is None else words | punct


def _phrase_need(phrases: list[str]) -> frozenset[str] | None:
    """A word element needs the first word of one of its phrases."""
    if any(not p.split() for p in phrases):
        return None
    return frozenset("w:" + p.split()[0] for p in phrases)


def _needs(tokens: list[str], word_classes: dict[str, list[str]], where: str) -> tuple[frozenset[str], ...]:
    """What every match needs: the elements outside optional groups that cannot match nothing,
    most selective (fewest alternatives) first."""
    groups: list[list[frozenset[str]]] = [[]]
    required: list[bool] = [True]  # a group's needs count for its parent (not optional, not negated)
    for token in tokens:
        if token in ("(", _NOT_FOLLOWED):
            groups.append([])
            required.append(token == "(")
        elif token in (")", ")?"):
            inner = groups.pop()
            if required.pop() and token == ")":
                groups[-1].extend(inner)
        else:
            need = _element_need(token, word_classes, where)
            if need is not None:
                groups[-1].append(need)
    return tuple(sorted(set(groups[0]), key=lambda need: (len(need), sorted(need))))


def _pattern_words(tokens: list[str], word_classes: dict[str, list[str]]) -> frozenset[str]:
    words: set[str] = set()
    for token in tokens:
        token = token.rstrip("?*+")
        if token.startswith(("{", "...")) or token in ("(", ")", "^", _CLAUSE_START, _NOT_FOLLOWED):
            continue
        entries = word_classes.get(token[1:], []) if token.startswith("@") else [
            part for part in token.split("|") if part not in PUNCT_NAMES]
        words.update(_word_form(w) for entry in entries for w in entry.split())
    return frozenset(words)


def _record(raw: dict[str, object]) -> PatternRecord:
    if "event" in raw:
        roles = raw["roles"]
        expected = raw.get("expect", {})
        attributes = raw.get("attributes", {})
        assert isinstance(roles, dict) and isinstance(expected, dict) and isinstance(attributes, dict)
        return PatternRecord(
            id=str(raw["id"]), relation="", pattern=str(raw["pattern"]), subject="", object="",
            example=str(raw.get("example", "")), event=str(raw["event"]),
            roles=tuple((str(k), str(v)) for k, v in roles.items()),
            expect_event=tuple((str(k), str(v)) for k, v in expected.items()),
            attributes=tuple((str(k), str(v)) for k, v in attributes.items()),
        )
    expect = raw.get("expect", [])
    assert isinstance(expect, list)
    return PatternRecord(
        id=str(raw["id"]), relation=str(raw["relation"]), pattern=str(raw["pattern"]),
        subject=str(raw["subject"]), object=str(raw["object"]), example=str(raw.get("example", "")),
        expect=tuple((str(a), str(b)) for a, b in expect), inside=str(raw.get("inside", "")),
    )


def load_pattern_records(path: Path) -> list[PatternRecord]:
    records: list[PatternRecord] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            record = _record(json.loads(line))
        except (ValueError, KeyError, TypeError, AssertionError) as err:
            raise DataError(f"{path}:{number}: not a pattern record ({err}); fix the line") from err
        if record.id in seen:
            raise DataError(f"{path}:{number}: duplicate pattern id {record.id}; ids must be unique")
        seen.add(record.id)
        records.append(record)
    return records


def load_word_classes(path: Path) -> dict[str, list[str]]:
    raw = read_json_object(path, "word classes")
    classes: dict[str, list[str]] = without_notes(raw)
    return _with_prefixes(classes, raw.get("_prefixes", {}), path)


def _with_prefixes(classes: dict[str, list[str]], prefixes: dict[str, list[str]],
                   path: Path) -> dict[str, list[str]]:
    """Each class named under a prefix also holds its words with that prefix ("re": "took"
    gives "retook"); a hyphenated spelling ("re-took") is closed up in the sentence too."""
    widened = dict(classes)
    for prefix, names in prefixes.items():
        for name in names:
            if name not in classes:
                raise DataError(f"{path}: prefix {prefix!r} names unknown word class {name}; fix _prefixes")
            extra = [prefix + w for w in classes[name] if " " not in w and not w.startswith(prefix)]
            widened[name] = widened[name] + [w for w in extra if w not in widened[name]]
    return widened


def compile_all(patterns: Sequence[CompiledPattern]) -> None:
    """Compile every expression now, rather than when a text first needs it."""
    for pattern in patterns:
        _ = pattern.regex


def compile_patterns(directory: Path, derived_classes: dict[str, list[str]],
                     settings: ClassSettings) -> list[CompiledPattern]:
    """Compile every `*.jsonl` record in the folder; `derived_classes` are word classes taken
    from elsewhere (the reference graph's demonyms, the lexicon's grammar), `settings` the
    classes victims may be of."""
    word_classes = {**load_word_classes(directory / "wordclasses.json"), **derived_classes}
    records: list[PatternRecord] = []
    for path in sorted(directory.glob("*.jsonl")):
        records.extend(load_pattern_records(path))
    ids = [r.id for r in records]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise DataError(f"{directory}: duplicate pattern ids {sorted(duplicates)}; ids must be unique")
    return [compile_pattern(r, word_classes, settings) for r in records]
