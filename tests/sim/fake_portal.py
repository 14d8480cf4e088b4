"""A tiny, controllable telematics endpoint for uploader/CLI tests.

A real HTTP server on 127.0.0.1 (not a mock transport) so connection refusal, 5xx and
a response lost after the data was committed go through httpx exactly as in production.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

OK = "ok"
ERROR_500 = "500"
DROP_AFTER_COMMIT = "drop_after_commit"


class FakePortal:
    """Stores samples by (vin, seq) like the portal; ``mode`` and ``forbidden`` inject faults."""

    def __init__(self, tokens: dict[str, str]) -> None:
        self.tokens = tokens
        self.mode = OK
        self.forbidden: set[str] = set()
        self.reject_field: str | None = None  # a sample carrying this key gets 422
        self.received: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
        self.posts: list[tuple[str, list[int], int]] = []  # (vin, seqs, status)
        self.duplicates = 0
        self.lock = threading.Lock()
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._conns: set[socket.socket] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakePortal:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 65536  # one send per response: no Nagle/delayed-ACK stalls

            def log_message(self, *args: object) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                with portal.lock:
                    portal._conns.add(self.connection)

            def finish(self) -> None:
                with portal.lock:
                    portal._conns.discard(self.connection)
                super().finish()

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path != "/api/v1/telematics/samples":
                    return self._reply(404, {"detail": "not found"})
                body = json.loads(raw)
                if "columns" in body:  # the columnar form the simulator sends
                    cols = body["columns"]
                    body["samples"] = [
                        {k: v[i] for k, v in cols.items() if v[i] is not None}
                        for i in range(len(cols["seq"]))
                    ]
                vin = body["vin"]
                seqs = [s["seq"] for s in body["samples"]]
                auth = self.headers.get("Authorization", "")
                with portal.lock:
                    mode = portal.mode
                    if auth != f"Bearer {portal.tokens.get(vin)}":
                        status = 401
                    elif vin in portal.forbidden:
                        status = 403
                    elif mode == ERROR_500:
                        status = 500
                    elif portal.reject_field and any(
                        portal.reject_field in s for s in body["samples"]
                    ):
                        status = 422
                    else:
                        status = 200
                    accepted = dups = 0
                    if status == 200:
                        for s in body["samples"]:
                            if s["seq"] in portal.received[vin]:
                                dups += 1
                            else:
                                portal.received[vin][s["seq"]] = s
                                accepted += 1
                        portal.duplicates += dups
                    portal.posts.append((vin, seqs, status))
                if status == 200 and mode == DROP_AFTER_COMMIT:
                    self.close_connection = True  # committed, but the answer never arrives
                    return None
                return self._reply(status, {"accepted": accepted, "duplicates": dups})

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Go down (connection refused) but keep the port, so ``start()`` comes back on it."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self.lock:  # kept-alive connections would otherwise still be served
            for conn in list(self._conns):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def seqs(self, vin: str) -> list[int]:
        with self.lock:
            return sorted(self.received[vin])
