"""Articles per second of each stage of a build, run one after the other in this process on
one corpus: reading, extraction, the article's RDF terms, validation, the terms made store
quads, the per-graph SPARQL constraints, serialisation, loading into a store with its merged
view, and writing the graph file.
Where a build's time goes, stage by stage, with no workers to blur it.

usage: python benchmarks/stages.py CORPUS_FOLDER
Not part of the test suite; `benchmarks/scale.py` adds these figures to its table.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.build.batches import (
    batch_findings,
    collecting_less_often,
    extraction_resources,
    per_graph_findings,
)
from kg.build.pipeline.extract import extract_article
from kg.build.pipeline.patterns import compile_all
from kg.build.pipeline.quads import article_quads
from kg.build.pipeline.read import read_articles
from kg.store.bridge import (
    Loader,
    TermConverter,
    new_dataset,
    raw_store,
    serialise_quads,
    serialize,
)

T = TypeVar("T")
BATCH = 64  # articles validated together, as a build's batches are at most


def _timed(seconds: dict[str, float], stage: str, action: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = action()
    seconds[stage] = time.perf_counter() - started
    return result


def stage_seconds(corpus: Path) -> tuple[int, dict[str, float]]:
    """The number of articles and the seconds each stage takes for all of them, with the
    garbage collector set as a build's batches set it."""
    with collecting_less_often():
        return _stage_seconds(corpus)


def _stage_seconds(corpus: Path) -> tuple[int, dict[str, float]]:
    res = extraction_resources()
    compile_all(res.patterns)  # once per process, not per article
    seconds: dict[str, float] = {}
    articles = _timed(seconds, "read", lambda: read_articles([corpus]).articles)
    extractions = _timed(seconds, "extract", lambda: [extract_article(a, res) for a in articles])
    written = _timed(seconds, "RDF terms", lambda: {ex.article.id: article_quads(ex, res.gazetteer, res.events)
                                                    for ex in extractions})
    ids = list(written)
    _timed(seconds, "validate", lambda: [batch_findings({i: written[i] for i in ids[k:k + BATCH]})
                                         for k in range(0, len(ids), BATCH)])

    converter = TermConverter()
    store_quads = _timed(seconds, "store quads", lambda: {i: list(dict.fromkeys(converter.quads(written[i])))
                                                          for i in ids})
    _timed(seconds, "validate per graph", lambda: [
        per_graph_findings([q for i in ids[k:k + BATCH] for q in store_quads[i]], ids[k:k + BATCH])
        for k in range(0, len(ids), BATCH)])
    parts = _timed(seconds, "serialise", lambda: [serialise_quads(store_quads[i]) for i in ids])
    dataset = new_dataset()

    def load() -> None:
        loader = Loader(raw_store(dataset))
        for part in parts:
            loader.add(part)
        loader.flush()

    _timed(seconds, "load", load)
    _timed(seconds, "write TriG", lambda: serialize(dataset, "trig"))
    return len(articles), seconds


def stage_rows(count: int, seconds: dict[str, float]) -> list[tuple[str, str]]:
    total = sum(seconds.values())
    return [(f"  stage: {stage}", f"{count / spent:,.0f} articles/s ({100 * spent / total:.0f}% of the stages)")
            for stage, spent in seconds.items() if spent > 0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    count, seconds = stage_seconds(args.corpus)
    print(f"| stage ({count:,} articles, one process) | rate |\n|---|---|")
    for stage, rate in stage_rows(count, seconds):
        print(f"| {stage.strip().removeprefix('stage: ')} | {rate} |")
    print(f"| all stages | {count / sum(seconds.values()):,.0f} articles/s |")


if __name__ == "__main__":
    main()
