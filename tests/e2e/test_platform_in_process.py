"""Portal + simulator (real child processes) + the real window and sync worker in-process."""

from __future__ import annotations

import pytest

from mpro_desktop.app import _demo_login
from mpro_desktop.demo import DemoPlatform
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.worker import SyncWorker
from mpro_desktop.views.main_window import MainWindow

pytestmark = pytest.mark.slow


@pytest.fixture
def platform(tmp_path, monkeypatch):
    monkeypatch.setenv("MPRO_DATA_DIR", str(tmp_path / "data"))
    p = DemoPlatform(vehicles=6).start()
    yield p
    p.stop()
    assert p.server is None and p.sim is None


def test_vehicles_appear_and_chart_receives_live_points(qtbot, platform):
    session = _demo_login(platform)
    cache_file = session.cache_file
    cache = Cache(cache_file)
    worker = SyncWorker(cache_file, session.portal_url, session.access_token, session.refresh_token)
    window = MainWindow(cache, worker, user_label=session.email)
    qtbot.addWidget(window)
    worker.sig_synced.connect(window.on_synced)
    worker.sig_telemetry.connect(window.on_telemetry)
    worker.sig_state_changed.connect(window.on_state_changed)
    try:
        window.show()
        window.reload_all()
        worker.start()
        pane = window.pane("vehicles")
        qtbot.waitUntil(lambda: pane.model.rowCount() == 25, timeout=30_000)
        qtbot.waitUntil(lambda: pane.detail.vehicle is not None, timeout=10_000)
        selected = pane.detail.vehicle["id"]
        # Only 6 vans are simulated: pick one the simulator drives.
        simulated = {v["id"] for v in cache.vehicles() if v.get("status")}
        if selected not in simulated:
            qtbot.waitUntil(
                lambda: bool({v["id"] for v in cache.vehicles() if v.get("status")}), timeout=30_000
            )
            pane.select_vehicle(next(iter({v["id"] for v in cache.vehicles() if v.get("status")})))
        qtbot.waitUntil(lambda: pane.detail.chart.point_count() >= 5, timeout=45_000)
        first = pane.detail.chart.point_count()
        qtbot.waitUntil(lambda: pane.detail.chart.point_count() > first, timeout=15_000)
        assert window.status.state == "online"

        # Remote services: the command goes cache -> outbox -> portal -> van -> back.
        vid = pane.detail.vehicle["id"]
        pane.commands.buttons["unlock"].click()
        qtbot.waitUntil(
            lambda: (cache.commands(vid, limit=1) or [{}])[0].get("state") == "executed",
            timeout=30_000,
        )
        qtbot.waitUntil(lambda: "Unlock — Done" in pane.commands.history.text(), timeout=10_000)
    finally:
        worker.stop()
        cache.close()
