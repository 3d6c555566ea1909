"""The extractor's word lists, read from `ontology/patterns/lexicon.json`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from kg.common.errors import DataError
from kg.common.inputs import read_json_object, without_notes

# the word classes of the grammar (see `Lexicon.grammar`) more than one stage reads
LIST_JOINER = "list_joiner"  # "and" in "A, B and C"
CONJUNCTION = "conjunction"  # "and" in "soldiers and civilians"


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower-case, strip diacritics and apostrophes: the form all matching compares."""
    if word.isascii():  # nothing to decompose, nothing combining, no curly apostrophe
        return word.lower().replace("'", "")
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'\u2019")


def fold_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in phrase.split())


@dataclass(frozen=True)
class Anaphor:
    words: tuple[str, ...]
    classes: tuple[str, ...]
    modifiers: bool = False  # "the northwestern town": plain modifiers may stand before the noun


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]
    cls: str
    keep_cue: bool = False
    is_list: bool = False  # "the villages of A, B and C" names several


@dataclass(frozen=True)
class Skippable:
    """Words that may stand between the parts of a pattern without changing what it says."""

    adverbs: frozenset[str] = frozenset()
    time_leads: frozenset[str] = frozenset()  # "late" in "late on Monday", "on" before a date
    time_units: frozenset[str] = frozenset()  # "week" in "one week later"
    time_counts: frozenset[str] = frozenset()  # "one", "a few" before a unit
    time_relatives: frozenset[str] = frozenset()  # "later" after a unit
    phrases: tuple[tuple[str, ...], ...] = ()  # "managed to": says the verb after it happened

    @cached_property
    def phrases_by_first_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            if phrase:
                grouped.setdefault(phrase[0], []).append(phrase)
        return {word: tuple(found) for word, found in grouped.items()}


@dataclass(frozen=True)
class Lexicon:
    determiners: frozenset[str]
    abbreviations: frozenset[str]
    joiners: frozenset[str]
    force_nouns: frozenset[tuple[str, ...]]
    demonym_actor_heads: frozenset[tuple[str, ...]]
    member_nouns: frozenset[str]
    place_nouns: dict[tuple[str, ...], str]
    locative_prepositions: frozenset[str]
    negation: frozenset[str]
    modality: frozenset[str]
    denial: frozenset[str]
    threat: frozenset[str]
    suspicion: frozenset[str]
    clause_breaks: frozenset[str]
    cue_window: int
    pronouns: dict[str, tuple[str, ...]]
    speaker_pronouns: frozenset[str]
    possessive_pronouns: frozenset[str]
    nominal_anaphors: tuple[Anaphor, ...]
    anaphor_scope_sentences: int
    speech_verbs: frozenset[str]
    name_particles: frozenset[str]
    prefix_cues: tuple[Cue, ...]
    suffix_cues: tuple[Cue, ...]
    stop_names: frozenset[str]
    skippable: Skippable = Skippable()
    list_joiners: frozenset[str] = frozenset()  # the words between the names of a list
    name_prepositions: frozenset[str] = frozenset()  # "of" in "the town of Nairab"
    grammar: dict[str, tuple[str, ...]] = field(default_factory=dict)  # function words by word class
    compound_participles: frozenset[str] = frozenset()  # "backed" in "Turkish-backed forces"
    compound_name_pattern: str | None = None  # the pattern whose statement such a name makes
    compound_partitives: frozenset[str] = frozenset()  # "of" in "Turkish-backed fighters of X"
    other_place_modifiers: frozenset[str] = frozenset()  # "nearby" in "the nearby town": not one named
    relational_demonym_heads: frozenset[str] = frozenset()  # "allies" in "their Syrian allies"
    denial_back_nouns: frozenset[str] = frozenset()  # "report" in "denied the Observatory report"
    denial_back_pronouns: frozenset[str] = frozenset()  # "it" in "denied it."
    dateline: re.Pattern[str] | None = None  # "BEIRUT (Reuters) -": where the report was filed

    @cached_property
    def word_classes(self) -> dict[str, list[str]]:
        """The grammar's function words, as word classes the patterns are compiled with."""
        return {name: list(words) for name, words in self.grammar.items()}

    @cached_property
    def list_joiner_unit(self) -> re.Pattern[str]:
        """A list joiner ("and", "or") as a unit of an encoded sentence."""
        return re.compile(r" w:(?:" + "|".join(re.escape(w) for w in sorted(self.list_joiners)) + r")(?![^ ])")

    @cached_property
    def conjunction(self) -> str:
        """The word written between victim phrases read together ("five soldiers and a medic")."""
        return self.grammar[CONJUNCTION][0]

    @cached_property
    def anaphors_by_first_word(self) -> dict[str, tuple[Anaphor, ...]]:
        index: dict[str, list[Anaphor]] = {}
        for anaphor in self.nominal_anaphors:
            index.setdefault(anaphor.words[0], []).append(anaphor)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def place_noun_first_words(self) -> frozenset[str]:
        return frozenset(noun[0] for noun in self.place_nouns if noun)

    @cached_property
    def place_noun_last_words(self) -> frozenset[str]:
        return frozenset(noun[-1] for noun in self.place_nouns if noun)

    @cached_property
    def cues(self) -> frozenset[str]:
        """The negation, modal and denial words: what blocks a relation."""
        return self.negation | self.modality | self.denial

    @cached_property
    def reference_words(self) -> frozenset[str]:
        """The words a pronoun, a speaker's pronoun or a description begins with."""
        return frozenset(self.pronouns) | self.speaker_pronouns | frozenset(self.anaphors_by_first_word)

    @cached_property
    def cue_first_words(self) -> frozenset[str]:
        """The words a discovery cue begins with."""
        return frozenset(cue.words[0] for cue in (*self.prefix_cues, *self.suffix_cues))

    @cached_property
    def max_head_words(self) -> int:
        return max((len(h) for h in self.demonym_actor_heads), default=1)

    @cached_property
    def max_force_noun_words(self) -> int:
        return max((len(n) for n in self.force_nouns), default=1)


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(fold(v) for v in values)


