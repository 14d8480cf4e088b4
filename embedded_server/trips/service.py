"""Trips from ingest: ``mpro_desktop.domain.trips.follow`` decides, this module stores.

A trip row is written on every ingest while it is open (its end point and max speed
move on), but its version - and so the change feed - moves only when it starts and
when it ends. Feeding follows the alerts' rule (company lock first, right after the
ingest's commit; see ``alerts.service``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from embedded_server.alerts.models import VehicleLiveState
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.models import Vehicle
from embedded_server.tenancy import owned
from embedded_server.trips.models import Trip
from embedded_server.trips.places import place_name
from embedded_server.trips.schemas import TripOut
from embedded_server.vehicles import repository as vehicles_repo
from mpro_desktop.domain.trips import Point, TripState, follow

MAX_TRIPS = 1000


def _at(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def _state(trip: Trip) -> TripState:
    return TripState(
        start=Point(trip.started_at.timestamp(), trip.start_lat, trip.start_lon, trip.start_odometer_km),
        end=Point((trip.ended_at or trip.updated_at).timestamp(), trip.end_lat, trip.end_lon,
                  trip.end_odometer_km),
        max_speed_kmh=trip.max_speed_kmh, ended=trip.ended_at is not None)


def _write(trip: Trip, s: TripState, now: dt.datetime) -> None:
    trip.end_lat, trip.end_lon, trip.end_odometer_km = s.end.lat, s.end.lon, s.end.odometer_km
    trip.distance_km = s.distance_km
    trip.max_speed_kmh = s.max_speed_kmh
    trip.updated_at = now


def record(session: Session, vehicle: Vehicle, live: VehicleLiveState,
           samples: Iterable[tuple[float, Mapping[str, Any]]], now: dt.datetime) -> bool:
    """Follow the van's new samples (sequence order); True when a trip started or ended."""
    open_row = session.get(Trip, live.open_trip_id) if live.open_trip_id else None
    before = _state(open_row) if open_row is not None else None
    after, touched = follow(before, samples)
    if not touched:
        return False
    milestone = False
    for s in touched:
        if open_row is not None and before is not None and s.start == before.start:
            row = open_row
        else:
            row = Trip(id=str(uuid.uuid4()), company_id=vehicle.company_id, vehicle_id=vehicle.id,
                       vehicle=vehicle, started_at=_at(s.start.ts), start_lat=s.start.lat,
                       start_lon=s.start.lon, start_odometer_km=s.start.odometer_km,
                       start_place=place_name(s.start.lat, s.start.lon), version=1, fed_version=0)
            session.add(row)
            milestone = True
        _write(row, s, now)
        if s.ended:
            row.ended_at = _at(s.end.ts)
            row.end_place = place_name(s.end.lat, s.end.lon)
            row.version = (row.version or 0) + (0 if row.fed_version == 0 else 1)
            milestone = True
        if after is not None and s.start == after.start:
            live.open_trip_id = row.id
    if after is None:
        live.open_trip_id = None
    return milestone


def feed_pending(session: Session, company_id: str) -> int:
    """Append the company's unfed trips to the feed (after ``alerts.feed_pending``, which
    takes the company lock)."""
    rows = list(session.scalars(owned(Trip, company_id, Trip.fed_version < Trip.version)))
    for trip in rows:
        session.refresh(trip)
        if trip.fed_version >= trip.version:
            continue
        append_change(session, company_id=company_id, entity="trip", entity_id=trip.id,
                      op="upsert", data=TripOut.dump(trip), version=trip.version)
        trip.fed_version = trip.version
    return len(rows)


def companies_with_unfed(session: Session) -> set[str]:
    return set(session.scalars(select(Trip.company_id).where(Trip.fed_version < Trip.version)
                               .distinct()))


def list_trips(session: Session, *, company_id: str, vehicle_id: str,
               start: dt.datetime | None, end: dt.datetime | None) -> list[Trip]:
    """The van's trips that overlap ``[start, end]``, oldest first (a logbook's order);
    404 for another company's vehicle. History stays after removal (R18)."""
    vehicle = vehicles_repo.get_for_company(session, company_id, vehicle_id)
    if vehicle is None:
        raise ProblemError(404, "not_found", "Vehicle not found.")
    criteria = [Trip.vehicle_id == vehicle.id]
    if end is not None:
        criteria.append(Trip.started_at <= end)
    if start is not None:
        criteria.append((Trip.ended_at.is_(None)) | (Trip.ended_at >= start))
    return list(session.scalars(
        owned(Trip, company_id, *criteria).order_by(Trip.started_at).limit(MAX_TRIPS)))



