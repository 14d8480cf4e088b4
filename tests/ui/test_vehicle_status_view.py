"""Issue 12, SPEC R22: the whole status of the selected van — doors, windows, hood,
lock and four tyres on a van outline, gear, plug, ignition — and honesty about what is
not known ("–") and about old data ("No connection since …", the domain's rule).

Real widgets, a real cache file and the real Vehicles pane; live samples go through
``on_telemetry`` as the sync worker delivers them.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QImage

from mpro_desktop.domain.alerts import Thresholds
from mpro_desktop.domain.vehicles import STALE_AFTER_S
from mpro_desktop.models.colors import colors, dark_palette
from mpro_desktop.views.main_window import MainWindow
from mpro_desktop.views.vehicles.status_drawing import VehicleStatusView, tyre_level
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync

NOW = time.time()


def _live(**extra) -> dict:
    return {
        "ts_epoch": NOW,
        "lat": 59.33,
        "lon": 18.07,
        "speed_kmh": 0.0,
        "ignition": False,
        "gear": "P",
        "locked": False,
        "doors_open": True,
        "windows_open": False,
        "hood_open": True,
        "plug_state": "connected",
        "soc_pct": 64.0,
        "tyre_fl_kpa": 452.0,
        "tyre_fr_kpa": 371.0,
        "tyre_rl_kpa": 300.0,
        "tyre_rr_kpa": 455.0,
        "outside_temp_c": 4.5,
        "cabin_temp_c": 19.0,
        **extra,
    }


def _view(qtbot) -> VehicleStatusView:
    view = VehicleStatusView()
    view.now = lambda: NOW
    qtbot.addWidget(view)
    view.show()
    return view


def test_every_field_of_a_live_evan_status(qtbot):
    view = _view(qtbot)
    view.show_vehicle({"id": "v", "fuel_type": "electric", "status": _live()})
    v = view.values
    assert v["gear"].text() == "P (park)"
    assert v["ignition"].text() == "Off"
    assert v["plug"].text() == "Charging" and v["plug"].isVisible()
    assert v["doors"].text() == "A door is open"
    assert v["windows"].text() == "Closed"
    assert v["hood"].text() == "Open"
    assert v["temps"].text() == "4.5 °C / 19.0 °C"
    assert not view.banner.isVisible()
    words = view.drawing.accessibleDescription()
    assert "Doors: open" in words and "Lock: unlocked" in words and "RL 300 kPa" in words
    assert v["doors"].palette().color(v["doors"].foregroundRole()) == colors().warning


def test_tyre_colours_follow_the_alert_thresholds():
    th = Thresholds()
    assert tyre_level(th.tyre_critical_kpa - 1) == "critical"
    assert tyre_level(th.tyre_low_kpa - 1) == "low"
    assert tyre_level(th.tyre_low_kpa) == "ok"
    assert tyre_level(None) is None and tyre_level(True) is None


def test_what_the_telemetry_does_not_carry_reads_as_unknown(qtbot):
    """The cached summary (the change feed's) has no tyres, doors, gear or plug."""
    view = _view(qtbot)
    summary = {
        "ts_epoch": NOW,
        "lat": 59.3,
        "lon": 18.0,
        "speed_kmh": 0.0,
        "locked": True,
        "ignition": False,
        "fuel_level_pct": 40.0,
    }
    view.show_vehicle({"id": "v", "fuel_type": "diesel", "status": summary})
    v = view.values
    for key in ("gear", "doors", "windows", "hood"):
        assert v[key].text() == "–", key
    assert view.drawing.accessibleDescription().endswith("FL –; FR –; RL –; RR –")
    assert not v["plug"].isVisible()  # a diesel has no plug
    assert v["ignition"].text() == "Off"
    view.show_vehicle(None)
    assert all(label.text() in ("–", "– / –") for label in v.values())


def test_old_data_says_no_connection_since(qtbot):
    view = _view(qtbot)
    old = NOW - STALE_AFTER_S - 60
    view.show_vehicle({"id": "v", "fuel_type": "electric", "status": _live(ts_epoch=old)})
    assert view.banner.isVisible()
    assert view.banner.text().startswith("No connection since ")
    assert view.drawing.stale
    doors = view.values["doors"]
    assert doors.palette().color(doors.foregroundRole()) == colors().muted


def _image(widget) -> QImage:
    return widget.grab().toImage()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_drawing_paints_in_the_palette(qtbot, qapp, scheme):
    before = qapp.palette()
    try:
        if scheme == "dark":
            qapp.setPalette(dark_palette())
        view = _view(qtbot)
        view.show_vehicle({"id": "v", "fuel_type": "electric", "status": _live()})
        img = _image(view.drawing)
        base = view.drawing.palette().color(view.drawing.palette().ColorRole.Base)
        seen = {
            img.pixelColor(x, y).name()
            for x in range(0, img.width(), 3)
            for y in range(0, img.height(), 3)
        }
        assert colors().error.name() in seen  # the critical rear-left tyre
        assert base.name() in seen  # the body is filled with the palette's Base
    finally:
        qapp.setPalette(before)


def test_the_detail_shows_live_status_of_the_selected_van_only(qtbot, cache):
    ids = fill_vehicles(cache, 3)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3 and pane.selection.vehicle_id is not None)
    target = pane.selection.vehicle_id
    other = next(i for i in ids if i != target)
    view = pane.detail.status_view

    def tyres() -> str:
        return view.drawing.accessibleDescription().split("; ", 4)[4]

    assert tyres() == "FL –; FR –; RL –; RR –"  # the cached summary: none
    sample = {k: v for k, v in _live(ts_epoch=None).items() if k != "ts_epoch"}
    sample["ts"] = time.time()
    pane.on_telemetry({other: [dict(sample, tyre_fl_kpa=111.0)]})
    assert tyres() == "FL –; FR –; RL –; RR –"  # another van's: not here
    pane.on_telemetry({target: [sample]})
    assert tyres() == "FL 452 kPa; FR 371 kPa; RL 300 kPa; RR 455 kPa"
    assert view.values["hood"].text() == "Open"
