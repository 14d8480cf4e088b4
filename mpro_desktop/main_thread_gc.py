"""Garbage collection on the UI thread only.

Python's cyclic collector runs in whichever thread happens to allocate. When it frees a
Qt wrapper in a worker thread (the sync loop, a write job, the embedded portal's
threads), shiboken queues the C++ deletion for the main thread and runs it the next
time Python code is entered there - which can be inside another object's destructor
(an event filter called from ``~QWidget``), where Qt's signal-slot mutex is already
held: the process deadlocks (seen in CI: ``QObject::~QObject`` waiting in
``QBasicMutex::lockInternal`` below ``runDeletionInMainThread``). pyqtgraph documents
the same remedy (``pyqtgraph.util.garbage_collector``): no automatic collection, and a
timer on the UI thread that collects with the interpreter's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """While it lives (and is started), cycles are collected only from its timer."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Automatic collection again (at exit, or when a test is done with Qt)."""
        self._timer.stop()
        gc.enable()

    def collect_due(self) -> int:
        """Collect the generations whose counts passed their thresholds, as the
        interpreter would have; returns the number of objects found unreachable."""
        t0, t1, t2 = self._thresholds
        c0, c1, c2 = gc.get_count()
        if c0 <= t0:
            return 0
        if c1 > t1:
            return gc.collect(2 if c2 > t2 else 1)
        return gc.collect(0)


def install(app: QObject) -> MainThreadCollector:
    """Collect on ``app``'s thread from now on (``app`` owns the collector; a second
    call returns the first one)."""
    collector = app.findChild(MainThreadCollector)
    if collector is None:
        collector = MainThreadCollector(app)
    collector.start()
    return collector
