"""Where a telemetry chart goes, so a window can paint before pyqtgraph is loaded.

The chart module pulls in pyqtgraph and numpy (≈ 0.5 s), which the first paint of the
cached fleet does not need. :func:`defer_charts` makes slots built afterwards show a
placeholder; :func:`load_charts` (``mpro_desktop.startup``, right after the first paint)
imports the chart module and puts a real chart into every waiting slot. Without
:func:`defer_charts` a slot holds its chart from the start, as before.
"""

from __future__ import annotations

import importlib
import weakref

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

# Seconds of history a chart shows (here, not in the chart module, so a pane can read
# the history it needs without loading pyqtgraph).
WINDOW_S = 600.0

_CHART_MODULE = "mpro_desktop.views.common.telemetry_chart"
_deferred = False
_waiting: weakref.WeakSet[ChartSlot] = weakref.WeakSet()


def defer_charts() -> None:
    """Slots built from now on wait for :func:`load_charts`."""
    global _deferred
    _deferred = True


def load_charts() -> None:
    """Import the chart module and give every waiting slot its chart (UI thread)."""
    global _deferred
    _deferred = False
    importlib.import_module(_CHART_MODULE)
    for slot in list(_waiting):
        slot.install()


class PendingChart(QLabel):
    """Stands in for the chart until it is loaded: says so and keeps no data (the pane
    reads the history again once the chart is there, see ``ChartSlot.sig_installed``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Loading chart…"), parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName(self.tr("Telemetry chart (loading)"))

    def reset(self, _energy_field: str) -> None:
        pass

    def point_count(self) -> int:
        return 0

    def add_arrays(self, _columns: dict) -> int:
        return 0

    def add_samples(self, _samples: list[dict]) -> int:
        return 0

    def show_history(self, _samples: list[dict], _start: float, _end: float) -> int:
        return 0

    def zoom_history(self, _samples: list[dict], _start: float, _end: float) -> None:
        pass

    def show_live(self) -> None:
        pass


class ChartSlot(QWidget):
    """Holds one ``TelemetryChart`` (or, until it is loaded, a :class:`PendingChart`)."""

    sig_installed = Signal()
    """The real chart replaced the placeholder (read the history into it now)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.chart: QWidget = PendingChart() if _deferred else _new_chart()
        self._layout.addWidget(self.chart)
        if _deferred:
            _waiting.add(self)

    @property
    def installed(self) -> bool:
        return not isinstance(self.chart, PendingChart)

    def install(self) -> None:
        """Replace the placeholder by the chart (once)."""
        if self.installed:
            return
        _waiting.discard(self)
        placeholder, self.chart = self.chart, _new_chart()
        self._layout.replaceWidget(placeholder, self.chart)
        placeholder.deleteLater()
        self.sig_installed.emit()


def _new_chart() -> QWidget:
    return importlib.import_module(_CHART_MODULE).TelemetryChart()
