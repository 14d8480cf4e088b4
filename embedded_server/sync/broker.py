"""In-process pub/sub for the SSE stream: one asyncio queue per open stream.

Publishing happens from worker threads (after a DB commit), so events are handed to
the event loop with call_soon_threadsafe. Stream generators watch ``shutdown`` so an
open stream never holds up server shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import orjson
from starlette.requests import Request

from embedded_server import metrics

QUEUE_SIZE = 1000


class Broker:
    def __init__(self) -> None:
        self._subs: dict[str, set[asyncio.Queue[tuple[str, Any]]]] = defaultdict(set)
        #: keyed by (company_id, vehicle public id): a ``command`` event carries the public
        #: id, which another company may use for its own vehicle (issue 8 #12)
        self._vehicle_waiters: dict[tuple[str, str], set[asyncio.Event]] = defaultdict(set)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.shutdown = asyncio.Event()

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.shutdown = asyncio.Event()

    def publish(self, company_id: str, name: str, data: Any, sent_at: float | None = None) -> None:
        """Thread-safe; drops the event for a stream whose queue is full (clients resync).
        ``sent_at``: when another process published it (epoch s; the fan-out lag)."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._deliver, company_id, name, data,
                                      time.time() if sent_at is None else sent_at)

    def vehicle_waiter(self, vehicle: tuple[str, str]) -> asyncio.Event:
        """An event set whenever a command of this ``(company_id, public vehicle id)``
        changes (long-poll wake-up)."""
        ev = asyncio.Event()
        self._vehicle_waiters[vehicle].add(ev)
        return ev

    def drop_vehicle_waiter(self, vehicle: tuple[str, str], ev: asyncio.Event) -> None:
        waiters = self._vehicle_waiters.get(vehicle)
        if waiters is not None:
            waiters.discard(ev)
            if not waiters:
                self._vehicle_waiters.pop(vehicle, None)

    def subscribe(self, company_id: str) -> asyncio.Queue[tuple[str, Any]]:
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._subs[company_id].add(queue)
        metrics.SSE_CLIENTS.inc()
        return queue

    def unsubscribe(self, company_id: str, queue: asyncio.Queue[tuple[str, Any]]) -> None:
        subs = self._subs.get(company_id)
        if subs is None or queue not in subs:
            return
        subs.discard(queue)
        metrics.SSE_CLIENTS.dec()
        if not subs:
            self._subs.pop(company_id, None)

    def companies(self) -> list[str]:
        """The companies with an open stream here (any thread: a copy taken under retry,
        the loop may change the dict meanwhile)."""
        while True:
            try:
                return list(self._subs)
            except RuntimeError:  # changed size during iteration
                continue

    def _deliver(self, company_id: str, name: str, data: Any, sent_at: float) -> None:
        metrics.FANOUT_LAG.labels(name).observe(max(0.0, time.time() - sent_at))
        if name == "command" and isinstance(data, dict):
            key = (company_id, data.get("vehicle_id", ""))
            for ev in list(self._vehicle_waiters.get(key, ())):
                ev.set()
        for q in list(self._subs.get(company_id, ())):
            with contextlib.suppress(asyncio.QueueFull):
                q.put_nowait((name, data))

    def close(self) -> None:
        """Ask every open stream to finish (call from any thread)."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self.shutdown.set)

    async def sse(
        self,
        company_id: str,
        *,
        request: Request,
        queue: asyncio.Queue[tuple[str, Any]],
        replay: list[int],
        catch_up_seq: int | None,
        heartbeat_s: float,
        until: dt.datetime | None = None,
    ) -> AsyncIterator[bytes]:
        """Stream events from ``queue`` (already subscribed, so nothing is lost between the
        replay query and the live feed). ``replay``: seqs of the change rows after the
        client's Last-Event-ID, sent first; ``catch_up_seq``: one extra hint when the
        replay was truncated. Live ``change`` events at or below the last sent seq are
        skipped (already replayed). ``until``: the stream ends then (the token's expiry)
        with a ``: token expired`` comment."""
        last_sent = 0
        try:
            yield b": connected\nretry: 2000\n\n"
            for seq in replay:
                yield _format("change", {"seq": seq}, seq)
                last_sent = seq
            if catch_up_seq is not None and catch_up_seq > last_sent:
                yield _format("change", {"seq": catch_up_seq}, catch_up_seq)
                last_sent = catch_up_seq
            while not self.shutdown.is_set():
                left = None if until is None else (until - dt.datetime.now(dt.UTC)).total_seconds()
                if left is not None and left <= 0:
                    yield b": token expired\n\n"
                    break
                getter = asyncio.ensure_future(queue.get())
                stopper = asyncio.ensure_future(self.shutdown.wait())
                done, _ = await asyncio.wait(
                    {getter, stopper},
                    timeout=heartbeat_s if left is None else min(heartbeat_s, left),
                    return_when=asyncio.FIRST_COMPLETED,
                )
                stopper.cancel()
                if getter in done:
                    name, data = getter.result()
                    if name == "change":
                        if data["seq"] <= last_sent:
                            continue
                        last_sent = data["seq"]
                    yield _format(name, data, data.get("seq") if name == "change" else None)
                else:
                    getter.cancel()
                    if self.shutdown.is_set() or await request.is_disconnected():
                        break
                    if until is not None and dt.datetime.now(dt.UTC) >= until:
                        continue  # the loop's check ends the stream
                    yield b": heartbeat\n\n"
        finally:
            self.unsubscribe(company_id, queue)


def _format(name: str, data: Any, event_id: int | None) -> bytes:
    head = f"event: {name}\n" + (f"id: {event_id}\n" if event_id is not None else "")
    return head.encode() + b"data: " + orjson.dumps(data) + b"\n\n"
