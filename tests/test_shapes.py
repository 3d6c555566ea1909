"""Shape cases as data: each file in tests/shapes says in its first line what validating
it must give (`# expect: conforms` or `# expect: violation: <message>`)."""

from pathlib import Path

import pytest

from kg.validator import render_report, validate_files

CASES = sorted(p for p in (Path(__file__).parent / "shapes").iterdir() if p.suffix in (".ttl", ".trig"))


def _expectation(path: Path) -> str:
    first = path.read_text().split("\n", 1)[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: ...'"
    return first[len("# expect: "):]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shape_case(path: Path) -> None:
    expected = _expectation(path)
    outcome = validate_files([path])
    if expected == "conforms":
        assert outcome.report.conforms, render_report(outcome, "text")
        return
    message = expected.removeprefix("violation: ")
    assert not outcome.report.conforms
    assert any(message in f.message for f in outcome.report.violations), render_report(outcome, "text")


def test_violation_names_file_line_node_property_and_value() -> None:
    outcome = validate_files([Path(__file__).parent / "shapes" / "place-on-city.ttl"])
    text = render_report(outcome, "text")
    assert "place-on-city.ttl:10: Violation: Saraqeb <https://w3id.org/conflict-kg/id/Saraqeb>" in text
    assert "property liesOn" in text and "value Aleppo <https://w3id.org/conflict-kg/id/Aleppo>" in text
