"""Queries for telemetry samples (bulk insert with dialect-specific ON CONFLICT).

``vehicle_id`` arguments here are the vehicle's portal key (``Vehicle.id``), never an id
from a request (see ``vehicles.repository``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import repeat
from typing import Any

from sqlalchemy import (
    Engine,
    Float,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from embedded_server.db import READONLY_OPTION, utcnow
from embedded_server.models import ModuleToken, Product, Subscription, Vehicle
from embedded_server.models import telemetry_samples as t
from embedded_server.tenancy import of_companies
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

#: ``received_at`` last: the portal's clock when the batch arrived (rFMS receivedDateTime)
COLUMNS = ("vehicle_id", "seq", "ts", *SAMPLE_FIELDS, "received_at")


def _received(dialect: str) -> Any:
    """Now, in the form ``ts`` is stored in on ``dialect`` (see ``insert_samples``)."""
    now = utcnow()
    return now.isoformat(" ", "microseconds")[:26] if dialect == "sqlite" else now


def _insert_sql(dialect: str) -> str:
    ph = "?" if dialect == "sqlite" else "%s"
    return (f"INSERT INTO {t.name} ({', '.join(COLUMNS)}) VALUES ({', '.join([ph] * len(COLUMNS))}) "
            "ON CONFLICT (vehicle_id, seq) DO NOTHING")


_INSERT_SQL = {"sqlite": _insert_sql("sqlite"), "postgresql": _insert_sql("postgresql")}


def _module_vehicle_stmt() -> Any:
    paid = (
        select(Subscription.id)
        .join(Product, Product.id == Subscription.product_id)
        .where(Subscription.vehicle_id == Vehicle.id, Subscription.state == "active",
               Product.free.is_(False))
        .exists()
    )
    return (
        select(Vehicle, ModuleToken.revoked_at.is_not(None), paid)
        .join_from(ModuleToken, Vehicle, Vehicle.id == ModuleToken.vehicle_id)
        .where(ModuleToken.token_hash == bindparam("token_hash"))
    )


# built once: constructing Core/ORM statements costs more than running them here
_MODULE_VEHICLE = _module_vehicle_stmt()
_LOCK_VEHICLE = (
    select(Vehicle).where(Vehicle.id == bindparam("vehicle_id")).with_for_update()
    .execution_options(populate_existing=True)
)
_SEQ_RANGE = select(t.c.seq).where(
    t.c.vehicle_id == bindparam("vehicle_id"), t.c.seq.between(bindparam("lo"), bindparam("hi"))
)


_TOKEN_LIVE = select(ModuleToken.revoked_at.is_(None)).where(
    ModuleToken.token_hash == bindparam("token_hash"))


def module_token_live(engine: Engine, token_hash: str) -> bool:
    """Known and not revoked (``module_vehicle`` answers the same inside a transaction)."""
    with engine.execution_options(**{READONLY_OPTION: True}).connect() as conn:
        return bool(conn.execute(_TOKEN_LIVE, {"token_hash": token_hash}).scalar())


def module_vehicle(session: Session, token_hash: str) -> tuple[Vehicle, bool, bool] | None:
    """One query for the ingest's checks: (vehicle, token revoked?, has an active paid
    service?) of a module token hash, or None for an unknown token."""
    row = session.execute(_MODULE_VEHICLE, {"token_hash": token_hash}).first()
    return None if row is None else (row[0], bool(row[1]), bool(row[2]))


def lock_vehicle(session: Session, vehicle_id: str) -> Vehicle | None:
    """Row-lock the vehicle and reload it (PostgreSQL; SQLite writers are serialised)."""
    return session.scalars(_LOCK_VEHICLE, {"vehicle_id": vehicle_id}).first()


def existing_seqs(session: Session, vehicle_id: str, seqs: list[int]) -> set[int]:
    """Which of ``seqs`` this vehicle already stored: one primary-key range scan when the
    seqs are dense (the usual batch), else an IN list."""
    if not seqs:
        return set()
    lo, hi = min(seqs), max(seqs)
    if hi - lo < 4 * len(seqs) + 16:
        rows = session.execute(_SEQ_RANGE, {"vehicle_id": vehicle_id, "lo": lo, "hi": hi})
    else:
        rows = session.execute(select(t.c.seq).where(t.c.vehicle_id == vehicle_id, t.c.seq.in_(seqs)))
    found = {r[0] for r in rows}
    return found & set(seqs) if found else found


def insert_samples(session: Session, vehicle_id: str,
                   rows: list[tuple[int, dt.datetime, str, tuple[Any, ...]]]) -> None:
    """One driver-level executemany of checked samples given as ``(seq, ts, ts_text,
    values in SAMPLE_FIELDS order)``; rows whose (vehicle_id, seq) exists are skipped by
    ON CONFLICT DO NOTHING. On SQLite ``ts_text`` is stored (the text form SQLAlchemy's
    DATETIME writes, so range reads through ``UTCDateTime`` compare equal); PostgreSQL
    gets the aware datetime."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect.name
    got = _received(dialect)
    if dialect == "sqlite":
        params = [(vehicle_id, seq, text, *vals, got) for seq, _ts, text, vals in rows]
    else:
        params = [(vehicle_id, seq, ts, *vals, got) for seq, ts, _text, vals in rows]
    sql = _INSERT_SQL.get(dialect)
    if sql is None:  # another dialect: the portable (slower) Core path
        conn.execute(t.insert(), [dict(zip(COLUMNS, (vehicle_id, seq, ts, *vals, utcnow()),
                                           strict=True)) for seq, ts, _text, vals in rows])
        return
    conn.exec_driver_sql(sql, params)


