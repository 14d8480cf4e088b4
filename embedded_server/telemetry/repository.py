"""Queries for telemetry samples (bulk insert with dialect-specific ON CONFLICT)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from embedded_server.models import Vehicle
from embedded_server.models import telemetry_samples as t
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

_COLUMNS = ("vehicle_id", "seq", "ts", *SAMPLE_FIELDS)


def _insert_sql(dialect: str) -> str:
    ph = "?" if dialect == "sqlite" else "%s"
    return (f"INSERT INTO {t.name} ({', '.join(_COLUMNS)}) VALUES ({', '.join([ph] * len(_COLUMNS))}) "
            "ON CONFLICT (vehicle_id, seq) DO NOTHING")


_INSERT_SQL = {"sqlite": _insert_sql("sqlite"), "postgresql": _insert_sql("postgresql")}


def existing_seqs(session: Session, vehicle_id: str, seqs: list[int]) -> set[int]:
    """Which of ``seqs`` this vehicle already stored: one primary-key range scan when the
    seqs are dense (the usual batch), else an IN list."""
    if not seqs:
        return set()
    lo, hi = min(seqs), max(seqs)
    cond = (t.c.seq.between(lo, hi) if hi - lo < 4 * len(seqs) + 16 else t.c.seq.in_(seqs))
    rows = session.execute(select(t.c.seq).where(t.c.vehicle_id == vehicle_id, cond))
    found = {r[0] for r in rows}
    return found & set(seqs) if found else found


def insert_samples(session: Session, vehicle_id: str, samples: list[dict[str, Any]]) -> None:
    """One driver-level executemany of already-checked samples (``ts`` aware UTC); rows
    whose (vehicle_id, seq) exists are skipped by ON CONFLICT DO NOTHING.

    Rows are tuples in column order, the timestamp converted once here: on SQLite to the
    text form SQLAlchemy's DATETIME stores (so range reads through ``UTCDateTime`` compare
    equal), on PostgreSQL passed as the aware datetime."""
    if not samples:
        return
    conn = session.connection()
    dialect = conn.dialect.name
    fields = tuple(SAMPLE_FIELDS)
    if dialect == "sqlite":
        rows = [(vehicle_id, s["seq"], s["ts"].isoformat(" ", "microseconds")[:26], *[s.get(f) for f in fields])
                for s in samples]
    else:
        rows = [(vehicle_id, s["seq"], s["ts"], *[s.get(f) for f in fields]) for s in samples]
    sql = _INSERT_SQL.get(dialect)
    if sql is None:  # another dialect: the portable (slower) Core path
        conn.execute(t.insert(), [dict(zip(_COLUMNS, r, strict=True)) for r in rows])
        return
    conn.exec_driver_sql(sql, rows)


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
