"""Fleet alerts as the change feed sends them (issue 12), and ``alert.acknowledge`` /
``alert.close`` from the Alerts pane.

An alert the user acknowledged or closed shows its new state at once with
``pending_op`` set until the portal confirmed it; the portal's copy then replaces it.
A refused one goes back to the portal's copy (re-read if the answer carried none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain import alerts as rules
from mpro_desktop.domain import wire

from ..queued import Queued
from ..schema import metadata, upsert
from .base import FeedContext, Mutation, PushContext, Staged, SyncEntity
from .vehicle import vehicles_t

alerts_t = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("vehicle_id", sa.String, index=True),
    sa.Column("type", sa.String),
    sa.Column("severity", sa.String),
    sa.Column("state", sa.String),
    sa.Column("opened_at", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("pending_op", sa.String),
    sa.Column("data", sa.JSON),
)


def alert_row(data: Mapping[str, Any], pending_op: str | None = None) -> dict:
    return {
        "id": str(data["id"]),
        "vehicle_id": data.get("vehicle_id"),
        "type": data.get("type"),
        "severity": data.get("severity"),
        "state": data.get("state"),
        "opened_at": data.get("opened_at"),
        "version": int(data.get("version") or 0),
        "pending_op": pending_op,
        "data": dict(data),
    }


def read_all(conn: sa.Connection, *, include_closed: bool = True) -> list[dict]:
    """Newest first; each with its cached JSON plus ``pending_op`` and the vehicle's
    ``vehicle_name`` (its name, else its VIN) as the window shows it."""
    stmt = (sa.select(alerts_t, vehicles_t.c.name.label("v_name"), vehicles_t.c.vin.label("v_vin"))
            .select_from(alerts_t.outerjoin(vehicles_t, vehicles_t.c.id == alerts_t.c.vehicle_id))
            .order_by(alerts_t.c.opened_at.desc(), alerts_t.c.id))
    if not include_closed:
        stmt = stmt.where(alerts_t.c.state != rules.CLOSED)
    out = []
    for r in conn.execute(stmt):
        d = dict(r.data or {})
        d.update(state=r.state, pending_op=r.pending_op, vehicle_name=r.v_name or r.v_vin or "")
        out.append(d)
    return out


def live_count(conn: sa.Connection) -> int:
    """Alerts that still hold (open or acknowledged)."""
    return int(conn.execute(sa.select(sa.func.count()).select_from(alerts_t)
                            .where(alerts_t.c.state.in_(tuple(rules.LIVE_STATES)))).scalar_one())


class _AlertStep(Mutation):
    """Moves one alert on (open -> acknowledged, any live -> closed)."""

    entity = "alert"
    #: the state the alert shows while the step is queued
    target: str
    #: states it may come from
    sources: frozenset[str]

    def stage(self, conn: sa.Connection, alert_id: str) -> Staged | None:
        row = conn.execute(sa.select(alerts_t).where(alerts_t.c.id == alert_id)).first()
        if row is None:
            raise LookupError(alert_id)
        if row.state not in self.sources or row.pending_op is not None:
            return None  # already there, or a step is on its way
        conn.execute(alerts_t.update().where(alerts_t.c.id == alert_id)
                     .values(state=self.target, pending_op=self.target))
        return Staged(alert_id, {"alert_id": alert_id}, base_version=int(row.version or 0))

    def confirmed(self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult,
                  ctx: PushContext) -> None:
        if result.entity is not None and result.entity.get("id"):
            upsert(conn, alerts_t, [alert_row(result.entity)], "id")
        else:
            conn.execute(alerts_t.update().where(alerts_t.c.id == queued_row.entity_id)
                         .values(pending_op=None))

    def refused(self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult,
                outcome: str, ctx: PushContext) -> None:
        row = conn.execute(sa.select(alerts_t.c.data).where(
            alerts_t.c.id == queued_row.entity_id)).first()
        if result.entity is not None and result.entity.get("id"):
            upsert(conn, alerts_t, [alert_row(result.entity)], "id")
        elif row is not None and row.data:
            upsert(conn, alerts_t, [alert_row(row.data)], "id")  # the portal's last copy
        ctx.refresh_later("alert", queued_row.entity_id)

    def restore_local(self, conn: sa.Connection, payload: Mapping[str, Any]) -> None:
        conn.execute(alerts_t.update().where(alerts_t.c.id == payload.get("alert_id"))
                     .values(state=self.target, pending_op=self.target))


class Acknowledge(_AlertStep):
    type = "alert.acknowledge"
    target = rules.ACKNOWLEDGED
    sources = frozenset({rules.OPEN})


class Close(_AlertStep):
    type = "alert.close"
    target = rules.CLOSED
    sources = frozenset(rules.LIVE_STATES)


ACKNOWLEDGE = Acknowledge()
CLOSE = Close()


class AlertEntity(SyncEntity):
    name = "alert"
    table = alerts_t
    data_model = wire.AlertData
    mutations = (ACKNOWLEDGE, CLOSE)
    sweep_spares_queued = True
    refresh_key = "refresh_alerts"

    def row(self, change: wire.Change) -> dict:
        return alert_row({"id": change.id, **(change.data or {})})

    def apply_upserts(self, conn: sa.Connection, changes: Sequence[wire.Change],
                      ctx: FeedContext) -> None:
        """The portal's copy; a step still queued here keeps showing on top of it."""
        for ch in changes:
            data = {"id": ch.id, **(ch.data or {})}
            pending = None
            if ch.id in ctx.queued_ids:
                pending = conn.execute(sa.select(alerts_t.c.pending_op).where(
                    alerts_t.c.id == ch.id)).scalar_one_or_none()
            row = alert_row(data, pending)
            if pending is not None and data.get("state") != rules.CLOSED:
                row["state"] = pending
            upsert(conn, alerts_t, [row], "id")

    def fetch(self, client: Any, entity_id: str) -> Mapping[str, Any]:
        return client.alert(entity_id)

    def store_fetched(self, conn: sa.Connection, entity_id: str,
                      data: Mapping[str, Any] | None) -> None:
        if data is None:
            conn.execute(alerts_t.delete().where(alerts_t.c.id == entity_id))
        else:
            upsert(conn, alerts_t, [alert_row(data)], "id")


ENTITY = AlertEntity()
