"""Transport rules every request gets, in one pure-ASGI middleware (``TransportGuard``).

- **Body caps per route** (``BODY_CAPS``, else ``JSON_MAX_BYTES``): a ``Content-Length``
  above the cap is answered 413 ``payload_too_large`` before a byte of the body is read;
  a chunked body is counted while it arrives and cut off at the cap. Either way the
  connection is closed after the 413, so the client stops uploading.
- **Auth before the body**: a body-carrying request to a route that depends on
  ``deps.current_caller`` (every ``require``) has its access token checked before the
  body is read; the result is handed to ``current_caller`` (no second lookup). Telematics ingest checks its
  module token the same way through its own dependency (``telemetry.router``).
- **A 500 is a complete response on a usable connection**: an unhandled exception is
  logged and answered as problem+json 500 here. Starlette's outermost error middleware
  would re-raise it after answering, and uvicorn then drops the keep-alive connection
  without ``Connection: close``, so the client's next request on it failed.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from embedded_server.deps import authenticate_request, current_caller, leaf_routes
from embedded_server.errors import ProblemError, problem_response

log = logging.getLogger("embedded_server")

KIB = 1024
MIB = 1024 * KIB
#: 10,000 samples (telemetry.schemas.MAX_SAMPLES) with all 20 fields at extreme values
#: are ~6.4 MB in the row form, ~5.5 MB typical (the columnar form is about half):
#: 16 MiB leaves room for pretty-printed JSON.
INGEST_MAX_BYTES = 16 * MIB
#: 500 mutations (sync.schemas.MutationsIn) of at most ~4 KB each (every string field at
#: its max length, written with \\u escapes) are ~2 MB.
MUTATIONS_MAX_BYTES = 4 * MIB
#: every other JSON body (the largest, a registration, is under 20 KB even fully escaped;
#: room for list bodies such as an order naming thousands of vehicles)
JSON_MAX_BYTES = 1 * MIB
BODY_CAPS: dict[str, int] = {
    "/api/v1/telematics/samples": INGEST_MAX_BYTES,
    "/api/v1/mutations": MUTATIONS_MAX_BYTES,
}
#: a response sent before the body was read leaves a body of at most this size for the
#: server to discard (the connection stays open); anything larger or chunked: closed
DRAIN_MAX_BYTES = 64 * KIB
CLOSE = (b"connection", b"close")


def body_cap(path: str) -> int:
    return BODY_CAPS.get(path, JSON_MAX_BYTES)


class _BodyTooLarge(Exception):
    """Raised from ``receive`` when a streamed body passes its cap."""


class TransportGuard:
    """See the module docstring; add it as the outermost middleware."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._auth_routes: list[tuple[Any, bool]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = body_cap(scope["path"])
        length, chunked = _body_framing(scope)
        has_body = chunked or bool(length)
        state = {
            "started": False,
            "complete": False,
            "body_done": not has_body,
            "too_large": False,
            "received": 0,
        }
        close_early = chunked or (length or 0) > DRAIN_MAX_BYTES

        async def guarded_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > cap:
                    state["too_large"] = True
                    raise _BodyTooLarge
                if not message.get("more_body", False):
                    state["body_done"] = True
            return message

        async def guarded_send(message: Message) -> None:
            if state["too_large"] and not state["started"]:
                return  # whatever the app made of the cut-off body: the answer is a 413
            if message["type"] == "http.response.start":
                state["started"] = True
                if close_early and not state["body_done"]:
                    message = {**message, "headers": [*message.get("headers", []), CLOSE]}
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                state["complete"] = True
            await send(message)

        try:
            if length is not None and length > cap:
                state["too_large"] = True
            elif has_body and self._needs_access_auth(scope):
                refused = await run_in_threadpool(_authenticate_early, scope)
                if refused is not None:
                    await refused(scope, receive, guarded_send)
                    return
            if not state["too_large"]:
                await self.app(scope, guarded_receive, guarded_send)
        except _BodyTooLarge:
            pass
        except Exception:
            if not state["too_large"]:  # (else the app wrapped our _BodyTooLarge: a 413)
                log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
                if state["started"] and not state["complete"]:
                    raise  # a half-sent response can only end with the connection
                if not state["started"]:
                    await problem_response(500, "internal_error", "An unexpected error occurred.")(
                        scope, receive, guarded_send
                    )
                return
        if state["too_large"] and not state["started"]:
            await problem_response(
                413,
                "payload_too_large",
                f"The request body is larger than {cap} bytes, the limit of this endpoint.",
                headers={"Connection": "close"},
                limit_bytes=cap,
            )(scope, receive, send)

    def _needs_access_auth(self, scope: Scope) -> bool:
        """Whether the route this request goes to depends on ``deps.current_auth``
        (read from the routes' own dependencies, so a new endpoint gets it for free)."""
        if self._auth_routes is None:
            self._auth_routes = [
                (route, _depends_on_current_auth(getattr(route, "dependant", None)))
                for route in leaf_routes(scope["app"].routes)
            ]
        for route, needs in self._auth_routes:
            if route.matches(scope)[0] is Match.FULL:
                return needs
        return False


def _depends_on_current_auth(dependant: Any) -> bool:
    if dependant is None:
        return False
    return any(
        d.call is current_caller or _depends_on_current_auth(d) for d in dependant.dependencies
    )


def _authenticate_early(scope: Scope) -> Any:
    """None when the access token is good (the result waits in ``request.state``), else
    the 401 problem response."""
    try:
        authenticate_request(Request(scope))
    except ProblemError as exc:
        return problem_response(exc.status, exc.code, exc.detail, exc.headers, **exc.extra)
    return None


def _body_framing(scope: Scope) -> tuple[int | None, bool]:
    """(Content-Length or None, chunked?) of the request; uvicorn has already refused a
    malformed Content-Length with 400."""
    length: int | None = None
    chunked = False
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = None
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    return length, chunked
