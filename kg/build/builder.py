"""`build`: articles in, a validated graph out. The library entry point of `kg build`.

Extraction and validation are per batch of articles and run in worker processes, or on a
Dask cluster, when asked; loading into the store is the one shared step. With a persistent
store, an article whose content hash is unchanged is neither extracted nor validated again
(its findings are kept in the store's ledger), a changed article's graph is replaced, and with
`prune` the graphs of articles no longer given are removed. The batches check the SPARQL
constraints marked per graph on their own articles' graphs, and the build confirms what they
find on the whole store. What needs the whole graph runs once over the store: those constraints
on the shared graphs, the other SPARQL constraints (on the touched article graphs only), and the
core shapes on the ontology, reference and curated graphs.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.build.batches import (
    ArticleOutcome,
    ArticleSummary,
    base_store_quads,
    base_view_quads,
    extraction_resources,
    prepared_shapes,
    run_batches,
)
from kg.build.ledger import Entry, Ledger, load_ledger, save_ledger
from kg.build.pipeline.quads import article_graph_iri
from kg.build.pipeline.read import Article, Skipped, read_articles
from kg.common import resources
from kg.common.errors import InputError, UsageError
from kg.common.namespaces import CURATED_GRAPHS, ONTOLOGY_GRAPH, PATTERNS_GRAPH, REFERENCE_GRAPH
from kg.questions.kept_answers import forget_answers
from kg.store import swap
from kg.store.bridge import (
    Loader,
    Said,
    add_quads,
    add_to_graph,
    disk_full,
    first_line,
    format_for,
    new_dataset,
    open_store,
    raw_store,
    remove_graphs,
    said_in,
    serialize,
    summarise,
    update_summary,
    write_atomic,
)
from kg.store.context import ReferenceFile, active_references
from kg.store.curation import CuratedSource, load_curated_files
from kg.validation.shapes import (
    Finding,
    PreparedShapes,
    ValidationReport,
    confirmed_by_graph,
    core_findings,
    report_of,
    run_sparql_constraints,
)

__all__ = ["ArticleSummary", "BuildSummary", "build", "extraction_resources"]

Progress = Callable[[int, int], None]


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




def load_base(dataset: Dataset) -> int:
    """Replace the ontology, reference and pattern graphs."""
    remove_graphs(raw_store(dataset), [ox.NamedNode(str(n)) for n in (ONTOLOGY_GRAPH, REFERENCE_GRAPH, PATTERNS_GRAPH)])
    quads = base_store_quads()
    add_quads(raw_store(dataset), quads, base_view_quads())
    return len(set(quads))


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


@contextmanager
def executor_for(workers: int, scheduler: str | None) -> Iterator[Executor | None]:
    """Worker processes, a Dask cluster's executor, or None to run in this process."""
    if scheduler:
        try:
            import distributed
        except ImportError:
            raise UsageError("--scheduler needs dask.distributed; install it with "
                             "pip install 'kg[cluster]'") from None
        try:
            connect: Any = distributed.Client
            client = connect(scheduler, timeout=10)
        except (OSError, TimeoutError) as err:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({err}); "
                             "check the address and that the scheduler runs") from None
        with client:
            yield client.get_executor()
        return
    if workers <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_process_context()) as pool:
        yield pool


