"""Reports matched one to one with gold entries: dated matches first, repeats and optional entries apart."""

from __future__ import annotations

from kg.evaluation.figures import DUPLICATE, FALSE_POSITIVE, MISSED, OPTIONAL_MATCH, Figure
from kg.evaluation.reports import GoldReport, RowReport, figure, findings, match_reports


def _gold(place: str, date: str | None = None, optional: bool = False) -> GoldReport:
    fields = {"place": place, **({"date": date} if date else {})}
    return GoldReport("mosul", fields, f"gold {place}", optional, True)


def _row(place: str, date: str | None = None) -> RowReport:
    return RowReport("mosul", date, f"row {place} {date or '-'}", {"placeLabel": place})


def _same_place(row: RowReport, gold: GoldReport) -> bool:
    return bool(row.row["placeLabel"] == gold.fields["place"])


def test_a_dated_row_takes_the_entry_of_its_date_before_an_earlier_row() -> None:
    golds = [_gold("Mosul", "2017-07-10"), _gold("Mosul", "2016-10-17")]
    rows = [_row("Mosul"), _row("Mosul", "2016-10-17")]
    matching = match_reports(rows, golds, _same_place, _same_place)
    assert dict(matching.taken) == {1: 1, 0: 0}
    assert matching.found == [0, 1]


def test_a_second_row_of_one_report_is_a_duplicate_not_a_false_positive() -> None:
    golds = [_gold("Ramadi")]
    rows = [_row("Ramadi"), _row("Ramadi"), _row("Fallujah")]
    matching = match_reports(rows, golds, _same_place, _same_place)
    assert (matching.duplicates, matching.false_positives) == ((1,), (2,))
    assert figure("control", "control changes", matching, len(matching.found)) == Figure(
        "control", "control changes", 1, 2, 1, 1)
    statuses = [f.status for f in findings("control changes", matching, rows, golds, [], dates=False)]
    assert statuses == [DUPLICATE, FALSE_POSITIVE]


def test_an_optional_entry_is_matched_last_and_not_counted() -> None:
    golds = [_gold("Tabqa", optional=True), _gold("Tabqa"), _gold("Raqqa")]
    rows = [_row("Tabqa"), _row("Tabqa")]
    matching = match_reports(rows, golds, _same_place, _same_place)
    assert dict(matching.taken) == {1: 0, 0: 1}
    assert matching.required == (1, 2)
    found = findings("control changes", matching, rows, golds, [], dates=False)
    assert [(f.status, f.item) for f in found] == [(OPTIONAL_MATCH, "row Tabqa -"), (MISSED, "gold Raqqa")]
