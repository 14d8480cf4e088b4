"""Resolving refused mutations: keep mine / take theirs (issue: sync conflicts).

The engine has already put the local row back to the portal's version ("theirs") and
recorded what the user wanted ("mine"). Taking theirs therefore only marks the record
seen; keeping mine queues the user's change again on top of the portal's version, so
it is an ordinary new mutation with a fresh ``base_version`` — nothing is resolved
silently and nothing bypasses the outbox. What can be compared and re-applied is the
refused mutation's own business (``Mutation.compared_fields``, ``Mutation.retry``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.entities import REGISTRY
from mpro_desktop.sync.entities.base import Mutation, Retry


@dataclass(frozen=True)
class FieldDiff:
    field: str
    mine: Any
    theirs: Any


def _mutation(conflict: dict) -> Mutation | None:
    return REGISTRY.mutations.get(str(conflict.get("type")))


def _retry(conflict: dict) -> Retry | None:
    mutation = _mutation(conflict)
    return mutation.retry(conflict) if mutation is not None else None


def differences(conflict: dict) -> list[FieldDiff]:
    """What the user wanted versus what the portal holds, field by field."""
    mutation = _mutation(conflict)
    if mutation is None:
        return []
    payload = conflict.get("payload") or {}
    theirs = conflict.get("entity") or {}
    return [
        FieldDiff(f, payload.get(f), theirs.get(f) if theirs else None)
        for f in mutation.compared_fields(conflict)
    ]


def can_keep_mine(conflict: dict) -> bool:
    """Only a change its mutation can queue again on the portal's version (an edit of a
    vehicle that still exists on the portal)."""
    return _retry(conflict) is not None


def keep_mine(cache: Cache, conflict: dict) -> None:
    """Queue the user's change again on top of the portal version the user compared with.

    That is the conflict's ``entity``, not the cache: the change feed may have brought a
    newer portal version meanwhile, which the user has not seen and must not overwrite.
    """
    retry = _retry(conflict)
    if retry is None:
        raise ValueError("this change cannot be applied again")
    outbox.submit(cache, retry.mutation, retry.entity_id, **retry.values)
    cache.resolve_conflict(conflict["id"])


def take_theirs(cache: Cache, conflict: dict) -> None:
    """Accept the portal's version (already in the cache) and close the record."""
    cache.resolve_conflict(conflict["id"])