def _process_context() -> multiprocessing.context.BaseContext:
    """Forked workers inherit the loaded resources and start at once, but a fork is safe only
    while this process runs one thread (a library caller's threads may hold locks the child
    would wait on for ever); otherwise they start from a clean fork server."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


@dataclass
class Loaded:
    """What the batches brought into the store, kept small: per-article summaries and
    findings, and the distinct statements and entities."""

    summaries: list[ArticleSummary] = field(default_factory=list)
    findings: dict[str, tuple[Finding, ...] | None] = field(default_factory=dict)
    statements: set[tuple[str, str, str]] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    quads: int = 0

    def add(self, outcome: ArticleOutcome) -> None:
        self.summaries.append(outcome.summary)
        self.findings[outcome.summary.id] = outcome.findings
        self.statements |= outcome.statements
        self.entities |= outcome.entities


def extract_into(dataset: Dataset, articles: list[Article], check: bool, workers: int,
                 scheduler: str | None, progress: Progress | None, on_disk: bool) -> Loaded:
    loaded = Loaded()
    loader = Loader(raw_store(dataset), in_memory=not on_disk)
    with executor_for(workers, scheduler) as executor:
        for result in run_batches(articles, check, executor, workers, progress):
            loader.add(result.quads)
            loaded.quads += result.quads.count
            for outcome in result.outcomes:
                loaded.add(outcome)
    loader.flush()
    return loaded


def stored_hashes(dataset: Dataset) -> dict[str, str]:
    result = raw_store(dataset).query(resources.internal_query("stored-articles"))
    assert isinstance(result, ox.QuerySolutions)
    return {str(row["id"].value): str(row["hash"].value) for row in result}


@dataclass
class Refresh:
    to_build: list[Article]
    unchanged: list[str]
    removed: int
    full: bool = False  # nothing in the store is kept: a new store is built beside it
    unsaid: Said = field(default_factory=Said)  # what the graphs it removed said, for the summary


def refresh_store(dataset: Dataset, ledger: Ledger, articles: list[Article], prune: bool,
                  check: bool) -> Refresh:
    """Drop the graphs of changed articles (and of articles no longer given, with `prune`);
    say which articles to build, or that nothing is kept and the store is to be rebuilt whole.
    An article is unchanged when the store and the ledger both hold it under its content hash,
    validated if this build validates."""
    stored = stored_hashes(dataset)
    store = raw_store(dataset)

    def current(article: Article) -> bool:
        entry = ledger.entries.get(article.id)
        return (stored.get(article.id) == article.content_hash and entry is not None
                and entry.content_hash == article.content_hash and (entry.findings is not None or not check))

    to_build = [a for a in articles if not current(a)] if ledger.current else list(articles)
    built = {a.id for a in to_build}
    gone = sorted(set(stored) - {a.id for a in articles}) if prune else []
    for article_id in gone:
        ledger.entries.pop(article_id, None)
    unchanged = [a.id for a in articles if a.id not in built]
    if not ledger.current or not (set(stored) - set(gone) - built):
        return Refresh(to_build, unchanged, len(gone), full=True)
    removing = [ox.NamedNode(str(article_graph_iri(i))) for i in sorted(built & set(stored)) + gone]
    unsaid = said_in(store, removing)
    remove_graphs(store, removing)
    return Refresh(to_build, unchanged, len(gone), unsaid=unsaid)


def _curated_graph_names(store: ox.Store) -> list[ox.NamedNode]:
    return [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(str(CURATED_GRAPHS))]


def _shared_graph_names(dataset: Dataset) -> list[ox.NamedNode]:
    names = [ox.NamedNode(str(n)) for n in (ONTOLOGY_GRAPH, REFERENCE_GRAPH, PATTERNS_GRAPH)]
    return names + _curated_graph_names(raw_store(dataset))


def shared_graph(dataset: Dataset, shapes: PreparedShapes) -> Graph:
    """The ontology, reference, pattern and curated graphs, with everything the article graphs
    say about the nodes the curated graphs name: the triples of them that bear on the shapes."""
    store = raw_store(dataset)
    graph = Graph()
    named: set[ox.NamedNode] = set()

    def add(quads: Iterable[ox.Quad]) -> None:
        add_to_graph(graph, (q for q in quads if shapes.bears_on(q.predicate.value)))

    for name in _shared_graph_names(dataset):
        quads = list(store.quads_for_pattern(None, None, None, name))
        add(quads)
        if name.value.startswith(str(CURATED_GRAPHS)):
            named.update(t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode))
    for node in named:
        add(store.quads_for_pattern(node, None, None, ox.DefaultGraph()))
    return graph


# The findings of the ontology, reference and pattern graphs, by the analyst's reference files
# in force (all else they hold is the same for the whole process): the shared graphs of a build
# without a store or curated files.
_BASE_FINDINGS: dict[tuple[ReferenceFile, ...], tuple[Finding, ...]] = {}


def _shared_graph_findings(dataset: Dataset) -> list[Finding]:
    shapes = prepared_shapes()
    return core_findings(shared_graph(dataset, shapes), shapes)[0]


def shared_findings(dataset: Dataset, ledger: Ledger | None, curated: bool) -> list[Finding]:
    """The shared graphs' findings; those of the ontology, reference and pattern graphs alone
    change only with the pipeline, so they are kept in a store's ledger, and for the process."""
    if curated:
        return _shared_graph_findings(dataset)
    if ledger is not None and ledger.shared is not None:
        return list(ledger.shared)
    references = active_references()
    if references not in _BASE_FINDINGS:
        _BASE_FINDINGS[references] = tuple(_shared_graph_findings(dataset))
    if ledger is not None:
        ledger.shared = _BASE_FINDINGS[references]
    return list(_BASE_FINDINGS[references])


