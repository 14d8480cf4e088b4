"""The Dashboard's "Open alerts" tile and the Alerts entry of the navigation (issue 12):
both count the open alerts a sync brings (per severity on the tile), and a click on the
tile opens the Alerts pane. Real portal subprocess (SQLite and PostgreSQL) raising the
alerts on ingest, real sync engine, real cache, the real main window."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt

from mpro_desktop.domain.accounts import COMPANY_ADMIN
from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.main_window import MainWindow
from tests.portal_fixtures import LivePortal
from tests.ui.test_alerts_pane import VIN, _module_token
from tests.ui.test_main_window import FakeSync


@pytest.fixture
def portal(portal_db_url: str, live_portal_factory: Any) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url)


def _ingest(portal: LivePortal, token: str, first_seq: int, **fields: Any) -> None:
    now = dt.datetime.now(dt.UTC)
    samples = [
        {"seq": first_seq + i, "ts": (now - dt.timedelta(seconds=5 - i)).isoformat(),
         "ignition": True, "speed_kmh": 50.0, **fields}
        for i in range(5)
    ]
    r = httpx.post(f"{portal.url}/api/v1/telematics/samples",
                   json={"vin": VIN, "samples": samples},
                   headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert r.status_code == 200, r.text


def _nav_text(window: MainWindow, name: str) -> str:
    return window.nav.item(list(window.panes).index(name)).text()


def test_open_alerts_tile_and_navigation_count_follow_the_sync(qtbot, portal, tmp_path) -> None:
    acc = portal.register("Larmtavla AB")
    cache = Cache(tmp_path / "c.sqlite3")
    client = PortalClient(portal.url, access_token=acc["token"])
    engine = SyncEngine(cache, client)
    try:
        vid = outbox.add_vehicle(cache, vin=VIN, name="Van 3")
        assert not engine.sync_once().offline
        token = _module_token(portal, acc["company"]["id"], vid)

        window = MainWindow(cache, FakeSync(), roles=(COMPANY_ADMIN,), start_pane="dashboard")
        qtbot.addWidget(window)
        window.show()
        dashboard = window.pane("dashboard")
        tile = dashboard.alerts_tile
        qtbot.waitUntil(lambda: tile.value.text() == "0")
        assert _nav_text(window, "alerts") == "Alerts"

        _ingest(portal, token, 0, fuel_level_pct=8.0)  # a warning
        report = engine.sync_once()
        assert not report.offline and "alert" in report.changed_entities
        window.on_synced(report.changed_entities)
        qtbot.waitUntil(lambda: tile.value.text() == "1")
        assert tile.by_severity.text() == "0 critical · 1 warning · 0 info"
        qtbot.waitUntil(lambda: _nav_text(window, "alerts") == "Alerts (1)")

        _ingest(portal, token, 5, fuel_level_pct=8.0, tyre_fl_kpa=150.0)  # and a critical
        report = engine.sync_once()
        window.on_synced(report.changed_entities)
        qtbot.waitUntil(lambda: tile.value.text() == "2")
        assert tile.counts == {"critical": 1, "warning": 1, "info": 0}
        assert tile.accessibleName().startswith("Open alerts: 2 (1 critical")
        qtbot.waitUntil(lambda: _nav_text(window, "alerts") == "Alerts (2)")

        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.pane("alerts")
        assert window.nav.currentRow() == list(window.panes).index("alerts")
        window.show_pane("dashboard")
        tile.setFocus()
        qtbot.keyClick(tile, Qt.Key.Key_Return)
        assert window.stack.currentWidget() is window.pane("alerts")
    finally:
        cache.close()
        client.close()
