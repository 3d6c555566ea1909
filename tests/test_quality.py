"""The code keeps its standards: mypy strict on kg/, ruff clean on kg/ and tests/."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import REPO


@pytest.mark.parametrize("command", [["mypy"], ["ruff", "check", "kg", "tests"]], ids=["mypy", "ruff"])
def test_static_checks(command: list[str]) -> None:
    if shutil.which(command[0]) is None or not (REPO / "pyproject.toml").is_file():
        pytest.skip(f"{command[0]} is not installed")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
