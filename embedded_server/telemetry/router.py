"""HTTP routes of telematics ingest (vehicle side) and telemetry history."""

from __future__ import annotations

from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from embedded_server import metrics
from embedded_server.authorization import PUBLIC_ROUTE, require
from embedded_server.deps import AuthContext, SessionDep, bearer_token, open_session
from embedded_server.errors import PROBLEM_RESPONSES, problems, validation_problem
from embedded_server.telemetry import live, service
from embedded_server.telemetry.schemas import (
    BodyError,
    SamplesOut,
    TelemetryColumnsOut,
    TelemetryOut,
    parse_samples_body,
    samples_body_schema,
)
from embedded_server.validation import UtcDatetime
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["telemetry"], responses=PROBLEM_RESPONSES)


def module_token_known(request: Request) -> None:
    """Auth before the body: an unknown or revoked module token gets its 401 before a byte
    is read (FastAPI runs this sync dependency before the handler reads the body)."""
    service.precheck_module_token(request.app.state.engine, bearer_token(request))


@router.post("/telematics/samples", response_model=SamplesOut,
             dependencies=[PUBLIC_ROUTE, Depends(module_token_known)],
             responses=problems("invalid_module_token", "no_active_service", "vin_mismatch"),
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": samples_body_schema()}}}})
async def ingest_samples(request: Request) -> Response:
    """The body is read here and decoded with orjson and a plain type check (see schemas)
    instead of one pydantic model per sample; the work runs in one worker-thread hop."""
    raw = await request.body()
    return await run_in_threadpool(_ingest, request, raw)


def _ingest(request: Request, raw: bytes) -> Response:
    try:
        batch = parse_samples_body(raw)
    except BodyError as exc:
        return validation_problem(exc.errors)
    token = bearer_token(request)
    with open_session(request) as session:
        result = service.ingest(session, module_token=token, batch=batch)
        session.commit()
        metrics.INGESTED.inc(result["accepted"])
        live.feed_after_commit(session, request.app.state.session_factory)
    return Response(orjson.dumps(result), media_type="application/json")


@router.get("/vehicles/{vehicle_id}/telemetry", response_model=TelemetryOut | TelemetryColumnsOut)
def telemetry(
    vehicle_id: str,
    auth: Annotated[AuthContext, require(Permission.READ)],
    session: SessionDep,
    from_: Annotated[UtcDatetime | None, Query(alias="from", description="naive means UTC")] = None,
    to: Annotated[UtcDatetime | None, Query(description="naive means UTC")] = None,
    fields: Annotated[str | None, Query(max_length=1000, description="comma-separated")] = None,
    max_points: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    fmt: Annotated[Literal["rows", "columns"], Query(
        alias="format", description="rows (default): samples as objects; columns: one array per field, ts as epoch seconds")] = "rows",
    limit: Annotated[int | None, Query(ge=1, le=service.MAX_SERIES_ROWS,
                                       description="page size (samples); see next_cursor")] = None,
    cursor: Annotated[str | None, Query(max_length=200, description="next_cursor of the previous page")] = None,
) -> Response:
    wanted = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    body = service.series(session, company_id=auth.company_id, vehicle_id=vehicle_id,
                          start=from_, end=to, fields=wanted, max_points=max_points,
                          fmt=fmt, limit=limit, cursor=cursor)
    # orjson straight to bytes: no per-row response-model validation of up to 200k rows
    return Response(orjson.dumps(body), media_type="application/json")
