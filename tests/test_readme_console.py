"""The README's console examples, run as written, one after another in a folder of their own:
what each shows is what the tool prints. `$ cat FILE` shows a file the next commands read (the
test writes it); a line `...` stands for any lines; times in seconds may differ. A block after
`<!-- console: not run -->` (a server's answer, files the README does not show, pictures
the presentation tests draw) is not run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import REPO, SEEDS
from helpers import run_kg

NOT_RUN = "<!-- console: not run -->"
_SECONDS = re.compile(r"\b\d+\.\d+ s\b")


def console_blocks(text: str) -> list[tuple[int, list[str]]]:
    """Each ```console block's lines, with the line number of its fence; blocks marked as not
    run are left out."""
    blocks: list[tuple[int, list[str]]] = []
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        if lines[number].strip() == "```console":
            start = number
            body: list[str] = []
            number += 1
            while lines[number].strip() != "```":
                body.append(lines[number])
                number += 1
            marked = start > 0 and lines[start - 1].strip() == NOT_RUN
            if not marked:
                blocks.append((start + 1, body))
        number += 1
    return blocks


def steps(block: list[str]) -> list[tuple[str, list[str]]]:
    """The block's commands, each with the lines shown after it."""
    found: list[tuple[str, list[str]]] = []
    for line in block:
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            found[-1][1].append(line)
    return found


def matches(shown: list[str], printed: list[str]) -> bool:
    """The printed lines are the lines shown; a shown `...` stands for any number of lines."""
    if not shown:
        return not printed
    if shown[0] == "...":
        return any(matches(shown[1:], printed[k:]) for k in range(len(printed) + 1))
    return bool(printed) and shown[0] == printed[0] and matches(shown[1:], printed[1:])


def _plain(lines: list[str]) -> list[str]:
    return [_SECONDS.sub("N s", line.rstrip()) for line in lines]


def run_step(command: str, shown: list[str], folder: Path) -> None:
    words = shlex.split(command)
    if words[0] == "cat":
        (folder / words[1]).write_text("\n".join(shown) + "\n", encoding="utf-8")
        return
    assert words[0] == "kg", f"the README's console shows a command that is not kg: {command}"
    target = None
    if ">" in words:
        words, target = words[: words.index(">")], words[words.index(">") + 1]
    result = run_kg(*words[1:], cwd=folder)
    assert "Traceback" not in result.stderr, result.stderr
    if target is not None:
        (folder / target).write_text(result.stdout, encoding="utf-8")
    printed = (result.stdout + result.stderr).splitlines() if target is None else result.stderr.splitlines()
    if not shown:
        assert result.returncode == 0, f"$ {command}\n{result.stderr}"
        return
    assert matches(_plain(shown), _plain(printed)), (
        f"$ {command}\nthe README shows:\n" + "\n".join(shown) + "\nkg prints:\n" + "\n".join(printed))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where `../shared/seeds` and `tests/...` are what they are beside the repository."""
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not beside the repository (../shared/seeds)")
    root = tmp_path_factory.mktemp("readme")
    (root / "shared").symlink_to(SEEDS.parent, target_is_directory=True)
    (root / "work").mkdir()
    (root / "work" / "tests").symlink_to(REPO / "tests", target_is_directory=True)
    return root / "work"


BLOCKS = console_blocks((REPO / "README.md").read_text(encoding="utf-8"))


def test_the_readme_shows_console_examples() -> None:
    assert len(BLOCKS) >= 6 and sum(len(steps(body)) for _, body in BLOCKS) >= 10


def test_the_readme_console_examples_print_what_they_show(folder: Path) -> None:
    """One test, as the examples build on each other (the tour's build, then its queries)."""
    for line, body in BLOCKS:
        for command, shown in steps(body):
            run_step(command, shown, folder)
