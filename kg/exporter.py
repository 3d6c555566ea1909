"""Export a graph file to another RDF format."""

from __future__ import annotations

from pathlib import Path

from kg.errors import UsageError
from kg.store import FORMATS, read_dataset, serialize, write_atomic

EXPORT_FORMATS = ("ttl", "trig", "nq", "nt", "jsonld")


def export(graph: Path, fmt: str, output: Path | None = None) -> bytes:
    """Serialise the graph in `fmt`; write it atomically to `output` when one is given.
    Triple formats (ttl, nt) merge the named graphs into one."""
    fmt = fmt.lower()
    if fmt not in FORMATS or fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format '{fmt}'; use one of {', '.join(EXPORT_FORMATS)}")
    data = serialize(read_dataset([graph]), fmt)
    if output is not None:
        write_atomic(output, data)
    return data
