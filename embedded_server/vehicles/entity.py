"""How a vehicle's changes reach the feed (its JSON is ``VehicleOut``).

Apart from the rules in ``vehicles.service`` so that other domains (products: module
activation) can feed a vehicle's change without importing those rules.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from embedded_server.db import utcnow
from embedded_server.feed.changelog import append_change
from embedded_server.models import Vehicle
from embedded_server.vehicles.schemas import FEED_EXCLUDE, VehicleOut


def vehicle_data(v: Vehicle) -> dict[str, Any]:
    """The vehicle as the change feed and mutation results carry it (its schema, no status)."""
    return VehicleOut.dump(v, exclude=set(FEED_EXCLUDE))


def feed_vehicle(session: Session, v: Vehicle, op: str = "upsert") -> None:
    """Put the vehicle's current state into its company's change feed."""
    append_change(
        session,
        company_id=v.company_id,
        entity="vehicle",
        entity_id=v.public_id,
        op=op,
        data=vehicle_data(v),
        version=v.version,
    )


def touch_vehicle(session: Session, v: Vehicle) -> None:
    """Bump version and feed the new state (call after changing fields)."""
    v.version = (v.version or 0) + 1
    v.updated_at = utcnow()
    session.flush()
    feed_vehicle(session, v)
