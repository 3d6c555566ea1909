"""Extraction in batches of articles, each batch extracted, turned into quads and, when asked,
validated where it runs: in this process, in worker processes, or on a Dask cluster through
any `concurrent.futures.Executor`. Only loading the quads into the store is shared.

A batch is validated as one graph: its articles' quads plus what the ontology, reference and
pattern graphs say that the shapes read when they check the nodes the articles write about (the
shared graphs hold thousands of triples, and an article touches a few dozen of them). Each
finding is then given to the articles whose graphs hold the triple or the node it is about;
findings about nothing an article wrote concern the shared graphs, which the whole-graph pass
checks.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDFS
from rdflib.term import Node

from kg.build.pipeline.extract import Extraction, Resources, extract_article, load_resources
from kg.build.pipeline.quads import article_graph_iri, article_quads, pattern_quads
from kg.build.pipeline.read import Article
from kg.common import resources
from kg.common.namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kg.store.bridge import (
    RdfQuad,
    SerialisedQuads,
    TermConverter,
    merged_view,
    new_dataset,
    raw_store,
    serialise_quads,
)
from kg.store.context import (
    ReferenceFile,
    active_references,
    context_store_quads,
    load_context,
    per_references,
    using_references,
)
from kg.validation.shapes import (
    VALUE_FACTS,
    Finding,
    PreparedShapes,
    core_findings,
    prepare_shapes,
    run_sparql_constraints,
)

Progress = Callable[[int, int], None]
Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    source: str
    statements: int
    discovered: int
    entities: int = 0  # the actors, places and highways it names
    dated: bool = True
    events: int = 0

    @property
    def looks_like_no_article(self) -> bool:
        """No date, nothing named, nothing stated: a note, a list, a file put there by mistake."""
        return not self.dated and not self.entities and not self.statements and not self.events


@dataclass(frozen=True)
class ArticleOutcome:
    """What the build keeps of one article once its quads are in the store."""

    summary: ArticleSummary
    statements: frozenset[tuple[str, str, str]]
    entities: frozenset[str]
    findings: tuple[Finding, ...] | None  # None when not validated


@dataclass
class BatchResult:
    """The batch's outcomes and its quads, serialised where they were made: bytes cross
    between processes far faster than Python objects."""

    outcomes: list[ArticleOutcome] = field(default_factory=list)
    quads: SerialisedQuads = field(default_factory=SerialisedQuads)


@per_references
def extraction_resources() -> Resources:
    """Gazetteer, lexicon and compiled patterns: built once per process and set of the
    analyst's reference files."""
    context = load_context()
    return load_resources(context.ontology, context.reference, resources.patterns_dir())


@per_references
def base_quads() -> tuple[RdfQuad, ...]:
    """The ontology, reference and pattern graphs (the analyst's reference files in the
    reference graph)."""
    context = load_context()
    quads: list[RdfQuad] = [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in context.ontology]
    quads.extend((s, p, o, REFERENCE_GRAPH) for s, p, o in context.reference)
    quads.extend(pattern_quads(extraction_resources().patterns))
    return tuple(quads)


@per_references
def base_store_quads() -> tuple[ox.Quad, ...]:
    """`base_quads` as the store holds them."""
    return (*context_store_quads(), *TermConverter().quads(pattern_quads(extraction_resources().patterns)))


@per_references
def base_view_quads() -> tuple[ox.Quad, ...]:
    """The triples of `base_store_quads` in the merged view."""
    return tuple(merged_view(base_store_quads()))


@per_references
def base_triples() -> tuple[Triple, ...]:
    return tuple((s, p, o) for s, p, o, _ in base_quads())


@cache
def prepared_shapes() -> PreparedShapes:
    return prepare_shapes(load_context().shapes)


@dataclass(frozen=True)
class BaseIndex:
    """The base triples that bear on the shapes, in their order, by subject; and the class
    hierarchy, which targets and sh:class follow."""

    about: dict[Node, list[Triple]]
    hierarchy: list[Triple]


@per_references
def base_index() -> BaseIndex:
    shapes = prepared_shapes()
    about: dict[Node, list[Triple]] = defaultdict(list)
    hierarchy: list[Triple] = []
    for triple in base_triples():
        if shapes.bears_on(triple[1]):
            about[triple[0]].append(triple)
            if triple[1] == RDFS.subClassOf:
                hierarchy.append(triple)
    return BaseIndex(dict(about), hierarchy)


def base_context(subjects: Iterable[Node], values: Iterable[Node], index: BaseIndex) -> list[Triple]:
    """The base triples that shapes which check nodes locally read when they check `subjects`:
    the class hierarchy, all the base graphs say of each subject, and the types and labels of
    the nodes the subjects point to (`values`, and the objects of those triples). In the base
    graphs' order, so that a node's labels come in the order the whole graph gives them."""
    chosen = list(index.hierarchy)
    focus = dict.fromkeys(subjects)
    for node in focus:
        chosen.extend(index.about.get(node, ()))
    pointed = dict.fromkeys(values)
    pointed.update(dict.fromkeys(o for _, _, o in chosen[len(index.hierarchy):]))
    for node in pointed:
        if node not in focus:
            chosen.extend(t for t in index.about.get(node, ()) if t[1] in VALUE_FACTS)
    return chosen


def _shown(node: object) -> str:
    return node.n3() if isinstance(node, Literal) else str(node)


