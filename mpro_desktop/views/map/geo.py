"""Where on the map a longitude/latitude lands (spherical Mercator, in kilometres).

Mercator keeps shapes and bearings true locally, which is what a dispatcher reads
(a van heading north-east points north-east); the Nordics' scale change with latitude
is the price, and the same one every web map pays. Scene y grows southwards, as Qt's.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads after the first paint (startup.HEAVY_MODULES)
    import numpy as np

EARTH_RADIUS_KM = 6371.0088
#: positions nearer the poles than this are clamped (Mercator is infinite there)
LAT_LIMIT = 85.0


def project(lon: float, lat: float) -> tuple[float, float]:
    """Scene (x, y) in km of one position."""
    lat = max(-LAT_LIMIT, min(LAT_LIMIT, lat))
    return (
        EARTH_RADIUS_KM * math.radians(lon),
        -EARTH_RADIUS_KM * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)),
    )


def project_array(lonlat: np.ndarray) -> np.ndarray:
    """Scene (x, y) of an (n, 2) array of lon/lat pairs."""
    import numpy as np

    lat = np.radians(np.clip(lonlat[:, 1], -LAT_LIMIT, LAT_LIMIT))
    out = np.empty_like(lonlat, dtype=np.float64)
    out[:, 0] = EARTH_RADIUS_KM * np.radians(lonlat[:, 0])
    out[:, 1] = -EARTH_RADIUS_KM * np.log(np.tan(np.pi / 4 + lat / 2))
    return out


def unproject(x: float, y: float) -> tuple[float, float]:
    """(lon, lat) of a scene point."""
    lon = math.degrees(x / EARTH_RADIUS_KM)
    lat = math.degrees(2 * math.atan(math.exp(-y / EARTH_RADIUS_KM)) - math.pi / 2)
    return lon, lat


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing from the first position to the second (0 = north, 90 = east)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
