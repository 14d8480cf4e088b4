"""Scale-out on PostgreSQL (issue 13): telemetry ingest through ``mpro-server --workers 2``
against one worker, and SSE fan-out latency with many stream clients across the workers
(the event crosses processes through PostgreSQL LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import threading
import time
from typing import Any

import httpx
import orjson

from bench.common import (
    Portal,
    Result,
    pg_available,
    pg_schema_create,
    pg_schema_drop,
    pg_url_for_schema,
    prepare_portal,
    sample_stream,
)
from bench.ingest import _post_all, _warm_up

#: the issue's target for 2 workers over 1, "on a machine with the cores for it"
TARGET_RATIO = 1.7
CORES_FOR_IT = 4
#: ingests before the timed ones (first requests on each worker: imports, pools, plans)
WARM_UP = 3


def _skipped() -> list[Result]:
    return [
        Result(
            "scale-out on PostgreSQL",
            None,
            "",
            notes="skipped: PostgreSQL not reachable (set MPRO_BENCH_PG_URL)",
        )
    ]


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores at the start"


def _ingest_rate(portal: Portal, fx: dict[str, Any], per_veh: int, batch: int, seq0: int) -> float:
    """Samples/s of the ingest load (new seqs each run: none is a duplicate)."""
    n_veh = len(fx["modules"])
    t0 = time.time() - per_veh - 3600
    streams = {
        vin: sample_stream(per_veh, start_epoch=t0 + i, seq0=seq0, electric=i % 3 == 0)
        for i, vin in enumerate(fx["modules"])
    }
    _warm_up(portal.url, fx["modules"])
    wall, accepted = _post_all(portal.url, fx["modules"], streams, batch)
    if accepted != n_veh * per_veh:
        raise RuntimeError(f"portal accepted {accepted} of {n_veh * per_veh} samples")
    return n_veh * per_veh / wall


async def _streams(
    url: str,
    token: str,
    n: int,
    sent: dict[int, float],
    got: list[list[float]],
    opened: threading.Event,
    done: threading.Event,
    expected: int,
) -> None:
    """``n`` SSE clients; each records, per telemetry event, receive time − send time."""
    connected = [0]
    limits = httpx.Limits(max_connections=n + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(
        base_url=url, limits=limits, timeout=httpx.Timeout(30.0, read=None)
    ) as client:

        async def one(i: int) -> None:
            headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
            async with client.stream("GET", "/api/v1/stream", headers=headers) as resp:
                name = ""
                async for line in resp.aiter_lines():
                    now = time.perf_counter()
                    if line == ": connected":
                        connected[0] += 1
                        if connected[0] == n:
                            opened.set()
                    elif line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: ") and name == "telemetry":
                        seq = orjson.loads(line[6:])["samples"][-1]["seq"]
                        if seq in sent:
                            got[i].append(now - sent[seq])
                            if len(got[i]) >= expected:
                                return

        tasks = [asyncio.ensure_future(one(i)) for i in range(n)]
        while not done.is_set() and not all(t.done() for t in tasks):
            await asyncio.sleep(0.05)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _fanout_latency(
    portal: Portal, fx: dict[str, Any], n_clients: int, n_events: int, seq0: int
) -> tuple[list[float], int]:
    """Seconds from an ingest's POST to each client reading its event; and how many of the
    clients × events never arrived."""
    vin, module = next(iter(fx["modules"].items()))
    sent: dict[int, float] = {}
    got: list[list[float]] = [[] for _ in range(n_clients)]
    opened, done = threading.Event(), threading.Event()
    token = portal.login(fx["email"])["access_token"]
    t = threading.Thread(
        target=asyncio.run,
        args=(_streams(portal.url, token, n_clients, sent, got, opened, done, n_events),),
        daemon=True,
    )
    t.start()
    if not opened.wait(120):
        done.set()
        raise RuntimeError(f"{n_clients} streams did not open")
    headers = {"Authorization": f"Bearer {module}", "Content-Type": "application/json"}
    with httpx.Client(base_url=portal.url, timeout=30) as c:
        for k in range(-WARM_UP, n_events):  # the first ones warm the workers up, untimed
            seq = seq0 + WARM_UP + k
            raw = orjson.dumps(
                {"vin": vin, "samples": [{"seq": seq, "ts": _iso_now(), "speed_kmh": 50.0}]}
            )
            started = time.perf_counter()
            if k >= 0:
                sent[seq] = started
            c.post("/api/v1/telematics/samples", content=raw, headers=headers).raise_for_status()
            time.sleep(0.1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and sum(map(len, got)) < n_clients * n_events:
        time.sleep(0.1)
    done.set()
    t.join(30)
    latencies = [x for per in got for x in per]
    return latencies, n_clients * n_events - len(latencies)


def _iso_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run(quick: bool) -> list[Result]:
    """One fixture; a 1-worker then a 2-worker portal on it, each measuring the ingest rate
    and the fan-out latency (each portal started once: the quick run stays short)."""
    if not pg_available():
        return _skipped()
    n_veh, per_veh, batch = (4, 500, 250) if quick else (20, 5_000, 500)
    n_clients, n_events = (20, 5) if quick else (200, 30)
    load = _load()
    rate: dict[int, float] = {}
    fanout: dict[int, tuple[list[float], int]] = {}
    schema = pg_schema_create()
    try:
        url = pg_url_for_schema(schema)
        fx = prepare_portal(url, n_veh, tokens=True)
        for n, workers in enumerate((1, 2)):
            with Portal(url, ("--workers", str(workers))) as portal:
                rate[workers] = _ingest_rate(portal, fx, per_veh, batch, seq0=n * per_veh)
                fanout[workers] = _fanout_latency(
                    portal, fx, n_clients, n_events, seq0=10**6 * (n + 1)
                )
    finally:
        pg_schema_drop(schema)
    cores = os.cpu_count() or 1
    ratio = rate[2] / rate[1]
    rows = [
        Result(
            "ingest on PostgreSQL, 2 workers vs 1",
            rate[2],
            "samples/s",
            rate[1],
            f"≥ {TARGET_RATIO}× baseline (≥ {CORES_FOR_IT} cores)",
            ratio,
            ratio >= TARGET_RATIO if cores >= CORES_FOR_IT else None,
            f"{n_veh} vans × {per_veh:,} samples, batches of {batch}, 4 httpx client "
            "threads → `mpro-server --workers 2` on local PostgreSQL; baseline: "
            f"`--workers 1`, same load. {cores} cores here, shared by the workers, "
            f"PostgreSQL and the load generator; {load}",
        )
    ]
    (two, lost2), (one, lost1) = fanout[2], fanout[1]
    notes = (
        f"{n_clients} SSE clients (one asyncio httpx process) on `mpro-server --workers 2`, "
        f"{n_events} one-sample ingests 100 ms apart after {WARM_UP} untimed; latency = "
        "ingest POST sent → telemetry event read by a client (ingest, commit, NOTIFY, every "
        "worker's broker, SSE write); baseline: `--workers 1`, same clients. Not delivered: "
        f"{lost2} (2 workers), {lost1} (1 worker) of {n_clients * n_events}"
    )
    for q in (50, 95):
        m, b = _pct(two, q) * 1000, _pct(one, q) * 1000
        rows.append(
            Result(
                f"SSE fan-out latency p{q} ({n_clients} clients, 2 workers)",
                m,
                "ms",
                b,
                "report",
                m / b if b else None,
                None,
                notes if q == 50 else "",
            )
        )
    return rows
