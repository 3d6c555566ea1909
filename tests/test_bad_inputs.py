"""A battery of bad inputs, as data (tests/cases/bad_inputs*.jsonl, one file per area): each gets
its clear message and exit code, never a traceback, and an error is one line on stderr. The
command runs in this process, but for a case marked "process": one whose abandoned work would
go on after it ends (a query past its time limit)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import TESTS
from helpers import run_kg, run_kg_process

CASES = [json.loads(line) for path in sorted((TESTS / "cases").glob("bad_inputs*.jsonl"))
         for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _name(name: str) -> str:
    """"in/hex:636166e9.txt" names a file by bytes that need not be UTF-8 (here in/caf\\xe9.txt)."""
    folder, _, base = name.rpartition("/")
    if not base.startswith("hex:"):
        return name
    stem, dot, suffix = base[4:].partition(".")
    return (folder + "/" if folder else "") + os.fsdecode(bytes.fromhex(stem)) + dot + suffix


def _write(root: Path, files: dict[str, object]) -> None:
    for name, content in files.items():
        path = root / _name(name)
        if content is None:
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        elif isinstance(content, dict) and "hex" in content:
            path.write_bytes(bytes.fromhex(str(content["hex"])))
        elif isinstance(content, dict) and "fifo" in content:
            os.mkfifo(path)
        elif isinstance(content, dict) and "symlink" in content:
            path.symlink_to(str(content["symlink"]))
        elif isinstance(content, dict) and "parts" in content:  # [[text, times], ...] one after another
            path.write_text("".join(str(text) * int(times) for text, times in content["parts"]), encoding="utf-8")
        elif isinstance(content, dict):
            path.write_text(str(content["repeat"]) * int(str(content["times"])), encoding="utf-8")


def _args(args: list[str], tmp: Path) -> list[str]:
    return [a.replace("{tmp}", str(tmp)) for a in args]


def _set_up(setup: list[str], tmp: Path, request: pytest.FixtureRequest) -> None:
    """Run a setup step; a build of the demo corpus is the session's (built once), copied."""
    if setup == ["build", "-o", "{tmp}/g.trig"]:
        shutil.copyfile(request.getfixturevalue("demo_build").output, tmp / "g.trig")
    elif setup == ["build", "--store", "{tmp}/st"]:
        request.getfixturevalue("demo_store_at")(tmp / "st")
    else:
        assert run_kg(*_args(setup, tmp), cwd=tmp).returncode == 0


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict[str, object], tmp_path: Path, request: pytest.FixtureRequest) -> None:
    files = case.get("files", {})
    assert isinstance(files, dict)
    _write(tmp_path, files)
    for setup in case.get("setup", []):  # type: ignore[attr-defined]
        _set_up(setup, tmp_path, request)
    args = case["args"]
    assert isinstance(args, list)
    run = run_kg_process if case.get("process") else run_kg
    result = run(*_args(args, tmp_path), cwd=tmp_path)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == case["exit"], result.stderr
    for text in case.get("stderr", []):  # type: ignore[attr-defined]
        assert text in result.stderr
    for text in case.get("stdout", []):  # type: ignore[attr-defined]
        assert text in result.stdout
    for text in case.get("absent", []):  # type: ignore[attr-defined]
        assert text not in result.stderr + result.stdout
    if result.returncode == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
