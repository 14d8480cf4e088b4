"""``/healthz`` (the process answers), ``/readyz`` (it can serve: database reachable, schema
at the migrations' head; 503 otherwise) and ``/metrics`` (Prometheus text format).

A load balancer routes to a worker while ``/readyz`` is 200 and restarts it when
``/healthz`` stops answering. ``/metrics`` is public unless ``MPRO_METRICS_TOKEN`` is set
(then ``Authorization: Bearer <token>``); it carries counts and timings, no tenant data.
"""

from __future__ import annotations

import asyncio
import hmac
from functools import lru_cache
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request, Response
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from embedded_server import metrics
from embedded_server.authorization import PUBLIC_ROUTE
from embedded_server.errors import ProblemError, problem_response, problems
from embedded_server.migrations import alembic_config

router = APIRouter(tags=["meta"], dependencies=[PUBLIC_ROUTE])
#: /readyz answers 503 when the database does not answer within this
READY_TIMEOUT_S = 5.0


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def schema_state(engine: Engine) -> str | None:
    """None when the database answers at the head revision, else what is wrong."""
    with engine.connect() as conn:
        current = frozenset(MigrationContext.configure(conn).get_current_heads())
    if current != migration_heads():
        return (
            f"database schema at {', '.join(sorted(current)) or 'no revision'}, "
            f"this portal needs {', '.join(sorted(migration_heads()))}"
        )
    return None


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", responses=problems("not_ready"))
async def readyz(request: Request) -> Any:
    engine = request.app.state.engine
    try:
        problem = await asyncio.wait_for(run_in_threadpool(schema_state, engine), READY_TIMEOUT_S)
    except TimeoutError:
        problem = f"the database did not answer within {READY_TIMEOUT_S:.0f} s"
    except (SQLAlchemyError, OSError) as exc:
        problem = f"the database is unreachable ({type(exc).__name__})"
    if problem is not None:
        return problem_response(503, "not_ready", problem, headers={"Retry-After": "5"})
    return {"status": "ready"}


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text"}},
)
def metrics_text(request: Request) -> Response:
    token = request.app.state.settings.metrics_token
    if token is not None:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            raise ProblemError(
                401,
                "unauthorized",
                "Send 'Authorization: Bearer <metrics token>'.",
                headers={"WWW-Authenticate": "Bearer"},
            )
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
