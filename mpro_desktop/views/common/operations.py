"""Run blocking work off the UI thread, then call back on it (Anki's ``QueryOp``).

The only way views start background work, so no widget ever waits on I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Bridge(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self.fn = fn
        self.bridge = bridge

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to on_failure on the UI thread
            log.debug("background job failed", exc_info=True)
            self.bridge.failed.emit(exc)
        else:
            self.bridge.done.emit(result)


_live: set[_Bridge] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    owner: QObject | None = None,
) -> None:
    """Call ``fn()`` on the global thread pool; one callback then runs on the UI thread.

    If ``owner`` (usually the calling widget) was destroyed meanwhile, the result is
    dropped: a closed pane must not be touched.
    """
    bridge = _Bridge()
    _live.add(bridge)

    def finish(cb: Callable[[Any], None], value: Any) -> None:
        _live.discard(bridge)
        bridge.deleteLater()
        if owner is not None and not shiboken6.isValid(owner):
            return
        cb(value)

    bridge.done.connect(lambda v: finish(on_success, v))
    bridge.failed.connect(lambda e: finish(on_failure, e))
    QThreadPool.globalInstance().start(_Job(fn, bridge))


def wait_for_background_jobs(timeout_ms: int = 5000) -> bool:
    """Join the pool before exit so no thread outlives the application."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
