"""The vehicle mutations of ``POST /mutations``: add, update, remove."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from embedded_server.errors import ProblemError
from embedded_server.models import Vehicle
from embedded_server.sync.mutation_types import (
    MutationConflict,
    MutationRejected,
    MutationType,
    Pushed,
)
from embedded_server.validation import RequestModel
from embedded_server.vehicles import repository as repo
from embedded_server.vehicles import service
from embedded_server.vehicles.schemas import FuelType, ModelName, Name, Plate, VinInput
from mpro_desktop.domain.accounts import Permission


class VehicleAddPayload(RequestModel):
    id: str | None = None
    vin: VinInput
    license_plate: Plate | None = None
    name: Name | None = None
    fuel_type: FuelType = "diesel"
    model: ModelName | None = None
    has_comm_module: bool = True


class VehicleUpdatePayload(RequestModel):
    vehicle_id: str
    name: Name | None = None
    license_plate: Plate | None = None
    model: ModelName | None = None


class VehicleRemovePayload(RequestModel):
    vehicle_id: str


def _version_conflict(v: Vehicle) -> MutationConflict:
    return MutationConflict("version_conflict",
                            "The object was changed since your version; review and retry.",
                            v, service.vehicle_data)


def _live_vehicle(session: Session, company_id: str, vehicle_id: str) -> None:
    """404 when unknown; ``vehicle_removed`` conflict when removed meanwhile (delete vs edit)."""
    v = repo.get_for_company(session, company_id, vehicle_id)
    if v is None:
        raise ProblemError(404, "not_found", "Vehicle not found.")
    session.refresh(v)
    if v.removed_at is not None:
        raise MutationConflict("vehicle_removed",
                               "The vehicle was removed meanwhile; your change was not applied.",
                               v, lambda gone: {**service.vehicle_data(gone), "deleted": True})


def _add(session: Session, m: Pushed) -> dict[str, Any]:
    data = m.payload.model_dump(exclude_unset=True)
    vid = data.pop("id", None)
    if vid is not None:
        try:
            vid = str(uuid.UUID(vid))
        except ValueError:
            raise ProblemError(422, "validation_error", "id must be a UUID.", fields=["id"]) from None
    try:
        v = service.add_vehicle(session, company_id=m.company_id, vehicle_id=vid, **data)
    except ProblemError as exc:
        existing_id = exc.extra.get("vehicle_id")
        if exc.code != "vin_exists" or not existing_id:
            raise
        existing = repo.get_for_company(session, m.company_id, existing_id)
        raise MutationRejected(exc.code, exc.detail,
                               service.vehicle_data(existing) if existing else None) from None
    return service.vehicle_data(v)


def _update(session: Session, m: Pushed) -> dict[str, Any]:
    data = m.payload.model_dump(exclude_unset=True)
    vid = data.pop("vehicle_id")
    _live_vehicle(session, m.company_id, vid)
    try:
        v = service.update_vehicle(session, company_id=m.company_id, vehicle_id=vid,
                                   changes=data, base_version=m.base_version)
    except service.VersionConflict as conflict:
        raise _version_conflict(conflict.vehicle) from None
    return service.vehicle_data(v)


def _remove(session: Session, m: Pushed) -> dict[str, Any]:
    vid = m.payload.vehicle_id
    _live_vehicle(session, m.company_id, vid)
    try:
        v = service.remove_vehicle(session, company_id=m.company_id, vehicle_id=vid,
                                   base_version=m.base_version)
    except service.VersionConflict as conflict:
        raise _version_conflict(conflict.vehicle) from None
    return service.vehicle_data(v)


MUTATIONS = (
    MutationType("vehicle.add", VehicleAddPayload, Permission.MANAGE_VEHICLES, _add),
    MutationType("vehicle.update", VehicleUpdatePayload, Permission.MANAGE_VEHICLES, _update),
    MutationType("vehicle.remove", VehicleRemovePayload, Permission.MANAGE_VEHICLES, _remove),
)
