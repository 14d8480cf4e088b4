"""Generic ``Idempotency-Key`` support for every mutating request.

The key is scoped to the caller's credentials. The first request reserves the key in
its own transaction, runs, and stores its response; a repeat with the same body gets
that response replayed, a repeat with a different body 422 ``idempotency_key_reused``,
and a repeat while the first is still running 409 ``request_in_progress``. Server
errors (5xx) release the key so the client may retry.
"""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from embedded_server.errors import problem_body
from embedded_server.idempotency import repository as repo

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
NOT_STORED = {401, 429}


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in MUTATING:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        key = headers.get("idempotency-key", "").strip()
        if not key:
            await self.app(scope, receive, send)
            return
        if len(key) > 200:
            await _send_json(send, 422, problem_body(422, "validation_error",
                             "Idempotency-Key is longer than 200 characters.", fields=["Idempotency-Key"]))
            return
        body = await _read_body(receive)
        caller = hashlib.sha256(headers.get("authorization", "").encode()).hexdigest()
        request_hash = hashlib.sha256(
            scope["method"].encode() + b" " + scope["path"].encode() + b"\n" + body
        ).hexdigest()
        factory = scope["app"].state.session_factory

        def _reserve() -> Any:
            with factory() as session:
                row = repo.reserve(session, scope=caller, key=key, request_hash=request_hash)
                if row is None:
                    return None
                return (row.request_hash, row.status_code, row.content_type, row.response_body)

        existing = await run_in_threadpool(_reserve)
        if existing is not None:
            stored_hash, status, content_type, stored_body = existing
            if stored_hash != request_hash:
                await _send_json(send, 422, problem_body(
                    422, "idempotency_key_reused",
                    "This Idempotency-Key was used for a different request; use a new key."))
            elif status is None:
                await _send_json(send, 409, problem_body(
                    409, "request_in_progress", "The first request with this key is still running."))
            else:
                await _send_raw(send, status, content_type, stored_body or b"", replayed=True)
            return

        captured: dict[str, Any] = {"status": 500, "ctype": None, "chunks": []}

        async def replay_receive() -> Message:
            nonlocal body
            if body is not None:
                chunk, body = body, None
                return {"type": "http.request", "body": chunk, "more_body": False}
            return await receive()

        async def capture_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                for k, v in message.get("headers", []):
                    if k.lower() == b"content-type":
                        captured["ctype"] = v.decode("latin-1")
            elif message["type"] == "http.response.body":
                captured["chunks"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture_send)
        finally:
            status = captured["status"]

            def _finish() -> None:
                with factory() as session:
                    if status >= 500 or status in NOT_STORED:
                        repo.release(session, scope=caller, key=key)
                    else:
                        repo.store_response(session, scope=caller, key=key, status=status,
                                            content_type=captured["ctype"],
                                            body=b"".join(captured["chunks"]))

            await run_in_threadpool(_finish)


async def _read_body(receive: Receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        if message["type"] == "http.request":
            parts.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        elif message["type"] == "http.disconnect":
            break
    return b"".join(parts)


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    import orjson

    await _send_raw(send, status, "application/problem+json", orjson.dumps(body))


async def _send_raw(send: Send, status: int, content_type: str | None, body: bytes,
                    replayed: bool = False) -> None:
    headers = [(b"content-length", str(len(body)).encode())]
    if content_type:
        headers.append((b"content-type", content_type.encode("latin-1")))
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
