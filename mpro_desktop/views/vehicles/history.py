"""History mode of the vehicle view (issue 12): the chart over the last day, three days
or a week instead of the live ten minutes, zoomable with the mouse wheel.

Days of 1 Hz samples are far too many to fetch, so the portal downsamples them
(``max_points``: each bucket's minimum and maximum, so a peak is never averaged away)
and every zoom asks again for the range now shown, at the finer resolution. The call
is online only (the cache keeps the live window, not weeks) and runs off the UI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from mpro_desktop.domain.telemetry import energy_field
from mpro_desktop.models.selection import VehicleSelection
from mpro_desktop.views.common.chart_slot import ChartSlot
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.style import muted_label

log = logging.getLogger(__name__)

#: points the portal is asked for: about two per pixel of a wide chart
MAX_POINTS = 2000
HOUR = 3600.0
#: (label key, seconds back); 0 is the live window
RANGES: tuple[tuple[str, float], ...] = (
    ("live", 0.0),
    ("day", 24 * HOUR),
    ("3days", 3 * 24 * HOUR),
    ("week", 7 * 24 * HOUR),
)


class HistoryControl(QWidget):
    """"Live / Last 24 hours / Last 3 days / Last 7 days" for the chart of ``slot``."""

    def __init__(self, context: PaneContext, selection: VehicleSelection, slot: ChartSlot,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.selection = selection
        self.slot = slot
        #: the clock ranges are measured against (tests give their own)
        self.now: Callable[[], float] = time.time
        self.range = QComboBox()
        labels = {
            "live": self.tr("Live (last 10 minutes)"),
            "day": self.tr("Last 24 hours"),
            "3days": self.tr("Last 3 days"),
            "week": self.tr("Last 7 days"),
        }
        for key, seconds in RANGES:
            self.range.addItem(labels[key], seconds)
        self.range.setAccessibleName(self.tr("Chart period"))
        self.range.setToolTip(self.tr("Show the live chart or the history of the last days "
                                      "(the mouse wheel zooms into it)"))
        self.range.currentIndexChanged.connect(lambda _i: self.load())
        self.state = muted_label()
        self.state.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Chart:")))
        row.addWidget(self.range)
        row.addWidget(self.state, 1)
        #: the request whose answer is awaited (an older answer is dropped)
        self._asked = 0
        selection.changed.connect(lambda _v: self.range.setCurrentIndex(0))
        slot.sig_installed.connect(self._connect_chart)
        self._connect_chart()

    def _connect_chart(self) -> None:
        chart = self.slot.chart
        signal = getattr(chart, "sig_range_requested", None)
        if signal is not None:
            signal.connect(self.zoom)

    @property
    def seconds(self) -> float:
        return float(self.range.currentData() or 0.0)

    def load(self) -> None:
        """Show the chosen period: live, or fetch the history and draw it."""
        chart = self.slot.chart
        if self.seconds <= 0:
            self._asked += 1
            self.state.setText("")
            chart.show_live()
            return
        end = self.now()
        self._fetch(end - self.seconds, end, lambda rows, a, b: chart.show_history(rows, a, b))

    def zoom(self, start: float, end: float) -> None:
        """The user zoomed the history: the range shown, at its own resolution."""
        chart = self.slot.chart
        self._fetch(start, end, lambda rows, a, b: chart.zoom_history(rows, a, b))

    def _fetch(self, start: float, end: float,
               show: Callable[[list[dict], float, float], object]) -> None:
        vehicle = self.selection.vehicle
        api = self.context.online
        self._asked += 1
        asked = self._asked
        if vehicle is None:
            self.state.setText(self.tr("Select a vehicle first."))
            return
        if api is None:
            self.state.setText(self.tr("The history needs a connection to the portal."))
            return
        vid = vehicle["id"]
        fields = ["speed_kmh", energy_field(vehicle.get("fuel_type") or "")]
        self.state.setText(self.tr("Loading the history…"))

        def done(rows: list[dict]) -> None:
            if asked != self._asked or self.selection.vehicle_id != vid:
                return  # another period or vehicle was chosen meanwhile
            show(rows, start, end)
            self.state.setText(
                self.tr("No data in this period.") if not rows else
                self.tr("%1 points (minimum and maximum of each stretch, by the portal)")
                .replace("%1", f"{len(rows):,}".replace(",", "\u202f"))
            )

        def failed(exc: BaseException) -> None:
            if asked == self._asked:
                self.state.setText(online_error_text(exc))
                log.warning("history of %s: %s", vid, exc)

        run_in_background(
            lambda: api.history(vid, start, end, fields=fields, max_points=MAX_POINTS),
            done, failed, owner=self,
        )