def attribute_findings(findings: list[Finding], written: dict[str, list[RdfQuad]]) -> dict[str, list[Finding]]:
    """Each finding given to the articles whose quads hold its triple, or else its node."""
    by_triple: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    by_subject: dict[str, set[str]] = defaultdict(set)
    for article_id, quads in written.items():
        for s, p, o, _ in quads:
            by_triple[(str(s), str(p), _shown(o))].add(article_id)
            by_subject[str(s)].add(article_id)
    attributed: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        owners = by_triple.get((finding.focus, finding.path or "", finding.value or "")) or by_subject.get(finding.focus, set())
        for article_id in owners:
            attributed[article_id].append(finding)
    return attributed


def batch_graph(written: dict[str, list[RdfQuad]], shapes: PreparedShapes) -> Graph:
    """The batch's triples that bear on the shapes, after those of the base graphs the shapes
    read when they check what the articles write about (all of them when the shapes do not
    check nodes locally). A finding is only given to an article that wrote about its node, and
    such a node's findings are the same in this graph as in the whole one."""
    articles = [(s, p, o) for quads in written.values() for s, p, o, _ in quads]
    bearing = [t for t in articles if shapes.bears_on(t[1])]
    if shapes.local:
        base: Iterable[Triple] = base_context((s for s, _, _ in articles), (o for _, _, o in bearing), base_index())
    else:
        base = (t for t in base_triples() if shapes.bears_on(t[1]))
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in base)
    graph.addN((s, p, o, graph) for s, p, o in bearing)
    return graph


def batch_findings(written: dict[str, list[RdfQuad]]) -> dict[str, list[Finding]]:
    """Validate the batch with only the triples that bear on the shapes: building the graph
    costs as much as validating it."""
    shapes = prepared_shapes()
    findings, _ = core_findings(batch_graph(written, shapes), shapes)
    return attribute_findings(findings, written) if findings else {}


def _outcome(ex: Extraction, findings: list[Finding] | None) -> ArticleOutcome:
    statements = frozenset((e.statement.subject, e.statement.predicate, e.statement.object) for e in ex.evidence)
    entities = frozenset(ex.mentioned | set(ex.discovered) | {s for s, _, _ in statements} | {o for _, _, o in statements})
    summary = ArticleSummary(ex.article.id, ex.article.source, len(statements), len(ex.discovered),
                             len(entities), ex.article.date is not None, len(ex.events))
    return ArticleOutcome(summary, statements, entities, tuple(findings) if findings is not None else None)


# A batch makes hundreds of thousands of small objects that live until it ends; with the default
# thresholds (700, 10, 10) the cyclic garbage collector walks them over and over, a quarter of
# the batch's time. Freed objects go at once whatever the thresholds: only cycles wait longer.
BATCH_GC_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def collecting_less_often(thresholds: tuple[int, int, int] = BATCH_GC_THRESHOLDS) -> Iterator[None]:
    """Run the block with the cyclic garbage collector's thresholds raised, then restore them."""
    before = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def process_batch(articles: Sequence[Article], check: bool,
                  references: tuple[ReferenceFile, ...] = ()) -> BatchResult:
    """Extract, build the quads of and (when `check`) validate a batch of articles, with the
    analyst's reference files (passed along, as a worker process does not share this one's)."""
    with using_references(references), collecting_less_often():
        return _process_batch(articles, check)


def per_graph_findings(quads: Sequence[ox.Quad], article_ids: Iterable[str]) -> dict[str, list[Finding]]:
    """The findings of the per-graph SPARQL constraints about each article's graph, in a store
    of the batch's quads alone: what the whole store gives, or more, and without labels (the
    build confirms them there, and takes them as it gives them)."""
    constraints = [c for c in prepared_shapes().constraints if c.per_graph]
    if not constraints:
        return {}
    dataset = new_dataset()
    raw_store(dataset).bulk_extend(quads)
    found = {i: run_sparql_constraints(dataset, constraints, [str(article_graph_iri(i))], union=True)
             for i in article_ids}
    return {i: findings for i, findings in found.items() if findings}


def _process_batch(articles: Sequence[Article], check: bool) -> BatchResult:
    res = extraction_resources()
    extractions = [extract_article(article, res) for article in articles]
    written = {ex.article.id: article_quads(ex, res.gazetteer, res.events) for ex in extractions}
    converter = TermConverter()
    quads = [q for ex in extractions for q in dict.fromkeys(converter.quads(written[ex.article.id]))]
    findings: dict[str, list[Finding]] = defaultdict(list)
    if check:
        for found in (batch_findings(written), per_graph_findings(quads, written.keys())):
            for article_id, some in found.items():
                findings[article_id].extend(some)
    outcomes = [_outcome(ex, findings.get(ex.article.id, []) if check else None) for ex in extractions]
    return BatchResult(outcomes, serialise_quads(quads))


def batches(articles: Sequence[Article], size: int) -> list[Sequence[Article]]:
    return [articles[k: k + size] for k in range(0, len(articles), size)]


def batch_size(count: int, workers: int) -> int:
    """Big enough to spread the fixed cost of a validation, small enough to keep every
    worker busy and the progress bar moving."""
    return max(1, min(64, -(-count // (max(1, workers) * 4))))


def run_batches(articles: Sequence[Article], check: bool, executor: Executor | None = None,
                workers: int = 1, progress: Progress | None = None) -> Iterator[BatchResult]:
    """Batch results in the order of the articles, from the executor when one is given."""
    parts = batches(articles, batch_size(len(articles), workers))
    refs = active_references()
    results = (executor.map(process_batch, parts, [check] * len(parts), [refs] * len(parts)) if executor
               else (process_batch(p, check, refs) for p in parts))
    done = 0
    for result in results:
        done += len(result.outcomes)
        if progress:
            progress(done, len(articles))
        yield result
