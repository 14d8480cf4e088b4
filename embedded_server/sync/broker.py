"""In-process pub/sub for the SSE stream: one asyncio queue per open stream.

Publishing happens from worker threads (after a DB commit), so events are handed to
the event loop with call_soon_threadsafe. Stream generators watch ``shutdown`` so an
open stream never holds up server shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import orjson
from starlette.requests import Request

QUEUE_SIZE = 1000


class Broker:
    def __init__(self) -> None:
        self._subs: dict[str, set[asyncio.Queue[tuple[str, Any]]]] = defaultdict(set)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.shutdown = asyncio.Event()

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.shutdown = asyncio.Event()

    def publish(self, company_id: str, name: str, data: Any) -> None:
        """Thread-safe; drops the event for a stream whose queue is full (clients resync)."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._deliver, company_id, name, data)

    def _deliver(self, company_id: str, name: str, data: Any) -> None:
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
        current_seq: int,
        last_event_id: int | None,
        heartbeat_s: float,
    ) -> AsyncIterator[bytes]:
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._subs[company_id].add(queue)
        try:
            yield b": connected\nretry: 2000\n\n"
            if last_event_id is not None and last_event_id < current_seq:
                yield _format("change", {"seq": current_seq}, current_seq)
            while not self.shutdown.is_set():
                getter = asyncio.ensure_future(queue.get())
                stopper = asyncio.ensure_future(self.shutdown.wait())
                done, _ = await asyncio.wait(
                    {getter, stopper}, timeout=heartbeat_s, return_when=asyncio.FIRST_COMPLETED
                )
                stopper.cancel()
                if getter in done:
                    name, data = getter.result()
                    yield _format(name, data, data.get("seq") if name == "change" else None)
                else:
                    getter.cancel()
                    if self.shutdown.is_set() or await request.is_disconnected():
                        break
                    yield b": heartbeat\n\n"
        finally:
            self._subs[company_id].discard(queue)
            if not self._subs[company_id]:
                self._subs.pop(company_id, None)


def _format(name: str, data: Any, event_id: int | None) -> bytes:
    head = f"event: {name}\n" + (f"id: {event_id}\n" if event_id is not None else "")
    return head.encode() + b"data: " + orjson.dumps(data) + b"\n\n"
