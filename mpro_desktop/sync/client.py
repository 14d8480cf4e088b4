"""Blocking HTTP client for the portal API v1 (httpx, no Qt).

Turns transport trouble into :class:`PortalUnreachable` (the engine goes offline and
keeps the outbox) and problem+json answers into :class:`PortalError` with the stable
``code``. Every answer the client parses is checked against the wire models in
:mod:`mpro_desktop.domain.wire`; one that does not fit (an HTML page, a bare 404, JSON of
another shape) raises :class:`NotAPortal`, a kind of :class:`PortalUnreachable`, so
nothing downstream can mistake it for the portal's word. A 401 triggers one transparent
token refresh, then the request is retried.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import httpx
import orjson
from pydantic import BaseModel, ValidationError

from mpro_desktop import i18n
from mpro_desktop.domain import wire

API = "/api/v1"
RETRY_DELAYS_S = (0.2, 0.6)
T = TypeVar("T")


class PortalError(Exception):
    """The portal answered with an error (RFC 9457 problem+json)."""

    def __init__(self, status: int, code: str | None, detail: str, body: Any = None) -> None:
        super().__init__(f"{status} {code or ''}: {detail}".strip())
        self.status = status
        self.code = code
        self.detail = detail
        self.body = body


class PortalUnreachable(Exception):
    """Connection refused, timed out, or the portal kept failing with 5xx."""


class NotAPortal(PortalUnreachable):
    """Something answered at the portal's address, but not as an MPRO portal does.

    A proxy's error page, a captive portal, a wrong server or a mangled body: its answer
    is no verdict on anything sent, so (like an unreachable portal) it settles nothing.
    ``reason`` is the technical detail for the log.
    """

    def __init__(self, url: str, request: str, reason: str) -> None:
        super().__init__(
            f"The server at {url} answered something that is not an MPRO portal response."
        )
        self.url = url
        self.request = request
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.args[0]} ({self.request}: {self.reason})"


TokensCallback = Callable[[str, str | None], None]


class PortalClient:
    """Thread-safe enough for one owner thread; token refresh is serialised by a lock."""

    def __init__(
        self,
        base_url: str,
        *,
        access_token: str | None = None,
        refresh_token: str | None = None,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        on_tokens: TokensCallback | None = None,
        language: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        #: the language the portal answers names and descriptions in (``Accept-Language``)
        self.language = language or i18n.ui_language()
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.timeout = timeout
        self.on_tokens = on_tokens
        self._lock = threading.Lock()
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
            headers={
                "Accept": "application/json",
                "User-Agent": "mpro-desktop",
                "Accept-Language": self.language,
            },
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PortalClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- core -------------------------------------------------------------------------

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"} if self.access_token else {}

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        retry_on_401: bool = True,
        retry: bool = True,
    ) -> httpx.Response:
        """Send with retries for transport errors and 5xx; raise on any error status.

        ``retry=False`` for a request that must never be sent twice: a refresh whose
        answer was lost has rotated the token already, and the portal takes a second
        use of the old one for theft and ends the session.
        """
        url = path if path.startswith("/") else f"{API}/{path}"
        attempt = 0 if retry else len(RETRY_DELAYS_S)
        while True:
            hdrs = dict(headers or {})
            if auth:
                hdrs.update(self.auth_headers())
            try:
                resp = self._http.request(method, url, params=params, json=json, headers=hdrs)
            except httpx.TransportError as exc:
                if attempt < len(RETRY_DELAYS_S) and not isinstance(exc, httpx.ConnectError):
                    time.sleep(RETRY_DELAYS_S[attempt])
                    attempt += 1
                    continue
                raise PortalUnreachable(
                    f"The portal at {self.base_url} is unreachable: {exc}"
                ) from exc
            if resp.status_code >= 500:
                if attempt < len(RETRY_DELAYS_S):
                    time.sleep(RETRY_DELAYS_S[attempt])
                    attempt += 1
                    continue
                problem = _problem(resp)
                if isinstance(problem, NotAPortal):
                    raise problem  # e.g. a proxy's "502 Bad Gateway" page
                raise PortalUnreachable(
                    f"The portal at {self.base_url} failed with HTTP {resp.status_code}."
                )
            if resp.status_code == 401 and auth and retry_on_401 and self.refresh_token:
                retry_on_401 = False
                try:
                    self.refresh()
                except PortalError:
                    raise _problem(resp) from None
                continue
            if resp.status_code >= 400 or not 200 <= resp.status_code < 300:
                raise _problem(resp)  # a 3xx too: the portal never redirects its API
            return resp

    def get(self, path: str, *, model: type[BaseModel] | None = None, **kw: Any) -> Any:
        return _json(self.request("GET", path, **kw), model)

    def post(
        self, path: str, json: Any = None, *, model: type[BaseModel] | None = None, **kw: Any
    ) -> Any:
        return _json(self.request("POST", path, json=json, **kw), model)

    def patch(
        self, path: str, json: Any = None, *, model: type[BaseModel] | None = None, **kw: Any
    ) -> Any:
        return _json(self.request("PATCH", path, json=json, **kw), model)

    def put(
        self, path: str, json: Any = None, *, model: type[BaseModel] | None = None, **kw: Any
    ) -> Any:
        return _json(self.request("PUT", path, json=json, **kw), model)

    def delete(self, path: str, **kw: Any) -> Any:
        return _json(self.request("DELETE", path, **kw))

    def download(
        self,
        path: str,
        write: Callable[[bytes], Any],
        progress: Callable[[int, int | None], None] | None = None,
        *,
        chunk_size: int = 64 * 1024,
    ) -> int:
        """GET ``path`` and hand the body to ``write`` chunk by chunk; returns its size.

        ``progress(done, total)`` after each chunk (``total`` None without a length).
        Errors are raised before the first byte is written (one token refresh on 401).
        """
        url = path if path.startswith("/") else f"{API}/{path}"
        for attempt in (0, 1):
            try:
                with self._http.stream("GET", url, headers=self.auth_headers()) as resp:
                    if resp.status_code == 401 and attempt == 0 and self.refresh_token:
                        resp.read()
                        self.refresh()
                        continue
                    if resp.status_code >= 400:
                        resp.read()
                        raise _problem(resp)
                    total = resp.headers.get("content-length")
                    size = int(total) if total and total.isdigit() else None
                    done = 0
                    for chunk in resp.iter_bytes(chunk_size):
                        write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(done, size)
                    return done
            except httpx.TransportError as exc:
                raise PortalUnreachable(
                    f"The portal at {self.base_url} is unreachable: {exc}"
                ) from exc
        raise PortalError(401, "unauthorized", "The session has ended.")

    # -- auth -------------------------------------------------------------------------

    def login(self, email: str, password: str) -> dict:
        """Log in and keep the tokens; returns the login JSON."""
        data = self.post(
            "auth/login", {"email": email, "password": password}, auth=False, model=wire.Tokens
        )
        self._set_tokens(data)
        return data

    def refresh(self) -> dict:
        """Exchange the refresh token for new tokens (serialised across threads)."""
        with self._lock:
            if not self.refresh_token:
                raise PortalError(401, "no_refresh_token", "No refresh token to renew the session.")
            data = self.post(
                "auth/refresh",
                {"refresh_token": self.refresh_token},
                auth=False,
                retry=False,
                model=wire.Tokens,
            )
            self._set_tokens(data)
            return data

    def _set_tokens(self, data: Mapping[str, Any]) -> None:
        self.access_token = data["access_token"]  # both checked by wire.Tokens
        self.refresh_token = data["refresh_token"]
        if self.on_tokens is not None and self.access_token:
            self.on_tokens(self.access_token, self.refresh_token)

    # -- typed helpers ----------------------------------------------------------------

    def me(self) -> dict:
        return self.get("me", model=wire.Me)

    def company(self) -> dict:
        return self.get("company", model=wire.Company)

    def changes(self, cursor: str | None, limit: int = 500) -> wire.ChangesOut:
        """One ``/changes`` page, checked (entity data included) before anyone applies it.

        Returned as the checked model: the engine hands its typed changes to the entity
        modules without validating them a second time.
        """
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        resp = self.request("GET", "changes", params=params)
        return _checked_as(resp, wire.check_changes)

    def push(self, envelope: Mapping[str, Any]) -> dict:
        """Send a batch; ``results`` holds one checked result per mutation, in order sent.

        Raises :class:`NotAPortal` unless the answer is a well-formed result for exactly
        the mutations sent: only such an answer may settle an outbox row.
        """
        sent = list(envelope["mutations"])
        resp = self.request("POST", "mutations", json=dict(envelope))
        return _checked(resp, lambda data: wire.check_mutation_results(data, sent))

    def vehicles(self) -> list[dict]:
        return self._all_pages("vehicles", wire.VehiclePage)

    def vehicle(self, vehicle_id: str) -> dict:
        return self.get(f"vehicles/{vehicle_id}", model=wire.Vehicle)

    def alert(self, alert_id: str) -> dict:
        return self.get(f"alerts/{alert_id}", model=wire.Alert)

    def users(self) -> list[dict]:
        return self._all_pages("users", wire.UserPage)

    def products(self) -> list[dict]:
        return self._all_pages("products", wire.ProductPage)

    def orders(self) -> list[dict]:
        return self._all_pages("orders", wire.OrderPage)

    def subscriptions(self) -> list[dict]:
        return self._all_pages("subscriptions", wire.SubscriptionPage)

    def telemetry(
        self,
        vehicle_id: str,
        from_ts: float | str | None = None,
        to_ts: float | str | None = None,
        fields: Sequence[str] | None = None,
        max_points: int | None = None,
    ) -> list[dict]:
        """Samples of one vehicle as a list of ``{"ts", field: value}`` dicts, ascending."""
        params: dict[str, Any] = {}
        if from_ts is not None:
            params["from"] = _iso(from_ts)
        if to_ts is not None:
            params["to"] = _iso(to_ts)
        if fields:
            params["fields"] = ",".join(fields)
        if max_points:
            params["max_points"] = max_points
        resp = self.request("GET", f"vehicles/{vehicle_id}/telemetry", params=params)
        return _checked(resp, _telemetry_rows)

    def telemetry_columns(
        self,
        vehicle_id: str,
        from_ts: float | str | None = None,
        fields: Sequence[str] | None = None,
        cursor: str | None = None,
    ) -> dict[str, Any]:
        """One page of the columnar series (docs/contracts.md): ``ts`` as epoch floats.

        Decoded with orjson: a backfill page can hold 200,000 samples.
        """
        params: dict[str, Any] = {"format": "columns"}
        if from_ts is not None:
            params["from"] = _iso(from_ts)
        if fields:
            params["fields"] = ",".join(fields)
        if cursor:
            params["cursor"] = cursor
        resp = self.request("GET", f"vehicles/{vehicle_id}/telemetry", params=params)
        return _json(resp, wire.TelemetryColumnsPage)

    def _all_pages(self, path: str, page: type[BaseModel], limit: int = 500) -> list[dict]:
        items: list[dict] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            data = self.get(path, params=params, model=page)
            items.extend(data["items"])
            cursor = data.get("next_cursor")
            if not cursor:
                return items


def samples_from_response(data: Any) -> list[dict]:
    """Accept the row form (``items``/``samples``) or the columnar form (``ts`` + arrays)."""
    if isinstance(data, list):
        return data
    for key in ("samples", "items", "points"):
        if isinstance(data.get(key), list):
            return data[key]
    series = data.get("series") if isinstance(data.get("series"), dict) else data
    ts = series.get("ts")
    if isinstance(ts, list):
        cols = {k: v for k, v in series.items() if isinstance(v, list) and len(v) == len(ts)}
        return [{k: cols[k][i] for k in cols} for i in range(len(ts))]
    return []


def _iso(value: float | str) -> str:
    if isinstance(value, str):
        return value
    from datetime import UTC, datetime

    return datetime.fromtimestamp(value, UTC).isoformat()


def _telemetry_rows(data: Any) -> list[dict]:
    samples = samples_from_response(data) if isinstance(data, dict | list) else None
    if not isinstance(samples, list):
        raise wire.WireError("not a telemetry series")
    for i, sample in enumerate(samples):
        try:
            wire.TelemetrySample.model_validate(sample)
        except ValidationError as exc:
            raise wire.WireError(f"samples.{i}: {wire.describe(exc)}") from None
    return samples


def _json(resp: httpx.Response, model: type[BaseModel] | None = None) -> Any:
    """The body's JSON (``None`` for an empty answer), checked against ``model`` if given."""
    if model is None and (resp.status_code == 204 or not resp.content):
        return None
    return _checked(resp, model.model_validate if model is not None else None)


