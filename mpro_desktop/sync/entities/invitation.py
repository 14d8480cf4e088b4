"""Invitations to join the company (R13): their table, the feed, and ``user.invite`` /
``invitation.revoke``.

An invitation queued here shows at once with ``state = "pending"`` and
``pending_op = "invite"`` until the portal confirmed it; the portal's copy then replaces
it. The token the portal returns to the inviter (API.md: "so the inviter can hand it
over") is kept in the row's ``data`` on this computer only; the feed never carries it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain import wire
from mpro_desktop.domain.account_rules import (
    invite_refusal,
    is_e164,
    is_email,
    normalize_phone,
    valid_roles,
)

from ..queued import Queued
from ..schema import iso_now, metadata, upsert
from .base import FeedContext, Mutation, PushContext, Staged, SyncEntity
from .user import RefusedLocally

invitations_t = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("email", sa.String),
    sa.Column("mobile", sa.String),
    sa.Column("roles", sa.JSON),
    sa.Column("state", sa.String),
    sa.Column("expires_at", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("pending_op", sa.String),
    sa.Column("data", sa.JSON),
)


def invitation_row(data: Mapping[str, Any], pending_op: str | None = None) -> dict:
    return {
        "id": str(data["id"]),
        "email": data.get("email"),
        "mobile": data.get("mobile"),
        "roles": list(data.get("roles") or []),
        "state": data.get("state") or "pending",
        "expires_at": data.get("expires_at"),
        "version": int(data.get("version") or 0),
        "pending_op": pending_op,
        "data": dict(data),
    }


def _invitation_dict(m: Mapping[str, Any]) -> dict:
    d = dict(m["data"] or {})
    for k in ("id", "email", "mobile", "state", "expires_at", "version", "pending_op"):
        d[k] = m[k]
    d["roles"] = list(m["roles"] or [])
    return d


def read_all(conn: sa.Connection) -> list[dict]:
    """Newest first by expiry (the pending ones of this client on top)."""
    stmt = sa.select(invitations_t).order_by(
        invitations_t.c.pending_op.is_(None), invitations_t.c.expires_at.desc()
    )
    return [_invitation_dict(r._mapping) for r in conn.execute(stmt)]


def _store(conn: sa.Connection, data: Mapping[str, Any], *, keep_token: bool = True) -> None:
    """The portal's copy; a token this client was given stays with it."""
    iid = str(data["id"])
    merged = dict(data)
    if keep_token and not merged.get("token"):
        old = conn.execute(
            sa.select(invitations_t.c.data).where(invitations_t.c.id == iid)
        ).scalar_one_or_none()
        if old and old.get("token"):
            merged["token"] = old["token"]
    upsert(conn, invitations_t, [invitation_row(merged)], "id")


