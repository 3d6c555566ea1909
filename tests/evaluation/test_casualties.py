"""Casualty reports scored against the gold: same article, victim group and number killed."""

from __future__ import annotations

from kg.evaluation.casualties import LABEL, gold_group, score_casualties
from kg.evaluation.figures import FALSE_POSITIVE, MISSED, Figure
from kg.evaluation.gold import ReportEntry
from kg.evaluation.names import NameMap
from kg.evaluation.rules import Rules, parse_rules

RULES: Rules = parse_rules({
    "synonyms": {}, "highways": {"always": []}, "controller_members": {},
    "victim_groups": {"rules": [
        {"group": "civilians", "alternatives": [["civilian"]], "rows": True},
        {"group": "Iraq", "alternatives": [["iraqi", "soldiers"], ["iraqi", "troops"]]},
    ]},
    "number_words": {"numbers": {"five": 5, "twelve": 12}, "scales": {"hundred": 100}},
    "pair_kinds": {}, "event_families": {}, "report_columns": {},
})
NAMES = NameMap({"iraqi army": "Iraq"}, {}, {})
ARTICLES = frozenset({"fallujah"})


def _row(killed: str | None, text: str, victims: str = "", group: str = "") -> dict[str, str]:
    row = {"articleId": "fallujah", "killedText": text, "victims": victims}
    if killed is not None:
        row["killed"] = killed
    if group:
        row["victimGroupLabel"] = group
    return row


def _score(rows: list[dict[str, str]], *golds: dict[str, object]) -> tuple[Figure, list[tuple[str, str]]]:
    scored = score_casualties(rows, [ReportEntry("fallujah", g) for g in golds], ARTICLES, NAMES, RULES)
    (figure,) = scored.figures
    return figure, [(f.status, f.item) for f in scored.findings]


def test_the_gold_group_from_its_side_or_its_victims_words() -> None:
    assert gold_group({"victim_side": "Islamic State", "victims": "civilians"}, RULES) == "Islamic State"
    assert gold_group({"victims": "five Iraqi soldiers"}, RULES) == "Iraq"
    assert gold_group({"victims": "fighters"}, RULES) is None


def test_a_count_of_a_named_group_matches() -> None:
    figure, findings = _score([_row("5", "five", "Iraqi soldiers", "Iraqi army")],
                              {"victims": "Iraqi soldiers", "count": 5})
    assert figure == Figure("casualties", LABEL, 1, 1, 1, 1) and findings == []


def test_a_count_in_words_or_with_a_qualifier_matches_the_figure() -> None:
    figure, _ = _score([_row("12", "at least 12", "civilians")], {"victims": "civilians", "count": "at least twelve"})
    assert figure.correct == 1


def test_a_phrase_without_a_number_matches_by_its_first_word() -> None:
    figure, _ = _score([_row(None, "dozens", "civilians")], {"victims": "civilians", "count": "dozens of civilians"})
    assert figure.correct == 1


def test_unnamed_victims_match_the_start_of_the_gold_victims() -> None:
    figure, _ = _score([_row("5", "five", "fighters")], {"victims": "fighters on both sides", "count": "five"})
    assert figure.correct == 1


def test_another_number_is_a_false_positive_and_a_miss() -> None:
    figure, findings = _score([_row("12", "12", "civilians")], {"victims": "civilians", "count": 5})
    assert figure == Figure("casualties", LABEL, 0, 1, 0, 1)
    assert [status for status, _ in findings] == [FALSE_POSITIVE, MISSED]
    assert findings[1][1].startswith("5 civilians (group civilians")


def test_no_gold_count_wants_no_figure() -> None:
    assert _score([_row(None, "", "civilians")], {"victims": "civilians"})[0].correct == 1
    assert _score([_row("3", "3", "civilians")], {"victims": "civilians"})[0].correct == 0
