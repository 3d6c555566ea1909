"""Labels of the graph mapped to the gold's names: a synonym first, then a canonical name of
the gold, then an alias that only one gold entity has; a label none of these knows stays as
it is (and so counts as a false positive). Names compare folded: without accents, case,
punctuation or a leading "the"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.evaluation.gold import Gold, GoldEntity

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING_THE = re.compile(r"^the ")


def fold(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _LEADING_THE.sub("", _NOT_ALNUM.sub(" ", ascii_name).strip())


@dataclass(frozen=True)
class NameMap:
    synonyms: Mapping[str, str]
    canonical: Mapping[str, str]
    aliases: Mapping[str, frozenset[str]]

    def to_gold(self, label: str) -> str:
        key = fold(label)
        if key in self.synonyms:
            return self.synonyms[key]
        if key in self.canonical:
            return self.canonical[key]
        named = self.aliases.get(key, frozenset())
        return next(iter(named)) if len(named) == 1 else label


def _alias_index(entities: Iterable[GoldEntity]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for entity in entities:
        for alias in entity.aliases:
            index.setdefault(fold(alias), set()).add(entity.name)
    return {key: frozenset(names) for key, names in index.items()}


def name_map(gold: Gold, synonyms: Mapping[str, str]) -> NameMap:
    """The gold's names, with the project's synonyms overridden by the gold's own."""
    merged = {fold(k): v for k, v in synonyms.items()} | {fold(k): v for k, v in gold.synonyms.items()}
    canonical = {fold(e.name): e.name for e in gold.entities}
    return NameMap(merged, canonical, _alias_index(gold.entities))
