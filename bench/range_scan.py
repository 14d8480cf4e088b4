"""Telemetry history at scale on PostgreSQL (issue 13): a year of samples bulk-loaded into
the portal's own ``telemetry_samples`` (the schema its Alembic migrations create, indexes
and all), then the portal's own history reads timed: one-day and one-hour (vehicle, time)
range scans and the downsampled history chart query.

The rows are generated inside PostgreSQL (``INSERT … SELECT … FROM generate_series``, one
statement and commit per van and chunk): 100M rows never cross the wire or Python. Every
column the ingest writes is filled (``telemetry.repository.COLUMNS``, ``received_at``
included); a van carries the fields of its fuel type only, as the ingest stores them.
``python -m bench --only range_scan --rows 100000000`` runs the issue's size; the default
sizes keep ``--quick`` (200k rows) and the full run (10M rows) short. The schema is dropped
afterwards (100M rows take ≈ 40 GB with their indexes).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.common import (
    RECEIVED_DELAY_S,
    Result,
    pg_available,
    pg_dsn,
    pg_schema_create,
    pg_schema_drop,
    pg_url_for_schema,
    prepare_portal,
)

YEAR_S = 365 * 24 * 3600
DAY_S, HOUR_S, WEEK_S = 24 * 3600, 3600, 7 * 24 * 3600
#: rows per load round (one INSERT … SELECT per van, one transaction)
CHUNK = 1_000_000
#: table sizes at which a big load stops to time the reads too
CHECKPOINTS = (10_000_000, 30_000_000)
#: the history chart asks for at most this many points (``max_points``)
CHART_POINTS = 500
#: targets: the desktop's backfill pages and chart reads stay interactive at a year
TARGET_HOUR_MS, TARGET_DAY_MS, TARGET_WEEK_MS = 100.0, 500.0, 2_000.0

#: per-field value expressions of ``g`` (the sample number, bigint) and ``x`` (the same as
#: float8: no numeric arithmetic); a van's other fuel type's
#: fields stay NULL, as the ingest stores them
_FIELD_SQL: dict[str, str] = {
    "lat": "59.33 + 0.05 * sin(x / 300)",
    "lon": "18.06 + 0.05 * cos(x / 300)",
    "speed_kmh": "greatest(0, 50 + 40 * sin(x / 60))",
    "odometer_km": "12000 + x / 5",
    "fuel_level_pct": "CASE WHEN %(electric)s THEN NULL ELSE 100 - (g %% 5000) / 52.6::float8 END",
    "soc_pct": "CASE WHEN %(electric)s THEN 100 - (g %% 5000) / 52.6::float8 END",
    "range_km": "400 - (g %% 5000) / 13.3::float8",
    "tyre_fl_kpa": "450 + (g %% 7)",
    "tyre_fr_kpa": "451 + (g %% 5)",
    "tyre_rl_kpa": "449 + (g %% 3)",
    "tyre_rr_kpa": "452 - (g %% 4)",
    "doors_open": "g %% 97 < 2",
    "windows_open": "g %% 89 = 0",
    "locked": "g %% 10 = 0",
    "hood_open": "false",
    "gear": "CASE WHEN g %% 10 = 0 THEN 'P' ELSE 'D' END",
    "plug_state": "CASE WHEN %(electric)s THEN "
                  "CASE WHEN g %% 50 < 5 THEN 'connected' ELSE 'disconnected' END END",
    "ignition": "g %% 10 <> 0",
    "outside_temp_c": "10 + 10 * sin(x / 5000)",
    "cabin_temp_c": "20 + sin(x / 100)",
    "door_driver_open": "g %% 97 = 0",
    "door_passenger_open": "false",
    "door_sliding_open": "g %% 97 = 1",
    "door_rear_open": "false",
    "window_driver": "CASE WHEN g %% 89 = 0 THEN 'partly_open' ELSE 'closed' END",
    "window_passenger": "'closed'",
}


def _sizes(quick: bool, rows: int | None) -> tuple[int, int, int]:
    """(vans, samples per van, timed queries per figure)."""
    total = rows or (200_000 if quick else 10_000_000)
    vans = 10 if total < 10_000_000 else 100
    return vans, max(1, total // vans), 10 if quick else 40


def insert_sql() -> str:
    """The generator statement: every column of the ingest's insert, from ``g``."""
    from embedded_server.telemetry.repository import COLUMNS

    exprs = []
    for col in COLUMNS:
        if col == "vehicle_id":
            exprs.append("%(vehicle_id)s")
        elif col == "seq":
            exprs.append("g")
        elif col == "ts":
            exprs.append("%(t0)s + x * %(step)s * interval '1 second'")
        elif col == "received_at":
            exprs.append(f"%(t0)s + (x * %(step)s + {RECEIVED_DELAY_S}) * interval '1 second'")
        else:
            exprs.append(_FIELD_SQL[col])  # KeyError: a new sample field needs a generator
    return (f"INSERT INTO telemetry_samples ({', '.join(COLUMNS)}) SELECT {', '.join(exprs)} "
            "FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g, "
            "LATERAL (SELECT g::float8 AS x) AS f")


