"""Names used in hand-written files that nothing defines, with the closest known labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rapidfuzz import fuzz, process
from rdflib import Dataset

from kg.common.namespaces import KGR, RDF, SKOS
from kg.store.bridge import raw_store

_RDF_TYPE = ox.NamedNode(str(RDF.type))
_PREF = ox.NamedNode(str(SKOS.prefLabel))
_ALT = ox.NamedNode(str(SKOS.altLabel))
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|[-_]")
_MIN_SCORE = 70
_SUGGESTIONS = 3


@dataclass(frozen=True)
class Unknown:
    iri: str
    suggestions: tuple[tuple[str, str], ...]  # (label, iri)


def _spoken(iri: str) -> str:
    local = re.split(r"[/#]", iri)[-1]
    return " ".join(part for part in _CAMEL.split(local) if part)


def _labels(store: ox.Store) -> dict[str, str]:
    labels: dict[str, str] = {}
    for predicate in (_PREF, _ALT):
        for quad in store.quads_for_pattern(None, predicate, None, ox.DefaultGraph()):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                labels.setdefault(quad.object.value, quad.subject.value)
    return labels


def unknown_entities(dataset: Dataset, graphs: list[str]) -> list[Unknown]:
    """Entity IRIs (in the kgr: namespace) the given graphs use but no graph types."""
    store = raw_store(dataset)
    used: set[str] = set()
    for name in graphs:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(str(KGR)):
                    used.add(term.value)
    typed = {q.subject.value for q in store.quads_for_pattern(None, _RDF_TYPE, None, ox.DefaultGraph())
             if isinstance(q.subject, ox.NamedNode)}
    labels = _labels(store)
    preferred = {q.subject.value: q.object.value for q in store.quads_for_pattern(None, _PREF, None, ox.DefaultGraph())
                 if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)}
    unknown: list[Unknown] = []
    for iri in sorted(used - typed):
        matches = process.extract(_spoken(iri), list(labels), scorer=fuzz.WRatio, limit=_SUGGESTIONS * 3)
        entities = dict.fromkeys(labels[label] for label, score, _ in matches if score >= _MIN_SCORE)
        best = tuple((preferred.get(e, e), e) for e in list(entities)[:_SUGGESTIONS])
        unknown.append(Unknown(iri, best))
    return unknown
