"""Distances on the Earth's surface, for every part that places things on a map."""

from __future__ import annotations

import math

EARTH_KM = 6371.0

Point = tuple[float, float]  # latitude, longitude in degrees
Box = tuple[float, float, float, float]  # south, west, north, east


def distance_km(a: Point, b: Point) -> float:
    """The great-circle distance between two points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return EARTH_KM * 2 * math.asin(math.sqrt(h))


def inside(point: Point, box: Box) -> bool:
    south, west, north, east = box
    return south <= point[0] <= north and west <= point[1] <= east


def km_per_degree_of_longitude(latitude: float) -> float:
    return EARTH_KM * math.radians(1) * math.cos(math.radians(latitude))