def bulk_load(schema: str, vans: list[tuple[str, bool]], per_van: int, t0: dt.datetime,
              step: float, checkpoints: tuple[int, ...] = (),
              at_checkpoint: Callable[[int, float], None] | None = None) -> float:
    """Fill ``per_van`` samples ``step`` seconds apart from ``t0`` for each ``(vehicle key,
    electric)``; returns the wall time of the load (checkpoints not counted).

    Time-major, as a fleet's history grows: each round appends the next stretch of every
    van's samples (:data:`CHUNK` rows in all, one transaction). Once the table holds a
    ``checkpoints`` size, ``at_checkpoint(rows, seconds of history loaded)`` runs (after
    an ANALYZE), so one 100M load also gives the figures at 10M and 30M. Progress goes to
    stderr (100M rows take a while)."""
    import psycopg

    sql = insert_sql()
    total, done = len(vans) * per_van, 0
    per_round = max(1, CHUNK // len(vans))
    due = sorted(c for c in checkpoints if c < total)
    loading = 0.0
    # named with this process's id: a long load can be told apart (and cancelled) in
    # pg_stat_activity without touching anyone else's session
    with psycopg.connect(pg_dsn(schema), application_name=f"mpro-bench-loader-{os.getpid()}") as conn:
        conn.execute("SET synchronous_commit = off")  # the loader's own session only
        conn.commit()
        for lo in range(0, per_van, per_round):
            started = time.perf_counter()
            hi = min(per_van, lo + per_round) - 1
            for key, electric in vans:
                conn.execute(sql, {"vehicle_id": key, "t0": t0, "step": float(step), "lo": lo,
                                   "hi": hi, "electric": electric})
            conn.commit()
            done = (hi + 1) * len(vans)
            if due and done >= due[0] or done == total:
                conn.execute("ANALYZE telemetry_samples")
                conn.commit()
            loading += time.perf_counter() - started
            if total >= 5_000_000:
                print(f"[bench] range_scan: {done:,} of {total:,} rows in {loading:.0f} s "
                      f"({done / loading:,.0f} rows/s)", file=sys.stderr, flush=True)
            if due and done >= due[0]:
                due.pop(0)
                if at_checkpoint is not None:
                    at_checkpoint(done, (hi + 1) * step)
    return loading


def _layout(schema: str) -> tuple[list[str], int, bool]:
    """The table's indexes (as the migrations made them), its total size in bytes, and
    whether it is partitioned."""
    import psycopg

    with psycopg.connect(pg_dsn(schema)) as conn:
        indexes = [r[0] for r in conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = "
            "'telemetry_samples' ORDER BY indexname", (schema,))]
        size = conn.execute("SELECT pg_total_relation_size('telemetry_samples')").fetchone()[0]
        kind = conn.execute("SELECT relkind FROM pg_class WHERE oid = 'telemetry_samples'::regclass"
                            ).fetchone()[0]
    return indexes, int(size), kind == "p"


