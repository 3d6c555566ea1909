"""The graph store: an rdflib `Dataset` backed by Oxigraph, bulk loading, parsing with
positions, and deterministic, atomic serialisation.

The statements live in named graphs. The default graph is the merged view: the set of the
triples of all graphs, kept up to date by `add_quads` and `remove_graphs`, so that queries
see each triple once however many articles state it."""

from __future__ import annotations

import errno
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.common.errors import InputError, UsageError
from kg.common.inputs import (
    read_limited,
    refuse_deep_json,
    refuse_deep_xml,
    refuse_xml_declarations,
)
from kg.common.namespaces import PREFIXES
from kg.store.swap import readable_folder

RdfQuad = tuple[Node, Node, Node, URIRef]

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
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = str(XSD.string)


_NAMED: dict[str, ox.NamedNode] = {}  # the same IRIs recur in every article


def _named(iri: str) -> ox.NamedNode:
    node = _NAMED.get(iri)
    if node is None:
        if len(_NAMED) >= 200_000:
            _NAMED.clear()
        node = _NAMED[iri] = ox.NamedNode(iri)
    return node


def to_ox(node: Node) -> OxTerm:
    if isinstance(node, URIRef):
        return _named(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        datatype = _named(str(node.datatype)) if node.datatype else None
        return ox.Literal(str(node), language=node.language, datatype=datatype)
    raise TypeError(f"not an RDF term: {node!r}")


def to_ox_named(node: URIRef) -> ox.NamedNode:
    return _named(str(node))


def from_ox(term: object) -> Node:
    """An rdflib term; simple literals come back plain, not typed xsd:string."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def rdflib_triples(items: Iterable[ox.Quad | ox.Triple]) -> Iterator[tuple[Node, Node, Node]]:
    """The quads' or triples' triples as rdflib terms; a term met again is converted once."""
    terms: dict[object, Node] = {}

    def term(node: object) -> Node:
        converted = terms.get(node)
        if converted is None:
            converted = terms[node] = from_ox(node)
        return converted

    for item in items:
        yield term(item.subject), term(item.predicate), term(item.object)


def add_to_graph(graph: Graph, items: Iterable[ox.Quad | ox.Triple]) -> Graph:
    """Add the quads' or triples' triples to the rdflib graph, in their order."""
    graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(items))
    return graph


def new_dataset() -> Dataset:
    return Dataset(store="Oxigraph")


def _check_holds_store(path: Path, named: Path | None = None) -> None:
    if not (path / "CURRENT").exists() and not any(path.glob("*.sst")):
        raise InputError(named or path, "no kg store in this folder", "build one first with 'kg build --store DIR'")


def open_store(path: Path, create: bool = True) -> Dataset:
    """A Dataset on the on-disk Oxigraph store in the folder, open for writing (made when `create`)."""
    if not create:
        _check_holds_store(path)
    try:
        inner = ox.Store(str(path))
    except OSError as err:
        if disk_full(err):
            raise InputError(path, "cannot be written (the disk is full)", "free some space and try again") from None
        raise InputError(path, f"cannot open the store ({first_line(err)})",
                         "check the folder, and that no other kg or Oxigraph process holds it") from None
    return Dataset(store=OxigraphStore(store=inner))


def read_store(path: Path) -> Dataset:
    """A Dataset on the on-disk store, open for reading only: nothing in the folder is written,
    so a store on read-only media can be read. A store that a killed full rebuild left between
    two folders is read where it is whole."""
    folder = readable_folder(path)
    _check_holds_store(folder, path)
    try:
        inner = ox.Store.read_only(str(folder))
    except OSError as err:
        raise InputError(path, f"cannot open the store ({first_line(err)})",
                         "check that the folder holds a store built by 'kg build --store'") from None
    return Dataset(store=OxigraphStore(store=inner))


def first_line(err: OSError) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def disk_full(err: OSError) -> bool:
    """Oxigraph reports a full disk as an OSError without an errno, in words."""
    return err.errno == errno.ENOSPC or "No space left on device" in str(err)


def open_graph(graph: Path, store: Path | None = None) -> Dataset:
    """The graph to query: the on-disk store, read-only, when one is named; else the graph file."""
    return read_store(store) if store is not None else read_dataset([graph])


def raw_store(dataset: Dataset) -> ox.Store:
    """The pyoxigraph store under the Dataset, for bulk loads and fast queries."""
    inner: ox.Store = dataset.store._inner  # type: ignore[attr-defined]
    return inner


def to_ox_quads(quads: Iterable[RdfQuad]) -> Iterator[ox.Quad]:
    for s, p, o, g in quads:
        subject = _named(s) if type(s) is URIRef else to_ox(s)
        assert not isinstance(subject, ox.Literal)
        yield ox.Quad(subject, _named(str(p)), _named(o) if type(o) is URIRef else to_ox(o), to_ox_named(g))


def load_quads(dataset: Dataset, quads: Iterable[RdfQuad]) -> None:
    add_quads(raw_store(dataset), list(to_ox_quads(quads)))


def add_quads(store: ox.Store, quads: list[ox.Quad]) -> None:
    """Bulk-load the quads, and their triples into the merged view."""
    store.bulk_extend(quads)
    store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object) for q in quads
                       if not isinstance(q.graph_name, ox.DefaultGraph)])


@dataclass(frozen=True)
class SerialisedQuads:
    """Quads of named graphs as N-Quads, and their distinct triples as N-Triples."""

    nquads: bytes = b""
    ntriples: bytes = b""
    count: int = 0


def serialise_quads(quads: list[ox.Quad]) -> SerialisedQuads:
    """Raises ValueError on a blank node, which loading would rename."""
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads):
        raise ValueError("quads with blank nodes cannot be serialised for loading")
    triples = list(dict.fromkeys(q.triple for q in quads))
    return SerialisedQuads(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"",
                           ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", len(quads))


class Loader:
    """Bulk-loads serialised quads in loads of at least `chunk` quads (each load writes new
    files that the store must later merge), and their triples into the merged view once all the
    quads are in, at `flush`.

    The order matters to the in-memory store: a triple of the merged view loaded before the
    quads of the article graphs that repeat it is found only after them all, so that checking a
    triple that a thousand articles state took a thousand steps, and a build time quadratic in
    the number of articles. The triples wait compressed (N-Triples shrink about tenfold)."""

    def __init__(self, store: ox.Store, chunk: int = 250_000) -> None:
        self.store = store
        self.chunk = chunk
        self.pending: list[SerialisedQuads] = []
        self.count = 0
        self.merged_view: list[bytes] = []  # compressed N-Triples, loaded by `flush`

    def add(self, quads: SerialisedQuads) -> None:
        self.pending.append(quads)
        self.count += quads.count
        if self.count >= self.chunk:
            self._load_pending()

    def _load_pending(self) -> None:
        if self.count:
            self.store.bulk_load(b"".join(q.nquads for q in self.pending), format=ox.RdfFormat.N_QUADS)
            self.merged_view.append(zlib.compress(b"".join(q.ntriples for q in self.pending), 1))
        self.pending, self.count = [], 0

    def flush(self) -> None:
        """Load what is pending, then the merged view of all that was loaded."""
        self._load_pending()
        for part in self.merged_view:
            self.store.bulk_load(zlib.decompress(part), format=ox.RdfFormat.N_TRIPLES)
        self.merged_view = []


def remove_graphs(store: ox.Store, names: Iterable[ox.NamedNode]) -> None:
    """Remove the named graphs, and from the merged view their triples no other graph holds."""
    triples: set[ox.Triple] = set()
    for name in names:
        triples.update(q.triple for q in store.quads_for_pattern(None, None, None, name))
        store.remove_graph(name)
    for triple in triples:
        if not _in_a_named_graph(store, triple):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))


def _in_a_named_graph(store: ox.Store, triple: ox.Triple) -> bool:
    return any(not isinstance(q.graph_name, ox.DefaultGraph)
               for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None))


def content_quads(store: ox.Store) -> list[ox.Quad]:
    """The quads of the named graphs, and the default graph's triples that no named graph
    holds (those of a file written without named graphs): the dataset without its merged view."""
    named: list[ox.Quad] = []
    default: list[ox.Quad] = []
    for quad in store.quads_for_pattern(None, None, None, None):
        (default if isinstance(quad.graph_name, ox.DefaultGraph) else named).append(quad)
    held = {q.triple for q in named}
    return named + [q for q in default if q.triple not in held]


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


def is_quad_format(fmt: str) -> bool:
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
    target: ox.NamedNode | ox.DefaultGraph = to_ox_named(graph) if graph is not None else ox.DefaultGraph()
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


def load_file(dataset: Dataset, path: Path, fmt: str | None = None, graph: URIRef | None = None) -> None:
    add_quads(raw_store(dataset), parse_rdf(path, fmt, graph))


def load_graph(path: Path) -> Graph:
    """A small graph (ontology, shapes) in rdflib's memory store; named graphs are merged.
    Syntax errors name the file, line and column."""
    return add_to_graph(Graph(), parse_rdf(path))


def _sort_key(quad: ox.Quad) -> tuple[str, str, bool, str, str]:
    return (str(quad.graph_name), str(quad.subject), quad.predicate.value != _RDF_TYPE,
            str(quad.predicate), str(quad.object))


def sorted_quads(dataset: Dataset) -> Iterator[ox.Quad]:
    """`content_quads` in the order of `_sort_key`, sorted one graph at a time (the key orders
    by graph first), so that only one graph's quads are held at once, not millions."""
    store = raw_store(dataset)
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [*store.named_graphs(), ox.DefaultGraph()]
    for name in sorted(graphs, key=str):
        quads = store.quads_for_pattern(None, None, None, name)
        if isinstance(name, ox.DefaultGraph):  # the triples of the merged view that no graph holds
            quads = (q for q in quads if not _in_a_named_graph(store, q.triple))
        yield from sorted(quads, key=_sort_key)


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """Bytes that depend only on the dataset's content: same graph, same bytes."""
    quads = sorted_quads(dataset)
    rdf_format = FORMATS[fmt]
    if is_quad_format(fmt):
        return ox.serialize(quads, format=rdf_format, prefixes=PREFIXES) or b""
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads},
                     key=lambda t: (str(t.subject), t.predicate.value != _RDF_TYPE, str(t.predicate), str(t.object)))
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


def _plain(term: Node) -> Node:
    """rdflib treats a literal typed xsd:string as different from a plain one; terms from
    different sources are normalised to plain before they are compared."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def named_graph(dataset: Dataset, name: URIRef) -> Graph:
    """One named graph copied into rdflib's memory store, with plain literals."""
    graph = Graph(identifier=name)
    for quad in raw_store(dataset).quads_for_pattern(None, None, None, to_ox_named(name)):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


def graph_names(dataset: Dataset) -> list[str]:
    return sorted(str(g.value) for g in raw_store(dataset).named_graphs())


def read_dataset(paths: Iterable[Path]) -> Dataset:
    dataset = new_dataset()
    for path in paths:
        if not path.exists():
            raise InputError(path, "no such file", "build a graph first with 'kg build', or give -g")
        load_file(dataset, path)
    return dataset
