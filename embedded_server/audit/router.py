"""GET /api/v1/audit: the company's audit log, for company admins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from embedded_server.audit import service
from embedded_server.audit.schemas import AuditPage
from embedded_server.authorization import require
from embedded_server.deps import AuthContext, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES, problems
from embedded_server.validation import UtcDatetime
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["audit"], responses=PROBLEM_RESPONSES)


@router.get("/audit", response_model=AuditPage, responses=problems("invalid_cursor"))
def audit_log(
    auth: Annotated[AuthContext, require(Permission.MANAGE_COMPANY)],
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=30)] = None,
    user: Annotated[str | None, Query(max_length=36, description="acting user id")] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    from_: Annotated[UtcDatetime | None, Query(alias="from")] = None,
    to: Annotated[UtcDatetime | None, Query()] = None,
) -> dict[str, Any]:
    rows, nxt = service.list_entries(session, auth, cursor=cursor, limit=limit, user_id=user,
                                     action=action, from_=from_, to=to)
    return {"items": rows, "next_cursor": nxt}
