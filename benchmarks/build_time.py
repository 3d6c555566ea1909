"""Time full builds of the bundled demo corpus and, if present, the seed articles.

usage: python benchmarks/build_time.py [--repeat N]
Prints one row per corpus: articles, statements, quads, median seconds of the whole build
(read, extract, assemble, validate, write) and of validation alone.

Builds after the first in a process reuse what it loaded: the ontology and reference graphs,
the compiled patterns and the findings of the shared (ontology, reference, pattern) graphs.
`time kg build DIR -o FILE` shows what a build from the command line costs.

Build medians of 3 repeats on a 2-core machine (seconds):

| reference graph | demo | seeds |
|---|---|---|
| a few hundred triples | 0.472 | 0.513 |
| ~4,000 triples, each batch validated with all of them | 0.92 | 0.95 |
| ~4,000 triples, each batch with the reference triples its nodes touch | 0.38 | 0.30 |
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from kg.build.builder import build
from kg.common import resources
from kg.store.bridge import read_dataset
from kg.store.context import load_context
from kg.validation.shapes import validate

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def measure(name: str, paths: list[Path], repeat: int) -> str:
    builds: list[float] = []
    checks: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "graph.trig"
        for _ in range(repeat):
            started = time.perf_counter()
            summary = build(paths, out)
            builds.append(time.perf_counter() - started)
            dataset = read_dataset([out])
            started = time.perf_counter()
            validate(dataset, load_context().shapes)
            checks.append(time.perf_counter() - started)
    return (f"| {name} | {len(summary.articles)} | {summary.statements} | {summary.quads} | "
            f"{statistics.median(builds):.3f} | {statistics.median(checks):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_context()
    print("| corpus | articles | statements | quads | build s (median) | validate s (median) |")
    print("|---|---|---|---|---|---|")
    print(measure("demo", [resources.demo_corpus_dir()], args.repeat))
    if SEEDS.is_dir():
        print(measure("seeds", [SEEDS], args.repeat))


if __name__ == "__main__":
    main()
