"""Truthful state (issue 7): live data keeps a sorted list sorted, stale data says so,
the user is named the same way on every start, an empty chart says "No data yet"."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from mpro_desktop.models.filter_proxy import RESORT_INTERVAL_MS
from mpro_desktop.views.main_window import MainWindow
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync


def _shown_speeds(pane) -> list[float]:
    out = []
    for r in range(pane.proxy.rowCount()):
        row = pane.model.row_dict(pane.proxy.mapToSource(pane.proxy.index(r, 0)).row())
        out.append((row.get("status") or {}).get("speed_kmh"))
    return out


def test_live_samples_resort_and_keep_the_selected_vehicle(qtbot, cache):
    fill_vehicles(cache, 20)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 20)
    pane.table.sortByColumn(pane.model.column_index("speed"), Qt.SortOrder.DescendingOrder)
    speeds = _shown_speeds(pane)
    assert speeds == sorted(speeds, reverse=True)
    target = pane.model.row_dict(pane.proxy.mapToSource(pane.proxy.index(0, 0)).row())["id"]
    pane.select_vehicle(target)
    assert pane.selection.vehicle_id == target

    # Live samples turn the order upside down; the fastest van becomes the slowest.
    now = time.time()
    order = [pane.model.row_dict(i)["id"] for i in range(20)]
    new_speeds = {vid: float(5 + i * 5) for i, vid in enumerate(order)}
    new_speeds[target] = 0.5
    w.on_telemetry(
        {
            vid: [{"ts_epoch": now, "speed_kmh": v, "ignition": True}]
            for vid, v in new_speeds.items()
        }
    )
    assert _shown_speeds(pane)[0] != max(new_speeds.values())  # coalesced: not yet
    qtbot.wait(RESORT_INTERVAL_MS // 2)
    qtbot.waitUntil(
        lambda: _shown_speeds(pane) == sorted(new_speeds.values(), reverse=True), timeout=2000
    )
    assert pane.selection.vehicle_id == target
    current = pane.table.currentIndex()
    assert pane.proxy.mapToSource(current).row() == pane.model.row_for_id(target)
    assert current.row() == 19  # moved to the bottom with its vehicle
    selected = pane.table.selectionModel().selectedRows()
    assert [pane.proxy.mapToSource(i).row() for i in selected] == [pane.model.row_for_id(target)]


def test_user_label_is_one_function():
    from mpro_desktop.app import user_label

    assert user_label("Anna  Berg", "anna@example.com") == "Anna Berg (anna@example.com)"
    assert user_label("", "anna@example.com") == "anna@example.com"
    assert user_label("anna@example.com", "anna@example.com") == "anna@example.com"


def test_first_sign_in_and_remembered_start_name_the_user_alike(
    qtbot, cache, tmp_path, monkeypatch
):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QLabel

    from mpro_desktop import app, credentials

    monkeypatch.setenv("MPRO_DATA_DIR", str(tmp_path / "data"))
    url, email = "https://portal.example", "anna@example.com"
    first = app.Session(url, email, "access", "refresh", "Anna Berg", remembered=True)
    app.remember_session(first)  # what start_worker does after the first sign-in
    settings = QSettings()
    settings.setValue("login/server", url)
    settings.setValue("login/email", email)
    monkeypatch.setattr(credentials, "load_refresh_token", lambda _u, _e: "refresh")
    remembered = app._remembered_session("")
    offline = app.last_session()
    assert remembered is not None and offline is not None
    labels = {app.user_label(s.display_name, s.email) for s in (first, remembered, offline)}
    assert labels == {"Anna Berg (anna@example.com)"}
    # and the window shows exactly that label in its status bar
    w = MainWindow(cache, FakeSync(), user_label=labels.pop())
    qtbot.addWidget(w)
    texts = [lbl.text() for lbl in w.status.findChildren(QLabel)]
    assert "Anna Berg (anna@example.com)" in texts
