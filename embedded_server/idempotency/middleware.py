"""Generic ``Idempotency-Key`` support for every mutating request.

The key is scoped to the caller's credentials and claimed by the request's own DB
session in the same transaction as its effect (see ``repository``): a crash can never
leave a claimed key without its effect, nor an effect without its key.

- Same key + same body as a finished request: its response is replayed
  (``Idempotent-Replayed: true``) and nothing changes.
- Same key + different body (method, path or bytes): 422 ``idempotency_key_reused``.
- Concurrent requests with the same key: exactly one effect. The loser's transaction
  fails on the key (its effect is rolled back) or it sees the winner's row; it then
  WAITS for the winner's response (up to ``WAIT_S``) and replays it. Only if the winner
  has committed but its response is not stored within ``WAIT_S`` (it crashed between
  commit and storing the response, a window of microseconds) does the caller get 409
  ``request_in_progress``.
- A request that committed nothing: a 4xx is stored (a retry gets the same answer); a
  5xx, 401 or 429 is not (the client may retry).
- Routes declared ``openapi_extra=NOT_REPLAYABLE`` (sign-in, token refresh, anything that
  returns a secret or consumes a single-use one) ignore the key: nothing is stored, so no
  token ever lands in ``idempotency_keys`` and a rotated refresh token can't be replayed
  into live tokens. The OpenAPI shows the flag; a test walks every route for it.
- Records expire: ``repository.purge_older_than`` runs periodically in the app lifespan.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from embedded_server.errors import problem_body
from embedded_server.idempotency import repository as repo

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
NOT_STORED = {401, 429}
WAIT_S = 10.0
POLL_S = 0.05

#: OpenAPI extension of an operation whose Idempotency-Key is ignored (see module doc)
OPENAPI_FLAG = "x-idempotency-not-replayable"
NOT_REPLAYABLE: dict[str, Any] = {OPENAPI_FLAG: True}


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._not_replayable: list[tuple[str, re.Pattern[str]]] | None = None

    def _replayable(self, scope: Scope) -> bool:
        """False for a request to an operation flagged NOT_REPLAYABLE in the OpenAPI (the
        one declaration that clients, the test and this middleware all read)."""
        if self._not_replayable is None:  # routes are fixed once the app serves
            self._not_replayable = [
                (method.upper(), _template(path))
                for path, ops in scope["app"].openapi().get("paths", {}).items()
                for method, op in ops.items()
                if isinstance(op, dict) and op.get(OPENAPI_FLAG)
            ]
        method, path = scope["method"], scope["path"]
        return not any(m == method and rx.match(path) for m, rx in self._not_replayable)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in MUTATING
            or not self._replayable(scope)
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        key = headers.get("idempotency-key", "").strip()
        if not key:
            await self.app(scope, receive, send)
            return
        if len(key) > 200:
            await _send_json(
                send,
                422,
                problem_body(
                    422,
                    "validation_error",
                    "Idempotency-Key is longer than 200 characters.",
                    fields=["Idempotency-Key"],
                ),
            )
            return
        body: bytes | None = await _read_body(receive)
        assert body is not None
        caller = hashlib.sha256(headers.get("authorization", "").encode()).hexdigest()
        request_hash = hashlib.sha256(
            scope["method"].encode() + b" " + scope["path"].encode() + b"\n" + body
        ).hexdigest()
        factory = scope["app"].state.session_factory

        def _lookup() -> tuple[str, int | None, str | None, bytes | None] | None:
            with factory(readonly=True) as session:
                row = repo.lookup(session, scope=caller, key=key)
                if row is None:
                    return None
                return (row.request_hash, row.status_code, row.content_type, row.response_body)

        async def answer_from_existing(
            existing: tuple[str, int | None, str | None, bytes | None],
        ) -> None:
            deadline = asyncio.get_running_loop().time() + WAIT_S
            while True:
                stored_hash, status, content_type, stored_body = existing
                if stored_hash != request_hash:
                    await _send_json(
                        send,
                        422,
                        problem_body(
                            422,
                            "idempotency_key_reused",
                            "This Idempotency-Key was used for a different request; use a new key.",
                        ),
                    )
                    return
                if status is not None:
                    await _send_raw(send, status, content_type, stored_body or b"", replayed=True)
                    return
                if asyncio.get_running_loop().time() >= deadline:
                    await _send_json(
                        send,
                        409,
                        problem_body(
                            409,
                            "request_in_progress",
                            "The first request with this key is still running.",
                        ),
                    )
                    return
                await asyncio.sleep(POLL_S)
                found = await run_in_threadpool(_lookup)
                if found is None:  # released (the first request failed with a 5xx): run again
                    await self(scope, _replay_receive(body, receive), send)
                    return
                existing = found

        existing = await run_in_threadpool(_lookup)
        if existing is not None:
            await answer_from_existing(existing)
            return

        ctx: dict[str, Any] = {
            "scope": caller,
            "key": key,
            "hash": request_hash,
            "committed": False,
        }
        scope.setdefault("state", {})["idempotency"] = ctx
        captured: dict[str, Any] = {"status": 500, "ctype": None, "headers": [], "chunks": []}

        async def capture_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = list(message.get("headers", []))
                for k, v in captured["headers"]:
                    if k.lower() == b"content-type":
                        captured["ctype"] = v.decode("latin-1")
            elif message["type"] == "http.response.body":
                captured["chunks"].append(message.get("body", b""))

        try:
            await self.app(scope, _replay_receive(body, receive), capture_send)
        except Exception:
            captured["status"] = 500
            captured["chunks"] = []
            if not ctx["committed"]:
                raise
        status = captured["status"]
        payload = b"".join(captured["chunks"])

        if ctx["committed"]:

            def _finish() -> None:
                with factory() as session:
                    if status in NOT_STORED:
                        repo.release(session, scope=caller, key=key)
                    else:
                        repo.store_response(
                            session,
                            scope=caller,
                            key=key,
                            status=status,
                            content_type=captured["ctype"],
                            body=payload,
                        )

            await run_in_threadpool(_finish)
            await _send_captured(send, captured, payload)
            return

        # Nothing was committed under this key: keep a 4xx answer, unless another request
        # claimed the key meanwhile (then its response is the answer).
        def _settle() -> tuple[str, int | None, str | None, bytes | None] | None:
            if status < 500 and status not in NOT_STORED:
                with factory() as session:
                    if repo.insert_with_response(
                        session,
                        scope=caller,
                        key=key,
                        request_hash=request_hash,
                        status=status,
                        content_type=captured["ctype"],
                        body=payload,
                    ):
                        return None
            return _lookup()

        other = await run_in_threadpool(_settle)
        if other is not None:
            await answer_from_existing(other)
        else:
            await _send_captured(send, captured, payload)


def _template(path: str) -> re.Pattern[str]:
    """``/a/{id}/b`` -> a regex matching one concrete path of that template."""
    parts = ("[^/]+" if p.startswith("{") else re.escape(p) for p in path.split("/"))
    return re.compile("^" + "/".join(parts) + "$")


def _replay_receive(body: bytes, receive: Receive) -> Receive:
    pending: list[bytes] = [body]

    async def replay() -> Message:
        if pending:
            return {"type": "http.request", "body": pending.pop(), "more_body": False}
        return await receive()

    return replay


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


async def _send_captured(send: Send, captured: dict[str, Any], payload: bytes) -> None:
    headers = [(k, v) for k, v in captured["headers"] if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(payload)).encode()))
    await send({"type": "http.response.start", "status": captured["status"], "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    import orjson

    await _send_raw(send, status, "application/problem+json", orjson.dumps(body))


async def _send_raw(
    send: Send, status: int, content_type: str | None, body: bytes, replayed: bool = False
) -> None:
    headers = [(b"content-length", str(len(body)).encode())]
    if content_type:
        headers.append((b"content-type", content_type.encode("latin-1")))
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
