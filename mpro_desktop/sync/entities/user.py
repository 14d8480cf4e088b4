"""The company's users as the change feed sends them, and ``user.set_roles`` /
``user.remove`` (R3, R14; the invitations are ``entities.invitation``).

A user row is the portal's copy (``data``) with this client's queued change on top:
``roles`` holds the roles shown (the queued ones while ``user.set_roles`` waits) and
``pending_op`` says what waits ("roles" or "remove"). A refused change puts the row back
to the portal's copy the result carries, or to ``data`` without one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain import wire
from mpro_desktop.domain.account_rules import removal_refusal, role_change_refusal, valid_roles
from mpro_desktop.domain.accounts import COMPANY_ADMIN

from .. import queued
from ..queued import Queued
from ..schema import metadata, upsert
from .base import FeedContext, Mutation, PushContext, Staged, SyncEntity

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
    sa.Column("pending_op", sa.String),
)


class RefusedLocally(ValueError):
    """The domain refuses the change before it is queued; ``code`` is the portal's word."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class UnknownUser(LookupError):
    """The user is not in the local cache (or is being removed already)."""


def user_row(data: Mapping[str, Any], pending_op: str | None = None) -> dict:
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
        "pending_op": pending_op,
    }


def _user_dict(m: Mapping[str, Any]) -> dict:
    d = dict(m["data"] or {})
    d["id"] = m["id"]
    d["roles"] = list(m["roles"] or [])
    d["pending_op"] = m["pending_op"]
    return d


def read_all(conn: sa.Connection) -> list[dict]:
    """Every user (the ones being removed too, with ``pending_op == "remove"``)."""
    rows = conn.execute(sa.select(users_t).order_by(users_t.c.last_name, users_t.c.first_name))
    return [_user_dict(r._mapping) for r in rows]


def read_by_email(conn: sa.Connection, email: str) -> dict | None:
    row = conn.execute(
        sa.select(users_t).where(sa.func.lower(users_t.c.email) == email.strip().lower())
    ).first()
    return _user_dict(row._mapping) if row is not None else None


def _admin_ids(conn: sa.Connection) -> set[str]:
    """Users who are (or, with queued changes, will be) company admins."""
    rows = conn.execute(sa.select(users_t.c.id, users_t.c.roles, users_t.c.pending_op))
    return {r.id for r in rows if COMPANY_ADMIN in (r.roles or []) and r.pending_op != "remove"}


def _require(conn: sa.Connection, user_id: str) -> sa.Row:
    row = conn.execute(sa.select(users_t).where(users_t.c.id == user_id)).first()
    if row is None or row.pending_op == "remove":
        raise UnknownUser(user_id)
    return row


def _restore(conn: sa.Connection, user_id: str, theirs: Mapping[str, Any] | None) -> None:
    """Back to the portal's copy: the one a result carries, else the stored ``data``."""
    if theirs is not None and theirs.get("id") and not theirs.get("deleted"):
        upsert(conn, users_t, [user_row(theirs)], "id")
        return
    row = conn.execute(sa.select(users_t.c.data).where(users_t.c.id == user_id)).first()
    if row is not None:
        upsert(conn, users_t, [user_row({"id": user_id, **(row.data or {})})], "id")


class SetRoles(Mutation):
    """``user.set_roles {user_id, roles[]}``: an admin changes another user's roles."""

    type = "user.set_roles"
    entity = "user"

    def stage(
        self,
        conn: sa.Connection,
        user_id: str,
        roles: Collection[str],
        *,
        actor_id: str,
        actor_roles: Collection[str],
    ) -> Staged | None:
        """Raises :class:`RefusedLocally` (R3) or ``ValueError`` before anything is written."""
        roles = [r for r in dict.fromkeys(roles)]
        if not valid_roles(roles):
            raise ValueError("Choose at least one role.")
        row = _require(conn, user_id)
        code = role_change_refusal(actor_id, actor_roles, user_id, roles, _admin_ids(conn))
        if code is not None:
            raise RefusedLocally(code)
        if sorted(row.roles or []) == sorted(roles):
            return None
        conn.execute(
            users_t.update().where(users_t.c.id == user_id).values(roles=roles, pending_op="roles")
        )
        return Staged(
            user_id, {"user_id": user_id, "roles": roles}, base_version=int(row.version or 0)
        )

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        uid = str(queued_row.entity_id)
        if result.entity is not None and result.entity.get("id"):
            upsert(conn, users_t, [user_row(result.entity, _pending(conn, uid))], "id")
        else:
            conn.execute(
                users_t.update().where(users_t.c.id == uid).values(pending_op=_pending(conn, uid))
            )

    def refused(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        outcome: str,
        ctx: PushContext,
    ) -> None:
        _restore(conn, str(queued_row.entity_id), result.entity)

    def compared_fields(self, conflict: Mapping[str, Any]) -> list[str]:
        return ["roles"]


class RemoveUser(Mutation):
    """``user.remove {user_id}``: an admin deletes another user (R14)."""

    type = "user.remove"
    entity = "user"

    def stage(
        self, conn: sa.Connection, user_id: str, *, actor_id: str, actor_roles: Collection[str]
    ) -> Staged:
        row = _require(conn, user_id)
        code = removal_refusal(actor_id, actor_roles, user_id, _admin_ids(conn))
        if code is not None:
            raise RefusedLocally(code)
        conn.execute(users_t.update().where(users_t.c.id == user_id).values(pending_op="remove"))
        return Staged(user_id, {"user_id": user_id}, base_version=int(row.version or 0))

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        conn.execute(users_t.delete().where(users_t.c.id == queued_row.entity_id))

    def refused(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        outcome: str,
        ctx: PushContext,
    ) -> None:
        _restore(conn, str(queued_row.entity_id), result.entity)


SET_ROLES = SetRoles()
REMOVE = RemoveUser()
_PENDING_OP = {SET_ROLES.type: "roles", REMOVE.type: "remove"}


def _pending(conn: sa.Connection, user_id: str) -> str | None:
    ops = {_PENDING_OP.get(p.type) for p in queued.of_entity(conn, user_id)}
    return "remove" if "remove" in ops else "roles" if "roles" in ops else None


class UserEntity(SyncEntity):
    name = "user"
    table = users_t
    data_model = wire.UserData
    mutations = (SET_ROLES, REMOVE)
    sweep_spares_queued = True

    def row(self, change: wire.Change) -> dict:
        return user_row({"id": change.id, **(change.data or {})})

    def apply_upserts(
        self, conn: sa.Connection, changes: Sequence[wire.Change], ctx: FeedContext
    ) -> None:
        rows = []
        for ch in changes:
            row = self.row(ch)
            if ch.id in ctx.queued_ids:  # the queued change stays on top of the new copy
                local = conn.execute(
                    sa.select(users_t.c.roles, users_t.c.pending_op).where(users_t.c.id == ch.id)
                ).first()
                if local is not None:
                    row["pending_op"] = local.pending_op
                    if local.pending_op == "roles":
                        row["roles"] = list(local.roles or [])
            rows.append(row)
        upsert(conn, users_t, rows, "id")


ENTITY = UserEntity()
