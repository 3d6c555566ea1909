"""The one place that knows where the ontology, queries and demo corpus live, and the
tool's defaults: where it writes, and the address it serves on.

In a source checkout they sit beside the package; in an installed wheel they are
shipped under `kg/_data/`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kg.common.errors import QueryError

_PACKAGE = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = Path("kg-out") / "graph.trig"
LOCALHOST = "127.0.0.1"
LEDGER_NAME = "kg-ledger.json"  # in a store folder, beside the store's own files


@cache
def data_root() -> Path:
    shipped = _PACKAGE / "_data"
    if (shipped / "ontology").is_dir():
        return shipped
    return _PACKAGE.parent


def ontology_dir() -> Path:
    return data_root() / "ontology"


def ontology_file() -> Path:
    return ontology_dir() / "kg.ttl"


def ontology_files() -> list[Path]:
    """The vocabulary and the event typology."""
    return [ontology_file(), ontology_dir() / "typology.ttl"]


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def presentation_file() -> Path:
    """How the analyses, exports and pictures treat the vocabulary's relations and words."""
    return ontology_dir() / "presentation.json"


def reference_files() -> list[Path]:
    return sorted((ontology_dir() / "reference").glob("*.ttl"))


def patterns_dir() -> Path:
    return ontology_dir() / "patterns"


def queries_dir() -> Path:
    return data_root() / "queries"


def demo_corpus_dir() -> Path:
    return data_root() / "corpus" / "demo"


def templates_dir() -> Path:
    """The HTML templates of the report (inside the package, installed or not)."""
    return _PACKAGE / "templates"


def vendor_dir() -> Path:
    """Third-party files the report inlines: JavaScript, CSS and map outlines, with their licences."""
    return _PACKAGE / "vendor"


@cache
def internal_query(name: str) -> str:
    """The text of a query the tool runs for itself (`queries/internal/NAME.rq`), which is not
    a canned query."""
    path = queries_dir() / "internal" / f"{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise QueryError(f"{path}: cannot read the query ({err.strerror}); reinstall kg") from None
