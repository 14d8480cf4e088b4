"""Remote command bodies (docs/contracts.md "Remote commands")."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from embedded_server.validation import RequestModel

CommandType = Literal[
    "lock", "unlock", "start_charging", "stop_charging", "start_preconditioning",
    "stop_preconditioning", "set_departure_time",
]
COMMAND_TYPES: tuple[str, ...] = CommandType.__args__  # type: ignore[attr-defined]
#: Only for ``fuel_type == "electric"`` (else rejected ``not_an_evan``).
EVAN_ONLY = frozenset({"start_charging", "stop_charging", "start_preconditioning", "stop_preconditioning"})
CommandState = Literal["queued", "delivered", "executed", "failed", "expired"]
TtlS = Annotated[int, Field(ge=5, le=86400)]
DEFAULT_TTL_S = 300


class NoParams(RequestModel):
    pass


class DepartureParams(RequestModel):
    departure_time: AwareDatetime


class PreconditioningParams(RequestModel):
    departure_time: AwareDatetime | None = None
    target_temp_c: Annotated[float, Field(ge=5, le=35)] | None = None


PARAMS: dict[str, type[BaseModel]] = {
    **{t: NoParams for t in COMMAND_TYPES},
    "set_departure_time": DepartureParams,
    "start_preconditioning": PreconditioningParams,
}


class CommandCreate(RequestModel):
    type: CommandType
    params: dict[str, Any] | None = None
    ttl_s: TtlS = DEFAULT_TTL_S


class CommandOut(BaseModel):
    id: str
    vehicle_id: str
    type: CommandType
    params: dict[str, Any]
    state: CommandState
    reason: str | None
    unmet: list[str]
    ttl_s: int
    created_at: dt.datetime
    expires_at: dt.datetime
    delivered_at: dt.datetime | None = None
    updated_at: dt.datetime
    version: int


class CommandPage(BaseModel):
    items: list[CommandOut]
    next_cursor: str | None = None


class CommandItems(BaseModel):
    """Long-poll answer for the vehicle: the commands just marked ``delivered``."""

    items: list[CommandOut]


class CommandResultIn(RequestModel):
    state: Literal["executed", "failed"]
    reason: Annotated[str, Field(max_length=500)] | None = None
    unmet: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=20)] = []


class CommandSendPayload(RequestModel):
    """Mutation ``command.send``; the envelope's ``age_s`` shortens the TTL."""

    command_id: Annotated[str, Field(min_length=1, max_length=36)]
    vehicle_id: Annotated[str, Field(max_length=36)]
    type: CommandType
    params: dict[str, Any] | None = None
    ttl_s: TtlS = DEFAULT_TTL_S
