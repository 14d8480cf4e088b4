"""Mutation types of alerts: acknowledge and close from a desktop's outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from embedded_server.alerts import service
from embedded_server.alerts.schemas import AlertOut, AlertRef
from embedded_server.sync.mutation_types import MutationType, Pushed
from mpro_desktop.domain.accounts import Permission


def _user(m: Pushed) -> str | None:
    auth = getattr(m, "auth", None)
    return getattr(auth, "user_id", None)


def _acknowledge(session: Session, m: Pushed) -> dict[str, Any]:
    alert = service.acknowledge(session, company_id=m.company_id, alert_id=m.payload.alert_id,
                                user_id=_user(m))
    return AlertOut.dump(alert)


def _close(session: Session, m: Pushed) -> dict[str, Any]:
    alert = service.close(session, company_id=m.company_id, alert_id=m.payload.alert_id,
                          user_id=_user(m))
    return AlertOut.dump(alert)


MUTATIONS = (
    MutationType("alert.acknowledge", AlertRef, Permission.MANAGE_ALERTS, _acknowledge),
    MutationType("alert.close", AlertRef, Permission.MANAGE_ALERTS, _close),
)
