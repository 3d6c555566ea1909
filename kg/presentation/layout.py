"""Where each actor of the network picture stands: a force-directed layout that keeps sides
apart and is the same on every run."""

from __future__ import annotations

import math

import networkx as nx


def network_layout(graph: nx.DiGraph, side_of: dict[str, int]) -> dict[str, tuple[float, float]]:
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
