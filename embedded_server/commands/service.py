"""Remote commands (SPEC R23-R25, docs/contracts.md "Remote commands").

Expiry is decided by the portal's clock only: ``expires_at = received_at + ttl_s - age_s``
(``age_s`` = time the command waited in the client's outbox, measured on the client's
monotonic clock). A queued command past ``expires_at`` becomes ``expired`` whenever
commands are read or polled, and in the periodic sweep (``sweep_expired``). Every state
change bumps ``version``, appends a ``command`` change to the feed and publishes an SSE
``command`` event after commit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from embedded_server.accounts.repository import lock_company
from embedded_server.commands import repository as repo
from embedded_server.commands.schemas import PARAMS, CommandOut
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.feed.events import queue_event
from embedded_server.models import Command, Vehicle
from embedded_server.products.service import REMOTE_SERVICES, has_product, vehicle_for_module_token
from embedded_server.vehicles import repository as vehicles_repo
from embedded_server.vehicles.service import get_vehicle, parse_vin
from mpro_desktop.domain.commands import EVAN_ONLY, FINAL_STATES
from mpro_desktop.domain.vehicles import is_evan

EXPIRED_REASON = "ttl_expired"


def _feed(session: Session, c: Command) -> None:
    data = CommandOut.dump(c)
    append_change(session, company_id=c.company_id, entity="command", entity_id=c.id,
                  op="upsert", data=data, version=c.version)
    queue_event(session, c.company_id, "command", data)


def validate_params(type_: str, params: dict[str, Any] | None) -> dict[str, Any]:
    try:
        model = PARAMS[type_].model_validate(params or {})
    except ValidationError as exc:
        fields = sorted({"params." + ".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ProblemError(422, "validation_error", "Invalid command parameters: " + ", ".join(fields),
                           fields=fields) from None
    return model.model_dump(mode="json", exclude_none=True)


def send_command(
    session: Session,
    *,
    company_id: str,
    vehicle_id: str,
    type_: str,
    params: dict[str, Any] | None,
    ttl_s: int,
    age_s: float = 0.0,
    command_id: str | None = None,
) -> Command:
    """Queue a command (caller commits). Raises ProblemError with a stable code."""
    clean = validate_params(type_, params)
    lock_company(session, company_id)
    vehicle = get_vehicle(session, company_id=company_id, vehicle_id=vehicle_id)
    if vehicle.removed_at is not None:
        raise ProblemError(409, "vehicle_removed", "The vehicle was removed from the account.")
    if type_ in EVAN_ONLY and not is_evan(vehicle.fuel_type):
        raise ProblemError(409, "not_an_evan", "Charging and pre-conditioning are only available for eVans.")
    if not has_product(session, vehicle.id, REMOTE_SERVICES):
        raise ProblemError(403, "product_required",
                           "Remote commands need an active Remote services subscription for this vehicle.",
                           product_id=REMOTE_SERVICES)
    if command_id is not None:
        try:
            command_id = str(uuid.UUID(command_id))
        except ValueError:
            raise ProblemError(422, "validation_error", "command_id must be a UUID.",
                               fields=["command_id"]) from None
        if repo.get(session, company_id, command_id) is not None:  # per company (#12)
            raise ProblemError(409, "id_conflict", "A command with this id exists already; use a new id.")
    now = utcnow()
    age = max(0.0, float(age_s or 0.0))
    expired = age >= ttl_s
    command = Command(
        id=command_id or str(uuid.uuid4()), company_id=company_id, vehicle=vehicle, type=type_,
        params=clean, state="expired" if expired else "queued",
        reason=EXPIRED_REASON if expired else None, unmet=[], ttl_s=ttl_s, created_at=now,
        expires_at=now + dt.timedelta(seconds=ttl_s - min(age, ttl_s)), updated_at=now, version=1,
    )
    repo.add(session, command)
    session.flush()
    _feed(session, command)
    return command


def _transition(session: Session, c: Command, state: str, *, now: dt.datetime,
                reason: str | None = None, unmet: list[str] | None = None) -> None:
    c.state = state
    if reason is not None or state in FINAL_STATES:
        c.reason = reason
    if unmet is not None:
        c.unmet = list(unmet)
    if state == "delivered":
        c.delivered_at = now
    c.updated_at = now
    c.version = (c.version or 0) + 1
    session.flush()
    _feed(session, c)


def expire_due(session: Session, *, company_id: str, vehicle_id: str | None = None,
               now: dt.datetime | None = None) -> int:
    """Expire queued commands past ``expires_at`` (caller commits); returns how many."""
    now = now or utcnow()
    lock_company(session, company_id)
    due = repo.due_for_company(session, company_id, now=now, vehicle_id=vehicle_id)
    for c in due:
        _transition(session, c, "expired", now=now, reason=EXPIRED_REASON)
    return len(due)


SessionFactory = Callable[..., Session]


def expire_vehicle(factory: SessionFactory, *, company_id: str, vehicle_id: str) -> int:
    """Lazy expiry before a read: a cheap read-only check, a write only when needed.
    ``vehicle_id`` is the request's (public) id; an unknown one expires nothing."""
    now = utcnow()
    with factory(readonly=True) as s:
        vehicle = vehicles_repo.get_for_company(s, company_id, vehicle_id)
        if vehicle is None or not repo.due_exists(s, now=now, vehicle_id=vehicle.id):
            return 0
        key = vehicle.id
    with factory() as s:
        n = expire_due(s, company_id=company_id, vehicle_id=key, now=now)
        s.commit()
    return n


