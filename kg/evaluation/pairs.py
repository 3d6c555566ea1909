"""Relations scored as sets of pairs over the whole set of articles: the pairs the query gives
(labels mapped to gold names) against the gold's. A pair the gold holds only as optional
counts neither for nor against; one it holds as required anywhere is required."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.evaluation.figures import FALSE_POSITIVE, MISSED, Figure, Finding, Row, Scored
from kg.evaluation.gold import PairEntry
from kg.evaluation.names import NameMap
from kg.evaluation.rules import PairKind

Key = tuple[str, str]


@dataclass(frozen=True)
class PairQuery:
    """A pair kind's canned query, and for a kind scored per highway the one highway it is run
    for: the gold's name of it (rows of another highway are left out) and the name as written,
    which the query is given."""

    pairs: PairKind
    highway: str | None = None
    highway_name: str | None = None

    @property
    def kind(self) -> str:
        return self.pairs.kind

    @property
    def label(self) -> str:
        return f"{self.pairs.label} {self.highway}" if self.highway else self.pairs.label

    @property
    def params(self) -> dict[str, str]:
        name = self.highway_name or self.highway
        return {self.pairs.highway_parameter: name} if name else {}


def shown(pairs: PairKind, key: Key) -> str:
    return (" <-> " if pairs.symmetric else " -> ").join(key)


def pair_key(pairs: PairKind, first: str, second: str) -> Key:
    return (min(first, second), max(first, second)) if pairs.symmetric else (first, second)


def _gold_pairs(query: PairQuery, entries: Sequence[PairEntry], names: NameMap) -> dict[Key, list[PairEntry]]:
    found: dict[Key, list[PairEntry]] = {}
    for entry in entries:
        if entry.kind == query.kind:
            key = pair_key(query.pairs, names.to_gold(entry.first), names.to_gold(entry.second))
            if query.highway is None or query.highway in key:
                found.setdefault(key, []).append(entry)
    return found


def _row_pairs(query: PairQuery, rows: Sequence[Row], names: NameMap) -> dict[Key, list[Row]]:
    found: dict[Key, list[Row]] = {}
    first, second, column = query.pairs.first, query.pairs.second, query.pairs.highway_column
    for row in rows:
        if first not in row or second not in row:
            continue
        if query.highway and column and column in row and names.to_gold(row[column]) != query.highway:
            continue
        key = pair_key(query.pairs, names.to_gold(row[first]), names.to_gold(row[second]))
        found.setdefault(key, []).append(row)
    return found


def _sources(rows: Sequence[Row]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for row in rows for s in row.get("sources", "").split()))


def _statements(query: PairQuery, rows: Sequence[Row]) -> tuple[tuple[str, str], ...]:
    """The (subject, object) labels of the rows: the query's columns are in statement order."""
    return tuple(dict.fromkeys((row[query.pairs.first], row[query.pairs.second]) for row in rows))


def score_pairs(query: PairQuery, rows: Sequence[Row], entries: Sequence[PairEntry], names: NameMap) -> Scored:
    wanted = _gold_pairs(query, entries, names)
    required = {k for k, found in wanted.items() if any(not e.optional for e in found)}
    optional = set(wanted) - required
    got = _row_pairs(query, rows, names)
    counted = set(got) - optional
    correct = counted & required
    figure = Figure(query.kind, query.label, len(correct), len(counted), len(correct), len(required))
    findings = [Finding(query.label, FALSE_POSITIVE, shown(query.pairs, k), _sources(got[k]), relation=query.kind,
                        statements=_statements(query, got[k])) for k in sorted(counted - required)]
    findings += [_miss(query, k, wanted[k]) for k in sorted(required - set(got))]
    return Scored((figure,), tuple(findings))


def _miss(query: PairQuery, key: Key, entries: list[PairEntry]) -> Finding:
    articles = tuple(dict.fromkeys(a for e in entries for a in e.articles))
    evidence = next(((e.articles[0] if e.articles else "", e.evidence) for e in entries if e.evidence), None)
    return Finding(query.label, MISSED, shown(query.pairs, key), articles,
                   sentences=(evidence,) if evidence else (), relation=query.kind)
