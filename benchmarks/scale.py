"""Scale benchmark: synthetic articles in the style of the demo corpus, built into an on-disk
store, rebuilt incrementally, queried and validated; rdflib's in-memory store measured in the
same run for comparison.

usage: python benchmarks/scale.py [--sizes 1000,10000] [--seed 7] [--out benchmarks/out]
Prints a Markdown table per size. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg import resources  # noqa: E402
from kg.builder import build  # noqa: E402
from kg.context import load_context  # noqa: E402
from kg.pipeline.validate import validate  # noqa: E402
from kg.query import bind, get_query, list_queries, run  # noqa: E402
from kg.store import open_store, read_dataset  # noqa: E402

# Stand-ins the generator swaps into the demo dispatches, so that articles differ.
TOWNS = ["Sarmin", "Binnish", "Taftanaz", "Ariha", "Saraqeb", "Kafr Nabl", "Maarat al-Numan", "Jisr al-Shughour",
         "Atarib", "Darat Izza", "Sarmada", "Khan Shaykhun", "Morek", "Hazano", "Dana", "Salqin"]
SAMPLE_PARAMETERS = {"what-lies-on": {"highway": "M4"}, "control-timeline": {"place": "Saraqeb"},
                     "control-as-of": {"date": "2020-02-20"}}


def generate(folder: Path, count: int, seed: int) -> list[Path]:
    """`count` articles: demo dispatches with towns, dates and figures varied by a fixed seed."""
    rng = random.Random(seed)
    templates = [p.read_text(encoding="utf-8") for p in sorted(resources.demo_corpus_dir().glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        text = rng.choice(templates)
        for town in TOWNS:
            if town in text:
                text = text.replace(town, rng.choice(TOWNS))
        day = rng.randint(1, 28)
        text = text.replace(text.split("\n", 1)[0], f" date 2020-02-{day:02d}", 1)
        text += f"\nOfficials said {rng.randint(2, 90)} civilians were killed in {rng.choice(TOWNS)} on Monday.\n"
        path = folder / f"a{k:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _timed(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _peak_mb_of(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(command, check=True, capture_output=True)
    return max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def query_latencies(dataset, repeat: int = 5) -> dict[str, float]:  # type: ignore[no-untyped-def]
    latencies = {}
    for query in list_queries():
        params = SAMPLE_PARAMETERS.get(query.name, {})
        if any(p.required and p.name not in params for p in query.parameters):
            continue
        text = bind(query, params)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = run(dataset, text)
            list(result) if hasattr(result, "__iter__") else None
            times.append(time.perf_counter() - started)
        latencies[query.name] = statistics.median(times) * 1000
    return latencies


def rdflib_latency(graph_file: Path, name: str, timeout_s: float = 60.0) -> str:
    """The same canned query with rdflib's own engine on its in-memory Dataset, for comparison."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(graph_file, format="trig")
    query = get_query(name)
    text = bind(query, SAMPLE_PARAMETERS.get(name, {}))
    started = time.perf_counter()
    list(dataset.query(text))
    elapsed = time.perf_counter() - started
    return f"{elapsed * 1000:.0f} ms" if elapsed < timeout_s else f"> {timeout_s:.0f} s"


def bench(count: int, seed: int, out: Path, compare_rdflib: bool) -> list[str]:
    work = Path(tempfile.mkdtemp(prefix=f"kg-bench-{count}-"))
    corpus = work / "corpus"
    generate(corpus, count, seed)
    rows: list[tuple[str, str]] = []
    store = work / "store"
    summary, seconds = _timed(lambda: build([corpus], None, store=store, check=False))
    rows.append(("full build, 1 worker, store (no validation)", f"{count / seconds:.0f} articles/s ({seconds:.1f} s)"))
    shutil.rmtree(store)
    summary, seconds2 = _timed(lambda: build([corpus], None, store=store, check=False, workers=2))
    rows.append(("full build, 2 workers, store (no validation)", f"{count / seconds2:.0f} articles/s ({seconds2:.1f} s)"))
    changed = sorted(corpus.glob("*.txt"))[: max(1, count // 100)]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "\nRussia backs the Syrian government.\n", encoding="utf-8")
    summary, seconds3 = _timed(lambda: build([corpus], None, store=store, check=False, workers=2))
    rows.append((f"incremental rebuild, {len(changed)} changed ({len(changed) * 100 // count}%)",
                 f"{seconds3:.1f} s = {100 * seconds3 / seconds2:.0f}% of the full build"))
    rows.append(("store size", f"{_size_mb(store):.0f} MB"))
    dataset = open_store(store, create=False)
    quads = len(list(dataset.store._inner.quads_for_pattern(None, None, None, None)))  # type: ignore[attr-defined]
    rows.append(("quads", f"{quads:,}"))
    latencies = query_latencies(dataset)
    rows.append(("canned queries, median latency (Oxigraph store)",
                 ", ".join(f"{k} {v:.0f} ms" for k, v in sorted(latencies.items()))))
    _, validation = _timed(lambda: validate(dataset, load_context().shapes))
    rows.append(("validation of the whole store", f"{validation:.1f} s"))
    del dataset
    trig = work / "graph.trig"
    subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "export", "--store", str(store),
                    "--format", "trig", "-o", str(trig)], check=True, capture_output=True)
    peak = _peak_mb_of([sys.executable, "-c", "from kg.cli import main; main()", "build", str(corpus), "-o",
                        str(work / "peak.trig"), "--workers", "1"])
    rows.append(("peak memory of `kg build` (1 worker, with validation)", f"{peak:.0f} MB"))
    _, load_ox = _timed(lambda: read_dataset([trig]))
    rows.append(("parse the TriG into the Oxigraph store", f"{load_ox:.2f} s"))
    if compare_rdflib:
        rows.append(("who-backs-whom with rdflib's in-memory store", rdflib_latency(trig, "who-backs-whom")))
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work, ignore_errors=True)
    lines = [f"### {count} articles", "", "| measure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    parser.add_argument("--compare-rdflib", action="store_true",
                        help="also time a query with rdflib's in-memory store (slow: minutes at 300 articles)")
    args = parser.parse_args()
    report = []
    for size in (int(s) for s in args.sizes.split(",")):
        report += bench(size, args.seed, args.out, args.compare_rdflib) + [""]
    text = "\n".join(report)
    (args.out / "scale.md").parent.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
