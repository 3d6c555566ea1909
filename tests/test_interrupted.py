"""A build killed halfway leaves the previous output readable and unchanged: killed while it
extracts, and killed with the new graph written to its temporary file but not yet moved in."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

from helpers import fork_kg

from kg.build.builder import BuildSummary
from kg.common import resources
from kg.store.bridge import read_dataset


def die_before_replacing_the_output() -> None:
    """Make this process die the moment the graph is written, before it replaces the output."""
    replace = os.replace

    def replace_or_die(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if str(target).endswith("graph.trig"):
            os.kill(os.getpid(), signal.SIGKILL)
        replace(source, target)

    os.replace = replace_or_die  # type: ignore[assignment]


def previous_output(demo_build: BuildSummary, folder: Path) -> Path:
    output = folder / "graph.trig"
    shutil.copy(demo_build.output, output)
    return output


def test_a_build_killed_while_it_extracts_leaves_the_previous_graph(demo_build: BuildSummary, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k in range(20):
        for article in sorted(resources.demo_corpus_dir().glob("*.txt")):
            shutil.copy(article, corpus / f"{k:03d}-{article.name}")
    output = previous_output(demo_build, tmp_path)
    before = output.read_bytes()
    build = fork_kg("build", str(corpus), "-o", str(output))
    time.sleep(1)
    assert build.is_alive(), "the build finished before it could be interrupted"
    build.kill()
    build.join(timeout=30)
    assert output.read_bytes() == before
    assert len(list(read_dataset([output]).graphs())) > 0


def test_a_build_killed_before_it_moves_the_new_graph_in_leaves_the_previous_one(
        demo_build: BuildSummary, tmp_path: Path) -> None:
    output = previous_output(demo_build, tmp_path)
    (tmp_path / "corpus").mkdir()
    shutil.copy(min(resources.demo_corpus_dir().glob("*.txt")), tmp_path / "corpus")
    before = output.read_bytes()
    build = fork_kg("build", str(tmp_path / "corpus"), "-o", str(output), before=die_before_replacing_the_output)
    build.join(timeout=120)
    assert build.exitcode == -signal.SIGKILL
    assert output.read_bytes() == before
    assert len(list(read_dataset([output]).graphs())) > 0
