"""The evaluation's fixed data, read from `ontology/evaluation.json`: synonyms, the highways
always scored, the members a controller stands for, victim groups from words, number words."""

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
class Rules:
    synonyms: Mapping[str, str]
    highways: tuple[str, ...]
    controller_members: Mapping[str, frozenset[str]]
    victim_rules: tuple[VictimRule, ...]
    numbers: Mapping[str, int]
    scales: Mapping[str, int]


def _victim_rule(item: Mapping[str, Any]) -> VictimRule:
    alternatives = tuple(tuple(str(w).lower() for w in words) for words in item["alternatives"])
    return VictimRule(str(item["group"]), alternatives, bool(item.get("rows", False)))


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
    )


@cache
def load_rules() -> Rules:
    path = resources.ontology_dir() / RULES_FILE
    try:
        return parse_rules(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise DataError(f"{path}: cannot read the evaluation rules ({err}); restore the file") from None