def _explain(engine: Any, vehicle_key: str, start: dt.datetime, end: dt.datetime) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the statement ``telemetry.repository.series`` runs."""
    from embedded_server.telemetry.repository import series_query
    from embedded_server.telemetry.service import MAX_SERIES_ROWS
    from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

    stmt = series_query("postgresql", vehicle_key, fields=list(SAMPLE_FIELDS), start=start,
                        end=end, limit=MAX_SERIES_ROWS)
    compiled = stmt.compile(engine)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + str(compiled),
                                    compiled.params).all()
    return [r[0] for r in rows]


def _timed(factory: Any, company_id: str, picks: list[tuple[str, dt.datetime]], span_s: float,
           max_points: int | None) -> tuple[list[float], list[int]]:
    """Milliseconds per ``telemetry.service.series`` call (the portal's history read, all
    fields, columnar as the desktop asks) and the rows each returned."""
    from embedded_server.telemetry.service import series

    times, counts = [], []
    for public_id, start in picks:
        t = time.perf_counter()
        with factory(readonly=True) as session:
            out = series(session, company_id=company_id, vehicle_id=public_id, start=start,
                         end=start + dt.timedelta(seconds=span_s), fields=None,
                         max_points=max_points, fmt="columns")
        times.append((time.perf_counter() - t) * 1000)
        counts.append(out["count"])
    return times, counts


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _measure(engine: Any, factory: Any, fx: dict[str, Any], vans: list[tuple[str, bool]],
             t0: dt.datetime, history_s: float, rows: int, n_queries: int) -> list[Result]:
    """The three timed reads (and the one-day EXPLAIN) on the table as it is now: ``rows``
    samples covering ``history_s`` from ``t0``."""
    rng = random.Random(13)
    usable = max(0.0, history_s - WEEK_S)

    def picks() -> list[tuple[str, dt.datetime]]:
        return [(rng.choice(fx["vehicles"])[0], t0 + dt.timedelta(seconds=rng.uniform(0, usable)))
                for _ in range(n_queries)]

    mid = t0 + dt.timedelta(seconds=usable / 2)
    plan = _explain(engine, vans[0][0], mid, mid + dt.timedelta(days=1))
    _timed(factory, fx["company_id"], picks()[:3], DAY_S, None)  # warm-up (plans, imports)
    day, day_n = _timed(factory, fx["company_id"], picks(), DAY_S, None)
    hour, hour_n = _timed(factory, fx["company_id"], picks(), HOUR_S, None)
    week, week_n = _timed(factory, fx["company_id"], picks(), WEEK_S, CHART_POINTS)
    # an (Bitmap) Index Scan on the (vehicle_id, ts, seq) index, and no full scan anywhere
    index_scan = (any("Index Scan" in ln and "ix_telemetry_vehicle_ts_seq" in ln for ln in plan)
                  and not any("Seq Scan" in ln for ln in plan))
    plan_top = " / ".join(ln.strip() for ln in plan if "Scan" in ln or "Execution Time" in ln)
    one, five, _ = os.getloadavg()
    out = []
    for label, times, counts, target in (
        ("1 day", day, day_n, TARGET_DAY_MS),
        ("1 hour", hour, hour_n, TARGET_HOUR_MS),
        (f"1 week → {CHART_POINTS} points", week, week_n, TARGET_WEEK_MS),
    ):
        p50, p95 = _p(times, 50), _p(times, 95)
        notes = (f"p50 {p50:.1f} ms; {len(times)} random (van, start) picks, "
                 f"{statistics.median(counts):,.0f} rows per answer (median); "
                 "telemetry.service.series (all fields, columns), own session each; load "
                 f"average {one:.1f} (5 min {five:.1f})")
        if label == "1 day":
            notes += f"; EXPLAIN ANALYZE: {plan_top}"
        out.append(Result(f"history read {label} p95 at {rows:,} rows", p95, "ms",
                          target=f"≤ {target:.0f} ms, index scan",
                          met=p95 <= target and index_scan, notes=notes,
                          extra={"p50_ms": p50, "plan": plan}))
    return out


def run(quick: bool, rows: int | None = None) -> list[Result]:
    if not pg_available():
        return [Result("telemetry range scan", None, "ms",
                       notes="skipped: PostgreSQL not reachable (set MPRO_BENCH_PG_URL)")]
    from embedded_server.config import Settings
    from embedded_server.db import make_engine, make_sessionmaker

    n_vans, per_van, n_queries = _sizes(quick, rows)
    step = YEAR_S / per_van
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    t0 = now - dt.timedelta(seconds=YEAR_S)
    schema = pg_schema_create()
    reads: list[Result] = []
    try:
        url = pg_url_for_schema(schema)
        fx = prepare_portal(url, n_vans, tokens=False)  # the portal's migrations + vans
        vans = [(fx["keys"][pid], i % 3 == 0) for i, (pid, _vin) in enumerate(fx["vehicles"])]
        engine = make_engine(Settings(database_url=url).database_url)
        factory = make_sessionmaker(engine)

        def checkpoint(n: int, history_s: float) -> None:
            got = _measure(engine, factory, fx, vans, t0, history_s, n, n_queries)
            reads.extend(got)
            size = _layout(schema)[1]
            for r in got:  # on the way: a long run that is stopped still leaves these
                print(f"[bench] range_scan: {r.figure}: {r.measured:.1f} ms "
                      f"(table {size / 2**30:.1f} GiB); {r.notes}", file=sys.stderr, flush=True)

        load_s = bulk_load(schema, vans, per_van, t0, step, CHECKPOINTS, checkpoint)
        indexes, size, partitioned = _layout(schema)
        reads.extend(_measure(engine, factory, fx, vans, t0, YEAR_S, n_vans * per_van, n_queries))
        engine.dispose()
    finally:
        pg_schema_drop(schema)
    total = n_vans * per_van
    layout = (f"{total:,} rows = {n_vans} vans × {per_van:,} samples {step:.1f} s apart over a "
              f"year, in the portal's migrated telemetry_samples "
              f"({'partitioned' if partitioned else 'one table'}; indexes: "
              + "; ".join(i.split(" USING ")[-1] for i in indexes)
              + f"; {size / 2**30:.1f} GiB with indexes)")
    load = Result(f"telemetry bulk load ({total:,} rows)", total / load_s, "rows/s",
                  notes=f"{load_s:.0f} s; INSERT … SELECT generate_series inside PostgreSQL, "
                        f"time-major rounds of {CHUNK:,} rows (one transaction each), every "
                        f"column the ingest writes. {layout}")
    return [load, *reads]
