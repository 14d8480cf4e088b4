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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from mpro_desktop.domain import wire

from . import queued, refusals
from .cache import TELEMETRY_COLUMNS, Cache, iso_now
from .client import NotAPortal, PortalClient, PortalError, PortalUnreachable
from .entities import ENTITIES, Registry, SyncEntity
from .entities.base import FeedContext, PushContext
from .hooks import crash_point
from .queued import Queued, outbox_age_s

log = logging.getLogger(__name__)

#: What a backfill asks for: every column the cache stores.
BACKFILL_FIELDS = tuple(TELEMETRY_COLUMNS)
#: What the chart draws (returned to the UI after a backfill).
CHART_FIELDS = ("speed_kmh", "fuel_level_pct", "soc_pct")

PUSH_BATCH = 100
#: Answers to ``/changes`` that mean "start the pull over" (docs/contracts.md).
RESTART_CODES = frozenset({"resync_required", "invalid_cursor"})
PULL_LIMIT = 500
Progress = Callable[[int, int | None], None]


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

    def __init__(
        self, cache: Cache, client: PortalClient, entities: Sequence[SyncEntity] = ENTITIES
    ) -> None:
        """``entities``: what this engine syncs (the registry; a test may add its own)."""
        self.cache = cache
        self.client = client
        self.client_id = cache.client_id()
        self.registry = Registry(entities)

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
        self._refresh()  # left over from a round that went offline
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
            ctx = PushContext()
            with self.cache.write() as conn:
                for i, (row, res) in enumerate(zip(rows, results, strict=True)):
                    self._apply_result(
                        conn, row, wire.MutationResult.model_validate(res), report, ctx
                    )
                    if i == 0:
                        crash_point("mid_ack")
                for name, ids in ctx.refresh.items():
                    self._remember_refresh(conn, self.registry.by_name[name], ids)
            self._refresh()
            max_batch = PUSH_BATCH

    def _next_batch(self, limit: int) -> list[Queued]:
        """Oldest rows first, at most one per entity, so chained base versions stay valid."""
        with self.cache.read() as conn:
            rows = queued.oldest(conn, limit * 4)
        batch: list[Queued] = []
        seen: set[str | None] = set()
        for row in rows:
            if row.entity_id in seen:
                break
            seen.add(row.entity_id)
            batch.append(row)
            if len(batch) >= limit:
                break
        return batch

    def _apply_result(
        self,
        conn: sa.Connection,
        row: Queued,
        res: wire.MutationResult,
        report: SyncReport,
        ctx: PushContext,
    ) -> None:
        """Settle one outbox row by the portal's result; the row's mutation does the rest."""
        queued.settle(conn, row.mutation_id)
        outcome: str = res.result
        if outcome == "duplicate" and res.original_result in ("conflict", "rejected"):
            # A retry of a mutation the portal refused the first time (the answer was
            # lost): it is still a refusal the user must see.
            outcome = res.original_result
        mutation = self.registry.mutations.get(row.type)
        if mutation is not None:
            report.changed_entities.add(mutation.entity)
        if outcome in ("applied", "duplicate"):
            report.pushed += 1
            if mutation is not None:
                mutation.confirmed(conn, row, res, ctx)
            return
        record = refusals.record(conn, row, outcome, res.code, res.detail, res.entity)
        (report.conflicts if outcome == "conflict" else report.rejected).append(record)
        if mutation is not None:
            mutation.refused(conn, row, res, outcome, ctx)

    def _refresh(self) -> None:
        """Re-read entities whose queued change was refused without the portal's copy.

        The ids are remembered in ``sync_state`` (the entity's ``refresh_key``) in the same
        transaction as the refusal, so going offline before the re-read can't leave the
        user's refused value in the cache for good (the change feed would not mention an
        unchanged entity again).
        """
        for entity, key in self.registry.refreshed:
            for entity_id in sorted(_json_set(self.cache.get_state(key))):
                try:
                    data: Mapping[str, Any] | None = entity.fetch(self.client, entity_id)
                except PortalError as exc:
                    if exc.status != 404:
                        raise
                    data = None
                with self.cache.write() as conn:
                    entity.store_fetched(conn, entity_id, data)
                    left = _json_set(self.cache.get_state(key, conn)) - {entity_id}
                    self.cache.set_state(key, json.dumps(sorted(left)) if left else None, conn)

    def _remember_refresh(self, conn: sa.Connection, entity: SyncEntity, ids: set[str]) -> None:
        key = entity.refresh_key
        if key is None:
            raise ValueError(f"{entity.name} has no refresh_key to re-read refused rows by")
        known = _json_set(self.cache.get_state(key, conn))
        self.cache.set_state(key, json.dumps(sorted(known | ids)), conn)

    # -- pull -------------------------------------------------------------------------

    def _pull(self, report: SyncReport, progress: Progress | None) -> None:
        cursor = self.cache.get_state("cursor")
        seen: dict[str, set[str]] | None = None
        if self.cache.get_state("resync_pending") == "1":
            cursor, seen = None, self._empty_seen()
        from_start = cursor is None  # then the whole feed comes in the client's language
        done = 0
        while True:
            try:
                page = self.client.changes(cursor, PULL_LIMIT)
            except PortalError as exc:
                # Another epoch (410), or a cursor the portal can't read (400, a
                # damaged cache): either way only a pull from the start is right.
                if exc.code in RESTART_CODES and seen is None:
                    log.warning("portal can't continue from our cursor (%s); full resync", exc.code)
                    self.cache.set_state("resync_pending", "1")
                    cursor, seen, done = None, self._empty_seen(), 0
                    report.resynced = True
                    continue
                raise
            changes = page.changes
            next_cursor = page.next_cursor or cursor
            has_more = page.has_more and bool(changes)
            with self.cache.write() as conn:
                touched = self._apply_changes(conn, changes, seen)
                crash_point("mid_pull_before_cursor")
                if seen is not None and not has_more:
                    touched |= self._sweep(conn, seen)
                    self.cache.set_state("resync_pending", None, conn)
                self.cache.set_state("cursor", next_cursor, conn)
                self.cache.set_state("last_sync_at", iso_now(), conn)
                self.cache.set_state("portal_url", self.client.base_url, conn)
            report.changed_entities |= touched
            report.pulled += len(changes)
            done += len(changes)
            cursor = next_cursor
            if progress is not None:
                # ``remaining`` only when the portal said so (an older one may not)
                remaining = page.remaining if "remaining" in page.model_fields_set else None
                if not has_more:
                    total: int | None = done
                elif isinstance(remaining, int) and remaining >= 0:
                    total = done + remaining  # the portal says how many are left
                else:
                    total = None
                progress(done, total)
            if not has_more:
                self._relocalise(report, from_start)
                return

    def _relocalise(self, report: SyncReport, from_start: bool) -> None:
        """Re-read localised entities when the client's language is not the one the cache
        holds them in: the feed repeats an entity only when it changes, so a user who
        switched to Swedish would otherwise keep the English catalogue for good. A pull
        from the start already brought everything in the client's language."""
        language = self.client.language
        if self.cache.get_state("language") == language:
            return
        if from_start:
            self.cache.set_state("language", language)
            return
        fetched = [(e, e.fetch_all(self.client)) for e in self.registry.localised]
        with self.cache.write() as conn:
            for entity, items in fetched:
                entity.store_all(conn, items)
                if items:
                    report.changed_entities.add(entity.name)
            self.cache.set_state("language", language, conn)

    def _apply_changes(
        self,
        conn: sa.Connection,
        changes: Iterable[wire.Change],
        seen: dict[str, set[str]] | None,
    ) -> set[str]:
        """Apply one page, batched per entity; within the page the last change of an id wins.

        All deletes of the page first, then the upserts, each entity in registry order.
        Entities this desktop does not know (a newer portal) are skipped.
        """
        latest: dict[tuple[str, str], wire.Change] = {}
        for ch in changes:
            latest[(ch.entity, ch.id)] = ch
        upserts: dict[str, list[wire.Change]] = {}
        deletes: dict[str, list[str]] = {}
        for (name, eid), ch in latest.items():
            if name not in self.registry.by_name:
                continue
            if ch.op == "delete":
                deletes.setdefault(name, []).append(eid)
                continue
            if seen is not None:
                seen[name].add(eid)
            upserts.setdefault(name, []).append(ch)
        touched = set(upserts) | set(deletes)
        if not touched:
            return touched
        ctx = FeedContext(queued_ids=queued.entity_ids(conn))
        for entity in self.registry.entities:
            if entity.name in deletes:
                entity.apply_deletes(conn, deletes[entity.name])
        for entity in self.registry.entities:
            if entity.name in upserts:
                entity.apply_upserts(conn, upserts[entity.name], ctx)
        for name in list(touched):
            touched |= self.registry.by_name[name].also_changes
        return touched

    def _empty_seen(self) -> dict[str, set[str]]:
        return {entity.name: set() for entity in self.registry.entities}

    def _sweep(self, conn: sa.Connection, seen: dict[str, set[str]]) -> set[str]:
        """After a full resync: drop rows the portal no longer has (queued ones stay)."""
        return {e.name for e in self.registry.entities if e.sweep(conn, seen[e.name])}


def _mutation(row: Queued, now_mono: float) -> dict[str, Any]:
    m: dict[str, Any] = {
        "mutation_id": row.mutation_id,
        "client_seq": row.client_seq,
        "type": row.type,
        "payload": row.payload,
        "age_s": round(outbox_age_s(row, now_mono), 3),  # monotonic, never the wall clock
    }
    if row.base_version is not None:
        m["base_version"] = row.base_version
    return m


def _json_set(value: str | None) -> set[str]:
    return set(json.loads(value)) if value else set()
