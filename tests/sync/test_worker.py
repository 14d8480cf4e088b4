"""SyncWorker in pytest-qt against the real (demo-seeded) portal."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from mpro_desktop.sync.cache import Cache  # noqa: E402
from mpro_desktop.sync.outbox import add_vehicle  # noqa: E402
from mpro_desktop.sync.worker import SyncWorker  # noqa: E402

VIN = "WDB9066331S000777"


@pytest.fixture
def worker_factory(qtbot, tmp_path: Path):
    workers: list[SyncWorker] = []

    def make(portal, token: str, refresh: str | None) -> SyncWorker:
        w = SyncWorker(tmp_path / "cache.sqlite", portal.url, token, refresh, heartbeat_s=1.0)
        workers.append(w)
        return w

    yield make
    for w in workers:
        w.stop()


def _post_samples(portal, vin: str, token: str, n: int = 3) -> None:
    base = int(time.time() * 1000)  # fresh seqs, above anything a simulator sent
    samples = [
        {
            "seq": base + i,
            "ts": datetime.fromtimestamp(time.time() - (n - i), UTC).isoformat(),
            "speed_kmh": 40.0 + i,
            "lat": 59.33,
            "lon": 18.06,
        }
        for i in range(n)
    ]
    r = httpx.post(
        f"{portal.url}/api/v1/telematics/samples",
        json={"vin": vin, "samples": samples},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert r.status_code == 200, r.text


def test_worker_syncs_streams_telemetry_and_stops_cleanly(
    qtbot, seeded_portal, worker_factory, tmp_path: Path
) -> None:
    seed = seeded_portal.seed
    tokens = seeded_portal.login(seed["admin_email"], seed["admin_password"])
    worker = worker_factory(seeded_portal, tokens["access_token"], tokens["refresh_token"])
    states: list[tuple[str, int]] = []
    worker.sig_state_changed.connect(lambda s, n: states.append((s, n)))

    with qtbot.waitSignal(worker.sig_synced, timeout=15_000) as synced:
        worker.start()
    assert "vehicle" in synced.args[0]
    assert ("online", 0) in states

    cache = Cache(tmp_path / "cache.sqlite")
    by_vin = {v["vin"]: v for v in cache.vehicles()}
    vin, module_token = next(iter(seed["modules"].items()))
    vehicle_id = by_vin[vin]["id"]

    # Live telemetry: posted by the "vehicle", pushed over SSE, stored and emitted.
    def has_vehicle(batch: dict) -> bool:
        return vehicle_id in batch

    with qtbot.waitSignal(worker.sig_telemetry, timeout=15_000, check_params_cb=has_vehicle) as t:
        _post_samples(seeded_portal, vin, module_token)
    assert {"ts", "speed_kmh"} <= set(t.args[0][vehicle_id][-1])
    qtbot.waitUntil(
        lambda: len(cache.telemetry(vehicle_id, 0, ["speed_kmh"])["ts"]) >= 3, timeout=5000
    )

    # A local change requested by the UI is pushed and confirmed.
    add_vehicle(cache, vin=VIN, name="From the UI")
    with qtbot.waitSignal(worker.sig_synced, timeout=15_000):
        worker.request_sync()
    qtbot.waitUntil(lambda: cache.pending_count() == 0, timeout=5000)
    assert (
        cache.vehicle(next(v["id"] for v in cache.vehicles() if v["vin"] == VIN))["pending_op"]
        is None
    )

    # Backfill history from /telemetry.
    with qtbot.waitSignal(worker.sig_telemetry, timeout=15_000, check_params_cb=has_vehicle):
        worker.request_backfill(vehicle_id, time.time() - 3600)

    t0 = time.monotonic()
    worker.stop()
    assert time.monotonic() - t0 < 4.0
    assert not worker.is_running()
    cache.close()


def test_worker_goes_offline_and_recovers(qtbot, live_portal, worker_factory) -> None:
    account = live_portal.register("Offline AB")
    worker = worker_factory(live_portal, account["token"], account["refresh_token"])
    worker.sync_interval_s = 1.0
    with qtbot.waitSignal(worker.sig_synced, timeout=15_000):
        worker.start()
    live_portal.stop()
    with qtbot.waitSignal(
        worker.sig_state_changed, timeout=15_000, check_params_cb=lambda s, n: s == "offline"
    ):
        worker.request_sync()
    live_portal.start()
    with qtbot.waitSignal(worker.sig_synced, timeout=20_000):
        worker.request_sync()
    # with a 1 s interval the worker thread may already be in its next sync when the
    # UI thread handles the signal (CI: 'syncing'); between syncs it must be online
    qtbot.waitUntil(lambda: worker.state == "online", timeout=5_000)
    t0 = time.monotonic()
    worker.stop()
    assert time.monotonic() - t0 < 4.0 and not worker.is_running()
