"""Remote command bodies (docs/contracts.md "Remote commands")."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AliasPath, AwareDatetime, BaseModel, Field

from embedded_server.responses import ResponseModel
from embedded_server.validation import RequestModel
from mpro_desktop.domain.commands import (
    COMMAND_TYPES,
    DEFAULT_TTL_S,
    MAX_TTL_S,
    MIN_TTL_S,
    SET_DEPARTURE_TIME,
    START_PRECONDITIONING,
    STATES,
)
from mpro_desktop.domain.preconditions import TARGET_TEMP_MAX_C, TARGET_TEMP_MIN_C

CommandType = Literal[COMMAND_TYPES]  # type: ignore[valid-type]
CommandState = Literal[STATES]  # type: ignore[valid-type]
TtlS = Annotated[int, Field(ge=MIN_TTL_S, le=MAX_TTL_S)]


class NoParams(RequestModel):
    pass


class DepartureParams(RequestModel):
    departure_time: AwareDatetime


class PreconditioningParams(RequestModel):
    departure_time: AwareDatetime | None = None
    target_temp_c: Annotated[float, Field(ge=TARGET_TEMP_MIN_C, le=TARGET_TEMP_MAX_C)] | None = None


PARAMS: dict[str, type[BaseModel]] = {
    **{t: NoParams for t in COMMAND_TYPES},
    SET_DEPARTURE_TIME: DepartureParams,
    START_PRECONDITIONING: PreconditioningParams,
}


class CommandCreate(RequestModel):
    type: CommandType
    params: dict[str, Any] | None = None
    ttl_s: TtlS = DEFAULT_TTL_S


class CommandOut(ResponseModel):
    id: str
    vehicle_id: str = Field(validation_alias=AliasPath("vehicle", "public_id"))
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
