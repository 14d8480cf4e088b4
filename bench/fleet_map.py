"""Fleet map: median frame time with N moving vans, offscreen, against a bare scene.

Ours: the real ``FleetMapModel`` + ``FleetScene`` + ``MapView`` (shipped basemap as the
cached background) at 1024×640 fitted to the fleet; a frame = one live
sample for every van through ``apply_samples`` (position, heading, activity, tooltip,
trail) + a full paint of the view (``grab()``); once as the pane shows 2,000 vans (the
selected van's trail only: ``TRAILS_FOR_ALL_MAX``) and once with every trail drawn. Baseline, measured in the same run:
a bare ``QGraphicsScene`` in a plain ``QGraphicsView`` of the same size with N plain
``QGraphicsEllipseItem`` moved by ``setPos`` each frame, no basemap, no model.
"""

from __future__ import annotations

import math
import os
import statistics
import time

from bench.common import Result

CENTRES = ((59.33, 18.07), (57.71, 11.97))  # Stockholm, Göteborg: where the demo drives


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _start_positions(n: int) -> list[tuple[float, float, float]]:
    """(lat, lon, course) of each van, spread 40 km around the two cities."""
    out = []
    for i in range(n):
        lat, lon = CENTRES[i % 2]
        a = i * 2.399963  # golden angle: an even spread without randomness
        r = 0.35 * math.sqrt(i / n)
        out.append((lat + r * math.sin(a), lon + 2 * r * math.cos(a), (i * 37) % 360))
    return out


def _step(pos: tuple[float, float, float], frame: int) -> tuple[float, float]:
    lat, lon, course = pos
    d = 0.0004 * (frame + 1)  # ~45 m per frame
    c = math.radians(course + frame * 3)
    return lat + d * math.cos(c), lon + 2 * d * math.sin(c)


def _ours(n: int, frames: int, *, trails: bool) -> float:
    from mpro_desktop.views.map import basemap
    from mpro_desktop.views.map.model import FleetMapModel
    from mpro_desktop.views.map.view import FleetScene, MapView

    now = time.time()
    starts = _start_positions(n)
    model = FleetMapModel()
    model.set_vehicles(
        [
            {
                "id": f"v{i}",
                "vin": f"VIN{i:014d}",
                "name": f"Van {i}",
                "status": {
                    "ts_epoch": now,
                    "lat": la,
                    "lon": lo,
                    "speed_kmh": 40.0,
                    "ignition": True,
                },
            }
            for i, (la, lo, _c) in enumerate(starts)
        ]
    )
    scene = FleetScene(model)
    scene.set_show_trails(trails)
    scene.select("v0")  # the selected van's trail is drawn whatever the box says
    view = MapView(scene, basemap.BasemapPainter(basemap.load()))
    view.resize(1024, 640)
    view.show()
    view.fit_fleet()
    view.grab()
    times = []
    for f in range(frames):
        ts = now + (f + 1) * 20.0  # 20 s apart: each frame also grows every trail
        batch = {}
        for i, pos in enumerate(starts):
            la, lo = _step(pos, f)
            batch[f"v{i}"] = [
                {"ts_epoch": ts, "lat": la, "lon": lo, "speed_kmh": 40.0, "ignition": True}
            ]
        t0 = time.perf_counter()
        model.apply_samples(batch)
        view.grab()
        times.append(time.perf_counter() - t0)
    assert len(scene.vans) == n and all(len(model.van(i).trail) > 1 for i in range(n))
    view.close()
    view.deleteLater()
    return statistics.median(times)


def _baseline(n: int, frames: int) -> float:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QBrush, QColor
    from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

    from mpro_desktop.views.map import geo

    starts = _start_positions(n)
    scene = QGraphicsScene()
    items = []
    for la, lo, _c in starts:
        item = scene.addEllipse(QRectF(-0.5, -0.5, 1.0, 1.0), brush=QBrush(QColor("#1e7b34")))
        item.setPos(*geo.project(lo, la))
        items.append(item)
    view = QGraphicsView(scene)
    view.resize(1024, 640)
    view.show()
    view.fitInView(scene.itemsBoundingRect())
    view.grab()
    times = []
    for f in range(frames):
        moved = [geo.project(lo, la) for la, lo in (_step(p, f) for p in starts)]
        t0 = time.perf_counter()
        for item, (x, y) in zip(items, moved, strict=True):
            item.setPos(x, y)
        view.grab()
        times.append(time.perf_counter() - t0)
    view.close()
    view.deleteLater()
    return statistics.median(times)


def run(quick: bool) -> list[Result]:
    n, frames = (2000, 5) if quick else (2000, 30)
    _app()
    base = _baseline(n, frames)
    ours = _ours(n, frames, trails=False)
    all_trails = _ours(n, frames, trails=True)
    what = (
        f"median of {frames} frames, {n:,} moving vans, 1024×640 offscreen: apply_samples "
        "(position, heading, activity, trail) + grab(); baseline: bare QGraphicsScene, same "
        "number of plain ellipse items, setPos"
    )
    return [
        Result(
            "fleet map frame",
            ours * 1000,
            "ms",
            base * 1000,
            "≤ 3 × baseline",
            ours / base,
            ours / base <= 3.0,
            what + "; the selected van's trail",
        ),
        Result(
            "fleet map frame, all trails",
            all_trails * 1000,
            "ms",
            base * 1000,
            "report only",
            all_trails / base,
            None,
            "same, with every van's last-hour trail",
        ),
    ]
