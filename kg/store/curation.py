"""Curated files: statements analysts write by hand, each file in a named graph of its own
with its provenance (file, content hash, curator), beside what was extracted."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from kg.common.inputs import shown, slugify
from kg.common.namespaces import BASE, CURATED_GRAPHS, KG
from kg.store.bridge import RdfQuad, add_quads, load_quads, parse_rdf, raw_store, remove_graphs

CURATED = BASE + "curated/"
_CURATOR_PROPERTIES = (str(DCTERMS.creator), str(PROV.wasAttributedTo))


@dataclass(frozen=True)
class CuratedSource:
    path: Path
    iri: URIRef
    graph: URIRef
    identifier: str
    content_hash: str
    curator: str | None
    statements: int


def _path_hash(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:8]


def curated_slug(path: Path, shared_name: bool = False) -> str:
    """The file's name; for files that share a name, with a short hash of the file's path."""
    return slugify(path.name) + (f"-{_path_hash(path)}" if shared_name else "")


def curated_graph_iri(path: Path, shared_name: bool = False) -> URIRef:
    return URIRef(CURATED_GRAPHS + curated_slug(path, shared_name))


def _curator(quads: list[ox.Quad]) -> str | None:
    for quad in quads:
        if quad.predicate.value in _CURATOR_PROPERTIES and isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


def source_quads(source: CuratedSource) -> list[RdfQuad]:
    graph = source.graph
    quads: list[RdfQuad] = [
        (source.iri, RDF.type, KG.CuratedSource, graph),
        (source.iri, KG.graph, graph, graph),
        (source.iri, DCTERMS.identifier, Literal(source.identifier), graph),
        (source.iri, KG.sourceFile, Literal(shown(source.path)), graph),
        (source.iri, KG.contentHash, Literal(source.content_hash), graph),
    ]
    if source.curator:
        quads.append((source.iri, KG.curator, Literal(source.curator), graph))
    return quads


def load_for_validation(dataset: Dataset, path: Path) -> None:
    """A built graph keeps its named graphs; a hand-written file is loaded as a curated source."""
    graph = str(curated_graph_iri(path))
    quads = parse_rdf(path, graph=curated_graph_iri(path))
    if any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != graph for q in quads):
        add_quads(raw_store(dataset), quads)
        return
    load_curated(dataset, path, quads)


def load_curated_files(dataset: Dataset, paths: list[Path]) -> list[CuratedSource]:
    """Each file in its own named graph, named after the file; files that share a name (in
    different folders) are told apart by a short hash of their path. A file given twice is
    loaded once."""
    unique = list({path.resolve(): path for path in paths}.values())
    names = Counter(slugify(path.name) for path in unique)
    return [load_curated(dataset, path, shared_name=names[slugify(path.name)] > 1) for path in unique]


def load_curated(dataset: Dataset, path: Path, parsed: list[ox.Quad] | None = None,
                 shared_name: bool = False) -> CuratedSource:
    """Parse the file into its own named graph (named graphs in the file are folded into it)."""
    graph = curated_graph_iri(path, shared_name)
    target = ox.NamedNode(str(graph))
    quads = [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed or parse_rdf(path, graph=graph)]
    remove_graphs(raw_store(dataset), [target])
    add_quads(raw_store(dataset), quads)
    source = CuratedSource(
        path=path, iri=URIRef(CURATED + curated_slug(path, shared_name)), graph=graph,
        identifier=f"curated/{shown(path.name)}" + (f"#{_path_hash(path)}" if shared_name else ""),
        content_hash="sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
        curator=_curator(quads), statements=len(quads),
    )
    load_quads(dataset, source_quads(source))
    return source
