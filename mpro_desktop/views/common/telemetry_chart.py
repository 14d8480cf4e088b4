"""Live chart of one vehicle: speed and fuel / state of charge, last 10 minutes.

pyqtgraph done the fast way (DESIGN.md anchors): preallocated numpy ring buffers,
``setData`` from a QTimer at 20 Hz only when something changed, clip-to-view with
peak downsampling, and a fixed X range that slides with the clock while streaming.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from mpro_desktop.models import format as fmt
from mpro_desktop.models.colors import colors
from mpro_desktop.views.common.chart_slot import WINDOW_S
from mpro_desktop.views.common.style import set_tone

MIN_SPAN_S = 60.0
GAP_S = 10.0  # no data for longer than this breaks the line


class RingBuffer:
    """Fixed-capacity time series; appends are O(1), the view is one contiguous slice."""

    def __init__(self, capacity: int, fields: tuple[str, ...]) -> None:
        self.capacity = capacity
        self.fields = fields
        # Twice the capacity so the live window is always a contiguous slice.
        self._data = {f: np.full(capacity * 2, np.nan) for f in ("ts", *fields)}
        self._start = 0
        self._end = 0

    def __len__(self) -> int:
        return self._end - self._start

    @property
    def last_ts(self) -> float:
        return float(self._data["ts"][self._end - 1]) if len(self) else float("-inf")

    @property
    def first_ts(self) -> float:
        return float(self._data["ts"][self._start]) if len(self) else float("inf")

    def clear(self) -> None:
        self._start = self._end = 0

    def extend(self, ts: np.ndarray, columns: dict[str, np.ndarray]) -> int:
        """Append points newer than the last one; returns how many were taken."""
        keep = ts > self.last_ts
        if not keep.any():
            return 0
        ts = ts[keep]
        n = len(ts)
        if n > self.capacity:
            ts = ts[-self.capacity :]
            keep_tail = slice(-self.capacity, None)
            n = self.capacity
        else:
            keep_tail = slice(None)
        if self._end + n > self.capacity * 2:
            live = len(self)
            for arr in self._data.values():
                arr[:live] = arr[self._start : self._end]
            self._start, self._end = 0, live
        end = self._end + n
        self._data["ts"][self._end : end] = ts
        for f in self.fields:
            col = columns.get(f)
            self._data[f][self._end : end] = (
                np.asarray(col, dtype=float)[keep][keep_tail] if col is not None else np.nan
            )
        self._end = end
        if len(self) > self.capacity:
            self._start = self._end - self.capacity
        return n

    def view(self, field: str) -> np.ndarray:
        return self._data[field][self._start : self._end]


class TelemetryChart(QWidget):
    """Two stacked plots with a shared time axis: the live window, or (history mode) a
    fixed range of days the user zooms into with the mouse wheel."""

    sig_range_requested = Signal(float, float)
    """History mode: the user zoomed or panned to this range (epoch seconds); whoever
    fetched the history may fetch it again at that resolution."""

    def __init__(self, parent: QWidget | None = None, window_s: float = WINDOW_S) -> None:
        super().__init__(parent)
        self.window_s = window_s
        #: (start, end) while a history range is shown, None while live
        self.history_range: tuple[float, float] | None = None
        self.history_points = 0
        self.energy_field = "fuel_level_pct"
        self.buffer = RingBuffer(8192, ("speed_kmh", "fuel_level_pct", "soc_pct"))
        self._dirty = False
        self._last_slide = 0.0

        pg.setConfigOptions(antialias=True)
        self.view = pg.GraphicsLayoutWidget()
        self.speed_plot = self.view.addPlot(
            row=0, col=0, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")}
        )
        self.energy_plot = self.view.addPlot(
            row=1, col=0, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")}
        )
        self.energy_plot.setXLink(self.speed_plot)
        for plot in (self.speed_plot, self.energy_plot):
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
        self.speed_plot.setLabel("left", self.tr("Speed"), units="km/h")
        self.speed_plot.setYRange(0, 120, padding=0)
        self.energy_plot.setYRange(0, 100, padding=0)
        self.speed_curve = self.speed_plot.plot(antialias=False)
        self.energy_curve = self.energy_plot.plot(antialias=False)
        self._set_energy_label()
        self.apply_colors()

        #: Stands in for the plots while the vehicle has no samples (an empty plot
        #: would look like a van standing still). Laid over the view, which stays in
        #: the tab order and keeps its accessible description.
        self.empty_label = QLabel(self.tr("No data yet"))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(self.tr("No data yet"))
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # Opaque in the chart's own background (Base), so the empty axes do not show
        # through; hiding pyqtgraph's plots instead leaves its layout collapsed.
        self.empty_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.empty_label.setAutoFillBackground(True)
        set_tone(self.empty_label, "muted")
        layout = QStackedLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setStackingMode(QStackedLayout.StackingMode.StackAll)
        layout.addWidget(self.view)
        layout.addWidget(self.empty_label)
        layout.setCurrentWidget(self.empty_label)  # on top
        for widget in (self, self.view):
            widget.setAccessibleName(self.tr("Telemetry chart"))
        self._describe()

        # history mode: a zoom settles for a moment before the range is asked for again
        self._zoom_timer = QTimer(self, singleShot=True, interval=300)
        self._zoom_timer.timeout.connect(self._zoom_settled)
        self.speed_plot.sigXRangeChanged.connect(self._x_range_changed)

        self.timer = QTimer(self)
        self.timer.setInterval(50)  # 20 Hz redraw, only when dirty
        self.timer.timeout.connect(self._redraw)
        self.timer.start()

    def apply_colors(self) -> None:
        """Background, axes, labels and pens from the palette (again on every change:
        pyqtgraph does not follow the palette by itself)."""
        c = colors(self.palette())
        self.view.setBackground(c.chart_background)
        for plot in (self.speed_plot, self.energy_plot):
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(c.chart_foreground))
                axis.setTextPen(pg.mkPen(c.chart_foreground))
        self.speed_curve.setPen(pg.mkPen(c.speed_pen, width=2))
        self.energy_curve.setPen(pg.mkPen(c.energy_pen, width=2))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_colors()

    def _set_energy_label(self) -> None:
        label = (
            self.tr("State of charge") if self.energy_field == "soc_pct" else self.tr("Fuel level")
        )
        self.energy_plot.setLabel("left", label, units="%")

    def reset(self, energy_field: str) -> None:
        self.energy_field = energy_field
        self._set_energy_label()
        self.buffer.clear()
        self._dirty = True

    def point_count(self) -> int:
        """Real samples shown (gap markers excluded)."""
        return int(np.count_nonzero(~np.isnan(self.buffer.view("speed_kmh"))))

    def add_arrays(self, columns: dict[str, np.ndarray]) -> int:
        """Add points; history older than what is shown is merged in, not dropped."""
        ts = np.asarray(columns.get("ts", []), dtype=float)
        if ts.size == 0:
            return 0
        fields = self.buffer.fields
        cols = {
            f: np.asarray(columns[f], dtype=float) if f in columns else np.full(ts.size, np.nan)
            for f in fields
        }
        merge = len(self.buffer) > 0 and ts.min() <= self.buffer.last_ts
        if merge:  # e.g. a backfill landing after live points: rebuild in time order
            old_ts = self.buffer.view("ts")
            real = ~np.all(np.isnan(np.vstack([self.buffer.view(f) for f in fields])), axis=0)
            ts = np.concatenate((ts, old_ts[real]))
            cols = {f: np.concatenate((cols[f], self.buffer.view(f)[real])) for f in fields}
        ts, first = np.unique(ts, return_index=True)  # sorted, one point per timestamp
        cols = {f: v[first] for f, v in cols.items()}
        before = 0 if merge else len(self.buffer)
        if merge:
            self.buffer.clear()
        # A dead zone or a restart leaves a hole: break the line instead of bridging it.
        steps = np.diff(np.concatenate(([self.buffer.last_ts], ts)))
        gaps = np.flatnonzero(steps > GAP_S)
        if len(self.buffer) == 0:
            gaps = gaps[gaps > 0]
        if gaps.size:
            ts = np.insert(ts, gaps, ts[gaps] - 1e-3)
            cols = {f: np.insert(v, gaps, np.nan) for f, v in cols.items()}
        self.buffer.extend(ts, cols)
        added = len(self.buffer) - before
        self._dirty = True
        return max(added, 0)

    def add_samples(self, samples: list[dict]) -> int:
        if not samples:
            return 0
        ts = np.array(
            [s.get("ts_epoch") or fmt.iso_to_epoch(s.get("ts")) or np.nan for s in samples],
            dtype=float,
        )
        cols = {
            f: np.array([np.nan if s.get(f) is None else s[f] for s in samples], dtype=float)
            for f in self.buffer.fields
        }
        return self.add_arrays({"ts": ts, **cols})

    # -- history mode ------------------------------------------------------------------
    def show_history(self, samples: list[dict], start: float, end: float) -> int:
        """Show ``samples`` (the portal's downsampled answer) over ``start``–``end``;
        live samples keep arriving in the buffer but do not move the view. The mouse
        wheel zooms along the time axis (``sig_range_requested`` when it settles)."""
        ts = np.array([fmt.iso_to_epoch(s.get("ts")) or np.nan for s in samples], dtype=float)
        speed = np.array([np.nan if s.get("speed_kmh") is None else s["speed_kmh"]
                          for s in samples], dtype=float)
        energy = np.array([np.nan if s.get(self.energy_field) is None else s[self.energy_field]
                           for s in samples], dtype=float)
        self.history_range = (start, end)
        self.history_points = len(samples)
        self._applying = True  # our own range changes are not the user's zoom
        try:
            for plot in (self.speed_plot, self.energy_plot):
                plot.setMouseEnabled(x=True, y=False)
                plot.setLimits(xMin=start, xMax=end, minXRange=MIN_SPAN_S)
                # the portal's answer is min/max-downsampled already (at most a few
                # thousand points): a second, client-side peak pass would move each
                # bucket's times by half a block and drop the range's first sample
                plot.setDownsampling(auto=False)
            self.speed_plot.setXRange(start, end, padding=0)
        finally:
            self._applying = False
        self.speed_curve.setData(ts, speed, connect="finite")
        self.energy_curve.setData(ts, energy, connect="finite")
        self.empty_label.setVisible(len(samples) == 0)
        return len(samples)

    def zoom_history(self, samples: list[dict], start: float, end: float) -> None:
        """A finer answer for the range zoomed to: redrawn there, the outer limits kept."""
        outer = self.history_range
        if outer is None:
            return
        view = self.speed_plot.viewRange()[0]
        self.show_history(samples, *outer)
        self._applying = True
        try:
            self.speed_plot.setXRange(view[0], view[1], padding=0)
        finally:
            self._applying = False

    def show_live(self) -> None:
        """Back to the live window."""
        self.history_range = None
        for plot in (self.speed_plot, self.energy_plot):
            plot.setMouseEnabled(x=False, y=False)
            plot.setLimits(xMin=None, xMax=None, minXRange=None)
            plot.setDownsampling(auto=True, mode="peak")
        self._zoom_timer.stop()
        self._dirty = True
        self._redraw()

    _applying = False

    def _x_range_changed(self, *_args) -> None:
        if self.history_range is not None and not self._applying:
            self._zoom_timer.start()

    def _zoom_settled(self) -> None:
        if self.history_range is not None:
            lo, hi = self.speed_plot.viewRange()[0]
            self.sig_range_requested.emit(float(lo), float(hi))

    def _redraw(self) -> None:
        if self.history_range is not None:
            return  # the history's range stays put; live data waits in the buffer
        # Fixed X range that slides with the clock (clip-to-view needs it); it starts
        # narrow when there is little history so fresh data is readable, then grows
        # to the full window. Without new data it slides once a second, not at 20 Hz,
        # so an idle chart costs nothing.
        now = time.time()
        if not self._dirty and (now - self._last_slide < 1.0 or not self.isVisible()):
            return
        self._last_slide = now
        start = max(now - self.window_s, min(self.buffer.first_ts, now) - 5.0)
        start = min(start, now - MIN_SPAN_S)
        self.speed_plot.setXRange(start, now, padding=0)
        if not self._dirty:
            return
        self._dirty = False
        ts = self.buffer.view("ts")
        self.speed_curve.setData(ts, self.buffer.view("speed_kmh"), connect="finite")
        self.energy_curve.setData(ts, self.buffer.view(self.energy_field), connect="finite")
        self._describe()

    def _describe(self) -> None:
        """The chart's text alternative: the latest values, as a screen reader reads them."""
        speed, energy = self.buffer.view("speed_kmh"), self.buffer.view(self.energy_field)
        real = np.flatnonzero(~np.isnan(speed) | ~np.isnan(energy))
        self.empty_label.setVisible(real.size == 0)
        if real.size == 0:
            text = self.tr("No data yet")
        else:
            i = real[-1]
            text = (
                self.tr("Speed %1, state of charge %2, last sample %3")
                if self.energy_field == "soc_pct"
                else self.tr("Speed %1, fuel level %2, last sample %3")
            )
            text = (
                text.replace("%1", fmt.number(float(speed[i]), 0, "km/h"))
                .replace("%2", fmt.number(float(energy[i]), 0, "%"))
                .replace("%3", fmt.when(float(self.buffer.view("ts")[i])))
            )
        for widget in (self, self.view):
            widget.setAccessibleDescription(text)
