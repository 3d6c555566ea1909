"""Precision and recall of extracted events against hand-made expectations (a TSV file), read
straight from the extractions of the articles rather than from a graph: the test of the event
patterns on the seeds. The analyst's measure of a graph against a gold file is `run.evaluate`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.build.pipeline.events import Event
from kg.build.pipeline.extract import Extraction, Resources
from kg.evaluation.rules import load_rules


@dataclass(frozen=True)
class Expected:
    article: str
    type: str
    place: str
    new: str
    previous: str
    killed: str
    date: str


@dataclass(frozen=True)
class Score:
    family: str
    expected: int
    extracted: int
    found: int  # expectations met
    correct: int  # extracted events that meet an expectation

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def read_expectations(path: Path) -> list[Expected]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [Expected(*row) for row in rows]


def _labels(event: Event, role: str, res: Resources, ex: Extraction) -> set[str]:
    labels = set()
    for iri in event.entities.get(role, []):
        entity = res.gazetteer.entities.get(iri) or ex.discovered.get(iri)
        labels.add(entity.label if entity else iri)
    return labels


def meets(event: Event, want: Expected, res: Resources, ex: Extraction) -> bool:
    if ex.article.id != want.article or event.type != want.type:
        return False
    checks = [("place", want.place), ("newController", want.new), ("previousController", want.previous)]
    if any(value != "-" and value not in _labels(event, role, res, ex) for role, value in checks):
        return False
    if want.killed != "-":
        quantity = event.quantities.get("killed")
        if quantity is None or want.killed not in (str(quantity.value), quantity.text.lower()):
            return False
    if want.date == "-":
        return True
    return bool(event.time and event.time.value and event.time.value.isoformat() == want.date)


def score(extractions: list[Extraction], expectations: list[Expected], res: Resources) -> list[Score]:
    scores = []
    for name, family in load_rules().event_families.items():
        wanted = [w for w in expectations if w.type in family.types]
        events = [(e, ex) for ex in extractions for e in ex.events
                  if e.type in family.types and (family.quantity is None or family.quantity in e.quantities)]
        found = sum(any(meets(e, w, res, ex) for e, ex in events) for w in wanted)
        correct = sum(any(meets(e, w, res, ex) for w in wanted) for e, ex in events)
        scores.append(Score(name, len(wanted), len(events), found, correct))
    return scores
