"""Refused mutations kept for the user: every statement against the ``conflicts`` table.

A mutation the portal answered with ``conflict`` or ``rejected`` leaves the outbox and is
recorded here with what the user wanted (``payload``) and the portal's copy
(``entity``), until the user has dealt with it (``mpro_desktop.sync.conflicts``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from .queued import Queued
from .schema import conflicts_t


def record(
    conn: sa.Connection,
    queued: Queued,
    outcome: str,
    code: str | None,
    detail: str | None,
    entity: Mapping[str, Any] | None,
) -> dict:
    """Keep one refusal; returns the record as the engine reports it."""
    rec = {
        "mutation_id": queued.mutation_id,
        "type": queued.type,
        "entity_id": queued.entity_id,
        "payload": queued.payload,
        "result": outcome,
        "code": code,
        "detail": detail,
        "entity": dict(entity) if entity is not None else None,
    }
    conn.execute(conflicts_t.insert().values(**rec, created_at=time.time(), resolved=False))
    return rec


def listed(conn: sa.Connection, *, include_resolved: bool = False) -> list[dict]:
    """Newest first; only the open ones unless ``include_resolved``."""
    stmt = sa.select(conflicts_t).order_by(conflicts_t.c.id.desc())
    if not include_resolved:
        stmt = stmt.where(conflicts_t.c.resolved.is_(False))
    return [dict(r._mapping) for r in conn.execute(stmt)]


def resolve(conn: sa.Connection, conflict_id: int) -> None:
    conn.execute(conflicts_t.update().where(conflicts_t.c.id == conflict_id).values(resolved=True))
