"""Remote commands in the cache: their table, the feed, and ``command.send``.

A command queued here shows at once with the client-only state ``pending`` (and
``pending = 1``) until the portal confirmed it; the portal's copy then replaces it, and
an older copy (lower ``version``) never overwrites a newer one.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mpro_desktop.domain import wire
from mpro_desktop.domain.commands import COMMAND_TYPES, DEFAULT_TTL_S, ttl_error

from ..queued import Queued
from ..schema import iso_now, metadata
from . import vehicle
from .base import FeedContext, Mutation, PushContext, Staged, SyncEntity

commands_t = sa.Table(
    "commands",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("vehicle_id", sa.String),
    sa.Column("type", sa.String),
    sa.Column("params", sa.JSON),
    sa.Column("state", sa.String),
    sa.Column("reason", sa.String),
    sa.Column("unmet", sa.JSON),
    sa.Column("ttl_s", sa.Float),
    sa.Column("created_at", sa.String),
    sa.Column("expires_at", sa.String),
    sa.Column("updated_at", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("pending", sa.Boolean),
    sa.Column("data", sa.JSON),
)

#: The wire fields of a command row: every column but the local ``pending`` and ``data``.
COMMAND_KEYS = tuple(c.name for c in commands_t.columns if c.name not in ("pending", "data"))


# -- row <-> JSON ------------------------------------------------------------------------


def command_row(data: Mapping[str, Any], *, pending: bool = False) -> dict:
    """Command JSON -> ``commands`` row."""
    ttl = data.get("ttl_s")
    return {
        "id": str(data["id"]),
        "vehicle_id": str(data.get("vehicle_id") or ""),
        "type": data.get("type") or "",
        "params": dict(data.get("params") or {}),
        "state": data.get("state") or "queued",
        "reason": data.get("reason"),
        "unmet": list(data.get("unmet") or []),
        "ttl_s": float(ttl) if isinstance(ttl, int | float) else None,
        "created_at": data.get("created_at"),
        "expires_at": data.get("expires_at"),
        "updated_at": data.get("updated_at"),
        "version": int(data.get("version") or 0),
        "pending": pending,
        "data": dict(data),
    }


def _command_dict(m: Mapping[str, Any]) -> dict:
    d: dict[str, Any] = dict(m["data"] or {})
    for k in COMMAND_KEYS:
        d[k] = m[k]
    d["params"] = dict(m["params"] or {})
    d["unmet"] = list(m["unmet"] or [])
    d["pending"] = bool(m["pending"])
    return d


# -- reads for the UI --------------------------------------------------------------------


def read_all(
    conn: sa.Connection, vehicle_id: str | None = None, *, limit: int | None = None
) -> list[dict]:
    """Newest first, optionally of one vehicle (see ``Cache.commands``)."""
    stmt = sa.select(commands_t).order_by(commands_t.c.created_at.desc(), commands_t.c.id.desc())
    if vehicle_id is not None:
        stmt = stmt.where(commands_t.c.vehicle_id == vehicle_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_command_dict(r._mapping) for r in conn.execute(stmt)]


def read_one(conn: sa.Connection, command_id: str) -> dict | None:
    row = conn.execute(sa.select(commands_t).where(commands_t.c.id == command_id)).first()
    return _command_dict(row._mapping) if row is not None else None


# -- portal truth ------------------------------------------------------------------------


def store(conn: sa.Connection, data: Mapping[str, Any]) -> None:
    """Upsert one command from the portal; a lower ``version`` never wins."""
    row = command_row(data)
    stmt = sqlite_insert(commands_t).values(**row)
    cols = {c.name: stmt.excluded[c.name] for c in commands_t.columns if c.name != "id"}
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["id"],
            set_=cols,
            where=sa.or_(
                commands_t.c.pending.is_(True), commands_t.c.version <= stmt.excluded.version
            ),
        )
    )


# -- the mutation --------------------------------------------------------------------------


class SendCommand(Mutation):
    type = "command.send"
    entity = "command"

    def stage(
        self,
        conn: sa.Connection,
        vehicle_id: str,
        type: str,  # noqa: A002 - the contract's field name
        params: dict[str, Any] | None = None,
        ttl_s: float = DEFAULT_TTL_S,
    ) -> Staged:
        """Raises ``ValueError`` (unknown type, TTL out of bounds) or ``UnknownVehicle``."""
        if type not in COMMAND_TYPES:
            raise ValueError(f"Unknown command type {type!r}.")
        ttl = float(ttl_s)
        problem = ttl_error(ttl)
        if problem is not None:
            raise ValueError(problem)
        params = dict(params or {})
        vehicle.require(conn, vehicle_id)
        command_id = str(uuid.uuid4())
        now = iso_now()
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
        return Staged(command_id, payload)

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        """Store the portal's command JSON (or, without it, just un-pend the local one)."""
        if result.entity is not None and result.entity.get("id"):
            store(conn, result.entity)
            return
        conn.execute(
            commands_t.update()
            .where(commands_t.c.id == queued_row.entity_id, commands_t.c.pending.is_(True))
            .values(pending=False, state="queued")
        )

    def refused(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        outcome: str,
        ctx: PushContext,
    ) -> None:
        entity = result.entity
        if entity is not None and entity.get("id") and entity.get("state") != "pending":
            store(conn, entity)  # e.g. a duplicate command id: the portal's copy
            return
        conn.execute(
            commands_t.update()
            .where(commands_t.c.id == queued_row.entity_id)
            .values(
                pending=False,
                state="rejected",
                reason=result.code or outcome,
                updated_at=iso_now(),
            )
        )

    def restore_local(self, conn: sa.Connection, payload: Mapping[str, Any]) -> None:
        cid = payload.get("command_id")
        if not cid:
            return
        exists = conn.execute(sa.select(commands_t.c.id).where(commands_t.c.id == cid))
        if exists.first() is None:
            local = {**payload, "id": cid, "state": "pending"}
            conn.execute(commands_t.insert().values(**command_row(local, pending=True)))


SEND = SendCommand()


# -- the entity ----------------------------------------------------------------------------


class CommandEntity(SyncEntity):
    name = "command"
    table = commands_t
    data_model = wire.CommandData
    mutations = (SEND,)
    sweep_spares_queued = True

    def row(self, change: wire.Change) -> dict:
        return command_row({"id": change.id, **(change.data or {})})

    def apply_upserts(
        self, conn: sa.Connection, changes: Sequence[wire.Change], ctx: FeedContext
    ) -> None:
        for ch in changes:
            store(conn, {"id": ch.id, **(ch.data or {})})


ENTITY = CommandEntity()
