"""Control characters and undecodable bytes in data never reach the terminal raw."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.common.terminal import printable

ESCAPE = "\x1b"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain words", "plain words"),
        ("red\x1b[31m alert", "red\\x1b[31m alert"),
        ("first\rsecond", "first\\x0dsecond"),
        ("one\ntwo", "one\\x0atwo"),
        ("bell\x07", "bell\\x07"),
        ("c1\x9bcontrol", "c1\\x9bcontrol"),
        ("caf\udce9.txt", "caf\\xe9.txt"),
        ("Ma\u2019arat al-Nu\u2019man", "Ma\u2019arat al-Nu\u2019man"),
    ],
)
def test_printable_escapes_controls_and_keeps_text(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_keeps_lines_when_asked() -> None:
    assert printable("a\tb\nc\x1b", keep_lines=True) == "a\tb\nc\\x1b"


def test_a_title_with_an_escape_sequence_shows_escaped_in_a_table(tmp_path: Path) -> None:
    article = tmp_path / "dispatch.md"
    article.write_text(
        f"# Shelling resumes {ESCAPE}[2J near the town of Binnish\n\n"
        "Government forces shelled Binnish on Tuesday, a monitor said.\n",
        encoding="utf-8",
    )
    graph = tmp_path / "graph.trig"
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(article), "-o", str(graph)])
    assert built.exit_code == 0, built.output
    shown = runner.invoke(app, ["query", "articles", "-g", str(graph)])
    assert shown.exit_code == 0, shown.output
    assert ESCAPE not in shown.stdout
    assert "\\x1b[2J near the town of Binnish" in shown.stdout


def test_a_file_name_with_a_newline_is_one_line_in_the_summary(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Rebels backed by Turkey advanced on Idlib city.", encoding="utf-8")
    (folder / "forged\nline.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder), "-o", str(tmp_path / "g.trig")])
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1
    assert "forged\\x0aline.txt: empty file" in skipped[0]
