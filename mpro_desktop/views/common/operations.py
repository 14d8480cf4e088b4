"""Run blocking work off the UI thread, then call back on it (Anki's ``QueryOp`` and
``CollectionOp``).

The only way views start background work, so no widget ever waits on I/O:
:func:`run_in_background` for reads, :func:`run_write` for anything that writes the
cache (a test in ``tests/ui`` fails if a view writes SQLite on the UI thread).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from mpro_desktop.sync.quick_read import CacheNotOpen

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Bridge(QObject):
    done = Signal(object)
    failed = Signal(object)
    dropped = Signal()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self.fn = fn
        self.bridge = bridge

    def run(self) -> None:
        try:
            result = self.fn()
        except CacheNotOpen:  # started before the cache opened; it is read again then
            log.debug("background job dropped", exc_info=True)
            self.bridge.dropped.emit()
        except Exception as exc:  # delivered to on_failure on the UI thread
            log.debug("background job failed", exc_info=True)
            self.bridge.failed.emit(exc)
        else:
            self.bridge.done.emit(result)


_live: set[_Bridge] = set()


@functools.cache
def _write_pool() -> QThreadPool:
    """One thread for every write: they commit in the order the user made them."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    return pool


def _start(
    pool: QThreadPool,
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    owner: QObject | None,
) -> None:
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
    bridge.dropped.connect(lambda: (_live.discard(bridge), bridge.deleteLater()))
    pool.start(_Job(fn, bridge))


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
    _start(QThreadPool.globalInstance(), fn, on_success, on_failure, owner)


class ChangeListener(Protocol):
    """Told which entities a write changed (``PaneContext``: the window refreshes the
    panes that show them and the sync worker pushes the outbox)."""

    def announce(self, entities: Iterable[str]) -> None: ...


def run_write(
    write: Callable[[], T],
    *,
    changes: Iterable[str],
    listener: ChangeListener,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    owner: QObject | None = None,
) -> None:
    """Commit ``write()`` off the UI thread, then on the UI thread: ``on_success(result)``
    and ``listener.announce(changes)``; or ``on_failure(exc)`` and nothing changed.

    Writes run one at a time, in the order they were started. The change is announced
    even if ``owner`` was closed meanwhile (the other panes must still show it); only
    the callbacks are dropped. Without ``on_failure`` the user gets a message box.
    """
    changed = frozenset(changes)

    def succeeded(result: T) -> None:
        if owner is None or shiboken6.isValid(owner):
            if on_success is not None:
                on_success(result)
        if not isinstance(listener, QObject) or shiboken6.isValid(listener):
            listener.announce(changed)

    def failed(exc: BaseException) -> None:
        if owner is not None and not shiboken6.isValid(owner):
            return
        (on_failure or _failure_box(owner))(exc)

    _start(_write_pool(), write, succeeded, failed, None)


def _failure_box(owner: QObject | None) -> Callable[[BaseException], None]:
    def show(exc: BaseException) -> None:
        log.warning("write failed: %s", exc)
        parent = owner if isinstance(owner, QWidget) else None
        QMessageBox.warning(
            parent,
            "MPRO Desktop",
            QCoreApplication.translate("WriteOp", "The change could not be saved: %1").replace(
                "%1", str(exc)
            ),
        )

    return show


def wait_for_background_jobs(timeout_ms: int = 5000) -> bool:
    """Join the pools before exit so no thread outlives the application."""
    writes = _write_pool().waitForDone(timeout_ms)
    return QThreadPool.globalInstance().waitForDone(timeout_ms) and writes
