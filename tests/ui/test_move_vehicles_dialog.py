"""The guided "move vehicles to another account" path (R9, FAQ Q18) on the real portal
(SQLite and PostgreSQL): from the Vehicles pane an admin ticks the van, reads what the
removal ends here (R18), confirms account B is ready, removes it through the outbox, and
only once the portal applied the removal is told what B's admin does — B's add by VIN
is ``vin_taken`` before and 201 after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from mpro_desktop.domain import vehicle_move as rule
from mpro_desktop.domain.accounts import COMPANY_ADMIN, FLEET_MANAGER
from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.vehicles.pane import VehiclesPane
from tests.portal_fixtures import LivePortal
from tests.sync.conftest import subscribe_remote_services

VIN = "W1V9066331S220011"
STAYS = "W1V9066331S220012"


@pytest.fixture
def portal(portal_db_url: str, live_portal_factory: Any) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url)


def _b_adds(portal: LivePortal, token: str) -> Any:
    with portal.client(headers=portal.headers(token)) as c:
        return c.post("/api/v1/vehicles", json={"vin": VIN})


def _pane(qtbot, cache: Cache, roles: tuple[str, ...]) -> VehiclesPane:
    context = PaneContext(cache, account=Account(roles=roles, verified=True))
    pane = VehiclesPane(context)
    qtbot.addWidget(pane)
    pane.reload()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    return pane


def test_move_a_van_to_another_account(qtbot, portal, tmp_path: Path) -> None:
    a, b = portal.register("Gamla Kontot AB"), portal.register("Nya Kontot AB")
    cache = Cache(tmp_path / "a.sqlite3")
    engine = SyncEngine(cache, PortalClient(portal.url, access_token=a["token"]))
    vid = outbox.add_vehicle(cache, vin=VIN, name="Flyttbil")
    outbox.add_vehicle(cache, vin=STAYS, name="Stannar")
    engine.sync_once()
    subscribe_remote_services(portal, a["token"], vid)
    engine.sync_once()
    pane = _pane(qtbot, cache, (COMPANY_ADMIN,))
    pane.select_vehicle(vid)
    assert pane.move_action.isEnabled()
    pane.move_action.trigger()
    qtbot.waitUntil(lambda: getattr(pane, "move_dialog", None) is not None)
    dialog = pane.move_dialog
    next_button = dialog.button(QWizard.WizardButton.NextButton)

    # 1. the selected van is ticked; what its removal ends here is said first
    page = dialog.vehicles_page
    assert page.checked_ids() == [vid] and next_button.isEnabled()
    said = " ".join(page.consequences.text().split())
    assert "Remote services on Flyttbil" in said and "end at once" in said
    assert "history of removed vehicles is then deleted" in said  # A's only service (R18)
    page.filter.setText("stann")
    assert [page.list.item(i).isHidden() for i in range(2)].count(False) == 1

    # 2. B's readiness: Next only once every point is confirmed
    dialog.next()
    assert dialog.currentPage() is dialog.ready_page
    boxes = list(dialog.ready_page.checks.values())
    assert len(boxes) == 3 and not next_button.isEnabled()
    for box in boxes[:-1]:
        box.setChecked(True)
    assert not next_button.isEnabled()
    boxes[-1].setChecked(True)
    assert next_button.isEnabled()
    dialog.next()

    # 3. still registered here: B gets the portal's clear code
    r = _b_adds(portal, b["token"])
    assert r.status_code == 409 and r.json()["code"] == "vin_taken"
    finish = dialog.button(QWizard.WizardButton.FinishButton)
    dialog.remove_page.remove_button.click()
    qtbot.waitUntil(lambda: dialog.removal_states.get(vid) == rule.WAITING, timeout=10_000)
    assert [m["type"] for m in cache.outbox()] == ["vehicle.remove"]  # through the outbox
    assert "waiting to upload" in dialog.remove_page.states.item(0).text()
    assert not finish.isEnabled() and not dialog.remove_page.next_steps.isVisible()

    engine.sync_once()  # the portal applies it; the dialog sees it within a second
    qtbot.waitUntil(lambda: dialog.b_can_add, timeout=10_000)
    assert dialog.removal_states == {vid: rule.REMOVED}
    assert "the other account can add it" in dialog.remove_page.states.item(0).text()
    steps = dialog.remove_page.next_steps.text()
    assert VIN in steps and "adds each vehicle by its VIN" in steps and "Delete company" in steps
    assert finish.isEnabled()
    dialog.remove_page.copy_button.click()
    assert QGuiApplication.clipboard().text() == VIN
    assert [s["state"] for s in engine.client.subscriptions()] == ["ended"]

    r = _b_adds(portal, b["token"])
    assert r.status_code == 201, r.text
    dialog.reject()


def test_only_an_admin_is_offered_the_move(qtbot, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3")
    outbox.add_vehicle(cache, vin=VIN, name="Flyttbil")
    outbox.add_vehicle(cache, vin=STAYS, name="Stannar")
    pane = _pane(qtbot, cache, (FLEET_MANAGER,))
    assert not pane.move_action.isEnabled() and pane.move_action.statusTip()
    assert pane.move_action in pane.menu_actions()
    pane.move_vehicles()
    qtbot.wait(200)
    assert getattr(pane, "move_dialog", None) is None
