"""Scale benchmark: synthetic articles in the style of the demo corpus, built into an on-disk
Oxigraph store with 1 and 2 workers, validated, rebuilt with 1% of the articles changed, and
queried; rdflib's in-memory store and a plain pyoxigraph store in memory are measured in the same
run for comparison.

usage: python benchmarks/scale.py [--sizes 1000,10000,100000] [--seed 7] [--rdflib-up-to 10000]
                                  [--peak-only]
Prints a Markdown table per size and writes them to benchmarks/out/scale.md. Not part of the
test suite. `--peak-only` measures one validated build with 2 workers per size (time, peak
memory, store size) into benchmarks/out/scale-peak.md: at 100,000 articles that takes under an
hour.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stages import stage_rows, stage_seconds

from kg.build.builder import BuildSummary, build
from kg.common import resources
from kg.questions.query import list_queries
from kg.store.bridge import open_store, raw_store

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


def timed(action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def peak_memory_mb(command: list[str]) -> float:
    """The peak of the summed resident memory of the command and its worker processes."""
    import psutil

    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.2)
    return peak / 1e6


_LATENCY_SCRIPT = """
import json, statistics, sys, time
from pathlib import Path
from kg.questions.named_entities import check_names
from kg.questions.query import answer, bind, get_query, narrowed, run, solution_rows
from kg.store.bridge import open_store
store = Path(sys.argv[1])
canned, values = get_query(sys.argv[2]), json.loads(sys.argv[3])
text = bind(canned, values)
dataset = open_store(store, create=False)
select = lambda query: solution_rows(run(dataset, query), canned.name)
times = []
while len(times) < int(sys.argv[4]) and sum(times) < 10:
    started = time.perf_counter()
    list(run(dataset, narrowed(text, check_names(canned, values, select))))
    times.append(time.perf_counter() - started)
del dataset
answer(text, "table", sys.argv[2], store, store)
kept = []
for _ in range(int(sys.argv[4])):
    started = time.perf_counter()
    answer(text, "table", sys.argv[2], store, store)
    kept.append(time.perf_counter() - started)
