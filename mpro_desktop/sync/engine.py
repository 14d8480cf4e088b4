"""Push -> pull -> cursor: one sync round between the cache and the portal (no Qt).

Push sends the outbox in ``client_seq`` order and settles a row only on the portal's own
result for that mutation (checked by the client against ``domain.wire``): confirmed ones
(``applied``/``duplicate``) leave the outbox; refused ones (``conflict``/``rejected``)
are kept in the ``conflicts`` table for the user and the local row is put back to the
portal's truth. A refusal of the whole request, or an answer from something that is not
the portal (:class:`NotAPortal`), settles nothing: the outbox stays as it was.

Pull applies each ``/changes`` page and its cursor in one transaction, so a crash can
neither skip nor double-apply a page; a page that does not have the portal's shape is
refused before anything is written. A 410 ``resync_required`` restarts the pull from
scratch and sweeps rows the portal no longer has, keeping the outbox.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .cache import (
    TELEMETRY_COLUMNS,
    Cache,
    commands_t,
    company_t,
    conflicts_t,
    iso_now,
    outbox_age_s,
    outbox_t,
    parse_ts,
    product_row,
    products_t,
    store_command_row,
    telemetry_t,
    user_row,
    users_t,
    vehicle_row,
    vehicle_status_t,
    vehicles_t,
)
from .client import NotAPortal, PortalClient, PortalError, PortalUnreachable
from .hooks import crash_point

log = logging.getLogger(__name__)

#: What a backfill asks for: every column the cache stores.
BACKFILL_FIELDS = tuple(TELEMETRY_COLUMNS)
#: What the chart draws (returned to the UI after a backfill).
CHART_FIELDS = ("speed_kmh", "fuel_level_pct", "soc_pct")

PUSH_BATCH = 100
PULL_LIMIT = 500
Progress = Callable[[int, int | None], None]

_VEHICLE_UPDATE_FIELDS = ("name", "license_plate")


@dataclass
class SyncReport:
    """What one :meth:`SyncEngine.sync_once` did; ``offline`` when the portal was unreachable."""

    pushed: int = 0
    pulled: int = 0
    changed_entities: set[str] = field(default_factory=set)
    rejected: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    offline: bool = False
    #: offline because something else answered at the portal's address (NotAPortal)
    not_portal: bool = False
    resynced: bool = False
    error: str | None = None


class SyncEngine:
    """Runs sync rounds; one engine per thread (it owns no connection between calls)."""

    def __init__(self, cache: Cache, client: PortalClient) -> None:
        self.cache = cache
        self.client = client
        self.client_id = cache.client_id()

    # -- public -----------------------------------------------------------------------

    def sync_once(self, progress: Progress | None = None) -> SyncReport:
        """Push the outbox, then pull until ``has_more`` is false.

        Transport trouble, and answers that are not the portal's, are reported as
        ``offline`` (``not_portal`` for the latter; the outbox is untouched); the portal's
        own errors (401 after refresh, 403 ...) propagate as :class:`PortalError`.
        """
        report = SyncReport()
        try:
            self._push(report)
            self._pull(report, progress)
        except PortalUnreachable as exc:
            report.offline = True
            report.not_portal = isinstance(exc, NotAPortal)
            report.error = str(exc)
        return report

    def push(self) -> SyncReport:
        report = SyncReport()
        self._push(report)
        return report

    def pull(self, progress: Progress | None = None) -> SyncReport:
        report = SyncReport()
        self._pull(report, progress)
        return report

    def fetch_telemetry(
        self, vehicle_id: str, since_ts: float, max_points: int | None = None
    ) -> list[dict]:
        """Backfill the cache since ``since_ts``; returns the chartable samples for the UI.

        Uses the columnar series, page by page, straight into the cache (no dict per
        sample on either side); the returned list carries only the chart's fields.
        """
        del max_points  # the cache keeps full resolution; charts downsample on screen
        cursor: str | None = None
        out: list[dict] = []
        while True:
            page = self.client.telemetry_columns(
                vehicle_id, from_ts=since_ts, fields=BACKFILL_FIELDS, cursor=cursor
            )
            ts = page.get("ts") or []
            if ts:
                self.cache.store_telemetry_columns(vehicle_id, page)
                chart = [f for f in CHART_FIELDS if isinstance(page.get(f), list)]
                out.extend({"ts": t, **{f: page[f][i] for f in chart}} for i, t in enumerate(ts))
            cursor = page.get("next_cursor")
            if not cursor:
                return out

    def backfill_telemetry(self, vehicle_id: str, since_ts: float) -> int:
        """Fill the cache's telemetry window from the portal; returns the sample count."""
        return len(self.fetch_telemetry(vehicle_id, since_ts))

    # -- push -------------------------------------------------------------------------

    def _push(self, report: SyncReport) -> None:
        max_batch = PUSH_BATCH
        self.cache.checkpoint_waited()  # periodic accounting of the outbox's waiting time
        self._refresh_vehicles()  # left over from a round that went offline
        while True:
            rows = self._next_batch(max_batch)
            if not rows:
                return
            now = time.monotonic()
            envelope = {
                "client_id": self.client_id,
                "schema_version": self.cache.schema_version,
                "mutations": [_mutation(r, now) for r in rows],
            }
            crash_point("before_push")
            try:
                # Checked by the client: exactly one well-formed result per row, in order.
                results = self.client.push(envelope)["results"]
            except PortalError as exc:
                if len(rows) > 1 and exc.status == 413:
                    max_batch = 1  # the batch is too large for the portal: one at a time
                    continue
                # The portal refused the request as a whole: that is no verdict on any one
                # mutation, so every row stays queued and the error reaches the user.
                raise
            crash_point("after_push_before_ack")
            refresh: set[str] = set()
            with self.cache.write() as conn:
                for i, (row, res) in enumerate(zip(rows, results, strict=True)):
                    self._apply_result(conn, row, res, report, refresh)
                    if i == 0:
                        crash_point("mid_ack")
                if refresh:
                    _remember_refresh(self.cache, conn, refresh)
            self._refresh_vehicles()
            max_batch = PUSH_BATCH

    def _next_batch(self, limit: int) -> list[dict]:
        """Oldest rows first, at most one per entity, so chained base versions stay valid."""
        with self.cache.read() as conn:
            rows = conn.execute(
                sa.select(outbox_t).order_by(outbox_t.c.client_seq).limit(limit * 4)
            ).all()
        batch: list[dict] = []
        seen: set[str | None] = set()
        for r in rows:
            m = dict(r._mapping)
            if m["entity_id"] in seen:
                break
            seen.add(m["entity_id"])
            batch.append(m)
            if len(batch) >= limit:
                break
        return batch

    def _apply_result(
        self,
        conn: sa.Connection,
        row: Mapping[str, Any],
        res: Mapping[str, Any],
        report: SyncReport,
        refresh: set[str],
    ) -> None:
        conn.execute(outbox_t.delete().where(outbox_t.c.mutation_id == row["mutation_id"]))
        outcome = res["result"]  # one of the four outcomes (wire.MutationResult)
        if outcome == "duplicate" and res.get("original_result") in ("conflict", "rejected"):
            # A retry of a mutation the portal refused the first time (the answer was
            # lost): it is still a refusal the user must see.
            outcome = res["original_result"]
        entity = res.get("entity")
        entity_id = row["entity_id"]
        kind = row["type"].split(".", 1)[0]
        verb = row["type"].split(".", 1)[-1]
        if kind in ("vehicle", "command"):
            report.changed_entities.add(kind)
        if outcome in ("applied", "duplicate"):
            report.pushed += 1
            if kind == "command":
                _settle_command(conn, entity_id, entity)
                return
            if kind != "vehicle":
                return
            if verb == "remove" or (isinstance(entity, dict) and entity.get("deleted")):
                _delete_vehicle(conn, entity_id)
            elif isinstance(entity, dict) and entity.get("id"):
                self._store_vehicle(conn, entity)
            else:
                _settle_pending(conn, entity_id)
            return
        record = {
            "mutation_id": row["mutation_id"],
            "type": row["type"],
            "entity_id": entity_id,
            "payload": row["payload"],
            "result": outcome,
            "code": res.get("code"),
            "detail": res.get("detail"),
            "entity": entity if isinstance(entity, dict) else None,
        }
        conn.execute(conflicts_t.insert().values(**record, created_at=time.time(), resolved=False))
        (report.conflicts if outcome == "conflict" else report.rejected).append(record)
        if kind == "command":
            _refuse_command(conn, entity_id, outcome, res)
            return
        if kind != "vehicle":
            return
        other = isinstance(entity, dict) and str(entity.get("id")) != str(entity_id)
        if isinstance(entity, dict) and entity.get("deleted"):
            # Edit of a vehicle someone else removed: the portal's truth is "gone". Later
            # queued edits of it stay queued and come back refused, so none is lost silently.
            _delete_vehicle(conn, entity_id)
        elif isinstance(entity, dict) and entity.get("id") and not (verb == "add" and other):
            # Not the result of our change: later queued edits keep their base and come
            # back as conflicts too, rather than overwriting the portal's version unseen.
            self._store_vehicle(conn, entity, rebase=False)
        elif verb == "add":
            if isinstance(entity, dict) and entity.get("id"):
                # ``vin_exists``: the portal names the vehicle that has this VIN already.
                self._store_vehicle(conn, entity, rebase=False)
            # The vehicle never existed on the portal: drop it and everything queued on it.
            dependants = conn.execute(
                sa.select(outbox_t).where(outbox_t.c.entity_id == entity_id)
            ).all()
            for d in dependants:
                conn.execute(
                    conflicts_t.insert().values(
                        mutation_id=d.mutation_id,
                        type=d.type,
                        entity_id=entity_id,
                        payload=d.payload,
                        result="rejected",
                        code="depends_on_rejected",
                        detail="The vehicle this change refers to was not added.",
                        entity=None,
                        created_at=time.time(),
                        resolved=False,
                    )
                )
            conn.execute(outbox_t.delete().where(outbox_t.c.entity_id == entity_id))
            _delete_vehicle(conn, entity_id)
        else:
            refresh.add(entity_id)

    def _store_vehicle(
        self, conn: sa.Connection, data: Mapping[str, Any], *, rebase: bool = True
    ) -> None:
        """Portal truth for one vehicle, with this client's still-queued edits on top.

        ``rebase``: the data is the result of this client's own mutation, so its queued
        later edits were made on top of it and take its version as their base. Data from
        the change feed never rebases: a queued edit based on an older version must
        reach the portal as a conflict, not silently overwrite someone else's change.
        """
        vid = str(data["id"])
        pending = conn.execute(
            sa.select(outbox_t.c.type, outbox_t.c.payload, outbox_t.c.base_version)
            .where(outbox_t.c.entity_id == vid)
            .order_by(outbox_t.c.client_seq)
        ).all()
        row = vehicle_row(data, _pending_op(p.type for p in pending))
        local = conn.execute(
            sa.select(vehicles_t.c.version).where(vehicles_t.c.id == vid)
        ).scalar_one_or_none()
        if local is not None and local > row["version"]:
            _settle_pending(conn, vid)  # an older copy (a ``duplicate``'s stored entity)
            return
        for p in pending:
            if p.type == "vehicle.update":
                for f in _VEHICLE_UPDATE_FIELDS:
                    if f in p.payload:
                        row[f] = p.payload[f]
        _upsert(conn, vehicles_t, [row], "id")
        if pending and rebase:
            # Queued edits were made on top of this state: rebase them onto its version.
            conn.execute(
                outbox_t.update()
                .where(outbox_t.c.entity_id == vid, outbox_t.c.base_version.is_not(None))
                .values(base_version=row["version"])
            )

    def _refresh_vehicles(self) -> None:
        """Re-read vehicles whose queued change was refused without the portal's copy.

        The ids are remembered in ``sync_state`` in the same transaction as the refusal,
        so going offline before the re-read can't leave the user's refused value in the
        cache for good (the change feed would not mention an unchanged vehicle again).
        """
        for vehicle_id in sorted(_json_set(self.cache.get_state("refresh_vehicles"))):
            try:
                data: dict | None = self.client.vehicle(vehicle_id)
            except PortalError as exc:
                if exc.status != 404:
                    raise
                data = None
            with self.cache.write() as conn:
                if data is None:
                    _delete_vehicle(conn, vehicle_id)
                else:
                    self._store_vehicle(conn, data, rebase=False)
                left = _json_set(self.cache.get_state("refresh_vehicles", conn)) - {vehicle_id}
                self.cache.set_state(
                    "refresh_vehicles", json.dumps(sorted(left)) if left else None, conn
                )

    # -- pull -------------------------------------------------------------------------

    def _pull(self, report: SyncReport, progress: Progress | None) -> None:
        cursor = self.cache.get_state("cursor")
        seen: dict[str, set[str]] | None = None
        if self.cache.get_state("resync_pending") == "1":
            cursor, seen = None, _empty_seen()
        done = 0
        while True:
            try:
                page = self.client.changes(cursor, PULL_LIMIT)
            except PortalError as exc:
                if exc.status == 410 and seen is None:
                    log.warning("portal history changed (%s); full resync", exc.code)
                    self.cache.set_state("resync_pending", "1")
                    cursor, seen, done = None, _empty_seen(), 0
                    report.resynced = True
                    continue
                raise
            changes = page.get("changes") or []
            next_cursor = page.get("next_cursor") or cursor
            has_more = bool(page.get("has_more")) and bool(changes)
            with self.cache.write() as conn:
                touched = self._apply_changes(conn, changes, seen)
                crash_point("mid_pull_before_cursor")
                if seen is not None and not has_more:
                    touched |= _sweep(conn, seen)
                    self.cache.set_state("resync_pending", None, conn)
                self.cache.set_state("cursor", next_cursor, conn)
                self.cache.set_state("last_sync_at", iso_now(), conn)
                self.cache.set_state("portal_url", self.client.base_url, conn)
            report.changed_entities |= touched
            report.pulled += len(changes)
            done += len(changes)
            cursor = next_cursor
            if progress is not None:
                remaining = page.get("remaining")
                if not has_more:
                    total: int | None = done
                elif isinstance(remaining, int) and remaining >= 0:
                    total = done + remaining  # the portal says how many are left
                else:
                    total = None
                progress(done, total)
            if not has_more:
                return

    def _apply_changes(
        self,
        conn: sa.Connection,
        changes: Iterable[Mapping[str, Any]],
        seen: dict[str, set[str]] | None,
    ) -> set[str]:
        """Apply one page, batched per table; within the page the last change of an id wins."""
        latest: dict[tuple[str, str], Mapping[str, Any]] = {}
        for ch in changes:
            latest[(str(ch.get("entity")), str(ch.get("id")))] = ch
        touched: set[str] = set()
        pending_ids = {
            r.entity_id
            for r in conn.execute(sa.select(outbox_t.c.entity_id).distinct())
            if r.entity_id is not None
        }
        upserts: dict[str, list[dict]] = {}
        deletes: dict[str, list[str]] = {}
        for (entity, eid), ch in latest.items():
            op = ch.get("op")
            data = ch.get("data") or {}
            if entity not in _TABLES:
                continue
            touched.add(entity)
            if op == "delete":
                deletes.setdefault(entity, []).append(eid)
                continue
            if seen is not None:
                seen[entity].add(eid)
            if entity == "vehicle":
                if eid in pending_ids:
                    self._store_vehicle(conn, {"id": eid, **data}, rebase=False)
                    continue
                upserts.setdefault(entity, []).append(vehicle_row({"id": eid, **data}))
            elif entity == "vehicle_status":
                upserts.setdefault(entity, []).append(
                    {"vehicle_id": eid, "ts": parse_ts(data.get("ts")), "data": dict(data)}
                )
            elif entity == "user":
                upserts.setdefault(entity, []).append(user_row({"id": eid, **data}))
            elif entity == "product":
                upserts.setdefault(entity, []).append(product_row({"id": eid, **data}))
            elif entity == "command":
                store_command_row(conn, {"id": eid, **data})
            elif entity == "company":
                upserts.setdefault(entity, []).append(
                    {
                        "id": eid,
                        "data": {"id": eid, **data},
                        "version": int(ch.get("version") or data.get("version") or 0),
                    }
                )
        for entity, ids in deletes.items():
            if entity == "vehicle":
                for vid in ids:
                    _delete_vehicle(conn, vid, keep_telemetry=True)
            else:
                table, key = _TABLES[entity]
                conn.execute(table.delete().where(table.c[key].in_(ids)))
        for entity, rows in upserts.items():
            if entity == "command":
                continue
            table, key = _TABLES[entity]
            _upsert(conn, table, rows, key)
        if "vehicle_status" in touched:
            touched.add("vehicle")  # the vehicles pane shows the status summary
        return touched


