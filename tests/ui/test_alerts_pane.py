"""Alerts pane (issue 12): an alert raised by the portal on ingest reaches the desktop
through the feed, and acknowledging / closing it goes through the outbox to the portal.
Real portal subprocess (SQLite and PostgreSQL), real cache, real widgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from embedded_server.models import Vehicle
from embedded_server.products.service import assign_service
from mpro_desktop.domain.accounts import COMPANY_ADMIN, DRIVER
from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.alerts.pane import AlertsPane
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from tests.portal_fixtures import LivePortal

VIN = "W1V9076351P515151"


@pytest.fixture
def portal(portal_db_url: str, live_portal_factory: Any) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url)


def _module_token(portal: LivePortal, company_id: str, vehicle_id: str) -> str:
    """Book Fleet management for the van with the portal's own service code (the orders
    API comes with the commerce issue) and return its module token."""
    engine = create_engine(portal.database_url)
    try:
        with Session(engine) as s:
            v = s.scalars(
                select(Vehicle).where(
                    Vehicle.public_id == vehicle_id, Vehicle.company_id == company_id
                )
            ).one()
            token = assign_service(s, vehicle=v, product_id="fleet_management")
            s.commit()
    finally:
        engine.dispose()
    return token


def _low_fuel(portal: LivePortal, token: str) -> None:
    now = dt.datetime.now(dt.UTC)
    samples = [
        {
            "seq": i,
            "ts": (now - dt.timedelta(seconds=5 - i)).isoformat(),
            "ignition": True,
            "speed_kmh": 50.0,
            "fuel_level_pct": 8.0,
        }
        for i in range(5)
    ]
    r = httpx.post(
        f"{portal.url}/api/v1/telematics/samples",
        json={"vin": VIN, "samples": samples},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert r.status_code == 200, r.text


def test_an_alert_arrives_and_is_acknowledged_then_closed(
    qtbot, qtmodeltester, portal, tmp_path
) -> None:
    acc = portal.register("Larm AB")
    cache = Cache(tmp_path / "c.sqlite3")
    client = PortalClient(portal.url, access_token=acc["token"])
    engine = SyncEngine(cache, client)
    try:
        vid = outbox.add_vehicle(cache, vin=VIN, name="Van 7")
        assert not engine.sync_once().offline
        _low_fuel(portal, _module_token(portal, acc["company"]["id"], vid))
        assert not engine.sync_once().offline

        context = PaneContext(cache, account=Account(roles=(COMPANY_ADMIN,), verified=True))
        pane = AlertsPane(context)
        context.sig_changed.connect(pane.on_entities_changed)
        qtbot.addWidget(pane)
        pane.reload()
        qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
        qtmodeltester.check(pane.model)
        texts = [pane.model.index(0, c).data() for c in range(pane.model.columnCount())]
        assert texts[:4] == ["Warning", "Fuel low", "Van 7", "Open"]
        assert texts[5] == "8 %"
        assert not pane.acknowledge_button.isEnabled()  # nothing selected yet
        pane.table.selectRow(0)
        assert pane.acknowledge_button.isEnabled() and pane.close_button.isEnabled()

        pane.acknowledge_button.click()
        qtbot.waitUntil(
            lambda: (
                pane.model.rowCount() == 1 and "not sent" in (pane.model.index(0, 3).data() or "")
            )
        )
        (queued,) = cache.outbox()
        assert queued["type"] == "alert.acknowledge"
        alert_id = queued["payload"]["alert_id"]
        assert not engine.sync_once().offline
        r = client.get(f"alerts/{alert_id}")
        assert r["state"] == "acknowledged"

        pane.reload()
        qtbot.waitUntil(lambda: pane.model.index(0, 3).data() == "Acknowledged")
        pane.table.selectRow(0)
        assert not pane.acknowledge_button.isEnabled()  # only an open one
        pane.close_button.click()
        qtbot.waitUntil(lambda: bool(cache.outbox()))
        assert not engine.sync_once().offline
        assert client.get(f"alerts/{alert_id}")["state"] == "closed"
        pane.reload()
        qtbot.waitUntil(lambda: pane.model.index(0, 3).data() == "Closed")
        assert cache.outbox() == []
    finally:
        cache.close()
        client.close()


def test_a_driver_sees_alerts_but_may_not_act(qtbot, cache) -> None:
    context = PaneContext(cache, account=Account(roles=(DRIVER,), verified=True))
    pane = AlertsPane(context)
    qtbot.addWidget(pane)
    pane.update_actions()
    assert not pane.acknowledge_button.isEnabled() and not pane.close_button.isEnabled()
    assert pane.acknowledge_button.toolTip()  # says why
