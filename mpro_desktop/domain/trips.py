"""Trips (API.md "Alerts and trips"): a trip runs from ignition on to ignition off.

Pure bookkeeping shared by the portal (which derives trips on ingest) and tests: feed
:func:`follow` the samples of one van in sequence order with the van's open trip (or
None) and it returns the trips that started, changed or ended. Distance is the odometer
difference (what a logbook shows and a tax authority accepts), max speed the highest
reported speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Point:
    ts: float
    lat: float | None
    lon: float | None
    odometer_km: float | None


@dataclass(frozen=True)
class TripState:
    """A trip as far as the samples have told (``end`` is the latest point while open)."""

    start: Point
    end: Point
    max_speed_kmh: float
    ended: bool = False

    @property
    def distance_km(self) -> float | None:
        if self.start.odometer_km is None or self.end.odometer_km is None:
            return None
        return round(max(0.0, self.end.odometer_km - self.start.odometer_km), 1)


def _point(sample: Mapping[str, Any], ts: float, last: Point | None) -> Point:
    """The sample's place; a field the sample lacks keeps its last known value."""
    def pick(name: str, previous: float | None) -> float | None:
        value = sample.get(name)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else previous

    return Point(ts, pick("lat", last.lat if last else None), pick("lon", last.lon if last else None),
                 pick("odometer_km", last.odometer_km if last else None))


def follow(open_trip: TripState | None, samples: Iterable[tuple[float, Mapping[str, Any]]],
           ) -> tuple[TripState | None, list[TripState]]:
    """``(open trip afterwards, trips touched)`` after ``samples`` = ``[(epoch, sample)]``
    in sequence order. A sample without ``ignition`` changes nothing but the position."""
    trip = open_trip
    touched: list[TripState] = []
    for ts, sample in samples:
        ignition = sample.get("ignition")
        speed = sample.get("speed_kmh")
        speed = float(speed) if isinstance(speed, int | float) and not isinstance(speed, bool) else 0.0
        if trip is None:
            if ignition is True:
                here = _point(sample, ts, None)
                trip = TripState(start=here, end=here, max_speed_kmh=speed)
                touched.append(trip)
            continue
        trip = replace(trip, end=_point(sample, ts, trip.end),
                       max_speed_kmh=max(trip.max_speed_kmh, speed))
        if ignition is False:
            trip = replace(trip, ended=True)
        if touched and touched[-1].start == trip.start:
            touched[-1] = trip
        else:
            touched.append(trip)
        if trip.ended:
            trip = None
    return trip, touched
