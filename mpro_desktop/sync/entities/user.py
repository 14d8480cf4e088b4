"""The company's users as the change feed sends them (read-only on the desktop)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain import wire

from ..schema import metadata
from .base import SyncEntity

users_t = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("email", sa.String),
    sa.Column("first_name", sa.String),
    sa.Column("last_name", sa.String),
    sa.Column("roles", sa.JSON),
    sa.Column("verified", sa.Boolean),
    sa.Column("version", sa.Integer),
    sa.Column("data", sa.JSON),
)


def user_row(data: Mapping[str, Any]) -> dict:
    """User JSON -> ``users`` row (the JSON kept whole for the UI)."""
    return {
        "id": str(data["id"]),
        "email": data.get("email"),
        "first_name": data.get("first_name"),
        "last_name": data.get("last_name"),
        "roles": list(data.get("roles") or []),
        "verified": bool(data.get("verified", False)),
        "version": int(data.get("version") or 0),
        "data": dict(data),
    }


def read_all(conn: sa.Connection) -> list[dict]:
    rows = conn.execute(
        sa.select(users_t.c.data).order_by(users_t.c.last_name, users_t.c.first_name)
    )
    return [dict(r.data) for r in rows]


class UserEntity(SyncEntity):
    name = "user"
    table = users_t
    data_model = wire.UserData

    def row(self, change: wire.Change) -> dict:
        return user_row({"id": change.id, **(change.data or {})})


ENTITY = UserEntity()
