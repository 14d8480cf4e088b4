"""HTTP routes of the change feed, mutations and the SSE stream."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from embedded_server.deps import AuthDep, SessionDep, bearer_token
from embedded_server.errors import PROBLEM_RESPONSES
from embedded_server.sync import service
from embedded_server.sync.schemas import ChangesOut, MutationsIn, MutationsOut

router = APIRouter(prefix="/api/v1", tags=["sync"], responses=PROBLEM_RESPONSES)


@router.get("/changes", response_model=ChangesOut, responses={410: {"description": "resync_required"}})
def changes(
    auth: AuthDep,
    session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> dict[str, Any]:
    return service.pull_changes(session, company_id=auth.company_id, cursor=cursor, limit=limit)


@router.post("/mutations", response_model=MutationsOut)
def mutations(body: MutationsIn, auth: AuthDep, session: SessionDep) -> dict[str, Any]:
    results = service.apply_mutations(session, company_id=auth.company_id,
                                      client_id=body.client_id, mutations=body.mutations)
    session.commit()
    return {"results": results}


def _auth_for_stream(request: Request) -> tuple[str, int]:
    from embedded_server.accounts.service import authenticate_access_token

    token = bearer_token(request)
    with request.app.state.session_factory(readonly=True) as session:
        auth = authenticate_access_token(session, token=token)
        return auth.company_id, service.current_seq(session, company_id=auth.company_id)


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
)
async def stream(request: Request) -> StreamingResponse:
    """SSE for the caller's company: change hints, live telemetry and a heartbeat."""
    company_id, seq = await run_in_threadpool(_auth_for_stream, request)
    last_id = request.headers.get("last-event-id", "")
    resume = int(last_id) if last_id.isdigit() else None
    broker = request.app.state.broker
    return StreamingResponse(
        broker.sse(company_id, request=request, current_seq=seq, last_event_id=resume,
                   heartbeat_s=request.app.state.settings.sse_heartbeat_s),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
