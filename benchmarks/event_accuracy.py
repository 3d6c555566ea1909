"""Precision and recall of control changes and casualties on the seed articles.

usage: python benchmarks/event_accuracy.py [SEEDS_DIR] [EXPECTATIONS_TSV]
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.build.builder import extraction_resources
from kg.build.pipeline.extract import extract_article
from kg.build.pipeline.read import read_articles
from kg.evaluation.expectations import read_expectations, score

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "seeds"
    table = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "tests" / "cases" / "seed_events.tsv"
    res = extraction_resources()
    extractions = [extract_article(a, res) for a in read_articles([seeds]).articles]
    print("| family | expected | extracted | found | precision | recall |")
    print("|---|---|---|---|---|---|")
    for s in score(extractions, read_expectations(table), res):
        print(f"| {s.family} | {s.expected} | {s.extracted} | {s.found} | {s.precision:.2f} | {s.recall:.2f} |")


if __name__ == "__main__":
    main()
