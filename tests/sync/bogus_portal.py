"""Things that answer at a portal's address but are not an MPRO portal, for the tests.

- :class:`BogusPortal`: a real HTTP server on 127.0.0.1 whose answer per API path is one
  of :data:`ANSWERS` (a proxy's 404/413/400/502 page, a captive portal's HTML, JSON of
  another shape, garbage, a body cut short ...).
- :class:`ManglingProxy`: forwards everything to a REAL portal and, while ``mode`` is
  set, replaces the answers to one path with a bogus one (after the portal has processed
  the request, or instead of forwarding it).

Both are plain ``http.server`` threads: the desktop's httpx client meets them exactly as
it would meet the real thing in the field.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

Answer = tuple[int, str, bytes]

HTML = "text/html; charset=utf-8"
JSON = "application/json"


def _page(title: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>".encode()


def _sent_ids(body: Any) -> list[str]:
    muts = body.get("mutations") if isinstance(body, dict) else None
    return [m.get("mutation_id") for m in muts or [] if isinstance(m, dict)]


def _results(body: Any, make: Callable[[str], Any]) -> Answer:
    return 200, JSON, json.dumps({"results": [make(i) for i in _sent_ids(body)]}).encode()


def _problem(status: int, code: str, detail: str) -> Answer:
    body = {"type": "about:blank", "title": "Error", "status": status, "detail": detail}
    return status, "application/problem+json", json.dumps({**body, "code": code}).encode()


#: name -> (request JSON or None) -> (status, content type, body). "short_body" is special:
#: the Content-Length promises more than is sent, then the connection closes.
ANSWERS: dict[str, Callable[[Any], Answer]] = {
    # a wrong server (another web framework's "not found", no problem+json)
    "404": lambda _b: (404, JSON, b'{"detail": "Not Found"}'),
    # a reverse proxy's body limit
    "413": lambda _b: (413, HTML, _page("413 Request Entity Too Large")),
    "400": lambda _b: (400, "text/plain", b"Bad Request"),
    # a captive portal's sign-in page
    "html_200": lambda _b: (200, HTML, _page("Welcome to Hotel Wi-Fi - please sign in")),
    "html_502": lambda _b: (502, HTML, _page("502 Bad Gateway")),
    "results_without_result": lambda b: _results(b, lambda i: {"mutation_id": i}),
    "garbage_json": lambda _b: (200, JSON, b"\x00\xff{results: [applied]"),
    "truncated_json": lambda b: (
        200,
        JSON,
        json.dumps(
            {"results": [{"mutation_id": i, "result": "applied"} for i in _sent_ids(b)]}
        ).encode()[:40],
    ),
    # well-formed JSON, wrong content
    "result_wrong_type": lambda b: _results(b, lambda i: {"mutation_id": i, "result": 1}),
    "unknown_outcome": lambda b: _results(b, lambda i: {"mutation_id": i, "result": "ok"}),
    "id_not_a_string": lambda b: _results(b, lambda i: {"mutation_id": 7, "result": "applied"}),
    "missing_ids": lambda b: _results(b, lambda i: {"result": "applied"}),
    "ids_not_sent": lambda b: _results(
        b, lambda i: {"mutation_id": "other-" + i, "result": "applied"}
    ),
    "fewer_results": lambda b: (
        200,
        JSON,
        json.dumps(
            {"results": [{"mutation_id": i, "result": "applied"} for i in _sent_ids(b)[:-1]]}
        ).encode(),
    ),
    "entity_wrong_shape": lambda b: _results(
        b, lambda i: {"mutation_id": i, "result": "applied", "entity": {"id": i, "version": "2"}}
    ),
    "results_not_a_list": lambda _b: (200, JSON, b'{"results": {"applied": true}}'),
    # a JSON error that looks like problem+json but is not the portal's (no code)
    "problem_without_code": lambda _b: (
        400,
        "application/problem+json",
        b'{"type": "about:blank", "title": "Bad", "status": 400}',
    ),
    "redirect": lambda _b: (302, HTML, _page("Moved")),
    # the PORTAL refusing the whole request (problem+json with a code): no verdict on any
    # one mutation either
    "portal_422": lambda _b: _problem(422, "validation_error", "Invalid fields: mutations.0.type"),
    "portal_413": lambda _b: _problem(413, "payload_too_large", "The body is too large."),
    "short_body": lambda _b: (200, JSON, b'{"results": ['),
}

#: the modes the brief names for ``POST /mutations`` (each must keep the outbox)
MUTATION_MODES = (
    "404",
    "413",
    "400",
    "html_200",
    "html_502",
    "results_without_result",
    "garbage_json",
    "truncated_json",
)
#: malformed 200s and other misfits (same rule)
MALFORMED_MODES = (
    "result_wrong_type",
    "unknown_outcome",
    "id_not_a_string",
    "missing_ids",
    "ids_not_sent",
    "fewer_results",
    "entity_wrong_shape",
    "results_not_a_list",
    "problem_without_code",
    "redirect",
)


class _Server:
    """A ``ThreadingHTTPServer`` on a free loopback port, run in a daemon thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hits: list[tuple[float, str, str]] = []  # (monotonic time, method, path)
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def times(self, path: str, method: str = "POST") -> list[float]:
        with self.lock:
            return [t for t, m, p in self.hits if p == path and m == method]

    def answer(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Any:
        raise NotImplementedError

    def start(self) -> _Server:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = self.path.split("?", 1)[0]
                with owner.lock:
                    owner.hits.append((time.monotonic(), self.command, path))
                status, ctype, body, short = owner.answer(
                    self.command, self.path, raw, dict(self.headers.items())
                )
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body) * (4 if short else 1)))
                if short:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                if short:
                    self.close_connection = True

            do_GET = do_POST = do_PATCH = do_DELETE = _handle  # noqa: N815 (http.server API)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class BogusPortal(_Server):
    """Answers ``answers[path]`` (a key of :data:`ANSWERS`); other paths get a 404 page."""

    def __init__(self, answers: dict[str, str] | None = None) -> None:
        super().__init__()
        self.answers = dict(answers or {})

    def answer(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Any:
        mode = self.answers.get(path.split("?", 1)[0])
        if mode is None:
            return 404, HTML, _page("404 Not Found"), False
        try:
            request = json.loads(body) if body else None
        except ValueError:
            request = None
        status, ctype, data = ANSWERS[mode](request)
        return status, ctype, data, mode == "short_body"


class ManglingProxy(_Server):
    """Forwards to ``upstream``; while ``mode`` is set, mangles the answers to ``path``.

    ``forward=True``: the portal processes the request (and commits it) and only its
    answer is replaced - the hardest case for the desktop, which must retry and get
    ``duplicate``. ``forward=False``: the request never reaches the portal.
    """

    def __init__(self, upstream: str, path: str = "/api/v1/mutations") -> None:
        super().__init__()
        self.upstream = httpx.Client(base_url=upstream, timeout=30.0)
        self.path = path
        self.mode: str | None = None
        self.forward = True
        self.mangled = 0

    def answer(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Any:
        mode = self.mode if path.split("?", 1)[0] == self.path else None
        if mode is None or self.forward:
            keep = {
                k: v
                for k, v in headers.items()
                if k.lower() in ("authorization", "content-type", "idempotency-key")
            }
            resp = self.upstream.request(method, path, content=body, headers=keep)
            real: Any = (
                resp.status_code,
                resp.headers.get("content-type", JSON),
                resp.content,
                False,
            )
        if mode is None:
            return real
        with self.lock:
            self.mangled += 1
        try:
            request = json.loads(body) if body else None
        except ValueError:
            request = None
        status, ctype, data = ANSWERS[mode](request)
        return status, ctype, data, mode == "short_body"

    def stop(self) -> None:
        super().stop()
        self.upstream.close()
