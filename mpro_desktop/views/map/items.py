"""What a van looks like on the map: a marker that keeps its pixel size at any zoom
(an arrow along its heading while it moves, a dot while it stands) and its trail.

Items are updated in place (``setPos``, ``setRotation``, one repaint); nothing is
rebuilt per sample. The marker's shapes are built once per class, not per paint.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from mpro_desktop.domain import vehicles as rules

MARKER_RADIUS = 7.0
_ARROW = QPolygonF([QPointF(0, -10), QPointF(7, 7), QPointF(0, 3.5), QPointF(-7, 7)])
_RING = 11.0
VAN_Z = 10.0
SELECTED_Z = 20.0
TRAIL_Z = 5.0


class VanItem(QGraphicsItem):
    """One van: colour by activity, arrow along the heading when it has one and moves."""

    def __init__(self, vehicle_id: str) -> None:
        super().__init__()
        self.vehicle_id = vehicle_id
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view pans and picks
        self.setZValue(VAN_Z)
        self._fill = QBrush(QColor("#888888"))
        self._pen = QPen(QColor("#ffffff"), 1.5)
        self._ring = QPen(QColor("#000000"), 2.5)
        self._arrow = False
        self._selected = False
        #: the model revision drawn (``Van.revision``)
        self.revision = -1

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        r = _RING + 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), MARKER_RADIUS + 3, MARKER_RADIUS + 3)  # easy to hit
        return path

    def set_look(self, fill: QColor, outline: QColor, ring: QColor, *, arrow: bool) -> None:
        if (
            fill != self._fill.color()
            or outline != self._pen.color()
            or ring != self._ring.color()
            or arrow != self._arrow
        ):
            self._fill.setColor(fill)
            self._pen.setColor(outline)
            self._ring.setColor(ring)
            self._arrow = arrow
            self.update()

    def set_selected_look(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self.setZValue(SELECTED_Z if selected else VAN_Z)
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._selected:
            painter.setPen(self._ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), _RING, _RING)
        painter.setPen(self._pen)
        painter.setBrush(self._fill)
        if self._arrow:
            painter.drawPolygon(_ARROW)
        else:
            painter.drawEllipse(QPointF(0, 0), MARKER_RADIUS, MARKER_RADIUS)


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
