"""The evaluation's fixed data: synonyms, highways, group members, victim groups, number words."""

from __future__ import annotations

import pytest

from kg.evaluation.rules import VictimRule, load_rules, parse_rules

DATA = {
    "synonyms": {"_about": "skipped", "Syrian Arab Army": "Syrian government"},
    "highways": {"always": ["M4", "M5"]},
    "controller_members": {"_about": "skipped", "Syrian rebels": ["Syrian National Army", "National Front"]},
    "victim_groups": {"rules": [{"group": "civilians", "alternatives": [["Civilian"]], "rows": True},
                                {"group": "mixed", "alternatives": [["both sides"], ["turkish", "syrian"]]}]},
    "number_words": {"numbers": {"two": 2}, "scales": {"hundred": 100}},
}


def test_the_rules_parsed() -> None:
    rules = parse_rules(DATA)
    assert rules.synonyms == {"Syrian Arab Army": "Syrian government"}
    assert rules.highways == ("M4", "M5")
    assert rules.controller_members == {"Syrian rebels": frozenset({"Syrian National Army", "National Front"})}
    assert rules.victim_rules[0] == VictimRule("civilians", (("civilian",),), rows=True)
    assert (rules.numbers, rules.scales) == ({"two": 2}, {"hundred": 100})


def test_a_victim_rule_applies_when_all_words_of_an_alternative_occur() -> None:
    mixed = parse_rules(DATA).victim_rules[1]
    assert mixed.applies("fighters on both sides")
    assert mixed.applies("Turkish soldiers and Syrian fighters")
    assert not mixed.applies("Turkish soldiers")


def test_a_section_missing_is_an_error() -> None:
    with pytest.raises(KeyError):
        parse_rules({k: v for k, v in DATA.items() if k != "highways"})


def test_the_shipped_rules_read() -> None:
    rules = load_rules()
    assert rules.highways and rules.numbers and all(isinstance(v, int) for v in rules.scales.values())
