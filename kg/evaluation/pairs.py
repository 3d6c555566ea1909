"""Relations scored as sets of pairs over the whole set of articles: the pairs the query gives
(labels mapped to gold names) against the gold's. A pair the gold holds only as optional
counts neither for nor against; one it holds as required anywhere is required."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.evaluation.figures import FALSE_POSITIVE, MISSED, Figure, Finding, Row, Scored
from kg.evaluation.gold import PairEntry
from kg.evaluation.names import NameMap

SYMMETRIC = frozenset({"allied"})  # the kinds whose pairs read both ways
HIGHWAY_COLUMN = "highwayLabel"
Key = tuple[str, str]


@dataclass(frozen=True)
class PairQuery:
    """A canned query read as pairs: its columns in the gold's order, and for lies_on the
    one highway it is run for: the gold's name of it (rows of another highway are left out)
    and the name as written, which the query is given."""

    kind: str
    label: str
    query: str
    first: str
    second: str
    highway: str | None = None
    highway_name: str | None = None

    @property
    def params(self) -> dict[str, str]:
        name = self.highway_name or self.highway
        return {"highway": name} if name else {}


def shown(kind: str, key: Key) -> str:
    return (" <-> " if kind in SYMMETRIC else " -> ").join(key)


def pair_key(kind: str, first: str, second: str) -> Key:
    return (min(first, second), max(first, second)) if kind in SYMMETRIC else (first, second)


def _gold_pairs(query: PairQuery, entries: Sequence[PairEntry], names: NameMap) -> dict[Key, list[PairEntry]]:
    found: dict[Key, list[PairEntry]] = {}
    for entry in entries:
        if entry.kind == query.kind:
            key = pair_key(query.kind, names.to_gold(entry.first), names.to_gold(entry.second))
            if query.highway is None or query.highway in key:
                found.setdefault(key, []).append(entry)
    return found


def _row_pairs(query: PairQuery, rows: Sequence[Row], names: NameMap) -> dict[Key, list[Row]]:
    found: dict[Key, list[Row]] = {}
    for row in rows:
        if query.first not in row or query.second not in row:
            continue
        if query.highway and HIGHWAY_COLUMN in row and names.to_gold(row[HIGHWAY_COLUMN]) != query.highway:
            continue
        key = pair_key(query.kind, names.to_gold(row[query.first]), names.to_gold(row[query.second]))
        found.setdefault(key, []).append(row)
    return found


def _sources(rows: Sequence[Row]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for row in rows for s in row.get("sources", "").split()))


def _statements(query: PairQuery, rows: Sequence[Row]) -> tuple[tuple[str, str], ...]:
    """The (subject, object) labels of the rows: the query's columns are in statement order."""
    return tuple(dict.fromkeys((row[query.first], row[query.second]) for row in rows))


def score_pairs(query: PairQuery, rows: Sequence[Row], entries: Sequence[PairEntry], names: NameMap) -> Scored:
    wanted = _gold_pairs(query, entries, names)
    required = {k for k, found in wanted.items() if any(not e.optional for e in found)}
    optional = set(wanted) - required
    got = _row_pairs(query, rows, names)
    counted = set(got) - optional
    correct = counted & required
    figure = Figure(query.kind, query.label, len(correct), len(counted), len(correct), len(required))
    findings = [Finding(query.label, FALSE_POSITIVE, shown(query.kind, k), _sources(got[k]), relation=query.kind,
                        statements=_statements(query, got[k])) for k in sorted(counted - required)]
    findings += [_miss(query, k, wanted[k]) for k in sorted(required - set(got))]
    return Scored((figure,), tuple(findings))


def _miss(query: PairQuery, key: Key, entries: list[PairEntry]) -> Finding:
    articles = tuple(dict.fromkeys(a for e in entries for a in e.articles))
    evidence = next(((e.articles[0] if e.articles else "", e.evidence) for e in entries if e.evidence), None)
    return Finding(query.label, MISSED, shown(query.kind, key), articles,
                   sentences=(evidence,) if evidence else (), relation=query.kind)
