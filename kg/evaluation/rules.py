"""The evaluation's fixed data, read from `ontology/evaluation.json`: synonyms, the highways
always scored, the relations scored as pairs and the queries that answer them, the event
families, the members a controller stands for, victim groups from words, number words."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.common import resources
from kg.common.errors import DataError
from kg.common.inputs import without_notes

RULES_FILE = "evaluation.json"


@dataclass(frozen=True)
class VictimRule:
    """A victim group named by words: the group applies when every word of one alternative
    occurs in the victims text; `rows` says a report's own victims text is read too."""

    group: str
    alternatives: tuple[tuple[str, ...], ...]
    rows: bool = False

    def applies(self, text: str) -> bool:
        lowered = text.lower()
        return any(all(word in lowered for word in words) for words in self.alternatives)


@dataclass(frozen=True)
class PairKind:
    """A relation scored as pairs: the canned query that answers it, its two columns in the
    gold's order, the vocabulary property its evidence is recorded under."""

    kind: str
    label: str
    query: str
    first: str
    second: str
    property: str
    symmetric: bool = False
    highway_column: str | None = None  # scored once per highway, the rows read by this column
    highway_parameter: str = "highway"  # the query's parameter the highway's name is given to


@dataclass(frozen=True)
class EventFamily:
    """Event types scored together; an event counts when it gives the quantity, if one is named."""

    types: frozenset[str]
    quantity: str | None = None


@dataclass(frozen=True)
class Rules:
    synonyms: Mapping[str, str]
    highways: tuple[str, ...]
    controller_members: Mapping[str, frozenset[str]]
    victim_rules: tuple[VictimRule, ...]
    numbers: Mapping[str, int]
    scales: Mapping[str, int]
    pair_kinds: tuple[PairKind, ...]
    event_families: Mapping[str, EventFamily]
    report_columns: Mapping[str, tuple[str, ...]]

    def pair_kind(self, kind: str) -> PairKind:
        return next(k for k in self.pair_kinds if k.kind == kind)


def _victim_rule(item: Mapping[str, Any]) -> VictimRule:
    alternatives = tuple(tuple(str(w).lower() for w in words) for words in item["alternatives"])
    return VictimRule(str(item["group"]), alternatives, bool(item.get("rows", False)))


def _pair_kind(kind: str, item: Mapping[str, Any]) -> PairKind:
    first, second = (str(column) for column in item["columns"])
    column = item.get("highway_column")
    return PairKind(kind, str(item.get("label", kind)), str(item["query"]), first, second, str(item["property"]),
                    bool(item.get("symmetric", False)), str(column) if column else None,
                    str(item.get("highway_parameter", "highway")))


def _event_family(item: Mapping[str, Any]) -> EventFamily:
    quantity = item.get("quantity")
    return EventFamily(frozenset(str(t) for t in item["types"]), str(quantity) if quantity else None)


def parse_rules(data: Mapping[str, Any]) -> Rules:
    members = without_notes(data["controller_members"])
    words = data["number_words"]
    return Rules(
        synonyms={str(k): str(v) for k, v in without_notes(data["synonyms"]).items()},
        highways=tuple(str(h) for h in data["highways"]["always"]),
        controller_members={str(k): frozenset(str(m) for m in v) for k, v in members.items()},
        victim_rules=tuple(_victim_rule(item) for item in data["victim_groups"]["rules"]),
        numbers={str(k): int(v) for k, v in words["numbers"].items()},
        scales={str(k): int(v) for k, v in words["scales"].items()},
        pair_kinds=tuple(_pair_kind(str(k), v) for k, v in without_notes(data["pair_kinds"]).items()),
        event_families={str(k): _event_family(v) for k, v in without_notes(data["event_families"]).items()},
        report_columns={str(k): tuple(str(p) for p in v) for k, v in without_notes(data["report_columns"]).items()},
    )


@cache
def load_rules() -> Rules:
    path = resources.ontology_dir() / RULES_FILE
    try:
        return parse_rules(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise DataError(f"{path}: cannot read the evaluation rules ({err}); restore the file") from None
