"""Exports: RDF formats, the actor network for Gephi, GeoJSON for QGIS and kepler.gl, and an
ACLED-style CSV of events (`acled`)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from kg.common.errors import UsageError
from kg.presentation.acled import acled_csv
from kg.presentation.networks import actor_network, roads
from kg.questions.query import select_rows
from kg.store.bridge import open_graph, serialize, write_atomic

RDF_EXPORTS = ("ttl", "trig", "nq", "nt", "jsonld")
OTHER_EXPORTS = ("graphml", "gexf", "geojson", "acled")
EXPORT_FORMATS = RDF_EXPORTS + OTHER_EXPORTS
# The format a file's name says it holds.
EXPORT_SUFFIXES = {".ttl": "ttl", ".trig": "trig", ".nq": "nq", ".nt": "nt", ".jsonld": "jsonld",
                   ".graphml": "graphml", ".gexf": "gexf", ".geojson": "geojson", ".csv": "acled"}
def network_export(dataset: Dataset, fmt: str) -> bytes:
    graph = actor_network(dataset)
    plain = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        plain.add_node(node, label=data["label"], type=data.get("type") or "")
    for a, b, data in graph.edges(data=True):
        plain.add_edge(a, b, relation=data["relation"], sources=data["sources"], weight=data["weight"])
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(plain, buffer)
    return buffer.getvalue()


def _feature(geometry: dict[str, Any] | None, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _point(lat: str, long: str) -> dict[str, Any] | None:
    return {"type": "Point", "coordinates": [float(long), float(lat)]} if lat and long else None


def geojson(dataset: Dataset) -> tuple[dict[str, Any], list[str]]:
    """Places, highways (lines through their ordered places) and events; the names of places
    without coordinates are returned so the caller can report them."""
    features: list[dict[str, Any]] = []
    missing: list[str] = []
    for row in select_rows(dataset, "places-map"):
        point = _point(row["lat"], row["long"])
        if point is None:
            missing.append(row["placeLabel"])
            continue
        features.append(_feature(point, {"kind": "place", "name": row["placeLabel"], "type": row["type"],
                                         "controller": row["controller"], "controlledSince": row["controlledSince"],
                                         "iri": row["place"]}))
    network = roads(dataset)
    for highway, places in network.highways.items():
        coordinates = [[c[1], c[0]] for p in places if (c := network.graph.nodes[p.iri].get("coordinates"))]
        if len(coordinates) >= 2:
            features.append(_feature({"type": "LineString", "coordinates": coordinates},
                                     {"kind": "highway", "name": highway, "places": [p.label for p in places]}))
    for row in select_rows(dataset, "events-table"):
        point = _point(row["lat"], row["long"])
        if point is None:
            continue
        features.append(_feature(point, {
            "kind": "event", "type": row["type"], "date": row["date"], "datePrecision": row["datePrecision"],
            "status": row["status"], "actor1": row["actor1"], "actor2": row["actor2"], "place": row["location"],
            "fatalities": row["fatalities"], "sources": row["source"], "article": row["articleId"],
        }))
    return {"type": "FeatureCollection", "features": features}, sorted(set(missing))


def export_format(fmt: str | None, output: Path | None) -> str:
    """The format to export in: the one named, or the one the output file's name says; a
    name that says another format than the one named is refused."""
    named = fmt.lower() if fmt else None
    if named is not None and named not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format '{fmt}'; use one of {', '.join(EXPORT_FORMATS)}")
    said = EXPORT_SUFFIXES.get(output.suffix.lower()) if output is not None else None
    if output is not None and named is not None and said is not None and said != named:
        raise UsageError(f"{output}: its name says {said}, not {named}; name the file "
                         f"{output.with_suffix(_suffix_of(named)).name} or leave --format out")
    if named is None and said is None:
        where = f"{output}: its name does not say the format" if output is not None else "no format"
        raise UsageError(f"{where}; give --format ({', '.join(EXPORT_FORMATS)}) or an output file "
                         "named for it (-o graph.nq)")
    return named or str(said)


def _suffix_of(fmt: str) -> str:
    return next(suffix for suffix, named in EXPORT_SUFFIXES.items() if named == fmt)


def export(graph: Path, fmt: str | None, output: Path | None = None,
           store: Path | None = None) -> tuple[bytes, list[str]]:
    """The graph in `fmt` (or in the format the output file's name says), written atomically
    to `output` when given; and the warnings (places left off a map for want of coordinates)."""
    fmt = export_format(fmt, output)
    dataset = open_graph(graph, store)
    warnings: list[str] = []
    if fmt in RDF_EXPORTS:
        data = serialize(dataset, fmt)
    elif fmt in ("graphml", "gexf"):
        data = network_export(dataset, fmt)
    elif fmt == "geojson":
        collection, missing = geojson(dataset)
        data = json.dumps(collection, indent=1, ensure_ascii=False).encode("utf-8")
        if missing:
            warnings.append(f"{len(missing)} places have no coordinates and are not on the map: " + ", ".join(missing))
    else:
        data, undated = acled_csv(dataset)
        warnings.extend(undated)
    if output is not None:
        write_atomic(output, data)
    return data, warnings
