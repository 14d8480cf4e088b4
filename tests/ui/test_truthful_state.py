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


def _make_stale(cache, vehicle_id: str, ts: float) -> None:
    from mpro_desktop.sync.cache import vehicle_status_t

    with cache.write() as conn:
        conn.execute(
            vehicle_status_t.update()
            .where(vehicle_status_t.c.vehicle_id == vehicle_id)
            .values(
                ts=ts,
                data={"ts": ts, "speed_kmh": 69.0, "ignition": True, "fuel_level_pct": 50.0},
            )
        )


def test_old_data_says_as_of_and_is_muted_in_table_and_dashboard(qtbot, cache):
    from mpro_desktop.domain.vehicles import STALE_AFTER_S
    from mpro_desktop.models import format as fmt
    from mpro_desktop.models.colors import colors

    ids = fill_vehicles(cache, 3)
    old = time.time() - STALE_AFTER_S - 3600
    for vid in ids:
        _make_stale(cache, vid, old)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    row = pane.model.row_for_id(ids[1])
    stamp = fmt.as_of(old)
    assert "as of" in stamp
    for key in ("state", "speed", "updated"):
        index = pane.model.index(row, pane.model.column_index(key))
        assert index.data(Qt.ItemDataRole.ForegroundRole) == colors().muted, key
    state = pane.model.index(row, pane.model.column_index("state")).data()
    assert state.startswith("Driving") and stamp in state
    assert stamp in pane.model.index(row, pane.model.column_index("updated")).data()
    pane.select_vehicle(ids[1])
    assert pane.detail.fields["updated"].text() == stamp

    w.show_pane("dashboard")
    tile = w.pane("dashboard").tiles["moving"]
    qtbot.waitUntil(lambda: stamp in tile.value.text())
    assert tile.value.text().startswith("0")  # nobody is driving *now*
    assert tile.value.property("mpro_tone") == "muted"

    # fresh data: the same row reads as live again, in the normal colour
    _make_stale(cache, ids[1], time.time())
    w.reload_all()
    w.show_pane("vehicles")
    qtbot.waitUntil(
        lambda: "as of" not in pane.model.index(row, pane.model.column_index("state")).data()
    )
    index = pane.model.index(row, pane.model.column_index("speed"))
    assert index.data(Qt.ItemDataRole.ForegroundRole) is None


def test_offline_status_bar_names_the_last_sync(qtbot, cache):
    import datetime as dt

    when = dt.datetime.now().replace(hour=14, minute=2, second=0, microsecond=0)
    with cache.write() as conn:
        cache.set_state("last_sync_at", when.astimezone(dt.UTC).isoformat(), conn)
    w = MainWindow(cache, FakeSync(), offline=True)
    qtbot.addWidget(w)
    # read off the UI thread (the write/read guard of conftest fails a UI-thread read)
    qtbot.waitUntil(lambda: w.status.connection.text() == "● Offline — last synced 14:02")
    # ... and the last-sync label, which would say the same, makes room for it
    assert w.status.last_sync.isHidden()
    assert "Not synced yet" not in w.status.last_sync.text()


def test_offline_status_bar_without_any_sync(qtbot, cache):
    w = MainWindow(cache, FakeSync(), offline=True)
    qtbot.addWidget(w)
    qtbot.wait(200)  # the cache state read in the background finds no sync
    assert w.status.last_sync.text() == "Not synced yet"
    assert w.status.connection.text() == "● Offline mode"
    assert "cached data only" in w.status.connection.toolTip()


def test_chart_says_no_data_yet_until_samples_arrive(qtbot):
    from mpro_desktop.views.common.telemetry_chart import TelemetryChart

    chart = TelemetryChart()
    qtbot.addWidget(chart)
    chart.show()
    chart.reset("fuel_level_pct")
    qtbot.waitUntil(lambda: chart.empty_label.isVisible())
    assert chart.empty_label.text() == "No data yet"
    assert chart.empty_label.geometry() == chart.view.geometry()  # covers the empty plot
    assert chart.empty_label.autoFillBackground()
    chart.add_samples([{"ts_epoch": time.time(), "speed_kmh": 30.0, "fuel_level_pct": 40.0}])
    qtbot.waitUntil(lambda: not chart.empty_label.isVisible())
    assert chart.view.isVisible()


def test_detail_of_a_vehicle_without_data(qtbot, cache):
    ids = fill_vehicles(cache, 2, with_status=False)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    pane.select_vehicle(ids[0])
    assert pane.detail.fields["updated"].text() == "No data yet"


def test_a_repeat_demo_start_names_the_user_as_its_sign_in_did(tmp_path, monkeypatch):
    """The demo's portal has a new port each run, so the name is found by its cache
    (a repeat --demo start showed only the e-mail, the first one the full name)."""
    from mpro_desktop import app

    monkeypatch.setenv("MPRO_DATA_DIR", str(tmp_path / "data"))
    email = "admin@demo-transport.se"
    signed_in = app.Session(
        "http://127.0.0.1:40001", email, "a", "r", "Anna Andersson", cache_key=app.DEMO_CACHE_KEY
    )
    app.remember_session(signed_in)
    again = app.repeat_demo_session(email)
    assert again.cache_file == signed_in.cache_file
    assert app.user_label(again.display_name, again.email) == app.user_label(
        signed_in.display_name, email
    )
    assert app.repeat_demo_session("someone@else.se").display_name == ""
