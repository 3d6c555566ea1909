"""Country outlines for the map: the vendored Natural Earth TopoJSON decoded into polygons and
clipped to the part of the world the map shows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.common import resources
from kg.common.errors import DataError

BBox = tuple[float, float, float, float]  # south, west, north, east
_COUNTRY_OUTLINES = ("world-atlas", "countries-50m.json")


@dataclass(frozen=True)
class Country:
    name: str
    polygons: list[list[list[tuple[float, float]]]]  # polygons of rings of (long, lat)


@cache
def _topology() -> dict[str, Any]:
    path = resources.vendor_dir().joinpath(*_COUNTRY_OUTLINES)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"{path}: cannot read the country outlines ({err}); reinstall kg") from None
    return data


@cache
def _arcs() -> tuple[tuple[tuple[float, float], ...], ...]:
    """The TopoJSON arcs, delta-decoded and unquantised, as (long, lat): decoded once."""
    topology = _topology()
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        decoded.append(tuple(points))
    return tuple(decoded)


def _arc(index: int) -> tuple[tuple[float, float], ...]:
    """One arc; reversed when ~index."""
    return _arcs()[index] if index >= 0 else _arcs()[~index][::-1]


def _ring(arcs: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in arcs:
        points = _arc(index)
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
            rings = [_clip(_ring(arcs), box) for arcs in polygon]
            if rings and len(rings[0]) >= 3:
                polygons.append([r for r in rings if len(r) >= 3])
        if polygons:
            countries.append(Country(str(geometry.get("properties", {}).get("name", "")), polygons))
    return sorted(countries, key=lambda c: c.name)
