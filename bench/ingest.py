"""Telemetry ingest: real HTTP clients posting batches to the real portal subprocess,
against raw executemany of the same rows into the same schema (one commit per batch)."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.common import (
    Portal,
    Result,
    pg_available,
    pg_dsn,
    pg_schema_create,
    pg_schema_drop,
    pg_url_for_schema,
    portal_insert_sql,
    portal_sample_row,
    prepare_portal,
    sample_stream,
)
from embedded_server.simulator.uploader import columns_body

CLIENTS = 4


def _sizes(quick: bool) -> tuple[int, int, int]:
    """(vehicles, samples per vehicle, batch size)."""
    return (4, 2_000, 500) if quick else (20, 10_000, 500)


def _batches(n_veh: int, per_veh: int, batch: int) -> list[list[dict[str, Any]]]:
    t0 = time.time() - per_veh - 3600
    return [[s for s in sample_stream(per_veh, start_epoch=t0 + v, electric=v % 3 == 0)]
             for v in range(n_veh)]


def _post_all(url: str, modules: dict[str, str], streams: dict[str, list[dict[str, Any]]],
              batch: int) -> tuple[float, int]:
    """Post every VIN's samples in batches from CLIENTS threads; one request per VIN in flight.

    Bodies are what the simulator's uploader sends: each sample buffered as JSON bytes
    (``Entry``), a batch turned into the columnar body by ``uploader.columns_body``; built
    before the clock starts, as the row bodies were."""
    bodies = {}
    for vin, ss in streams.items():
        entries = [(s["seq"], orjson.dumps(s)) for s in ss]  # as the simulator's _tick buffers them
        bodies[vin] = [columns_body(vin, entries[i:i + batch]) for i in range(0, len(entries), batch)]
    vins = list(bodies)
    accepted = [0]
    lock = threading.Lock()
    errors: list[str] = []

    def client(my_vins: list[str]) -> None:
        with httpx.Client(base_url=url, timeout=60) as c:
            n = 0
            # interleave this client's VINs, batch by batch
            for k in range(max(len(bodies[v]) for v in my_vins)):
                for vin in my_vins:
                    if k < len(bodies[vin]):
                        r = c.post("/api/v1/telematics/samples", content=bodies[vin][k],
                                   headers={"Authorization": f"Bearer {modules[vin]}",
                                            "Content-Type": "application/json"})
                        if r.status_code != 200:
                            errors.append(f"{r.status_code} {r.text[:200]}")
                            return
                        n += r.json()["accepted"]
            with lock:
                accepted[0] += n

    groups = [vins[i::CLIENTS] for i in range(CLIENTS)]
    threads = [threading.Thread(target=client, args=(g,)) for g in groups if g]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise RuntimeError("ingest failed: " + errors[0])
    return wall, accepted[0]


def _warm_up(url: str, modules: dict[str, str]) -> None:
    """One tiny request per VIN (module-token lookup, connection, imports) before timing."""
    with httpx.Client(base_url=url, timeout=60) as c:
        for vin, token in modules.items():
            s = sample_stream(1, start_epoch=time.time() - 10, seq0=10**9)
            r = c.post("/api/v1/telematics/samples", json={"vin": vin, "samples": s},
                       headers={"Authorization": f"Bearer {token}"})
            r.raise_for_status()


def _measure_portal(db_url: str, n_veh: int, per_veh: int, batch: int) -> float:
    fx = prepare_portal(db_url, n_veh, tokens=True)
    modules = fx["modules"]
    data = _batches(n_veh, per_veh, batch)
    streams = {vin: data[i] for i, vin in enumerate(modules)}
    with Portal(db_url) as portal:
        _warm_up(portal.url, modules)
        wall, accepted = _post_all(portal.url, modules, streams, batch)
    total = n_veh * per_veh
    if accepted != total:
        raise RuntimeError(f"portal accepted {accepted} of {total} samples")
    return total / wall


def _rows(fx: dict[str, Any], data: list[list[dict[str, Any]]], dialect: str) -> list[list[tuple[Any, ...]]]:
    return [[portal_sample_row(fx["keys"][vid], s, dialect) for s in data[i]]
            for i, (vid, _vin) in enumerate(fx["vehicles"])]


def _measure_sqlite_raw(db_url: str, n_veh: int, per_veh: int, batch: int) -> float:
    import sqlite3

    fx = prepare_portal(db_url, n_veh, tokens=False)
    rows = _rows(fx, _batches(n_veh, per_veh, batch), "sqlite")
    con = sqlite3.connect(db_url[len("sqlite:///"):], isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
        con.execute(f"PRAGMA {pragma}")
    sql = portal_insert_sql("sqlite") + " ON CONFLICT (vehicle_id, seq) DO NOTHING"
    t0 = time.perf_counter()
    for k in range(0, per_veh, batch):
        for vrows in rows:
            con.execute("BEGIN IMMEDIATE")
            con.executemany(sql, vrows[k:k + batch])
            con.execute("COMMIT")
    wall = time.perf_counter() - t0
    con.close()
    return n_veh * per_veh / wall


def _measure_pg_raw(schema: str, n_veh: int, per_veh: int, batch: int) -> float:
    import psycopg

    fx = prepare_portal(pg_url_for_schema(schema), n_veh, tokens=False)
    rows = _rows(fx, _batches(n_veh, per_veh, batch), "postgresql")
    sql = portal_insert_sql("postgresql") + " ON CONFLICT (vehicle_id, seq) DO NOTHING"
    with psycopg.connect(pg_dsn(schema)) as conn:
        t0 = time.perf_counter()
        for k in range(0, per_veh, batch):
            for vrows in rows:
                with conn.cursor() as cur:
                    cur.executemany(sql, vrows[k:k + batch])
                conn.commit()
        wall = time.perf_counter() - t0
    return n_veh * per_veh / wall


def _result(figure: str, measured: float, baseline: float, notes: str) -> Result:
    ratio = measured / baseline
    return Result(figure, measured, "samples/s", baseline, "≥ 0.5 × baseline", ratio, ratio >= 0.5,
                  notes)


def run_sqlite(quick: bool) -> list[Result]:
    n_veh, per_veh, batch = _sizes(quick)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        measured = _measure_portal(f"sqlite:///{Path(tmp) / 'portal.sqlite3'}", n_veh, per_veh, batch)
        baseline = _measure_sqlite_raw(f"sqlite:///{Path(tmp) / 'raw.sqlite3'}", n_veh, per_veh, batch)
    return [_result("telemetry ingest (SQLite)", measured, baseline,
                    f"{n_veh} vans × {per_veh:,} samples, batches of {batch}, {CLIENTS} httpx client "
                    "threads → uvicorn portal, columnar bodies as the simulator sends them; baseline: sqlite3 executemany, one commit per batch")]


def run_pg(quick: bool) -> list[Result]:
    if not pg_available():
        return [Result("ingest on PostgreSQL", None, "samples/s", target="≥ 0.5 × baseline",
                       notes="skipped: PostgreSQL not reachable (set MPRO_BENCH_PG_URL)")]
    n_veh, per_veh, batch = _sizes(quick)
    s1, s2 = pg_schema_create(), pg_schema_create()
    try:
        measured = _measure_portal(pg_url_for_schema(s1), n_veh, per_veh, batch)
        baseline = _measure_pg_raw(s2, n_veh, per_veh, batch)
    finally:
        pg_schema_drop(s1)
        pg_schema_drop(s2)
    return [_result("ingest on PostgreSQL", measured, baseline,
                    "same load, portal on local PostgreSQL; baseline: psycopg executemany "
                    "(pipelined) per batch + commit")]
