"""Turn an article's extraction into quads of its own named graph, with provenance.

Each extracted triple is asserted in the article's graph, and a `kg:Evidence` node (an
`rdf:Statement` reification) records the article, the sentence, the character span and
the pattern behind it. IRIs are derived from content, never from counters or blank nodes,
so the same input always gives the same graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.build.pipeline.event_quads import event_quads
from kg.build.pipeline.extract import Extraction
from kg.build.pipeline.extraction_settings import EventSettings
from kg.build.pipeline.gazetteer import Entity, Gazetteer
from kg.build.pipeline.patterns import CompiledPattern
from kg.build.pipeline.read import Article
from kg.common.namespaces import ARTICLE, GEO, GRAPH, KG, PATTERN, PATTERNS_GRAPH, PREFIXES, SCHEMA
from kg.store.bridge import RdfQuad, integer_literal


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(curie)


def article_iri(article_id: str) -> URIRef:
    return ARTICLE[article_id]


def article_graph_iri(article_id: str) -> URIRef:
    return GRAPH["article/" + article_id]


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


_LABEL_WORDS = 14  # the start of the first sentence that names an article without a title
_PROSE_WORDS = 3


def untitled_label(first_sentence: str) -> str:
    """What an article without a title is called: the start of its first sentence, ending in
    an ellipsis where it was cut."""
    words = first_sentence.split()
    return " ".join(words) if len(words) <= _LABEL_WORDS else " ".join(words[:_LABEL_WORDS]) + "\u2026"


def _is_prose(text: str) -> bool:
    """Words rather than a stray dash or a number left from the page around the article."""
    return sum(any(ch.isalpha() for ch in word) for word in text.split()) >= _PROSE_WORDS


def article_metadata(article: Article, graph: URIRef, first_sentence: str | None = None) -> Iterator[RdfQuad]:
    """The article's identity, title, date and file; an article without a title is labelled
    with the start of its first sentence (rdfs:label, never dcterms:title)."""
    a = article_iri(article.id)
    yield a, RDF.type, KG.Article, graph
    yield a, KG.graph, graph, graph
    yield a, KG.contentHash, Literal(article.content_hash), graph
    yield a, KG.sourceFile, Literal(article.source), graph
    yield a, DCTERMS.identifier, Literal(article.id), graph
    if article.title:
        yield a, DCTERMS.title, Literal(article.title), graph
    elif first_sentence:
        yield a, RDFS.label, Literal(untitled_label(first_sentence)), graph
    if article.date:
        yield a, DCTERMS.date, Literal(article.date.isoformat(), datatype=XSD.date), graph
    if article.url:
        yield a, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI), graph


def discovered_quads(entities: Iterable[Entity], graph: URIRef, types: frozenset[str]) -> Iterator[RdfQuad]:
    """The names discovered in the article, typed with those of their classes in `types` (the
    most specific ones discovery assigns; their superclasses follow from the ontology)."""
    for entity in entities:
        node = URIRef(entity.iri)
        for cls in sorted(entity.classes):
            if cls in types:
                yield node, RDF.type, KG[cls], graph
        yield node, SKOS.prefLabel, Literal(entity.label, lang="en"), graph
        yield node, KG.discovered, Literal(True), graph
        if entity.lat is not None and entity.long is not None:  # from an open gazetteer
            yield node, GEO.lat, Literal(Decimal(f"{entity.lat:.5f}")), graph
            yield node, GEO.long, Literal(Decimal(f"{entity.long:.5f}")), graph
        if entity.source:
            yield node, DCTERMS.source, URIRef(entity.source), graph


def sentence_iri(article_id: str, index: int) -> URIRef:
    return URIRef(f"{article_iri(article_id)}/sentence/{index}")


def evidence_quads(ex: Extraction, graph: URIRef, used_sentences: set[int]) -> Iterator[RdfQuad]:
    article = ex.article
    a = article_iri(article.id)
    seen: set[str] = set()
    for item in ex.evidence:
        st = item.statement
        s, p, o = URIRef(st.subject), expand(st.predicate), URIRef(st.object)
        key = _digest(s, p, o, item.sentence, st.pattern, st.start, st.end)
        if key in seen:
            continue
        seen.add(key)
        used_sentences.add(item.sentence)
        node = URIRef(f"{a}/evidence/{key}")
        yield s, p, o, graph
        yield node, RDF.type, KG.Evidence, graph
        yield node, RDF.subject, s, graph
        yield node, RDF.predicate, p, graph
        yield node, RDF.object, o, graph
        yield node, PROV.wasDerivedFrom, a, graph
        yield node, KG.sentence, sentence_iri(article.id, item.sentence), graph
        yield node, KG.pattern, PATTERN[st.pattern], graph
        yield node, KG.startChar, integer_literal(st.start), graph
        yield node, KG.endChar, integer_literal(st.end), graph
        yield node, KG.text, Literal(article.text[st.start: st.end]), graph


def _sentence_quads(ex: Extraction, index: int, graph: URIRef) -> Iterator[RdfQuad]:
    sentence = ex.sentences[index]
    node = sentence_iri(ex.article.id, index)
    yield node, RDF.type, KG.Sentence, graph
    yield node, KG.inArticle, article_iri(ex.article.id), graph
    yield node, KG["index"], integer_literal(index), graph
    yield node, KG.startChar, integer_literal(sentence.start), graph
    yield node, KG.endChar, integer_literal(sentence.end), graph
    yield node, KG.text, Literal(sentence.text), graph


def article_quads(ex: Extraction, gaz: Gazetteer, events: EventSettings) -> list[RdfQuad]:
    graph = article_graph_iri(ex.article.id)
    first_sentence = next((s.text for s in ex.sentences if _is_prose(s.text)), None)
    quads: list[RdfQuad] = list(article_metadata(ex.article, graph, first_sentence))
    a = article_iri(ex.article.id)
    quads.extend((a, KG.mentions, URIRef(iri), graph) for iri in sorted(ex.mentioned))
    quads.extend(discovered_quads(ex.discovered.values(), graph, gaz.classes.discovered_types))
    used_sentences: set[int] = set()
    quads.extend(evidence_quads(ex, graph, used_sentences))
    for event in ex.events:
        used_sentences.add(event.sentence)
        quads.extend(event_quads(event, ex.article.id, a, sentence_iri(ex.article.id, event.sentence),
                                 ex.article.text, graph, gaz, events))
    for index in sorted(used_sentences):
        quads.extend(_sentence_quads(ex, index, graph))
    return quads


def pattern_quads(patterns: Iterable[CompiledPattern]) -> Iterator[RdfQuad]:
    graph = PATTERNS_GRAPH
    for pattern in patterns:
        record = pattern.record
        node = PATTERN[record.id]
        yield node, RDF.type, KG.Pattern, graph
        yield node, RDFS.label, Literal(record.id), graph
        yield node, KG.text, Literal(record.pattern), graph
        if record.relation:
            yield node, KG.relation, expand(record.relation), graph
        if record.event:
            yield node, KG.eventClass, KG[record.event], graph
        if record.example:
            yield node, SKOS.example, Literal(record.example, lang="en"), graph


