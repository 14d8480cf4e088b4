"""Vehicle bodies; the JSON shape is pinned in docs/contracts.md."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AliasPath, BaseModel, Field, create_model, field_validator

from embedded_server.responses import ResponseModel
from embedded_server.validation import RequestModel
from mpro_desktop.domain.telemetry import FUEL_TYPES, SAMPLE_FIELDS, summary_of
from mpro_desktop.domain.vehicles import MODEL_MAX, NAME_MAX, PLATE_MAX, VIN_INPUT_MAX


def _uuid(v: str) -> str:
    return str(uuid.UUID(v))


ClientId = Annotated[str, AfterValidator(_uuid)]
FuelType = Literal[FUEL_TYPES]  # type: ignore[valid-type]
Name = Annotated[str, Field(max_length=NAME_MAX)]
Plate = Annotated[str, Field(max_length=PLATE_MAX)]
ModelName = Annotated[str, Field(max_length=MODEL_MAX)]
VinInput = Annotated[str, Field(max_length=VIN_INPUT_MAX)]


class VehicleCreate(RequestModel):
    id: ClientId | None = None
    vin: VinInput
    license_plate: Plate | None = None
    name: Name | None = None
    fuel_type: FuelType = "diesel"
    model: ModelName | None = None
    has_comm_module: bool = True


class VehicleUpdate(RequestModel):
    """Only the fields sent are changed; ``base_version`` guards against lost updates."""

    name: Name | None = None
    license_plate: Plate | None = None
    model: ModelName | None = None
    base_version: int | None = None


class VehicleOut(ResponseModel):
    """A vehicle. The change feed and mutation results carry it without ``status``
    (:data:`FEED_EXCLUDE`): the summary rides its own ``vehicle_status`` entity."""

    id: str = Field(validation_alias="public_id")
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

    @field_validator("status", mode="before")
    @classmethod
    def _summary(cls, snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
        return summary_of(snapshot)


#: what the feed and mutation results leave out of :class:`VehicleOut`
FEED_EXCLUDE = frozenset({"status"})


class VehiclePage(BaseModel):
    items: list[VehicleOut]
    next_cursor: str | None


class _StatusBase(ResponseModel):
    vehicle_id: str = Field(validation_alias="public_id")
    seq: int | None = Field(validation_alias="status_seq")
    ts: dt.datetime | None = Field(None, validation_alias=AliasPath("status", "ts"))


#: Latest telemetry snapshot (R22): every sample field of the shared vocabulary, null
#: until first seen; read from the vehicle row's ``status`` JSON.
VehicleStatusOut = create_model(  # type: ignore[call-overload]
    "VehicleStatusOut",
    __base__=_StatusBase,
    __doc__="Latest telemetry snapshot (R22): every sample field, null until first seen.",
    **{name: (kind | None, Field(None, validation_alias=AliasPath("status", name)))
       for name, kind in SAMPLE_FIELDS.items()},
)
