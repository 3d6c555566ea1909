"""What an evaluation reports: a precision and recall per kind, and the findings behind them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Row = dict[str, str]  # one row of a canned query: variable -> value, unbound variables left out

FALSE_POSITIVE = "false positive"
MISSED = "missed"
DUPLICATE = "duplicate (not counted)"
UNSCORABLE = "unscorable (the place is not a named entity)"
OPTIONAL_MATCH = "matched an optional entry (not counted)"
WRONG_DATE = "matched, other date"


@dataclass(frozen=True)
class Figure:
    """Precision = correct / counted rows; recall = found / required gold entries. An empty
    count gives precision 0 and an empty gold recall 1, as the shared scorer has it."""

    kind: str
    label: str
    correct: int
    counted: int
    found: int
    required: int

    @property
    def precision(self) -> float:
        return self.correct / self.counted if self.counted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0


def pooled(kind: str, label: str, figures: Iterable[Figure]) -> Figure:
    """Micro-averaged: the counts of the figures summed."""
    parts = list(figures)
    return Figure(kind, label, sum(f.correct for f in parts), sum(f.counted for f in parts),
                  sum(f.found for f in parts), sum(f.required for f in parts))


@dataclass(frozen=True)
class Finding:
    """A row or gold entry behind a figure that did not simply match: a false positive, a
    miss, a duplicate, an unscorable entry. `rows` are the report rows behind it; for a pair,
    `statements` the (subject, object) labels of the graph's statements and `relation` the
    gold kind; `sentences` (article, sentence) the evidence the graph gives, or for a miss
    the gold."""

    label: str
    status: str
    item: str
    articles: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    sentences: tuple[tuple[str, str], ...] = ()
    relation: str | None = None
    statements: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Scored:
    figures: tuple[Figure, ...]
    findings: tuple[Finding, ...] = field(default=())
