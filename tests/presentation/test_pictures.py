"""The static pictures: a map framed on the fighting, with an overview that holds every located
place near it, the places too far for either named, and a map's look (a scale bar, no degree
ticks); a network whose labels do not overlap."""

from __future__ import annotations

from dataclasses import replace

import pytest
from matplotlib_scalebar.scalebar import ScaleBar
from rdflib import Dataset

from kg.presentation.plot import figure_of
from kg.presentation.views import ControlReport, Place, Views, gather, map_view


def _place(label: str, lat: float, long: float) -> Place:
    return Place(label, "town", "", lat, long, 1, False)


def _taken(place: str) -> ControlReport:
    return ControlReport(1, place, "Rapid Support Forces", "", "2023-06-01", "day", "control change", "reported",
                         "2023-06-02", [], [], ["a1"], "", "#000000")


# two towns fought over near each other, a city 300 km away, a capital far off
PLACES = [_place("Bahri", 15.64, 32.53), _place("Omdurman", 15.65, 32.48), _place("Wad Madani", 14.40, 33.52),
          _place("El Obeid", 13.18, 30.22), _place("Cairo", 30.04, 31.24)]


def test_the_overview_holds_every_place_near_the_fighting_and_names_the_far_ones() -> None:
    view = map_view(PLACES, [], [_taken("Bahri"), _taken("Omdurman")])
    assert view.focus is not None and view.overview is not None

    def inside(place: Place, box: tuple[float, float, float, float]) -> bool:
        south, west, north, east = box
        assert place.lat is not None and place.long is not None
        return south <= place.lat <= north and west <= place.long <= east

    near = [p for p in PLACES if p.label != "Cairo"]
    assert all(inside(p, view.focus) for p in PLACES[:2])
    assert not inside(PLACES[2], view.focus), "the frame is on the fighting"
    assert all(inside(p, view.overview) for p in near)
    assert view.far == ["Cairo"]


@pytest.fixture(scope="module")
def seeds_views(seeds_graph: Dataset) -> Views:
    return gather(seeds_graph)


def test_the_map_has_a_scale_bar_and_no_degree_ticks(seeds_views: Views) -> None:
    figure = figure_of(seeds_views, "map", "graph.trig")
    ax = figure.axes[0]
    assert any(isinstance(artist, ScaleBar) for artist in ax.artists)
    assert not ax.get_xticks().size and not ax.get_yticks().size
    assert len(ax.child_axes) == 1, "an overview in the corner"
    caption = figure._supxlabel.get_text() if figure._supxlabel else ""
    assert "far from the fighting" in " ".join(caption.split())


def test_without_places_outside_the_frame_there_is_no_overview(seeds_views: Views) -> None:
    inside_only = replace(seeds_views, map=map_view(PLACES[:2], [], [_taken("Bahri")]))
    figure = figure_of(inside_only, "map", "graph.trig")
    assert not figure.axes[0].child_axes


def test_no_two_labels_of_the_network_overlap(seeds_views: Views) -> None:
    figure = figure_of(seeds_views, "network", "graph.trig")
    figure.draw_without_rendering()
    ax = figure.axes[0]
    boxes = [text.get_window_extent() for text in ax.texts]
    assert len(boxes) == len(seeds_views.network.actors)
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]