def sweep_expired(factory: SessionFactory, *, now: dt.datetime | None = None) -> int:
    """Periodic sweep: one short transaction per company with due commands."""
    now = now or utcnow()
    with factory(readonly=True) as s:
        companies = repo.companies_with_due(s, now=now)
    total = 0
    for company_id in companies:
        with factory() as s:
            total += expire_due(s, company_id=company_id, now=now)
            s.commit()
    return total


def get_command(session: Session, *, company_id: str, vehicle_id: str, command_id: str) -> Command:
    vehicle = get_vehicle(session, company_id=company_id, vehicle_id=vehicle_id)
    c = repo.get_for_vehicle(session, vehicle.id, command_id)
    if c is None or c.company_id != company_id:
        raise ProblemError(404, "not_found", "Command not found.")
    return c


def list_commands(session: Session, *, company_id: str, vehicle_id: str, limit: int) -> list[Command]:
    vehicle = get_vehicle(session, company_id=company_id, vehicle_id=vehicle_id)
    return repo.list_for_vehicle(session, vehicle.id, limit=limit)


# -- vehicle side ---------------------------------------------------------------------

def module_vehicle(session: Session, *, token: str, vin: str | None) -> Vehicle:
    """Authenticate a module token; the vehicle must be active with its module on."""
    key = vehicle_for_module_token(session, token)
    if key is None:
        raise ProblemError(401, "invalid_module_token", "Unknown or revoked module token.",
                           headers={"WWW-Authenticate": "Bearer"})
    vehicle = vehicles_repo.get_by_key(session, key)
    if vehicle is None:
        raise ProblemError(401, "invalid_module_token", "Unknown or revoked module token.")
    if vin is not None and vehicle.vin != parse_vin(vin):
        raise ProblemError(403, "vin_mismatch", "This module token belongs to another vehicle.")
    if vehicle.removed_at is not None or not vehicle.module_active:
        raise ProblemError(403, "no_active_service",
                           "The vehicle has no active connectivity service; data transfer is stopped.")
    return vehicle


def take_for_vehicle(factory: SessionFactory, *, vehicle_id: str) -> list[dict[str, Any]]:
    """Hand out queued, unexpired commands and mark them ``delivered`` (expired ones expire).
    ``vehicle_id`` is the portal's key of the module token's vehicle."""
    with factory(readonly=True) as s:
        if not repo.queued_exists(s, vehicle_id):
            return []
    now = utcnow()
    with factory() as s:
        vehicle = vehicles_repo.get_by_key(s, vehicle_id)
        if vehicle is None:
            return []
        lock_company(s, vehicle.company_id)
        s.refresh(vehicle)
        if vehicle.removed_at is not None or not vehicle.module_active:
            return []
        out = []
        for c in repo.queued_for_vehicle(s, vehicle_id):
            if c.expires_at <= now:
                _transition(s, c, "expired", now=now, reason=EXPIRED_REASON)
            else:
                _transition(s, c, "delivered", now=now)
                out.append(CommandOut.dump(c))
        s.commit()
    return out


def report_result(session: Session, *, vehicle: Vehicle, command_id: str, state: str,
                  reason: str | None, unmet: list[str]) -> Command:
    """The vehicle reports the outcome; a repeat of the same outcome is a no-op."""
    lock_company(session, vehicle.company_id)
    c = repo.get_for_vehicle(session, vehicle.id, command_id)
    if c is None:
        raise ProblemError(404, "not_found", "Command not found.")
    session.refresh(c)
    if c.state == state:
        return c
    if c.state == "expired":
        raise ProblemError(409, "command_expired", "The command expired before it was delivered.")
    if c.state in FINAL_STATES:
        raise ProblemError(409, "command_finished", f"The command already ended as {c.state}.")
    _transition(session, c, state, now=utcnow(), reason=reason, unmet=unmet)
    return c
