"""What a van looks like on the map: a marker that keeps its pixel size at any zoom
(an arrow along its heading while it moves, a dot while it stands) and its trail.

Items are updated in place (``setPos`` and a new look, one repaint); nothing is
rebuilt per sample. Markers are cached sprites (one per colour and heading step).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from mpro_desktop.domain import vehicles as rules

MARKER_RADIUS = 7.0
_ARROW = QPolygonF([QPointF(0, -10), QPointF(7, 7), QPointF(0, 3.5), QPointF(-7, 7)])
_RING = 11.0
#: a sprite's half size in pixels (ring + pen)
_HALF = int(_RING + 3)
#: headings are drawn in steps of this many degrees (one cached sprite per step)
HEADING_STEP = 10
VAN_Z = 10.0
SELECTED_Z = 20.0
TRAIL_Z = 5.0

#: (fill rgba, outline rgba, ring rgba or 0, heading step or -1 for a dot, dpr) -> sprite
_sprites: dict[tuple, QPixmap] = {}


def sprite(fill: QColor, outline: QColor, ring: QColor | None, step: int, dpr: float) -> QPixmap:
    """The marker drawn once (antialiased) and then only blitted: 2,000 vans cost
    2,000 small copies a frame, not 2,000 antialiased polygons."""
    key = (fill.rgba(), outline.rgba(), 0 if ring is None else ring.rgba(), step, dpr)
    found = _sprites.get(key)
    if found is not None:
        return found
    if len(_sprites) > 2000:  # palettes come and go (light <-> dark): start afresh
        _sprites.clear()
    size = 2 * _HALF
    pixmap = QPixmap(int(size * dpr), int(size * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.translate(_HALF, _HALF)
    if ring is not None:
        p.setPen(QPen(ring, 2.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(0, 0), _RING, _RING)
    p.setPen(QPen(outline, 1.5))
    p.setBrush(fill)
    if step >= 0:
        p.rotate(step * HEADING_STEP)
        p.drawPolygon(_ARROW)
    else:
        p.drawEllipse(QPointF(0, 0), MARKER_RADIUS, MARKER_RADIUS)
    p.end()
    _sprites[key] = pixmap
    return pixmap


class VanItem(QGraphicsItem):
    """One van: colour by activity, arrow along the heading when it has one and moves."""

    def __init__(self, vehicle_id: str) -> None:
        super().__init__()
        self.vehicle_id = vehicle_id
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view pans and picks
        self.setZValue(VAN_Z)
        self._look: tuple = ()
        self._fill = QColor("#888888")
        self._outline = QColor("#ffffff")
        self._ring = QColor("#000000")
        self._step = -1
        self._selected = False
        #: the model revision drawn (``Van.revision``)
        self.revision = -1

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-_HALF, -_HALF, 2 * _HALF, 2 * _HALF)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), MARKER_RADIUS + 3, MARKER_RADIUS + 3)  # easy to hit
        return path

    @property
    def heading_step(self) -> int:
        """The drawn heading in steps of :data:`HEADING_STEP` (-1: a dot, no heading)."""
        return self._step

    def set_look(
        self, fill: QColor, outline: QColor, ring: QColor, *, heading: float | None, selected: bool
    ) -> None:
        step = -1 if heading is None else int(round(heading / HEADING_STEP)) % (360 // HEADING_STEP)
        look = (fill.rgba(), outline.rgba(), ring.rgba(), step, selected)
        if look != self._look:
            self._look = look
            self._fill, self._outline, self._ring = fill, outline, ring
            self._step, self._selected = step, selected
            self.setZValue(SELECTED_Z if selected else VAN_Z)
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        pm = sprite(
            self._fill, self._outline, self._ring if self._selected else None, self._step, dpr
        )
        painter.drawPixmap(-_HALF, -_HALF, pm)


def shows_arrow(activity: str | None, heading: float | None) -> bool:
    """A direction means something only while the van drives."""
    return heading is not None and activity == rules.DRIVING


class TrailItem(QGraphicsPathItem):
    """The last hour of a van's positions, a thin line in scene coordinates."""

    def __init__(self, colour: QColor) -> None:
        super().__init__()
        pen = QPen(colour, 1.6)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPen(pen)
        self.setZValue(TRAIL_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        #: (points, newest ts) drawn, so an unchanged trail is not rebuilt
        self.drawn: tuple[int, float] = (0, 0.0)

    def set_colour(self, colour: QColor, *, emphasised: bool) -> None:
        pen = self.pen()
        width = 3.0 if emphasised else 1.6
        if pen.color() != colour or pen.widthF() != width:
            pen.setColor(colour)
            pen.setWidthF(width)
            self.setPen(pen)
