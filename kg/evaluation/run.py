"""`evaluate`: the graph's answers to the canned queries set against an analyst's gold file.
The library entry point of `kg evaluate`.

The graph is built from the given articles (those the gold names; a folder's other files are
left out), or read from a graph file or a store. The queries are the ones an analyst runs:
who-backs-whom, alliances, what-lies-on (per highway), highway-connections, control-changes
and casualties.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from rdflib import Dataset

from kg.common.errors import InputError, UsageError
from kg.common.resources import DEFAULT_OUTPUT
from kg.evaluation.casualties import score_casualties
from kg.evaluation.control import score_control
from kg.evaluation.evidence import with_sentences
from kg.evaluation.figures import Figure, Finding, Row, pooled
from kg.evaluation.gold import Gold, article_id, read_gold
from kg.evaluation.names import NameMap, name_map
from kg.evaluation.pairs import PairQuery, score_pairs
from kg.evaluation.rules import Rules, load_rules
from kg.questions.query import select_rows


@dataclass(frozen=True)
class Evaluation:
    gold: str
    figures: tuple[Figure, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]  # what a user should know about the measurement: files left out...


def query_rows(dataset: Dataset, name: str, params: dict[str, str] | None = None) -> list[Row]:
    """The canned query's rows, without the columns a row leaves unbound."""
    return [{k: v for k, v in row.items() if v} for row in select_rows(dataset, name, **(params or {}))]


def pair_queries(gold: Gold, names: NameMap, rules: Rules) -> list[PairQuery]:
    """A query per pair kind; a kind scored per highway once per highway: those always scored,
    then those the gold names (the query is given the name as written, the rows are kept by
    gold name)."""
    queries: list[PairQuery] = []
    for pairs in rules.pair_kinds:
        if pairs.highway_column is None:
            queries.append(PairQuery(pairs))
            continue
        highways: dict[str, str] = {}
        for name in (*rules.highways, *gold.seconds(pairs.kind)):
            highways.setdefault(names.to_gold(name), name)
        queries += [PairQuery(pairs, mapped, raw) for mapped, raw in highways.items()]
    return queries


def measure(dataset: Dataset, gold: Gold, rules: Rules) -> tuple[list[Figure], list[Finding]]:
    names = name_map(gold, rules.synonyms)
    figures: list[Figure] = []
    findings: list[Finding] = []
    for query in pair_queries(gold, names, rules):
        scored = score_pairs(query, query_rows(dataset, query.pairs.query, query.params), gold.pairs, names)
        figures += scored.figures
        findings += scored.findings
    figures.append(pooled("pairs", "pairs pooled", figures))
    articles = frozenset(gold.articles)
    entities = frozenset(names.to_gold(e.name) for e in gold.entities)
    for scored in (score_control(query_rows(dataset, "control-changes"), gold.control_changes, articles,
                                 names, entities, rules),
                   score_casualties(query_rows(dataset, "casualties"), gold.casualties, articles, names, rules)):
        figures += scored.figures
        findings += scored.findings
    return figures, findings


def files_to_build(paths: Sequence[Path], gold: Gold) -> tuple[list[Path], list[Path]]:
    """The files the gold names (all of them when it names none), and those left out."""
    from kg.build.pipeline.read import JSONL_SUFFIXES, expand_paths

    files = list(expand_paths(paths))
    if not gold.articles:
        return files, []
    named = set(gold.articles)
    kept = [f for f in files if article_id(f.name) in named or f.suffix.lower() in JSONL_SUFFIXES]
    if not kept:
        _none_present(gold, [str(p) for p in paths])
    return kept, [f for f in files if f not in kept]


def _none_present(gold: Gold, sources: list[str]) -> NoReturn:
    raise InputError(", ".join(sources), f"none of the {len(gold.articles)} articles the gold names "
                     f"(such as {gold.articles[0]}) is here", "give the articles the gold names, or the "
                     "graph built from them, or check the gold's file names")


def built_graph(files: list[Path]) -> tuple[Dataset, list[str]]:
    """The graph of the articles, built as `kg build` builds it (validation left out: it does
    not change the graph), with a note per file skipped."""
    from kg.build.builder import build
    from kg.store.bridge import open_graph

    with tempfile.TemporaryDirectory(prefix="kg-evaluate-") as folder:
        output = Path(folder) / "graph.trig"
        summary = build(files, output, check=False)
        dataset = open_graph(output)
    return dataset, [f"skipped {s.source}: {s.reason}" for s in summary.skipped]


def graph_articles(dataset: Dataset) -> set[str]:
    return {row["articleId"] for row in query_rows(dataset, "articles") if "articleId" in row}


def evaluate(gold_file: Path, paths: Sequence[Path] = (), graph: Path | None = None,
             store: Path | None = None, detail: bool = False) -> Evaluation:
    """Precision and recall per kind; with `detail`, the sentences behind every finding."""
    from kg.store.bridge import open_graph

    if paths and (graph is not None or store is not None):
        raise UsageError("give articles to build or a graph to read (-g, --store), not both")
    gold = read_gold(gold_file)
    notes: list[str] = []
    if paths:
        files, left_out = files_to_build(paths, gold)
        notes += [f"left out {f}: the gold does not name it" for f in left_out]
        dataset, skipped = built_graph(files)
        notes += skipped
    else:
        dataset = open_graph(graph or DEFAULT_OUTPUT, store)
    missing = [a for a in gold.articles if a not in graph_articles(dataset)]
    if gold.articles and len(missing) == len(gold.articles):
        _none_present(gold, [str(p) for p in paths] or [str(store or graph or DEFAULT_OUTPUT)])
    notes += [f"the graph has no article {a}, which the gold names" for a in missing]
    rules = load_rules()
    figures, findings = measure(dataset, gold, rules)
    shown = with_sentences(dataset, tuple(findings), rules) if detail else tuple(findings)
    return Evaluation(str(gold_file), tuple(figures), shown, tuple(notes))
