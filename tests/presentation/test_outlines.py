"""Country outlines for the map: decoded from the vendored world atlas and clipped to the box."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.common import resources
from kg.common.errors import DataError
from kg.presentation import outlines
from kg.presentation.outlines import BBox, Country, country_outlines

IRAQ_AND_NEIGHBOURS: BBox = (29.0, 34.0, 38.0, 49.0)  # south, west, north, east
WORLD: BBox = (-90.0, -180.0, 90.0, 180.0)


def _points(country: Country) -> Iterator[tuple[float, float]]:
    return (point for polygon in country.polygons for ring in polygon for point in ring)


@pytest.fixture(scope="session")
def region() -> dict[str, Country]:
    return {c.name: c for c in country_outlines(IRAQ_AND_NEIGHBOURS)}


def test_the_countries_in_the_box_sorted_by_name(region: dict[str, Country]) -> None:
    names = list(region)
    assert {
        "Iraq",
        "Syria",
        "Jordan",
        "Kuwait",
        "Lebanon",
        "Turkey",
        "Iran",
        "Saudi Arabia",
    } <= set(names)
    assert not {"Brazil", "Libya", "Pakistan"} & set(names)
    assert names == sorted(names)


def test_every_point_lies_in_the_box_and_every_ring_is_a_polygon(
    region: dict[str, Country],
) -> None:
    south, west, north, east = IRAQ_AND_NEIGHBOURS
    for country in region.values():
        assert all(
            west <= long <= east and south <= lat <= north for long, lat in _points(country)
        ), country.name
        assert all(len(ring) >= 3 for polygon in country.polygons for ring in polygon), country.name


def test_a_country_inside_the_box_keeps_its_whole_outline(region: dict[str, Country]) -> None:
    [whole] = [c for c in country_outlines(WORLD) if c.name == "Lebanon"]
    assert region["Lebanon"].polygons == whole.polygons
    ring = whole.polygons[0][0]
    assert ring[0] == ring[-1] and len(ring) > 20
    assert all(
        33.0 < lat < 34.8 and 35.0 < long < 36.7 for long, lat in ring
    )  # Lebanon, in (long, lat)


def test_a_country_across_the_box_is_cut_at_its_edges(region: dict[str, Country]) -> None:
    turkey = list(_points(region["Turkey"]))
    south, west, north, _ = IRAQ_AND_NEIGHBOURS
    assert max(lat for _, lat in turkey) == north
    assert min(long for long, _ in turkey) == west
    assert min(lat for _, lat in turkey) > south


def test_a_box_over_open_sea_has_no_country() -> None:
    assert country_outlines((-40.0, -20.0, -30.0, -10.0)) == []  # the South Atlantic


def test_a_broken_atlas_is_a_data_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "world-atlas").mkdir()
    (tmp_path / "world-atlas" / "countries-50m.json").write_text("{ not json", encoding="utf-8")
    monkeypatch.setattr(resources, "vendor_dir", lambda: tmp_path)
    outlines._topology.cache_clear()  # the atlas is read once per process
    try:
        with pytest.raises(
            DataError, match=r"countries-50m\.json: cannot read the country outlines .*reinstall kg"
        ):
            country_outlines(IRAQ_AND_NEIGHBOURS)
    finally:
        monkeypatch.undo()
        outlines._topology.cache_clear()
    assert country_outlines(IRAQ_AND_NEIGHBOURS)
