"""The network picture's layout: fixed, within [-1, 1], groups side by side, allies close."""

from __future__ import annotations

import math

import networkx as nx

from kg.presentation.layout import network_layout

Edge = tuple[str, str, str, int]
IRAQ_FRONT: list[Edge] = [
    ("Iran", "Badr Organization", "backs", 6),
    ("Badr Organization", "Islamic State", "opposes", 1),
    ("Islamic State", "Ansar al-Tawhid", "alliedWith", 2),
    ("Iraq", "Badr Organization", "alliedWith", 3),
]
SIDES = {"Iran": 0, "Badr Organization": 0, "Iraq": 0, "Islamic State": 1, "Ansar al-Tawhid": 1}


def _graph(edges: list[Edge], lone: tuple[str, ...] = ()) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(lone)
    for a, b, relation, sources in edges:
        graph.add_edge(a, b, relation=relation, sources=sources)
    return graph


def _distance(layout: dict[str, tuple[float, float]], a: str, b: str) -> float:
    return math.dist(layout[a], layout[b])


def test_the_layout_is_the_same_on_every_run_and_in_any_order() -> None:
    layout = network_layout(_graph(IRAQ_FRONT, ("Kuwait",)), SIDES)
    assert network_layout(_graph(IRAQ_FRONT, ("Kuwait",)), SIDES) == layout
    assert (
        network_layout(_graph(IRAQ_FRONT[::-1], ("Kuwait",)), dict(reversed(SIDES.items())))
        == layout
    )
    assert set(layout) == {
        "Iran",
        "Badr Organization",
        "Iraq",
        "Islamic State",
        "Ansar al-Tawhid",
        "Kuwait",
    }


def test_positions_fill_the_square_on_the_longer_axis() -> None:
    layout = network_layout(_graph(IRAQ_FRONT, ("Kuwait",)), SIDES)
    xs, ys = [x for x, _ in layout.values()], [y for _, y in layout.values()]
    assert all(-1.0 <= v <= 1.0 for v in xs + ys)
    wide = max(max(xs) - min(xs), max(ys) - min(ys))
    assert wide == 2.0
    assert len(set(layout.values())) == len(layout)  # no two actors on one spot


def test_groups_of_connected_actors_stand_side_by_side_largest_first() -> None:
    layout = network_layout(
        _graph(IRAQ_FRONT + [("USA", "Peshmerga", "backs", 2)], ("Kuwait",)), SIDES
    )
    largest = [layout[n] for n in SIDES]
    pair = [layout["USA"], layout["Peshmerga"]]
    assert max(x for x, _ in largest) < min(x for x, _ in pair)
    assert max(x for x, _ in pair) < layout["Kuwait"][0] == 1.0
    assert layout["Kuwait"][1] == 0.0


def test_backing_pulls_harder_than_opposition() -> None:
    layout = network_layout(_graph(IRAQ_FRONT), SIDES)
    opposed = _distance(layout, "Badr Organization", "Islamic State")
    assert _distance(layout, "Iran", "Badr Organization") < opposed
    assert _distance(layout, "Iraq", "Badr Organization") < opposed
    assert _distance(layout, "Islamic State", "Ansar al-Tawhid") < opposed


def test_small_networks() -> None:
    assert network_layout(nx.DiGraph(), {}) == {}
    assert network_layout(_graph([], ("Kuwait",)), {}) == {"Kuwait": (0.0, 0.0)}
    pair = network_layout(_graph([("Iraq", "Jordan", "alliedWith", 1)]), {})
    assert sorted(pair.values()) == sorted([(-a, -b) for a, b in pair.values()])  # centred
    assert max(abs(v) for p in pair.values() for v in p) == 1.0
