"""The signed-in user's company (one row), as the change feed sends it."""

from __future__ import annotations

import sqlalchemy as sa

from mpro_desktop.domain import wire

from ..schema import metadata
from .base import SyncEntity

company_t = sa.Table(
    "company",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("data", sa.JSON),
    sa.Column("version", sa.Integer),
)


def read_one(conn: sa.Connection) -> dict | None:
    row = conn.execute(sa.select(company_t.c.data)).first()
    return dict(row.data) if row is not None else None


class CompanyEntity(SyncEntity):
    name = "company"
    table = company_t
    data_model = wire.CompanyData

    def row(self, change: wire.Change) -> dict:
        data = change.data or {}
        return {
            "id": change.id,
            "data": {"id": change.id, **data},
            "version": int(change.version or data.get("version") or 0),
        }


ENTITY = CompanyEntity()
