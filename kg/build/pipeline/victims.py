"""Victim lists: "seven Turkish soldiers and one civilian, as well as 13 Syrian soldiers".

A pattern names the victims of a death report with a victims slot: `{V+:Victims}` takes a list
of up to four victim phrases whose first carries a figure, `{V:AnyVictims}` one phrase
without one ("Russian soldiers were killed"). A phrase is a figure, a side (a state or armed
group named in it), modifiers and a victim noun, with an "of" complement ("members of the
army") and an inclusion ("..., including two children"). The phrases are joined by "and", by
a comma inside "A, B and C", or by an additive joiner ("as well as", "along with").

The phrases become reports (`victim_reports`): a phrase with its own figure is one report; a
phrase without one after "and" shares the figure before it ("dozens of A and B"); one after an
additive joiner stands alone without a figure. Counted phrases of one side joined by "and" are
one report with their sum, as an analyst tallies the dead of each side. A shared figure over
phrases of different or unknown sides is no report of any side and is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.build.pipeline.extraction_settings import ClassSettings
from kg.build.pipeline.gazetteer import Gazetteer
from kg.build.pipeline.lexicon import CONJUNCTION, fold
from kg.build.pipeline.quantities import Quantity, add_quantities
from kg.build.pipeline.segment import Token
from kg.common.errors import DataError

LIST_CLASS = "Victims"  # a list whose first phrase carries a figure
ANY_CLASS = "AnyVictims"  # one phrase without a figure
SLOT_CLASSES = frozenset({LIST_CLASS, ANY_CLASS})
MAX_PHRASES = 4
CIVILIANS = "civilians"  # the side of a phrase whose noun names civilians

# the word classes (wordclasses.json) the grammar is written in
_NOUN, _CIVILIAN, _FIGURE_NOUN = "victim_noun", "civilian_noun", "figure_noun"
_MODIFIER, _COMPLEMENT, _DEMONYM = "victim_modifier", "victim_complement", "demonym"
_ADDITIVE, _INCLUSION, _INJURY, _BE = "victim_joiner", "victim_inclusion", "not_killed_word", "be"
_FOLLOW = "after_victims"  # what may follow a victim phrase that shares the figure before it
_PARTITIVE = "victim_partitive"  # "two of them children"
# the function words of the lexicon's grammar
_OF = "victim_preposition"  # "dozens of", "members of"
_PERFECT, _ALLEGIANCE = "perfect_auxiliary", "allegiance_prefix"  # "have been wounded", "pro-government"
_GRAMMAR_CLASSES = (_NOUN, _CIVILIAN, _FIGURE_NOUN, _MODIFIER, _COMPLEMENT, _ADDITIVE, _INCLUSION, _INJURY, _BE,
                    _FOLLOW, _PARTITIVE, CONJUNCTION, _OF, _PERFECT, _ALLEGIANCE)  # the ones it needs; the demonyms are optional
_END = r"(?![^ ])"
_SKIP = r"(?: s:[^ ]+)*"
_QUANTITY = rf" q\d+:{_END}"
_QUANTITY_INDEX = re.compile(r"q(\d+):")
_MENTION = re.compile(r"m(\d+):")


@dataclass(frozen=True)
class VictimPhrase:
    figure: Quantity | None
    side: str | None  # an actor's IRI, CIVILIANS, or None when the phrase does not say
    groups: tuple[str, ...]  # the actors named as the victims
    words: str  # the victims in the text's words, without the figure
    stated: str  # the phrase as stated, figure and inclusion included
    joiner: str  # "" for the first phrase, _CONJOINED ("and") or _ADDED ("as well as")
    counts_people: bool = True  # False for a figure noun ("three casualties") that names no one


@dataclass(frozen=True)
class VictimList:
    phrases: tuple[VictimPhrase, ...]
    unfigured: bool  # whether a phrase without a figure may stand first
    conjunction: str  # the word the phrases of one tally are written joined by


@dataclass(frozen=True)
class VictimReport:
    figure: Quantity | None
    groups: tuple[str, ...]
    words: str | None


# --- the grammar -----------------------------------------------------------------------------

def _word_units(entries: list[str], closed: bool = True) -> str:
    """The entries as encoded units: one-word entries in one alternation, longer ones first.
    Unless `closed`, the last word may run on (what follows must begin a unit itself)."""
    forms = sorted({" ".join(fold(w).replace("-", "") for w in e.split()) for e in entries}, key=lambda w: (-len(w), w))
    end = _END if closed else ""
    single = [re.escape(f) for f in forms if " " not in f]
    longer = ["".join(f" w:{re.escape(w)}{_END}" for w in form.split()[:-1]) + f" w:{re.escape(form.split()[-1])}{end}"
              for form in forms if " " in form]
    if single:
        longer.append(rf" w:(?:{'|'.join(single)}){end}")
    return "(?:" + "|".join(longer) + ")"


_MOST_INCLUDED = 8
_CONJOINED, _ADDED = "conjoined", "added"  # how a phrase is joined to the one before


class _Grammar:
    def __init__(self, word_classes: dict[str, list[str]], where: str, sides: tuple[str, ...],
                 bodies: tuple[str, ...]) -> None:
        missing = [c for c in _GRAMMAR_CLASSES if c not in word_classes]
        if missing:
            raise DataError(f"{where}: victims need the word classes {missing}; define them in wordclasses.json")
        units = {name: _word_units(word_classes[name]) for name in (*_GRAMMAR_CLASSES, _DEMONYM)
                 if word_classes.get(name)}
        self.noun, self.civilian, self.figure_noun = units[_NOUN], units[_CIVILIAN], units[_FIGURE_NOUN]
        self.modifier = "(?:" + units[_MODIFIER] + ("|" + units[_DEMONYM] if _DEMONYM in units else "") + ")"
        self.complement, self.additive = units[_COMPLEMENT], units[_ADDITIVE]
        self.inclusion, self.injury, self.be = units[_INCLUSION], units[_INJURY], units[_BE]
        self.follow, self.partitive = units[_FOLLOW], units[_PARTITIVE]
        self.conjunction, self.perfect = units[CONJUNCTION], units[_PERFECT]
        self.of = _word_units(word_classes[_OF], closed=False)
        self.allegiance = _word_units(word_classes[_ALLEGIANCE], closed=False)
        # a unit an inclusion reads past ("including two children and three women"): a word but
        # the conjunction, unless a figure follows it, a figure, a mention or a skippable word
        self.included_unit = (rf"(?:(?!{self.conjunction}) w:[^ ]+|{self.conjunction}(?= q\d+:)| q\d+:| m\d+:[^ ]*"
                              rf"| s:[^ ]+)")
        forces = "|".join(sides)
        self.actor = rf" m\d+:[^ ]*\|(?:{forces})\|[^ ]*{_END}(?! p:hyphen w:)"
        members_of = "|".join((*sides, *bodies))
        self.body_of = rf" m\d+:[^ ]*\|(?:{members_of})\|[^ ]*{_END}(?! p:hyphen w:)"

    def heads(self, name: str | None) -> str:
        if name is None:
            return f"(?:{self.civilian}|{self.figure_noun}|{self.noun})"
        return f"(?:(?P<{name}_c>{self.civilian})|(?P<{name}_n>{self.figure_noun})|{self.noun})"

    def body(self, name: str | None) -> str:
        """Who: a force named, with or without a noun after it, or modifiers and a noun; and
        an "of" complement."""
        mods = f"(?:{_SKIP}{self.modifier})"
        pro = f"(?:{self.allegiance} p:hyphen)?"
        if name is None:
            head = self.heads(None)
            who = rf"(?:{mods}{{0,3}}(?:{pro}{self.actor}(?:{mods}{{0,2}}{head})?|{head}))"
            return rf"(?:{who}(?:{self.of}(?:{self.body_of}|{mods}{{0,2}}{self.complement}))?)"
        # a force, or a noun: the noun may be left out only after a force ("a Syrian rebel
        # fighter", "Turkish soldiers", "five civilians")
        who = (rf"(?P<{name}_m>{mods}{{0,3}}){pro}(?P<{name}_a>{self.actor})?(?P<{name}_n2>{mods}{{0,2}})"
               rf"(?P<{name}_h>{self.heads(name)})?(?({name}_a)|(?({name}_h)|(?!)))")
        return rf"(?P<{name}_b>{who}(?:{self.of}(?:(?P<{name}_o>{self.body_of})|{mods}{{0,2}}{self.complement}))?)"

    def figure(self, name: str | None) -> str:
        g = f"?P<{name}_f>" if name else "?:"
        return rf"(?: p:quote)?({g}{_QUANTITY})(?: p:quote)?{_SKIP}{self.of}?"

    def inclusion_part(self, name: str | None) -> str:
        """", including two children", ", two of them children": who is among the counted."""
        g = f"?P<{name}_i>" if name else "?:"
        lead = rf"(?:{self.inclusion}|{_QUANTITY}{self.partitive})"
        return rf"({g}(?: p:comma)?{_SKIP}{lead}{self.included_unit}{{0,{_MOST_INCLUDED}}}(?: p:comma)?)?"

    def phrase(self, name: str | None, figure: str, body: str) -> str:
        """A phrase; `figure` and `body` are "required", "optional" or "absent"."""
        parts = []
        if figure != "absent":
            parts.append(f"(?:{self.figure(name)})" + ("?" if figure == "optional" else ""))
        parts.append(_SKIP + f"(?:{self.body(name)})" + ("?" if body == "optional" else ""))
        g = f"?P<{name}_p>" if name else "?:"
        return f"({g}{''.join(parts)}{self.inclusion_part(name)})"

    def not_killed(self) -> str:
        """A phrase followed by "wounded" or "displaced" counts the living, not the dead."""
        verbs = rf"(?:{self.be}|{self.perfect}| s:[^ ]+)*"
        return rf"(?!{verbs}{self.injury})"

    def shares_figure(self, name: str) -> str:
        """A phrase without a figure after "and" ends where a list may end (a comma, "were",
        "in"): "killed 7 civilians and Turkey condemned it" lists no Turkey."""
        return rf"(?({name}_f)|(?= p:| s:|{self.follow}|$))"

    def joiner(self, name: str) -> str:
        """"and", an additive joiner, or a comma of a list that "and" closes ("A, B and C")."""
        comma_list = rf" p:comma(?=(?:{self.included_unit}| p:comma){{1,{_MOST_INCLUDED}}}?{self.conjunction})"
        return (rf"(?P<{name}_j>(?: p:comma)?{_SKIP}(?:(?P<{name}_x>{self.additive})|{self.conjunction}){_SKIP}(?: p:comma)?"
                rf"|{comma_list})")

    def victims(self, slot: str, cls: str) -> str:
        if cls == ANY_CLASS:
            return f"(?P<{slot}>{self.phrase(_name(slot, 0), 'absent', 'required')}{self.not_killed()})"
        regex = self.phrase(_name(slot, 0), "required", "optional") + self.not_killed()
        tail = ""
        for k in range(MAX_PHRASES - 1, 0, -1):
            name = _name(slot, k)
            tail = (f"(?:{self.joiner(name)}{self.phrase(name, 'optional', 'required')}{self.shares_figure(name)}"
                    f"{self.not_killed()}{tail})?")
        return f"(?P<{slot}>{regex}{tail})"


def _name(slot: str, k: int) -> str:
    return f"{slot}__{k}"


def victims_regex(slot: str, cls: str, word_classes: dict[str, list[str]], where: str,
                  classes: ClassSettings) -> str:
    """The regex of a victims slot, with a named group for each part of each phrase: the forces
    of `classes.victim_sides` may stand as the victims ("Turkish soldiers"), and the victims may
    be members of those or of `classes.victim_bodies` ("members of the White Helmets")."""
    return _Grammar(word_classes, where, classes.victim_sides, classes.victim_bodies).victims(slot, cls)


# --- reading a match --------------------------------------------------------------------------

@dataclass(frozen=True)
class VictimContext:
    """What reading a victims slot needs of the sentence: its encoded text's unit boundaries
    (`unit_at` an offset), the unit spans in tokens, its tokens and quantities, and a way to
    name the actor of a mention."""

    unit_at: Callable[[int], int]
    unit_tokens: Callable[[int], tuple[int, int]]
    tokens: list[Token]
    quantities: list[Quantity]
    actor_of: Callable[[int], str | None]
    gazetteer: Gazetteer
    conjunction: str  # the word the phrases of one tally are written joined by


def _token_span(ctx: VictimContext, start: int, end: int) -> tuple[int, int]:
    """The tokens (first, last inclusive) of the units an encoded span covers."""
    first = ctx.unit_tokens(ctx.unit_at(start + 1))[0]
    last = ctx.unit_tokens(ctx.unit_at(max(end - 1, start + 1)))[1]
    return first, last


def _stated(tokens: list[Token], first: int, last: int) -> str:
    parts: list[str] = []
    for k in range(first, last + 1):
        if parts and tokens[k].start > tokens[k - 1].end:
            parts.append(" ")
        parts.append(tokens[k].text)
    return "".join(parts)


def _demonym_side(words: str, gaz: Gazetteer) -> str | None:
    """The actor a demonym among the modifiers names ("Turkish" in "a Turkish civilian")."""
    for word in words.split():
        node = gaz.trie.root.children.get(word)
        if node is None or word not in gaz.demonyms:
            continue
        iris = {r.iri for r in node.readings if r.via == "demonym"}
        if len(iris) == 1:
            return iris.pop()
    return None


def _phrase(match: re.Match[str], name: str, joiner: str, ctx: VictimContext) -> VictimPhrase | None:
    if match.group(f"{name}_p") is None:
        return None
    figure_text = match.group(f"{name}_f") if f"{name}_f" in match.re.groupindex else None
    figure = ctx.quantities[int(_QUANTITY_INDEX.findall(figure_text)[0])] if figure_text else None
    actor_text = match.group(f"{name}_a") or match.group(f"{name}_o")
    actor = ctx.actor_of(int(_MENTION.findall(actor_text)[0])) if actor_text else None
    groups = (actor,) if actor else ()
    side = actor
    if side is None and match.group(f"{name}_c") is not None:
        side = CIVILIANS
    mods = " ".join(m for m in (match.group(f"{name}_m"), match.group(f"{name}_n2")) if m)
    if side is None and mods:
        side = _demonym_side(" ".join(u[2:] for u in mods.split() if u.startswith("w:")), ctx.gazetteer)
    words = ""
    if match.group(f"{name}_b") is not None:
        first, last = _token_span(ctx, match.start(f"{name}_b"), match.end(f"{name}_b"))
        words = _stated(ctx.tokens, first, last)
    first, last = _token_span(ctx, match.start(f"{name}_p"), match.end(f"{name}_p"))
    while last > first and not ctx.tokens[last].is_word and ctx.tokens[last].text in ",":
        last -= 1
    stated = _stated(ctx.tokens, first, last)
    return VictimPhrase(figure, side, groups, words, stated, joiner, match.group(f"{name}_n") is None)


def read_victims(match: re.Match[str], slot: str, cls: str, ctx: VictimContext) -> VictimList:
    phrases: list[VictimPhrase] = []
    for k in range(MAX_PHRASES):
        name = _name(slot, k)
        if k and (f"{name}_j" not in match.re.groupindex or match.group(f"{name}_j") is None):
            break
        joiner = "" if k == 0 else (_ADDED if match.group(f"{name}_x") else _CONJOINED)
        phrase = _phrase(match, name, joiner, ctx)
        if phrase is None:
            break
        phrases.append(phrase)
    return VictimList(tuple(phrases), cls == ANY_CLASS, ctx.conjunction)


# --- reports ----------------------------------------------------------------------------------

def _figure_groups(phrases: tuple[VictimPhrase, ...]) -> list[list[VictimPhrase]]:
    """Phrases under one figure: a phrase without its own after "and" shares the one before."""
    groups: list[list[VictimPhrase]] = []
    for phrase in phrases:
        if phrase.figure is None and phrase.joiner == _CONJOINED and groups:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
    return groups


def _side(group: list[VictimPhrase]) -> tuple[bool, str | None]:
    """Whether the phrases of a group agree on one side, and which."""
    sides = {p.side for p in group}
    if len(group) > 1 and (len(sides) > 1 or None in sides):
        return False, None
    return True, next(iter(sides))


def _words(group: list[VictimPhrase], conjunction: str) -> str | None:
    """The victims in the text's words: the phrase without its figure; all of it when its noun
    names no one ("three casualties, including two children"); with its article when the
    article is the figure ("a boy")."""
    first = group[0]
    if not first.counts_people:
        return first.stated
    if first.figure is not None and first.figure.implied:
        return f"{first.figure.text} {first.words}".strip()
    return f" {conjunction} ".join(p.words for p in group if p.words) or None


@dataclass
class _Tally:
    report: VictimReport
    side: str | None
    stated: str


def _summed(before: _Tally, after: _Tally, joiner: str, conjunction: str) -> _Tally | None:
    """Two counted reports of one side joined by "and" are one, with their sum."""
    if before.side is None or before.side != after.side or joiner != _CONJOINED:
        return None
    if before.report.figure is None or after.report.figure is None:
        return None
    figure = add_quantities(before.report.figure, after.report.figure, conjunction)
    if figure is None:
        return None
    stated = f"{before.stated} {conjunction} {after.stated}"
    groups = tuple(dict.fromkeys(before.report.groups + after.report.groups))
    return _Tally(VictimReport(figure, groups, stated), before.side, stated)


def victim_reports(victims: VictimList) -> list[VictimReport]:
    """One report per side the list counts: see the module's description."""
    tallies: list[_Tally] = []
    for k, group in enumerate(_figure_groups(victims.phrases)):
        agree, side = _side(group)
        if not agree:
            continue
        groups = tuple(dict.fromkeys(g for p in group for g in p.groups))
        report = VictimReport(group[0].figure, groups, _words(group, victims.conjunction))
        if report.figure is None and not (groups and (k > 0 or victims.unfigured)):
            continue  # a victim without a figure is reported where a force is named
        tally = _Tally(report, side, f" {victims.conjunction} ".join(p.stated for p in group))
        merged = _summed(tallies[-1], tally, group[0].joiner, victims.conjunction) if tallies else None
        if merged is not None:
            tallies[-1] = merged
        else:
            tallies.append(tally)
    return [t.report for t in tallies]
