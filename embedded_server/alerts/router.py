"""HTTP routes of alerts and their thresholds."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from embedded_server.alerts import service
from embedded_server.alerts.models import Alert
from embedded_server.alerts.schemas import (
    AlertOut,
    AlertPage,
    AlertSettingsOut,
    AlertState,
    ThresholdsIn,
)
from embedded_server.authorization import require
from embedded_server.deps import AuthContext, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES, problems
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["alerts"], responses=PROBLEM_RESPONSES)
Reader = Annotated[AuthContext, require(Permission.READ)]
Manager = Annotated[AuthContext, require(Permission.MANAGE_ALERTS)]


@router.get("/alerts", response_model=AlertPage, responses=problems("invalid_cursor"))
def list_alerts(
    auth: Reader,
    session: SessionDep,
    state: AlertState | None = None,
    vehicle_id: Annotated[str | None, Query(max_length=36)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Newest first, optionally one state and one vehicle."""
    rows, nxt = service.list_alerts(session, company_id=auth.company_id, state=state,
                                    vehicle_id=vehicle_id, cursor=cursor, limit=limit)
    return {"items": rows, "next_cursor": nxt}


@router.get("/alerts/settings", response_model=AlertSettingsOut)
def alert_settings(auth: Reader, session: SessionDep) -> dict[str, Any]:
    return service.settings_out(session, auth.company_id)


@router.put("/alerts/settings", response_model=AlertSettingsOut)
def update_alert_settings(body: ThresholdsIn, auth: Manager,  # type: ignore[valid-type]
                          session: SessionDep) -> dict[str, Any]:
    """Change some thresholds; the others keep their value. Applies from the next sample."""
    changes = {k: v for k, v in body.model_dump().items() if v is not None}  # type: ignore[attr-defined]
    out = service.update_settings(session, auth.company_id, changes)
    session.commit()
    return out


@router.get("/alerts/{alert_id}", response_model=AlertOut)
def get_alert(alert_id: str, auth: Reader, session: SessionDep) -> Alert:
    alert = service.get_alert(session, company_id=auth.company_id, alert_id=alert_id)
    return alert


@router.post("/alerts/{alert_id}/acknowledge", response_model=AlertOut,
             responses=problems("alert_closed"))
def acknowledge(alert_id: str, auth: Manager, session: SessionDep) -> Alert:
    alert = service.acknowledge(session, company_id=auth.company_id, alert_id=alert_id,
                                user_id=auth.user_id)
    session.commit()
    return alert


@router.post("/alerts/{alert_id}/close", response_model=AlertOut)
def close(alert_id: str, auth: Manager, session: SessionDep) -> Alert:
    alert = service.close(session, company_id=auth.company_id, alert_id=alert_id,
                          user_id=auth.user_id)
    session.commit()
    return alert
