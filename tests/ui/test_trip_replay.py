"""Issue 12: trip replay on the fleet map — the portal's trip list checked, the route
read from the real cache's telemetry, and a marker that drives it to the end."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from mpro_desktop.models.trips import Trip, TripListError, parse_trips, read_track
from mpro_desktop.views.common.operations import wait_for_background_jobs
from mpro_desktop.views.main_window import MainWindow
from mpro_desktop.views.map.model import FleetMapModel
from mpro_desktop.views.map.replay import TripReplay
from mpro_desktop.views.map.view import FleetScene
from tests.ui.test_fleet_map import _fill_positions
from tests.ui.test_main_window import FakeSync

T0 = float(int(time.time()) - 3000)  # whole seconds: the ISO round trip is exact


def _iso(epoch: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat().replace("+00:00", "Z")


def _page() -> dict:
    return {
        "items": [
            {
                "id": "t1",
                "vehicle_id": "v",
                "started_at": _iso(T0),
                "ended_at": _iso(T0 + 600),
                "start": {"lat": 59.3, "lon": 18.0, "odometer_km": 10.0, "place": "Kista"},
                "end": {"lat": 59.4, "lon": 18.1, "odometer_km": 22.0, "place": "Solna"},
                "distance_km": 12.0,
                "max_speed_kmh": 70.0,
                "version": 1,
            },
            {
                "id": "t2",
                "vehicle_id": "v",
                "started_at": _iso(T0 + 900),
                "ended_at": None,
                "start": {"lat": 59.4, "lon": 18.1, "odometer_km": 22.0},
                "end": {"lat": None, "lon": None, "odometer_km": None},
                "distance_km": None,
                "max_speed_kmh": 30.0,
                "version": 1,
            },
        ],
        "next_cursor": None,
    }


def test_the_trip_list_is_read_newest_first():
    trips = parse_trips(_page())
    assert [t.id for t in trips] == ["t2", "t1"]
    assert trips[1].started == pytest.approx(T0, abs=1e-3)
    assert trips[1].ended == pytest.approx(T0 + 600, abs=1e-3)
    assert trips[0].ended is None
    assert "12 km" in trips[1].label() and "Kista → Solna" in trips[1].label()
    assert trips[0].label().endswith("now")


@pytest.mark.parametrize(
    "page",
    [
        None,
        [],
        {"items": 3},
        {"items": [1]},
        {"items": [{"id": "x", "started_at": "yesterday"}]},
        {"items": [{"id": 7, "started_at": "2026-01-01T00:00:00Z"}]},
    ],
)
def test_an_answer_that_is_not_a_trip_list_is_refused(page):
    with pytest.raises(TripListError):
        parse_trips(page)


def _store_track(cache, vid: str) -> None:
    samples = [
        {"ts": T0 - 60 + 10 * k, "lat": 59.30 + 0.001 * k, "lon": 18.0 + 0.001 * k}
        for k in range(0, 80)
    ]
    cache.store_telemetry(vid, samples)


def test_the_route_comes_from_the_cache_within_the_trip(cache):
    _store_track(cache, "v")
    trip = parse_trips(_page())[1]
    track = read_track(cache, "v", trip)
    assert track[0][0] >= T0 and track[-1][0] <= T0 + 600
    assert len(track) == 61  # one position every 10 s over the 600 s trip
    assert track == sorted(track)


def test_the_marker_drives_the_whole_track(qtbot):
    scene = FleetScene(FleetMapModel())
    replay = TripReplay(scene)
    track = [(T0 + 10 * k, 59.3 + 0.001 * k, 18.0) for k in range(30)]
    finished = []
    replay.sig_finished.connect(lambda: finished.append(1))
    replay.start(track)
    replay.timer.stop()  # driven tick by tick here: no wall clock in the test
    lat, lon = replay.marker_lat_lon()
    assert (lat, lon) == pytest.approx((59.3, 18.0), abs=1e-6)
    assert replay.marker.heading_step == 0  # northwards
    ticks = 0
    while not finished and ticks < 1000:
        replay._tick()
        ticks += 1
    assert finished and 200 < ticks < 400  # about REPLAY_S at TICK_MS
    assert replay.marker_lat_lon() == pytest.approx((59.3 + 0.029, 18.0), abs=1e-6)
    replay.stop()
    assert replay.path_item is None and replay.marker is None
    with pytest.raises(ValueError):
        replay.start(track[:1])


def test_the_map_pane_replays_a_chosen_trip(qtbot, cache):
    ids = _fill_positions(cache, 2)
    _store_track(cache, ids[0])
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.reload_all()
    the_map, vehicles = w.pane("map"), w.pane("vehicles")
    w.show_pane("map")
    qtbot.waitUntil(lambda: len(the_map.scene.vans) == 2 and vehicles.model.rowCount() == 2)
    w.context.request_vehicle(ids[0])
    qtbot.waitUntil(lambda: the_map.target_id == ids[0])
    # no portal session (offline): the list says why it is empty, nothing to replay
    assert the_map.replay_note.text() == "Trips need a connection to the portal."
    assert not the_map.replay_button.isEnabled()
    the_map.show_trips(parse_trips(_page()))  # what the portal's answer becomes
    assert the_map.trip_box.count() == 2 and the_map.replay_button.isEnabled()
    the_map.trip_box.setCurrentIndex(1)  # the finished trip
    qtbot.mouseClick(the_map.replay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: the_map.replay.running)
    assert len(the_map.replay.track) == 61
    assert not the_map.replay_button.isEnabled() and the_map.stop_button.isEnabled()
    qtbot.mouseClick(the_map.stop_button, Qt.MouseButton.LeftButton)
    assert not the_map.replay.running and the_map.replay.path_item is None
    assert the_map.replay_button.isEnabled()
    # a trip whose positions are not in the local history says so
    the_map.show_trips([Trip("old", T0 - 30 * 86400, T0 - 30 * 86400 + 600, 5.0, None, None)])
    qtbot.mouseClick(the_map.replay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "local history" in the_map.replay_note.text())
    assert wait_for_background_jobs()
