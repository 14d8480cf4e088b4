"""Orders as the change feed sends them (issue 11): read-only on the desktop.

An order is placed online only (``POST /orders``: money and binding terms, never queued);
the feed then brings it here, and again when a dealer confirms a pending one (R10, R20).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain import wire

from ..schema import metadata, upsert
from .base import SyncEntity

orders_t = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("state", sa.String),
    sa.Column("created_at", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("data", sa.JSON),
)


def order_row(data: Mapping[str, Any]) -> dict:
    return {
        "id": str(data["id"]),
        "state": data.get("state"),
        "created_at": data.get("created_at"),
        "version": int(data.get("version") or 0),
        "data": dict(data),
    }


def read_all(conn: sa.Connection) -> list[dict]:
    """Newest first, each as the portal sent it."""
    stmt = sa.select(orders_t.c.data).order_by(orders_t.c.created_at.desc(), orders_t.c.id)
    return [dict(r.data or {}) for r in conn.execute(stmt)]


def store(conn: sa.Connection, data: Mapping[str, Any]) -> None:
    """The portal's answer to ``POST /orders``, kept until the feed repeats it."""
    upsert(conn, orders_t, [order_row(data)], "id")


class OrderEntity(SyncEntity):
    name = "order"
    table = orders_t
    data_model = wire.OrderData

    def row(self, change: wire.Change) -> dict:
        return order_row({"id": change.id, **(change.data or {})})


ENTITY = OrderEntity()
