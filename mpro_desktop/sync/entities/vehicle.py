"""Vehicles in the cache: their table, the feed, and ``vehicle.add/update/remove``.

A vehicle row is the portal's truth with this client's still-queued edits on top
(``pending_op`` says which kind is queued). A refused mutation puts the row back to the
portal's copy the result carries, or, without one, re-reads it (``refresh_key``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import sqlalchemy as sa

from mpro_desktop.domain import wire
from mpro_desktop.domain.telemetry import FUEL_TYPES
from mpro_desktop.domain.vehicles import EDITABLE_FIELDS
from mpro_desktop.domain.vin import normalize_vin

from .. import queued, refusals
from ..client import PortalClient
from ..queued import Queued
from ..schema import iso_now, metadata, telemetry_t, upsert
from . import vehicle_status
from .base import FeedContext, Mutation, PushContext, Retry, Staged, SyncEntity

vehicles_t = sa.Table(
    "vehicles",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("vin", sa.String),
    sa.Column("name", sa.String),
    sa.Column("license_plate", sa.String),
    sa.Column("fuel_type", sa.String),
    sa.Column("model", sa.String),
    sa.Column("has_comm_module", sa.Boolean),
    sa.Column("module_active", sa.Boolean),
    sa.Column("version", sa.Integer),
    sa.Column("created_at", sa.String),
    sa.Column("updated_at", sa.String),
    sa.Column("pending_op", sa.String),
)

#: The wire fields of a vehicle row: every column but the local ``pending_op``.
VEHICLE_KEYS = tuple(c.name for c in vehicles_t.columns if c.name != "pending_op")

_UNCHANGED: Any = ...


class DuplicateVin(ValueError):
    """The VIN is already in the local cache (the portal would answer ``vin_exists``)."""

    def __init__(self, vin: str) -> None:
        super().__init__(f"A vehicle with VIN {vin} is already in your fleet.")
        self.vin = vin


class UnknownVehicle(LookupError):
    """The vehicle is not in the local cache (or is already being removed)."""


# -- row <-> JSON ------------------------------------------------------------------------


def vehicle_row(data: Mapping[str, Any], pending_op: str | None = None) -> dict:
    """Vehicle JSON (REST / change feed / mutation entity) -> ``vehicles`` row."""
    return {
        "id": str(data["id"]),
        "vin": data.get("vin"),
        "name": data.get("name"),
        "license_plate": data.get("license_plate"),
        "fuel_type": data.get("fuel_type") or "diesel",
        "model": data.get("model"),
        "has_comm_module": bool(data.get("has_comm_module", True)),
        "module_active": bool(data.get("module_active", False)),
        "version": int(data.get("version") or 0),
        "created_at": data.get("created_at"),
        "updated_at": data.get("updated_at"),
        "pending_op": pending_op,
    }


def _vehicle_dict(m: Mapping[str, Any]) -> dict:
    d = {k: m[k] for k in VEHICLE_KEYS}
    d["has_comm_module"] = bool(d["has_comm_module"])
    d["module_active"] = bool(d["module_active"])
    d["pending_op"] = m["pending_op"]
    d["status"] = dict(m["status"]) if m.get("status") is not None else None
    return d


def _portal_copy(result: wire.MutationResult) -> wire.VehicleData | None:
    """The vehicle a mutation result carries (checked by the client), typed."""
    if result.entity is None:
        return None
    return wire.VehicleData.model_validate(result.entity)


# -- reads for the UI --------------------------------------------------------------------


def _with_status() -> sa.Select:
    status_t = vehicle_status.vehicle_status_t
    return sa.select(vehicles_t, status_t.c.data.label("status")).select_from(
        vehicles_t.outerjoin(status_t, status_t.c.vehicle_id == vehicles_t.c.id)
    )


def _not_removed() -> sa.ColumnElement[bool]:
    return sa.or_(vehicles_t.c.pending_op.is_(None), vehicles_t.c.pending_op != "remove")


def read_all(conn: sa.Connection) -> list[dict]:
    """Every vehicle not pending removal, with ``pending_op`` and ``status``."""
    stmt = _with_status().where(_not_removed()).order_by(vehicles_t.c.name, vehicles_t.c.vin)
    return [_vehicle_dict(row._mapping) for row in conn.execute(stmt)]


def read_one(conn: sa.Connection, vehicle_id: str) -> dict | None:
    """One vehicle (also when it is pending removal), or None."""
    row = conn.execute(_with_status().where(vehicles_t.c.id == vehicle_id)).first()
    return _vehicle_dict(row._mapping) if row is not None else None


def require(conn: sa.Connection, vehicle_id: str) -> sa.Row:
    """The vehicle's ``version`` and ``pending_op``; ``UnknownVehicle`` if gone or going."""
    row = conn.execute(
        sa.select(vehicles_t.c.version, vehicles_t.c.pending_op).where(
            vehicles_t.c.id == vehicle_id
        )
    ).first()
    if row is None or row.pending_op == "remove":
        raise UnknownVehicle(vehicle_id)
    return row


