"""The evaluation's fixed data: synonyms, highways, group members, victim groups, number words."""

from __future__ import annotations

import pytest

from kg.evaluation.rules import EventFamily, PairKind, VictimRule, load_rules, parse_rules

DATA = {
    "synonyms": {"_about": "skipped", "Syrian Arab Army": "Syrian government"},
    "highways": {"always": ["M4", "M5"]},
    "controller_members": {"_about": "skipped", "Syrian rebels": ["Syrian National Army", "National Front"]},
    "victim_groups": {"rules": [{"group": "civilians", "alternatives": [["Civilian"]], "rows": True},
                                {"group": "mixed", "alternatives": [["both sides"], ["turkish", "syrian"]]}]},
    "number_words": {"numbers": {"two": 2}, "scales": {"hundred": 100}},
    "pair_kinds": {"_about": "skipped",
                   "backs": {"query": "who-backs-whom", "columns": ["backerLabel", "backedLabel"], "property": "backs"},
                   "allied": {"query": "alliances", "columns": ["aLabel", "bLabel"], "property": "alliedWith",
                              "symmetric": True},
                   "lies_on": {"query": "what-lies-on", "columns": ["placeLabel", "highwayLabel"],
                               "property": "liesOn", "highway_column": "highwayLabel", "label": "lies on"}},
    "event_families": {"casualties": {"types": ["Casualties", "AirStrike"], "quantity": "killed"},
                       "control changes": {"types": ["ControlChange"]}},
    "report_columns": {"placeLabel": ["place"], "newControllerLabel": ["newController", "actor"]},
}


def test_the_rules_parsed() -> None:
    rules = parse_rules(DATA)
    assert rules.synonyms == {"Syrian Arab Army": "Syrian government"}
    assert rules.highways == ("M4", "M5")
    assert rules.controller_members == {"Syrian rebels": frozenset({"Syrian National Army", "National Front"})}
    assert rules.victim_rules[0] == VictimRule("civilians", (("civilian",),), rows=True)
    assert (rules.numbers, rules.scales) == ({"two": 2}, {"hundred": 100})


def test_the_pair_kinds_families_and_report_columns_parsed() -> None:
    rules = parse_rules(DATA)
    assert [k.kind for k in rules.pair_kinds] == ["backs", "allied", "lies_on"]
    assert rules.pair_kind("allied") == PairKind("allied", "allied", "alliances", "aLabel", "bLabel", "alliedWith",
                                                 symmetric=True)
    assert rules.pair_kind("lies_on").highway_column == "highwayLabel"
    assert rules.pair_kind("lies_on").label == "lies on"
    assert rules.event_families["casualties"] == EventFamily(frozenset({"Casualties", "AirStrike"}), "killed")
    assert rules.event_families["control changes"].quantity is None
    assert rules.report_columns["newControllerLabel"] == ("newController", "actor")


def test_the_shipped_pair_kinds_name_canned_queries_and_vocabulary_properties() -> None:
    from rdflib import Graph
    from rdflib.namespace import RDF

    from kg.common import resources
    from kg.common.namespaces import KG
    from kg.questions.query import get_query

    vocabulary = Graph().parse(resources.ontology_dir() / "kg.ttl")
    for pairs in load_rules().pair_kinds:
        select = get_query(pairs.query).text.split("SELECT", 1)[1].split("WHERE", 1)[0]
        assert f"?{pairs.first} " in select and f"?{pairs.second} " in select, pairs.query
        assert (KG[pairs.property], RDF.type, None) in vocabulary, pairs.property


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
