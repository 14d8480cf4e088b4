"""Issue 7: a van that stops reporting turns "as of …" by the clock alone — no new data,
no database read — and only its live columns repaint. The clock is injected; the
model's own QTimer (``stale_timer``) does the work on the UI thread."""

from __future__ import annotations

import time

import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, Qt

from mpro_desktop.domain.vehicles import STALE_AFTER_S
from mpro_desktop.models import format as fmt
from mpro_desktop.models.colors import colors
from mpro_desktop.models.vehicles import LIVE_COLUMNS, STALE_CHECK_MS, VehicleTableModel
from mpro_desktop.sync.cache import vehicle_status_t
from mpro_desktop.views.common.operations import wait_for_background_jobs
from mpro_desktop.views.main_window import MainWindow
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync


def _set_status_time(cache, vehicle_id: str, ts: float) -> None:
    with cache.write() as conn:
        conn.execute(
            vehicle_status_t.update()
            .where(vehicle_status_t.c.vehicle_id == vehicle_id)
            .values(
                ts=ts,
                data={"ts": ts, "speed_kmh": 69.0, "ignition": True, "fuel_level_pct": 50.0},
            )
        )


def test_the_check_runs_every_30_seconds(qapp):
    model = VehicleTableModel()
    assert model.stale_timer.isActive()
    assert model.stale_timer.interval() == STALE_CHECK_MS == 30_000


def test_a_van_that_stops_reporting_turns_stale_by_the_clock_alone(qtbot, cache):
    ids = fill_vehicles(cache, 6)
    start = time.time()
    for k, vid in enumerate(ids):  # veh 0 newest ... veh 5 oldest, all live
        _set_status_time(cache, vid, start - 10 * k)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.show()
    pane = w.pane("vehicles")
    model = pane.model
    now = [start]
    model.clock = lambda: now[0]
    w.reload_all()
    qtbot.waitUntil(lambda: model.rowCount() == 6)
    pane.select_vehicle(ids[5])
    qtbot.waitUntil(lambda: pane.detail.vehicle is not None and pane.detail.vehicle["id"] == ids[5])
    state_col = model.column_index("state")
    row5, row0 = model.row_for_id(ids[5]), model.row_for_id(ids[0])
    assert model.index(row5, state_col).data() == "Driving"
    assert "as of" not in pane.detail.fields["updated"].text()

    changes: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, _roles=(): changes.append((a.row(), b.row(), a.column(), b.column()))
    )
    assert wait_for_background_jobs()  # the chart's history read, started by selecting
    qtbot.wait(50)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        # 5 s past the moment the oldest van's data turns old; the newer ones stay live
        now[0] = start - 50 + STALE_AFTER_S + 5
        model.stale_timer.setInterval(20)  # the same timer, sooner (30 s in the program)
        qtbot.waitUntil(lambda: bool(changes), timeout=2000)
        qtbot.wait(100)  # more ticks: nothing else turns old, nothing else repaints
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
        model.stale_timer.setInterval(STALE_CHECK_MS)
    live = [model.column_index(k) for k in LIVE_COLUMNS]
    assert changes == [(row5, row5, min(live), max(live))]  # that row, its live columns
    assert statements == []  # the clock alone: no database
    expected = f"Driving, as of {fmt.clock(start - 50, now[0])}"
    assert model.index(row5, state_col).data() == expected
    assert model.index(row5, state_col).data(Qt.ItemDataRole.ToolTipRole) == expected
    for key in ("speed", "updated"):
        index = model.index(row5, model.column_index(key))
        assert index.data(Qt.ItemDataRole.ForegroundRole) == colors().muted, key
    assert "as of" in model.index(row5, model.column_index("updated")).data()
    assert model.index(row0, state_col).data() == "Driving"  # still live
    # the detail of the selected van says so too
    assert pane.detail.fields["updated"].text().startswith("as of")


def test_the_state_text_is_one_translatable_sentence(qtbot, swedish):
    model = VehicleTableModel()
    now = time.time()
    old = now - STALE_AFTER_S - 3600
    model.set_rows(
        [
            {
                "id": "v1",
                "vin": "WDB1234561P000001",
                "status": {"ts_epoch": old, "ignition": True, "speed_kmh": 50.0},
            }
        ]
    )
    text = model.index(0, model.column_index("state")).data()
    tr = QCoreApplication.translate
    assert tr("VehicleTableModel", "%1, as of %2") != "%1, as of %2"  # translated
    assert text == (
        tr("VehicleTableModel", "%1, as of %2")
        .replace("%1", tr("VehicleTableModel", "Driving"))
        .replace("%2", fmt.clock(old, now))
    )
    assert "as of" not in text and text.startswith("Kör")
