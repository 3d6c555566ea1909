"""The ledger of a persistent store: for each article graph, the content hash it was built from
and its validation findings, under the key of the pipeline that built it (the package version,
every ontology, shapes, reference and pattern file, and the analyst's reference files). A store
whose ledger is missing or was written under another key is rebuilt in full, so changing a
pattern or a reference file re-extracts every article.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg import __version__
from kg.common import resources
from kg.store.bridge import write_atomic
from kg.store.context import ReferenceFile, active_references
from kg.validation.shapes import Finding

# bumped when the way a store lays out its graphs changes (2: the default graph is the merged
# view; 3: the summary graph, which an incremental build changes by what it removes and adds)
STORE_LAYOUT = b"store layout 3"


@dataclass(frozen=True)
class Entry:
    content_hash: str
    findings: tuple[Finding, ...] | None  # None when the graph was not validated


@dataclass
class Ledger:
    key: str
    entries: dict[str, Entry] = field(default_factory=dict)
    shared: tuple[Finding, ...] | None = None  # findings of the ontology, reference and pattern graphs
    current: bool = False  # read from the store, written by this pipeline


def pipeline_key() -> str:
    """The key of this pipeline, with the analyst's reference files in force for the run."""
    return _pipeline_key(active_references())


@cache
def _pipeline_key(references: tuple[ReferenceFile, ...]) -> str:
    digest = hashlib.sha256(__version__.encode() + b"\0" + STORE_LAYOUT)
    root = resources.ontology_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    for data in sorted(file.data for file in references):  # what they say, not where they are
        digest.update(b"reference\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _findings(raw: list[dict[str, Any]] | None) -> tuple[Finding, ...] | None:
    return None if raw is None else tuple(Finding(**f) for f in raw)


def _listed(findings: tuple[Finding, ...] | None) -> list[dict[str, Any]] | None:
    return None if findings is None else [asdict(f) for f in findings]


def load_ledger(store: Path) -> Ledger:
    """The store's ledger; an empty one under the current key when it is missing, unreadable
    or written by another pipeline."""
    try:
        raw = json.loads((store / resources.LEDGER_NAME).read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("key") != pipeline_key():
            return Ledger(pipeline_key())
        entries = {str(k): Entry(str(v["hash"]), _findings(v["findings"])) for k, v in raw["articles"].items()}
        return Ledger(raw["key"], entries, _findings(raw["shared"]), current=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Ledger(pipeline_key())


def save_ledger(store: Path, ledger: Ledger) -> None:
    articles = {article_id: {"hash": entry.content_hash, "findings": _listed(entry.findings)}
                for article_id, entry in sorted(ledger.entries.items())}
    data = json.dumps({"key": ledger.key, "shared": _listed(ledger.shared), "articles": articles},
                      ensure_ascii=False, indent=0)
    write_atomic(store / resources.LEDGER_NAME, data.encode("utf-8"))
