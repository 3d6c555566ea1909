"""networkx views of the graph: the actor network and its sides, the road network and its
junctions, cut points and routes. One function per view; the data comes from canned queries."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset

from kg.common.errors import UsageError
from kg.common.geo import distance_km
from kg.presentation.presentation_settings import load_settings
from kg.questions.query import select_rows


@dataclass(frozen=True)
class Named:
    """An actor or a place: its IRI and its label."""

    iri: str
    label: str


@dataclass
class Side:
    name: str
    members: list[Named] = field(default_factory=list)


@dataclass(frozen=True)
class Sides:
    sides: list[Side]
    fights: list[tuple[str, str]]  # pairs of side names whose members fight each other
    frustrated: list[tuple[str, str, str]]  # (a, relation, b) edges that go against the partition


@dataclass(frozen=True)
class Junction:
    place: Named
    highways: list[str]


@dataclass
class Roads:
    graph: nx.Graph
    highways: dict[str, list[Named]]  # highway label -> places in order along it
    junctions: list[Junction]
    cut_points: list[Named]
    unplaced: list[Named]  # places on a highway without coordinates


def actor_network(dataset: Dataset) -> nx.DiGraph:
    """Actors and the backs / alliedWith / opposes statements between them (retractions
    honoured), each edge with its relation, weight and number of sources."""
    relations = load_settings().relations
    graph = nx.DiGraph()
    for row in select_rows(dataset, "actor-network"):
        for end in ("a", "b"):
            graph.add_node(row[end], label=row[f"{end}Label"], type=row[f"{end}Type"])
        relation = row["relation"]
        sources = int(row["sources"] or 1)
        graph.add_edge(row["a"], row["b"], relation=relation, sources=sources,
                       weight=relations[relation].side_weight * sources)
    return graph


def _signed(graph: nx.DiGraph) -> nx.Graph:
    signed = nx.Graph()
    signed.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        weight = data["weight"] + (signed[a][b]["weight"] if signed.has_edge(a, b) else 0.0)
        signed.add_edge(a, b, weight=weight)
    return signed


def _two_colour(component: nx.Graph) -> dict[str, int]:
    """Sides of one connected component: colour along the strongest ties (a maximum
    spanning tree by |weight|), then move single actors while that satisfies more weight."""
    strength = nx.Graph()
    for a, b, data in component.edges(data=True):
        strength.add_edge(a, b, strength=abs(data["weight"]), weight=data["weight"])
    tree = nx.maximum_spanning_tree(strength, weight="strength")
    root = min(component.nodes, key=lambda n: (-component.degree(n, weight=None), n))
    colour = {root: 0}
    for a, b in nx.bfs_edges(tree, root):
        colour[b] = colour[a] if tree[a][b]["weight"] > 0 else 1 - colour[a]
    improved = True
    while improved:
        improved = False
        for node in sorted(component.nodes):
            gain = sum(data["weight"] * (1 if colour[nb] == colour[node] else -1)
                       for nb, data in component[node].items())
            if gain < 0:
                colour[node] = 1 - colour[node]
                improved = True
    return colour


def _side_name(graph: nx.DiGraph, members: list[str]) -> str:
    """A side is named after its leading member, the one with the most ties: "Russia" alone, or
    "Syrian government and allies"."""
    leader = min(members, key=lambda n: (-graph.degree(n), graph.nodes[n]["label"]))
    label = str(graph.nodes[leader]["label"])
    return label if len(members) == 1 else f"{label} and allies"


def sides(dataset: Dataset) -> Sides:
    graph = actor_network(dataset)
    signed = _signed(graph)
    groups: list[list[str]] = []
    fights: list[tuple[int, int]] = []
    for nodes in sorted(nx.connected_components(signed), key=lambda c: (-len(c), min(c))):
        colour = _two_colour(signed.subgraph(nodes))
        parts = [sorted(n for n in nodes if colour[n] == k) for k in (0, 1)]
        parts = [p for p in parts if p]
        first = len(groups)
        groups.extend(parts)
        if len(parts) == 2:
            fights.append((first, first + 1))
    named = [Side(_side_name(graph, members), [Named(n, graph.nodes[n]["label"]) for n in sorted(
        members, key=lambda n: graph.nodes[n]["label"])]) for members in groups]
    side_of = {a.iri: s.name for s in named for a in s.members}
    frustrated = [
        (graph.nodes[a]["label"], data["relation"], graph.nodes[b]["label"])
        for a, b, data in graph.edges(data=True)
        if (data["weight"] > 0) != (side_of[a] == side_of[b])
    ]
    return Sides(named, [(named[x].name, named[y].name) for x, y in fights], sorted(frustrated))


def centrality(dataset: Dataset) -> list[tuple[Named, float, float, int]]:
    """Each actor with its degree and betweenness centrality and its number of ties."""
    graph = actor_network(dataset)
    undirected = graph.to_undirected()
    degree = nx.degree_centrality(undirected) if len(undirected) > 1 else {n: 0.0 for n in undirected}
    betweenness = nx.betweenness_centrality(undirected)
    rows = [(Named(n, graph.nodes[n]["label"]), degree[n], betweenness[n], undirected.degree(n)) for n in graph.nodes]
    return sorted(rows, key=lambda r: (-r[2], -r[1], r[0].label))


def _order_along(points: dict[str, tuple[float, float]]) -> list[str]:
    """Places in order along a road: by position on the line through the two places that lie
    farthest apart."""
    names = sorted(points)
    if len(names) < 3:
        return names
    a, b = max(((p, q) for i, p in enumerate(names) for q in names[i + 1:]),
               key=lambda pq: distance_km(points[pq[0]], points[pq[1]]))
    (ay, ax), (by, bx) = points[a], points[b]
    dx, dy = bx - ax, by - ay
    return sorted(names, key=lambda n: ((points[n][1] - ax) * dx + (points[n][0] - ay) * dy, n))


def roads(dataset: Dataset) -> Roads:
    rows = select_rows(dataset, "road-network")
    places: dict[str, Named] = {}
    coordinates: dict[str, tuple[float, float]] = {}
    on_highway: dict[str, dict[str, str]] = {}  # highway label -> {place iri: label}
    for row in rows:
        place = Named(row["place"], row["placeLabel"])
        places[place.iri] = place
        on_highway.setdefault(row["highwayLabel"], {})[place.iri] = place.label
        if row["lat"] and row["long"]:
            coordinates[place.iri] = (float(row["lat"]), float(row["long"]))
    graph = nx.Graph()
    highways: dict[str, list[Named]] = {}
    for highway, members in sorted(on_highway.items()):
        ordered = _order_along({p: coordinates[p] for p in members if p in coordinates})
        highways[highway] = [places[p] for p in ordered]
        for iri in members:
            graph.add_node(iri, label=places[iri].label, coordinates=coordinates.get(iri))
        for a, b in itertools.pairwise(ordered):
            graph.add_edge(a, b, highway=highway, km=round(distance_km(coordinates[a], coordinates[b]), 1))
    memberships: dict[str, list[str]] = {}
    for highway, members in on_highway.items():
        for iri in members:
            memberships.setdefault(iri, []).append(highway)
    junctions = [Junction(places[p], sorted(h)) for p, h in sorted(memberships.items(), key=lambda i: places[i[0]].label)
                 if len(h) > 1]
    cut_points = sorted((places[p] for p in nx.articulation_points(graph)), key=lambda a: a.label)
    unplaced = sorted((places[p] for p in places if p not in coordinates), key=lambda a: a.label)
    return Roads(graph, highways, junctions, cut_points, unplaced)


def _find(graph: nx.Graph, name: str) -> str:
    wanted = name.strip().lower()
    for node, data in graph.nodes(data=True):
        if data["label"].lower() == wanted or node.rsplit("/", 1)[-1].lower() == wanted:
            return str(node)
    known = ", ".join(sorted(data["label"] for _, data in graph.nodes(data=True))) or "none"
    raise UsageError(f"no place '{name}' on the road network; the places on it: {known}")


def route(dataset: Dataset, start: str, end: str) -> list[tuple[Named, str | None, float]]:
    """The shortest way along highways: each place, the highway to the next, and its km."""
    network = roads(dataset).graph
    a, b = _find(network, start), _find(network, end)
    try:
        path = nx.shortest_path(network, a, b, weight="km")
    except nx.NetworkXNoPath:
        raise UsageError(f"no route along the known highways from {start} to {end}") from None
    legs: list[tuple[Named, str | None, float]] = []
    for here, there in zip(path, [*path[1:], None]):
        edge = network[here][there] if there is not None else None
        legs.append((Named(here, network.nodes[here]["label"]), edge["highway"] if edge else None,
                     float(edge["km"]) if edge else 0.0))
    return legs
