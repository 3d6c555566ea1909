"""The sentences behind a finding, as the graph records them: a statement's evidence (the
`evidence` query) for a pair, the sentence an event was read from for a report."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import SKOS

from kg.common.namespaces import ARTICLE, KG
from kg.evaluation.figures import MISSED, Finding
from kg.evaluation.rules import PairKind, Rules
from kg.questions.query import select_rows
from kg.store.bridge import raw_store

Sentence = tuple[str, str]  # article id, sentence

_REPORTED_IN = ox.NamedNode(str(KG.reportedIn))
_SENTENCE = ox.NamedNode(str(KG.sentence))
_TEXT = ox.NamedNode(str(KG.text))
_PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))


def with_sentences(dataset: Dataset, findings: tuple[Finding, ...], rules: Rules) -> tuple[Finding, ...]:
    """The findings, each false positive or duplicate with the sentences the graph gives it."""
    return tuple(replace(f, sentences=_sentences(dataset, f, rules)) if f.status != MISSED else f for f in findings)


def _sentences(dataset: Dataset, finding: Finding, rules: Rules) -> tuple[Sentence, ...]:
    found = [s for row in finding.rows for s in _event_sentences(dataset, row, rules.report_columns)]
    if finding.relation is not None:
        sources = set(finding.articles)
        found += [s for pair in finding.statements
                  for s in _statement_sentences(dataset, rules.pair_kind(finding.relation), pair, sources)]
    return tuple(dict.fromkeys(found))


def _statement_sentences(dataset: Dataset, pairs: PairKind, pair: tuple[str, str],
                         sources: set[str]) -> Iterator[Sentence]:
    first, second = pair
    orders = [(first, second), (second, first)] if pairs.symmetric else [(first, second)]
    for subject, obj in orders:
        for row in select_rows(dataset, "evidence", subject=subject, predicate=pairs.property, object=obj):
            source, sentence = row["sourceId"], row["sentence"]
            if source and sentence and (not sources or source in sources):
                yield source, sentence


def _event_sentences(dataset: Dataset, row: Mapping[str, str],
                     columns: Mapping[str, tuple[str, ...]]) -> Iterator[Sentence]:
    store = raw_store(dataset)
    article = ox.NamedNode(str(ARTICLE[row.get("articleId", "")]))
    for quad in store.quads_for_pattern(None, _REPORTED_IN, article):
        event = quad.subject
        if all(_shows(store, event, props, row[column]) for column, props in columns.items() if column in row):
            for sentence in _objects(store, event, _SENTENCE):
                for text in _objects(store, sentence, _TEXT):
                    yield row.get("articleId", ""), _value(text)


def _shows(store: ox.Store, event: object, props: tuple[str, ...], wanted: str) -> bool:
    """Whether one of the event's values of these vocabulary properties, or one's label, is `wanted`."""
    for prop in props:
        for value in _objects(store, event, ox.NamedNode(str(KG[prop]))):
            if _value(value) == wanted or any(_value(label) == wanted for label in _objects(store, value, _PREF_LABEL)):
                return True
    return False


def _objects(store: ox.Store, subject: object, predicate: ox.NamedNode) -> list[object]:
    if not isinstance(subject, (ox.NamedNode, ox.BlankNode)):
        return []
    return [quad.object for quad in store.quads_for_pattern(subject, predicate, None)]


def _value(term: object) -> str:
    return term.value if isinstance(term, (ox.Literal, ox.NamedNode)) else str(term)
