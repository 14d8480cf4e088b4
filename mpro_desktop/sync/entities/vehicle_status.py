"""The latest status summary of each vehicle (``vehicle_status`` in the change feed).

Stored whole as the portal sends it; the vehicles pane shows it in the vehicle's row, so
a status change is reported as a ``vehicle`` change too.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from mpro_desktop.domain import wire

from ..schema import metadata, parse_ts
from .base import SyncEntity

vehicle_status_t = sa.Table(
    "vehicle_status",
    metadata,
    sa.Column("vehicle_id", sa.String, primary_key=True),
    sa.Column("ts", sa.Float),
    sa.Column("data", sa.JSON),
)


class VehicleStatusEntity(SyncEntity):
    name = "vehicle_status"
    table = vehicle_status_t
    key = "vehicle_id"
    data_model = wire.VehicleStatusData
    also_changes = frozenset({"vehicle"})

    def row(self, change: wire.Change) -> dict:
        data = change.data or {}
        return {"vehicle_id": change.id, "ts": parse_ts(data.get("ts")), "data": dict(data)}


def delete_of(conn: sa.Connection, vehicle_ids: Sequence[str]) -> None:
    """The vehicles are gone: so are their status summaries."""
    conn.execute(vehicle_status_t.delete().where(vehicle_status_t.c.vehicle_id.in_(vehicle_ids)))


ENTITY = VehicleStatusEntity()
