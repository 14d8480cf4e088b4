"""HTTP routes of vehicles."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from embedded_server.authorization import require
from embedded_server.deps import AuthContext, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES, ProblemError, problems
from embedded_server.models import Vehicle
from embedded_server.vehicles import service
from embedded_server.vehicles.schemas import (
    VehicleCreate,
    VehicleOut,
    VehiclePage,
    VehicleStatusOut,
    VehicleUpdate,
)
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["vehicles"], responses=PROBLEM_RESPONSES)
VID = Annotated[str, "vehicle id"]
Reader = Annotated[AuthContext, require(Permission.READ)]
Manager = Annotated[AuthContext, require(Permission.MANAGE_VEHICLES)]


@router.get("/vehicles", response_model=VehiclePage)
def list_vehicles(
    auth: Reader,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    include_removed: bool = False,
) -> dict[str, Any]:
    rows, nxt = service.list_vehicles(session, company_id=auth.company_id, cursor=cursor,
                                      limit=limit, include_removed=include_removed)
    return {"items": rows, "next_cursor": nxt}


@router.post("/vehicles", status_code=201, response_model=VehicleOut,
             responses=problems("vin_taken", "vin_exists", "id_conflict", "invalid_vin"))
def add_vehicle(body: VehicleCreate, auth: Manager, session: SessionDep) -> Vehicle:
    vehicle = service.add_vehicle(
        session, company_id=auth.company_id, vin=body.vin, vehicle_id=body.id,
        license_plate=body.license_plate, name=body.name, fuel_type=body.fuel_type,
        model=body.model, has_comm_module=body.has_comm_module,
    )
    session.commit()
    return vehicle


@router.get("/vehicles/{vehicle_id}", response_model=VehicleOut)
def get_vehicle(vehicle_id: VID, auth: Reader, session: SessionDep) -> Vehicle:
    v = service.get_vehicle(session, company_id=auth.company_id, vehicle_id=vehicle_id)
    return v


@router.patch("/vehicles/{vehicle_id}", response_model=VehicleOut,
              responses=problems("version_conflict", "vehicle_removed"))
def update_vehicle(vehicle_id: VID, body: VehicleUpdate, auth: Manager, session: SessionDep) -> Vehicle:
    changes = {k: getattr(body, k) for k in body.model_fields_set if k != "base_version"}
    try:
        v = service.update_vehicle(session, company_id=auth.company_id, vehicle_id=vehicle_id,
                                   changes=changes, base_version=body.base_version)
    except service.VersionConflict as conflict:
        raise ProblemError(409, "version_conflict", "The vehicle was changed by someone else.",
                           current=service.vehicle_data(conflict.vehicle)) from None
    session.commit()
    return v


@router.delete("/vehicles/{vehicle_id}", status_code=204, responses=problems("version_conflict"))
def remove_vehicle(vehicle_id: VID, auth: Manager, session: SessionDep) -> Response:
    service.remove_vehicle(session, company_id=auth.company_id, vehicle_id=vehicle_id)
    session.commit()
    return Response(status_code=204)


@router.get("/vehicles/{vehicle_id}/status", response_model=VehicleStatusOut)
def vehicle_status(vehicle_id: VID, auth: Reader, session: SessionDep) -> Vehicle:
    v = service.get_vehicle(session, company_id=auth.company_id, vehicle_id=vehicle_id)
    return v