# -- portal truth ------------------------------------------------------------------------


def store(conn: sa.Connection, data: Mapping[str, Any], *, rebase: bool = True) -> None:
    """Portal truth for one vehicle, with this client's still-queued edits on top.

    ``rebase``: the data is the result of this client's own mutation, so its queued
    later edits were made on top of it and take its version as their base. Data from
    the change feed never rebases: a queued edit based on an older version must
    reach the portal as a conflict, not silently overwrite someone else's change.
    """
    vid = str(data["id"])
    pending = queued.of_entity(conn, vid)
    row = vehicle_row(data, _pending_op(pending))
    local = conn.execute(
        sa.select(vehicles_t.c.version).where(vehicles_t.c.id == vid)
    ).scalar_one_or_none()
    if local is not None and local > row["version"]:
        _set_pending_op(conn, vid, pending)  # an older copy (a ``duplicate``'s stored entity)
        return
    for p in pending:
        if p.type == UPDATE.type:
            for f in EDITABLE_FIELDS:
                if f in p.payload:
                    row[f] = p.payload[f]
    upsert(conn, vehicles_t, [row], "id")
    if pending and rebase:
        # Queued edits were made on top of this state: rebase them onto its version.
        queued.rebase(conn, vid, row["version"])


def delete(
    conn: sa.Connection, vehicle_ids: Sequence[str], *, keep_telemetry: bool = False
) -> None:
    """The vehicles are gone (with their status; their telemetry unless kept)."""
    conn.execute(vehicles_t.delete().where(vehicles_t.c.id.in_(vehicle_ids)))
    vehicle_status.delete_of(conn, vehicle_ids)
    if not keep_telemetry:
        conn.execute(telemetry_t.delete().where(telemetry_t.c.vehicle_id.in_(vehicle_ids)))


def _pending_op(pending: Iterable[Queued]) -> str | None:
    """What the row shows as queued: a removal hides it, an add outranks an edit."""
    ops = {_PENDING_OP.get(p.type) for p in pending}
    for op in ("remove", "add", "update"):
        if op in ops:
            return op
    return None


def _set_pending_op(conn: sa.Connection, vehicle_id: str, pending: Iterable[Queued]) -> None:
    conn.execute(
        vehicles_t.update()
        .where(vehicles_t.c.id == vehicle_id)
        .values(pending_op=_pending_op(pending))
    )


# -- mutations -----------------------------------------------------------------------------


class _VehicleMutation(Mutation):
    entity = "vehicle"
    #: what the local row shows while this mutation is queued
    pending_op: ClassVar[str]
    #: the vehicle is gone once the portal confirms it
    removes: ClassVar[bool] = False

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        vid = str(queued_row.entity_id)
        theirs = _portal_copy(result)
        if self.removes or (theirs is not None and theirs.deleted):
            delete(conn, [vid])
        elif theirs is not None and theirs.id:
            store(conn, result.entity or {})
        else:
            _set_pending_op(conn, vid, queued.of_entity(conn, vid))

    def refused(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        outcome: str,
        ctx: PushContext,
    ) -> None:
        vid = str(queued_row.entity_id)
        theirs = _portal_copy(result)
        if theirs is not None and theirs.deleted:
            # Edit of a vehicle someone else removed: the portal's truth is "gone". Later
            # queued edits of it stay queued and come back refused, so none is lost silently.
            delete(conn, [vid])
        elif theirs is not None and theirs.id and self._is_own_copy(theirs, vid):
            # Not the result of our change: later queued edits keep their base and come
            # back as conflicts too, rather than overwriting the portal's version unseen.
            store(conn, result.entity or {}, rebase=False)
        else:
            self._refused_without_copy(conn, queued_row, result, theirs, ctx)

    def _is_own_copy(self, theirs: wire.VehicleData, vehicle_id: str) -> bool:
        return True

    def _refused_without_copy(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        theirs: wire.VehicleData | None,
        ctx: PushContext,
    ) -> None:
        ctx.refresh_later(self.entity, str(queued_row.entity_id))

    def compared_fields(self, conflict: Mapping[str, Any]) -> list[str]:
        payload = conflict.get("payload") or {}
        return [f for f in EDITABLE_FIELDS if f in payload]


