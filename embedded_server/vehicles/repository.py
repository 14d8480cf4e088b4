"""Queries for vehicles.

Requests name a vehicle by its ``public_id``, unique per company only: look it up with
``get_for_company`` (or ``list_for_company``); ``get_by_key`` takes the portal's own key
(``Vehicle.id``) and is for ids the portal found itself (a module token's vehicle, a
job's row), never for an id from a request (issue 8 #12).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from embedded_server.models import Vehicle
from embedded_server.tenancy import owned


def get_by_key(session: Session, key: str, *, for_update: bool = False) -> Vehicle | None:
    stmt = select(Vehicle).where(Vehicle.id == key)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def get_for_company(session: Session, company_id: str, public_id: str) -> Vehicle | None:
    return session.scalars(
        owned(Vehicle, company_id, Vehicle.public_id == public_id)
    ).first()


def find_active_by_vin(session: Session, vin: str) -> Vehicle | None:
    return session.scalars(
        select(Vehicle).where(Vehicle.vin == vin, Vehicle.removed_at.is_(None))
    ).first()


def list_for_company(
    session: Session, company_id: str, *, after_id: str | None, limit: int, include_removed: bool
) -> list[Vehicle]:
    """Ordered by ``public_id``; ``after_id`` is the last ``public_id`` of the previous page."""
    stmt = owned(Vehicle, company_id).order_by(Vehicle.public_id).limit(limit)
    if not include_removed:
        stmt = stmt.where(Vehicle.removed_at.is_(None))
    if after_id:
        stmt = stmt.where(Vehicle.public_id > after_id)
    return list(session.scalars(stmt))


def add(session: Session, vehicle: Vehicle) -> None:
    session.add(vehicle)
