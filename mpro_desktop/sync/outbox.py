"""User intent -> optimistic cache row + outbox row, in ONE local transaction.

Each entity's mutation (``mpro_desktop.sync.entities``) checks the domain rule and
writes the changed row; :func:`submit` queues the mutation in the same transaction, so
a crash can never leave a local change without its mutation or a mutation without its
local change (DESIGN.md, "Sync design"). The sync engine later pushes the outbox in
``client_seq`` order. The named functions below are the callers' stable API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain.commands import COMMAND_TYPES, DEFAULT_TTL_S, MAX_TTL_S, MIN_TTL_S

from . import queued
from .cache import Cache
from .entities import command, vehicle
from .entities.base import Mutation, Staged
from .entities.vehicle import DuplicateVin, UnknownVehicle
from .hooks import crash_point

__all__ = [
    "DuplicateVin",
    "UnknownVehicle",
    "submit",
    "add_vehicle",
    "add_vehicles",
    "BulkAddFailed",
    "update_vehicle",
    "remove_vehicle",
    "send_command",
    "COMMAND_TYPES",
    "DEFAULT_COMMAND_TTL_S",
]

#: Re-exported from ``mpro_desktop.domain.commands`` for older callers.
DEFAULT_COMMAND_TTL_S = DEFAULT_TTL_S
MIN_COMMAND_TTL_S = MIN_TTL_S
MAX_COMMAND_TTL_S = MAX_TTL_S

_UNCHANGED: Any = ...


def submit(cache: Cache, mutation: Mutation, *args: Any, **values: Any) -> str | None:
    """Stage ``mutation`` locally and queue it, atomically; returns the entity id.

    None when the mutation had nothing to do (an edit that changes no field).
    """
    with cache.write() as conn:
        staged = mutation.stage(conn, *args, **values)
        if staged is None:
            return None
        _enqueue(conn, mutation.type, staged)
    crash_point("after_local_commit")
    return staged.entity_id


def _enqueue(conn: sa.Connection, mtype: str, staged: Staged) -> str:
    """Append the staged mutation to the outbox inside the caller's transaction."""
    return queued.append(conn, mtype, staged.entity_id, staged.payload, staged.base_version)


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
    vehicle_id = submit(
        cache, vehicle.ADD, vin=vin, name=name, license_plate=license_plate, fuel_type=fuel_type
    )
    assert vehicle_id is not None
    return vehicle_id


class BulkAddFailed(ValueError):
    """One vehicle of a bulk add was refused (``InvalidVin``, ``DuplicateVin`` or an
    unknown fuel type as ``cause``), so none was added; ``index`` is its position."""

    def __init__(self, index: int, cause: Exception) -> None:
        super().__init__(str(cause))
        self.index, self.cause = index, cause


#: Vehicles staged per step of :func:`add_vehicles` (a progress report after each).
BULK_STEP = 500


def add_vehicles(
    cache: Cache,
    vehicles: Sequence[Mapping[str, Any]],
    *,
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Queue ``vehicle.add`` for every vehicle (``add_vehicle``'s keyword values, plus
    ``model``) in ONE local transaction: all are added and queued, or none (a refused
    one raises :class:`BulkAddFailed` and the transaction rolls back). ``progress(n)``
    is called from the calling thread after every :data:`BULK_STEP` vehicles."""
    ids: list[str] = []
    with cache.write() as conn:
        for start in range(0, len(vehicles), BULK_STEP):
            step = vehicles[start : start + BULK_STEP]
            try:
                staged = vehicle.ADD.stage_many(conn, step)
            except ValueError as exc:
                raise BulkAddFailed(start + getattr(exc, "index", 0), exc) from exc
            queued.append_many(
                conn, vehicle.ADD.type, [(s.entity_id, s.payload, s.base_version) for s in staged]
            )
            ids.extend(s.entity_id for s in staged)
            if progress is not None:
                progress(len(ids))
    crash_point("after_local_commit")
    return ids


def update_vehicle(
    cache: Cache,
    vehicle_id: str,
    *,
    name: str | None = _UNCHANGED,
    license_plate: str | None = _UNCHANGED,
    model: str | None = _UNCHANGED,
    base_version: int | None = None,
) -> None:
    """Queue ``vehicle.update`` for the given fields (``...`` = leave unchanged).

    ``base_version`` defaults to the cached version; the engine rebases it onto the
    result of this client's own earlier mutations of the same vehicle. A caller that
    decided against a specific portal version (a resolved conflict) passes that one, so
    a newer change the user has not seen comes back as a conflict instead of being
    overwritten.
    """
    submit(
        cache,
        vehicle.UPDATE,
        vehicle_id,
        name=name,
        license_plate=license_plate,
        model=model,
        base_version=base_version,
    )


def remove_vehicle(cache: Cache, vehicle_id: str) -> None:
    """Queue ``vehicle.remove``; the row is hidden from ``Cache.vehicles()`` at once.

    It carries ``base_version``: removing a vehicle someone else changed meanwhile comes
    back as a conflict (the vehicle reappears with their change) instead of silently
    discarding their edit.
    """
    submit(cache, vehicle.REMOVE, vehicle_id)


def send_command(
    cache: Cache,
    vehicle_id: str,
    type: str,  # noqa: A002 - the contract's field name
    params: dict[str, Any] | None = None,
    ttl_s: float = DEFAULT_TTL_S,
) -> str:
    """Queue a remote command (``command.send``); returns its client-generated id.

    The command is stored in the cache at once (``state = "pending"``) and queued in
    the outbox in the same transaction, so it works offline. Its TTL counts from now:
    when pushed, the envelope's ``age_s`` says how long it waited (monotonic clock) and
    the portal expires it accordingly. Raises ``UnknownVehicle`` or ``ValueError``
    before anything is written.
    """
    command_id = submit(cache, command.SEND, vehicle_id, type, params, ttl_s)
    assert command_id is not None
    return command_id
