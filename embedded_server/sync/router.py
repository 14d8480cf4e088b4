"""HTTP routes of the change feed, mutations and the SSE stream."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from embedded_server.authorization import require
from embedded_server.deps import AuthContext, SessionDep, SettingsDep
from embedded_server.errors import PROBLEM_RESPONSES, problems
from embedded_server.feed import changelog
from embedded_server.products import catalogue
from embedded_server.sync import service
from embedded_server.sync.schemas import ChangesOut, MutationsIn, MutationsOut
from embedded_server.validation import ascii_int
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["sync"], responses=PROBLEM_RESPONSES)
#: syncing is reading the company; each pushed mutation is checked on its own type
Reader = Annotated[AuthContext, require(Permission.READ)]


@router.get("/changes", response_model=ChangesOut,
            responses=problems("invalid_cursor", "resync_required"))
def changes(
    request: Request,
    auth: Reader,
    session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> dict[str, Any]:
    page = service.pull_changes(session, company_id=auth.company_id, cursor=cursor, limit=limit)
    return catalogue.localise_changes(page, request.headers.get("accept-language"))


@router.post("/mutations", response_model=MutationsOut)
def mutations(body: MutationsIn, auth: Reader, session: SessionDep,
              settings: SettingsDep) -> dict[str, Any]:
    results = service.apply_mutations(session, company_id=auth.company_id, roles=auth.roles,
                                      client_id=body.client_id, mutations=body.mutations,
                                      auth=auth, settings=settings)
    session.commit()
    return {"results": results}


#: at most this many ``change`` events are replayed for a Last-Event-ID; then one hint
REPLAY_LIMIT = 1000


def _replay(request: Request, company_id: str, last_id: int) -> tuple[list[int], int | None]:
    with request.app.state.session_factory(readonly=True) as session:
        current = service.current_seq(session, company_id=company_id)
        if last_id >= current:
            return [], (current if last_id > current else None)
        seqs = changelog.seqs_after(session, company_id, last_id, REPLAY_LIMIT)
        return seqs, (current if len(seqs) >= REPLAY_LIMIT else None)


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
)
async def stream(request: Request, auth: Reader) -> StreamingResponse:
    """SSE for the caller's company: change hints, live telemetry, command states, heartbeat.

    ``Last-Event-ID: <seq>`` resumes ``change`` events: one event per change-log row
    committed after that seq is replayed (the log is compacted per entity, so superseded
    seqs are not repeated), then the live feed continues. A resume id beyond the current
    seq (another database or epoch) gets one hint with the current seq; the pull then
    answers 410 ``resync_required``. The stream ends when the access token expires (a
    stream must not outlive its credential); the client reconnects with a fresh token.
    """
    company_id = auth.company_id
    last_id = ascii_int(request.headers.get("last-event-id", "").strip())
    broker = request.app.state.broker
    queue = broker.subscribe(company_id)  # before the replay query: nothing falls between
    try:
        replay, catch_up = ([], None)
        if last_id is not None:
            replay, catch_up = await run_in_threadpool(_replay, request, company_id, last_id)
    except BaseException:
        broker.unsubscribe(company_id, queue)
        raise
    return StreamingResponse(
        broker.sse(company_id, request=request, queue=queue, replay=replay, catch_up_seq=catch_up,
                   heartbeat_s=request.app.state.settings.sse_heartbeat_s,
                   until=auth.expires_at),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
