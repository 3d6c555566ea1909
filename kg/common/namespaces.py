"""The IRIs the project mints and the vocabularies it reuses."""

from __future__ import annotations

from functools import cache

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD


class MintedNamespace(Namespace):
    """A namespace that makes each of its terms once: a build names the same few properties
    and classes millions of times."""

    def term(self, name: str) -> URIRef:
        return _term(str(self), name if isinstance(name, str) else "")


@cache
def _term(base: str, name: str) -> URIRef:
    return URIRef(base + name)


BASE = "https://w3id.org/conflict-kg/"
KG = MintedNamespace(BASE + "ontology#")
KGR = Namespace(BASE + "id/")
DISCOVERED = Namespace(BASE + "id/discovered/")
ARTICLE = Namespace(BASE + "article/")
GRAPH = Namespace(BASE + "graph/")
PATTERN = MintedNamespace(BASE + "pattern/")
INCIDENT = Namespace(BASE + "incident/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
KGS = Namespace("https://w3id.org/conflict-kg/shapes#")

ONTOLOGY_GRAPH = GRAPH["ontology"]
REFERENCE_GRAPH = GRAPH["reference"]
PATTERNS_GRAPH = GRAPH["patterns"]
CURATED_GRAPHS = GRAPH["curated/"]  # the prefix of every curated file's graph
SUMMARY_GRAPH = GRAPH["summary"]  # derived from the others; see kg.store.summary
STATED = Namespace(BASE + "stated/")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgr": str(KGR),
    "kga": str(ARTICLE),
    "kgg": str(GRAPH),
    "kgp": str(PATTERN),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "geo": str(GEO),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "wd": str(WD),
}

__all__ = [
    "ARTICLE", "BASE", "CURATED_GRAPHS", "DCTERMS", "DISCOVERED", "GEO", "GEONAMES", "GRAPH", "INCIDENT", "KG", "KGR", "KGS",
    "ONTOLOGY_GRAPH", "OWL", "PATTERN", "PATTERNS_GRAPH", "PREFIXES", "PROV", "RDF", "RDFS", "REFERENCE_GRAPH",
    "SCHEMA", "SEM", "SH", "SKOS", "STATED", "SUMMARY_GRAPH", "WD", "XSD",
]
