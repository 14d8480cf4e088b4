"""HTTP routes of remote commands: desktop side (REST) and vehicle side (telematics)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from embedded_server.authorization import PUBLIC_ROUTE, require
from embedded_server.commands import service
from embedded_server.commands.schemas import (
    CommandCreate,
    CommandItems,
    CommandOut,
    CommandPage,
    CommandResultIn,
)
from embedded_server.deps import AuthContext, SessionDep, bearer_token
from embedded_server.errors import PROBLEM_RESPONSES, problems
from embedded_server.models import Command
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["commands"], responses=PROBLEM_RESPONSES)
MAX_WAIT_S = 60.0
#: fallback re-check while long-polling (expiry, or a command queued by another process)
POLL_RECHECK_S = 1.0
Reader = Annotated[AuthContext, require(Permission.READ)]
Sender = Annotated[AuthContext, require(Permission.SEND_COMMANDS)]


@router.post("/vehicles/{vehicle_id}/commands", status_code=202, response_model=CommandOut,
             responses=problems("product_required", "not_an_evan", "vehicle_removed", "id_conflict"))
def send_command(vehicle_id: str, body: CommandCreate, auth: Sender, session: SessionDep) -> Command:
    c = service.send_command(session, company_id=auth.company_id, vehicle_id=vehicle_id,
                             type_=body.type, params=body.params, ttl_s=body.ttl_s)
    session.commit()
    return c


@router.get("/vehicles/{vehicle_id}/commands", response_model=CommandPage)
def list_commands(
    vehicle_id: str, request: Request, auth: Reader, session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Newest first; queued commands past their TTL are expired before reading."""
    service.expire_vehicle(request.app.state.session_factory, company_id=auth.company_id,
                           vehicle_id=vehicle_id)
    session.commit()  # end the read snapshot taken for auth: read after the expiry
    rows = service.list_commands(session, company_id=auth.company_id, vehicle_id=vehicle_id, limit=limit)
    return {"items": rows, "next_cursor": None}


@router.get("/vehicles/{vehicle_id}/commands/{command_id}", response_model=CommandOut)
def get_command(vehicle_id: str, command_id: str, request: Request, auth: Reader,
                session: SessionDep) -> Command:
    service.expire_vehicle(request.app.state.session_factory, company_id=auth.company_id,
                           vehicle_id=vehicle_id)
    session.commit()
    c = service.get_command(session, company_id=auth.company_id, vehicle_id=vehicle_id,
                            command_id=command_id)
    return c


def _module_vehicle(request: Request, vin: str | None) -> tuple[str, tuple[str, str]]:
    """The vehicle's portal key and its (company_id, public_id) for the broker's wake-ups."""
    token = bearer_token(request)
    with request.app.state.session_factory(readonly=True) as session:
        v = service.module_vehicle(session, token=token, vin=vin)
        return v.id, (v.company_id, v.public_id)


@router.get("/telematics/commands", response_model=CommandItems, dependencies=[PUBLIC_ROUTE],
            responses=problems("invalid_module_token", "no_active_service", "vin_mismatch"))
async def poll_commands(
    request: Request,
    vin: Annotated[str, Query(max_length=64)],
    wait: Annotated[float, Query(ge=0, le=MAX_WAIT_S, description="long-poll seconds")] = 0,
) -> dict[str, Any]:
    """Vehicle side (module token): queued, unexpired commands, now marked ``delivered``.

    Waits up to ``wait`` seconds for a command; wakes as soon as one is queued.
    """
    vehicle_id, waiter_key = await run_in_threadpool(_module_vehicle, request, vin)
    factory = request.app.state.session_factory
    broker = request.app.state.broker
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    waiter = broker.vehicle_waiter(waiter_key)
    try:
        while True:
            waiter.clear()
            items = await run_in_threadpool(service.take_for_vehicle, factory, vehicle_id=vehicle_id)
            remaining = deadline - loop.time()
            if items or remaining <= 0 or broker.shutdown.is_set():
                return {"items": items}
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), timeout=min(remaining, POLL_RECHECK_S))
            if await request.is_disconnected():
                return {"items": []}
    finally:
        broker.drop_vehicle_waiter(waiter_key, waiter)


@router.post("/telematics/commands/{command_id}/result", response_model=CommandOut,
             dependencies=[PUBLIC_ROUTE],
             responses=problems("invalid_module_token", "no_active_service", "vin_mismatch",
                                "command_expired", "command_finished"))
def command_result(command_id: str, body: CommandResultIn, request: Request,
                   session: SessionDep) -> Command:
    vehicle = service.module_vehicle(session, token=bearer_token(request), vin=None)
    c = service.report_result(session, vehicle=vehicle, command_id=command_id, state=body.state,
                              reason=body.reason, unmet=list(body.unmet))
    session.commit()
    return c