def confirmed(dataset: Dataset, by_article: dict[str, tuple[Finding, ...] | None]) -> dict[str, tuple[Finding, ...] | None]:
    """The articles' findings, less those of per-graph SPARQL constraints that the whole store
    does not confirm (a batch sees only its own articles' graphs)."""
    graphs = {str(article_graph_iri(i)): i for i, found in by_article.items() if found}
    found = confirmed_by_graph(dataset, {g: by_article[i] or () for g, i in graphs.items()}, prepared_shapes().constraints)
    return {**by_article, **{graphs[g]: tuple(findings) for g, findings in found.items()}}


def validate_build(dataset: Dataset, loaded: Loaded, kept: list[Finding],
                   shared: list[Finding], touched: list[str] | None) -> ValidationReport:
    """Findings of the batches, the kept findings of unchanged articles, the shared graphs'
    findings, and the SPARQL constraints': those checked graph by graph on the shared graphs
    (the batches checked the article graphs), the others on the touched article graphs when
    given, else on the whole store."""
    findings = [f for found in loaded.findings.values() for f in found or ()] + kept + shared
    constraints = prepared_shapes().constraints
    findings += run_sparql_constraints(dataset, [c for c in constraints if not c.per_graph], touched)
    shared_graphs = [n.value for n in _shared_graph_names(dataset)]
    findings += run_sparql_constraints(dataset, [c for c in constraints if c.per_graph], shared_graphs)
    return report_of(findings)


def update_ledger(ledger: Ledger, loaded: Loaded, articles: list[Article]) -> None:
    for article in articles:
        ledger.entries[article.id] = Entry(article.content_hash, loaded.findings[article.id])


def settle(store: ox.Store, built: int, given: int) -> None:
    """Write everything to disk; after a load of a quarter of the articles or more, compact the
    store too, which halves the time of queries that read much of it."""
    store.flush()
    if built and 4 * built >= given:
        store.optimize()


@dataclass(frozen=True)
class Job:
    """What to build and how, besides the store."""

    articles: list[Article]
    output: Path | None
    fmt: str | None
    check: bool
    curated: list[Path]
    workers: int
    scheduler: str | None
    progress: Progress | None


@dataclass
class Filled:
    loaded: Loaded
    sources: list[CuratedSource]
    report: ValidationReport | None
    quads: int  # of the ontology, reference and pattern graphs loaded by this build


def fill(dataset: Dataset, ledger: Ledger | None, refresh: Refresh, job: Job) -> Filled:
    """Load, validate and write the output; with a ledger, settle the store and note each built
    article in the ledger (which the caller saves)."""
    in_place = ledger is not None and ledger.current and not refresh.full
    base = 0 if in_place else load_base(dataset)
    store = raw_store(dataset)
    curated_before = said_in(store, _curated_graph_names(store)) if in_place else Said()
    loaded = extract_into(dataset, refresh.to_build, job.check, job.workers, job.scheduler, job.progress,
                          on_disk=ledger is not None)
    sources = load_curated_files(dataset, job.curated)
    if in_place:
        built = [ox.NamedNode(str(article_graph_iri(a.id))) for a in refresh.to_build]
        update_summary(store, refresh.unsaid | curated_before, said_in(store, built + _curated_graph_names(store)))
    elif ledger is not None:
        summarise(store)
    report = None
    if job.check:
        loaded.findings = confirmed(dataset, loaded.findings)
        unchanged = confirmed(dataset, {i: ledger.entries[i].findings for i in refresh.unchanged}) if ledger else {}
        kept = [f for found in unchanged.values() for f in found or ()]
        touched = [str(article_graph_iri(a.id)) for a in refresh.to_build] if ledger else None
        shared = shared_findings(dataset, ledger, bool(sources))
        report = validate_build(dataset, loaded, kept, shared, touched)
    if job.output is not None and job.fmt is not None:
        write_atomic(job.output, serialize(dataset, job.fmt))
    if ledger is not None:
        update_ledger(ledger, loaded, refresh.to_build)
        settle(store, len(refresh.to_build), len(job.articles))
    return Filled(loaded, sources, report, base)


