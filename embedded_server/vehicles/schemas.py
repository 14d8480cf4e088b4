"""Vehicle bodies; the JSON shape is pinned in docs/contracts.md."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from embedded_server.validation import RequestModel
from mpro_desktop.domain.telemetry import FUEL_TYPES


def _uuid(v: str) -> str:
    return str(uuid.UUID(v))


ClientId = Annotated[str, AfterValidator(_uuid)]
FuelType = Literal[FUEL_TYPES]  # type: ignore[valid-type]
Name = Annotated[str, Field(max_length=100)]
Plate = Annotated[str, Field(max_length=20)]


class VehicleCreate(RequestModel):
    id: ClientId | None = None
    vin: Annotated[str, Field(max_length=64)]
    license_plate: Plate | None = None
    name: Name | None = None
    fuel_type: FuelType = "diesel"
    model: Name | None = None
    has_comm_module: bool = True


class VehicleUpdate(RequestModel):
    """Only the fields sent are changed; ``base_version`` guards against lost updates."""

    name: Name | None = None
    license_plate: Plate | None = None
    model: Name | None = None
    base_version: int | None = None


class VehicleOut(BaseModel):
    id: str
    vin: str
    name: str | None
    license_plate: str | None
    fuel_type: str
    model: str | None
    has_comm_module: bool
    module_active: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    removed_at: dt.datetime | None = None
    status: dict[str, Any] | None = None


class VehiclePage(BaseModel):
    items: list[VehicleOut]
    next_cursor: str | None


class VehicleStatusOut(BaseModel):
    """Latest telemetry snapshot (R22): every sample field, null until first seen."""

    model_config = ConfigDict(extra="allow")
    vehicle_id: str
    seq: int | None
    ts: dt.datetime | None
