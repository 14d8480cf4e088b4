"""HTTP routes of telematics ingest (vehicle side) and telemetry history."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from embedded_server.deps import AuthDep, SessionDep, bearer_token
from embedded_server.errors import PROBLEM_RESPONSES
from embedded_server.telemetry import service
from embedded_server.telemetry.schemas import SamplesIn, SamplesOut, TelemetryOut

router = APIRouter(prefix="/api/v1", tags=["telemetry"], responses=PROBLEM_RESPONSES)


@router.post("/telematics/samples", response_model=SamplesOut,
             responses={403: {"description": "no active service / vehicle removed"}})
def ingest_samples(body: SamplesIn, request: Request, session: SessionDep) -> dict[str, int]:
    result = service.ingest(session, module_token=bearer_token(request), vin=body.vin,
                            samples=[s.model_dump() for s in body.samples])
    session.commit()
    return result


@router.get("/vehicles/{vehicle_id}/telemetry", response_model=TelemetryOut)
def telemetry(
    vehicle_id: str,
    auth: AuthDep,
    session: SessionDep,
    from_: Annotated[dt.datetime | None, Query(alias="from")] = None,
    to: dt.datetime | None = None,
    fields: Annotated[str | None, Query(max_length=1000, description="comma-separated")] = None,
    max_points: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> dict[str, Any]:
    wanted = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    return service.series(session, company_id=auth.company_id, vehicle_id=vehicle_id,
                          start=_aware(from_), end=_aware(to), fields=wanted, max_points=max_points)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value
