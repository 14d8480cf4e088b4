"""Queued mutations: every statement against the ``outbox`` table.

Rows are appended in the same transaction as the optimistic local change
(``mpro_desktop.sync.outbox``), read in ``client_seq`` order by the engine and settled
by the portal's own result for them. Waiting time (``age_s``) is measured on the
monotonic clock, never the wall clock (see :class:`mpro_desktop.sync.cache.Cache`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .schema import outbox_t, sync_state_t


@dataclass(frozen=True, slots=True)
class Queued:
    """One outbox row, as the engine and the entity modules see it."""

    client_seq: int
    mutation_id: str
    type: str
    entity_id: str | None
    payload: dict[str, Any]
    base_version: int | None
    created_at: float | None = None
    waited_s: float | None = None
    mono_mark: float | None = None

    @classmethod
    def of(cls, row: Any) -> Queued:
        return cls(**row._mapping)


def outbox_age_s(row: Mapping[str, Any] | Queued, now_mono: float | None = None) -> float:
    """How long an outbox row has waited, on the monotonic clock (``age_s``).

    ``waited_s`` is the time accounted up to ``mono_mark`` (a ``time.monotonic()``
    reading of this boot, see :meth:`Cache.checkpoint_waited`); the rest is measured
    live. The wall clock is never used, so a wrong or changed system time can't make a
    command look fresher or older than it is.
    """
    if isinstance(row, Queued):
        waited_s, mark = row.waited_s, row.mono_mark
    else:
        waited_s, mark = row.get("waited_s"), row.get("mono_mark")
    now_mono = time.monotonic() if now_mono is None else now_mono
    waited = float(waited_s or 0.0)
    if mark is not None and now_mono >= float(mark):
        waited += now_mono - float(mark)
    return max(0.0, waited)


def append(
    conn: sa.Connection,
    mtype: str,
    entity_id: str,
    payload: Mapping[str, Any],
    base_version: int | None = None,
) -> str:
    """Append one mutation inside the caller's transaction; returns its mutation id.

    ``client_seq`` comes from a persistent counter (``sync_state.last_client_seq``), not
    from the table's rowid: the outbox empties after every sync and a reused, lower
    sequence number would be refused by the portal as ``out_of_order``.
    """
    return append_many(conn, mtype, [(entity_id, payload, base_version)])[0]


def append_many(
    conn: sa.Connection,
    mtype: str,
    items: Sequence[tuple[str, Mapping[str, Any], int | None]],
) -> list[str]:
    """:func:`append` for many ``(entity_id, payload, base_version)`` of one type, in
    this order, with consecutive ``client_seq`` (one statement for all: a bulk import of
    10,000 vehicles)."""
    if not items:
        return []
    last = conn.execute(
        sa.select(sync_state_t.c.value).where(sync_state_t.c.key == "last_client_seq")
    ).scalar_one_or_none()
    top = conn.execute(sa.select(sa.func.max(outbox_t.c.client_seq))).scalar_one_or_none()
    first = max(int(last or 0), int(top or 0)) + 1
    final = str(first + len(items) - 1)
    stmt = sqlite_insert(sync_state_t).values(key="last_client_seq", value=final)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": final}))
    now, mono = time.time(), time.monotonic()  # created_at: display only (age_s: monotonic)
    rows = [
        {
            "client_seq": first + i,
            "mutation_id": str(uuid.uuid4()),
            "type": mtype,
            "entity_id": entity_id,
            "payload": dict(payload),
            "base_version": base_version,
            "created_at": now,
            "waited_s": 0.0,
            "mono_mark": mono,
        }
        for i, (entity_id, payload, base_version) in enumerate(items)
    ]
    conn.execute(outbox_t.insert(), rows)
    return [r["mutation_id"] for r in rows]


def oldest(conn: sa.Connection, limit: int) -> list[Queued]:
    """Up to ``limit`` rows in ``client_seq`` order."""
    rows = conn.execute(sa.select(outbox_t).order_by(outbox_t.c.client_seq).limit(limit))
    return [Queued.of(r) for r in rows]


def all_rows(conn: sa.Connection) -> list[dict]:
    """Every queued row as a dict, in ``client_seq`` order (for display)."""
    rows = conn.execute(sa.select(outbox_t).order_by(outbox_t.c.client_seq))
    return [dict(r._mapping) for r in rows]


def count(conn: sa.Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(outbox_t)).scalar_one())


def of_entity(conn: sa.Connection, entity_id: str) -> list[Queued]:
    """The rows queued on one entity, oldest first."""
    rows = conn.execute(
        sa.select(outbox_t).where(outbox_t.c.entity_id == entity_id).order_by(outbox_t.c.client_seq)
    )
    return [Queued.of(r) for r in rows]


def entity_ids(conn: sa.Connection) -> set[str]:
    """Every entity id with at least one queued mutation."""
    rows = conn.execute(sa.select(outbox_t.c.entity_id).distinct())
    return {r.entity_id for r in rows if r.entity_id is not None}


def entity_ids_select() -> sa.Select:
    """:func:`entity_ids` as a subquery, for statements that must spare queued rows."""
    return sa.select(outbox_t.c.entity_id).where(outbox_t.c.entity_id.is_not(None))


def settle(conn: sa.Connection, mutation_id: str) -> None:
    """The portal gave its result for this mutation: it leaves the outbox."""
    conn.execute(outbox_t.delete().where(outbox_t.c.mutation_id == mutation_id))


def drop_entity(conn: sa.Connection, entity_id: str) -> list[Queued]:
    """Remove (and return) everything still queued on one entity."""
    dropped = of_entity(conn, entity_id)
    conn.execute(outbox_t.delete().where(outbox_t.c.entity_id == entity_id))
    return dropped


def rebase(conn: sa.Connection, entity_id: str, version: int) -> None:
    """Queued edits of this entity were made on top of ``version``: base them on it."""
    conn.execute(
        outbox_t.update()
        .where(outbox_t.c.entity_id == entity_id, outbox_t.c.base_version.is_not(None))
        .values(base_version=version)
    )


def credit_waiting(conn: sa.Connection, now_mono: float, *, same_boot: bool) -> None:
    """Start a waiting-time session at ``now_mono`` (the cache was just opened).

    On the same boot the time since each row's mark is credited (monotonic readings of
    one boot are comparable across processes); otherwise it cannot be accounted.
    """
    if same_boot:
        conn.execute(
            outbox_t.update()
            .where(outbox_t.c.mono_mark.is_not(None), outbox_t.c.mono_mark <= now_mono)
            .values(waited_s=outbox_t.c.waited_s + (now_mono - outbox_t.c.mono_mark))
        )
    conn.execute(outbox_t.update().values(mono_mark=now_mono))


def checkpoint_waited(conn: sa.Connection, now_mono: float) -> None:
    """Fold the monotonic time since ``mono_mark`` into each row's ``waited_s``."""
    conn.execute(
        outbox_t.update()
        .where(outbox_t.c.mono_mark.is_not(None), outbox_t.c.mono_mark <= now_mono)
        .values(
            waited_s=outbox_t.c.waited_s + (now_mono - outbox_t.c.mono_mark), mono_mark=now_mono
        )
    )
