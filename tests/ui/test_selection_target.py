"""Issue 7, critical: the detail and every action target the ONE vehicle the user sees.

Each path that can move the selection is driven through the real window (real cache
file, real widgets; the sync paths through a real portal and a second desktop), then
the header, the chart, the command box and a *clicked* button are checked against the
row the table shows selected — the outbox row's vehicle id is the proof.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from mpro_desktop.domain.telemetry import energy_field
from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.operations import wait_for_background_jobs
from mpro_desktop.views.main_window import MainWindow
from mpro_desktop.views.vehicles import add_dialog
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync

EVAN_ONLY = ("start_charging", "stop_charging", "start_preconditioning", "stop_preconditioning")


def _window(qtbot, cache, sync=None) -> MainWindow:
    w = MainWindow(cache, sync if sync is not None else FakeSync())
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    return w


def _commands_sent(cache: Cache) -> list[str]:
    """Vehicle id of every queued remote command, in order."""
    return [r["payload"]["vehicle_id"] for r in cache.outbox() if r["type"] == "command.send"]


def _click_unlock(qtbot, pane) -> None:
    """Click Unlock if the user could, and let the write (off the UI thread) commit."""
    button = pane.commands.buttons["unlock"]
    if button.isEnabled() and button.isVisible():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert wait_for_background_jobs()


def _assert_targets(pane, vid: str | None) -> None:
    """Selection, header, command box, Remove and the chart all belong to ``vid``."""
    assert pane.selected_row_id() == vid
    assert pane.selection.vehicle_id == vid
    if vid is None:
        assert pane.detail.vehicle is None
        assert pane.detail.title.text() == "Select a vehicle"
        assert not pane.remove_button.isEnabled()
        assert not pane.detail.rename_button.isEnabled()
        assert pane.commands.vehicle is None
        assert not any(b.isEnabled() for b in pane.commands.buttons.values())
        return
    vehicle = pane.model.row_dict(pane.model.row_for_id(vid))
    assert pane.detail.vehicle["id"] == vid
    assert pane.detail.title.text() == (vehicle.get("name") or vehicle["vin"])
    assert pane.detail.fields["vin"].text() == vehicle["vin"]
    assert pane.commands.vehicle["id"] == vid
    electric = vehicle.get("fuel_type") == "electric"
    for kind in EVAN_ONLY:
        assert pane.commands.buttons[kind].isVisibleTo(pane.commands) is electric, kind
    assert pane.detail.chart.energy_field == energy_field(vehicle.get("fuel_type") or "")
    assert pane.remove_button.isEnabled()


def _add(pane, monkeypatch, vin: str, name: str) -> None:
    def fake_exec(dialog):
        dialog.vin_edit.setText(vin)
        dialog.name_edit.setText(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(add_dialog.AddVehicleDialog, "exec", fake_exec)
    pane.add_vehicle()


def _id_of(cache: Cache, name: str) -> str:
    return next(v["id"] for v in cache.vehicles() if v["name"] == name)


def test_adding_b_while_a_is_selected_retargets_everything_to_b(qtbot, cache, monkeypatch):
    """The reported defect: the new diesel got the eVan's chart, buttons and Unlock."""
    fill_vehicles(cache, 25)
    sync = FakeSync()
    w = _window(qtbot, cache, sync)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 25)
    evan = _id_of(cache, "Van 24")  # 24 % 3 == 0: electric
    pane.select_vehicle(evan)
    _assert_targets(pane, evan)

    _add(pane, monkeypatch, "W1V9076351P123456", "New diesel")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 26)
    new = _id_of(cache, "New diesel")
    qtbot.waitUntil(lambda: pane.selection.vehicle_id == new)
    _assert_targets(pane, new)
    assert sync.backfills[-1] == new  # the chart loads B's history, not A's
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == [new]