def insert_columns(session: Session, vehicle_id: str, seqs: list[int], stamps: list[dt.datetime],
                   columns: list[list[Any]]) -> None:
    """``insert_samples`` for columns: ``seqs``, aware UTC ``stamps`` and one list per
    SAMPLE_FIELDS entry (in that order), zipped straight into the executemany."""
    if not seqs:
        return
    conn = session.connection()
    dialect = conn.dialect.name
    sql = _INSERT_SQL.get(dialect)
    if dialect == "sqlite":  # the same text insert_samples stores
        ts_vals: list[Any] = [d.isoformat(" ", "microseconds")[:26] for d in stamps]
    else:
        ts_vals = stamps
    params = list(zip(repeat(vehicle_id), seqs, ts_vals, *columns, repeat(_received(dialect))))
    if sql is None:  # another dialect: the portable (slower) Core path
        conn.execute(t.insert(), [dict(zip(COLUMNS, (*p[:-1], utcnow()), strict=True))
                                  for p in params])
        return
    conn.exec_driver_sql(sql, params)


def series_query(
    dialect: str,
    vehicle_id: str,
    *,
    fields: Sequence[str],
    start: dt.datetime | None,
    end: dt.datetime | None,
    limit: int,
    after: tuple[dt.datetime, int] | None = None,
) -> Any:
    """The statement :func:`series` runs: a (vehicle_id, ts, seq) index range scan, at
    most ``limit + 1`` rows (the bench EXPLAINs this very statement)."""
    ts_col = t.c.ts
    raw_ts = type_coerce(ts_col, String()) if dialect == "sqlite" else ts_col
    stmt = select(t.c.seq, raw_ts, *[t.c[f] for f in fields]).where(t.c.vehicle_id == vehicle_id)
    if start is not None:
        stmt = stmt.where(ts_col >= start)
    if end is not None:
        stmt = stmt.where(ts_col <= end)
    if after is not None:
        a_ts, a_seq = after
        stmt = stmt.where(or_(ts_col > a_ts, and_(ts_col == a_ts, t.c.seq > a_seq)))
    return stmt.order_by(ts_col, t.c.seq).limit(limit + 1)


def series(
    session: Session,
    vehicle_id: str,
    *,
    fields: Sequence[str],
    start: dt.datetime | None,
    end: dt.datetime | None,
    limit: int,
    after: tuple[dt.datetime, int] | None = None,
    raw: bool = False,
) -> tuple[list[Any], bool]:
    """Rows ``(seq, ts, *fields)`` in (ts, seq) order, after the ``(ts, seq)`` key when
    paging. ``ts`` comes back raw, without a per-row type decorator: on SQLite the stored
    UTC text ``YYYY-MM-DD HH:MM:SS[.ffffff]``, on PostgreSQL an aware datetime."""
    stmt = series_query(session.get_bind().dialect.name, vehicle_id, fields=fields,
                        start=start, end=end, limit=limit, after=after)
    result = session.execute(stmt)
    if raw:  # DBAPI tuples: no Row objects, no result processors (SQLite bools are 0/1)
        rows = result.cursor.fetchall()
        result.close()
    else:
        rows = result.all()
    more = len(rows) > limit
    return (rows[:limit] if more else rows), more


