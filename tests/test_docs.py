"""The README documents every command, and CI runs the README's test command."""

from __future__ import annotations

import re

from conftest import REPO

from kg.cli import app

README = (REPO / "README.md").read_text()


def test_every_command_is_documented() -> None:
    commands = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert commands
    for name in commands:
        assert f"kg {name}" in README, f"README does not show 'kg {name}'"


def test_every_canned_query_is_documented() -> None:
    for path in (REPO / "queries").glob("*.rq"):
        assert path.stem in README, f"README does not mention the query {path.stem}"


def test_ci_runs_the_readme_test_command() -> None:
    block = re.search(r"<!-- test-command -->\s*```(?:sh|bash)?\n(.+?)\n```", README, re.DOTALL)
    assert block, "README needs the test command after <!-- test-command -->"
    assert "test-command" in (REPO / ".ci" / "run").read_text()
