"""Trip bodies (API.md "Alerts and trips")."""

from __future__ import annotations

import datetime as dt

from pydantic import AliasPath, BaseModel, Field

from embedded_server.responses import ResponseModel


class TripEnd(ResponseModel):
    lat: float | None
    lon: float | None
    odometer_km: float | None
    place: str | None = None


class TripOut(ResponseModel):
    id: str
    vehicle_id: str = Field(validation_alias=AliasPath("vehicle", "public_id"))
    started_at: dt.datetime
    ended_at: dt.datetime | None
    start: TripEnd = Field(validation_alias="start_point")
    end: TripEnd = Field(validation_alias="end_point")
    distance_km: float | None
    max_speed_kmh: float
    version: int


class TripPage(BaseModel):
    items: list[TripOut]
    next_cursor: str | None
