"""The signed-in user's company (one row), as the change feed sends it, and
``company.update`` (R6, R7: one address; the country never changes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain import wire
from mpro_desktop.domain.account_rules import is_e164, normalize_phone
from mpro_desktop.domain.accounts import COMPANY_ADMIN

from ..client import PortalClient
from ..queued import Queued
from ..schema import metadata, upsert
from .base import Mutation, PushContext, Staged, SyncEntity
from .user import RefusedLocally

company_t = sa.Table(
    "company",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("data", sa.JSON),
    sa.Column("version", sa.Integer),
)

#: what ``company.update`` may change (the country is immutable, R6)
EDITABLE_FIELDS = ("name", "address", "org_number", "phone")
ADDRESS_FIELDS = ("street", "postal_code", "city")


def read_one(conn: sa.Connection) -> dict | None:
    row = conn.execute(sa.select(company_t.c.data)).first()
    return dict(row.data) if row is not None else None


def _store(conn: sa.Connection, data: Mapping[str, Any]) -> None:
    row = {"id": str(data["id"]), "data": dict(data), "version": int(data.get("version") or 0)}
    upsert(conn, company_t, [row], "id")


class UpdateCompany(Mutation):
    """``company.update {name?, address?, org_number?, phone?}`` by a company admin."""

    type = "company.update"
    entity = "company"

    def stage(self, conn: sa.Connection, *, actor_roles: Any, **changes: Any) -> Staged | None:
        if COMPANY_ADMIN not in actor_roles:
            raise RefusedLocally("insufficient_role")
        if "country" in changes:
            raise RefusedLocally("country_immutable")
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"Not a company field: {', '.join(sorted(unknown))}")
        row = conn.execute(sa.select(company_t)).first()
        if row is None:
            raise LookupError("no company in the cache yet")
        current = dict(row.data or {})
        clean: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "address":
                value = {k: str(value.get(k) or "").strip() for k in ADDRESS_FIELDS}
                if not all(value.values()):
                    raise ValueError("The address needs a street, a postal code and a city.")
            else:
                value = str(value or "").strip()
                if not value:
                    raise ValueError(f"The {field} must not be empty.")
                if field == "phone":
                    value = normalize_phone(value)
                    if not is_e164(value):
                        raise ValueError("The phone number is not valid.")
            if current.get(field) != value:
                clean[field] = value
        if not clean:
            return None
        conn.execute(
            company_t.update()
            .where(company_t.c.id == row.id)
            .values(data={**current, **clean, "pending_op": "update"})
        )
        return Staged(str(row.id), clean, base_version=int(row.version or 0))

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        if result.entity is not None and result.entity.get("id"):
            _store(conn, result.entity)
        else:
            ctx.refresh_later(ENTITY.name, str(queued_row.entity_id))

    def refused(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        outcome: str,
        ctx: PushContext,
    ) -> None:
        if result.entity is not None and result.entity.get("id"):
            _store(conn, result.entity)
        else:
            ctx.refresh_later(ENTITY.name, str(queued_row.entity_id))

    def compared_fields(self, conflict: Mapping[str, Any]) -> list[str]:
        return [f for f in EDITABLE_FIELDS if f in (conflict.get("payload") or {})]


UPDATE = UpdateCompany()


class CompanyEntity(SyncEntity):
    name = "company"
    table = company_t
    data_model = wire.CompanyData
    mutations = (UPDATE,)
    refresh_key = "refresh_company"

    def row(self, change: wire.Change) -> dict:
        data = change.data or {}
        return {
            "id": change.id,
            "data": {"id": change.id, **data},
            "version": int(change.version or data.get("version") or 0),
        }

    def fetch(self, client: PortalClient, entity_id: str) -> Mapping[str, Any]:
        return client.company()

    def store_fetched(
        self, conn: sa.Connection, entity_id: str, data: Mapping[str, Any] | None
    ) -> None:
        if data is None:
            conn.execute(company_t.delete().where(company_t.c.id == entity_id))
        else:
            _store(conn, data)


ENTITY = CompanyEntity()
