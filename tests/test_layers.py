"""No import runs back up the layers of kg/: the shared ground imports nothing above it, the
store only the shared ground, and so on up to the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

# a package may import only packages of a lower rank (and itself)
RANKS = {"common": 0, "store": 1, "questions": 2, "validation": 3, "presentation": 3, "build": 4,
         "evaluation": 5, "cli": 6, "__main__": 7}


def _imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [a.name for a in node.names] if isinstance(node, ast.Import) else []
        found |= {name.split(".")[1] for name in names if name.startswith("kg.") and name.count(".") >= 1}
    return found


def _package_of(path: Path) -> str:
    part = path.relative_to(REPO / "kg").parts[0]
    return part.removesuffix(".py")


def test_every_part_of_kg_has_a_rank() -> None:
    parts = {_package_of(p) for p in (REPO / "kg").rglob("*.py")} - {"__init__"}
    assert parts == set(RANKS)


def test_no_import_runs_back_up() -> None:
    upward = []
    for path in sorted((REPO / "kg").rglob("*.py")):
        own = _package_of(path)
        if own == "__init__":
            continue
        for imported in _imported_packages(path) - {own}:
            if RANKS[imported] >= RANKS[own]:
                upward.append(f"{path.relative_to(REPO)} imports kg.{imported}")
    assert upward == []


def test_no_two_modules_share_a_name() -> None:
    names = [p.name for p in (REPO / "kg").rglob("*.py") if p.name != "__init__.py"]
    assert sorted({n for n in names if names.count(n) > 1}) == []
