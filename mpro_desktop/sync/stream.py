"""Server-Sent Events reader for ``GET /api/v1/stream`` (httpx, no Qt).

A blocking read in a worker thread cannot be interrupted politely, so the read timeout
is about twice the heartbeat (a silent, dead connection is noticed) and :meth:`stop`
shuts the socket down under the reader, which wakes it at once (DESIGN.md, "Pitfalls").
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from .client import API, PortalClient, PortalError, PortalUnreachable, _problem

log = logging.getLogger(__name__)

DEFAULT_HEARTBEAT_S = 15.0


class StreamReader:
    """Yields ``(event, id, data)`` per SSE message; resumes with ``Last-Event-ID``.

    One connection per :meth:`events` call; the caller reconnects (with backoff). ``id``
    is None for events without one (telemetry); comments (heartbeats) are skipped.
    """

    def __init__(
        self,
        client: PortalClient,
        *,
        heartbeat_s: float = DEFAULT_HEARTBEAT_S,
        last_event_id: str | None = None,
        on_open: Callable[[], None] | None = None,
    ) -> None:
        self.client = client
        self.heartbeat_s = heartbeat_s
        self.last_event_id = last_event_id
        self.on_open = on_open
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._response: httpx.Response | None = None
        self._http: httpx.Client | None = None

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        """Ask the reader to end; wakes a blocked read by shutting the socket down."""
        self._stop.set()
        with self._lock:
            resp = self._response
        if resp is not None:
            sock = _socket_of(resp)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def events(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        """Connect once and yield events until the stream ends, fails or is stopped.

        Raises :class:`PortalUnreachable` on transport trouble, :class:`PortalError` on an
        error status (after one token refresh on 401).
        """
        if self._stop.is_set():
            return
        timeout = httpx.Timeout(
            connect=5.0, read=max(2.0, 2.0 * self.heartbeat_s), write=5.0, pool=5.0
        )
        refreshed = False
        while True:
            headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
            headers.update(self.client.auth_headers())
            if self.last_event_id is not None:
                headers["Last-Event-ID"] = self.last_event_id
            http = httpx.Client(base_url=self.client.base_url, timeout=timeout)
            try:
                with http.stream("GET", f"{API}/stream", headers=headers) as resp:
                    if resp.status_code == 401 and not refreshed and self.client.refresh_token:
                        refreshed = True
                        resp.read()
                        self.client.refresh()
                        continue
                    if resp.status_code >= 500:
                        raise PortalUnreachable(f"stream answered HTTP {resp.status_code}")
                    if resp.status_code >= 400:
                        resp.read()
                        raise _problem(resp)
                    with self._lock:
                        self._response = resp
                    if self._stop.is_set():
                        return
                    if self.on_open is not None:
                        self.on_open()
                    yield from self._parse(resp)
                    return
            except (httpx.TransportError, httpx.StreamError) as exc:
                if self._stop.is_set():
                    return
                raise PortalUnreachable(f"stream interrupted: {exc}") from exc
            except PortalError:
                raise
            finally:
                with self._lock:
                    self._response = None
                http.close()

    def _parse(self, resp: httpx.Response) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        event, data_lines, event_id = "message", [], None
        for line in resp.iter_lines():
            if self._stop.is_set():
                return
            if line == "":
                if data_lines:
                    raw = "\n".join(data_lines)
                    try:
                        data = json.loads(raw)
                    except ValueError:
                        data = {"raw": raw}
                    if event_id is not None:
                        self.last_event_id = event_id
                    yield event, event_id, data if isinstance(data, dict) else {"value": data}
                event, data_lines, event_id = "message", [], None
                continue
            if line.startswith(":"):
                continue  # heartbeat comment
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "data":
                data_lines.append(value)
            elif name == "id":
                event_id = value
            # "retry" and unknown fields are ignored


def _socket_of(resp: httpx.Response) -> socket.socket | None:
    stream = resp.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        return stream.get_extra_info("socket")
    except Exception:  # best effort; the read timeout still ends the read
        return None
