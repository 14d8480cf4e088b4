"""Issue 12: the fleet map — the shipped basemap, the map model (qtmodeltester), the
scene updated in place, and a click on a van that targets that vehicle everywhere.

Real cache file, real window and widgets; the click goes through the view's mouse
events at the van's pixel, and the proof that it targets the van is the vehicle id of
the remote command the Vehicles pane then queues.
"""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mpro_desktop.domain import vehicles as rules
from mpro_desktop.sync.cache import Cache, vehicle_status_t
from mpro_desktop.views.common.operations import wait_for_background_jobs
from mpro_desktop.views.main_window import MainWindow
from mpro_desktop.views.map import basemap
from mpro_desktop.views.map.model import ActivityRole, FleetMapModel, HeadingRole, PositionRole
from mpro_desktop.views.map.view import FleetScene
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync
from tests.ui.test_selection_target import _click_unlock, _commands_sent

STOCKHOLM = (59.3293, 18.0686)
GOTEBORG = (57.7089, 11.9746)


def test_the_shipped_basemap_loads_and_covers_the_nordics():
    bm = basemap.load()
    assert len(bm.land) >= 100 and len(bm.lakes) >= 50 and bm.borders
    assert bm.point_count() > 10_000
    names = {c.name for c in bm.cities}
    assert {"Stockholm", "Göteborg", "Oslo", "Helsinki", "København", "Malmö", "Uppsala"} <= names
    lon0, lat0, lon1, lat1 = bm.box
    assert all(lon0 <= c.lon <= lon1 and lat0 <= c.lat <= lat1 for c in bm.cities)
    # Sweden's big lakes are there (Vänern: lon 12.4-14.2, lat 58.4-59.4)
    assert any(
        12.0 < s[:, 0].mean() < 14.5 and 58.3 < s[:, 1].mean() < 59.5 and len(s) > 50
        for s in bm.lakes
    )
    painter = basemap.BasemapPainter(bm)
    assert not painter.land.isEmpty() and not painter.bounds().isEmpty()


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{",
        json.dumps({"land": [[1, 2, 3]]}),
        json.dumps(
            {"land": [], "lakes": [], "islands": [], "borders": [], "cities": [["x"]], "box": []}
        ),
    ],
)
def test_a_damaged_basemap_says_so(tmp_path, content):
    path = tmp_path / "basemap.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(basemap.BasemapError, match="basemap"):
        basemap.load(path)


def _row(vid: str, lat: float, lon: float, now: float, **status) -> dict:
    return {
        "id": vid,
        "vin": f"VIN{vid}",
        "name": f"Van {vid}",
        "status": {"ts_epoch": now, "lat": lat, "lon": lon, **status},
    }


def test_map_model_passes_qtmodeltester_and_moves_vans_in_place(qtmodeltester, qtbot):
    now = time.time()
    model = FleetMapModel(clock=lambda: now)
    rows = [
        _row("a", *STOCKHOLM, now, ignition=True, speed_kmh=50.0),
        _row("b", *GOTEBORG, now, ignition=False, speed_kmh=0.0),
        _row("c", *GOTEBORG, now, plug_state="connected"),
        _row("d", *STOCKHOLM, now - 3600),
        _row("e", *STOCKHOLM, now),
        {"id": "f", "vin": "VINf", "name": None, "status": None},
    ]
    model.set_vehicles(rows, alerted={"e"})
    qtmodeltester.check(model)
    acts = [model.index(i).data(ActivityRole) for i in range(model.rowCount())]
    assert acts == [rules.DRIVING, rules.PARKED, rules.CHARGING, rules.STALE, rules.ALERT, None]
    assert model.index(5).data(PositionRole) is None
    assert model.index(5).data() == "VINf"  # no name: the VIN

    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged):
        model.apply_samples(
            {
                "a": [
                    {
                        "ts_epoch": now + 10,
                        "lat": STOCKHOLM[0],
                        "lon": STOCKHOLM[1] + 0.01,
                        "speed_kmh": 40.0,
                        "ignition": True,
                    }
                ]
            }
        )
    assert model.index(0).data(HeadingRole) == pytest.approx(90.0, abs=0.5)  # due east
    assert model.index(0).data(PositionRole) == (STOCKHOLM[0], STOCKHOLM[1] + 0.01)
    # an older sample does not move the van back
    model.apply_samples({"a": [{"ts_epoch": now - 100, "lat": 1.0, "lon": 1.0}]})
    assert model.index(0).data(PositionRole)[1] == pytest.approx(STOCKHOLM[1] + 0.01)
    # the same vans again from the cache: in place, no reset
    model.set_vehicles(rows, alerted=set())
    assert not resets
    assert model.index(4).data(ActivityRole) == rules.PARKED
    qtmodeltester.check(model)


