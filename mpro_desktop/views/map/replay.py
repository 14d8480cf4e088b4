"""Trip replay: a finished trip's route drawn on the map and a marker that drives it.

The trips come from the portal (``GET /vehicles/{id}/trips``, online only: they are
not in the cache); the route comes from the cache's telemetry window (7 days by
default), so a replay needs no more network than the list. :func:`parse_trips`
refuses an answer that is not a trip list; :func:`read_track` runs off the UI thread
(both live in ``models.trips``, the one home of the trip answer).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from mpro_desktop.views.map import geo
from mpro_desktop.views.map.items import VanItem

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.views.map.view import FleetScene

#: how long a replay takes on screen, whatever the trip's length
REPLAY_S = 12.0
TICK_MS = 40
REPLAY_Z = 30.0


class TripReplay(QObject):
    """Draws one track on a :class:`FleetScene` and drives a marker along it."""

    sig_progress = Signal(float)
    """How far the replay is (0 … 1)."""

    sig_finished = Signal()
    """The marker reached the end (or the replay was stopped)."""

    def __init__(self, scene: FleetScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.track: list[tuple[float, float, float]] = []
        self._times: list[float] = []
        self.path_item: QGraphicsPathItem | None = None
        self.marker: VanItem | None = None
        self.position = 0.0  # replay time, seconds since the track's first point
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def start(self, track: list[tuple[float, float, float]]) -> None:
        """Show ``track`` (at least two points) and start driving it."""
        self.stop()
        if len(track) < 2:
            raise ValueError("a replay needs at least two positions")
        self.track = track
        self._times = [t for t, _la, _lo in track]
        palette = self.scene.palette_
        path = QPainterPath()
        for i, (_t, lat, lon) in enumerate(track):
            x, y = geo.project(lon, lat)
            path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
        pen = QPen(palette.replay, 4.0)
        pen.setCosmetic(True)
        self.path_item = self.scene.addPath(path, pen)
        self.path_item.setZValue(REPLAY_Z - 1)
        self.marker = VanItem("replay")
        self.marker.setZValue(REPLAY_Z)
        self.scene.addItem(self.marker)
        self.position = 0.0
        self._place()
        self.timer.start()

    def stop(self) -> None:
        was = self.running or self.path_item is not None
        self.timer.stop()
        for item in (self.path_item, self.marker):
            if item is not None:
                self.scene.removeItem(item)
        self.path_item = self.marker = None
        if was:
            self.sig_finished.emit()

    def duration(self) -> float:
        return self._times[-1] - self._times[0] if self._times else 0.0

    def _tick(self) -> None:
        step = max(self.duration(), 1.0) * TICK_MS / 1000.0 / REPLAY_S
        self.position = min(self.duration(), self.position + step)
        self._place()
        self.sig_progress.emit(self.position / max(self.duration(), 1e-9))
        if self.position >= self.duration():
            self.timer.stop()
            self.sig_finished.emit()

    def _place(self) -> None:
        """Put the marker where the van was at ``position`` (between two samples)."""
        if self.marker is None:
            return
        t = self._times[0] + self.position
        i = max(1, min(len(self._times) - 1, bisect.bisect_left(self._times, t)))
        (t0, la0, lo0), (t1, la1, lo1) = self.track[i - 1], self.track[i]
        f = 0.0 if t1 <= t0 else max(0.0, min(1.0, (t - t0) / (t1 - t0)))
        lat, lon = la0 + f * (la1 - la0), lo0 + f * (lo1 - lo0)
        self.marker.setPos(*geo.project(lon, lat))
        heading = geo.bearing_deg(la0, lo0, la1, lo1) if (la0, lo0) != (la1, lo1) else None
        palette = self.scene.palette_
        self.marker.set_look(
            QColor(palette.replay), palette.outline, palette.label, heading=heading, selected=True
        )

    def marker_lat_lon(self) -> tuple[float, float] | None:
        if self.marker is None:
            return None
        return geo.unproject(self.marker.pos().x(), self.marker.pos().y())[::-1]