_TABLES: dict[str, tuple[sa.Table, str]] = {
    "vehicle": (vehicles_t, "id"),
    "vehicle_status": (vehicle_status_t, "vehicle_id"),
    "user": (users_t, "id"),
    "product": (products_t, "id"),
    "company": (company_t, "id"),
    "command": (commands_t, "id"),
}


def _empty_seen() -> dict[str, set[str]]:
    return {entity: set() for entity in _TABLES}


def _sweep(conn: sa.Connection, seen: dict[str, set[str]]) -> set[str]:
    """After a full resync: drop rows the portal no longer has (queued ones stay)."""
    touched: set[str] = set()
    pending = sa.select(outbox_t.c.entity_id).where(outbox_t.c.entity_id.is_not(None))
    for entity, (table, key) in _TABLES.items():
        stmt = table.delete().where(table.c[key].not_in(seen[entity]))
        if entity in ("vehicle", "command"):
            stmt = stmt.where(table.c.id.not_in(pending))
        if conn.execute(stmt).rowcount:
            touched.add(entity)
    return touched


def _mutation(row: Mapping[str, Any], now_mono: float) -> dict[str, Any]:
    m: dict[str, Any] = {
        "mutation_id": row["mutation_id"],
        "client_seq": row["client_seq"],
        "type": row["type"],
        "payload": row["payload"],
        "age_s": round(outbox_age_s(row, now_mono), 3),  # monotonic, never the wall clock
    }
    if row["base_version"] is not None:
        m["base_version"] = row["base_version"]
    return m


