"""The product catalogue as the change feed sends it (read-only on the desktop)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from mpro_desktop.domain import wire

from ..schema import metadata, upsert
from .base import SyncEntity

if TYPE_CHECKING:
    from ..client import PortalClient

products_t = sa.Table(
    "products",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("name", sa.String),
    sa.Column("price", sa.Float),
    sa.Column("currency", sa.String),
    sa.Column("term_months", sa.Integer),
    sa.Column("free", sa.Boolean),
    sa.Column("data", sa.JSON),
)


def product_row(data: Mapping[str, Any]) -> dict:
    """Product JSON -> ``products`` row; a price that is no number is stored as NULL."""
    price = data.get("price")
    try:
        price_f = float(price) if price is not None else None
    except (TypeError, ValueError):
        price_f = None
    if price_f is not None and math.isnan(price_f):
        price_f = None
    return {
        "id": str(data["id"]),
        "name": data.get("name"),
        "price": price_f,
        "currency": data.get("currency"),
        "term_months": data.get("term_months"),
        "free": bool(data.get("free", False)),
        "data": dict(data),
    }


def read_all(conn: sa.Connection) -> list[dict]:
    return [
        dict(r.data) for r in conn.execute(sa.select(products_t.c.data).order_by(products_t.c.name))
    ]


class ProductEntity(SyncEntity):
    name = "product"
    table = products_t
    data_model = wire.ProductData

    localised = True

    def row(self, change: wire.Change) -> dict:
        return product_row({"id": change.id, **(change.data or {})})

    def fetch_all(self, client: PortalClient) -> list[Mapping[str, Any]]:
        return client.products()

    def store_all(self, conn: sa.Connection, items: Sequence[Mapping[str, Any]]) -> None:
        upsert(conn, products_t, [product_row(item) for item in items], "id")


ENTITY = ProductEntity()
