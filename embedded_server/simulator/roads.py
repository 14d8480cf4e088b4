"""The simulator's road graph of Stockholm and Göteborg and the day tours driven on it.

The data (``data/roads_se.json``) is committed with the code: named junctions and places
at approximate real coordinates, joined along the main roads with their speed limits,
one depot per area and the customer sites that have a wallbox. Nothing is fetched at run
time. Shortest paths are computed once per area (a few dozen nodes), so planning a tour
costs a dictionary look-up per leg.
"""

from __future__ import annotations

import heapq
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Final

M_PER_DEG_LAT: Final = 110_540.0
M_PER_DEG_LON_EQ: Final = 111_320.0
#: a road longer than this gets a gentle bend half-way, so roads don't look ruled
_BEND_OVER_M: Final = 1_500.0
_BEND_SHARE: Final = 0.06  # sideways offset of the bend, as a share of the road's length


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Flat-earth distance in metres (fine at city scale)."""
    dy = (b[0] - a[0]) * M_PER_DEG_LAT
    dx = (b[1] - a[1]) * M_PER_DEG_LON_EQ * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dx, dy)


@dataclass(frozen=True, slots=True)
class Area:
    """One city's road graph; ``contains`` is what tests assert positions against."""

    name: str
    depot: str
    nodes: dict[str, tuple[float, float]]
    #: node -> [(neighbour, limit km/h, the road's points from node to neighbour)]
    links: dict[str, tuple[tuple[str, float, tuple[tuple[float, float], ...]], ...]]
    wallbox: frozenset[str]
    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max

    @property
    def customers(self) -> tuple[str, ...]:
        """Every node but the depot: where deliveries go."""
        return tuple(n for n in self.nodes if n != self.depot)

    def path(self, a: str, b: str) -> list[tuple[str, float, tuple[tuple[float, float], ...]]]:
        """The fastest way from ``a`` to ``b`` as [(next node, limit, road points)]."""
        return list(_paths(self.name)[a][b])


def _bend(
    a: tuple[float, float], b: tuple[float, float], sign: float
) -> tuple[tuple[float, float], ...]:
    """The road's points after ``a`` up to ``b``: straight, or with one bend half-way."""
    if metres(a, b) <= _BEND_OVER_M:
        return (b,)
    mid = (
        (a[0] + b[0]) / 2 - (b[1] - a[1]) * _BEND_SHARE * sign * 0.5,
        (a[1] + b[1]) / 2 + (b[0] - a[0]) * _BEND_SHARE * sign * 2.0,
    )
    return mid, b


def _load() -> dict[str, Area]:
    raw = json.loads(
        (files("embedded_server.simulator") / "data" / "roads_se.json").read_text("utf-8")
    )
    areas: dict[str, Area] = {}
    for spec in raw["areas"]:
        nodes = {name: (float(lat), float(lon)) for name, (lat, lon) in spec["nodes"].items()}
        links: dict[str, list[tuple[str, float, tuple[tuple[float, float], ...]]]] = {
            n: [] for n in nodes
        }
        for i, (a, b, limit) in enumerate(spec["roads"]):
            sign = 1.0 if i % 2 else -1.0
            fwd = _bend(nodes[a], nodes[b], sign)
            back = (*reversed(fwd[:-1]), nodes[a])
            links[a].append((b, float(limit), fwd))
            links[b].append((a, float(limit), back))
        lats = [p[0] for p in nodes.values()]
        lons = [p[1] for p in nodes.values()]
        margin = 0.02  # stop addresses and bends lie a little off the junctions
        areas[spec["name"]] = Area(
            spec["name"],
            spec["depot"],
            nodes,
            {n: tuple(v) for n, v in links.items()},
            frozenset(spec.get("wallbox", ())),
            min(lats) - margin,
            max(lats) + margin,
            min(lons) - margin * 2,
            max(lons) + margin * 2,
        )
    return areas


AREAS_BY_NAME: Final = _load()
STOCKHOLM: Final = AREAS_BY_NAME["Stockholm"]
GOTEBORG: Final = AREAS_BY_NAME["Göteborg"]
AREAS: Final = (STOCKHOLM, GOTEBORG)


@cache
def _paths(area_name: str) -> dict[str, dict[str, tuple]]:
    """All-pairs fastest paths (Dijkstra on travel time at the limit) of one area."""
    area = AREAS_BY_NAME[area_name]
    out: dict[str, dict[str, tuple]] = {}
    for src in area.nodes:
        best: dict[str, float] = {src: 0.0}
        via: dict[str, tuple[str, tuple]] = {}
        heap = [(0.0, src)]
        while heap:
            t, n = heapq.heappop(heap)
            if t > best.get(n, math.inf):
                continue
            prev = area.nodes[n]
            for nb, limit, pts in area.links[n]:
                length = sum(metres(p, q) for p, q in zip((prev, *pts[:-1]), pts, strict=True))
                cand = t + length / (limit / 3.6)
                if cand < best.get(nb, math.inf):
                    best[nb] = cand
                    via[nb] = (n, (nb, limit, pts))
                    heapq.heappush(heap, (cand, nb))
        routes: dict[str, tuple] = {src: ()}
        for dst in area.nodes:
            steps = []
            n = dst
            while n != src and n in via:
                n, step = via[n]
                steps.append(step)
            routes[dst] = tuple(reversed(steps))
        out[src] = routes
    return out
