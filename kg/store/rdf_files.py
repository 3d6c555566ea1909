"""RDF files: their formats, parsing with positions, deterministic serialisation, and
atomic writing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.common.errors import InputError, UsageError
from kg.common.inputs import (
    read_limited,
    refuse_deep_json,
    refuse_deep_xml,
    refuse_xml_declarations,
)
from kg.common.namespaces import PREFIXES
from kg.store.terms import add_to_graph

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
}
SUFFIX_FORMATS = {".ttl": "ttl", ".trig": "trig", ".nq": "nq", ".nt": "nt", ".jsonld": "jsonld",
                  ".json": "jsonld", ".rdf": "rdf", ".xml": "rdf", ".owl": "rdf"}
_RDF_TYPE = str(RDF.type)


def format_for(path: Path, explicit: str | None = None) -> str:
    if explicit:
        if explicit.lower() not in FORMATS:
            raise UsageError(
                f"unknown RDF format '{explicit}'; use one of ttl, trig, nq, nt, jsonld"
            )
        return explicit.lower()
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"unknown RDF file type '{path.suffix or path.name}'",
                         "use .ttl, .trig, .nq, .nt, .jsonld or .rdf, or name the format")
    return fmt


def _is_quad_format(fmt: str) -> bool:
    return FORMATS[fmt] in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD)


def parse_rdf(path: Path, fmt: str | None = None, graph: URIRef | None = None) -> list[ox.Quad]:
    """Parse a file into quads; triples go into `graph` (default graph if None).

    Syntax errors become an InputError with the file, line and column. External entities
    and documents are never fetched. Only a regular file is read (a named pipe would block, a
    device never end); RDF/XML with a DOCTYPE (whose entities would expand without limit) and
    JSON-LD nested deeper than the parser's stack allows are refused before parsing."""
    fmt = format_for(path, fmt)
    data = read_limited(path, None)
    if not data or data.isspace():
        raise InputError(path, "empty file", "write some triples or leave the file out")
    if FORMATS[fmt] == ox.RdfFormat.RDF_XML:
        refuse_xml_declarations(path, data)
        refuse_deep_xml(path, data)
    elif FORMATS[fmt] == ox.RdfFormat.JSON_LD:
        refuse_deep_json(path, data)
    target: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()
    try:
        parsed = list(ox.parse(data, format=FORMATS[fmt], base_iri=path.resolve().as_uri()))
    except SyntaxError as err:
        message = str(err).split(" (line")[0]
        message = message.split(": ", 1)[-1] if message.startswith("Parser error") else message
        raise InputError(path, f"syntax error: {message}", "fix the syntax and try again",
                         line=err.lineno, column=err.offset) from None
    except (ValueError, OSError) as err:
        raise InputError(path, f"cannot be parsed ({err})", "check that it is valid RDF") from None
    quads: list[ox.Quad] = []
    for item in parsed:
        if isinstance(item, ox.Quad) and not isinstance(item.graph_name, ox.DefaultGraph):
            quads.append(item)
        else:
            quads.append(ox.Quad(item.subject, item.predicate, item.object, target))
    return quads


def load_graph(path: Path) -> Graph:
    """A small graph (ontology, shapes) in rdflib's memory store; named graphs are merged.
    Syntax errors name the file, line and column."""
    return add_to_graph(Graph(), parse_rdf(path))


def quad_order(quad: ox.Quad) -> tuple[str, str, bool, str, str]:
    """By graph, subject, typing statements first, predicate and object."""
    return (str(quad.graph_name), str(quad.subject), quad.predicate.value != _RDF_TYPE,
            str(quad.predicate), str(quad.object))


def _triple_order(triple: ox.Triple) -> tuple[str, bool, str, str]:
    return str(triple.subject), triple.predicate.value != _RDF_TYPE, str(triple.predicate), str(triple.object)


def serialise_sorted(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Quads given in `quad_order` in the format; a triple format gets their distinct triples,
    in the same order."""
    rdf_format = FORMATS[fmt]
    if _is_quad_format(fmt):
        return ox.serialize(quads, format=rdf_format, prefixes=PREFIXES) or b""
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_triple_order)
    prefixes = PREFIXES if rdf_format != ox.RdfFormat.N_TRIPLES else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: never half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise InputError(folder, f"cannot write here ({err.strerror})",
                         "choose a writable output folder with -o") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise InputError(path, f"cannot be written ({err.strerror})", "check the output path") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
