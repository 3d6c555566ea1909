"""The README documents every command and sub-command (the list comes from the CLI itself),
each shows an example in its help, and CI runs the README's test command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from conftest import REPO
from helpers import run_kg

from kg.cli import app

README = (REPO / "README.md").read_text()


def _commands(group: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Each command and sub-command under `group` as (its full name, its command)."""
    for name, command in sorted(group.commands.items()):
        full = f"{path} {name}"
        yield full, command
        if hasattr(command, "commands"):
            yield from _commands(command, full)


COMMANDS = dict(_commands(typer.main.get_command(app), "kg"))


def _in_readme(path: str) -> bool:
    """'kg analyse route' is shown as such, or among the sub-commands of its group, as in
    'kg analyse sides|centrality|roads|route'."""
    group, _, name = path.rpartition(" ")
    return re.search(re.escape(group) + r" (?:[\w-]+\\?\|)*" + re.escape(name) + r"\b", README) is not None


def _words(text: str) -> str:
    """The text with its line breaks and runs of spaces as single spaces, as help wraps it."""
    return " ".join(text.split())


def test_the_cli_has_sub_commands() -> None:
    assert "kg build" in COMMANDS and any(path.count(" ") == 2 for path in COMMANDS)


@pytest.mark.parametrize("path", list(COMMANDS))
def test_every_command_is_in_the_readme(path: str) -> None:
    assert _in_readme(path), f"README does not show '{path}'"


@pytest.mark.parametrize("path", list(COMMANDS))
def test_every_command_has_help_with_an_example(path: str) -> None:
    command = COMMANDS[path]
    result = run_kg(*path.split()[1:], "--help")
    assert result.returncode == 0, result.stderr
    shown = _words(result.stdout)
    assert command.help and _words(command.help.splitlines()[0]) in shown
    if hasattr(command, "commands"):
        assert all(name in shown for name in command.commands), f"'{path} --help' lists its sub-commands"
    else:
        example = re.search(r"^[ \t]*Example: .*$", command.help, re.MULTILINE)
        assert example and path in example.group(0), f"the help of '{path}' shows no example of it"
        assert _words(example.group(0)) in shown


def test_every_canned_query_is_documented() -> None:
    for path in (REPO / "queries").glob("*.rq"):
        assert path.stem in README, f"README does not mention the query {path.stem}"


def test_ci_runs_the_readme_test_command() -> None:
    block = re.search(r"<!-- test-command -->\s*```(?:sh|bash)?\n(.+?)\n```", README, re.DOTALL)
    assert block, "README needs the test command after <!-- test-command -->"
    assert "test-command" in (REPO / ".ci" / "run").read_text()


def _architecture() -> str:
    """The map of kg/: the first block of the README's Architecture section."""
    section = re.search(r"^## Architecture\n.*?```\n(.+?)```", README, re.DOTALL | re.MULTILINE)
    assert section, "README needs an Architecture section that draws kg/"
    return section.group(1)


def test_the_architecture_names_every_package_of_kg() -> None:
    packages = sorted(p.name for p in (REPO / "kg").iterdir() if (p / "__init__.py").is_file())
    assert packages
    for name in packages:
        assert f"kg/{name}/" in _architecture(), f"the README's architecture does not show kg/{name}/"


def test_every_module_the_architecture_names_exists() -> None:
    modules = {p.name for p in (REPO / "kg").rglob("*.py")}
    named = set(re.findall(r"\b(\w+\.py)\b", _architecture()))
    assert "builder.py" in named
    assert named <= modules, f"the README's architecture names modules kg/ lacks: {sorted(named - modules)}"


def test_every_test_file_the_readme_names_exists() -> None:
    named = set(re.findall(r"\btests/[\w/]+\.py\b", README))
    assert named
    missing = sorted(path for path in named if not (REPO / path).is_file())
    assert missing == [], f"the README names test files that do not exist: {missing}"
