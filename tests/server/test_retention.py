"""The retention job (issue 13): telemetry older than the retention period goes, in batches
of a few samples, newer samples stay; no period: nothing goes; a big history goes in many
short transactions while the van keeps ingesting. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from embedded_server.jobs.retention import apply_retention
from embedded_server.models import Vehicle, telemetry_samples
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS
from tests.server.conftest import VIN1, VIN2


def _post(client, vin: str, token: str, ages_days: list[float], first_seq: int = 0) -> None:
    now = dt.datetime.now(dt.UTC)
    samples = [{"seq": first_seq + i, "ts": (now - dt.timedelta(days=d)).isoformat(),
                "speed_kmh": float(i)} for i, d in enumerate(ages_days)]
    r = client.post("/api/v1/telematics/samples", json={"vin": vin, "samples": samples},
                    headers={"Authorization": f"Bearer {token}"})
    assert r.json() == {"accepted": len(samples), "duplicates": 0}, r.text


def _stored(factory) -> list[tuple[str, int]]:
    t = telemetry_samples.c
    with factory(readonly=True) as s:
        return [(v, q) for v, q in s.execute(select(t.vehicle_id, t.seq).order_by(t.vehicle_id, t.seq))]


def test_old_samples_go_in_batches_new_ones_stay(portal_client, portal_app, account, activate) -> None:
    h = account()["headers"]
    tokens = {}
    for vin in (VIN1, VIN2):
        vid = portal_client.post("/api/v1/vehicles", json={"vin": vin}, headers=h).json()["id"]
        tokens[vin] = activate(vid)
    _post(portal_client, VIN1, tokens[VIN1], [100, 95, 90, 80, 70, 40, 31, 29, 1, 0.01])
    _post(portal_client, VIN2, tokens[VIN2], [45, 2])
    factory = portal_app.state.session_factory
    assert apply_retention(factory, None) == 0 and apply_retention(factory, 0) == 0
    assert len(_stored(factory)) == 12
    assert apply_retention(factory, 30, batch=3) == 7 + 1
    left = _stored(factory)
    t = telemetry_samples.c
    with factory(readonly=True) as s:
        oldest = s.scalar(select(func.min(t.ts)))
    assert len(left) == 4
    assert oldest > dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    assert apply_retention(factory, 30, batch=3) == 0, "nothing left to delete"


def test_a_big_history_goes_in_short_transactions_while_the_van_keeps_ingesting(
        portal_client, portal_app, account, activate) -> None:
    """20,000 samples past the period go 500 at a time: many short write transactions
    (each timed from BEGIN to COMMIT), and an ingest-shaped writer of the same van (its row
    lock, an insert, a commit) keeps going meanwhile, never waiting long (the figures are
    printed; the bounds are loose for a busy CI box, far below a one-transaction delete)."""
    from embedded_server.telemetry import repository as repo

    h = account()["headers"]
    public_id = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()["id"]
    activate(public_id)
    factory = portal_app.state.session_factory
    with factory(readonly=True) as s:
        vid = s.scalar(select(Vehicle.id).where(Vehicle.public_id == public_id))
    old, n = dt.datetime.now(dt.UTC) - dt.timedelta(days=60), 20_000
    with factory() as s:
        repo.insert_columns(s, vid, list(range(n)), [old + dt.timedelta(seconds=k) for k in range(n)],
                            [[float(k % 90) for k in range(n)] if f == "speed_kmh" else [None] * n
                             for f in SAMPLE_FIELDS])
        s.commit()

    spans: list[float] = []

    def timed(readonly: bool = False) -> Session:
        session = factory(readonly=readonly)
        if not readonly:
            began: list[float] = []
            event.listen(session, "after_begin", lambda *_: began.append(time.perf_counter()))
            event.listen(session, "after_commit",
                         lambda _s: spans.append(time.perf_counter() - began.pop()) if began else None)
        return session

    waits: list[float] = []
    stop = threading.Event()

    def ingest_meanwhile() -> None:
        seq = 10_000_000
        while not stop.is_set():
            t = time.perf_counter()
            with factory() as s:
                repo.lock_vehicle(s, vid)
                repo.insert_columns(s, vid, [seq], [dt.datetime.now(dt.UTC)],
                                    [[50.0] if f == "speed_kmh" else [None] for f in SAMPLE_FIELDS])
                s.commit()
            waits.append(time.perf_counter() - t)
            seq += 1
            time.sleep(0.005)

    writer = threading.Thread(target=ingest_meanwhile, daemon=True)
    writer.start()
    try:
        t0 = time.perf_counter()
        deleted = apply_retention(timed, 30, batch=500)
        wall = time.perf_counter() - t0
    finally:
        stop.set()
        writer.join(30)
    dialect = portal_app.state.engine.dialect.name
    print(f"\n[{dialect}] retention: {deleted} samples in {len(spans)} transactions, {wall:.2f} s; "
          f"longest transaction {max(spans) * 1000:.1f} ms (median "
          f"{statistics.median(spans) * 1000:.1f} ms); concurrent ingest: {len(waits)} commits, "
          f"longest {max(waits) * 1000:.1f} ms")
    assert deleted == n
    assert len(spans) >= n // 500, "one short transaction per batch"
    assert max(spans) < 2.0 and max(waits) < 3.0
    assert len(waits) >= 3, "the van's ingest went on during the purge"
    with factory(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(telemetry_samples)) == len(waits)
