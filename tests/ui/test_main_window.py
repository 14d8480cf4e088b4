"""The main window builds, shows cached vehicles, and queues user changes offline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from mpro_desktop.views.main_window import MainWindow
from mpro_desktop.views.vehicles import add_dialog
from tests.ui.conftest import fill_vehicles


class FakeSync:
    """Records requests; the real worker is exercised in tests/sync and tests/e2e."""

    def __init__(self) -> None:
        self.syncs = 0
        self.backfills: list[str] = []

    def request_sync(self) -> None:
        self.syncs += 1

    def request_backfill(self, vehicle_id: str, since_ts: float) -> None:
        self.backfills.append(vehicle_id)


def test_window_shows_cached_vehicles_and_selects_one(qtbot, cache):
    fill_vehicles(cache, 25)
    sync = FakeSync()
    w = MainWindow(cache, sync, user_label="Anna")
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 25)
    qtbot.waitUntil(lambda: pane.detail.vehicle is not None)
    assert pane.count_label.text() == "25 vehicles"
    assert sync.backfills == [pane.detail.vehicle["id"]]
    assert pane.detail.title.text() == pane.detail.vehicle["name"]


def test_search_box_filters_table(qtbot, cache):
    fill_vehicles(cache, 25)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 25)
    qtbot.keyClicks(pane.search, "Van 1")
    assert pane.proxy.rowCount() == 10  # Van 10..19
    assert "10 of 25" in pane.count_label.text()


def test_add_vehicle_goes_to_cache_and_outbox_and_asks_for_sync(qtbot, cache, monkeypatch):
    fill_vehicles(cache, 3)
    sync = FakeSync()
    w = MainWindow(cache, sync)
    qtbot.addWidget(w)
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)

    def fake_exec(dialog):
        dialog.vin_edit.setText("w1v 9076351p123456")
        dialog.name_edit.setText("Van 99")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(add_dialog.AddVehicleDialog, "exec", fake_exec)
    pane.add_vehicle()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4)
    assert sync.syncs == 1
    assert cache.pending_count() == 1
    assert any(v["vin"] == "W1V9076351P123456" for v in cache.vehicles())


def test_duplicate_vin_keeps_dialog_open_with_a_message(qtbot, cache, monkeypatch):
    fill_vehicles(cache, 1)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.reload_all()
    qtbot.waitUntil(lambda: w.pane("vehicles").model.rowCount() == 1)
    vin = cache.vehicles()[0]["vin"]
    seen: list[str] = []
    calls = {"n": 0}

    def fake_exec(dialog):
        calls["n"] += 1
        if calls["n"] > 1:
            seen.append(dialog.error_label.text())
            return QDialog.DialogCode.Rejected
        dialog.vin_edit.setText(vin)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(add_dialog.AddVehicleDialog, "exec", fake_exec)
    w.pane("vehicles").add_vehicle()
    qtbot.waitUntil(lambda: bool(seen))  # the write is refused off the UI thread, then re-shown
    assert "already" in seen[0]
    assert cache.pending_count() == 0


def test_dashboard_counts(qtbot, cache):
    fill_vehicles(cache, 9)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.show_pane("dashboard")
    w.show()
    w.reload_all()
    qtbot.waitUntil(lambda: w.pane("dashboard").tiles["vehicles"].value.text() == "9")
    assert w.pane("dashboard").tiles["electric"].value.text() == "3"
    assert w.pane("dashboard").tiles["diesel"].value.text() == "6"
    assert w.pane("dashboard").tiles["moving"].value.text() == "4"


def test_driving_now_counts_only_recent_data():
    import time

    from mpro_desktop.views.dashboard.pane import fleet_counts

    now = time.time()
    fresh = {"ts": now - 5, "ignition": True, "speed_kmh": 40.0}
    stale = {"ts": now - 3600, "ignition": True, "speed_kmh": 40.0}
    parked = {"ts": now - 5, "ignition": False, "speed_kmh": 0.0}
    vehicles = [{"status": fresh}, {"status": stale}, {"status": parked}, {"status": None}]
    assert fleet_counts(vehicles, [], 0)["moving"] == 1


def test_filtering_keeps_the_selected_vehicle_selected(qtbot, cache):
    fill_vehicles(cache, 25)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 25)
    target = next(v["id"] for v in cache.vehicles() if v["name"] == "Van 12")
    pane.select_vehicle(target)
    assert pane.detail.vehicle["id"] == target
    qtbot.keyClicks(pane.search, "Van 1")
    current = pane.table.currentIndex()
    assert current.isValid() and pane.proxy.mapToSource(current).row() == pane.model.row_for_id(
        target
    )
    assert pane.detail.vehicle["id"] == target
    pane.table.sortByColumn(pane.model.column_index("odometer"), Qt.SortOrder.DescendingOrder)
    current = pane.table.currentIndex()
    assert pane.proxy.mapToSource(current).row() == pane.model.row_for_id(target)


def test_hidden_dashboard_counts_only_when_shown(qtbot, cache):
    fill_vehicles(cache, 4)
    w = MainWindow(cache, FakeSync())  # opens on the Vehicles pane
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    qtbot.wait(200)
    assert w.pane("dashboard").tiles["vehicles"].value.text() == "–"  # no read while hidden
    w.show_pane("dashboard")
    qtbot.waitUntil(lambda: w.pane("dashboard").tiles["vehicles"].value.text() == "4")
