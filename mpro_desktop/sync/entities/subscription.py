"""Subscriptions as the change feed sends them (issue 11), and ``subscription.end``.

Ending one goes through the outbox (also offline): the row shows ``pending_op`` "end"
(at the term's end) or "end_now" (at once) until the portal answered; its answer then
replaces the row, or a refusal puts the portal's last copy back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain import wire

from ..queued import Queued
from ..schema import metadata, upsert
from .base import FeedContext, Mutation, PushContext, Staged, SyncEntity
from .vehicle import vehicles_t

ACTIVE, ENDED = "active", "ended"
#: ``pending_op`` of a queued ``subscription.end``: at the term's end / at once
END_AT_TERM, END_NOW = "end", "end_now"

subscriptions_t = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("vehicle_id", sa.String, index=True),
    sa.Column("product_id", sa.String),
    sa.Column("order_id", sa.String),
    sa.Column("state", sa.String),
    sa.Column("start_at", sa.String),
    sa.Column("end_at", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("pending_op", sa.String),
    sa.Column("data", sa.JSON),
)


def subscription_row(data: Mapping[str, Any], pending_op: str | None = None) -> dict:
    return {
        "id": str(data["id"]),
        "vehicle_id": data.get("vehicle_id"),
        "product_id": data.get("product_id"),
        "order_id": data.get("order_id"),
        "state": data.get("state"),
        "start_at": data.get("start_at"),
        "end_at": data.get("end_at"),
        "version": int(data.get("version") or 0),
        "pending_op": pending_op,
        "data": dict(data),
    }


def read_all(conn: sa.Connection) -> list[dict]:
    """Active ones first, then by start (newest first); each with its cached JSON plus
    ``pending_op`` and the vehicle's ``vehicle_name`` (name, else VIN, else "")."""
    t = subscriptions_t
    stmt = (
        sa.select(t, vehicles_t.c.name.label("v_name"), vehicles_t.c.vin.label("v_vin"))
        .select_from(t.outerjoin(vehicles_t, vehicles_t.c.id == t.c.vehicle_id))
        .order_by((t.c.state == ACTIVE).desc(), t.c.start_at.desc(), t.c.id)
    )
    out = []
    for r in conn.execute(stmt):
        d = dict(r.data or {})
        d.update(pending_op=r.pending_op, vehicle_name=r.v_name or r.v_vin or "")
        out.append(d)
    return out


class EndSubscription(Mutation):
    """Ends an active subscription at its term's end, or at once (``immediately``)."""

    type = "subscription.end"
    entity = "subscription"

    def stage(
        self, conn: sa.Connection, subscription_id: str, *, immediately: bool = False
    ) -> Staged | None:
        row = conn.execute(
            sa.select(subscriptions_t).where(subscriptions_t.c.id == subscription_id)
        ).first()
        if row is None:
            raise LookupError(subscription_id)
        if row.state != ACTIVE or row.pending_op is not None:
            return None  # ended already, or an end is on its way
        op = END_NOW if immediately else END_AT_TERM
        conn.execute(
            subscriptions_t.update()
            .where(subscriptions_t.c.id == subscription_id)
            .values(pending_op=op)
        )
        payload = {"subscription_id": subscription_id, "immediately": bool(immediately)}
        return Staged(subscription_id, payload, base_version=int(row.version or 0))

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        if result.entity is not None and result.entity.get("id"):
            upsert(conn, subscriptions_t, [subscription_row(result.entity)], "id")
        else:
            _clear_pending(conn, str(queued_row.entity_id))

    def refused(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        outcome: str,
        ctx: PushContext,
    ) -> None:
        if result.entity is not None and result.entity.get("id"):
            upsert(conn, subscriptions_t, [subscription_row(result.entity)], "id")
        else:
            _clear_pending(conn, str(queued_row.entity_id))  # the portal's last copy stays

    def restore_local(self, conn: sa.Connection, payload: Mapping[str, Any]) -> None:
        op = END_NOW if payload.get("immediately") else END_AT_TERM
        conn.execute(
            subscriptions_t.update()
            .where(
                subscriptions_t.c.id == payload.get("subscription_id"),
                subscriptions_t.c.state == ACTIVE,
            )
            .values(pending_op=op)
        )


def _clear_pending(conn: sa.Connection, subscription_id: str) -> None:
    conn.execute(
        subscriptions_t.update()
        .where(subscriptions_t.c.id == subscription_id)
        .values(pending_op=None)
    )


END = EndSubscription()


class SubscriptionEntity(SyncEntity):
    name = "subscription"
    table = subscriptions_t
    data_model = wire.SubscriptionData
    mutations = (END,)
    sweep_spares_queued = True

    def row(self, change: wire.Change) -> dict:
        return subscription_row({"id": change.id, **(change.data or {})})

    def apply_upserts(
        self, conn: sa.Connection, changes: Sequence[wire.Change], ctx: FeedContext
    ) -> None:
        """The portal's copy; an end still queued here keeps showing on an active one."""
        for ch in changes:
            data = {"id": ch.id, **(ch.data or {})}
            pending = None
            if ch.id in ctx.queued_ids and data.get("state") == ACTIVE:
                pending = conn.execute(
                    sa.select(subscriptions_t.c.pending_op).where(subscriptions_t.c.id == ch.id)
                ).scalar_one_or_none()
            upsert(conn, subscriptions_t, [subscription_row(data, pending)], "id")


ENTITY = SubscriptionEntity()
