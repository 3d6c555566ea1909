"""Conventions every command keeps: a short flag means one thing across the commands, a
boolean option is a flag that takes no value, and the shell completion is on offer."""

from __future__ import annotations

from typing import Any

import typer
from helpers import run_kg

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
