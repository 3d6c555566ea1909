"""Conventions every command keeps: a short flag means one thing across the commands, a
boolean option is a flag that takes no value, the shell completion is on offer, and the
environment may name the store or the graph that commands read (KG_STORE, KG_GRAPH)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from helpers import run_kg

from kg.build.builder import BuildSummary
from kg.cli import app

COMMAND = typer.main.get_command(app)
TYPERS_OWN = {"help", "install_completion", "show_completion"}


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Each command and sub-command with the words that call it (Typer's own Click classes)."""
    found = [(path, group)]
    if hasattr(group, "commands"):
        for name, command in group.commands.items():
            found += _commands(command, (*path, name))
    return found


def test_a_short_flag_means_one_thing_in_every_command() -> None:
    meanings: dict[str, set[str]] = {}
    for _, command in _commands(COMMAND):
        for param in command.params:
            if param.param_type_name == "option":
                longs = [o for o in param.opts if o.startswith("--")]
                for short in (o for o in param.opts if not o.startswith("--")):
                    meanings.setdefault(short, set()).update(longs)
    assert meanings, "no short flag found"
    assert {short: longs for short, longs in meanings.items() if len(longs) > 1} == {}


def test_boolean_options_show_no_value_in_the_help() -> None:
    flags = 0
    for path, command in _commands(COMMAND):
        shown = run_kg(*path, "--help")
        for param in command.params:
            if param.param_type_name == "option" and param.is_flag and param.name not in TYPERS_OWN:
                flags += 1
                (line,) = [row for row in shown.stdout.splitlines()
                           if row.lstrip("│ ").startswith(f"{param.opts[0]} ")]
                assert "<bool>" not in line, f"kg {' '.join(path)}: {line.strip()}"
    assert flags >= 8


def test_the_shell_completion_is_on_offer() -> None:
    result = run_kg("--help")
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


def test_the_environment_names_the_store_or_the_graph_a_command_reads(
        tmp_path: Path, demo_build: BuildSummary, demo_store_at: Callable[[Path], Path]) -> None:
    store = demo_store_at(tmp_path / "store")
    asked = ("query", "what-lies-on", "-p", "highway=M5", "--format", "csv")
    from_store = run_kg(*asked, env={"KG_STORE": str(store), "KG_GRAPH": None}, cwd=tmp_path)
    assert from_store.returncode == 0 and "\nM5," in from_store.stdout, from_store.stderr
    from_graph = run_kg(*asked, env={"KG_GRAPH": str(demo_build.output), "KG_STORE": None}, cwd=tmp_path)
    def places(csv_text: str) -> set[tuple[str, ...]]:
        return {tuple(line.split(",")[:2]) for line in csv_text.splitlines()[1:]}

    assert from_graph.returncode == 0 and places(from_graph.stdout) == places(from_store.stdout)
    other = tmp_path / "other.nt"
    other.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    named = run_kg(*asked, "-g", str(other), env={"KG_STORE": str(store)}, cwd=tmp_path)
    assert named.returncode == 2 and "the data names no highway at all" in named.stderr  # -g wins


def test_a_build_writes_the_graph_the_environment_names(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Rebels shelled the town of Kafr Nabudah on Monday.\n", encoding="utf-8")
    result = run_kg("build", str(tmp_path / "in"), env={"KG_GRAPH": str(tmp_path / "mine.trig"), "KG_STORE": None},
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mine.trig").is_file() and not (tmp_path / "kg-out").exists()


def test_quiet_leaves_the_answers_and_verbose_adds_each_article(tmp_path: Path, demo_build: BuildSummary) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "raid.txt").write_text("Date: 2019-05-06\n\nRussian jets struck the town of Kafr Nabudah.\n",
                                              encoding="utf-8")
    quiet = run_kg("--quiet", "build", str(tmp_path / "in"), "-o", str(tmp_path / "g.trig"))
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "g.trig").is_file()
    verbose = run_kg("-v", "build", str(tmp_path / "in"), "-o", str(tmp_path / "h.trig"))
    assert verbose.returncode == 0 and "articles: 1 built, 0 skipped" in verbose.stdout
    assert f"built raid ({tmp_path / 'in' / 'raid.txt'}): " in verbose.stdout
    answer = run_kg("-q", "query", "what-lies-on", "-g", str(demo_build.output), "-p", "highway=M5", "--format", "csv")
    assert answer.returncode == 0 and answer.stdout.startswith("highwayLabel,placeLabel,sources")
    both = run_kg("-q", "-v", "queries")
    assert both.returncode == 2 and both.stderr == "kg: error: --quiet and --verbose ask for opposite things; give one of them\n"


def test_a_command_given_no_arguments_shows_its_help_once() -> None:
    for words in ([], ["analyse"]):
        result = run_kg(*words)
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("Usage: kg") == 1, result.stdout
        assert "Commands" in result.stdout