class AddVehicle(_VehicleMutation):
    type = "vehicle.add"
    pending_op = "add"

    def stage(
        self,
        conn: sa.Connection,
        *,
        vin: str,
        name: str | None = None,
        license_plate: str | None = None,
        fuel_type: str = "diesel",
        model: str | None = None,
    ) -> Staged:
        """Raises ``InvalidVin`` (domain rule) or ``DuplicateVin`` before anything is written."""
        return self.stage_many(
            conn,
            [
                {
                    "vin": vin,
                    "name": name,
                    "license_plate": license_plate,
                    "fuel_type": fuel_type,
                    "model": model,
                }
            ],
        )[0]

    def stage_many(
        self, conn: sa.Connection, vehicles: Sequence[Mapping[str, Any]]
    ) -> list[Staged]:
        """:meth:`stage` for many vehicles with one insert (a bulk import); raises
        ``InvalidVin``, ``ValueError`` or ``DuplicateVin`` (also for a VIN twice in
        ``vehicles``) before anything is written, with ``index`` set on the error."""
        rows: list[dict] = []
        staged: list[Staged] = []
        seen: set[str] = set()
        now = iso_now()
        for index, values in enumerate(vehicles):
            try:
                row, payload = self._new_row(now, **values)
                if row["vin"] in seen:
                    raise DuplicateVin(row["vin"])
            except ValueError as exc:
                exc.index = index  # type: ignore[attr-defined]
                raise
            seen.add(row["vin"])
            rows.append(row)
            staged.append(Staged(row["id"], payload))
        vins = [r["vin"] for r in rows]
        for start in range(0, len(vins), 500):  # SQLite's bound-parameter limit
            taken = conn.execute(
                sa.select(vehicles_t.c.vin).where(
                    vehicles_t.c.vin.in_(vins[start : start + 500]), _not_removed()
                )
            ).first()
            if taken is not None:
                exc = DuplicateVin(taken.vin)
                exc.index = vins.index(taken.vin)  # type: ignore[attr-defined]
                raise exc
        if rows:
            conn.execute(vehicles_t.insert(), rows)
        return staged

    @staticmethod
    def _new_row(
        now: str,
        *,
        vin: str,
        name: str | None = None,
        license_plate: str | None = None,
        fuel_type: str = "diesel",
        model: str | None = None,
    ) -> tuple[dict, dict[str, Any]]:
        """The local row and the mutation payload of a new vehicle (the domain rule)."""
        vin = normalize_vin(vin)
        if fuel_type not in FUEL_TYPES:
            raise ValueError(f"Unknown fuel type {fuel_type!r}.")
        name = _clean(name)
        license_plate = _clean(license_plate)
        model = _clean(model)
        vehicle_id = str(uuid.uuid4())
        row = {
            "id": vehicle_id,
            "vin": vin,
            "name": name,
            "license_plate": license_plate,
            "fuel_type": fuel_type,
            "model": model,
            "has_comm_module": True,
            "module_active": False,
            "version": 0,
            "created_at": now,
            "updated_at": now,
            "pending_op": "add",
        }
        payload: dict[str, Any] = {"id": vehicle_id, "vin": vin, "fuel_type": fuel_type}
        for key, value in (("name", name), ("license_plate", license_plate), ("model", model)):
            if value is not None:
                payload[key] = value
        return row, payload

    def _is_own_copy(self, theirs: wire.VehicleData, vehicle_id: str) -> bool:
        return theirs.id == vehicle_id

    def _refused_without_copy(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        theirs: wire.VehicleData | None,
        ctx: PushContext,
    ) -> None:
        vid = str(queued_row.entity_id)
        if theirs is not None and theirs.id:
            # ``vin_exists``: the portal names the vehicle that has this VIN already.
            store(conn, result.entity or {}, rebase=False)
        # The vehicle never existed on the portal: drop it and everything queued on it.
        for dependant in queued.drop_entity(conn, vid):
            refusals.record(
                conn,
                dependant,
                "rejected",
                "depends_on_rejected",
                "The vehicle this change refers to was not added.",
                None,
            )
        delete(conn, [vid])

    def compared_fields(self, conflict: Mapping[str, Any]) -> list[str]:
        return ["vin", *super().compared_fields(conflict)]

    def restore_local(self, conn: sa.Connection, payload: Mapping[str, Any]) -> None:
        if not (payload.get("id") and payload.get("vin")):
            return
        exists = conn.execute(sa.select(vehicles_t.c.id).where(vehicles_t.c.id == payload["id"]))
        if exists.first() is None:
            conn.execute(vehicles_t.insert().values(**vehicle_row(payload, "add")))


