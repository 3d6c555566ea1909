"""`build`: articles in, a validated graph out. The library entry point of `kg build`.

Extraction is per article and runs in worker processes when asked. With a persistent store,
an article whose content hash is unchanged is not extracted again, a changed article's graph
is replaced, and with `prune` the graphs of articles no longer given are removed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg import resources
from kg.context import Context, load_context
from kg.curation import CuratedSource, load_curated
from kg.errors import InputError
from kg.namespaces import ONTOLOGY_GRAPH, PATTERNS_GRAPH, REFERENCE_GRAPH
from kg.pipeline.build import article_graph_iri, article_quads, pattern_quads
from kg.pipeline.extract import Extraction, Resources, extract_article, load_resources
from kg.pipeline.read import Article, Skipped, read_articles
from kg.pipeline.validate import ValidationReport, validate
from kg.store import (
    RdfQuad,
    format_for,
    load_quads,
    new_dataset,
    open_store,
    raw_store,
    serialize,
    write_atomic,
)

DEFAULT_OUTPUT = Path("kg-out") / "graph.trig"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    source: str
    statements: int
    discovered: int


@dataclass
class BuildSummary:
    output: Path | None
    articles: list[ArticleSummary] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    statements: int = 0
    quads: int = 0
    seconds: float = 0.0
    report: ValidationReport | None = None
    curated: list[CuratedSource] = field(default_factory=list)
    unchanged: int = 0  # articles whose graph in the store was kept as it was
    removed: int = 0  # article graphs pruned from the store

    @property
    def conforms(self) -> bool:
        return self.report is None or self.report.conforms


@cache
def extraction_resources() -> Resources:
    """Gazetteer, lexicon and compiled patterns: built once per process."""
    context = load_context()
    return load_resources(context.ontology, context.reference, resources.patterns_dir())


def graph_quads(graph: Graph, name: URIRef) -> Iterator[RdfQuad]:
    for s, p, o in graph:
        yield s, p, o, name


def base_quads(context: Context, res: Resources) -> list[RdfQuad]:
    """The ontology, reference and pattern graphs."""
    quads: list[RdfQuad] = list(graph_quads(context.ontology, ONTOLOGY_GRAPH))
    quads.extend(graph_quads(context.reference, REFERENCE_GRAPH))
    quads.extend(pattern_quads(res.patterns))
    return quads


def assemble(context: Context, res: Resources, extractions: Iterable[Extraction],
             dataset: Dataset | None = None) -> tuple[Dataset, int]:
    """Load the base graphs and one graph per article into the dataset (a new one if none)."""
    dataset = dataset if dataset is not None else new_dataset()
    store = raw_store(dataset)
    for name in (ONTOLOGY_GRAPH, REFERENCE_GRAPH, PATTERNS_GRAPH):
        store.remove_graph(ox.NamedNode(str(name)))
    quads = base_quads(context, res)
    for extraction in extractions:
        quads.extend(article_quads(extraction, res.gazetteer))
    load_quads(dataset, quads)
    return dataset, len(set(quads))


def read_inputs(paths: list[Path], strict: bool) -> tuple[list[Article], list[Skipped]]:
    read = read_articles(paths)
    if strict and read.skipped:
        first = read.skipped[0]
        raise InputError(first.source, first.reason, "fix or remove it, or build without --strict")
    if not read.articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in read.skipped[:3])
        raise InputError(", ".join(str(p) for p in paths) or ".", "no articles to build" +
                         (f" ({reasons})" if reasons else ""),
                         "give .txt, .md or .jsonl articles in UTF-8")
    return read.articles, read.skipped


def _extract_in_worker(article: Article) -> Extraction:
    return extract_article(article, extraction_resources())


def extract_all(articles: list[Article], workers: int = 1, progress: Progress | None = None) -> list[Extraction]:
    """Extract every article, in `workers` processes when more than one."""
    results: list[Extraction] = []
    if workers <= 1 or len(articles) < 2:
        res = extraction_resources()
        for k, article in enumerate(articles, start=1):
            results.append(extract_article(article, res))
            if progress:
                progress(k, len(articles))
        return results
    chunk = max(1, min(64, len(articles) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for k, extraction in enumerate(pool.map(_extract_in_worker, articles, chunksize=chunk), start=1):
            results.append(extraction)
            if progress:
                progress(k, len(articles))
    return results


def summarise(extractions: list[Extraction]) -> tuple[list[ArticleSummary], int, int]:
    articles: list[ArticleSummary] = []
    statements: set[tuple[str, str, str]] = set()
    entities: set[str] = set()
    for ex in extractions:
        triples = {(e.statement.subject, e.statement.predicate, e.statement.object) for e in ex.evidence}
        statements |= triples
        entities |= ex.mentioned | set(ex.discovered)
        entities |= {t[0] for t in triples} | {t[2] for t in triples}
        articles.append(ArticleSummary(ex.article.id, ex.article.source, len(triples), len(ex.discovered)))
    return articles, len(entities), len(statements)


_STORED_ARTICLES = """
PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?id ?hash WHERE { GRAPH ?g { ?a a kg:Article ; dcterms:identifier ?id ; kg:contentHash ?hash } }
"""


def stored_hashes(dataset: Dataset) -> dict[str, str]:
    result = raw_store(dataset).query(_STORED_ARTICLES)
    assert isinstance(result, ox.QuerySolutions)
    return {str(row["id"].value): str(row["hash"].value) for row in result}


def _refresh_store(dataset: Dataset, articles: list[Article], prune: bool) -> tuple[list[Article], int, int]:
    """Articles to extract (new or changed), how many stay as they are, how many are pruned."""
    stored = stored_hashes(dataset)
    store = raw_store(dataset)
    given = {a.id for a in articles}
    changed = [a for a in articles if stored.get(a.id) != a.content_hash]
    for article in changed:
        if article.id in stored:
            store.remove_graph(ox.NamedNode(str(article_graph_iri(article.id))))
    removed = 0
    if prune:
        for article_id in sorted(set(stored) - given):
            store.remove_graph(ox.NamedNode(str(article_graph_iri(article_id))))
            removed += 1
    return changed, len(articles) - len(changed), removed


def build(paths: list[Path], output: Path | None = DEFAULT_OUTPUT, strict: bool = False,
          fmt: str | None = None, check: bool = True, curated: list[Path] | None = None,
          store: Path | None = None, prune: bool = False, workers: int = 1,
          progress: Progress | None = None) -> BuildSummary:
    """Read, extract, assemble, validate and write. An output file is replaced only when
    everything before the write has succeeded."""
    started = time.perf_counter()
    fmt = format_for(output, fmt) if output is not None else None
    context = load_context()
    res = extraction_resources()
    articles, skipped = read_inputs(paths or [resources.demo_corpus_dir()], strict)
    dataset = open_store(store) if store is not None else None
    unchanged = removed = 0
    if dataset is not None:
        articles, unchanged, removed = _refresh_store(dataset, articles, prune)
    extractions = extract_all(articles, workers, progress)
    dataset, quad_count = assemble(context, res, extractions, dataset)
    sources = [load_curated(dataset, path) for path in curated or []]
    quad_count += sum(s.statements for s in sources)
    report = validate(dataset, context.shapes) if check else None
    if output is not None and fmt is not None:
        write_atomic(output, serialize(dataset, fmt))
    built, entities, statements = summarise(extractions)
    if store is not None:
        raw_store(dataset).flush()
    return BuildSummary(output, built, skipped, entities, statements, quad_count,
                        time.perf_counter() - started, report, sources, unchanged, removed)
