"""Control changes: a report matches a gold entry of the same article with the same place and
the same new controller (one of the gold's alternatives, or a member of the gold's group, will
do; a gold entry without a new controller is matched by a report without one). The date is
a second, stricter figure. A gold place that is not a named entity of the gold cannot be a
place in the graph: the entry is unscorable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.evaluation.figures import Row, Scored
from kg.evaluation.gold import ReportEntry
from kg.evaluation.names import NameMap
from kg.evaluation.reports import (
    GoldReport,
    RowReport,
    dated_count,
    figure,
    findings,
    match_reports,
)
from kg.evaluation.rules import Rules
from kg.evaluation.schema import strings

LABEL = "control changes"
DATED_LABEL = "control changes with date"
NOBODY = "(none)"


@dataclass(frozen=True)
class ControlGold(GoldReport):
    place: str
    controllers: frozenset[str | None]


@dataclass(frozen=True)
class ControlRow(RowReport):
    place: str
    controller: str | None


def control_gold(entry: ReportEntry, names: NameMap, entities: frozenset[str], rules: Rules) -> ControlGold:
    fields = entry.fields
    named = fields.get("new_controller")
    controllers: set[str | None] = {None}
    if named:
        controllers = {names.to_gold(c) for c in [named, *strings(fields.get("new_controller_alternatives"))] if c}
        controllers |= rules.controller_members.get(names.to_gold(named), frozenset())
    place = names.to_gold(fields["place"])
    when = fields.get("date") or fields.get("date_text") or "-"
    desc = f"{fields['place']} -> {named or NOBODY} (date {when})"
    return ControlGold(entry.article, fields, desc, entry.optional, place in entities, place, frozenset(controllers))


def control_row(row: Row, names: NameMap) -> ControlRow:
    label = row.get("newControllerLabel")
    place = row.get("placeLabel", "")
    desc = (f"{place} -> {label or NOBODY} ({row.get('kind', 'control change')}; date {row.get('date') or '-'}; "
            f"claimed by {row.get('claimedByLabel') or '-'})")
    return ControlRow(row.get("articleId", ""), row.get("date"), desc, row, names.to_gold(place),
                      names.to_gold(label) if label else None)


def _matches(row: ControlRow, gold: ControlGold) -> bool:
    return row.article == gold.article and row.place == gold.place and row.controller in gold.controllers


def score_control(rows: Sequence[Row], entries: Sequence[ReportEntry], articles: frozenset[str],
                  names: NameMap, entities: frozenset[str], rules: Rules) -> Scored:
    every = [control_gold(e, names, entities, rules) for e in entries]
    golds = [g for g in every if g.scorable]
    reports = [control_row(r, names) for r in rows if r.get("articleId") in articles]
    matching = match_reports(reports, golds, _matches, _matches)
    figures = (figure("control", LABEL, matching, len(matching.found)),
               figure("control_dated", DATED_LABEL, matching, dated_count(matching, reports, golds)))
    unscorable = [g for g in every if not g.scorable]
    return Scored(figures, tuple(findings(LABEL, matching, reports, golds, unscorable, dates=True)))
