"""The whole R22 status of one van: a top-down van outline with its doors, windows,
hood, lock and four tyres, and beside it the values a fleet manager reads.

Drawn with QPainter in the palette's colours (light or dark). What the telemetry does
not carry (yet, or for this van: the cached summary has no tyres or doors until a
live sample arrives) is drawn neutral and written "–", never guessed. Old data (the
domain's staleness rule) is drawn muted under "No connection since …".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from mpro_desktop.domain.alerts import TYRES, Thresholds
from mpro_desktop.domain.openings import Openings, openings
from mpro_desktop.domain.telemetry import (
    FUEL_ELECTRIC,
    WINDOW_CLOSED,
    WINDOW_OPEN,
    WINDOW_PARTLY_OPEN,
)
from mpro_desktop.domain.vehicles import is_recent, status_epoch
from mpro_desktop.models import format as fmt
from mpro_desktop.models.colors import colors
from mpro_desktop.views.common.style import set_tone

NONE = "–"
#: the tyre colours follow the alert rule's default thresholds (one home: domain.alerts)
_THRESHOLDS = Thresholds()


def _flag(status: Mapping[str, Any], key: str) -> bool | None:
    value = status.get(key)
    return value if isinstance(value, bool) else None


def tyre_level(kpa: Any) -> str | None:
    """ "critical", "low", "ok", or None when no pressure is known."""
    if not isinstance(kpa, int | float) or isinstance(kpa, bool):
        return None
    if kpa < _THRESHOLDS.tyre_critical_kpa:
        return "critical"
    if kpa < _THRESHOLDS.tyre_low_kpa:
        return "low"
    return "ok"


def plug_text(state: Any) -> str:
    return {
        "disconnected": QCoreApplication.translate("VehicleStatus", "Not plugged in"),
        "inserted": QCoreApplication.translate("VehicleStatus", "Plug inserted"),
        "locked": QCoreApplication.translate("VehicleStatus", "Plug locked"),
        "connected": QCoreApplication.translate("VehicleStatus", "Charging"),
    }.get(state if isinstance(state, str) else "", NONE)


def gear_text(gear: Any) -> str:
    return {
        "P": QCoreApplication.translate("VehicleStatus", "P (park)"),
        "R": QCoreApplication.translate("VehicleStatus", "R (reverse)"),
        "N": QCoreApplication.translate("VehicleStatus", "N (neutral)"),
        "D": QCoreApplication.translate("VehicleStatus", "D (drive)"),
    }.get(gear if isinstance(gear, str) else "", NONE)


def yes_no(value: bool | None, yes: str, no: str) -> str:
    return NONE if value is None else (yes if value else no)


def door_name(door: str) -> str:
    return {
        "driver": QCoreApplication.translate("VehicleStatus", "driver's door"),
        "passenger": QCoreApplication.translate("VehicleStatus", "passenger door"),
        "sliding": QCoreApplication.translate("VehicleStatus", "sliding door"),
        "rear": QCoreApplication.translate("VehicleStatus", "rear doors"),
    }.get(door, door)


def window_name(window: str) -> str:
    return {
        "driver": QCoreApplication.translate("VehicleStatus", "driver's window"),
        "passenger": QCoreApplication.translate("VehicleStatus", "passenger window"),
    }.get(window, window)


def window_state_text(state: str | None) -> str:
    return {
        WINDOW_CLOSED: QCoreApplication.translate("VehicleStatus", "closed"),
        WINDOW_PARTLY_OPEN: QCoreApplication.translate("VehicleStatus", "partly open"),
        WINDOW_OPEN: QCoreApplication.translate("VehicleStatus", "open"),
    }.get(state or "", QCoreApplication.translate("VehicleStatus", "not known"))


def _named(name: str, state: str) -> str:
    return (
        QCoreApplication.translate("VehicleStatus", "%1 %2")
        .replace("%1", name)
        .replace("%2", state)
    )


def doors_words(found: Openings) -> str:
    """Every door with its state ("driver's door open, passenger door closed, …"); "a
    door is open" alone when the module does not say which."""
    if all(v is None for v in found.doors.values()):
        if found.any_door_open:
            return QCoreApplication.translate(
                "VehicleStatus", "a door is open (the vehicle does not say which)"
            )
        return NONE
    return ", ".join(
        _named(
            door_name(d),
            yes_no(
                v,
                QCoreApplication.translate("VehicleStatus", "open"),
                QCoreApplication.translate("VehicleStatus", "closed"),
            )
            if v is not None
            else QCoreApplication.translate("VehicleStatus", "not known"),
        )
        for d, v in found.doors.items()
    )