class InviteUser(Mutation):
    """``user.invite {id, email?|mobile?, roles[]}`` (R10, R13)."""

    type = "user.invite"
    entity = "invitation"

    def stage(
        self,
        conn: sa.Connection,
        *,
        roles: Collection[str],
        email: str | None = None,
        mobile: str | None = None,
        actor_roles: Collection[str],
        actor_verified: bool,
    ) -> Staged:
        """Raises :class:`RefusedLocally` or ``ValueError`` before anything is written."""
        code = invite_refusal(actor_roles, actor_verified)
        if code is not None:
            raise RefusedLocally(code)
        roles = list(dict.fromkeys(roles))
        if not valid_roles(roles):
            raise ValueError("Choose at least one role.")
        email = (email or "").strip().lower() or None
        mobile = normalize_phone(mobile or "") or None
        if (email is None) == (mobile is None):
            raise ValueError("Give an e-mail address or a mobile number.")
        if email is not None and not is_email(email):
            raise ValueError("The e-mail address is not valid.")
        if mobile is not None and not is_e164(mobile):
            raise ValueError("The mobile number is not valid.")
        invitation_id = str(uuid.uuid4())
        local = {
            "id": invitation_id,
            "email": email,
            "mobile": mobile,
            "roles": roles,
            "state": "pending",
            "expires_at": None,
            "created_at": iso_now(),
        }
        conn.execute(invitations_t.insert().values(**invitation_row(local, "invite")))
        payload: dict[str, Any] = {"id": invitation_id, "roles": roles}
        if email is not None:
            payload["email"] = email
        else:
            payload["mobile"] = mobile
        return Staged(invitation_id, payload)

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        if result.entity is not None and result.entity.get("id"):
            entity = dict(result.entity)
            if entity["id"] != queued_row.entity_id:  # the portal chose its own id
                conn.execute(
                    invitations_t.delete().where(invitations_t.c.id == queued_row.entity_id)
                )
            _store(conn, entity)
            return
        conn.execute(
            invitations_t.update()
            .where(invitations_t.c.id == queued_row.entity_id)
            .values(pending_op=None)
        )

    def refused(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        outcome: str,
        ctx: PushContext,
    ) -> None:
        """Never sent out: the row goes (the refusal is kept for the user, with its code)."""
        conn.execute(invitations_t.delete().where(invitations_t.c.id == queued_row.entity_id))

    def restore_local(self, conn: sa.Connection, payload: Mapping[str, Any]) -> None:
        if payload.get("id"):
            exists = conn.execute(
                sa.select(invitations_t.c.id).where(invitations_t.c.id == payload["id"])
            ).first()
            if exists is None:
                local = {**payload, "state": "pending"}
                conn.execute(invitations_t.insert().values(**invitation_row(local, "invite")))


class RevokeInvitation(Mutation):
    """``invitation.revoke {invitation_id}``: a pending invitation stops working."""

    type = "invitation.revoke"
    entity = "invitation"

    def stage(
        self, conn: sa.Connection, invitation_id: str, *, actor_roles: Collection[str]
    ) -> Staged:
        if "company_admin" not in actor_roles:
            raise RefusedLocally("insufficient_role")
        row = conn.execute(
            sa.select(invitations_t).where(invitations_t.c.id == invitation_id)
        ).first()
        if row is None or row.state != "pending" or row.pending_op == "revoke":
            raise LookupError(invitation_id)
        conn.execute(
            invitations_t.update()
            .where(invitations_t.c.id == invitation_id)
            .values(pending_op="revoke")
        )
        return Staged(
            invitation_id, {"invitation_id": invitation_id}, base_version=int(row.version or 0)
        )

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        if result.entity is not None and result.entity.get("id"):
            _store(conn, result.entity)
        else:
            conn.execute(
                invitations_t.update()
                .where(invitations_t.c.id == queued_row.entity_id)
                .values(pending_op=None, state="revoked")
            )

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
            conn.execute(
                invitations_t.update()
                .where(invitations_t.c.id == queued_row.entity_id)
                .values(pending_op=None)
            )


INVITE = InviteUser()
REVOKE = RevokeInvitation()


class InvitationEntity(SyncEntity):
    name = "invitation"
    table = invitations_t
    data_model = wire.InvitationData
    mutations = (INVITE, REVOKE)
    sweep_spares_queued = True

    def row(self, change: wire.Change) -> dict:
        return invitation_row({"id": change.id, **(change.data or {})})

    def apply_upserts(
        self, conn: sa.Connection, changes: Sequence[wire.Change], ctx: FeedContext
    ) -> None:
        for ch in changes:
            data = {"id": ch.id, **(ch.data or {})}
            if ch.id in ctx.queued_ids:
                pending = conn.execute(
                    sa.select(invitations_t.c.pending_op).where(invitations_t.c.id == ch.id)
                ).scalar_one_or_none()
                _store(conn, data)
                conn.execute(
                    invitations_t.update()
                    .where(invitations_t.c.id == ch.id)
                    .values(pending_op=pending)
                )
            else:
                _store(conn, data)


ENTITY = InvitationEntity()
