"""Casualty reports: a report matches a gold entry of the same article with the same victim
group and the same number killed.

The gold's group is its victim_side, else one read from its victims text by the rules of
`ontology/evaluation.json`. A report's group is its victim group (mapped to a gold name), else
one its victims text names (civilians); a report with neither matches when the gold's victims
text begins with the report's ("fighters" for "fighters on both sides"). The count: a gold
number, or the number a gold phrase states, must be the report's; a phrase without a number
("dozens") must have its first word in the report's figure; no gold count, no figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kg.evaluation.figures import Row, Scored
from kg.evaluation.gold import ReportEntry
from kg.evaluation.names import NameMap, fold
from kg.evaluation.numbers import number_in
from kg.evaluation.reports import GoldReport, RowReport, figure, findings, match_reports
from kg.evaluation.rules import Rules
from kg.evaluation.schema import strings

LABEL = "casualties"


@dataclass(frozen=True)
class CasualtyGold(GoldReport):
    group: str | None
    victims: str
    count: object


@dataclass(frozen=True)
class CasualtyRow(RowReport):
    group: str | None
    victims: str
    killed: int | None
    killed_text: str


def gold_group(fields: Mapping[str, Any], rules: Rules) -> str | None:
    if "victim_side" in fields:
        side = fields["victim_side"]
        return side if isinstance(side, str) else None
    text = fields.get("victims") or ""
    return next((rule.group for rule in rules.victim_rules if rule.applies(text)), None)


def casualty_gold(entry: ReportEntry, names: NameMap, rules: Rules) -> CasualtyGold:
    fields = entry.fields
    group = gold_group(fields, rules)
    by = ", ".join(strings(fields.get("perpetrator"))) or "-"
    when = fields.get("date") or fields.get("date_text") or "-"
    count = fields.get("count")
    desc = (f"{'(no figure)' if count is None else count} {fields.get('victims') or '-'} "
            f"(group {group or '-'}; by {by}; date {when})")
    return CasualtyGold(entry.article, fields, desc, entry.optional, True,
                        names.to_gold(group) if group else None, fields.get("victims") or "", fields.get("count"))


def _row_group(row: Row, names: NameMap, rules: Rules) -> str | None:
    label, victims = row.get("victimGroupLabel"), row.get("victims")
    if label:
        return names.to_gold(label)
    if victims:
        return next((r.group for r in rules.victim_rules if r.rows and r.applies(victims)), None)
    return None


def casualty_row(row: Row, names: NameMap, rules: Rules) -> CasualtyRow:
    killed = row.get("killed")
    victims = row.get("victims") or ""
    desc = (f"{row.get('killedText', '')} {victims or '-'} [group {row.get('victimGroupLabel') or '-'}] "
            f"({row.get('type', '')}; by {row.get('perpetratorLabel') or '-'}; date {row.get('date') or '-'})")
    return CasualtyRow(row.get("articleId", ""), row.get("date"), desc, row, _row_group(row, names, rules),
                       victims, int(float(killed)) if killed is not None else None, row.get("killedText") or "")


@dataclass(frozen=True)
class CasualtyRules:
    rules: Rules

    def count_agrees(self, row: CasualtyRow, gold: CasualtyGold) -> bool:
        stated = number_in(row.killed_text, self.rules)
        if gold.count is None:
            return row.killed is None and stated is None
        wanted = number_in(gold.count, self.rules)
        if wanted is not None:
            return row.killed == wanted or (row.killed is None and stated == wanted)
        words = fold(str(gold.count)).split()
        return bool(words) and words[0] in fold(row.killed_text).split()

    @staticmethod
    def victims_agree(row: CasualtyRow, gold: CasualtyGold) -> bool:
        if row.group is not None:
            return row.group == gold.group
        return bool(row.victims) and fold(gold.victims).startswith(fold(row.victims))

    def matches(self, row: CasualtyRow, gold: CasualtyGold) -> bool:
        return row.article == gold.article and self.victims_agree(row, gold) and self.count_agrees(row, gold)

    def repeats(self, row: CasualtyRow, gold: CasualtyGold) -> bool:
        """The same count in the same article, victims the same or not given."""
        unnamed = row.group is None and not row.victims
        return row.article == gold.article and self.count_agrees(row, gold) and (
            unnamed or self.victims_agree(row, gold))


def score_casualties(rows: Sequence[Row], entries: Sequence[ReportEntry], articles: frozenset[str],
                     names: NameMap, rules: Rules) -> Scored:
    golds = [casualty_gold(e, names, rules) for e in entries]
    reports = [casualty_row(r, names, rules) for r in rows if r.get("articleId") in articles]
    judge = CasualtyRules(rules)
    matching = match_reports(reports, golds, judge.matches, judge.repeats)
    found = figure("casualties", LABEL, matching, len(matching.found))
    return Scored((found,), tuple(findings(LABEL, matching, reports, golds, [], dates=False)))
