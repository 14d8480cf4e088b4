"""A vehicle as the outside sees it (its JSON) and how its changes reach the feed.

Apart from the rules in ``vehicles.service`` so that other domains (products: module
activation) can feed a vehicle's change without importing those rules.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from embedded_server.db import utcnow
from embedded_server.feed.changelog import append_change
from embedded_server.models import Vehicle
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS, SUMMARY_FIELDS


def status_summary(v: Vehicle) -> dict[str, Any] | None:
    if not v.status:
        return None
    return {"ts": v.status.get("ts"), **{k: v.status.get(k) for k in SUMMARY_FIELDS}}


def vehicle_json(v: Vehicle, *, with_status: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": v.public_id,
        "vin": v.vin,
        "name": v.name,
        "license_plate": v.license_plate,
        "fuel_type": v.fuel_type,
        "model": v.model,
        "has_comm_module": bool(v.has_comm_module),
        "module_active": bool(v.module_active),
        "version": v.version,
        "created_at": v.created_at.isoformat(),
        "updated_at": v.updated_at.isoformat(),
        "removed_at": v.removed_at.isoformat() if v.removed_at else None,
    }
    if with_status:
        data["status"] = status_summary(v)
    return data


def status_json(v: Vehicle) -> dict[str, Any]:
    snap = v.status or {}
    return {
        "vehicle_id": v.public_id,
        "seq": v.status_seq,
        "ts": snap.get("ts"),
        **{k: snap.get(k) for k in SAMPLE_FIELDS},
    }


def feed_vehicle(session: Session, v: Vehicle, op: str = "upsert") -> None:
    """Put the vehicle's current state into its company's change feed."""
    append_change(
        session,
        company_id=v.company_id,
        entity="vehicle",
        entity_id=v.public_id,
        op=op,
        data=vehicle_json(v),
        version=v.version,
    )


def touch_vehicle(session: Session, v: Vehicle) -> None:
    """Bump version and feed the new state (call after changing fields)."""
    v.version = (v.version or 0) + 1
    v.updated_at = utcnow()
    session.flush()
    feed_vehicle(session, v)
