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

from embedded_server.simulator.vehicle import Van
from mpro_desktop.domain.alerts import Thresholds
from mpro_desktop.domain.openings import openings
from mpro_desktop.domain.telemetry import DOORS, FUEL_DIESEL
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
    assert "Doors: a door is open (the vehicle does not say which)" in words
    assert "Lock: unlocked" in words and "RL 300 kPa" in words
    assert v["doors"].palette().color(v["doors"].foregroundRole()) == colors().warning


def test_the_openings_model_names_each_door_and_window():
    found = openings({"doors_open": True, "door_sliding_open": True, "door_driver_open": False,
                      "windows_open": True, "window_driver": "partly_open",
                      "window_passenger": "closed", "hood_open": False})
    assert found.doors == {"driver": False, "passenger": None, "sliding": True, "rear": None}
    assert found.open_doors() == ["sliding"] and found.any_door_open is True
    assert found.open_windows() == ["driver"] and found.hood is False
    closed = openings({"doors_open": False, "windows_open": False})
    assert set(closed.doors.values()) == {False} and set(closed.windows.values()) == {"closed"}
    assert closed.open_doors() == [] and closed.any_window_open is False
    unknown = openings({"doors_open": True, "window_driver": "ajar"})  # not a state word
    assert set(unknown.doors.values()) == {None} and unknown.any_door_open is True
    assert unknown.windows == {"driver": None, "passenger": None}
    assert openings(None).any_door_open is None


def _sliding_door_spot(drawing) -> tuple[int, int]:
    """Where the sliding door is drawn when open (VanDrawing._door_geometry)."""
    x0 = (drawing.width() - 96.0) / 2
    y0 = (drawing.height() - 200.0) / 2 + 4
    return round(x0 + 96 + 6), round(y0 + 144)


def test_which_door_and_window_is_open_is_drawn_and_said(qtbot):
    view = _view(qtbot)
    status = _live(doors_open=True, door_driver_open=False, door_passenger_open=False,
                   door_sliding_open=True, door_rear_open=False, windows_open=True,
                   window_driver="partly_open", window_passenger="closed")
    view.show_vehicle({"id": "v", "fuel_type": "electric", "status": status})
    words = view.drawing.accessibleDescription()
    assert ("Doors: driver's door closed, passenger door closed, sliding door open, "
            "rear doors closed;") in words
    assert "Windows: driver's window partly open, passenger window closed;" in words
    assert view.values["doors"].text() == "Open: sliding door"
    assert view.values["windows"].text() == "Driver's window partly open"
    x, y = _sliding_door_spot(view.drawing)
    assert _image(view.drawing).pixelColor(x, y) == colors().warning  # drawn slid open
    view.show_vehicle({"id": "v", "fuel_type": "electric",
                       "status": dict(status, door_sliding_open=False, doors_open=False)})
    assert _image(view.drawing).pixelColor(x, y) != colors().warning  # flush again
    assert "sliding door closed" in view.drawing.accessibleDescription()
    assert view.values["doors"].text() == "Closed"


def test_the_simulated_van_says_which_door_it_opens(qtbot):
    """The R22 fields as ``mpro-sim`` sends them: a delivery stop opens the driver's
    door, then the cargo door; the view names the one that is open."""
    van = Van("YV1DOORVIEW000001", FUEL_DIESEL, seed=5, start_epoch=NOW - 86400)
    view = _view(qtbot)
    named: set[str] = set()
    for _ in range(6 * 3600):
        s = van.step(1.0)
        if not s["doors_open"]:
            continue
        status = dict(s, ts_epoch=NOW)
        view.show_vehicle({"id": "v", "fuel_type": "diesel", "status": status})
        (door,) = [d for d in DOORS if s[f"door_{d}_open"]]
        name = {"driver": "driver's door", "passenger": "passenger door",
                "sliding": "sliding door", "rear": "rear doors"}[door]
        assert f"{name} open" in view.drawing.accessibleDescription()
        assert view.values["doors"].text() == f"Open: {name}"
        named.add(door)
        if {"driver", "sliding"} <= named:
            break
    assert {"driver", "sliding"} <= named, named


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
