"""The map canvas: a QGraphicsView over the basemap and one item per van.

The basemap is the view's cached background (drawn again only on pan or zoom, never
because a van moved); van items follow the model in place (``dataChanged`` of a span
-> ``setPos`` and a cached sprite for the items whose revision moved on). Pan by dragging,
zoom with the wheel or +/-, fit the fleet with 0 or F; a click on a van emits
:attr:`MapView.sig_van_clicked`, a double click :attr:`MapView.sig_van_activated`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QToolTip, QWidget

from mpro_desktop.views.map import geo
from mpro_desktop.views.map.basemap import BasemapPainter
from mpro_desktop.views.map.items import TrailItem, VanItem, shows_arrow
from mpro_desktop.views.map.model import FleetMapModel, Van
from mpro_desktop.views.map.palette import MapPalette, map_palette

#: pixels per km the user can zoom between (whole Nordics … a few streets)
MIN_SCALE = 0.08
MAX_SCALE = 400.0
ZOOM_STEP = 1.25
#: a press that moves less than this is a click, not a drag
CLICK_SLOP_PX = 4
#: the smallest area "fit fleet" shows (km), so one van is not a full-screen dot
FIT_MIN_KM = 6.0


class FleetScene(QGraphicsScene):
    """Van markers and trails for every row of a :class:`FleetMapModel`."""

    def __init__(self, model: FleetMapModel, parent=None) -> None:
        super().__init__(parent)
        # Vans move every second: an index would be rebuilt all the time for 2,000.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.model = model
        self.palette_ = map_palette()
        self.vans: dict[str, VanItem] = {}
        self.trails: dict[str, TrailItem] = {}
        self.show_trails = True
        self.selected_id: str | None = None
        model.modelReset.connect(self.rebuild)
        model.dataChanged.connect(self._on_data_changed)
        self.rebuild()

    def rebuild(self) -> None:
        """New set of vans (a reset): items for new ids, gone ones removed, all synced."""
        ids = {v.id for v in self.model.vans()}
        for vid in list(self.vans):
            if vid not in ids:
                self.removeItem(self.vans.pop(vid))
                trail = self.trails.pop(vid, None)
                if trail is not None:
                    self.removeItem(trail)
        for row in range(self.model.rowCount()):
            self._sync(self.model.van(row), force=True)

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, _roles=()) -> None:
        for row in range(top.row(), bottom.row() + 1):
            self._sync(self.model.van(row))

    def _sync(self, van: Van, *, force: bool = False) -> None:
        item = self.vans.get(van.id)
        if item is None:
            item = VanItem(van.id)
            self.vans[van.id] = item
            self.addItem(item)
        elif item.revision == van.revision and not force:
            return
        item.revision = van.revision
        if van.lat is None:
            item.setVisible(False)
            return
        item.setVisible(True)
        item.setPos(*geo.project(van.lon, van.lat))
        p = self.palette_
        heading = van.heading if shows_arrow(van.activity, van.heading) else None
        item.set_look(
            colour_of(p, van.activity),
            p.outline,
            p.label,
            heading=heading,
            selected=van.id == self.selected_id,
        )
        self._sync_trail(van)

    def _sync_trail(self, van: Van) -> None:
        trail = self.trails.get(van.id)
        shown = self.show_trails or van.id == self.selected_id  # the selected van's: always
        if not shown or len(van.trail) < 2:
            if trail is not None:
                trail.setVisible(False)
            return
        if trail is None:
            trail = TrailItem(self.palette_.trail)
            self.trails[van.id] = trail
            self.addItem(trail)
        trail.setVisible(True)
        trail.set_colour(self.palette_.trail, emphasised=van.id == self.selected_id)
        drawn = (len(van.trail), van.trail[-1][0])
        if drawn == trail.drawn:
            return
        trail.drawn = drawn
        path = QPainterPath()
        first = True
        for _ts, lat, lon in van.trail:
            x, y = geo.project(lon, lat)
            if first:
                path.moveTo(x, y)
                first = False
            else:
                path.lineTo(x, y)
        trail.setPath(path)

    def set_show_trails(self, show: bool) -> None:
        self.show_trails = show
        for row in range(self.model.rowCount()):
            self._sync_trail(self.model.van(row))

    def select(self, vehicle_id: str | None) -> None:
        """Ring the van the Vehicles pane targets (the map never holds its own choice)."""
        previous, self.selected_id = self.selected_id, vehicle_id
        for vid in (previous, vehicle_id):
            row = None if vid is None else self.model.row_of(vid)
            if row is not None:
                self._sync(self.model.van(row), force=True)

    def restyle(self) -> None:
        """The palette changed (light <-> dark): every item takes the new colours."""
        self.palette_ = map_palette()
        for row in range(self.model.rowCount()):
            self._sync(self.model.van(row), force=True)

    def fleet_rect(self) -> QRectF:
        """The scene area the vans with a position cover (empty if none)."""
        xs, ys = [], []
        for item in self.vans.values():
            if item.isVisible():
                xs.append(item.pos().x())
                ys.append(item.pos().y())
        if not xs:
            return QRectF()
        return QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys)))


class MapView(QGraphicsView):
    sig_van_clicked = Signal(str)
    """The user clicked this van (its vehicle id)."""

    sig_van_activated = Signal(str)
    """The user double-clicked this van: open its view."""

    sig_zoomed = Signal(float)
    """The scale changed (pixels per km)."""

    def __init__(
        self, scene: FleetScene, basemap: BasemapPainter, parent: QWidget | None = None
    ) -> None:
        super().__init__(scene, parent)
        self.basemap = basemap
        self.palette_: MapPalette = map_palette()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        bounds = basemap.bounds()
        if bounds.isEmpty():
            bounds = QRectF(-2000, -10000, 4000, 4000)
        # room to pan past the basemap's edge (trips abroad)
        self.setSceneRect(bounds.adjusted(-2000, -2000, 2000, 2000))
        self._press: QPoint | None = None
        self.label_font = QFont(self.font())
        self.label_font.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))

    # -- scale -----------------------------------------------------------------------
    def scale_px_per_km(self) -> float:
        return self.transform().m11()

    def set_scale(self, px_per_km: float) -> None:
        s = max(MIN_SCALE, min(MAX_SCALE, px_per_km))
        current = self.transform()
        self.setTransform(QTransform(s, 0, 0, s, current.dx(), current.dy()))
        self.sig_zoomed.emit(s)

    def zoom_by(self, factor: float) -> None:
        self.set_scale(self.scale_px_per_km() * factor)

    def show_rect(self, rect: QRectF) -> None:
        """Fit ``rect`` (scene km) in the viewport with a margin, within the zoom limits."""
        centre = rect.center()
        w = max(rect.width(), FIT_MIN_KM) * 1.35
        h = max(rect.height(), FIT_MIN_KM) * 1.35
        vw, vh = max(1, self.viewport().width()), max(1, self.viewport().height())
        self.set_scale(min(vw / w, vh / h))
        self.centerOn(centre)

    def fit_fleet(self) -> None:
        scene = self.scene()
        placed = any(i.isVisible() for i in scene.vans.values())
        rect = scene.fleet_rect() if placed else self.basemap.bounds()
        if placed or not rect.isEmpty():
            self.show_rect(rect)

    def centre_on_van(self, vehicle_id: str) -> None:
        item = self.scene().vans.get(vehicle_id)
        if item is not None and item.isVisible():
            self.centerOn(item.pos())

    # -- painting --------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        self.basemap.paint(painter, rect, self.palette_, self.label_font)

    def restyle(self) -> None:
        self.palette_ = map_palette()
        self.resetCachedContent()
        self.viewport().update()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            self.restyle()
            scene = self.scene()
            if isinstance(scene, FleetScene):
                scene.restyle()

    # -- input -----------------------------------------------------------------------
    def van_at(self, pos: QPoint) -> str | None:
        """The van under a viewport position (the topmost), or None."""
        for item in self.items(pos):
            if isinstance(item, VanItem) and item.isVisible():
                return item.vehicle_id
        return None

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt override
        """Tooltips are worded when asked for, not on every sample of 2,000 vans."""
        if event.type() == QEvent.Type.ToolTip:
            vid = self.van_at(event.pos())
            scene = self.scene()
            row = None if vid is None else scene.model.row_of(vid)
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(
                    event.globalPos(), scene.model.tooltip(scene.model.van(row)), self.viewport()
                )
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(math.pow(ZOOM_STEP, steps))
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom_by(ZOOM_STEP)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom_by(1 / ZOOM_STEP)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_F):
            self.fit_fleet()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        pos = event.position().toPoint()
        if (pos - press).manhattanLength() <= CLICK_SLOP_PX:
            vid = self.van_at(pos)
            if vid is not None:
                self.sig_van_clicked.emit(vid)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        vid = self.van_at(event.position().toPoint())
        if vid is not None and event.button() == Qt.MouseButton.LeftButton:
            self.sig_van_activated.emit(vid)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def colour_of(palette: MapPalette, activity: str | None) -> QColor:
    """The marker colour of an activity (the legend uses the same)."""
    return palette.activity.get(activity or "", palette.activity["stale"])
