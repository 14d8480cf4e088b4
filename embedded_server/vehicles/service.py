"""Vehicle rules: add by VIN (R16), update with versions, remove (R18)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from embedded_server.accounts.repository import lock_company
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.models import Vehicle
from embedded_server.products.service import deactivate_vehicle_services
from embedded_server.vehicles import repository as repo
from embedded_server.vehicles.entity import (  # noqa: F401 - re-exported for the routes
    feed_vehicle,
    touch_vehicle,
    vehicle_data,
)
from mpro_desktop.domain.vin import InvalidVin, normalize_vin

VIN_TAKEN_DETAIL = (
    "This VIN is already registered in another company account. Ask the previous owner "
    "to remove the vehicle from their account, or ask your dealer for help."
)


class VersionConflict(Exception):
    """base_version is stale; carries the current vehicle for the client to resolve."""

    def __init__(self, vehicle: Vehicle) -> None:
        super().__init__("version conflict")
        self.vehicle = vehicle


def _clean(text: str | None, *, upper: bool = False) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    return text.upper() if upper else text


def parse_vin(raw: str) -> str:
    try:
        return normalize_vin(raw)
    except InvalidVin as exc:
        raise ProblemError(422, "invalid_vin", exc.message, reason=exc.reason, fields=["vin"]) from exc


def _vin_conflict(existing: Vehicle, company_id: str) -> ProblemError:
    if existing.company_id == company_id:
        return ProblemError(409, "vin_exists", "This vehicle is already in your account.",
                            vehicle_id=existing.public_id)
    return ProblemError(409, "vin_taken", VIN_TAKEN_DETAIL)


def add_vehicle(
    session: Session,
    *,
    company_id: str,
    vin: str,
    vehicle_id: str | None = None,
    license_plate: str | None = None,
    name: str | None = None,
    fuel_type: str = "diesel",
    model: str | None = None,
    has_comm_module: bool = True,
) -> Vehicle:
    """R16: normalise the VIN; it may be active in one company only.

    ``vehicle_id`` (the client's choice of ``public_id``) need only be new in this
    company: another company's id is just a fresh id here (issue 8 #12). The portal's
    key is always made here, so it never equals an id a client chose."""
    vin = parse_vin(vin)
    lock_company(session, company_id)
    if vehicle_id is not None:
        same_id = repo.get_for_company(session, company_id, vehicle_id)
        if same_id is not None:
            if same_id.vin == vin and same_id.removed_at is None:
                raise _vin_conflict(same_id, company_id)
            raise ProblemError(409, "id_conflict", "A vehicle with this id exists already; use a new id.")
    existing = repo.find_active_by_vin(session, vin)
    if existing is not None:
        raise _vin_conflict(existing, company_id)
    now = utcnow()
    vehicle = Vehicle(
        id=str(uuid.uuid4()),
        public_id=vehicle_id or str(uuid.uuid4()),
        company_id=company_id,
        vin=vin,
        name=_clean(name),
        license_plate=_clean(license_plate, upper=True),
        fuel_type=fuel_type,
        model=_clean(model),
        has_comm_module=has_comm_module,
        module_active=False,
        version=1,
        created_at=now,
        updated_at=now,
    )
    repo.add(session, vehicle)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # a concurrent add of the same VIN won the race
        session.expunge(vehicle) if vehicle in session else None
        raced = repo.find_active_by_vin(session, vin)
        if raced is not None:
            raise _vin_conflict(raced, company_id) from exc
        raise ProblemError(409, "id_conflict", "A vehicle with this id exists already; use a new id.") from exc
    feed_vehicle(session, vehicle)
    return vehicle


def get_vehicle(session: Session, *, company_id: str, vehicle_id: str) -> Vehicle:
    """Another company's vehicle is simply not found (never reveal other tenants)."""
    vehicle = repo.get_for_company(session, company_id, vehicle_id)
    if vehicle is None:
        raise ProblemError(404, "not_found", "Vehicle not found.")
    return vehicle


def list_vehicles(
    session: Session, *, company_id: str, cursor: str | None, limit: int, include_removed: bool
) -> tuple[list[Vehicle], str | None]:
    rows = repo.list_for_company(session, company_id, after_id=cursor, limit=limit + 1,
                                 include_removed=include_removed)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].public_id if more and rows else None)


def _locked_vehicle(session: Session, company_id: str, vehicle_id: str) -> Vehicle:
    lock_company(session, company_id)
    vehicle = get_vehicle(session, company_id=company_id, vehicle_id=vehicle_id)
    session.refresh(vehicle)
    return vehicle


def update_vehicle(
    session: Session,
    *,
    company_id: str,
    vehicle_id: str,
    changes: dict[str, Any],
    base_version: int | None = None,
) -> Vehicle:
    vehicle = _locked_vehicle(session, company_id, vehicle_id)
    if vehicle.removed_at is not None:
        raise ProblemError(409, "vehicle_removed", "The vehicle was removed from the account.")
    if base_version is not None and base_version != vehicle.version:
        raise VersionConflict(vehicle)
    changed = False
    for key in ("name", "license_plate", "model"):
        if key in changes:
            value = _clean(changes[key], upper=key == "license_plate")
            if getattr(vehicle, key) != value:
                setattr(vehicle, key, value)
                changed = True
    if changed:
        touch_vehicle(session, vehicle)
    return vehicle


def remove_vehicle(
    session: Session, *, company_id: str, vehicle_id: str, base_version: int | None = None
) -> Vehicle:
    """R18: stop data transfer at once; the history stays (read-only)."""
    vehicle = _locked_vehicle(session, company_id, vehicle_id)
    if vehicle.removed_at is not None:
        return vehicle
    if base_version is not None and base_version != vehicle.version:
        raise VersionConflict(vehicle)
    deactivate_vehicle_services(session, vehicle=vehicle)
    vehicle.removed_at = utcnow()
    vehicle.version += 1
    vehicle.updated_at = vehicle.removed_at
    session.flush()
    feed_vehicle(session, vehicle, op="delete")
    return vehicle
