"""Initial and incremental sync through the real Cache / SyncEngine / PortalClient
against the real portal subprocess."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.common import (
    Portal,
    Result,
    fill_cache,
    portal_insert_sql,
    portal_sample_row,
    prepare_portal,
    sample_stream,
)

WEEK_S = 7 * 24 * 3600.0


def _engine(cache_file: Path, portal: Portal, email: str) -> Any:
    from mpro_desktop.sync.cache import Cache
    from mpro_desktop.sync.client import PortalClient
    from mpro_desktop.sync.engine import SyncEngine

    tokens = portal.login(email)
    client = PortalClient(portal.url, access_token=tokens["access_token"],
                          refresh_token=tokens["refresh_token"], timeout=300)
    return SyncEngine(Cache(cache_file), client)


def _fill_portal_telemetry(db_url: str, vehicles: list[tuple[str, str]], per_vehicle: int) -> None:
    """Setup only: history rows straight into the portal's telemetry table."""
    con = sqlite3.connect(db_url[len("sqlite:///"):])
    sql = portal_insert_sql("sqlite")
    t0 = time.time() - per_vehicle - 600
    for i, (vid, _vin) in enumerate(vehicles):
        con.executemany(sql, [portal_sample_row(vid, s, "sqlite")
                              for s in sample_stream(per_vehicle, start_epoch=t0, electric=i % 3 == 0)])
        con.commit()
    con.close()


def _raw_copy(src: Path, dst: Path, vehicles_per_txn: int = 500) -> float:
    """Baseline: the same rows (read back from the synced cache) executemany'd into a fresh
    cache made by the same migrations, same pragmas, commit per page / per vehicle."""
    from mpro_desktop.sync.cache import Cache

    Cache(dst).close()
    s = sqlite3.connect(src)
    vcols = [r[1] for r in s.execute("PRAGMA table_info(vehicles)")]
    vrows = s.execute(f"SELECT {', '.join(vcols)} FROM vehicles").fetchall()
    tcols = [r[1] for r in s.execute("PRAGMA table_info(telemetry)")]
    per_vehicle = {}
    for (vid,) in s.execute("SELECT DISTINCT vehicle_id FROM telemetry"):
        per_vehicle[vid] = s.execute(f"SELECT {', '.join(tcols)} FROM telemetry WHERE vehicle_id = ?",
                                     (vid,)).fetchall()
    s.close()
    d = sqlite3.connect(dst, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        d.execute(f"PRAGMA {pragma}")
    vsql = f"INSERT INTO vehicles ({', '.join(vcols)}) VALUES ({', '.join('?' * len(vcols))})"
    tsql = f"INSERT INTO telemetry ({', '.join(tcols)}) VALUES ({', '.join('?' * len(tcols))})"
    t0 = time.perf_counter()
    for i in range(0, len(vrows), vehicles_per_txn):
        d.execute("BEGIN IMMEDIATE")
        d.executemany(vsql, vrows[i:i + vehicles_per_txn])
        d.execute("COMMIT")
    for rows in per_vehicle.values():
        d.execute("BEGIN IMMEDIATE")
        d.executemany(tsql, rows)
        d.execute("COMMIT")
    wall = time.perf_counter() - t0
    d.close()
    return wall


def run_initial(quick: bool) -> list[Result]:
    n_veh, tel_veh, per_veh = (1_000, 10, 2_000) if quick else (10_000, 100, 10_000)
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'portal.sqlite3'}"
        t_setup = time.perf_counter()
        fx = prepare_portal(db_url, n_veh, tokens=False)
        _fill_portal_telemetry(db_url, [(fx["keys"][vid], vin) for vid, vin in fx["vehicles"][:tel_veh]],
                               per_veh)
        setup_s = time.perf_counter() - t_setup
        cache_file = Path(tmp) / "cache.sqlite3"
        with Portal(db_url) as portal:
            engine = _engine(cache_file, portal, fx["email"])
            since = time.time() - WEEK_S
            t0 = time.perf_counter()
            report = engine.sync_once()
            t_changes = time.perf_counter() - t0
            samples = 0
            for vid, _vin in fx["vehicles"][:tel_veh]:
                samples += engine.backfill_telemetry(vid, since)
            wall = time.perf_counter() - t0
            engine.client.close()
            engine.cache.close()
        if report.offline or samples != tel_veh * per_veh:
            raise RuntimeError(f"sync incomplete: {report}, {samples} samples")
        n_rows = n_veh + samples
        base_wall = _raw_copy(cache_file, Path(tmp) / "raw.sqlite3")
    measured, baseline = n_rows / wall, n_rows / base_wall
    ratio = measured / baseline
    return [Result("initial sync", measured, "rows/s", baseline, "≥ 0.5 × baseline", ratio,
                   ratio >= 0.5,
                   f"{n_veh:,} vehicles via /changes ({t_changes:.1f} s) + {samples:,} samples via "
                   f"/telemetry for {tel_veh} vans, total {wall:.1f} s (setup {setup_s:.0f} s untimed); "
                   "baseline: sqlite3 executemany of the same rows into a fresh cache")]


def run_incremental(quick: bool) -> list[Result]:
    small, big, rounds = (100, 10_000, 5) if quick else (100, 100_000, 20)
    medians: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-incr-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'portal.sqlite3'}"
        fx = prepare_portal(db_url, 10, tokens=False)
        with Portal(db_url) as portal:
            token = portal.login(fx["email"])["access_token"]
            admin = httpx.Client(base_url=portal.url, timeout=30,
                                 headers={"Authorization": f"Bearer {token}"})
            vid = fx["vehicles"][0][0]
            for n in (small, big):
                cache_file = Path(tmp) / f"cache-{n}.sqlite3"
                fill_cache(cache_file, n - 10)  # + the portal's 10 = n vehicle rows
                engine = _engine(cache_file, portal, fx["email"])
                engine.sync_once()
                times = []
                for k in range(rounds + 1):
                    admin.patch(f"/api/v1/vehicles/{vid}", json={"name": f"Renamed {n} {k}"}).raise_for_status()
                    t0 = time.perf_counter()
                    rep = engine.sync_once()
                    dt_ = time.perf_counter() - t0
                    if rep.pulled < 1:
                        raise RuntimeError("the change was not pulled")
                    if k:  # the first round warms up
                        times.append(dt_)
                medians[n] = statistics.median(times)
                engine.client.close()
                engine.cache.close()
            admin.close()
    ratio = medians[big] / medians[small]
    return [Result("incremental sync", medians[big] * 1000, "ms", medians[small] * 1000, "ratio ≤ 1.5",
                   ratio, ratio <= 1.5,
                   f"median SyncEngine.sync_once() pulling one vehicle change, {big:,} vs {small} "
                   f"vehicle rows in the cache, {rounds} rounds")]