def _skippable(raw: dict[str, list[str]]) -> Skippable:
    return Skippable(
        adverbs=_words(raw.get("adverbs", [])), time_leads=_words(raw.get("time_leads", [])),
        time_units=_words(raw.get("time_units", [])), time_counts=_words(raw.get("time_counts", [])),
        time_relatives=_words(raw.get("time_relatives", [])),
        phrases=tuple(fold_phrase(p) for p in raw.get("phrases", [])),
    )


def load_lexicon(path: Path) -> Lexicon:
    raw = read_json_object(path, "lexicon")
    try:
        discovery = raw["discovery"]
        grammar = raw.get("grammar", {})
        return Lexicon(
            determiners=_words(raw["determiners"]),
            abbreviations=frozenset(a.lower() for a in raw["abbreviations"]),
            joiners=frozenset(raw["joiners"]),
            force_nouns=frozenset(fold_phrase(n) for n in raw["force_nouns"]),
            demonym_actor_heads=frozenset(fold_phrase(h) for h in raw["demonym_actor_heads"]),
            member_nouns=_words(raw["member_nouns"]),
            place_nouns={fold_phrase(k): v for k, v in raw["place_nouns"].items()},
            locative_prepositions=_words(raw["locative_prepositions"]),
            negation=_words(raw["negation"]),
            modality=_words(raw["modality"]),
            denial=_words(raw["denial"]),
            threat=_words(raw["threat"]),
            suspicion=_words(raw["suspicion"]),
            clause_breaks=_words(raw["clause_breaks"]),
            cue_window=int(raw["cue_window"]),
            pronouns={fold(k): tuple(v["classes"]) for k, v in raw["pronouns"].items()},
            speaker_pronouns=_words(raw["speaker_pronouns"]),
            possessive_pronouns=_words(raw["possessive_pronouns"]),
            nominal_anaphors=tuple(
                Anaphor(tuple(fold(w) for w in a["words"]), tuple(a["classes"]), bool(a.get("modifiers")))
                for a in raw["nominal_anaphors"]
            ),
            anaphor_scope_sentences=int(raw["anaphor_scope_sentences"]),
            speech_verbs=_words(raw["speech_verbs"]),
            name_particles=_words(raw["name_particles"]),
            prefix_cues=tuple(
                Cue(tuple(fold(w) for w in c["words"]), c["class"], is_list=bool(c.get("list")))
                for c in discovery["prefix_cues"]
            ),
            suffix_cues=tuple(
                Cue(tuple(fold(w) for w in c["words"]), c["class"], bool(c.get("keep_cue")))
                for c in discovery["suffix_cues"]
            ),
            stop_names=frozenset(discovery["stop_names"]),
            skippable=_skippable(raw.get("skippable", {})),
            list_joiners=_words(grammar.get(LIST_JOINER, [])),
            name_prepositions=_words(grammar.get("name_preposition", [])),
            grammar={k: tuple(v) for k, v in without_notes(grammar).items()},
            compound_participles=_words(raw.get("compound_participles", [])),
            compound_name_pattern=raw.get("compound_name_pattern"),
            compound_partitives=_words(raw.get("compound_partitives", [])),
            other_place_modifiers=_words(raw.get("other_place_modifiers", [])),
            relational_demonym_heads=_words(raw.get("relational_demonym_heads", [])),
            denial_back_nouns=_words(raw.get("denial_back_nouns", [])),
            denial_back_pronouns=_words(raw.get("denial_back_pronouns", [])),
            dateline=re.compile(raw["dateline"]) if raw.get("dateline") else None,
        )
    except (ValueError, KeyError, TypeError, re.error) as err:
        raise DataError(f"{path}: cannot read the lexicon ({err}); restore the file") from err
