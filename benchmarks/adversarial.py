"""Time every family of regular expressions run on article text against adversarial lines: the
inputs that made a backtracking expression take time quadratic (or worse) in a line's length.

usage: python benchmarks/adversarial.py [--megabytes 2]
Prints one Markdown row per family and input: seconds on a line of half the size and of the
full size, and their ratio, which stays near 2 when the time is linear. Not part of the test
suite (timings depend on the machine); a ratio near 4 means quadratic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.build.batches import extraction_resources
from kg.build.pipeline import markdown, normalise, read, segment
from kg.build.pipeline.dates import find_times

Run = Callable[[str], object]
Make = Callable[[int], str]


def _repeat(unit: str) -> Make:
    return lambda size: unit * (size // len(unit))


def _framed(head: str, filler: str, tail: str) -> Make:
    return lambda size: head + filler * (size // len(filler)) + tail


def _times(text: str) -> object:
    return find_times(text, 0, dt.date(2020, 2, 20), extraction_resources().dates)


def _patterns(text: str) -> object:
    """Every relation and event pattern, as the extractor runs them on an encoded sentence."""
    return [list(p.finditer(text)) for p in extraction_resources().patterns]


def _sentences(text: str) -> object:
    return segment.split_sentences(text, extraction_resources().lexicon)


CASES: list[tuple[str, str, Run, Make]] = [
    ("markdown headings", "'# a', spaces, 'b'", markdown.strip_headings, _framed("# a", " ", "b")),
    ("markdown headings", "'#' lines", markdown.strip_headings, _repeat("#\n")),
    ("markdown links", "unclosed '['", markdown.strip_links, _repeat("[")),
    ("markdown links", "'[](' unclosed", markdown.strip_links, _repeat("[](")),
    ("markdown emphasis", "unclosed '_a '", markdown.strip_emphasis, _repeat("_a ")),
    ("markdown emphasis", "unclosed '**x '", markdown.strip_emphasis, _repeat("**x ")),
    ("markdown date line", "blank lines", markdown.find_date_line, _repeat(" \n")),
    ("markdown date line", "'date: a', spaces, 'b'", markdown.find_date_line, _framed("date: a", " ", "b")),
    ("plain-text date header", "spaces after the date", read._DATE_HEADER.match,
     _framed(" date 2020-02-20", " ", "x")),
    ("plain-text dateline", "'1', spaces, 'x'", read._find_dateline, _framed("1", " ", "x")),
    ("entities", "'& # ' unclosed", normalise.repair_entities, _repeat("& # ")),
    ("entities", "'&#' and digits", normalise.repair_entities, _framed("&#", "1", "")),
    ("entities", "',quot'", normalise.repair_entities, _repeat(",quot")),
    ("template markers", "'%' and capitals", normalise.remove_template_markers, _framed("%", "A", "")),
    ("template markers", "'{{' unclosed", normalise.remove_template_markers, _repeat("{{ ")),
    ("whitespace", "spaces around a newline", normalise.normalise_whitespace, _framed("", " ", "\n a")),
    ("sentence boundaries", "dots", _sentences, _repeat(".")),
    ("sentence boundaries", "'. a'", _sentences, _repeat(". a")),
    ("tokens", "\"a'\"", segment.tokenize, _repeat("a'")),
    ("time expressions", "'on Monday '", _times, _repeat("on Monday ")),
    ("time expressions", "'1 March, '", _times, _repeat("1 March, ")),
    ("time expressions", "digits", _times, _repeat("1")),
    ("time expressions", "'hours earlier, said Tuesday '", _times, _repeat("hours earlier, said Tuesday ")),
    ("relation and event patterns", "a list of actors", _patterns, _repeat(" m1:|Actor|State| p:comma")),
    ("relation and event patterns", "'backed by' again and again", _patterns, _repeat(" w:backed w:by")),
    ("relation and event patterns", "gap words", _patterns, _repeat(" w:rebels w:shelled w:town")),
]


def seconds(run: Run, text: str) -> float:
    started = time.perf_counter()
    run(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0, help="length of the longest line")
    args = parser.parse_args()
    size = int(args.megabytes * 1_000_000)
    extraction_resources()
    print(f"| family | adversarial line | {size / 2e6:g} MB s | {size / 1e6:g} MB s | ratio |")
    print("|---|---|---|---|---|")
    for family, line, run, make in CASES:
        half, full = seconds(run, make(size // 2)), seconds(run, make(size))
        ratio = f"{full / half:.1f}" if half >= 0.005 else "-"
        print(f"| {family} | {line} | {half:.3f} | {full:.3f} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
