"""Reports scored one to one: each row of the query (one report of one article) is matched to
at most one gold entry of the same article, and each gold entry to at most one row.

Rows are taken in the query's order; a row takes the first free gold entry it matches, a
required entry before an optional one, and in a first pass only an entry whose date agrees
too. A row that matches only entries already taken repeats a report (the tool split one
report in two) and is listed but not counted; a row matching an optional entry is not counted
either. Unscorable gold entries are listed and counted nowhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from kg.evaluation.figures import (
    DUPLICATE,
    FALSE_POSITIVE,
    MISSED,
    OPTIONAL_MATCH,
    UNSCORABLE,
    WRONG_DATE,
    Figure,
    Finding,
)


@dataclass(frozen=True)
class GoldReport:
    article: str
    fields: Mapping[str, Any]
    desc: str
    optional: bool
    scorable: bool


@dataclass(frozen=True)
class RowReport:
    article: str
    date: str | None
    desc: str
    row: Mapping[str, str]


G = TypeVar("G", bound=GoldReport)
R = TypeVar("R", bound=RowReport)


def date_agrees(fields: Mapping[str, Any], found: str | None) -> bool:
    """A day must be that day; a week or period with its bounds, a day inside them; a month
    (YYYY-MM), a day in it; no date, no date or the day the claim was reported."""
    day, period = fields.get("date"), fields.get("period")
    if day is None:
        return found is None or found == fields.get("reported_on")
    if found is None:
        return False
    if isinstance(period, list) and len(period) == 2:
        return bool(period[0] <= found <= period[1]) or found == day
    if len(day) == 7:
        return found.startswith(day)
    return bool(found == day)


@dataclass(frozen=True)
class Matching:
    taken: Mapping[int, int]  # gold entry -> row
    required: tuple[int, ...]
    false_positives: tuple[int, ...]
    duplicates: tuple[int, ...]

    @property
    def found(self) -> list[int]:
        return [j for j in self.required if j in self.taken]


def _first_free(row: R, golds: Sequence[G], taken: Mapping[int, int], match: Callable[[R, G], bool],
                dated: bool) -> int | None:
    for optional in (False, True):
        for j, gold in enumerate(golds):
            if j not in taken and gold.optional == optional and match(row, gold) and (
                    not dated or date_agrees(gold.fields, row.date)):
                return j
    return None


def match_reports(rows: Sequence[R], golds: Sequence[G], match: Callable[[R, G], bool],
                  repeats: Callable[[R, G], bool]) -> Matching:
    taken: dict[int, int] = {}
    for dated in (True, False):
        for i, row in enumerate(rows):
            if i in taken.values():
                continue
            j = _first_free(row, golds, taken, match, dated)
            if j is not None:
                taken[j] = i
    left = [i for i in range(len(rows)) if i not in taken.values()]
    duplicates = tuple(i for i in left if any(repeats(rows[i], golds[j]) for j in taken))
    false_positives = tuple(i for i in left if i not in duplicates)
    required = tuple(j for j, gold in enumerate(golds) if not gold.optional)
    return Matching(taken, required, false_positives, duplicates)


def figure(kind: str, label: str, matching: Matching, found: int) -> Figure:
    counted = len(matching.found) + len(matching.false_positives)
    return Figure(kind, label, found, counted, found, len(matching.required))


def dated_count(matching: Matching, rows: Sequence[R], golds: Sequence[G]) -> int:
    return sum(date_agrees(golds[j].fields, rows[matching.taken[j]].date) for j in matching.found)


def findings(label: str, matching: Matching, rows: Sequence[R], golds: Sequence[G],
             unscorable: Sequence[G], dates: bool) -> list[Finding]:
    """The findings behind the figure; with `dates`, the matches whose date disagrees too."""
    def of_row(status: str, i: int) -> Finding:
        return Finding(label, status, rows[i].desc, (rows[i].article,), (dict(rows[i].row),))

    def of_gold(status: str, gold: G) -> Finding:
        evidence = gold.fields.get("evidence")
        sentence = evidence[0] if isinstance(evidence, list) and evidence else evidence
        said = ((gold.article, sentence),) if isinstance(sentence, str) else ()
        return Finding(label, status, gold.desc, (gold.article,), sentences=said)

    found = [of_gold(UNSCORABLE, g) for g in unscorable]
    found += [of_row(OPTIONAL_MATCH, i) for j, i in matching.taken.items() if golds[j].optional]
    found += [of_row(DUPLICATE, i) for i in matching.duplicates]
    found += [of_row(FALSE_POSITIVE, i) for i in matching.false_positives]
    found += [of_gold(MISSED, golds[j]) for j in matching.required if j not in matching.taken]
    found += [Finding(label, WRONG_DATE, f"{rows[matching.taken[j]].desc}; gold {golds[j].desc}",
                      (golds[j].article,), (dict(rows[matching.taken[j]].row),))
              for j in matching.found
              if dates and not date_agrees(golds[j].fields, rows[matching.taken[j]].date)]
    return found