def test_adding_while_a_search_would_hide_the_new_vehicle_shows_it(qtbot, cache, monkeypatch):
    fill_vehicles(cache, 5)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 5)
    qtbot.keyClicks(pane.search, "Van 03")
    _add(pane, monkeypatch, "W1V9076351P123456", "Brand new")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 6)
    new = _id_of(cache, "Brand new")
    qtbot.waitUntil(lambda: pane.selection.vehicle_id == new)
    assert pane.search.text() == ""
    _assert_targets(pane, new)


def test_clicking_a_row_retargets(qtbot, cache):
    fill_vehicles(cache, 6)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.selection.vehicle_id is not None)
    index = pane.proxy.index(4, 0)
    rect = pane.table.visualRect(index)
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    target = index.data(Qt.ItemDataRole.UserRole + 2)
    _assert_targets(pane, target)
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == [target]


def test_removing_the_selected_vehicle_clears_the_detail(qtbot, cache, monkeypatch):
    fill_vehicles(cache, 4)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4)
    doomed = _id_of(cache, "Van 02")
    pane.select_vehicle(doomed)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    pane.remove_selected()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    _assert_targets(pane, None)
    _click_unlock(qtbot, pane)
    pane.commands.send("unlock")  # even a programmatic send has no target now
    assert _commands_sent(cache) == []


def test_rename_keeps_the_target_and_shows_the_new_name(qtbot, cache, monkeypatch):
    fill_vehicles(cache, 4)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4)
    target = _id_of(cache, "Van 01")
    pane.select_vehicle(target)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Zeta van", True))
    qtbot.mouseClick(pane.detail.rename_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.detail.title.text() == "Zeta van")
    _assert_targets(pane, target)
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == [target]


def test_a_vehicle_hidden_by_the_search_is_no_target(qtbot, cache, monkeypatch):
    fill_vehicles(cache, 25)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 25)
    hidden = _id_of(cache, "Van 05")
    pane.select_vehicle(hidden)
    _assert_targets(pane, hidden)
    qtbot.keyClicks(pane.search, "Van 1")  # Van 10..19: Van 05 is hidden
    _assert_targets(pane, None)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or 0)
    pane.remove_selected()
    assert asked == [] and pane.model.rowCount() == 25
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == []
    # Picking a shown row targets it; clearing the search keeps it.
    shown = _id_of(cache, "Van 12")
    pane.select_vehicle(shown)
    _assert_targets(pane, shown)
    pane.search.clear()
    _assert_targets(pane, shown)


def test_sorting_and_live_data_keep_the_target(qtbot, cache):
    ids = fill_vehicles(cache, 25)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 25)
    target = ids[7]
    pane.select_vehicle(target)
    pane.table.sortByColumn(pane.model.column_index("speed"), Qt.SortOrder.DescendingOrder)
    _assert_targets(pane, target)
    other = ids[8]
    pane.on_telemetry({other: [{"ts_epoch": 1e9, "speed_kmh": 50.0}]})
    _assert_targets(pane, target)
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == [target]


def test_sign_out_and_in_targets_only_the_new_sessions_vehicles(qtbot, tmp_path):
    first, second = Cache(tmp_path / "one.sqlite3"), Cache(tmp_path / "two.sqlite3")
    try:
        fill_vehicles(first, 3)
        outbox.add_vehicle(second, vin="W1V9076351P654321", name="Only here")
        second_outbox_before = len(second.outbox())
        w1 = _window(qtbot, first)
        qtbot.waitUntil(lambda: w1.pane("vehicles").selection.vehicle_id is not None)
        w1._sign_out()
        w2 = _window(qtbot, second)
        pane = w2.pane("vehicles")
        qtbot.waitUntil(lambda: pane.selection.vehicle_id is not None)
        only = _id_of(second, "Only here")
        _assert_targets(pane, only)
        _click_unlock(qtbot, pane)
        assert _commands_sent(second) == [only]
        assert len(second.outbox()) == second_outbox_before + 1
        assert _commands_sent(first) == []
    finally:
        first.close()
        second.close()