@dataclass
class StoreBuild:
    """The store a build writes into: the store itself, or for a full rebuild a new store beside
    it (`writing`), swapped in once complete; meanwhile `previous` holds the old store open, so
    no other build or writable server can take it."""

    store: Path
    dataset: Dataset | None
    ledger: Ledger
    refresh: Refresh
    writing: Path | None = None
    previous: Dataset | None = None

    def close(self) -> None:
        self.dataset = self.previous = None
        gc.collect()  # the Oxigraph stores close when the last reference goes

    def finish(self) -> None:
        """Save the ledger; for a full rebuild, close both stores, then swap the new one in."""
        if self.writing is None:
            save_ledger(self.store, self.ledger)
            return
        self.close()
        save_ledger(self.writing, self.ledger)  # the mark of a complete store
        swap.swap_in(self.store)

    def abandon(self) -> None:
        self.close()
        if self.writing is not None:
            swap.discard(self.store)


def open_for_build(store: Path, articles: list[Article], prune: bool, check: bool) -> StoreBuild:
    """The store to update in place, or, when nothing in it is kept (a first build, a missing or
    stale ledger, every article changed), a new store beside it."""
    swap.recover(store)
    forget_answers(store)
    previous = open_store(store, create=False) if swap.holds_store(swap.folders(store).live) else None
    swap.remove_leftovers(store)  # after taking the store, so never those of a build still running
    ledger = load_ledger(store)
    refresh = Refresh(articles, [], 0, full=True)
    if previous is not None:
        refresh = refresh_store(previous, ledger, articles, prune, check)
        if not refresh.full:
            return StoreBuild(store, previous, ledger, refresh)
    swap.check_replaceable(store)
    fresh = Ledger(ledger.key, shared=ledger.shared if ledger.current else None)
    writing = swap.begin(store)
    try:
        return StoreBuild(store, open_store(writing), fresh, refresh, writing, previous)
    except BaseException:
        swap.discard(store)
        raise


@contextmanager
def store_errors(store: Path) -> Iterator[None]:
    """A store that cannot be written (a full disk, a vanished folder) is one line."""
    try:
        yield
    except OSError as err:
        reason = "the disk is full" if disk_full(err) else err.strerror or first_line(err)
        raise InputError(store, f"cannot be written ({reason})", "free some space or check the folder, "
                         "and build again") from None


def build(paths: list[Path], output: Path | None = resources.DEFAULT_OUTPUT, strict: bool = False,
          fmt: str | None = None, check: bool = True, curated: list[Path] | None = None,
          store: Path | None = None, prune: bool = False, workers: int = 1,
          progress: Progress | None = None, scheduler: str | None = None) -> BuildSummary:
    """Read, extract, load, validate and write. An output file is replaced only when
    everything before the write has succeeded, and a store rebuilt in full only when the new
    one is complete."""
    started = time.perf_counter()
    fmt = format_for(output, fmt) if output is not None else None
    articles, skipped = read_inputs(paths or [resources.demo_corpus_dir()], strict)
    job = Job(articles, output, fmt, check, list(curated or []), workers, scheduler, progress)
    if store is None:
        refresh = Refresh(articles, [], 0)
        filled = fill(new_dataset(), None, refresh, job)
    else:
        with store_errors(store):
            target = open_for_build(store, articles, prune, check)
            refresh = target.refresh
            try:
                assert target.dataset is not None
                filled = fill(target.dataset, target.ledger, refresh, job)
                target.finish()
            except BaseException:
                target.abandon()
                raise
    loaded = filled.loaded
    return BuildSummary(output, loaded.summaries, skipped, len(loaded.entities), len(loaded.statements),
                        filled.quads + loaded.quads + sum(s.statements for s in filled.sources),
                        time.perf_counter() - started, filled.report, filled.sources,
                        len(refresh.unchanged), refresh.removed)
