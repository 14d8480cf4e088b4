"""HTTP routes of trips (the logbook)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from embedded_server.authorization import require
from embedded_server.deps import AuthContext, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES
from embedded_server.trips import service
from embedded_server.trips.schemas import TripPage
from embedded_server.validation import UtcDatetime
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["trips"], responses=PROBLEM_RESPONSES)


@router.get("/vehicles/{vehicle_id}/trips", response_model=TripPage)
def trips(
    vehicle_id: str,
    auth: Annotated[AuthContext, require(Permission.READ)],
    session: SessionDep,
    from_: Annotated[UtcDatetime | None, Query(alias="from", description="naive means UTC")] = None,
    to: Annotated[UtcDatetime | None, Query(description="naive means UTC")] = None,
) -> dict[str, Any]:
    """Trips overlapping ``[from, to]``, oldest first; a trip in progress has
    ``ended_at: null``. At most 1,000 per answer: narrow the period for more."""
    rows = service.list_trips(session, company_id=auth.company_id, vehicle_id=vehicle_id,
                              start=from_, end=to)
    return {"items": rows, "next_cursor": None}