def test_offline_then_online_keeps_the_target_and_reloads_its_chart(qtbot, cache, monkeypatch):
    fill_vehicles(cache, 5)
    w = MainWindow(cache, None, offline=True)
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 5)
    _add(pane, monkeypatch, "W1V9076351P123456", "Offline add")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 6)
    new_id = _id_of(cache, "Offline add")
    qtbot.waitUntil(lambda: pane.selection.vehicle_id == new_id)
    sync = FakeSync()
    w.attach_sync(sync)  # the portal became reachable
    assert sync.backfills == [new_id]
    _assert_targets(pane, new_id)
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == [new_id]


# -- through sync: another desktop of the same company changes the fleet ------------


@pytest.fixture
def two_desktops(portal_db_url, live_portal_factory, tmp_path):
    """``(mine, theirs)``: each ``(cache, engine)`` of one company on a real portal."""
    portal = live_portal_factory(database_url=portal_db_url)
    acc = portal.register("Two desktops AB")
    sides, clients = [], []
    for name in ("mine", "theirs"):
        cache = Cache(tmp_path / f"{name}.sqlite3")
        client = PortalClient(portal.url, access_token=acc["token"])
        clients.append(client)
        sides.append((cache, SyncEngine(cache, client)))
    mine, theirs = sides
    for i, name in enumerate(("Alpha", "Bravo", "Charlie")):
        outbox.add_vehicle(theirs[0], vin=f"W1V9076351P{700000 + i}", name=name)
    assert theirs[1].sync_once().pushed == 3
    assert mine[1].sync_once().pulled >= 3
    yield mine, theirs
    for (cache, _engine), client in zip(sides, clients, strict=True):
        cache.close()
        client.close()


def _sync_into_window(w: MainWindow, engine: SyncEngine) -> None:
    report = engine.sync_once()
    assert not report.offline, report
    w.on_synced(report.changed_entities)


def test_removed_by_another_desktop_clears_the_detail(qtbot, two_desktops):
    (cache, engine), (their_cache, their_engine) = two_desktops
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    bravo = _id_of(cache, "Bravo")
    pane.select_vehicle(bravo)
    _assert_targets(pane, bravo)
    outbox.remove_vehicle(their_cache, bravo)
    assert their_engine.sync_once().pushed == 1
    _sync_into_window(w, engine)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    _assert_targets(pane, None)
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == []


def test_renamed_by_another_desktop_updates_the_header_and_keeps_the_target(qtbot, two_desktops):
    (cache, engine), (their_cache, their_engine) = two_desktops
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    alpha = _id_of(cache, "Alpha")
    pane.select_vehicle(alpha)
    outbox.update_vehicle(their_cache, alpha, name="Zulu")  # sorts last now
    assert their_engine.sync_once().pushed == 1
    _sync_into_window(w, engine)
    qtbot.waitUntil(lambda: pane.detail.title.text() == "Zulu")
    _assert_targets(pane, alpha)
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == [alpha]


def test_conflict_resolution_keeps_detail_and_selection_together(qtbot, two_desktops):
    """My offline rename loses to theirs; after "Take theirs" the detail shows theirs."""
    (cache, engine), (their_cache, their_engine) = two_desktops
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    charlie = _id_of(cache, "Charlie")
    pane.select_vehicle(charlie)
    outbox.update_vehicle(their_cache, charlie, name="Theirs")
    assert their_engine.sync_once().pushed == 1
    outbox.update_vehicle(cache, charlie, name="Mine")
    w.pane("vehicles").reload()
    qtbot.waitUntil(lambda: pane.detail.title.text() == "Mine")
    report = engine.sync_once()
    assert [c["code"] for c in report.conflicts] == ["version_conflict"]
    w.on_synced(report.changed_entities)
    w.on_conflicts(report.conflicts)
    conflicts = w.pane("conflicts")
    qtbot.waitUntil(lambda: conflicts.model.rowCount() == 1)
    conflicts.table.selectRow(0)
    conflicts.take_theirs_button.click()
    qtbot.waitUntil(lambda: conflicts.model.rowCount() == 0)
    qtbot.waitUntil(lambda: pane.detail.title.text() == "Theirs")
    _assert_targets(pane, charlie)
    _click_unlock(qtbot, pane)
    assert _commands_sent(cache) == [charlie]