def windows_words(found: Openings) -> str:
    if all(v is None for v in found.windows.values()):
        if found.any_window_open:
            return QCoreApplication.translate(
                "VehicleStatus", "a window is open (the vehicle does not say which)"
            )
        return NONE
    return ", ".join(
        _named(window_name(w), window_state_text(v)) for w, v in found.windows.items()
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class VanDrawing(QWidget):
    """A van seen from above, front up: hood, cab doors, sliding door, rear doors,
    windows and the four tyres with their pressures, coloured by what they report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: dict = {}
        self.stale = False
        self.setMinimumSize(170, 250)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(
            QCoreApplication.translate("VehicleStatus", "Vehicle status drawing")
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(190, 270)

    def show_status(self, status: Mapping[str, Any] | None, *, stale: bool) -> None:
        self.status = dict(status or {})
        self.stale = stale
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The drawing in words (screen readers, tooltips): every door and side window
        by name, the hood, the lock and the four tyres."""
        st = self.status
        found = openings(st)
        parts = [
            QCoreApplication.translate("VehicleStatus", "Doors: %1").replace(
                "%1", doors_words(found)
            ),
            QCoreApplication.translate("VehicleStatus", "Windows: %1").replace(
                "%1", windows_words(found)
            ),
            QCoreApplication.translate("VehicleStatus", "Hood: %1").replace(
                "%1",
                yes_no(
                    found.hood,
                    QCoreApplication.translate("VehicleStatus", "open"),
                    QCoreApplication.translate("VehicleStatus", "closed"),
                ),
            ),
            QCoreApplication.translate("VehicleStatus", "Lock: %1").replace(
                "%1",
                yes_no(
                    _flag(st, "locked"),
                    QCoreApplication.translate("VehicleStatus", "locked"),
                    QCoreApplication.translate("VehicleStatus", "unlocked"),
                ),
            ),
        ]
        for tyre in TYRES:
            parts.append(f"{tyre.upper()} {fmt.number(st.get(f'tyre_{tyre}_kpa'), 0, 'kPa')}")
        return "; ".join(parts)

    # -- colours ---------------------------------------------------------------------
    def _tone(self, flag: bool | None, *, bad_when: bool = True) -> QColor:
        c = colors(self.palette())
        if flag is None or self.stale:
            return c.muted
        return c.warning if flag == bad_when else c.ok

    def _tyre_colour(self, kpa: Any) -> QColor:
        c = colors(self.palette())
        level = None if self.stale else tyre_level(kpa)
        return {"critical": c.error, "low": c.warning, "ok": c.ok}.get(level or "", c.muted)

    @staticmethod
    def _door_geometry(x0: float, y0: float, bw: float, bh: float):
        """(door, its line when closed, its lines drawn open) in the body's frame: the
        cab doors hinge at the front and swing out, the sliding door (kerb side) moves
        back outside the body, the two rear leaves swing out from the corners."""
        P = QPointF  # noqa: N806 - short for the many points
        return (
            ("driver", (P(x0, y0 + 58), P(x0, y0 + 92)),
             ((P(x0, y0 + 58), P(x0 - 16, y0 + 88)),)),
            ("passenger", (P(x0 + bw, y0 + 58), P(x0 + bw, y0 + 92)),
             ((P(x0 + bw, y0 + 58), P(x0 + bw + 16, y0 + 88)),)),
            ("sliding", (P(x0 + bw, y0 + 100), P(x0 + bw, y0 + 140)),
             ((P(x0 + bw + 6, y0 + 124), P(x0 + bw + 6, y0 + 164)),)),
            ("rear", (P(x0 + 14, y0 + bh), P(x0 + bw - 14, y0 + bh)),
             ((P(x0 + 14, y0 + bh), P(x0 + 4, y0 + bh + 16)),
              (P(x0 + bw - 14, y0 + bh), P(x0 + bw - 4, y0 + bh + 16)))),
        )

    # -- painting --------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pal = self.palette()
        c = colors(pal)
        text = pal.color(pal.ColorRole.WindowText)
        body_fill = pal.color(pal.ColorRole.Base)
        st = self.status
        w, h = self.width(), self.height()
        bw, bh = 96.0, 200.0
        x0, y0 = (w - bw) / 2, (h - bh) / 2 + 4
        body = QRectF(x0, y0, bw, bh)

        # tyres first, under the body's edge
        tyre_w, tyre_h = 14.0, 34.0
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        p.setFont(font)
        spots = {
            "fl": (x0 - tyre_w / 2, y0 + 32),
            "fr": (x0 + bw - tyre_w / 2, y0 + 32),
            "rl": (x0 - tyre_w / 2, y0 + bh - 60),
            "rr": (x0 + bw - tyre_w / 2, y0 + bh - 60),
        }
        for tyre, (tx, ty) in spots.items():
            kpa = st.get(f"tyre_{tyre}_kpa")
            colour = self._tyre_colour(kpa)
            p.setPen(QPen(colour.darker(130), 1.2))
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(tx, ty, tyre_w, tyre_h), 4, 4)
            label = fmt.number(kpa, 0)
            p.setPen(colour if not self.stale else c.muted)
            left = tyre.endswith("l")
            box = QRectF(
                0 if left else tx + tyre_w + 3, ty + 4, tx - 3 if left else w - tx - tyre_w - 3, 14
            )
            p.drawText(
                box,
                (Qt.AlignmentFlag.AlignRight if left else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            unit = QRectF(box.left(), box.bottom(), box.width(), 14)
            p.setPen(c.muted)
            p.drawText(
                unit,
                (Qt.AlignmentFlag.AlignRight if left else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter,
                "kPa",
            )

        # the body: a box van with a rounded nose
        outline = QPen(c.muted if self.stale else text, 2.0)
        path = QPainterPath()
        path.addRoundedRect(body, 16, 16)
        p.setPen(outline)
        p.setBrush(body_fill)
        p.drawPath(path)

        # hood (front), then the windscreen
        hood = QRectF(x0 + 8, y0 + 4, bw - 16, 30)
        hood_open = _flag(st, "hood_open")
        p.setPen(QPen(self._tone(hood_open), 2.0))
        p.setBrush(
            self._tone(hood_open).lighter(170)
            if hood_open and not self.stale
            else Qt.BrushStyle.NoBrush
        )
        p.drawRoundedRect(hood, 8, 8)
        found = openings(st)
        screen = QRectF(x0 + 10, y0 + 40, bw - 20, 16)
        p.setPen(QPen(c.muted, 2.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(screen, 4, 4)
        # the cab's side windows: solid closed, dashed partly open, dotted open
        for window, x in (("driver", x0 + 4), ("passenger", x0 + bw - 4)):
            state = found.windows.get(window)
            opened = state not in (None, WINDOW_CLOSED)
            style = {
                WINDOW_PARTLY_OPEN: Qt.PenStyle.DashLine,
                WINDOW_OPEN: Qt.PenStyle.DotLine,
            }.get(state or "", Qt.PenStyle.SolidLine)
            p.setPen(QPen(self._tone(None if state is None else opened), 3.0,
                          Qt.PenStyle.SolidLine if self.stale else style))
            p.drawLine(QPointF(x, y0 + 62), QPointF(x, y0 + 86))

        # doors, each on its own: flush when closed, drawn ajar (and warning) when open
        for door, closed_line, ajar_lines in self._door_geometry(x0, y0, bw, bh):
            flag = found.doors.get(door)
            if flag is None and found.any_door_open is False:
                flag = False
            p.setPen(QPen(self._tone(flag), 4.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            for a, b in ajar_lines if flag and not self.stale else (closed_line,):
                p.drawLine(a, b)

        # the lock in the cargo area
        locked = _flag(st, "locked")
        tone = self._tone(locked, bad_when=False)
        cx, cy = x0 + bw / 2, y0 + 128
        p.setPen(QPen(tone, 2.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        shackle = QRectF(cx - 8, cy - 18, 16, 18)
        if locked is False and not self.stale:
            shackle.translate(6, -4)  # an open shackle
        p.drawArc(shackle, 0, 180 * 16)
        p.drawLine(QPointF(shackle.left(), shackle.center().y()), QPointF(shackle.left(), cy))
        if locked is not False or self.stale:
            p.drawLine(QPointF(shackle.right(), shackle.center().y()), QPointF(shackle.right(), cy))
        p.setBrush(tone)
        p.drawRoundedRect(QRectF(cx - 12, cy, 24, 18), 3, 3)
        p.end()


class VehicleStatusView(QWidget):
    """The drawing (with the tyre pressures) plus what the detail's form above it does
    not say already: gear, ignition, plug, doors, windows, hood, outside and cabin
    temperature; and
    "No connection since …" over all of it when the data is old."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the clock staleness is measured against (the pane gives it the table's)
        self.now: Callable[[], float] = time.time
        self.drawing = VanDrawing()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        set_tone(self.banner, "warning")
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        for key, label in (
            ("gear", QCoreApplication.translate("VehicleStatus", "Gear")),
            ("ignition", QCoreApplication.translate("VehicleStatus", "Ignition")),
            ("plug", QCoreApplication.translate("VehicleStatus", "Plug")),
            ("doors", QCoreApplication.translate("VehicleStatus", "Doors")),
            ("windows", QCoreApplication.translate("VehicleStatus", "Windows")),
            ("hood", QCoreApplication.translate("VehicleStatus", "Hood")),
            ("temps", QCoreApplication.translate("VehicleStatus", "Outside / cabin")),
        ):
            value = QLabel(NONE)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)  # "-14.5 °C / 19.0 °C" wraps, never widens the detail
            name = QLabel(label)
            self.values[key], self.labels[key] = value, name
            form.addRow(name, value)
        row = QHBoxLayout()
        row.addWidget(self.drawing, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(form, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(row)
        self.show_vehicle(None)

    @staticmethod
    def _open_text(names: list[str], any_open: bool | None, unnamed: str, *,
                   listed: bool = False) -> str:
        """ "Open: driver's door, sliding door", "Closed", "A door is open" (the
        vehicle does not say which) or "–"."""
        if names:
            joined = _first_upper(", ".join(names))
            if listed:
                return joined
            return QCoreApplication.translate("VehicleStatus", "Open: %1").replace(
                "%1", ", ".join(names)
            )
        if any_open:
            return unnamed
        return yes_no(any_open, unnamed, QCoreApplication.translate("VehicleStatus", "Closed"))

    def show_vehicle(self, vehicle: Mapping[str, Any] | None) -> None:
        """Show ``vehicle`` (a cache row with ``status``), or nothing."""
        st: Mapping[str, Any] = (vehicle or {}).get("status") or {}
        now = self.now()
        stale = bool(st) and not is_recent(st, now)
        self.drawing.show_status(st, stale=stale)
        electric = (vehicle or {}).get("fuel_type") == FUEL_ELECTRIC
        self.labels["plug"].setVisible(electric)
        self.values["plug"].setVisible(electric)
        v = self.values
        v["gear"].setText(gear_text(st.get("gear")))
        v["ignition"].setText(
            yes_no(
                _flag(st, "ignition"),
                QCoreApplication.translate("VehicleStatus", "On"),
                QCoreApplication.translate("VehicleStatus", "Off"),
            )
        )
        v["plug"].setText(plug_text(st.get("plug_state")))
        found = openings(st)
        v["doors"].setText(self._open_text(
            [door_name(d) for d in found.open_doors()], found.any_door_open,
            QCoreApplication.translate("VehicleStatus", "A door is open"),
        ))
        v["windows"].setText(self._open_text(
            [_named(window_name(w), window_state_text(found.windows[w]))
             for w in found.open_windows()], found.any_window_open,
            QCoreApplication.translate("VehicleStatus", "A window is open"),
            listed=True,
        ))
        v["hood"].setText(
            yes_no(
                _flag(st, "hood_open"),
                QCoreApplication.translate("VehicleStatus", "Open"),
                QCoreApplication.translate("VehicleStatus", "Closed"),
            )
        )
        v["temps"].setText(
            f"{fmt.number(st.get('outside_temp_c'), 1, '°C')} / "
            f"{fmt.number(st.get('cabin_temp_c'), 1, '°C')}"
        )
        epoch = status_epoch(st)
        for key, field in (
            ("doors", "doors_open"),
            ("windows", "windows_open"),
            ("hood", "hood_open"),
        ):
            bad = {"doors": found.any_door_open, "windows": found.any_window_open}.get(
                key, _flag(st, field)
            )
            set_tone(v[key], "muted" if stale else ("warning" if bad else None))
        if stale and epoch is not None:
            self.banner.setText(
                QCoreApplication.translate(
                    "VehicleStatus", "No connection since %1: the values below are from then."
                ).replace("%1", fmt.clock(epoch, now))
            )
            self.banner.show()
        else:
            self.banner.hide()
