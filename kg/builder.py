"""`build`: articles in, a validated graph file out. The library entry point of `kg build`."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg import resources
from kg.context import Context, load_context
from kg.curation import CuratedSource, load_curated
from kg.errors import InputError
from kg.namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kg.pipeline.build import article_quads, pattern_quads
from kg.pipeline.extract import Extraction, Resources, extract_article, load_resources
from kg.pipeline.read import Skipped, read_articles
from kg.pipeline.validate import ValidationReport, validate
from kg.store import RdfQuad, format_for, load_quads, new_dataset, serialize, write_atomic

DEFAULT_OUTPUT = Path("kg-out") / "graph.trig"


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    source: str
    statements: int
    discovered: int


@dataclass
class BuildSummary:
    output: Path
    articles: list[ArticleSummary] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    statements: int = 0
    quads: int = 0
    seconds: float = 0.0
    report: ValidationReport | None = None
    curated: list[CuratedSource] = field(default_factory=list)

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


def assemble(context: Context, res: Resources, extractions: Iterable[Extraction]) -> tuple[Dataset, int]:
    """The dataset: ontology, reference and pattern graphs, and one graph per article."""
    quads: list[RdfQuad] = list(graph_quads(context.ontology, ONTOLOGY_GRAPH))
    quads.extend(graph_quads(context.reference, REFERENCE_GRAPH))
    quads.extend(pattern_quads(res.patterns))
    for extraction in extractions:
        quads.extend(article_quads(extraction, res.gazetteer))
    dataset = new_dataset()
    load_quads(dataset, quads)
    return dataset, len(set(quads))


def extract_paths(paths: list[Path], strict: bool, res: Resources) -> tuple[list[Extraction], list[Skipped]]:
    read = read_articles(paths)
    if strict and read.skipped:
        first = read.skipped[0]
        raise InputError(first.source, first.reason, "fix or remove it, or build without --strict")
    if not read.articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in read.skipped[:3])
        raise InputError(", ".join(str(p) for p in paths) or ".", "no articles to build" +
                         (f" ({reasons})" if reasons else ""),
                         "give .txt, .md or .jsonl articles in UTF-8")
    return [extract_article(a, res) for a in read.articles], read.skipped


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


def build(paths: list[Path], output: Path = DEFAULT_OUTPUT, strict: bool = False,
          fmt: str | None = None, check: bool = True, curated: list[Path] | None = None) -> BuildSummary:
    """Read, extract, assemble, validate and write. The output file is replaced only when
    everything before the write has succeeded."""
    started = time.perf_counter()
    fmt = format_for(output, fmt)
    context = load_context()
    res = extraction_resources()
    extractions, skipped = extract_paths(paths or [resources.demo_corpus_dir()], strict, res)
    dataset, quad_count = assemble(context, res, extractions)
    sources = [load_curated(dataset, path) for path in curated or []]
    quad_count += sum(s.statements for s in sources)
    report = validate(dataset, context.shapes) if check else None
    write_atomic(output, serialize(dataset, fmt))
    articles, entities, statements = summarise(extractions)
    return BuildSummary(output, articles, skipped, entities, statements, quad_count,
                        time.perf_counter() - started, report, sources)
