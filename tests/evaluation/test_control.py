"""Control changes scored against the gold: same article, place and new controller; the date apart."""

from __future__ import annotations

from kg.evaluation.control import DATED_LABEL, LABEL, score_control
from kg.evaluation.figures import DUPLICATE, FALSE_POSITIVE, MISSED, UNSCORABLE, WRONG_DATE, Figure
from kg.evaluation.gold import ReportEntry
from kg.evaluation.names import NameMap
from kg.evaluation.reports import date_agrees
from kg.evaluation.rules import Rules, parse_rules

RULES: Rules = parse_rules({
    "synonyms": {}, "highways": {"always": []},
    "controller_members": {"Syrian rebels": ["Syrian National Army"]},
    "victim_groups": {"rules": []}, "pair_kinds": {}, "event_families": {}, "report_columns": {}, "number_words": {"numbers": {}, "scales": {}},
})
NAMES = NameMap({"islamic state": "ISIS"}, {}, {})
PLACES = frozenset({"Mosul", "Ramadi", "Afrin", "Tabqa"})
ARTICLES = frozenset({"mosul", "afrin"})


def _row(article: str, place: str, controller: str | None, date: str | None = None) -> dict[str, str]:
    row = {"articleId": article, "placeLabel": place}
    if controller:
        row["newControllerLabel"] = controller
    if date:
        row["date"] = date
    return row


def test_a_change_found_with_its_date_and_one_missed() -> None:
    entries = [ReportEntry("mosul", {"place": "Mosul", "new_controller": "Iraq", "date": "2017-07-10"}),
               ReportEntry("mosul", {"place": "Ramadi", "new_controller": "Iraq"})]
    scored = score_control([_row("mosul", "Mosul", "Iraq", "2017-07-10")], entries, ARTICLES, NAMES, PLACES, RULES)
    assert scored.figures == (Figure("control", LABEL, 1, 1, 1, 2), Figure("control_dated", DATED_LABEL, 1, 1, 1, 2))
    assert [(f.status, f.item) for f in scored.findings] == [(MISSED, "Ramadi -> Iraq (date -)")]


def test_a_member_of_the_gold_group_takes_the_place_for_it() -> None:
    entries = [ReportEntry("afrin", {"place": "Afrin", "new_controller": "Syrian rebels", "date": "2018-03-18"})]
    scored = score_control([_row("afrin", "Afrin", "Syrian National Army", "2018-03-18")], entries, ARTICLES, NAMES,
                           PLACES, RULES)
    assert scored.figures[0].correct == 1


def test_another_date_counts_for_the_change_not_for_its_date() -> None:
    entries = [ReportEntry("mosul", {"place": "Mosul", "new_controller": "Iraq", "date": "2017-07-10"})]
    scored = score_control([_row("mosul", "Mosul", "Iraq", "2017-07-09")], entries, ARTICLES, NAMES, PLACES, RULES)
    assert [(f.kind, f.correct) for f in scored.figures] == [("control", 1), ("control_dated", 0)]
    assert [f.status for f in scored.findings] == [WRONG_DATE]


def test_a_wrong_controller_is_a_false_positive_and_a_repeat_is_not_counted() -> None:
    entries = [ReportEntry("mosul", {"place": "Mosul", "new_controller": "Iraq"})]
    rows = [_row("mosul", "Mosul", "Iraq"), _row("mosul", "Mosul", "Iraq"), _row("mosul", "Mosul", "Islamic State")]
    scored = score_control(rows, entries, ARTICLES, NAMES, PLACES, RULES)
    assert scored.figures[0] == Figure("control", LABEL, 1, 2, 1, 1)
    assert [f.status for f in scored.findings] == [DUPLICATE, FALSE_POSITIVE]
    assert scored.findings[1].item.startswith("Mosul -> Islamic State")


def test_rows_of_other_articles_are_left_out_and_an_unnamed_place_is_unscorable() -> None:
    entries = [ReportEntry("mosul", {"place": "the old city", "new_controller": "Iraq"})]
    scored = score_control([_row("raqqa", "Raqqa", "SDF")], entries, ARTICLES, NAMES, PLACES, RULES)
    assert scored.figures[0] == Figure("control", LABEL, 0, 0, 0, 0)
    assert [f.status for f in scored.findings] == [UNSCORABLE]


def test_dates_agree_by_day_month_or_period() -> None:
    assert date_agrees({"date": "2017-07-10"}, "2017-07-10")
    assert not date_agrees({"date": "2017-07-10"}, "2017-07-11")
    assert date_agrees({"date": "2017-07"}, "2017-07-21")
    assert date_agrees({"date": "2017-07-10", "period": ["2017-07-01", "2017-07-15"]}, "2017-07-03")
    assert date_agrees({}, None) and date_agrees({"reported_on": "2017-07-12"}, "2017-07-12")
    assert not date_agrees({"date": "2017-07-10"}, None)