def _pending_op(types: Iterable[str]) -> str | None:
    verbs = {t.split(".", 1)[-1] for t in types}
    for verb in ("remove", "add", "update"):
        if verb in verbs:
            return verb
    return None


def _settle_pending(conn: sa.Connection, vehicle_id: str) -> None:
    types = conn.execute(
        sa.select(outbox_t.c.type).where(outbox_t.c.entity_id == vehicle_id)
    ).scalars()
    conn.execute(
        vehicles_t.update()
        .where(vehicles_t.c.id == vehicle_id)
        .values(pending_op=_pending_op(types))
    )


def _json_set(value: str | None) -> set[str]:
    return set(json.loads(value)) if value else set()


def _remember_refresh(cache: Cache, conn: sa.Connection, ids: set[str]) -> None:
    known = _json_set(cache.get_state("refresh_vehicles", conn))
    cache.set_state("refresh_vehicles", json.dumps(sorted(known | ids)), conn)


def _settle_command(conn: sa.Connection, command_id: str, entity: Any) -> None:
    """The portal accepted a ``command.send``: store its command JSON (or just un-pend)."""
    if isinstance(entity, dict) and entity.get("id"):
        store_command_row(conn, entity)
    else:
        conn.execute(
            commands_t.update()
            .where(commands_t.c.id == command_id, commands_t.c.pending.is_(True))
            .values(pending=False, state="queued")
        )


def _refuse_command(
    conn: sa.Connection, command_id: str, outcome: str, res: Mapping[str, Any]
) -> None:
    entity = res.get("entity")
    if isinstance(entity, dict) and entity.get("id") and entity.get("state") != "pending":
        store_command_row(conn, entity)  # e.g. a duplicate command id: the portal's copy
        return
    conn.execute(
        commands_t.update()
        .where(commands_t.c.id == command_id)
        .values(
            pending=False,
            state="rejected",
            reason=res.get("code") or outcome,
            updated_at=iso_now(),
        )
    )


def _delete_vehicle(conn: sa.Connection, vehicle_id: str, keep_telemetry: bool = False) -> None:
    conn.execute(vehicles_t.delete().where(vehicles_t.c.id == vehicle_id))
    conn.execute(vehicle_status_t.delete().where(vehicle_status_t.c.vehicle_id == vehicle_id))
    if not keep_telemetry:
        conn.execute(telemetry_t.delete().where(telemetry_t.c.vehicle_id == vehicle_id))


def _upsert(conn: sa.Connection, table: sa.Table, rows: list[dict], key: str) -> None:
    if not rows:
        return
    stmt = sqlite_insert(table)
    cols = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=cols), rows)
