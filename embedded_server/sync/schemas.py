"""Change feed and mutation bodies (API.md "Sync")."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from embedded_server.commands.schemas import CommandSendPayload

#: Every mutation type the portal accepts; enumerated in the OpenAPI schema.
MutationType = Literal["vehicle.add", "vehicle.update", "vehicle.remove", "command.send"]


class Change(BaseModel):
    seq: int
    entity: str
    id: str
    op: Literal["upsert", "delete"]
    data: dict[str, Any] | None
    version: int


class ChangesOut(BaseModel):
    changes: list[Change]
    next_cursor: str
    has_more: bool
    remaining: int = Field(0, description="changes after this page (0 when has_more is false)")


def _per_type_schema(schema: dict[str, Any]) -> None:
    """Document the payload of each ``type`` (a discriminated union on ``type``).

    At runtime ``payload`` stays a plain object so that one bad payload is answered with
    a per-mutation ``rejected``/``validation_error`` instead of failing the whole batch.
    """
    variants = []
    for name, model in PAYLOADS.items():
        payload = model.model_json_schema()
        payload.pop("$defs", None)
        variants.append({"title": name, "properties": {"type": {"const": name}, "payload": payload}})
    schema["oneOf"] = variants


class MutationIn(BaseModel):
    """One outbox entry; ``payload`` is validated per ``type`` (see ``oneOf``)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_per_type_schema)
    mutation_id: Annotated[str, Field(min_length=1, max_length=100)]
    client_seq: int | None = None
    type: MutationType
    payload: dict[str, Any]
    base_version: int | None = None
    age_s: Annotated[float, Field(ge=0)] | None = None


class MutationsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client_id: Annotated[str, Field(min_length=1, max_length=100)]
    schema_version: int = 1
    mutations: Annotated[list[MutationIn], Field(max_length=500)]


class MutationResult(BaseModel):
    mutation_id: str
    result: Literal["applied", "duplicate", "conflict", "rejected"]
    code: str | None = None
    detail: str | None = None
    entity: dict[str, Any] | None = None
    #: on ``duplicate``: what the first delivery of this mutation_id got
    original_result: Literal["applied", "conflict", "rejected"] | None = None


class MutationsOut(BaseModel):
    results: list[MutationResult]


class VehicleAddPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = None
    vin: Annotated[str, Field(max_length=64)]
    license_plate: Annotated[str, Field(max_length=20)] | None = None
    name: Annotated[str, Field(max_length=100)] | None = None
    fuel_type: Literal["diesel", "electric"] = "diesel"
    model: Annotated[str, Field(max_length=100)] | None = None
    has_comm_module: bool = True


class VehicleUpdatePayload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vehicle_id: str
    name: Annotated[str, Field(max_length=100)] | None = None
    license_plate: Annotated[str, Field(max_length=20)] | None = None
    model: Annotated[str, Field(max_length=100)] | None = None


class VehicleRemovePayload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vehicle_id: str


PAYLOADS: dict[str, type[BaseModel]] = {
    "vehicle.add": VehicleAddPayload,
    "vehicle.update": VehicleUpdatePayload,
    "vehicle.remove": VehicleRemovePayload,
    "command.send": CommandSendPayload,
}
