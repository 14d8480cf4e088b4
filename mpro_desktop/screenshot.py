"""``--screenshot``: wait for real data on screen, save a PNG, exit (0 or 2).

"Real data" includes the window being complete: the start-up brings the cache, the
charts and the sync worker up after the first paint (``mpro_desktop.startup``), and the
PNG is taken only once they are (``ready``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer


class ScreenshotWatcher(QObject):
    def __init__(
        self,
        window,
        path: Path,
        *,
        timeout_s: float,
        min_vehicles: int,
        min_points: int,
        started: float,
        ready: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.timeout_s = timeout_s
        self.min_vehicles = min_vehicles
        self.min_points = min_points
        self.started = started
        self.ready = ready
        self.exit_code = 2
        self._ready_since: float | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._check)

    def start(self) -> None:
        self.timer.start()

    def _counts(self) -> tuple[int, int]:
        pane = self.window.pane("vehicles")
        return pane.model.rowCount(), pane.detail.chart.point_count()

    def _check(self) -> None:
        rows, points = self._counts()
        now = time.monotonic()
        up = self.ready()
        if up and rows >= self.min_vehicles and points >= self.min_points:
            # Let the 20 Hz chart timer paint the latest data (two frames) before grabbing.
            if self.min_points > 0:
                if self._ready_since is None:
                    self._ready_since = now
                    return
                if now - self._ready_since < 0.1:
                    return
            self.timer.stop()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ok = self.window.grab().save(str(self.path), "PNG")
            if ok:
                print(
                    f"saved {self.path} ({rows} vehicles, {points} chart points) "
                    f"{now - self.started:.1f} s after start{_peak_rss_text()}",
                    flush=True,
                )
                self.exit_code = 0
            else:
                print(f"mpro-desktop: could not write {self.path}", file=sys.stderr)
                self.exit_code = 1
            QCoreApplication.exit(self.exit_code)
            return
        if now - self.started > self.timeout_s:
            self.timer.stop()
            missing = [] if up else ["the window is still starting"]
            if rows < self.min_vehicles:
                missing.append(f"the Vehicles pane shows {rows} rows (need {self.min_vehicles})")
            if points < self.min_points:
                missing.append(f"the chart has {points} points (need {self.min_points})")
            print(
                f"mpro-desktop: no screenshot after {self.timeout_s:.0f} s: " + "; ".join(missing),
                file=sys.stderr,
            )
            self.exit_code = 2
            QCoreApplication.exit(2)


def _peak_rss_text() -> str:
    """ ", peak RSS N MB" of this process where the platform reports it."""
    try:
        import resource
    except ImportError:  # Windows
        return ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    return f", peak RSS {mb:.0f} MB"
