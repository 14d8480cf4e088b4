"""Issue 12 end to end: a van drives a trip into a real portal, the desktop reads the
trip list through its real client and replays the route from the real cache.

Real portal subprocess (seeded demo), the van's real module token on the telematics
API, the desktop's PortalClient, SyncEngine (telemetry backfill into the cache file)
and AccountApi, and the real map pane.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import httpx
from PySide6.QtCore import Qt

from mpro_desktop.domain.accounts import FLEET_MANAGER
from mpro_desktop.sync.account_api import AccountApi
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.operations import wait_for_background_jobs
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.map.pane import MapPane

TYRES = {"tyre_fl_kpa": 450.0, "tyre_fr_kpa": 451.0, "tyre_rl_kpa": 449.0, "tyre_rr_kpa": 452.0}


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat()


def test_a_trip_driven_into_the_portal_replays_on_the_map(qtbot, seeded_portal, tmp_path: Path):
    seed = seeded_portal.seed
    tokens = seeded_portal.login(seed["admin_email"], seed["admin_password"])
    client = PortalClient(seeded_portal.url, access_token=tokens["access_token"])
    cache = Cache(tmp_path / "desk.sqlite3")
    engine = SyncEngine(cache, client)
    vin, module_token = sorted(seed["modules"].items())[0]
    t0 = float(int(time.time()) - 900)
    samples = []
    for k in range(32):  # ignition on, 30 samples driving north-east, ignition off
        driving = 0 < k < 31
        samples.append(
            {
                "seq": k + 1,
                "ts": _iso(t0 + 10 * k),
                "lat": 59.30 + 0.002 * k,
                "lon": 18.00 + 0.003 * k,
                "speed_kmh": 50.0 if driving else 0.0,
                "ignition": k < 31,
                "odometer_km": 1000.0 + 0.3 * k,
                "fuel_level_pct": 60.0,
                **TYRES,
            }
        )
    r = httpx.post(
        f"{seeded_portal.url}/api/v1/telematics/samples",
        json={"vin": vin, "samples": samples},
        headers={"Authorization": f"Bearer {module_token}"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    engine.sync_once()
    (vehicle,) = [v for v in cache.vehicles() if v["vin"] == vin]
    assert engine.backfill_telemetry(vehicle["id"], t0 - 1) >= 32

    context = PaneContext(
        cache, account=Account(roles=(FLEET_MANAGER,), verified=True), online=AccountApi(client)
    )
    pane = MapPane(context)
    qtbot.addWidget(pane)
    pane.resize(1000, 700)
    pane.show()
    pane.reload()
    qtbot.waitUntil(lambda: pane.model.row_of(vehicle["id"]) is not None, timeout=10_000)
    context.sig_vehicle_targeted.emit(vehicle["id"])  # what the Vehicles pane says on a click
    qtbot.waitUntil(lambda: pane.trip_box.count() >= 1, timeout=15_000)
    trip = pane.trips[0]
    assert trip.ended is not None and abs(trip.started - t0) <= 10
    assert trip.distance_km is not None and trip.distance_km > 0
    qtbot.mouseClick(pane.replay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.replay.path_item is not None, timeout=10_000)
    track = pane.replay.track
    assert len(track) >= 29 and track[0][0] >= trip.started and track[-1][0] <= trip.ended
    assert track[-1][1] > track[0][1] and track[-1][2] > track[0][2]  # it went north-east
    pane.replay.stop()
    assert wait_for_background_jobs()
    cache.close()
