"""Runs the sync engine and the SSE reader off the UI thread (the only Qt module in sync/).

Two QThreads: the sync loop (sync on start, on request, on every SSE ``change`` hint and
every 30 s) and the stream reader (telemetry into the cache). Results reach the UI only
through queued signals; telemetry is coalesced and emitted by a UI-thread timer at most
10 times a second so live charts never flood the event loop. The worker never touches a
widget, and the UI thread never does HTTP.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

from .cache import Cache
from .client import NotAPortal, PortalClient, PortalError, PortalUnreachable
from .engine import SyncEngine
from .stream import DEFAULT_HEARTBEAT_S, StreamReader

log = logging.getLogger(__name__)

SYNC_INTERVAL_S = 30.0
BACKOFF_MIN_S = 0.5
BACKOFF_MAX_S = 30.0
TELEMETRY_EMIT_MS = 100
JOIN_MS = 3000

#: States of the live stream (``sig_stream_state``): the connection is open; it was
#: open and dropped, a new one is being made; connecting failed (retrying with backoff).
STREAM_CONNECTED = "connected"
STREAM_RECONNECTING = "reconnecting"
STREAM_OFFLINE = "offline"


_running: set[_Thread] = set()
"""Every started loop thread until it has finished. The threads have no Qt parent and
are held here, not by their worker: Qt aborts the process when a running QThread is
destroyed, which is what a parent deleting the worker (or the garbage collector taking
a worker nobody stopped) would otherwise do. Such a worker's loops see the stop event
(set when the worker is destroyed) and end on their own."""


class _Thread(QThread):
    """A QThread running one Python callable (keeps the loops testable as methods)."""

    def __init__(self, target: Callable[[], None], name: str):
        super().__init__(None)
        self._target: Callable[[], None] | None = target
        self.setObjectName(name)

    def start(self) -> None:  # noqa: D401 - Qt override
        _running.add(self)
        super().start()

    def run(self) -> None:  # noqa: D401 - Qt override
        try:
            if self._target is not None:
                self._target()
        except Exception:  # a dying loop must not take the process with it
            log.exception("%s crashed", self.objectName())
        finally:
            self._target = None  # drop the worker: nothing keeps it alive through us

    def release(self) -> None:
        """Called after the thread was joined: it may be destroyed now."""
        _running.discard(self)


def _backoff(attempt: int) -> float:
    """Jittered exponential backoff ("full jitter" on the upper half)."""
    cap = min(BACKOFF_MAX_S, BACKOFF_MIN_S * (2**attempt))
    return cap / 2 + random.random() * cap / 2


class SyncWorker(QObject):
    """Owns the background sync for one (portal, user) cache file."""

    sig_state_changed = Signal(str, int)
    """State ("online", "offline", "syncing", "error") and the pending outbox count."""
    sig_synced = Signal(object)
    """set[str] of entity names changed by the last sync (may be empty); reload those models."""
    sig_telemetry = Signal(object)
    """dict[vehicle_id, list[sample dict]] coalesced, at most ~10 Hz (also after a backfill)."""
    sig_progress = Signal(int, int)
    """Changes pulled so far and the total (-1 while unknown) during long syncs."""
    sig_error = Signal(str)
    """A human-readable sentence (refused mutation, session expired, ...)."""
    sig_conflicts = Signal(object)
    """list[dict] of mutations the portal refused in the last sync (see Cache.conflicts())."""
    sig_command = Signal(object)
    """A remote-command state change from the stream (command JSON)."""
    sig_tokens = Signal(str, object)
    """New access token and refresh token (str | None) after a refresh; store them in keyring."""
    sig_stream_state = Signal(str)
    """The live stream's connection: STREAM_CONNECTED, STREAM_RECONNECTING or
    STREAM_OFFLINE (emitted by the stream thread on every change; queued to the UI)."""

    def __init__(
        self,
        cache_path: Path,
        base_url: str,
        access_token: str,
        refresh_token: str | None,
        parent: QObject | None = None,
        *,
        sync_interval_s: float = SYNC_INTERVAL_S,
        heartbeat_s: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.cache_path = Path(cache_path)
        self.base_url = base_url
        self._access_token = access_token
        self._refresh_token = refresh_token
        self.sync_interval_s = sync_interval_s
        if heartbeat_s is None:
            heartbeat_s = float(os.environ.get("MPRO_SSE_HEARTBEAT_S", DEFAULT_HEARTBEAT_S))
        self.heartbeat_s = heartbeat_s
        self.state = "offline"
        #: The last sig_stream_state (None before the first connection attempt ended).
        self.stream_state: str | None = None
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._sync_requested = False
        self._backfills: list[tuple[str, float]] = []
        self._telemetry_lock = threading.Lock()
        self._telemetry: dict[str, list[dict]] = defaultdict(list)
        self._reader: StreamReader | None = None
        self._cache: Cache | None = None
        self._client: PortalClient | None = None
        self._threads: list[_Thread] = []
        self._timer: QTimer | None = None
        # A worker deleted while running (its parent went away without stop()): its loops
        # end by themselves instead of the process aborting (see ``_running``).
        self.destroyed.connect(self._stop.set)

    # -- UI-thread API ----------------------------------------------------------------

    @property
    def portal(self) -> PortalClient | None:
        """The worker's portal client once started (its token refresh is serialised), for
        the online-only calls of the views (``sync.account_api``)."""
        return self._client

    def start(self) -> None:
        """Open the cache and start the sync loop and the stream reader."""
        if self._threads:
            return
        self._stop.clear()
        self._cache = Cache(self.cache_path)
        self._client = PortalClient(
            self.base_url,
            access_token=self._access_token,
            refresh_token=self._refresh_token,
            on_tokens=lambda a, r: self.sig_tokens.emit(a, r),
        )
        self._sync_requested = True
        self._timer = QTimer(self)
        self._timer.setInterval(TELEMETRY_EMIT_MS)
        self._timer.timeout.connect(self._flush_telemetry)
        self._timer.start()
        self._threads = [
            _Thread(self._sync_loop, "mpro-sync"),
            _Thread(self._stream_loop, "mpro-stream"),
        ]
        for t in self._threads:
            t.start()

    def request_sync(self) -> None:
        """Thread-safe: run a sync round soon (e.g. after a local change)."""
        with self._cond:
            self._sync_requested = True
            self._cond.notify_all()

    def request_backfill(self, vehicle_id: str, since_ts: float) -> None:
        """Thread-safe: fetch /telemetry since ``since_ts``, store it, emit sig_telemetry."""
        with self._cond:
            self._backfills.append((vehicle_id, since_ts))
            self._cond.notify_all()

    def stop(self) -> None:
        """Stop both threads promptly and join them; safe to call twice."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        reader = self._reader
        if reader is not None:
            reader.stop()
        for t in self._threads:
            if not t.wait(JOIN_MS):
                # A request is stuck in the sync thread: closing the client fails it fast.
                if self._client is not None:
                    self._client.close()
                t.wait()
            t.release()
        self._threads = []
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None
        self._flush_telemetry()
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    def is_running(self) -> bool:
        return any(t.isRunning() for t in self._threads)

    # -- sync thread ------------------------------------------------------------------

    def _sync_loop(self) -> None:
        assert self._cache is not None and self._client is not None
        cache, client = self._cache, self._client
        engine: SyncEngine | None = None
        next_due = time.monotonic()
        failures = 0
        said_not_portal = False  # the sentence is shown once per episode, not every retry

        def not_portal() -> None:
            nonlocal failures, next_due, said_not_portal
            failures += 1
            self._set_state("error", cache)
            if not said_not_portal:
                said_not_portal = True
                self.sig_error.emit(not_portal_sentence(self.base_url))
            next_due = time.monotonic() + min(self.sync_interval_s, _backoff(failures))

        while not self._stop.is_set():
            with self._cond:
                while not (
                    self._stop.is_set()
                    or self._sync_requested
                    or self._backfills
                    or time.monotonic() >= next_due
                ):
                    self._cond.wait(max(0.0, next_due - time.monotonic()))
                if self._stop.is_set():
                    return
                do_sync = self._sync_requested or time.monotonic() >= next_due
                self._sync_requested = False
                backfills, self._backfills = self._backfills, []
            try:
                if engine is None:
                    engine = SyncEngine(cache, client)
                for vehicle_id, since_ts in backfills:
                    samples = engine.fetch_telemetry(vehicle_id, since_ts)
                    self.sig_telemetry.emit({vehicle_id: samples})
                if do_sync:
                    self._set_state("syncing", cache)
                    report = engine.sync_once(progress=self._progress)
                    if report.not_portal:
                        log.warning("sync: %s", report.error)
                        not_portal()
                        continue
                    if report.offline:
                        failures += 1
                        self._set_state("offline", cache)
                        next_due = time.monotonic() + min(self.sync_interval_s, _backoff(failures))
                        continue
                    failures = 0
                    said_not_portal = False
                    next_due = time.monotonic() + self.sync_interval_s
                    refused = report.rejected + report.conflicts
                    if refused:  # the window points the user to the Conflicts pane
                        self.sig_conflicts.emit(refused)
                    self._set_state("online", cache)
                    self.sig_synced.emit(set(report.changed_entities))
            except NotAPortal as exc:  # a backfill's answer
                log.warning("sync: %s", exc)
                not_portal()
            except PortalUnreachable:
                failures += 1
                self._set_state("offline", cache)
                next_due = time.monotonic() + min(self.sync_interval_s, _backoff(failures))
            except PortalError as exc:
                failures += 1
                self._set_state("error", cache)
                self.sig_error.emit(_error_sentence(exc))
                next_due = time.monotonic() + max(5.0, _backoff(failures))
            except Exception as exc:  # keep the loop alive; the user sees a sentence
                log.exception("sync round failed")
                failures += 1
                self._set_state("error", cache)
                self.sig_error.emit(
                    QCoreApplication.translate(
                        "SyncWorker", "Synchronisation failed unexpectedly: %1"
                    ).replace("%1", str(exc))
                )
                next_due = time.monotonic() + max(5.0, _backoff(failures))

    def _progress(self, done: int, total: int | None) -> None:
        self.sig_progress.emit(done, -1 if total is None else total)

    def _set_state(self, state: str, cache: Cache) -> None:
        self.state = state
        try:
            pending = cache.pending_count()
        except Exception:  # the cache is being closed during stop()
            pending = -1
        self.sig_state_changed.emit(state, pending)

    # -- stream thread ----------------------------------------------------------------

    def _set_stream_state(self, state: str) -> None:
        if state != self.stream_state and not self._stop.is_set():
            self.stream_state = state
            self.sig_stream_state.emit(state)

    def _stream_loop(self) -> None:
        assert self._cache is not None and self._client is not None
        cache, client = self._cache, self._client
        attempt = 0
        last_event_id: str | None = None
        while not self._stop.is_set():
            opened = False

            def on_open(reconnect: bool = bool(attempt)) -> None:
                nonlocal opened
                opened = True
                self._set_stream_state(STREAM_CONNECTED)
                if reconnect:  # catch up on what the gap missed
                    self.request_sync()

            reader = StreamReader(
                client,
                heartbeat_s=self.heartbeat_s,
                last_event_id=last_event_id,
                on_open=on_open,
            )
            self._reader = reader
            if self._stop.is_set():
                break
            try:
                for event, _eid, data in reader.events():
                    attempt = 0
                    self._on_event(cache, event, data)
                    if self._stop.is_set():
                        break
                attempt = max(attempt, 1)  # stream ended: reconnect and catch up
            except PortalUnreachable:
                attempt += 1
            except PortalError as exc:
                attempt += 3  # auth trouble: back off harder; the sync loop reports it
                log.warning("stream refused: %s", exc)
            except Exception:
                log.exception("stream reader failed")
                attempt += 1
            finally:
                last_event_id = reader.last_event_id
                self._reader = None
            # A connection that was open and dropped is being re-made; one that could
            # not be made at all means the portal is out of reach for now.
            self._set_stream_state(STREAM_RECONNECTING if opened else STREAM_OFFLINE)
            self._stop.wait(_backoff(attempt))

    def _on_event(self, cache: Cache, event: str, data: dict[str, Any]) -> None:
        if event == "change":
            self.request_sync()
        elif event == "telemetry":
            vehicle_id = data.get("vehicle_id")
            samples = data.get("samples") or []
            if not vehicle_id or not samples:
                return
            cache.store_telemetry(vehicle_id, samples)
            with self._telemetry_lock:
                self._telemetry[vehicle_id].extend(samples)
        elif event == "command":
            if data.get("id"):
                cache.store_command(data)  # the UI reads commands from the cache
            self.sig_command.emit(data)

    def _flush_telemetry(self) -> None:
        """UI-thread timer slot: emit what arrived since the last tick, if anything."""
        with self._telemetry_lock:
            if not self._telemetry:
                return
            batch, self._telemetry = dict(self._telemetry), defaultdict(list)
        self.sig_telemetry.emit(batch)


def not_portal_sentence(url: str) -> str:
    """What the user reads when something else answers at the portal's address."""
    return QCoreApplication.translate(
        "SyncWorker",
        "The server at %1 does not answer as an MPRO portal. Your changes are kept and "
        "sent when it does.",
    ).replace("%1", url)


def _error_sentence(exc: PortalError) -> str:
    """A sentence for the status bar (translated; QCoreApplication.translate is thread-safe)."""
    if exc.status == 401:
        return QCoreApplication.translate(
            "SyncWorker", "Your session has expired. Sign in again to continue synchronising."
        )
    if exc.status == 403:
        return QCoreApplication.translate(
            "SyncWorker", "The portal did not allow synchronisation: %1"
        ).replace("%1", exc.detail or "")
    return (
        QCoreApplication.translate("SyncWorker", "The portal refused to synchronise (%1): %2")
        .replace("%1", str(exc.status))
        .replace("%2", exc.detail or "")
    )