print(json.dumps({"engine": statistics.median(times) * 1000, "kept": statistics.median(kept) * 1000}))
"""


def merged_view_size(store: Path) -> int:
    result = raw_store(open_store(store, create=False)).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(result))["n"].value)  # type: ignore[arg-type]


Latency = dict[str, float]


def query_latencies(store: Path, repeat: int = 5, timeout_s: float = 120.0) -> dict[str, Latency | None]:
    """For each canned query, the median time the query engine takes over up to `repeat` runs
    (fewer when they are slow), with the look-up of the entities its parameters name as
    `kg query` does it, and the median time `kg query` takes to give a repeated answer,
    which is kept in the store folder. Each query runs in a process of its own so that one slow
    query cannot stall the benchmark; None for a query not answered within the timeout."""
    latencies: dict[str, Latency | None] = {}
    for query in list_queries():
        params = SAMPLE_PARAMETERS.get(query.name, {})
        if any(p.required and p.name not in params for p in query.parameters):
            continue
        command = [sys.executable, "-c", _LATENCY_SCRIPT, str(store), query.name, json.dumps(params), str(repeat)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=True, cwd=REPO)
            latencies[query.name] = json.loads(result.stdout)
        except subprocess.TimeoutExpired:
            latencies[query.name] = None
    return latencies


_RDFLIB_SCRIPT = """
import json, sys, time, resource
from rdflib import Dataset
from kg.questions.query import bind, get_query
started = time.perf_counter()
dataset = Dataset(default_union=True)
dataset.parse(sys.argv[1], format="trig")
out = {"load": time.perf_counter() - started, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
print(json.dumps(out), flush=True)
for name, params in json.loads(sys.argv[2]).items():
    text = bind(get_query(name), params)
    started = time.perf_counter()
    list(dataset.query(text))
    print(json.dumps({name: (time.perf_counter() - started) * 1000}), flush=True)
"""


_MEMORY_SCRIPT = """
import json, sys, time, resource
from pathlib import Path
from kg.questions.query import bind, get_query, run
from kg.store.bridge import read_dataset
started = time.perf_counter()
dataset = read_dataset([Path(sys.argv[1])])
out = {"load": time.perf_counter() - started, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
print(json.dumps(out), flush=True)
for name, params in json.loads(sys.argv[2]).items():
    text = bind(get_query(name), params)
    started = time.perf_counter()
    list(run(dataset, text))
    print(json.dumps({name: (time.perf_counter() - started) * 1000}), flush=True)
"""


def comparison_figures(script: str, trig: Path, names: list[str], budget_s: float) -> tuple[dict[str, float], list[str]]:
    """Load time, memory and per-query latency (first ask) in a process of its own that runs
    `script`: rdflib's in-memory Dataset with its own SPARQL engine, or a plain pyoxigraph
    store in memory as `kg query -g FILE` reads a file; queries not answered within the budget
    are listed as such."""
    queries = {n: SAMPLE_PARAMETERS.get(n, {}) for n in names}
    figures: dict[str, float] = {}
    try:
        result = subprocess.run([sys.executable, "-c", script, str(trig), json.dumps(queries)],
                                capture_output=True, text=True, timeout=budget_s, cwd=REPO, check=False)
        lines = result.stdout
    except subprocess.TimeoutExpired as err:
        lines = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
    for line in lines.splitlines():
        figures.update(json.loads(line))
    return figures, [n for n in names if n not in figures]


def comparison_rows(label: str, figures: dict[str, float], unanswered: list[str],
                    budget_s: float) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if "load" in figures:
        rows.append((f"{label}: read the TriG", f"{figures['load']:.1f} s, {figures['mb']:.0f} MB peak"))
    answered = {k: v for k, v in figures.items() if k not in ("load", "mb")}
    if answered:
        worst = max(answered, key=answered.__getitem__)
        fast = sum(1 for v in answered.values() if v < 50)
        median = statistics.median(answered.values())
        rows.append((f"{label}: {len(answered)} of the same queries, first ask",
                     f"median {median:.0f} ms, {fast} under 50 ms; worst {worst} {answered[worst]:.0f} ms"))
    if unanswered:
        rows.append((f"{label}: not answered within the time budget",
                     f"{len(unanswered)} queries ({budget_s:.0f} s for loading and all queries)"))
    return rows


def resident_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def articles_per_second(count: int, seconds: float) -> str:
    return f"{count / seconds:.0f} articles/s ({seconds:.1f} s)"


def markdown_table(count: int, rows: list[tuple[str, str]]) -> list[str]:
    return [f"### {count:,} articles", "", "| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]


def measured_build(corpus: Path, store: Path) -> tuple[float, float, float]:
    """Peak memory (MB), seconds and store size (MB) of `kg build --store --workers 2`."""
    started = time.perf_counter()
    peak = peak_memory_mb([sys.executable, "-c", "from kg.cli import main; main()", "build", str(corpus),
                           "--store", str(store), "--workers", "2"])
    return peak, time.perf_counter() - started, folder_mb(store)


def peak_only(count: int, seed: int) -> list[str]:
    work = Path(tempfile.mkdtemp(prefix=f"kg-peak-{count}-"))
    generate(work / "corpus", count, seed)
    peak, seconds, size = measured_build(work / "corpus", work / "store")
    shutil.rmtree(work, ignore_errors=True)
    return markdown_table(count, [("`kg build --store --workers 2`, validated", articles_per_second(count, seconds)),
                                  ("peak memory (all processes)", f"{peak:.0f} MB"),
                                  ("store on disk", f"{size:.0f} MB")])


def bench(count: int, seed: int, rdflib_up_to: int, rdflib_budget_s: float) -> list[str]:
    work = Path(tempfile.mkdtemp(prefix=f"kg-bench-{count}-"))
    corpus = work / "corpus"
    generate(corpus, count, seed)
    store = work / "store"
    rows: list[tuple[str, str]] = []

    resident: list[float] = []  # this process's memory after each build it runs

    def full_build(workers: int, check: bool) -> tuple[BuildSummary, float]:
        shutil.rmtree(store, ignore_errors=True)
        built = timed(lambda: build([corpus], None, store=store, check=check, workers=workers))
        resident.append(resident_mb())
        return built

    _, one = full_build(1, False)
    rows.append(("full build, 1 worker (extraction + RDF + store)", articles_per_second(count, one)))
    rows.append(("the stages of a validated build, one after the other in a process of their own", ""))
    # in a process of its own: it holds every stage's output at once, and the C allocator keeps
    # the freed gigabytes of a 10,000-article run, which would read as growth of the builds after it
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        rows += stage_rows(*pool.submit(stage_seconds, corpus).result())
    _, two = full_build(2, False)
    rows.append(("full build, 2 workers (extraction + RDF + store)", articles_per_second(count, two)))
    summary, checked = full_build(2, True)
    quads = summary.quads
    view = merged_view_size(store)
    rows.append(("full build, 2 workers, validated", articles_per_second(count, checked) +
                 f", {'conforms' if summary.conforms else 'DOES NOT CONFORM'}"))
    validation = checked - two
    rows.append(("validation within the build (validated − unvalidated build)",
                 f"{validation:.1f} s for {quads:,} quads = {validation * 1e6 / quads:.1f} s per million"))
    changed = sorted(corpus.glob("*.txt"))[: max(1, count // 100)]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "\nRussia backs the Syrian government.\n",
                        encoding="utf-8")
    again, incremental = timed(lambda: build([corpus], None, store=store, workers=2))
    resident.append(resident_mb())
    rows.append((f"incremental rebuild, {len(again.articles)} of {count} changed, validated",
                 f"{incremental:.2f} s = {100 * incremental / checked:.1f}% of the full validated build"))
    rows.append(("store on disk", (f"{folder_mb(store):.0f} MB: {quads:,} quads in named graphs, "
                                  f"{view:,} distinct triples in the merged view")))
    rows.append(("memory of this process after each of its in-process builds",
                 ", ".join(f"{mb:.0f}" for mb in resident) + " MB"))
    peak, _, _ = measured_build(corpus, work / "peak-store")
    rows.append(("peak memory of `kg build --store --workers 2` (all processes)", f"{peak:.0f} MB"))
    shutil.rmtree(work / "peak-store", ignore_errors=True)
    latencies = query_latencies(store)
    answered = [v for v in latencies.values() if v is not None]
    rows.append(("canned queries on the store: the query engine, median of up to 5 runs",
                 f"{sum(1 for v in answered if v['engine'] < 50)} of {len(latencies)} under 50 ms"))
    rows.append(("canned queries on the store: a repeated `kg query`, answer kept in the store folder",
                 f"{sum(1 for v in answered if v['kept'] < 50)} of {len(latencies)} under 50 ms"))
    rows += [(f"  {name}", f"engine {v['engine']:.1f} ms, repeated {v['kept']:.1f} ms" if v is not None
              else "not answered in 120 s") for name, v in sorted(latencies.items())]
    if count <= rdflib_up_to:
        trig = work / "graph.trig"
        subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "export", "--store", str(store),
                        "--format", "trig", "-o", str(trig)], check=True, capture_output=True)
        for label, script in (("rdflib's in-memory Dataset and SPARQL engine", _RDFLIB_SCRIPT),
                              ("a plain pyoxigraph store in memory (`kg query -g FILE`)", _MEMORY_SCRIPT)):
            rows += comparison_rows(label, *comparison_figures(script, trig, sorted(latencies), rdflib_budget_s),
                                    rdflib_budget_s)
    shutil.rmtree(work, ignore_errors=True)
    return markdown_table(count, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rdflib-up-to", type=int, default=10000,
                        help="measure rdflib's in-memory store up to this many articles")
    parser.add_argument("--rdflib-budget", type=float, default=600.0,
                        help="seconds rdflib gets to load the graph and answer the queries")
    parser.add_argument("--peak-only", action="store_true",
                        help="only one validated build with 2 workers per size: time, peak memory, store size")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args()
    report: list[str] = []
    for size in (int(s) for s in args.sizes.split(",")):
        tables = peak_only(size, args.seed) if args.peak_only else bench(size, args.seed, args.rdflib_up_to,
                                                                          args.rdflib_budget)
        report += tables + [""]
        args.out.mkdir(parents=True, exist_ok=True)
        table_file = args.out / ("scale-peak.md" if args.peak_only else "scale.md")
        table_file.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))


if __name__ == "__main__":
    main()
