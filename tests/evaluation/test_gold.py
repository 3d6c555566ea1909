"""An analyst's gold file in either layout, and the line that says what is wrong with a bad one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.common.errors import InputError
from kg.evaluation.gold import PairEntry, article_id, parse_gold, read_gold

ARTICLE_LAYOUT = {
    "synonyms": {"Iraqi Security Forces": "Iraq", "_about": "skipped"},
    "articles": [
        {
            "file": "Mosul Offensive.md",
            "entities": [{"name": "Iraq", "aliases": ["Iraqi forces"]}, {"name": "Mosul"}],
            "backs": [{"pair": ["United States", "Iraq"], "evidence": "US advisers backed Iraqi forces."}],
            "allied": [{"pair": ["Iraq", "Peshmerga"], "optional": True}],
            "control_changes": [{"place": "Mosul", "new_controller": "Iraq", "date": "2017-07-10"}],
            "casualties": [{"victims": "civilians", "count": "at least 12"}],
        },
        {"file": "ramadi.txt", "lies_on": [{"pair": ["Ramadi", "Highway 10"], "strength": "strong_reading"}]},
    ],
}

SECTION_LAYOUT = {
    "raqqa.md": {
        "backs": [["United States", "SDF", "The SDF is backed by the United States."]],
        "junction_of": [["Ain Issa", ["M4", "Raqqa road"]]],
        "control_changes": [{"place": "Tabqa", "new_controller": "SDF"}],
    },
    "all": {
        "connects": [["M4", "Manbij", {"articles": ["raqqa.md"]}]],
        "entities": [{"canonical": "SDF", "aliases": ["Syrian Democratic Forces"]}],
    },
}


def test_article_ids_are_those_kg_gives() -> None:
    assert article_id("Mosul Offensive.md") == "mosul-offensive"
    assert article_id("ramadi.txt") == "ramadi"


def test_the_article_layout() -> None:
    gold = parse_gold(ARTICLE_LAYOUT, "gold.json")
    assert gold.articles == ("mosul-offensive", "ramadi")
    assert gold.synonyms == {"Iraqi Security Forces": "Iraq"}
    assert [(e.name, e.aliases) for e in gold.entities] == [("Iraq", ("Iraqi forces",)), ("Mosul", ())]
    assert gold.pairs == (
        PairEntry("backs", "United States", "Iraq", False, ("mosul-offensive",), "US advisers backed Iraqi forces."),
        PairEntry("allied", "Iraq", "Peshmerga", True, ("mosul-offensive",), None),
        PairEntry("lies_on", "Ramadi", "Highway 10", True, ("ramadi",), None),
    )
    (control,) = gold.control_changes
    assert (control.article, control.fields["place"], control.optional) == ("mosul-offensive", "Mosul", False)
    assert gold.casualties[0].fields["count"] == "at least 12"
    assert gold.seconds("lies_on") == ("Highway 10",)


def test_the_section_layout_with_an_all_section() -> None:
    gold = parse_gold(SECTION_LAYOUT, "gold.json")
    assert gold.articles == ("raqqa",)
    # relations come from the `all` section when there is one
    assert gold.pairs == (PairEntry("connects", "M4", "Manbij", False, ("raqqa",), None),)
    assert [e.name for e in gold.entities] == ["SDF"]
    assert [c.fields["place"] for c in gold.control_changes] == ["Tabqa"]


def test_a_junction_lies_on_each_of_its_roads() -> None:
    gold = parse_gold({"raqqa.md": SECTION_LAYOUT["raqqa.md"]}, "gold.json")
    assert [(p.kind, p.first, p.second) for p in gold.pairs] == [
        ("backs", "United States", "SDF"), ("lies_on", "Ain Issa", "M4"), ("lies_on", "Ain Issa", "Raqqa road")]
    assert gold.pairs[0].evidence == "The SDF is backed by the United States."
    assert gold.seconds("lies_on") == ("M4", "Raqqa road")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "the gold file is not a JSON object"),
        ({"notes": 1}, "has neither an 'articles' list"),
        ({"articles": [{"file": "a.md", "backs": [{"pair": ["SDF"]}]}]}, "articles[0].backs[0].pair is not a list of two names"),
        ({"articles": [{"file": "a.md", "control_changes": [{"new_controller": "SDF"}]}]},
         "articles[0].control_changes[0].place is not a name or text"),
        ({"articles": [{"file": "a.md", "casualties": [{"count": True}]}]},
         "articles[0].casualties[0].count is neither a number nor a phrase"),
        ({"a.md": {"backs": [["SDF"]]}}, "a.md.backs[0] is not a list [a, b, ...]"),
        ({"synonyms": [], "articles": []}, "synonyms is not an object"),
    ],
)
def test_a_bad_gold_file_says_where(data: object, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        parse_gold(data, "gold.json")
    assert str(caught.value).startswith("gold.json: ")


def test_a_gold_file_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(ARTICLE_LAYOUT), encoding="utf-8")
    assert read_gold(path).articles == ("mosul-offensive", "ramadi")


def test_a_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text('{\n  "articles": [,]\n}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_gold(path)
    assert (caught.value.line, caught.value.column) == (2, 16)  # the comma
    assert "not JSON" in str(caught.value)


def test_a_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the gold file"):
        read_gold(tmp_path / "absent.json")
