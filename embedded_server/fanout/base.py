"""What both fan-outs share: a sender thread and a listener thread per process.

:meth:`ThreadedFanout.publish` runs in a request thread right after a commit, so it never
blocks and never raises: the event is queued and a sender thread sends what has queued
up in one round trip. A listener thread hands everything arriving on the channel to
``deliver`` (the app's broker), reconnecting with a growing pause when the connection
drops. An event lost while the listener was cut off is not retried by the fan-out:
after the outage ``on_resume(since)`` runs with the last moment the channel was surely
heard, and the app makes up for it (a change hint to every open stream, which pulls the
change feed, and the live samples received since then: ``telemetry.catch_up``).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from itertools import count
from typing import Any

from embedded_server.fanout import envelope

log = logging.getLogger("embedded_server.fanout")

#: ``deliver(company_id, name, data, sent_at)``: called in the listener thread
Deliver = Callable[[str, str, Any, float], None]
#: ``on_resume(since)``: called in the listener thread once it hears the channel again
#: after an outage; ``since`` (epoch s) = when the last poll of the lost connection began:
#: whatever was sent after that may not have been heard
Resume = Callable[[float], None]
#: events sent in one round trip at most
BATCH = 200
SEND_ATTEMPTS = 3
MAX_PAUSE_S = 5.0


class ThreadedFanout:
    """Subclasses connect (:meth:`_connect_sender`), send (:meth:`_send`) and listen
    (:meth:`_listen`, which calls :meth:`_heard` per payload and :meth:`_subscribed` once
    it hears the channel)."""

    kind = "fan-out"

    def __init__(
        self, channel: Callable[[], str], deliver: Deliver, on_resume: Resume | None = None
    ) -> None:
        self._channel_of = channel
        self._on_resume = on_resume
        self.channel = ""
        self._deliver = deliver
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._threads: list[threading.Thread] = []
        self._ids = count(1)
        self._reassembler = envelope.Reassembler()
        self.reconnects = 0
        #: when the listener last began to wait on a live connection (``_polling``)
        self.heard_until = 0.0

    # -- the publisher interface (feed.events.Publisher) ---------------------------------

    def publish(self, company_id: str, name: str, data: Any) -> None:
        self._outbox.put(envelope.encode(company_id, name, data, time.time()))

    # -- life cycle ----------------------------------------------------------------------

    def start(self, timeout: float = 15.0) -> None:
        """Start both threads; returns once the channel is heard (events published after
        this reach this process too). Raises ``TimeoutError`` when it can't listen."""
        self.channel = self._channel_of()
        for target, name in ((self._send_loop, "sender"), (self._listen_loop, "listener")):
            t = threading.Thread(target=target, name=f"fanout-{name}", daemon=True)
            t.start()
            self._threads.append(t)
        if not self._listening.wait(timeout):
            self.close()
            raise TimeoutError(
                f"{self.kind}: could not listen on {self.channel} in {timeout:.0f} s"
            )

    def close(self) -> None:
        """Send what is queued, then stop. The listener ends on its own within its poll
        interval (not waited for: an app's shutdown should not)."""
        self._stop.set()
        self._outbox.put(None)
        for t in self._threads[:1]:
            t.join(5.0)

    def message_id(self) -> str:
        return f"{os.getpid():x}.{id(self):x}.{next(self._ids):x}"

    # -- sending -------------------------------------------------------------------------

    def _send_loop(self) -> None:
        conn: Any = None
        done = False
        while not done:
            item = self._outbox.get()
            batch: list[bytes] = []
            while True:
                if item is None:
                    done = True
                else:
                    batch.append(item)
                if len(batch) >= BATCH:
                    break
                try:
                    item = self._outbox.get_nowait()
                except queue.Empty:
                    break
            if batch:
                conn = self._send_batch(conn, batch)
        self._close_quietly(conn)

    def _send_batch(self, conn: Any, batch: list[bytes]) -> Any:
        for attempt in range(SEND_ATTEMPTS):
            try:
                if conn is None:
                    conn = self._connect_sender()
                self._send(conn, batch)
                return conn
            except Exception as exc:  # noqa: BLE001 - any driver error: reconnect, retry
                log.warning(
                    "%s: sending %d event(s) failed (%s), attempt %d",
                    self.kind,
                    len(batch),
                    exc,
                    attempt + 1,
                )
                self._close_quietly(conn)
                conn = None
                if self._stop.wait(0.2 * (attempt + 1)) and attempt:
                    break
        log.error(
            "%s: %d event(s) dropped; clients catch up on the change feed", self.kind, len(batch)
        )
        return None

    def _close_quietly(self, conn: Any) -> None:
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                pass

    # -- listening -----------------------------------------------------------------------

    def _listen_loop(self) -> None:
        pause = 0.2
        while not self._stop.is_set():
            try:
                self._listen()
                pause = 0.2
            except Exception as exc:  # noqa: BLE001 - reconnect after any driver error
                if self._stop.is_set():
                    break
                self.reconnects += 1
                log.warning(
                    "%s: listening on %s failed (%s); retrying in %.1f s",
                    self.kind,
                    self.channel,
                    exc,
                    pause,
                )
                self._stop.wait(pause)
                pause = min(pause * 2, MAX_PAUSE_S)

    def _subscribed(self) -> None:
        resumed = self._listening.is_set()
        self._listening.set()
        if resumed and self._on_resume is not None:
            try:
                self._on_resume(self.heard_until)
            except Exception:  # noqa: BLE001 - a failed hint must not end the listener
                log.exception("%s: hinting the streams after an outage failed", self.kind)

    def _polling(self) -> None:
        """Subclasses call this right before each wait on the channel: everything sent
        before now has been read (or will be, on this live connection)."""
        self.heard_until = time.time()

    def _heard(self, payload: bytes | str) -> None:
        """One payload from the channel: put together, decoded, delivered; anything
        malformed is logged and skipped (it never stops the listener)."""
        try:
            text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
            whole = self._reassembler.feed(text)
            if whole is None:
                return
            company_id, name, data, sent_at = envelope.decode(whole)
        except (envelope.BadEnvelope, UnicodeDecodeError) as exc:
            log.warning("%s: skipped a message on %s: %s", self.kind, self.channel, exc)
            return
        try:
            self._deliver(company_id, name, data, sent_at)
        except Exception:  # noqa: BLE001 - a broker error must not end the listener
            log.exception("%s: delivering a %s event failed", self.kind, name)

    # -- subclass hooks ------------------------------------------------------------------

    def _connect_sender(self) -> Any:
        raise NotImplementedError

    def _send(self, conn: Any, batch: list[bytes]) -> None:
        raise NotImplementedError

    def _listen(self) -> None:
        raise NotImplementedError

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()
