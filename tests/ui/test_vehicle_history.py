"""History mode of the vehicle view (issue 12): "Last 3 days" fetches the range from a
real portal subprocess (SQLite and PostgreSQL) off the UI thread, downsampled there
(at most ``max_points``, every peak and dip kept) and drawn; a zoom asks again for the
narrower range at a finer resolution; Live brings the live window back."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import httpx
import numpy as np
import pytest

from mpro_desktop.domain.accounts import COMPANY_ADMIN
from mpro_desktop.sync import outbox
from mpro_desktop.sync.account_api import AccountApi
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.vehicles import history
from mpro_desktop.views.vehicles.pane import VehiclesPane
from tests.portal_fixtures import LivePortal
from tests.ui.test_alerts_pane import VIN, _module_token

STEP_S = 30  # three days of a sample every 30 s: 8,640 points


@pytest.fixture
def portal(portal_db_url: str, live_portal_factory: Any) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url)


class ThreadNoting(AccountApi):
    """The real online calls; notes the thread each history fetch ran on."""

    threads: list[threading.Thread]

    def history(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.threads.append(threading.current_thread())
        return super().history(*args, **kwargs)


def _three_days(portal: LivePortal, token: str, end: float) -> tuple[float, float]:
    n = 3 * 24 * 3600 // STEP_S
    start = end - (n - 1) * STEP_S
    samples = [
        {"seq": i, "ts": dt.datetime.fromtimestamp(start + i * STEP_S, dt.UTC).isoformat(),
         "speed_kmh": 30.0 + (i % 11), "fuel_level_pct": 90.0 - i * 0.005}
        for i in range(n)
    ]
    samples[1000]["speed_kmh"] = 133.0  # the first day's one fast stretch
    samples[7000]["speed_kmh"] = 0.0  # a stop on the third day
    r = httpx.post(f"{portal.url}/api/v1/telematics/samples",
                   json={"vin": VIN, "samples": samples},
                   headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert r.status_code == 200 and r.json()["accepted"] == n, r.text
    return start, start + 1000 * STEP_S


def test_three_days_are_fetched_downsampled_and_drawn(qtbot, portal, tmp_path) -> None:
    acc = portal.register("Historik AB")
    cache = Cache(tmp_path / "c.sqlite3")
    client = PortalClient(portal.url, access_token=acc["token"])
    engine = SyncEngine(cache, client)
    try:
        vid = outbox.add_vehicle(cache, vin=VIN, name="Van 9")
        assert not engine.sync_once().offline
        now = time.time()
        first, peak_at = _three_days(portal, _module_token(portal, acc["company"]["id"], vid),
                                     now - 60)
        assert not engine.sync_once().offline
        api = ThreadNoting(client)
        api.threads = []
        context = PaneContext(cache, account=Account(roles=(COMPANY_ADMIN,), verified=True),
                              online=api)
        pane = VehiclesPane(context)
        qtbot.addWidget(pane)
        pane.show()
        pane.reload()
        qtbot.waitUntil(lambda: pane.selection.vehicle_id == vid, timeout=10_000)
        control, chart = pane.history, pane.detail.chart
        control.now = lambda: now
        assert chart.history_range is None  # live to begin with

        control.range.setCurrentIndex(2)  # Last 3 days
        qtbot.waitUntil(lambda: chart.history_points > 0, timeout=20_000)
        assert api.threads and all(t is not threading.main_thread() for t in api.threads)
        assert chart.history_range == (now - 3 * 24 * 3600, now)
        assert chart.history_points <= history.MAX_POINTS
        ts, speed = chart.speed_curve.getData()
        assert len(ts) == chart.history_points < 8640
        assert np.nanmax(speed) == 133.0 and np.nanmin(speed) == 0.0  # extremes kept
        # the range's first sample (the older ones are before "3 days ago") and the newest
        assert now - 3 * 24 * 3600 - 0.01 <= ts[0] < now - 3 * 24 * 3600 + STEP_S
        assert ts[-1] == pytest.approx(now - 60, abs=1) and first < ts[0]
        _, fuel = chart.energy_curve.getData()
        assert np.nanmax(fuel) == pytest.approx(89.995) and np.nanmin(fuel) < 47.0  # sample 1 on
        assert "points" in control.state.text()
        coarse = int(np.count_nonzero(np.abs(ts - peak_at) < 1800))

        # zoom to the hour around the peak: asked again, finer, the peak still there
        asked = len(api.threads)
        chart.speed_plot.setXRange(peak_at - 1800, peak_at + 1800, padding=0)
        qtbot.waitUntil(lambda: len(api.threads) > asked, timeout=5_000)
        qtbot.waitUntil(lambda: chart.speed_curve.getData()[0] is not None and
                        np.count_nonzero(np.abs(chart.speed_curve.getData()[0] - peak_at) < 1800)
                        > coarse, timeout=20_000)
        ts, speed = chart.speed_curve.getData()
        assert 133.0 in speed and len(ts) <= history.MAX_POINTS
        assert chart.history_range == (now - 3 * 24 * 3600, now)  # the outer limits stay

        control.range.setCurrentIndex(0)  # back to live
        assert chart.history_range is None
        assert not chart.speed_plot.getViewBox().state["mouseEnabled"][0]
    finally:
        client.close()
        cache.close()


def test_offline_the_history_says_it_needs_the_portal(qtbot, cache) -> None:
    from tests.ui.conftest import fill_vehicles

    fill_vehicles(cache, 2)
    pane = VehiclesPane(PaneContext(cache))
    qtbot.addWidget(pane)
    pane.show()
    pane.reload()
    qtbot.waitUntil(lambda: pane.selection.vehicle_id is not None)
    pane.history.range.setCurrentIndex(1)
    assert pane.history.state.text() == "The history needs a connection to the portal."
    assert pane.detail.chart.history_range is None
