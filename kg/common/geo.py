"""Distances on the Earth's surface, for every part that places things on a map."""

from __future__ import annotations

import math

EARTH_KM = 6371.0

Point = tuple[float, float]  # latitude, longitude in degrees


def distance_km(a: Point, b: Point) -> float:
    """The great-circle distance between two points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return EARTH_KM * 2 * math.asin(math.sqrt(h))
