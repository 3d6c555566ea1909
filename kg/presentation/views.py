"""The data behind the pictures: the actor network and its sides, the map of places, highways
and control changes, and who controlled each contested place over time. Everything comes from
the canned queries and `kg.presentation.networks`, where each actor stands from
`kg.presentation.layout`, the countries' outlines from `kg.presentation.outlines`; the HTML report (`kg.presentation.report`) and the static plots
(`kg.presentation.plot`) draw the same `Views`, so they agree with each other and with `kg query`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rdflib import Dataset

from kg.common.geo import distance_km, inside
from kg.presentation import networks
from kg.presentation.layout import network_layout
from kg.presentation.outlines import BBox, Country, country_outlines
from kg.questions.query import select_rows

# Colour-blind-safe colours (Okabe and Ito) for the sides, in order; actors on no side are grey.
SIDE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
NO_SIDE_COLOUR = "#8C8C8C"
CONTROL_CHANGE = "control change"
FOCUS_KM = 150.0  # the map frames contested places with the highway places this near them
THEATRE_KM = 450.0  # the overview map frames every located place this near one of them


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
class ArticleEntry:
    """An article as the report lists it."""

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
    overview: BBox | None = None  # the focus and every located place near the fighting
    far: list[str] = field(default_factory=list)  # located places too far from the fighting for the overview


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
    articles: list[ArticleEntry]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


# --- the actor network ------------------------------------------------------------------


def _tie_articles(dataset: Dataset) -> dict[tuple[str, str, str], list[str]]:
    """Article ids for each relation between two actor labels. Alliances and adversaries
    are stated in both orders."""
    found: dict[tuple[str, str, str], list[str]] = {}
    for row in select_rows(dataset, "who-backs-whom"):
        found[("backs", row["backerLabel"], row["backedLabel"])] = sorted(row["sources"].split())
    for relation, query in (("alliedWith", "alliances"), ("opposes", "adversaries")):
        for row in select_rows(dataset, query):
            ids = sorted(row["sources"].split())
            found[(relation, row["aLabel"], row["bLabel"])] = ids
            found[(relation, row["bLabel"], row["aLabel"])] = ids
    return found


def network_view(dataset: Dataset) -> Network:
    graph = networks.actor_network(dataset)
    partition = networks.sides(dataset)
    positions = network_layout(graph, {a.iri: k for k, side in enumerate(partition.sides) for a in side.members})
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
    for row in select_rows(dataset, "control-changes"):
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


def day_of(text: str) -> date:
    """The day of an ISO date or date-time."""
    return date.fromisoformat(text[:10])


def timeline_view(reports: list[ControlReport]) -> Timeline:
    """Each contested place's control periods: a reported change holds from its date until the
    next later change of the same place; the last one stays open to the end of the timeline."""
    dated = [r for r in reports if r.when]
    if not dated:
        return Timeline([], reports, [], "", "")
    first = min(day_of(r.when) for r in dated)
    last = max(day_of(d) for r in dated for d in (r.when, r.reported_on or r.when))
    end = last + timedelta(days=max(3, (last - first).days // 8))
    periods: list[Period] = []
    places = sorted({r.place for r in dated})
    for place in places:
        changes = sorted((r for r in dated if r.place == place and r.is_change and r.new_controller),
                         key=lambda r: (r.when, r.new_controller))
        lanes: list[date] = []  # the day each lane is free from, to stack conflicting reports
        for report in changes:
            start = day_of(report.when)
            later = [day_of(r.when) for r in changes if day_of(r.when) > start]
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
    for row in select_rows(dataset, "places"):
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
    # the overview frames the focus with every located place near the fighting
    theatre = [pt for pt in located.values() if not contested or any(distance_km(pt, c) <= THEATRE_KM for c in contested)]
    corners = [(focus[0], focus[1]), (focus[2], focus[3])] if focus else []
    overview_box = _bbox(theatre + corners)
    overview = _pad(overview_box, 0.1, 0.3) if overview_box else None
    far = sorted(name for name, pt in located.items() if overview is not None and not inside(pt, overview))
    every = _bbox([*located.values(), *road])
    countries = country_outlines(_pad(every, 0.1, 2.0)) if every else []
    unplaced = [p for p in names if p not in located]
    return MapView(places, highways, countries, focus, unplaced, overview, far)


# --- everything ------------------------------------------------------------------------


def articles_view(dataset: Dataset) -> list[ArticleEntry]:
    return [ArticleEntry(row["articleId"], row["title"], row["date"], Path(row["sourceFile"]).name if row["sourceFile"] else "")
            for row in select_rows(dataset, "articles")]


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