def _epoch(dialect: str) -> Any:
    """``ts`` as epoch seconds in SQL (SQLite stores UTC text)."""
    if dialect == "sqlite":  # whole seconds, plus the ".ffffff" (julianday is ~20 µs off)
        return cast(func.strftime("%s", t.c.ts), Float) + cast(func.substr(t.c.ts, 20), Float)
    return func.extract("epoch", t.c.ts)


def series_extremes(
    session: Session,
    vehicle_id: str,
    *,
    fields: Sequence[str],
    start: dt.datetime | None,
    end: dt.datetime | None,
    buckets: int,
) -> tuple[int, list[tuple[Any, ...]]]:
    """Min/max downsampling in the database, over the whole range (no row limit): the
    range cut into ``buckets`` equal times, each bucket's ``(count, first seq, last seq,
    first ts, last ts)`` in epoch seconds, then per field its minimum and maximum (a
    number's extremes; for a flag or a word, the bucket's "largest" value). Returns
    ``(samples in the range, bucket rows in time order)``."""
    dialect = session.get_bind().dialect.name
    epoch = _epoch(dialect)
    where = [t.c.vehicle_id == vehicle_id]
    if start is not None:
        where.append(t.c.ts >= start)
    if end is not None:
        where.append(t.c.ts <= end)
    count, lo, hi = session.execute(
        select(func.count(), func.min(epoch), func.max(epoch)).where(*where)
    ).one()
    if not count:
        return 0, []
    lo, hi = float(lo), float(hi)
    width = max(hi - lo, 1e-6) / buckets
    offset = (epoch - lo) / width
    index = cast(offset, Integer) if dialect == "sqlite" else func.floor(offset)
    # the newest sample (offset == buckets, or a hair over it: the epoch is computed in
    # the database, SQLite's to the millisecond) belongs to the last bucket, not its own
    bucket = case((offset >= buckets - 1, buckets - 1), else_=index)
    per_field = []
    for f in fields:
        col = t.c[f]
        if SAMPLE_FIELDS[f] is bool:
            col = cast(col, Integer)
        per_field += [func.min(col), func.max(col)]
    stmt = (
        select(func.count(), func.min(t.c.seq), func.max(t.c.seq), func.min(epoch),
               func.max(epoch), *per_field)
        .where(*where)
        .group_by(bucket)
        .order_by(func.min(epoch))  # not the bucket: its binds would differ from GROUP BY's
    )
    return int(count), [tuple(r) for r in session.execute(stmt)]


def status_unfed(session: Session, *, cutoff: dt.datetime) -> list[tuple[str, str]]:
    """(vehicle key, company_id) of live vehicles whose newest status is not in the feed
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


def received_since(session: Session, company_ids: Sequence[str], since: dt.datetime,
                   limit: int) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The newest ``limit`` samples of the companies' vehicles that reached the portal at
    or after ``since`` (the (vehicle_id, received_at) index), as ``(company_id, public
    vehicle id, vin, sample)``; a sample is the dict a live ``telemetry`` event carries
    (``seq``, aware ``ts``, the fields it has)."""
    fields = list(SAMPLE_FIELDS)
    stmt = (
        select(Vehicle.company_id, Vehicle.public_id, Vehicle.vin, t.c.seq, t.c.ts,
               *[t.c[f] for f in fields])
        .join(Vehicle, Vehicle.id == t.c.vehicle_id)
        .where(of_companies(Vehicle, company_ids), t.c.received_at >= since)
        .order_by(t.c.received_at.desc(), t.c.seq.desc())
        .limit(limit)
    )
    out = []
    for row in session.execute(stmt):
        sample: dict[str, Any] = {"seq": row[3], "ts": row[4]}
        sample.update((f, v) for f, v in zip(fields, row[5:], strict=True) if v is not None)
        out.append((row[0], row[1], row[2], sample))
    return out