class UpdateVehicle(_VehicleMutation):
    type = "vehicle.update"
    pending_op = "update"

    def stage(
        self,
        conn: sa.Connection,
        vehicle_id: str,
        *,
        name: str | None = _UNCHANGED,
        license_plate: str | None = _UNCHANGED,
        model: str | None = _UNCHANGED,
        base_version: int | None = None,
    ) -> Staged | None:
        """The given fields (``...`` = leave unchanged); see ``outbox.update_vehicle``."""
        given = {"name": name, "license_plate": license_plate, "model": model}
        changes = {f: _clean(v) for f, v in given.items() if v is not _UNCHANGED}
        if not changes:
            return None
        row = require(conn, vehicle_id)
        pending = row.pending_op if row.pending_op == "add" else "update"
        conn.execute(
            vehicles_t.update()
            .where(vehicles_t.c.id == vehicle_id)
            .values(**changes, pending_op=pending, updated_at=iso_now())
        )
        base = int(row.version or 0) if base_version is None else base_version
        return Staged(vehicle_id, {"vehicle_id": vehicle_id, **changes}, base_version=base)

    def retry(self, conflict: Mapping[str, Any]) -> Retry | None:
        """Only an edit of a vehicle that still exists on the portal can be re-applied,
        on top of the portal version the user compared with (the conflict's ``entity``,
        not the cache: the feed may have brought a newer one the user has not seen)."""
        entity = conflict.get("entity") or {}
        if not (
            conflict.get("result") == "conflict"
            and entity.get("id")
            and isinstance(entity.get("version"), int)  # the base the change is queued on
            and not entity.get("deleted")
        ):
            return None
        payload = conflict.get("payload") or {}
        changes = {f: payload[f] for f in EDITABLE_FIELDS if f in payload}
        values = {**changes, "base_version": int(entity["version"])}
        return Retry(self, str(conflict["entity_id"]), values)


class RemoveVehicle(_VehicleMutation):
    type = "vehicle.remove"
    pending_op = "remove"
    removes = True

    def stage(self, conn: sa.Connection, vehicle_id: str) -> Staged:
        """Carries ``base_version``: removing a vehicle someone else changed meanwhile comes
        back as a conflict (it reappears with their change) instead of discarding it."""
        row = require(conn, vehicle_id)
        conn.execute(
            vehicles_t.update().where(vehicles_t.c.id == vehicle_id).values(pending_op="remove")
        )
        return Staged(vehicle_id, {"vehicle_id": vehicle_id}, base_version=int(row.version or 0))


ADD = AddVehicle()
UPDATE = UpdateVehicle()
REMOVE = RemoveVehicle()
_PENDING_OP = {m.type: m.pending_op for m in (ADD, UPDATE, REMOVE)}


# -- the entity ----------------------------------------------------------------------------


class VehicleEntity(SyncEntity):
    name = "vehicle"
    table = vehicles_t
    data_model = wire.VehicleData
    mutations = (ADD, UPDATE, REMOVE)
    refresh_key = "refresh_vehicles"
    sweep_spares_queued = True

    def row(self, change: wire.Change) -> dict:
        return vehicle_row({"id": change.id, **(change.data or {})})

    def apply_upserts(
        self, conn: sa.Connection, changes: Sequence[wire.Change], ctx: FeedContext
    ) -> None:
        rows = []
        for ch in changes:
            if ch.id in ctx.queued_ids:
                # Queued edits stay on top; the feed never rebases them (see ``store``).
                store(conn, {"id": ch.id, **(ch.data or {})}, rebase=False)
            else:
                rows.append(self.row(ch))
        upsert(conn, vehicles_t, rows, "id")

    def apply_deletes(self, conn: sa.Connection, ids: Sequence[str]) -> None:
        delete(conn, ids, keep_telemetry=True)

    def fetch(self, client: PortalClient, entity_id: str) -> Mapping[str, Any]:
        return client.vehicle(entity_id)

    def store_fetched(
        self, conn: sa.Connection, entity_id: str, data: Mapping[str, Any] | None
    ) -> None:
        if data is None:
            delete(conn, [entity_id])
        else:
            store(conn, data, rebase=False)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


ENTITY = VehicleEntity()
