"""Build one JSON Lines file of short wire reports at several sizes and measure time and peak memory:
the build should grow linearly with the number of records.

usage: python benchmarks/jsonl_scale.py [--sizes 10000,100000] [--workers 1]
Writes the files in a temporary folder, runs `kg build FILE --progress` in a fresh process for each,
and prints one Markdown row per size: records, seconds, CPU seconds (steadier than seconds on a
shared machine), records a second, peak memory (of the build process and its workers) and the
CPU time relative to the smallest size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BACKERS = ["Turkey", "Russia", "Iran"]
PLACES = ["Sarmin", "Saraqeb", "Binnish", "Taftanaz", "Ariha", "Nairab", "Maarat al-Numan", "Kafr Nabl"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def write_records(path: Path, count: int) -> None:
    """Records that differ in backer, town, weekday, date and number."""
    with path.open("w", encoding="utf-8") as out:
        for k in range(count):
            text = (f"Rebels backed by {BACKERS[k % 3]} shelled the town of {PLACES[k % 8]} "
                    f"on {DAYS[k % 5]}, wounding {k % 40 + 2} people.")
            out.write(json.dumps({"id": f"wire-{k}", "date": f"2020-02-{1 + k % 28:02d}", "text": text}) + "\n")


# runs the command given and prints the CPU seconds and peak memory (kB) of it and its workers
_USAGE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
          "stderr=subprocess.DEVNULL); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
          "print(u.ru_utime + u.ru_stime, u.ru_maxrss)")


def build(path: Path, workers: int) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak resident memory in MB of one build in a fresh process."""
    command = [sys.executable, "-c", "from kg.cli import main; main()", "build", str(path),
               "-o", str(path.with_suffix(".trig")), "--workers", str(workers), "--progress"]
    started = time.perf_counter()
    usage = subprocess.run([sys.executable, "-c", _USAGE, *command], check=True, cwd=REPO,
                           capture_output=True, text=True).stdout.split()
    return time.perf_counter() - started, float(usage[0]), int(usage[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| records | seconds | CPU seconds | records a second | peak MB | CPU time / smallest |")
    print("|---|---|---|---|---|---|")
    first: float | None = None
    with tempfile.TemporaryDirectory(prefix="kg-jsonl-") as folder:
        for size in sizes:
            path = Path(folder) / f"wire-{size}.jsonl"
            write_records(path, size)
            seconds, cpu, peak = build(path, args.workers)
            first = first or cpu
            print(f"| {size} | {seconds:.1f} | {cpu:.1f} | {size / seconds:.0f} | {peak:.0f} | {cpu / first:.1f} |",
                  flush=True)
            path.with_suffix(".trig").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