def test_a_trail_keeps_the_last_hour_at_most_one_point_per_step():
    now = time.time()
    model = FleetMapModel(clock=lambda: now)
    model.set_vehicles([_row("a", 59.0, 18.0, now - 7200)])
    for k in range(0, 7200, 5):
        model.apply_samples(
            {"a": [{"ts_epoch": now - 7200 + k, "lat": 59.0 + k * 1e-5, "lon": 18.0}]}
        )
    trail = model.van(0).trail
    assert trail[-1][0] - trail[0][0] <= 3600
    assert 200 <= len(trail) <= 241
    assert all(b[0] - a[0] >= 15 for a, b in zip(trail, list(trail)[1:], strict=False))


def test_the_scene_moves_items_and_never_rebuilds_them(qtbot):
    now = time.time()
    model = FleetMapModel(clock=lambda: now)
    model.set_vehicles([_row(str(i), 59.0 + i * 1e-3, 18.0, now) for i in range(2000)])
    scene = FleetScene(model)
    items = dict(scene.vans)
    assert len(items) == 2000 and all(i.isVisible() for i in items.values())
    before = items["7"].pos()
    model.apply_samples(
        {
            str(i): [
                {
                    "ts_epoch": now + 1,
                    "lat": 59.0 + i * 1e-3,
                    "lon": 18.01,
                    "speed_kmh": 30.0,
                    "ignition": True,
                }
            ]
            for i in range(2000)
        }
    )
    assert scene.vans == items  # the same item objects
    assert items["7"].pos().x() > before.x()
    assert items["7"].heading_step == 9  # drawn pointing east (90° in 10° steps)
    assert model.tooltip(model.van(7)) == "Van 7 — Driving, 30 km/h"


def _fill_positions(cache: Cache, n: int) -> list[str]:
    ids = fill_vehicles(cache, n, with_status=False)
    now = time.time()
    with cache.write() as conn:
        for i, vid in enumerate(ids):
            lat, lon = STOCKHOLM if i % 2 == 0 else GOTEBORG
            status = {
                "ts": now,
                "lat": lat + i * 0.01,
                "lon": lon + i * 0.01,
                "speed_kmh": 0.0,
                "ignition": False,
                "locked": True,
            }
            conn.execute(vehicle_status_t.insert().values(vehicle_id=vid, ts=now, data=status))
    return ids


def test_clicking_a_van_targets_that_vehicle(qtbot, cache):
    ids = _fill_positions(cache, 6)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.reload_all()
    vehicles, the_map = w.pane("vehicles"), w.pane("map")
    qtbot.waitUntil(lambda: vehicles.model.rowCount() == 6 and the_map.model.rowCount() == 6)
    w.show_pane("map")
    qtbot.waitUntil(lambda: the_map.view.isVisible() and len(the_map.scene.vans) == 6)
    the_map.view.set_scale(40.0)  # 40 px a km: the vans 1 km apart stand apart
    for target in (ids[3], ids[4]):
        the_map.view.centre_on_van(target)
        item = the_map.scene.vans[target]
        at = the_map.view.mapFromScene(item.pos())
        QTest.mouseClick(the_map.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.waitUntil(lambda t=target: vehicles.selection.vehicle_id == t)
        assert vehicles.selected_row_id() == target  # the row the user sees selected
        assert the_map.scene.selected_id == target and the_map.target_id == target
        assert w.stack.currentWidget() is the_map  # a single click stays on the map
    # a double click opens the van's view, where every action targets it
    at = the_map.view.mapFromScene(the_map.scene.vans[ids[4]].pos())
    QTest.mouseDClick(the_map.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is vehicles)
    assert vehicles.selection.vehicle_id == ids[4]
    _click_unlock(qtbot, vehicles)
    assert _commands_sent(cache) == [ids[4]]
    assert wait_for_background_jobs()


def test_a_drag_pans_and_selects_nothing(qtbot, cache):
    _fill_positions(cache, 4)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.reload_all()
    the_map, vehicles = w.pane("map"), w.pane("vehicles")
    w.show_pane("map")
    qtbot.waitUntil(lambda: len(the_map.scene.vans) == 4 and vehicles.model.rowCount() == 4)
    before_target = vehicles.selection.vehicle_id
    view = the_map.view
    centre_before = view.mapToScene(view.viewport().rect().center())
    vid = next(iter(the_map.scene.vans))
    view.centre_on_van(vid)
    at = view.mapFromScene(the_map.scene.vans[vid].pos())
    centre_before = view.mapToScene(view.viewport().rect().center())
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseMove(view.viewport(), at + type(at)(60, 40))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=at + type(at)(60, 40))
    assert view.mapToScene(view.viewport().rect().center()) != centre_before
    assert vehicles.selection.vehicle_id == before_target
    scale = view.scale_px_per_km()
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.scale_px_per_km() == pytest.approx(scale * 1.25)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.scale_px_per_km() == pytest.approx(scale)
    assert wait_for_background_jobs()
