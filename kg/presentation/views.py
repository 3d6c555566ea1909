"""The data behind the pictures: the actor network and its sides, the map of places, highways
and control changes, and who controlled each contested place over time. Everything comes from
the canned queries and `kg.presentation.networks`; the HTML report (`kg.presentation.report`) and the static plots
(`kg.presentation.plot`) draw the same `Views`, so they agree with each other and with `kg query`."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset

from kg.common import resources
from kg.common.errors import DataError
from kg.common.geo import distance_km
from kg.presentation import networks
from kg.questions.query import bind, get_query, run

# Colour-blind-safe colours (Okabe and Ito) for the sides, in order; actors on no side are grey.
SIDE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
NO_SIDE_COLOUR = "#8C8C8C"
CONTROL_CHANGE = "control change"
FOCUS_KM = 150.0  # the map frames contested places with the highway places this near them
_COUNTRY_OUTLINES = ("world-atlas", "countries-50m.json")

BBox = tuple[float, float, float, float]  # south, west, north, east


@dataclass(frozen=True)
class SideView:
    name: str
    colour: str
    members: list[str]  # labels, the most connected first


@dataclass(frozen=True)
class ActorNode:
    id: str
    label: str
    type: str
    side: str
    colour: str
    ties: int
    x: float  # position in a force-directed layout, within [-1, 1]
    y: float


@dataclass(frozen=True)
class Tie:
    source: str
    target: str
    relation: str
    sources: int
    articles: list[str]


@dataclass(frozen=True)
class Network:
    actors: list[ActorNode]
    ties: list[Tie]
    sides: list[SideView]
    fights: list[tuple[str, str]]
    frustrated: list[tuple[str, str, str]]


@dataclass(frozen=True)
class Place:
    label: str
    type: str
    inside: str
    lat: float | None
    long: float | None
    articles: int
    discovered: bool


@dataclass(frozen=True)
class HighwayView:
    label: str
    places: list[str]
    path: list[tuple[float, float]]  # (lat, long) in order along the road


@dataclass(frozen=True)
class Country:
    name: str
    polygons: list[list[list[tuple[float, float]]]]  # polygons of rings of (long, lat)


@dataclass(frozen=True)
class ControlReport:
    """One reported control change (or entry) of a place, merged across the articles that
    report the same change on the same date."""

    id: int
    place: str
    new_controller: str
    previous_controller: str
    date: str  # the event's date, or "" when the text gives none
    precision: str
    kind: str
    status: str
    reported_on: str
    claimed_by: list[str]
    disputed_by: list[str]
    articles: list[str]
    side: str
    colour: str

    @property
    def when(self) -> str:
        """The date to place the report at: its own, or the day it was first reported."""
        return self.date or self.reported_on

    @property
    def is_change(self) -> bool:
        return self.kind == CONTROL_CHANGE and self.status == "reported"


@dataclass(frozen=True)
class Period:
    """Who held a place from one report of a change until the next (`open` when no later
    report ends it)."""

    place: str
    controller: str
    start: str
    end: str
    open: bool
    report: int
    colour: str
    lane: int = 0


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    date: str
    file: str


@dataclass(frozen=True)
class MapView:
    places: list[Place]
    highways: list[HighwayView]
    countries: list[Country]
    focus: BBox | None
    unplaced: list[str]  # contested places without coordinates


@dataclass(frozen=True)
class Timeline:
    places: list[str]
    reports: list[ControlReport]
    periods: list[Period]
    start: str
    end: str


@dataclass(frozen=True)
class Views:
    network: Network
    map: MapView
    timeline: Timeline
    articles: list[Article]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def rows(dataset: Dataset, name: str, **params: str) -> list[dict[str, str]]:
    """The rows of a canned query, each a dict of plain strings ('' when unbound)."""
    result = run(dataset, bind(get_query(name), params), name)
    if not isinstance(result, ox.QuerySolutions):
        raise DataError(f"queries/{name}.rq: expected a SELECT query; fix the query")
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in result]


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


# --- the actor network ------------------------------------------------------------------


def _tie_articles(dataset: Dataset) -> dict[tuple[str, str, str], list[str]]:
    """Article ids for each relation between two actor labels. Alliances and adversaries
    are stated in both orders."""
    found: dict[tuple[str, str, str], list[str]] = {}
    for row in rows(dataset, "who-backs-whom"):
        found[("backs", row["backerLabel"], row["backedLabel"])] = sorted(row["sources"].split())
    for relation, query in (("alliedWith", "alliances"), ("opposes", "adversaries")):
        for row in rows(dataset, query):
            ids = sorted(row["sources"].split())
            found[(relation, row["aLabel"], row["bLabel"])] = ids
            found[(relation, row["bLabel"], row["aLabel"])] = ids
    return found


def _layout(graph: nx.DiGraph, side_of: dict[str, int]) -> dict[str, tuple[float, float]]:
    """A force-directed layout, the same on every run. Each side starts in a sector of its own
    circle, so sides that fight face each other; backing and alliance pull actors together (the
    more sources the harder), opposition less. Each group of connected actors is laid out on
    its own, sized by its number of actors, and the groups are set side by side, the largest
    first, so a small group cannot squeeze a large one."""
    springs = nx.Graph()
    springs.add_nodes_from(sorted(graph.nodes))
    for a, b, data in graph.edges(data=True):
        pull = 0.8 if data["relation"] == "opposes" else 1.0 + math.log(1 + int(data["sources"]))
        if springs.has_edge(a, b):
            pull += springs[a][b]["weight"]
        springs.add_edge(a, b, weight=pull)
    sides = max(side_of.values(), default=0) + 1
    start: dict[str, tuple[float, float]] = {}
    for index, node in enumerate(sorted(springs.nodes)):
        angle = 2 * math.pi * side_of.get(node, sides) / (sides + 1)
        wobble = 0.35 * math.sin(index * 2.39996)  # the golden angle spreads members apart
        start[node] = (math.cos(angle) + wobble * math.cos(index), math.sin(angle) + wobble * math.sin(index))
    components = sorted((sorted(c) for c in nx.connected_components(springs)), key=lambda c: (-len(c), c[0]))
    placed: dict[str, tuple[float, float]] = {}
    left = 0.0
    for nodes in components:
        radius = math.sqrt(len(nodes))
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        else:
            sub = springs.subgraph(nodes)
            layout = nx.spring_layout(sub, k=2.2 / math.sqrt(len(nodes)), pos={n: start[n] for n in nodes},
                                      weight="weight", seed=7, iterations=200)
            local = {str(n): (float(p[0]), float(p[1])) for n, p in layout.items()}
        xs = [x for x, _ in local.values()]
        ys = [y for _, y in local.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        size = 0.0 if len(nodes) == 1 else radius
        width = (max(xs) - min(xs)) / span * size
        for node, (x, y) in local.items():
            placed[node] = (left + width / 2 + (x - cx) / span * size, (y - cy) / span * size)
        left += width + 0.9
    if not placed:
        return {}
    # Scale into [-1, 1] on the longer axis, keeping the aspect.
    xs = [x for x, _ in placed.values()]
    ys = [y for _, y in placed.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {n: (round((x - cx) / half, 4), round((y - cy) / half, 4)) for n, (x, y) in placed.items()}


def network_view(dataset: Dataset) -> Network:
    graph = networks.actor_network(dataset)
    partition = networks.sides(dataset)
    positions = _layout(graph, {a.iri: k for k, side in enumerate(partition.sides) for a in side.members})
    ties = dict(graph.to_undirected().degree())
    side_of: dict[str, str] = {}
    colour_of: dict[str, str] = {}
    side_views: list[SideView] = []
    for index, side in enumerate(partition.sides):
        colour = SIDE_COLOURS[index % len(SIDE_COLOURS)]
        members = sorted(side.members, key=lambda a: (-ties.get(a.iri, 0), a.label))
        side_views.append(SideView(side.name, colour, [a.label for a in members]))
        for actor in side.members:
            side_of[actor.iri] = side.name
            colour_of[actor.iri] = colour
    actors = [
        ActorNode(str(iri), str(data["label"]), str(data.get("type") or ""), side_of.get(iri, ""),
                  colour_of.get(iri, NO_SIDE_COLOUR), int(ties.get(iri, 0)), *positions[iri])
        for iri, data in sorted(graph.nodes(data=True), key=lambda n: str(n[1]["label"]))
    ]
    articles = _tie_articles(dataset)
    edges = []
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
        key = (str(data["relation"]), str(graph.nodes[a]["label"]), str(graph.nodes[b]["label"]))
        edges.append(Tie(str(a), str(b), key[0], int(data["sources"]), articles.get(key, [])))
    return Network(actors, edges, side_views, partition.fights, partition.frustrated)


def side_colours(network: Network) -> dict[str, tuple[str, str]]:
    """Actor label -> (side name, colour)."""
    return {a.label: (a.side, a.colour) for a in network.actors}


# --- control reports and the timeline ----------------------------------------------------


def control_reports(dataset: Dataset, network: Network) -> list[ControlReport]:
    colours = side_colours(network)
    merged: dict[tuple[str, str, str, str, str, str, str], dict[str, set[str]]] = {}
    for row in rows(dataset, "control-changes"):
        key = (row["placeLabel"], row["newControllerLabel"], row["previousControllerLabel"], row["date"],
               row["datePrecision"], row["kind"], row["status"])
        entry = merged.setdefault(key, {"claimed": set(), "disputed": set(), "articles": set(), "reported": set()})
        entry["claimed"].update(_split(row["claimedByLabel"], ";"))
        entry["disputed"].update(_split(row["disputedByLabel"], ";"))
        entry["articles"].add(row["articleId"])
        if row["reportedOn"]:
            entry["reported"].add(row["reportedOn"])
    reports = []
    for key, entry in merged.items():
        place, new, previous, when, precision, kind, status = key
        side, colour = colours.get(new, ("", NO_SIDE_COLOUR))
        reported = min(entry["reported"]) if entry["reported"] else ""
        reports.append(ControlReport(0, place, new, previous, when, precision, kind, status, reported,
                                     sorted(entry["claimed"]), sorted(entry["disputed"]),
                                     sorted(entry["articles"]), side, colour))
    reports.sort(key=lambda r: (r.place, r.when, not r.date, r.new_controller, r.kind))
    return [replace(r, id=i) for i, r in enumerate(reports)]


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def timeline_view(reports: list[ControlReport]) -> Timeline:
    """Each contested place's control periods: a reported change holds from its date until the
    next later change of the same place; the last one stays open to the end of the timeline."""
    dated = [r for r in reports if r.when]
    if not dated:
        return Timeline([], reports, [], "", "")
    first = min(_day(r.when) for r in dated)
    last = max(_day(d) for r in dated for d in (r.when, r.reported_on or r.when))
    end = last + timedelta(days=max(3, (last - first).days // 8))
    periods: list[Period] = []
    places = sorted({r.place for r in dated})
    for place in places:
        changes = sorted((r for r in dated if r.place == place and r.is_change and r.new_controller),
                         key=lambda r: (r.when, r.new_controller))
        lanes: list[date] = []  # the day each lane is free from, to stack conflicting reports
        for report in changes:
            start = _day(report.when)
            later = [_day(r.when) for r in changes if _day(r.when) > start]
            stop = min(later) if later else end
            lane = next((i for i, free in enumerate(lanes) if free <= start), len(lanes))
            if lane == len(lanes):
                lanes.append(stop)
            else:
                lanes[lane] = stop
            periods.append(Period(place, report.new_controller, start.isoformat(), stop.isoformat(),
                                  not later, report.id, report.colour, lane))
    return Timeline(places, reports, periods, first.isoformat(), end.isoformat())


# --- the map -------------------------------------------------------------------------------


def _float(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def places_view(dataset: Dataset) -> list[Place]:
    seen: dict[str, Place] = {}
    for row in rows(dataset, "places"):
        if row["placeLabel"] in seen:
            continue
        seen[row["placeLabel"]] = Place(row["placeLabel"], row["typeLabel"], row["inside"], _float(row["lat"]),
                                        _float(row["long"]), int(row["articles"] or 0),
                                        row["discovered"] == "true")
    return list(seen.values())


def highways_view(dataset: Dataset) -> list[HighwayView]:
    network = networks.roads(dataset)
    views = []
    for label, members in sorted(network.highways.items()):
        path = [network.graph.nodes[a.iri]["coordinates"] for a in members]
        views.append(HighwayView(label, [a.label for a in members], [(float(la), float(lo)) for la, lo in path]))
    return views


def _pad(box: BBox, fraction: float, least: float) -> BBox:
    south, west, north, east = box
    dy = max((north - south) * fraction, least)
    dx = max((east - west) * fraction, least)
    return (max(south - dy, -85.0), max(west - dx, -180.0), min(north + dy, 85.0), min(east + dx, 180.0))


def _bbox(points: Iterable[tuple[float, float]]) -> BBox | None:
    points = list(points)
    if not points:
        return None
    lats = [p[0] for p in points]
    longs = [p[1] for p in points]
    return (min(lats), min(longs), max(lats), max(longs))


def map_view(places: list[Place], highways: list[HighwayView], reports: list[ControlReport]) -> MapView:
    located: dict[str, tuple[float, float]] = {}
    for place in places:
        if place.lat is not None and place.long is not None:
            located[place.label] = (place.lat, place.long)
    names = sorted({r.place for r in reports})
    contested = [located[p] for p in names if p in located]
    road = [pt for h in highways for pt in h.path]
    # Frame the contested places with the stretches of highway near them; without any,
    # the highways; without those, every place.
    near = [pt for pt in road if any(distance_km(pt, c) <= FOCUS_KM for c in contested)]
    focus_box = _bbox(contested + near) or _bbox(road) or _bbox(located.values())
    focus = _pad(focus_box, 0.12, 0.2) if focus_box else None
    every = _bbox([*located.values(), *road])
    countries = country_outlines(_pad(every, 0.1, 2.0)) if every else []
    unplaced = [p for p in names if p not in located]
    return MapView(places, highways, countries, focus, unplaced)


@cache
def _topology() -> dict[str, Any]:
    path = resources.vendor_dir().joinpath(*_COUNTRY_OUTLINES)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"{path}: cannot read the country outlines ({err}); reinstall kg") from None
    return data


def _arc(topology: dict[str, Any], index: int) -> list[tuple[float, float]]:
    """One TopoJSON arc, delta-decoded and unquantised, as (long, lat); reversed when ~index."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in topology["arcs"][index if index >= 0 else ~index]:
        x, y = x + dx, y + dy
        points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
    return points if index >= 0 else points[::-1]


