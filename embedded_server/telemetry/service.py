"""Telematics ingest (module-token auth, idempotent per (vin, seq)) and series queries."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from embedded_server.accounts.repository import lock_company
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.feed.events import queue_event
from embedded_server.models import Vehicle
from embedded_server.security import token_hash
from embedded_server.telemetry import live
from embedded_server.telemetry import repository as repo
from embedded_server.telemetry.schemas import ColumnBatch, SampleBatch
from embedded_server.validation import ascii_int, to_utc
from embedded_server.vehicles import repository as vehicles_repo
from embedded_server.vehicles.service import get_vehicle, parse_vin
from mpro_desktop.domain.telemetry import (
    SAMPLE_FIELDS,
    STATUS_FEED_INTERVAL_S,
    summary_of,
)

MAX_SERIES_ROWS = 200_000


def _forbidden(detail: str) -> ProblemError:
    return ProblemError(403, "no_active_service", detail)


def ingest(session: Session, *, module_token: str, batch: SampleBatch | ColumnBatch) -> dict[str, int]:
    """Store new samples, refresh the status snapshot, feed SSE and (rarely) the change log."""
    if isinstance(batch, ColumnBatch):
        return _ingest_columns(session, module_token, batch)
    vin, samples = batch.vin, batch.samples
    checked = _checked_vehicle(session, module_token, vin, bool(samples))
    if checked is None:
        return {"accepted": 0, "duplicates": 0}
    vehicle, now, feed_due = checked
    keep = _new_indices(session, vehicle.id, [s["seq"] for s in samples])
    repo.insert_samples(session, vehicle.id, [
        (samples[i]["seq"], samples[i]["ts"], batch.ts_text[i], batch.values[i]) for i in keep])
    fresh = [samples[i] for i in keep]
    accepted = len(fresh)
    _update_status(vehicle, fresh)
    live.on_samples(session, vehicle, [(s["seq"], s["ts"].timestamp(), s) for s in fresh], now)
    _after_insert(session, vehicle, now, feed_due, fresh[-100:])
    return {"accepted": accepted, "duplicates": len(samples) - accepted}


def _ingest_columns(session: Session, module_token: str, batch: ColumnBatch) -> dict[str, int]:
    """The columnar body: same checks and effects as the row form; the insert zips the
    columns (no dict per sample), timestamps come as epoch seconds."""
    seqs, n = batch.seq, len(batch.seq)
    checked = _checked_vehicle(session, module_token, batch.vin, n > 0)
    if checked is None:
        return {"accepted": 0, "duplicates": 0}
    vehicle, now, feed_due = checked
    keep = _new_indices(session, vehicle.id, seqs)
    cols = batch.columns
    if len(keep) == n and keep == list(range(n)):
        k_seq, k_ts, k_cols = seqs, batch.ts, cols
    else:  # duplicates or out-of-order seqs: keep those, in seq order
        k_seq = [seqs[i] for i in keep]
        k_ts = [batch.ts[i] for i in keep]
        k_cols = {f: [c[i] for i in keep] for f, c in cols.items()}
    m = len(k_seq)
    utc, fromts = dt.UTC, dt.datetime.fromtimestamp
    stamps = [fromts(x, utc) for x in k_ts]
    nulls = [None] * m
    repo.insert_columns(session, vehicle.id, k_seq, stamps,
                        [k_cols.get(f, nulls) for f in SAMPLE_FIELDS])
    _update_status_columns(vehicle, k_seq, stamps, k_cols)
    live.on_samples(session, vehicle, _sample_views(k_seq, k_ts, k_cols), now)
    tail = range(max(0, m - 100), m)
    items = list(k_cols.items())
    fresh = [{"seq": k_seq[i], "ts": stamps[i],
              **{f: c[i] for f, c in items if c[i] is not None}} for i in tail]
    _after_insert(session, vehicle, now, feed_due, fresh)
    return {"accepted": m, "duplicates": n - m}


def _sample_views(seqs: list[int], stamps: list[float], cols: dict[str, list[Any]],
                  ) -> list[tuple[int, float, dict[str, Any]]]:
    """``(seq, epoch, fields)`` per sample of a columnar batch (for the alert and trip
    rules, which follow the samples one by one)."""
    present = list(cols.items())
    return [(seqs[i], float(stamps[i]), {f: c[i] for f, c in present if c[i] is not None})
            for i in range(len(seqs))]


def _invalid_module_token() -> ProblemError:
    return ProblemError(401, "invalid_module_token", "Unknown or revoked module token.",
                        headers={"WWW-Authenticate": "Bearer"})


def check_module_token(session: Session, module_token: str) -> tuple[Vehicle, bool, bool]:
    """401 ``invalid_module_token`` unless the token is known and not revoked; else
    ``repo.module_vehicle``'s row (inside the ingest's transaction)."""
    found = repo.module_vehicle(session, token_hash(module_token))
    if found is None or found[1]:
        raise _invalid_module_token()
    return found


def precheck_module_token(engine: Engine, module_token: str) -> None:
    """The same 401 before the body is read: one primary-key read on a plain read-only
    connection (~0.15 ms; an ORM session and the vehicle row cost ~1.3 ms per batch)."""
    if not repo.module_token_live(engine, token_hash(module_token)):
        raise _invalid_module_token()


def _checked_vehicle(session: Session, module_token: str, vin: Any,
                     any_samples: bool) -> tuple[Vehicle, dt.datetime, bool] | None:
    """The module token's vehicle after every ingest check (401/403), locked for this
    ingest, with the time and whether its status feed is due; None for an empty batch."""
    vehicle, _revoked, paid_service = check_module_token(session, module_token)
    vin = parse_vin(vin)
    if vehicle.vin != vin:
        raise ProblemError(403, "vin_mismatch", "This module token belongs to another vehicle.")
    if vehicle.removed_at is not None or not vehicle.module_active or not paid_service:
        raise _forbidden("The vehicle has no active connectivity service; data transfer is stopped.")
    if not any_samples:
        return None
    now = utcnow()
    feed_due = vehicle.status_fed_at is None or (now - vehicle.status_fed_at).total_seconds() >= STATUS_FEED_INTERVAL_S
    if session.get_bind().dialect.name != "sqlite":
        # SQLite: this transaction began with BEGIN IMMEDIATE, the rows read above can't
        # change under us. Elsewhere: company before vehicle, one lock order.
        if feed_due:
            lock_company(session, vehicle.company_id)
        locked = repo.lock_vehicle(session, vehicle.id)
        if locked is None or locked.removed_at is not None or not locked.module_active:
            raise _forbidden("The vehicle has no active connectivity service; data transfer is stopped.")
        vehicle = locked
    return vehicle, now, feed_due


def _after_insert(session: Session, vehicle: Vehicle, now: dt.datetime, feed_due: bool,
                  fresh: list[dict[str, Any]]) -> None:
    """Status into the change feed when due, and one SSE ``telemetry`` event of the newest
    (at most 100) stored samples, always in the row form."""
    if feed_due and fresh and vehicle.status:
        vehicle.status_fed_at = now
        vehicle.status_fed_seq = vehicle.status_seq
        append_change(session, company_id=vehicle.company_id, entity="vehicle_status",
                      entity_id=vehicle.public_id, op="upsert", data=summary_of(vehicle.status),
                      version=0)
    if fresh:
        queue_event(session, vehicle.company_id, "telemetry", {
            "vehicle_id": vehicle.public_id,
            "vin": vehicle.vin,
            # the checked sample dicts as sent; ts is a UTC datetime that the SSE writer
            # serialises with orjson (ISO 8601)
            "samples": fresh,
        })


def _new_indices(session: Session, vehicle_id: str, seqs: list[int]) -> list[int]:
    """Indices of the samples whose (vehicle, seq) is not stored yet, in seq order; within
    one request the first sample of a repeated seq wins. The caller holds the vehicle's
    row lock (or SQLite's write lock), so no other ingest of this vehicle runs between the
    check and the insert."""
    idx = range(len(seqs))
    if len(set(seqs)) != len(seqs):
        first: dict[int, int] = {}
        for i, q in enumerate(seqs):
            first.setdefault(q, i)
        idx = list(first.values())  # type: ignore[assignment]
    existing = repo.existing_seqs(session, vehicle_id, seqs)
    keep = [i for i in idx if seqs[i] not in existing] if existing else list(idx)
    if any(seqs[a] > seqs[b] for a, b in zip(keep, keep[1:], strict=False)):
        keep.sort(key=seqs.__getitem__)
    return keep


def flush_quiet_status(factory: Callable[..., Session], *, now: dt.datetime | None = None) -> int:
    """Trailing flush: feed the last status of vehicles whose newest samples arrived after
    their last feed (they went quiet), still at most once a minute per vehicle."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(seconds=STATUS_FEED_INTERVAL_S)
    with factory(readonly=True) as s:
        pending = repo.status_unfed(s, cutoff=cutoff)
    for key, company_id in pending:
        with factory() as s:
            lock_company(s, company_id)
            vehicle = vehicles_repo.get_by_key(s, key, for_update=True)
            if vehicle is None:
                continue
            s.refresh(vehicle)
            fed_recently = vehicle.status_fed_at is not None and vehicle.status_fed_at > cutoff
            if fed_recently or not vehicle.status or vehicle.status_seq == vehicle.status_fed_seq:
                continue
            vehicle.status_fed_at = now
            vehicle.status_fed_seq = vehicle.status_seq
            append_change(s, company_id=company_id, entity="vehicle_status",
                          entity_id=vehicle.public_id, op="upsert", data=summary_of(vehicle.status),
                          version=0)
            s.commit()
    return len(pending)


def _update_status(vehicle: Vehicle, fresh: list[dict[str, Any]]) -> None:
    """Merge newer samples into the snapshot: each field keeps its latest known value.

    ``fresh`` is in seq order; scanned newest first, stopping once every field has a
    value (usually after the first sample)."""
    last_seq = vehicle.status_seq if vehicle.status_seq is not None else -1
    if not fresh or fresh[-1]["seq"] <= last_seq:
        return
    status = dict(vehicle.status or {})
    newest = fresh[-1]
    for f in SAMPLE_FIELDS:
        v = newest.get(f)
        if v is None:  # not in the newest sample: its latest value in this batch, if any
            v = next((s[f] for s in reversed(fresh) if s["seq"] > last_seq and s.get(f) is not None), None)
        if v is not None:
            status[f] = v
    newest = fresh[-1]
    status["ts"] = newest["ts"].astimezone(dt.UTC).isoformat()
    vehicle.status = status
    vehicle.status_seq = newest["seq"]


def _update_status_columns(vehicle: Vehicle, seqs: list[int], stamps: list[dt.datetime],
                           cols: dict[str, list[Any]]) -> None:
    """``_update_status`` for columns in seq order: each field's newest non-null value
    among the samples newer than the snapshot."""
    last_seq = vehicle.status_seq if vehicle.status_seq is not None else -1
    if not seqs or seqs[-1] <= last_seq:
        return
    lo = len(seqs) - 1
    while lo > 0 and seqs[lo - 1] > last_seq:
        lo -= 1
    status = dict(vehicle.status or {})
    for f in SAMPLE_FIELDS:
        col = cols.get(f)
        if col is None:
            continue
        for i in range(len(seqs) - 1, lo - 1, -1):
            v = col[i]
            if v is not None:
                status[f] = v
                break
    status["ts"] = stamps[-1].astimezone(dt.UTC).isoformat()
    vehicle.status = status
    vehicle.status_seq = seqs[-1]


FORMATS = ("rows", "columns")
_EPOCH_NAIVE = dt.datetime(1970, 1, 1)


def series(
    session: Session,
    *,
    company_id: str,
    vehicle_id: str,
    start: dt.datetime | None,
    end: dt.datetime | None,
    fields: list[str] | None,
    max_points: int | None,
    fmt: str = "rows",
    limit: int | None = None,
    cursor: str | None = None,
) -> dict[str, Any]:
    """History (also of removed vehicles, R18); bucket means when max_points is given.

    ``fmt="rows"``: ``samples`` = one dict per sample (ts ISO 8601). ``fmt="columns"``:
    ``seq``, ``ts`` (epoch seconds) and one array per field, same length. Pages of at most
    ``limit`` samples; ``next_cursor`` resumes after the last one (null at the end).
    Downsampled series are not paged."""
    vehicle = get_vehicle(session, company_id=company_id, vehicle_id=vehicle_id)
    wanted = fields or list(SAMPLE_FIELDS)
    unknown = [f for f in wanted if f not in SAMPLE_FIELDS]
    if unknown:
        raise ProblemError(422, "validation_error", "Unknown fields: " + ", ".join(unknown),
                           fields=["fields"])
    if fmt not in FORMATS:
        raise ProblemError(422, "validation_error", "format must be 'rows' or 'columns'.",
                           fields=["format"])
    sqlite = session.get_bind().dialect.name == "sqlite"
    out: dict[str, Any] = {"vehicle_id": vehicle.public_id, "fields": wanted, "downsampled": False}
    rows: list[Any] | None = None
    next_cursor = None
    raw = False
    if max_points is not None:
        count, buckets = repo.series_extremes(session, vehicle.id, fields=wanted, start=start,
                                              end=end, buckets=max(1, max_points // 2))
        if count > max_points:
            rows = _extremes_rows(buckets, wanted, max_points)
            out["downsampled"] = True
            sqlite = False  # ts are datetimes now
    if rows is None:
        page = MAX_SERIES_ROWS if max_points is not None else min(limit or MAX_SERIES_ROWS,
                                                                   MAX_SERIES_ROWS)
        raw = fmt == "columns" and max_points is None
        rows, more = repo.series(session, vehicle.id, fields=wanted, start=start, end=end,
                                 limit=page, after=_parse_cursor(cursor) if cursor else None,
                                 raw=raw)
        next_cursor = _make_cursor(rows[-1], sqlite) if more and max_points is None else None
    if fmt == "columns":
        cols = list(zip(*rows, strict=True)) if rows else [()] * (len(wanted) + 2)
        out["format"] = "columns"
        out["count"] = len(rows)
        out["seq"] = list(cols[0])
        out["ts"] = _epochs(cols[1], sqlite)
        for i, f in enumerate(wanted):
            col = list(cols[i + 2])
            if raw and sqlite and SAMPLE_FIELDS[f] is bool:  # driver values are 0/1
                col = [None if v is None else bool(v) for v in col]
            out[f] = col
    else:
        keys = ("seq", "ts", *wanted)
        iso = _iso_from_sqlite if sqlite else _iso_from_datetime
        out["samples"] = [dict(zip(keys, (r[0], iso(r[1]), *r[2:]), strict=True)) for r in rows]
    out["next_cursor"] = next_cursor
    return out


def _iso_from_sqlite(text: str) -> str:
    """Stored UTC text -> the same ISO 8601 string ``datetime.isoformat()`` gives."""
    if text.endswith(".000000"):
        text = text[:-7]
    return text[:10] + "T" + text[11:] + "+00:00"


def _iso_from_datetime(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _ts_datetime(value: Any, sqlite: bool) -> dt.datetime:
    if sqlite:
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)  # type: ignore[no-any-return]


def _epochs(values: Sequence[Any], sqlite: bool) -> list[float]:
    if sqlite:
        parse, epoch = dt.datetime.fromisoformat, _EPOCH_NAIVE
        return [(parse(v) - epoch).total_seconds() for v in values]
    return [v.timestamp() for v in values]


def _make_cursor(row: Any, sqlite: bool) -> str:
    ts = _ts_datetime(row[1], sqlite)
    return base64.urlsafe_b64encode(f"{ts.isoformat()}|{row[0]}".encode()).decode().rstrip("=")


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        ts_text, seq_text = text.rsplit("|", 1)
        ts = dt.datetime.fromisoformat(ts_text)
        seq = ascii_int(seq_text)
        if ts.tzinfo is None or seq is None:
            raise ValueError("naive time or not a seq")
        return to_utc(ts), seq
    except (ValueError, UnicodeDecodeError):
        raise ProblemError(422, "validation_error", "Invalid cursor.", fields=["cursor"]) from None


def _extremes_rows(buckets: list[tuple[Any, ...]], fields: list[str],
                   max_points: int) -> list[tuple[Any, ...]]:
    """Min/max-preserving downsampling (the bucket rows of ``repo.series_extremes``):
    each bucket of several samples gives two points, its first time with every field's
    minimum and its last time with every field's maximum, so a peak or a dip of any field
    is never averaged away and the line spans each bucket's range (pyqtgraph's "peak"
    mode, done on the server). At most ``max_points`` points; ``max_points`` 1 keeps
    the newest bucket's maxima."""
    def when(epoch: float) -> dt.datetime:
        return dt.datetime.fromtimestamp(float(epoch), dt.UTC)

    def value(f: str, v: Any) -> Any:
        if v is None:
            return None
        kind = SAMPLE_FIELDS[f]
        return bool(v) if kind is bool else float(v) if kind is float else v

    out: list[tuple[Any, ...]] = []
    for b in buckets:
        n, seq_lo, seq_hi, t_lo, t_hi = b[:5]
        lows = [value(f, b[5 + 2 * i]) for i, f in enumerate(fields)]
        highs = [value(f, b[6 + 2 * i]) for i, f in enumerate(fields)]
        if n > 1 and max_points > 1:
            out.append((seq_lo, when(t_lo), *lows))
        out.append((seq_hi, when(t_hi), *highs))
    return out[-max_points:]
