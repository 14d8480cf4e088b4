"""Adding, renaming and removing vehicles follow the permission table (API.md: add / edit /
remove vehicles is for admins and fleet managers): a driver sees them disabled with the
reason, and the keyboard can't go around it."""

from __future__ import annotations

from mpro_desktop.domain.accounts import DRIVER, FLEET_MANAGER
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.vehicles.pane import VehiclesPane
from tests.ui.conftest import fill_vehicles


def _pane(qtbot, cache, roles):
    context = PaneContext(cache, account=Account(roles=roles, verified=True))
    pane = VehiclesPane(context)
    qtbot.addWidget(pane)
    pane.reload()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    pane.table.selectRow(0)
    qtbot.waitUntil(lambda: pane.selection.vehicle_id is not None)
    return context, pane


def test_a_driver_may_not_change_the_fleet_and_is_told_why(qtbot, cache, monkeypatch) -> None:
    fill_vehicles(cache, 2)
    _context, pane = _pane(qtbot, cache, (DRIVER,))
    for control in (
        pane.add_button,
        pane.remove_button,
        pane.detail.rename_button,
        pane.remove_action,
        pane.rename_action,
    ):
        assert not control.isEnabled(), control
    assert pane.add_button.toolTip() and "Add vehicle" not in pane.add_button.toolTip()
    opened = []
    monkeypatch.setattr(pane, "_ask_to_add", lambda dialog: opened.append(dialog))
    pane.add_vehicle()  # Ctrl+N from the File menu
    pane.remove_selected()  # Delete
    assert opened == [] and cache.outbox() == []


def test_a_fleet_manager_may_and_a_role_change_follows(qtbot, cache) -> None:
    fill_vehicles(cache, 2)
    context, pane = _pane(qtbot, cache, (FLEET_MANAGER,))
    assert pane.add_button.isEnabled() and pane.remove_button.isEnabled()
    assert pane.detail.rename_button.isEnabled()
    assert "Ctrl+N" in pane.add_button.toolTip()
    context.set_account(Account(roles=(DRIVER,), verified=True))
    assert not pane.add_button.isEnabled() and not pane.detail.rename_button.isEnabled()
    context.set_account(Account(roles=(FLEET_MANAGER,), verified=True))
    assert pane.add_button.isEnabled() and pane.remove_button.isEnabled()
