"""Issue 11's path end to end: a new van goes live from the desktop, and stops (R18).

Real portal subprocess, real ``mpro-sim`` subprocess, the real cache file and sync
engine, real widgets: add a vehicle by VIN -> order Fleet management in the wizard ->
accept the missing terms inline -> a verified user's order is active at once, an
unverified one's waits until a dealer confirms it in a support session -> the
subscription activates the module -> the desktop writes the simulator's module file
(``POST /vehicles/{id}/module``) -> ``mpro-sim`` sends telemetry with that token -> it
reaches the cache and the chart -> ending the subscription at once in the Subscriptions
pane (through the outbox) stops the data: the portal refuses the van's next upload and
the simulator stops sending it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from mpro_desktop.domain.accounts import COMPANY_ADMIN
from mpro_desktop.sync import outbox
from mpro_desktop.sync.account_api import AccountApi
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.common.telemetry_chart import TelemetryChart
from mpro_desktop.views.products.pane import ProductsPane
from mpro_desktop.views.subscriptions.pane import SubscriptionsPane
from tests.commerce_helpers import dealer_confirms

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VIN = "W1V9076351P117711"


def _sign_in(portal: Any, verified: bool) -> dict:
    if verified:  # the demo's administrator, verified at a dealer (embedded_server/seed.py)
        seed = portal.seed
        tokens = portal.login(seed["admin_email"], seed["admin_password"])
        assert tokens["user"]["verified"] is True
        return {"token": tokens["access_token"], "email": seed["admin_email"]}
    acc = portal.register("Ny Åkeri AB")  # a newly registered admin: not verified (R10)
    return {"token": acc["token"], "email": acc["email"]}


def _samples_on_portal(client: PortalClient, vehicle_id: str) -> int:
    return len(client.get(f"vehicles/{vehicle_id}/telemetry")["samples"])


@pytest.mark.parametrize("verified", [True, False], ids=["verified", "unverified"])
def test_a_new_van_goes_live_and_ending_its_subscription_stops_the_data(
    qtbot, live_portal_factory, tmp_path: Path, verified: bool
) -> None:
    portal = live_portal_factory(seeded=verified)
    acc = _sign_in(portal, verified)
    client = PortalClient(portal.url, access_token=acc["token"])
    cache = Cache(tmp_path / "desk.sqlite3")
    engine = SyncEngine(cache, client)
    context = PaneContext(
        cache, account=Account(roles=(COMPANY_ADMIN,), verified=verified), online=AccountApi(client)
    )
    products = ProductsPane(context)
    subscriptions = SubscriptionsPane(context)
    for pane in (products, subscriptions):
        qtbot.addWidget(pane)
        context.sig_changed.connect(pane.on_entities_changed)
    sim = None
    sim_log = tmp_path / "sim.log"
    try:
        # 1. Add the van by VIN (what the Add vehicle dialog queues) and sync.
        vid = outbox.add_vehicle(cache, vin=VIN.lower(), name="Nya skåpbilen")
        assert not engine.sync_once().offline
        assert client.vehicle(vid)["vin"] == VIN and client.vehicle(vid)["module_active"] is False

        # 2. Order Fleet management for it in the wizard.
        products.reload()
        qtbot.waitUntil(lambda: products.model.rowCount() > 0)
        products.update_actions()
        products.order_button.click()
        qtbot.waitUntil(lambda: getattr(products, "wizard", None) is not None)
        wizard = products.wizard
        page = wizard.products_page
        for i in range(page.list.count()):
            item = page.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == "fleet_management":
                item.setCheckState(Qt.CheckState.Checked)
        wizard.next()
        vans = wizard.vehicles_page
        (item,) = [
            vans.list.item(i)
            for i in range(vans.list.count())
            if vans.list.item(i).data(Qt.ItemDataRole.UserRole) == vid
        ]
        item.setCheckState(Qt.CheckState.Checked)
        assert vans.chosen() == [vid]
        wizard.next()
        wizard.next()

        # 3. The missing terms are listed and accepted inline.
        terms = wizard.terms_page
        qtbot.waitUntil(lambda: terms.loaded, timeout=20_000)
        if not verified:
            assert set(terms.checks) == {"general", "subscription", "data_processing"}
        for box in terms.checks.values():
            box.setChecked(True)
        wizard.button(QWizard.WizardButton.CommitButton).click()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=20_000)
        order = terms.placed
        assert order is not None
        result = wizard.result_page.text.text()

        # 4. Verified: active at once. Unverified: pending until a dealer confirms (R10).
        if verified:
            assert order["state"] == "active" and "is active" in result
        else:
            assert order["state"] == "pending_dealer_confirmation"
            assert "waiting for a dealer" in result
            assert not engine.sync_once().offline
            assert cache.subscriptions() == [] or all(
                s["vehicle_id"] != vid for s in cache.subscriptions()
            )
            assert client.vehicle(vid)["module_active"] is False
            dealer_confirms(portal, acc["token"], order["id"])
        wizard.accept()

        # 5. The subscription has activated the van's module (R17).
        assert not engine.sync_once().offline
        assert cache.vehicle(vid)["module_active"] is True
        (sub,) = [s for s in cache.subscriptions() if s["vehicle_id"] == vid]
        assert sub["product_id"] == "fleet_management" and sub["state"] == "active"

        # 6. The trainer writes the simulator's module file from the desktop.
        modules_file = tmp_path / "modules.json"
        products.update_actions()
        assert products.modules_button.isEnabled(), products.modules_button.toolTip()
        products.write_modules_file(str(modules_file))
        qtbot.waitUntil(lambda: modules_file.exists(), timeout=20_000)
        assert "written to" in products.modules_status.text()
        assert oct(modules_file.stat().st_mode & 0o777) == "0o600"  # tokens are secrets
        written = json.loads(modules_file.read_text())
        assert VIN in written["modules"] and written["vehicles"][VIN] == "diesel"
        only_ours = tmp_path / "ours.json"  # the new van alone (the demo has more)
        only_ours.write_text(
            json.dumps({"modules": {VIN: written["modules"][VIN]}, "vehicles": {VIN: "diesel"}})
        )
        os.chmod(only_ours, 0o600)

        # 7. mpro-sim sends telemetry with that token; it reaches the cache and the chart.
        with open(sim_log, "w") as log:
            sim = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "embedded_server.simulator.cli",
                    "--server",
                    portal.url,
                    "--modules",
                    str(only_ours),
                    "--rate",
                    "2",
                    "--upload-every",
                    "1",
                    "--duration",
                    "300",
                    "--state",
                    "none",
                    "--exit-with-stdin",
                ],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        qtbot.waitUntil(lambda: _samples_on_portal(client, vid) >= 5, timeout=60_000)
        since = time.time() - 3600
        assert engine.backfill_telemetry(vid, since) >= 5
        columns = cache.telemetry(vid, since, ("speed_kmh", "fuel_level_pct"))
        assert len(columns["ts"]) >= 5
        chart = TelemetryChart()
        qtbot.addWidget(chart)
        chart.add_arrays(columns)
        assert chart.point_count() >= 5

        # 8. Ending the subscription at once (Subscriptions pane, outbox) stops the data.
        subscriptions.reload()
        # rows of an earlier load may be on screen already: wait for this subscription's
        qtbot.waitUntil(
            lambda: (
                sub["id"]
                in {
                    subscriptions.subs_model.row_dict(r)["id"]
                    for r in range(subscriptions.subs_model.rowCount())
                }
            )
        )
        subscriptions.focus_subscription(sub["id"])
        assert subscriptions.end_button.isEnabled(), subscriptions.end_button.toolTip()
        subscriptions.end_button.click()
        dialog = subscriptions.end_dialog
        dialog.now.setChecked(True)
        dialog.ok.click()
        qtbot.waitUntil(lambda: cache.pending_count() == 1)
        assert not engine.sync_once().offline
        assert cache.pending_count() == 0
        assert client.vehicle(vid)["module_active"] is False
        qtbot.waitUntil(lambda: f"portal refused {VIN}" in sim_log.read_text(), timeout=60_000)
        after = _samples_on_portal(client, vid)
        qtbot.wait(2500)  # the simulator keeps running; its van sends nothing more
        assert _samples_on_portal(client, vid) == after
        assert "Traceback" not in sim_log.read_text()
        engine.sync_once()
        (ended,) = [s for s in cache.subscriptions() if s["id"] == sub["id"]]
        assert ended["state"] == "ended" and ended["end_at"]
    finally:
        if sim is not None:
            sim.stdin.close()
            try:
                sim.wait(timeout=20)
            except subprocess.TimeoutExpired:
                sim.kill()
                sim.wait()
        cache.close()
        client.close()
