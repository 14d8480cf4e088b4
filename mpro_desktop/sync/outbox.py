"""User intent -> optimistic cache row + outbox row, in ONE local transaction.

The domain rule runs first (nothing is written for a bad VIN); then the changed row
and the queued mutation are committed together, so a crash can never leave a local
change without its mutation or a mutation without its local change (DESIGN.md,
"Sync design"). The sync engine later pushes the outbox in ``client_seq`` order.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mpro_desktop.domain.telemetry import FUEL_TYPES
from mpro_desktop.domain.vin import normalize_vin

from .cache import (
    Cache,
    command_row,
    commands_t,
    iso_now,
    outbox_t,
    sync_state_t,
    vehicles_t,
)
from .hooks import crash_point

__all__ = [
    "DuplicateVin",
    "UnknownVehicle",
    "add_vehicle",
    "update_vehicle",
    "remove_vehicle",
    "send_command",
    "COMMAND_TYPES",
    "DEFAULT_COMMAND_TTL_S",
]

#: Remote command types (docs/contracts.md, "Remote commands").
COMMAND_TYPES = (
    "lock",
    "unlock",
    "start_charging",
    "stop_charging",
    "start_preconditioning",
    "stop_preconditioning",
    "set_departure_time",
)
DEFAULT_COMMAND_TTL_S = 300
MIN_COMMAND_TTL_S = 5
MAX_COMMAND_TTL_S = 86400

_UNCHANGED: Any = ...


class DuplicateVin(ValueError):
    """The VIN is already in the local cache (the portal would answer ``vin_exists``)."""

    def __init__(self, vin: str) -> None:
        super().__init__(f"A vehicle with VIN {vin} is already in your fleet.")
        self.vin = vin


class UnknownVehicle(LookupError):
    """The vehicle is not in the local cache (or is already being removed)."""


def _enqueue(
    conn: sa.Connection,
    mtype: str,
    entity_id: str,
    payload: dict[str, Any],
    base_version: int | None = None,
) -> str:
    """Append one mutation to the outbox inside the caller's transaction.

    ``client_seq`` comes from a persistent counter (``sync_state.last_client_seq``), not
    from the table's rowid: the outbox empties after every sync and a reused, lower
    sequence number would be refused by the portal as ``out_of_order``.
    """
    mutation_id = str(uuid.uuid4())
    last = conn.execute(
        sa.select(sync_state_t.c.value).where(sync_state_t.c.key == "last_client_seq")
    ).scalar_one_or_none()
    top = conn.execute(sa.select(sa.func.max(outbox_t.c.client_seq))).scalar_one_or_none()
    client_seq = max(int(last or 0), int(top or 0)) + 1
    stmt = sqlite_insert(sync_state_t).values(key="last_client_seq", value=str(client_seq))
    conn.execute(
        stmt.on_conflict_do_update(index_elements=["key"], set_={"value": str(client_seq)})
    )
    conn.execute(
        outbox_t.insert().values(
            client_seq=client_seq,
            mutation_id=mutation_id,
            type=mtype,
            entity_id=entity_id,
            payload=payload,
            base_version=base_version,
            created_at=time.time(),  # display only; age_s uses the monotonic clock
            waited_s=0.0,
            mono_mark=time.monotonic(),
        )
    )
    return mutation_id


def add_vehicle(
    cache: Cache,
    *,
    vin: str,
    name: str | None = None,
    license_plate: str | None = None,
    fuel_type: str = "diesel",
) -> str:
    """Queue ``vehicle.add``; returns the client-generated vehicle id.

    Raises ``InvalidVin`` (domain rule) or ``DuplicateVin`` before anything is written.
    """
    vin = normalize_vin(vin)
    if fuel_type not in FUEL_TYPES:
        raise ValueError(f"Unknown fuel type {fuel_type!r}.")
    name = _clean(name)
    license_plate = _clean(license_plate)
    vehicle_id = str(uuid.uuid4())
    now = iso_now()
    with cache.write() as conn:
        exists = conn.execute(
            sa.select(vehicles_t.c.id).where(
                vehicles_t.c.vin == vin,
                sa.or_(vehicles_t.c.pending_op.is_(None), vehicles_t.c.pending_op != "remove"),
            )
        ).first()
        if exists is not None:
            raise DuplicateVin(vin)
        conn.execute(
            vehicles_t.insert().values(
                id=vehicle_id,
                vin=vin,
                name=name,
                license_plate=license_plate,
                fuel_type=fuel_type,
                model=None,
                has_comm_module=True,
                module_active=False,
                version=0,
                created_at=now,
                updated_at=now,
                pending_op="add",
            )
        )
        payload: dict[str, Any] = {"id": vehicle_id, "vin": vin, "fuel_type": fuel_type}
        if name is not None:
            payload["name"] = name
        if license_plate is not None:
            payload["license_plate"] = license_plate
        _enqueue(conn, "vehicle.add", vehicle_id, payload)
    crash_point("after_local_commit")
    return vehicle_id


def update_vehicle(
    cache: Cache,
    vehicle_id: str,
    *,
    name: str | None = _UNCHANGED,
    license_plate: str | None = _UNCHANGED,
    base_version: int | None = None,
) -> None:
    """Queue ``vehicle.update`` for the given fields (``...`` = leave unchanged).

    ``base_version`` defaults to the cached version; the engine rebases it onto the
    result of this client's own earlier mutations of the same vehicle. A caller that
    decided against a specific portal version (a resolved conflict) passes that one, so
    a newer change the user has not seen comes back as a conflict instead of being
    overwritten.
    """
    changes: dict[str, Any] = {}
    if name is not _UNCHANGED:
        changes["name"] = _clean(name)
    if license_plate is not _UNCHANGED:
        changes["license_plate"] = _clean(license_plate)
    if not changes:
        return
    with cache.write() as conn:
        row = conn.execute(
            sa.select(vehicles_t.c.version, vehicles_t.c.pending_op).where(
                vehicles_t.c.id == vehicle_id
            )
        ).first()
        if row is None or row.pending_op == "remove":
            raise UnknownVehicle(vehicle_id)
        pending = row.pending_op if row.pending_op == "add" else "update"
        conn.execute(
            vehicles_t.update()
            .where(vehicles_t.c.id == vehicle_id)
            .values(**changes, pending_op=pending, updated_at=iso_now())
        )
        _enqueue(
            conn,
            "vehicle.update",
            vehicle_id,
            {"vehicle_id": vehicle_id, **changes},
            base_version=int(row.version or 0) if base_version is None else base_version,
        )
    crash_point("after_local_commit")


def remove_vehicle(cache: Cache, vehicle_id: str) -> None:
    """Queue ``vehicle.remove``; the row is hidden from ``Cache.vehicles()`` at once.

    It carries ``base_version``: removing a vehicle someone else changed meanwhile comes
    back as a conflict (the vehicle reappears with their change) instead of silently
    discarding their edit.
    """
    with cache.write() as conn:
        row = conn.execute(
            sa.select(vehicles_t.c.pending_op, vehicles_t.c.version).where(
                vehicles_t.c.id == vehicle_id
            )
        ).first()
        if row is None or row.pending_op == "remove":
            raise UnknownVehicle(vehicle_id)
        conn.execute(
            vehicles_t.update().where(vehicles_t.c.id == vehicle_id).values(pending_op="remove")
        )
        _enqueue(
            conn,
            "vehicle.remove",
            vehicle_id,
            {"vehicle_id": vehicle_id},
            base_version=int(row.version or 0),
        )
    crash_point("after_local_commit")


def send_command(
    cache: Cache,
    vehicle_id: str,
    type: str,  # noqa: A002 - the contract's field name
    params: dict[str, Any] | None = None,
    ttl_s: float = DEFAULT_COMMAND_TTL_S,
) -> str:
    """Queue a remote command (``command.send``); returns its client-generated id.

    The command is stored in the cache at once (``state = "pending"``) and queued in
    the outbox in the same transaction, so it works offline. Its TTL counts from now:
    when pushed, the envelope's ``age_s`` says how long it waited (monotonic clock) and
    the portal expires it accordingly. Raises ``UnknownVehicle`` or ``ValueError``
    before anything is written.
    """
    if type not in COMMAND_TYPES:
        raise ValueError(f"Unknown command type {type!r}.")
    ttl = float(ttl_s)
    if not MIN_COMMAND_TTL_S <= ttl <= MAX_COMMAND_TTL_S:
        raise ValueError(
            f"ttl_s must be between {MIN_COMMAND_TTL_S} and {MAX_COMMAND_TTL_S} seconds."
        )
    params = dict(params or {})
    command_id = str(uuid.uuid4())
    now = iso_now()
    with cache.write() as conn:
        row = conn.execute(
            sa.select(vehicles_t.c.pending_op).where(vehicles_t.c.id == vehicle_id)
        ).first()
        if row is None or row.pending_op == "remove":
            raise UnknownVehicle(vehicle_id)
        ttl_out: float | int = int(ttl) if ttl.is_integer() else ttl
        local = {
            "id": command_id,
            "vehicle_id": vehicle_id,
            "type": type,
            "params": params,
            "state": "pending",
            "reason": None,
            "unmet": [],
            "ttl_s": ttl_out,
            "created_at": now,
            "expires_at": None,
            "updated_at": now,
            "version": 0,
        }
        conn.execute(commands_t.insert().values(**command_row(local, pending=True)))
        payload: dict[str, Any] = {
            "command_id": command_id,
            "vehicle_id": vehicle_id,
            "type": type,
            "ttl_s": ttl_out,
        }
        if params:
            payload["params"] = params
        _enqueue(conn, "command.send", command_id, payload)
    crash_point("after_local_commit")
    return command_id


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None
