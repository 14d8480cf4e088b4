"""Resolving refused mutations: keep mine / take theirs (issue: sync conflicts).

The engine has already put the local row back to the portal's version ("theirs") and
recorded what the user wanted ("mine"). Taking theirs therefore only marks the record
seen; keeping mine queues the user's change again on top of the portal's version, so
it is an ordinary new mutation with a fresh ``base_version`` — nothing is resolved
silently and nothing bypasses the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache

#: Fields of a vehicle a user can change, in display order.
EDITABLE_VEHICLE_FIELDS = ("name", "license_plate")


@dataclass(frozen=True)
class FieldDiff:
    field: str
    mine: Any
    theirs: Any


def differences(conflict: dict) -> list[FieldDiff]:
    """What the user wanted versus what the portal holds, field by field."""
    payload = conflict.get("payload") or {}
    theirs = conflict.get("entity") or {}
    fields = [f for f in EDITABLE_VEHICLE_FIELDS if f in payload]
    if conflict.get("type") == "vehicle.add":
        fields = ["vin", *fields]
    return [FieldDiff(f, payload.get(f), theirs.get(f) if theirs else None) for f in fields]


def can_keep_mine(conflict: dict) -> bool:
    """Only an edit of a vehicle that still exists on the portal can be re-applied."""
    entity = conflict.get("entity") or {}
    return (
        conflict.get("result") == "conflict"
        and conflict.get("type") == "vehicle.update"
        and bool(entity.get("id"))
        and isinstance(entity.get("version"), int)  # the base the change is queued on
        and not entity.get("deleted")
    )


def keep_mine(cache: Cache, conflict: dict) -> None:
    """Queue the user's edit again on top of the portal version the user compared with.

    That is the conflict's ``entity``, not the cache: the change feed may have brought a
    newer portal version meanwhile, which the user has not seen and must not overwrite.
    """
    if not can_keep_mine(conflict):
        raise ValueError("this change cannot be applied again")
    payload = conflict.get("payload") or {}
    changes = {f: payload[f] for f in EDITABLE_VEHICLE_FIELDS if f in payload}
    theirs = int(conflict["entity"]["version"])
    outbox.update_vehicle(cache, conflict["entity_id"], base_version=theirs, **changes)
    cache.resolve_conflict(conflict["id"])


def take_theirs(cache: Cache, conflict: dict) -> None:
    """Accept the portal's version (already in the cache) and close the record."""
    cache.resolve_conflict(conflict["id"])
