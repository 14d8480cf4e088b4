"""Queries for vehicles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from embedded_server.models import Vehicle


def get(session: Session, vehicle_id: str, *, for_update: bool = False) -> Vehicle | None:
    stmt = select(Vehicle).where(Vehicle.id == vehicle_id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def get_for_company(session: Session, company_id: str, vehicle_id: str) -> Vehicle | None:
    return session.scalars(
        select(Vehicle).where(Vehicle.id == vehicle_id, Vehicle.company_id == company_id)
    ).first()


def find_active_by_vin(session: Session, vin: str) -> Vehicle | None:
    return session.scalars(
        select(Vehicle).where(Vehicle.vin == vin, Vehicle.removed_at.is_(None))
    ).first()


def list_for_company(
    session: Session, company_id: str, *, after_id: str | None, limit: int, include_removed: bool
) -> list[Vehicle]:
    stmt = select(Vehicle).where(Vehicle.company_id == company_id).order_by(Vehicle.id).limit(limit)
    if not include_removed:
        stmt = stmt.where(Vehicle.removed_at.is_(None))
    if after_id:
        stmt = stmt.where(Vehicle.id > after_id)
    return list(session.scalars(stmt))


def add(session: Session, vehicle: Vehicle) -> None:
    session.add(vehicle)
