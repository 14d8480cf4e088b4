"""Queries for alerts, thresholds and the per-van live state."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from embedded_server.alerts.models import Alert, AlertSettings, VehicleLiveState
from embedded_server.models import Vehicle
from embedded_server.tenancy import owned


def get(session: Session, company_id: str, alert_id: str) -> Alert | None:
    return session.scalars(owned(Alert, company_id, Alert.id == alert_id)).first()


def by_ids(session: Session, ids: list[str]) -> dict[str, Alert]:
    if not ids:
        return {}
    return {a.id: a for a in session.scalars(select(Alert).where(Alert.id.in_(ids)))}


def page(session: Session, company_id: str, *, state: str | None, vehicle_key: str | None,
         after: tuple[dt.datetime, str] | None, limit: int) -> list[Alert]:
    criteria = []
    if state is not None:
        criteria.append(Alert.state == state)
    if vehicle_key is not None:
        criteria.append(Alert.vehicle_id == vehicle_key)
    if after is not None:
        criteria.append(tuple_(Alert.opened_at, Alert.id) < tuple_(*after))
    return list(session.scalars(
        owned(Alert, company_id, *criteria).order_by(Alert.opened_at.desc(), Alert.id.desc())
        .limit(limit)))


def unfed(session: Session, company_id: str) -> list[Alert]:
    return list(session.scalars(owned(Alert, company_id, Alert.fed_version < Alert.version)))


def settings(session: Session, company_id: str) -> AlertSettings | None:
    return session.get(AlertSettings, company_id)


def live_state(session: Session, vehicle_key: str) -> VehicleLiveState | None:
    return session.get(VehicleLiveState, vehicle_key)


def quiet_vehicles(session: Session, *, before: dt.datetime) -> list[tuple[str, str]]:
    """(vehicle key, company id) of reporting vans silent since ``before``: module
    active, not removed, and no no-contact alert held yet."""
    return [(k, c) for k, c in session.execute(
        select(VehicleLiveState.vehicle_id, VehicleLiveState.company_id)
        .join(Vehicle, Vehicle.id == VehicleLiveState.vehicle_id)
        .where(VehicleLiveState.last_sample_at < before, VehicleLiveState.contact_lost.is_(False),
               Vehicle.module_active.is_(True),
               Vehicle.removed_at.is_(None))
    )]


def companies_with_unfed(session: Session) -> set[str]:
    return set(session.scalars(select(Alert.company_id).where(Alert.fed_version < Alert.version)
                               .distinct()))