def _checked(resp: httpx.Response, check: Callable[[Any], Any] | None) -> Any:
    """Decode once, then ``check``; any misfit becomes :class:`NotAPortal`.

    Returns the decoded JSON itself, not the model: the checks guarantee its shape, and
    callers keep working with plain dicts.
    """
    return _decode_and_check(resp, check)[0]


def _checked_as(resp: httpx.Response, check: Callable[[Any], T]) -> T:
    """Like :func:`_checked`, but returns what ``check`` made of the body (a model)."""
    return _decode_and_check(resp, check)[1]


def _decode_and_check(resp: httpx.Response, check: Callable[[Any], Any] | None) -> tuple[Any, Any]:
    try:
        data = orjson.loads(resp.content)
    except orjson.JSONDecodeError:
        raise _not_portal(resp, f"the body is not JSON ({_kind(resp)})") from None
    if check is None:
        return data, None
    try:
        return data, check(data)
    except ValidationError as exc:
        raise _not_portal(resp, wire.describe(exc)) from None
    except wire.WireError as exc:
        raise _not_portal(resp, str(exc)) from None


def _problem(resp: httpx.Response) -> PortalError | NotAPortal:
    """The portal's refusal (problem+json with a ``code``), or proof it is no portal."""
    try:
        body = orjson.loads(resp.content)
        problem = wire.Problem.model_validate(body)
    except (orjson.JSONDecodeError, ValidationError):
        return _not_portal(resp, f"HTTP {resp.status_code} without a problem+json body")
    if problem.status != resp.status_code:
        return _not_portal(resp, f"HTTP {resp.status_code} with a body saying {problem.status}")
    return PortalError(resp.status_code, problem.code, problem.detail or problem.title, body)


def _not_portal(resp: httpx.Response, reason: str) -> NotAPortal:
    req = resp.request
    base = f"{req.url.scheme}://{req.url.netloc.decode('ascii', 'replace')}"
    return NotAPortal(base, f"{req.method} {req.url.path}", reason)


def _kind(resp: httpx.Response) -> str:
    ctype = resp.headers.get("content-type", "no content type").split(";")[0]
    return f"HTTP {resp.status_code}, {ctype}, {len(resp.content)} bytes"
