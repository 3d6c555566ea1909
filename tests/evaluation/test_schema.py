"""Checks on the shape of a gold file, each failure naming the place in the file."""

from __future__ import annotations

import pytest

from kg.common.errors import InputError
from kg.evaluation.schema import Where, optional_flag, strings, text_of


def test_a_place_in_the_file_is_written_as_a_path() -> None:
    where = Where("gold.json").at("articles").at(2).at("control_changes").at(0).at("place")
    assert where.path == "articles[2].control_changes[0].place"


def test_a_failure_names_the_file_and_the_place() -> None:
    with pytest.raises(InputError) as caught:
        Where("gold.json").at("articles").at(1).string("")
    assert str(caught.value).startswith("gold.json: articles[1] is not a name or text; see ")
    with pytest.raises(InputError, match="gold.json: the gold file is not a list"):
        list(Where("gold.json").items({}))


def test_items_and_rows_yield_each_entry_with_its_place() -> None:
    where = Where("gold.json", "backs")
    assert [(w.path, v) for w, v in where.items([{"pair": ["a", "b"]}])] == [("backs[0]", {"pair": ["a", "b"]})]
    assert [(w.path, v) for w, v in where.rows([["SDF", "Raqqa"]])] == [("backs[0]", ["SDF", "Raqqa"])]
    with pytest.raises(InputError, match=r"backs\[1\] is not an object"):
        list(where.items([{}, "Manbij"]))
    with pytest.raises(InputError, match=r"backs\[0\] is not a list"):
        list(where.rows([["SDF"]]))


def test_optional_or_only_a_strong_reading() -> None:
    assert optional_flag({"optional": True}) and optional_flag({"strength": "strong_reading"})
    assert not optional_flag({}) and not optional_flag({"strength": "stated"})


def test_strings_and_the_first_text() -> None:
    assert strings("Mosul") == ["Mosul"] and strings(["Mosul", 3, "Ramadi"]) == ["Mosul", "Ramadi"]
    assert strings(None) == [] and strings(7) == []
    assert text_of(["First sentence.", "Second."]) == "First sentence." and text_of(None) is None