def _ring(topology: dict[str, Any], arcs: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in arcs:
        points = _arc(topology, index)
        ring.extend(points if not ring else points[1:])
    return ring


def _clip(ring: list[tuple[float, float]], box: BBox) -> list[tuple[float, float]]:
    """A ring clipped to the box (Sutherland-Hodgman), so far-away coasts are not carried."""
    south, west, north, east = box
    longs = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    if not ring or max(longs) < west or min(longs) > east or max(lats) < south or min(lats) > north:
        return []
    if min(longs) >= west and max(longs) <= east and min(lats) >= south and max(lats) <= north:
        return ring
    out = ring
    for axis, bound, sign in ((0, west, 1), (0, east, -1), (1, south, 1), (1, north, -1)):
        if not out:
            break
        points, out = out, []
        for current, previous in zip(points, [points[-1], *points[:-1]]):
            here = (current[axis] - bound) * sign >= 0
            there = (previous[axis] - bound) * sign >= 0
            if here != there:
                out.append(_cross(previous, current, axis, bound))
            if here:
                out.append(current)
    return out


def _cross(a: tuple[float, float], b: tuple[float, float], axis: int, bound: float) -> tuple[float, float]:
    t = (bound - a[axis]) / (b[axis] - a[axis])
    other = round(a[1 - axis] + t * (b[1 - axis] - a[1 - axis]), 3)
    return (bound, other) if axis == 0 else (other, bound)


def _polygons(geometry: dict[str, Any]) -> Iterator[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        yield geometry["arcs"]
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry["arcs"]


def country_outlines(box: BBox) -> list[Country]:
    """Natural Earth country outlines (from the vendored world-atlas) clipped to the box."""
    topology = _topology()
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = []
        for polygon in _polygons(geometry):
            rings = [_clip(_ring(topology, arcs), box) for arcs in polygon]
            if rings and len(rings[0]) >= 3:
                polygons.append([r for r in rings if len(r) >= 3])
        if polygons:
            countries.append(Country(str(geometry.get("properties", {}).get("name", "")), polygons))
    return sorted(countries, key=lambda c: c.name)


# --- everything ------------------------------------------------------------------------


def articles_view(dataset: Dataset) -> list[Article]:
    return [Article(row["articleId"], row["title"], row["date"], Path(row["sourceFile"]).name if row["sourceFile"] else "")
            for row in rows(dataset, "articles")]


def gather(dataset: Dataset) -> Views:
    network = network_view(dataset)
    reports = control_reports(dataset, network)
    places = places_view(dataset)
    highways = highways_view(dataset)
    view = map_view(places, highways, reports)
    notes = []
    if view.unplaced:
        notes.append("not on the map (no coordinates): " + ", ".join(view.unplaced))
    return Views(network, view, timeline_view(reports), articles_view(dataset), notes)
