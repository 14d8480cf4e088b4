"""What a sync entity is to the engine: the contract each entity module fills in.

The engine knows no entity by name. For the change feed it hands each entity the
page's changes of that entity (typed :class:`wire.Change`); for a push it hands the
:class:`Mutation` that queued a row the portal's result for it (typed
:class:`wire.MutationResult`). Everything an entity does to the cache happens in its own
module, inside the transaction the engine (or ``outbox.submit``) opened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import sqlalchemy as sa

from mpro_desktop.domain import wire

from .. import queued
from ..client import PortalClient
from ..queued import Queued
from ..schema import upsert


@dataclass
class FeedContext:
    """What one ``/changes`` page's application may need to know."""

    #: entity ids with a mutation still queued (their local row carries it on top)
    queued_ids: set[str]


@dataclass
class PushContext:
    """What applying one batch of mutation results may ask of the round."""

    #: entity name -> ids whose portal copy must be re-read (refused without a copy)
    refresh: dict[str, set[str]] = field(default_factory=dict)

    def refresh_later(self, entity: str, entity_id: str) -> None:
        self.refresh.setdefault(entity, set()).add(entity_id)


@dataclass(frozen=True)
class Staged:
    """A local change written to the cache, and the mutation to queue with it."""

    entity_id: str
    payload: dict[str, Any]
    base_version: int | None = None


@dataclass(frozen=True)
class Retry:
    """ "Keep mine": queue ``mutation`` again with these ``values`` (``outbox.submit``)."""

    mutation: Mutation
    entity_id: str
    values: dict[str, Any]


class Mutation:
    """One mutation type an entity queues (``vehicle.add``, ``command.send``, ...)."""

    type: ClassVar[str]
    #: the name of the entity it changes (``SyncEntity.name``)
    entity: ClassVar[str]

    def stage(self, conn: sa.Connection, *args: Any, **values: Any) -> Staged | None:
        """Check the user's values, write the optimistic local row; None: nothing to do.

        Raises before anything is written when the domain refuses the values (the
        caller's transaction is rolled back on any exception).
        """
        raise NotImplementedError(self.type)

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        """``applied`` or ``duplicate`` of an applied one: settle the local row."""

    def refused(
        self,
        conn: sa.Connection,
        queued_row: Queued,
        result: wire.MutationResult,
        outcome: str,
        ctx: PushContext,
    ) -> None:
        """``conflict`` or ``rejected`` (already recorded): back to the portal's truth."""

    def restore_local(self, conn: sa.Connection, payload: Mapping[str, Any]) -> None:
        """Rebuild the optimistic row a rescued queued mutation shows (cache recovery)."""

    def compared_fields(self, conflict: Mapping[str, Any]) -> list[str]:
        """The fields a refused mutation is shown by, mine against theirs."""
        return []

    def retry(self, conflict: Mapping[str, Any]) -> Retry | None:
        """How to queue the user's change again on the portal's version, if it can be."""
        return None


class SyncEntity:
    """One entity of the change feed with its table in the cache.

    The defaults fit an entity stored whole: one row per id, replaced by each upsert,
    deleted by a delete. Override what differs.
    """

    #: the change feed's entity name; also what ``SyncReport.changed_entities`` names
    name: ClassVar[str]
    table: ClassVar[sa.Table]
    key: ClassVar[str] = "id"
    #: the shape of its ``data`` on the wire (``wire.ENTITY_DATA``)
    data_model: ClassVar[type[wire.WireModel]]
    #: other entities whose views show this one (reported as changed with it)
    also_changes: ClassVar[frozenset[str]] = frozenset()
    #: mutation types this entity queues
    mutations: ClassVar[tuple[Mutation, ...]] = ()
    #: ``sync_state`` key of ids to re-read from the portal (see :meth:`fetch`), or None
    refresh_key: ClassVar[str | None] = None
    #: a resync sweep spares rows with a mutation still queued
    sweep_spares_queued: ClassVar[bool] = False
    #: its texts come in the client's language: re-read whole (:meth:`fetch_all`) when
    #: the language changes, since the feed repeats an entity only when it changes
    localised: ClassVar[bool] = False

    def row(self, change: wire.Change) -> dict:
        """The change's data as this entity's cache row."""
        raise NotImplementedError(self.name)

    def apply_upserts(
        self, conn: sa.Connection, changes: Sequence[wire.Change], ctx: FeedContext
    ) -> None:
        """Store the latest upsert of each id of one page."""
        upsert(conn, self.table, [self.row(ch) for ch in changes], self.key)

    def apply_deletes(self, conn: sa.Connection, ids: Sequence[str]) -> None:
        conn.execute(self.table.delete().where(self.table.c[self.key].in_(ids)))

    def sweep(self, conn: sa.Connection, seen: set[str]) -> bool:
        """After a full resync, drop rows the portal no longer has; True if any went."""
        column = self.table.c[self.key]
        stmt = self.table.delete().where(column.not_in(seen))
        if self.sweep_spares_queued:
            stmt = stmt.where(column.not_in(queued.entity_ids_select()))
        return bool(conn.execute(stmt).rowcount)

    def fetch(self, client: PortalClient, entity_id: str) -> Mapping[str, Any]:
        """The portal's copy of one entity (``PortalError`` 404 when it is gone)."""
        raise NotImplementedError(self.name)

    def fetch_all(self, client: PortalClient) -> list[Mapping[str, Any]]:
        """Every entity of this kind as the portal has it now (``localised`` ones)."""
        raise NotImplementedError(self.name)

    def store_all(self, conn: sa.Connection, items: Sequence[Mapping[str, Any]]) -> None:
        """Store what :meth:`fetch_all` returned over the cached rows."""
        raise NotImplementedError(self.name)

    def store_fetched(
        self, conn: sa.Connection, entity_id: str, data: Mapping[str, Any] | None
    ) -> None:
        """Apply a re-read copy (None: the portal no longer has it)."""
        raise NotImplementedError(self.name)


class Registry:
    """The entities one engine syncs, looked up by feed name and by mutation type."""

    def __init__(self, entities: Sequence[SyncEntity]) -> None:
        self.entities: tuple[SyncEntity, ...] = tuple(entities)
        self.by_name: dict[str, SyncEntity] = {e.name: e for e in self.entities}
        self.mutations: dict[str, Mutation] = {
            m.type: m for e in self.entities for m in e.mutations
        }
        if len(self.by_name) != len(self.entities):
            raise ValueError("two sync entities share a name")
        if len(self.mutations) != sum(len(e.mutations) for e in self.entities):
            raise ValueError("two mutations share a type")
        #: entities re-read whole when the client's language changes
        self.localised: tuple[SyncEntity, ...] = tuple(e for e in self.entities if e.localised)
        #: entities whose refused rows may have to be re-read, with their ``refresh_key``
        self.refreshed: tuple[tuple[SyncEntity, str], ...] = tuple(
            (e, e.refresh_key) for e in self.entities if e.refresh_key is not None
        )
