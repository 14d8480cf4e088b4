"""Start-up order: the cached fleet on screen first, the heavy rest behind it.

A repeat start paints the real main window from a stdlib-``sqlite3`` snapshot of the
cache (``sync.quick_read``) before SQLAlchemy, numpy, pyqtgraph and httpx are imported.
On the first paint of the vehicles table, :class:`FirstPaint` logs the time since the
process started and hands over to the rest (cache, charts, sync worker), which runs on
the UI thread: input that arrives meanwhile waits in the queue until the window is
complete, so no click ever meets a half-built window.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer

log = logging.getLogger(__name__)

#: Imports the first paint does without (≈ 1.5 s together on the reference machine).
HEAVY_MODULES = ("sqlalchemy", "numpy", "pyqtgraph", "httpx")

#: Without a paint by then (a window that is never exposed) the rest comes up anyway.
FALLBACK_MS = 2000


def _process_age() -> float | None:
    """Seconds since this process was started (Linux), interpreter start included."""
    try:
        stat = Path("/proc/self/stat").read_text(encoding="ascii")
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, starttime
        return max(0.0, time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return None


#: ``time.monotonic()`` at process start; elsewhere than Linux, when this module loaded
#: (``app`` imports it first thing).
_STARTED = time.monotonic() - (_process_age() or 0.0)


def seconds_since_start() -> float:
    return time.monotonic() - _STARTED


def heavy_modules_loaded() -> list[str]:
    return [name for name in HEAVY_MODULES if name in sys.modules]


class FirstPaint(QObject):
    """Calls ``then()`` once, right after ``widget``'s first paint reached the screen
    (or after :data:`FALLBACK_MS`), and says when that was.

    ``describe()`` names what was painted; the line goes to the log and, with
    ``echo`` (``--screenshot``, the benchmark reads it), to stdout.
    """

    def __init__(
        self, widget, then: Callable[[], None], describe: Callable[[], str], *, echo: bool
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then
        self._describe = describe
        self._echo = echo
        self.seconds: float | None = None
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint and self.seconds is None:
            # After this event the paint is flushed; a zero timer runs after that.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        if self.seconds is not None:
            return
        self.seconds = seconds_since_start()
        self._widget.removeEventFilter(self)
        heavy = heavy_modules_loaded()
        text = (
            f"first paint {self.seconds:.3f} s after process start ({self._describe()}; "
            f"heavy modules imported: {', '.join(heavy) or 'none'})"
        )
        log.info("%s", text)
        if self._echo:
            print(text, flush=True)
        self._then()


def report_ready(echo: bool) -> float:
    """Log (and with ``echo`` print) that everything is up; returns the seconds."""
    seconds = seconds_since_start()
    text = f"ready {seconds:.3f} s after process start"
    log.info("%s", text)
    if echo:
        print(text, flush=True)
    return seconds
