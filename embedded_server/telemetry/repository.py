"""Queries for telemetry samples (bulk insert with dialect-specific ON CONFLICT)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from embedded_server.models import Vehicle
from embedded_server.models import telemetry_samples as t


def insert_ignore_duplicates(session: Session, rows: list[dict[str, Any]]) -> set[int]:
    """Insert rows, skipping existing (vehicle_id, seq); return the seqs actually inserted."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(t).on_conflict_do_nothing(index_elements=["vehicle_id", "seq"]).returning(t.c.seq)
    # executemany + RETURNING: SQLAlchemy batches this into multi-row INSERTs ("insertmanyvalues")
    return set(session.execute(stmt, rows).scalars()) if rows else set()


def series(
    session: Session,
    vehicle_id: str,
    *,
    fields: Sequence[str],
    start: dt.datetime | None,
    end: dt.datetime | None,
    limit: int,
) -> list[Any]:
    stmt = select(t.c.seq, t.c.ts, *[t.c[f] for f in fields]).where(t.c.vehicle_id == vehicle_id)
    if start is not None:
        stmt = stmt.where(t.c.ts >= start)
    if end is not None:
        stmt = stmt.where(t.c.ts <= end)
    return list(session.execute(stmt.order_by(t.c.ts, t.c.seq).limit(limit)))


def status_unfed(session: Session, *, cutoff: dt.datetime) -> list[tuple[str, str]]:
    """(vehicle_id, company_id) of live vehicles whose newest status is not in the feed
    and whose last feed is older than ``cutoff``."""
    rows = session.execute(
        select(Vehicle.id, Vehicle.company_id).where(
            Vehicle.removed_at.is_(None),
            Vehicle.status_seq.is_not(None),
            or_(Vehicle.status_fed_seq.is_(None), Vehicle.status_seq != Vehicle.status_fed_seq),
            or_(Vehicle.status_fed_at.is_(None), Vehicle.status_fed_at <= cutoff),
        )
    )
    return [(r[0], r[1]) for r in rows]
