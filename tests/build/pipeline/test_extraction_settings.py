"""The stages' settings: class settings, event settings and sub-event rules read from
ontology/patterns, and a data error naming the file when one is broken or missing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from kg.build.pipeline.extraction_settings import (
    ClassSettings,
    SubEventRule,
    load_class_settings,
    load_event_settings,
    load_sub_event_rules,
)
from kg.common import resources as paths
from kg.common.errors import DataError
from kg.common.namespaces import KG

PATTERNS = paths.patterns_dir()
EVENTS = PATTERNS / "event_settings.json"
RULES = PATTERNS / "sub_event_rules.ttl"
TYPOLOGY = "https://w3id.org/conflict-kg/typology/"
TURTLE = """@prefix kg: <https://w3id.org/conflict-kg/ontology#> .
@prefix kgt: <https://w3id.org/conflict-kg/typology/> .
"""


def _write(path: Path, content: object) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def _events_with(change: dict[str, Any]) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(EVENTS.read_text(encoding="utf-8"))
    for key, value in change.items():
        if value is None:
            del raw[key]
        else:
            raw[key] = value
    return raw


def _names_file(path: Path) -> str:
    return f"^{re.escape(str(path))}: "


def test_shipped_class_settings() -> None:
    settings = load_class_settings(PATTERNS / "class_settings.json")
    assert {"Town", "Village", "ArmedGroup"} <= settings.discovered_types
    assert settings.possessive_forces == {"State"}
    assert settings.victim_sides == ("State", "ArmedGroup")  # in the file's order
    assert settings.victim_bodies == ("Organisation",)
    assert "Settlement" in settings.nearest_first


def test_class_settings_left_out_are_empty(tmp_path: Path) -> None:
    assert load_class_settings(
        _write(tmp_path / "c.json", {"possessive_forces": ["State"]})
    ) == ClassSettings(possessive_forces=frozenset({"State"}))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"discovered_types": [', "cannot read the class settings"),
        ('["Town"]', r"cannot read the class settings \(not a JSON object\)"),
        ({"discovered_types": "Town"}, "discovered_types must be a list of names"),
        ({"victim_sides": ["State", 3]}, "victim_sides must be a list of names"),
    ],
    ids=["not-json", "not-an-object", "not-a-list", "not-names"],
)
def test_broken_class_settings_name_the_file(content: object, message: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "class_settings.json", content)
    with pytest.raises(DataError, match=_names_file(path) + message):
        load_class_settings(path)


def test_missing_settings_files_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.json"
    with pytest.raises(DataError, match=_names_file(missing) + "cannot read the class settings"):
        load_class_settings(missing)
    with pytest.raises(DataError, match=_names_file(missing) + "cannot read the event settings"):
        load_event_settings(missing, RULES)
    with pytest.raises(DataError, match=_names_file(missing) + "cannot read the sub-event rules"):
        load_event_settings(EVENTS, missing)


def test_shipped_sub_event_rules_in_list_order() -> None:
    assert load_sub_event_rules(RULES) == (
        SubEventRule(
            "ControlChange",
            "newController",
            "State",
            URIRef(TYPOLOGY + "acled-government-regains-territory"),
        ),
        SubEventRule(
            "ControlChange",
            "newController",
            "ArmedGroup",
            URIRef(TYPOLOGY + "acled-non-state-actor-overtakes-territory"),
        ),
    )


def test_sub_event_rules_keep_the_lists_order_not_the_alphabets(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "rules.ttl",
        TURTLE
        + """
        kg:ControlChange kg:subEventRules ( kgt:zulu kgt:alpha ) .
        kg:AirStrike kg:subEventRules ( kgt:strike ) .
        kgt:zulu kg:newControllerClass kg:State ; kg:note "not a rule" .
        kgt:alpha kg:newControllerClass kg:ArmedGroup ; <http://example.org/otherClass> kg:Person .
        kgt:strike kg:actorClass kg:State .
    """,
    )
    rules = load_sub_event_rules(path)
    assert [
        (r.event_type, r.role, r.cls, str(r.concept).removeprefix(TYPOLOGY)) for r in rules
    ] == [
        ("AirStrike", "actor", "State", "strike"),
        ("ControlChange", "newController", "State", "zulu"),
        ("ControlChange", "newController", "ArmedGroup", "alpha"),
    ]


def test_broken_sub_event_rules_name_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "rules.ttl", TURTLE + "kg:ControlChange kg:subEventRules ( kgt:a .\n")
    with pytest.raises(DataError, match=_names_file(path) + "cannot read the sub-event rules"):
        load_sub_event_rules(path)


def test_shipped_event_settings() -> None:
    settings = load_event_settings(EVENTS, RULES)
    assert settings.meta_events == {"Attribution", "Denial"}
    assert settings.identity_roles == (
        "place",
        "newController",
        "participant",
        "victimGroup",
        "target",
    )
    assert settings.substantive("AirStrike") == ("place", "killed")
    assert settings.substantive("NoSuchEvent") == settings.default_substantive_roles == ("place",)
    assert settings.counted_roles == ("killed", "injured")
    assert settings.taker_roles == {"newController", "actor"}
    assert settings.entity_properties["newController"] == KG.newController
    assert settings.quantity_properties["killed"] == (KG.killed, KG.killedText)
    assert settings.word_properties == {"victims": KG.victims}
    assert settings.attribute_properties["means"] == KG.means
    assert settings.sub_event_rules == load_sub_event_rules(RULES)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"meta_events": None}, "meta_events must name the attribution and the denial events"),
        (
            {"meta_events": {"attribution": "Attribution"}},
            "meta_events must name the attribution and the denial",
        ),
        ({"substantive_roles": ["place"]}, "substantive_roles must map event classes to roles"),
        ({"substantive_roles": {"AirStrike": "place"}}, "AirStrike must be a list of names"),
        (
            {"quantity_roles": {"killed": 1}},
            "quantity_roles must map each figure to the property of its words",
        ),
        ({"identity_roles": "place"}, "identity_roles must be a list of names"),
    ],
    ids=[
        "no-meta",
        "no-denial",
        "roles-not-a-map",
        "roles-not-a-list",
        "figure-not-a-name",
        "not-a-list",
    ],
)
def test_broken_event_settings_name_the_file(
    change: dict[str, Any], message: str, tmp_path: Path
) -> None:
    path = _write(tmp_path / "event_settings.json", _events_with(change))
    with pytest.raises(DataError, match=_names_file(path) + message):
        load_event_settings(path, RULES)


def test_sub_event_rules_that_are_not_a_list_are_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "rules.ttl"
    path.write_text(
        "@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n"
        "@prefix kgt: <https://w3id.org/conflict-kg/typology/> .\n"
        "kg:ControlChange kg:subEventRules kgt:acled-government-regains-territory .\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="must be a list") as err:
        load_sub_event_rules(path)
    assert str(err.value).startswith(f"{path}: ")
