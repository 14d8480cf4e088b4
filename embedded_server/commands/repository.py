"""Queries for remote commands.

A command's ``id`` is unique per company (issue 8 #12); ``vehicle_id`` arguments are the
vehicle's portal key (``Vehicle.id``), which belongs to one company."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from embedded_server.models import Command
from embedded_server.tenancy import owned


def get(session: Session, company_id: str, command_id: str) -> Command | None:
    return session.scalars(
        owned(Command, company_id, Command.id == command_id)
    ).first()


def get_for_vehicle(session: Session, vehicle_id: str, command_id: str) -> Command | None:
    return session.scalars(
        select(Command).where(Command.id == command_id, Command.vehicle_id == vehicle_id)
    ).first()


def list_for_vehicle(session: Session, vehicle_id: str, *, limit: int) -> list[Command]:
    return list(session.scalars(
        select(Command).where(Command.vehicle_id == vehicle_id)
        .order_by(Command.created_at.desc(), Command.id).limit(limit)
    ))


def queued_for_vehicle(session: Session, vehicle_id: str) -> list[Command]:
    return list(session.scalars(
        select(Command).where(Command.vehicle_id == vehicle_id, Command.state == "queued")
        .order_by(Command.created_at, Command.id)
    ))


def queued_exists(session: Session, vehicle_id: str) -> bool:
    return session.scalars(
        select(Command.id).where(Command.vehicle_id == vehicle_id, Command.state == "queued").limit(1)
    ).first() is not None


def due_exists(session: Session, *, now: dt.datetime, vehicle_id: str) -> bool:
    return session.scalars(
        select(Command.id).where(Command.vehicle_id == vehicle_id, Command.state == "queued",
                                 Command.expires_at <= now).limit(1)
    ).first() is not None


def companies_with_due(session: Session, *, now: dt.datetime) -> list[str]:
    return list(session.scalars(
        select(Command.company_id).where(Command.state == "queued", Command.expires_at <= now).distinct()
    ))


def due_for_company(session: Session, company_id: str, *, now: dt.datetime,
                    vehicle_id: str | None = None) -> list[Command]:
    stmt = owned(Command, company_id, Command.state == "queued", Command.expires_at <= now)
    if vehicle_id is not None:
        stmt = stmt.where(Command.vehicle_id == vehicle_id)
    return list(session.scalars(stmt.order_by(Command.expires_at, Command.id)))


def add(session: Session, command: Command) -> None:
    session.add(command)
