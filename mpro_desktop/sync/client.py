"""Blocking HTTP client for the portal API v1 (httpx, no Qt).

Turns transport trouble into :class:`PortalUnreachable` (the engine goes offline and
keeps the outbox) and problem+json answers into :class:`PortalError` with the stable
``code``. A 401 triggers one transparent token refresh, then the request is retried.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx
import orjson

API = "/api/v1"
RETRY_DELAYS_S = (0.2, 0.6)


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
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.timeout = timeout
        self.on_tokens = on_tokens
        self._lock = threading.Lock()
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "mpro-desktop"},
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
    ) -> httpx.Response:
        """Send with retries for transport errors and 5xx; raise on any error status."""
        url = path if path.startswith("/") else f"{API}/{path}"
        attempt = 0
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
            if resp.status_code >= 400:
                raise _problem(resp)
            return resp

    def get(self, path: str, **kw: Any) -> Any:
        return _json(self.request("GET", path, **kw))

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return _json(self.request("POST", path, json=json, **kw))

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return _json(self.request("PATCH", path, json=json, **kw))

    def delete(self, path: str, **kw: Any) -> Any:
        return _json(self.request("DELETE", path, **kw))

    # -- auth -------------------------------------------------------------------------

    def login(self, email: str, password: str) -> dict:
        """Log in and keep the tokens; returns the login JSON."""
        data = self.post("auth/login", {"email": email, "password": password}, auth=False)
        self._set_tokens(data)
        return data

    def refresh(self) -> dict:
        """Exchange the refresh token for new tokens (serialised across threads)."""
        with self._lock:
            if not self.refresh_token:
                raise PortalError(401, "no_refresh_token", "No refresh token to renew the session.")
            data = self.post("auth/refresh", {"refresh_token": self.refresh_token}, auth=False)
            self._set_tokens(data)
            return data

    def _set_tokens(self, data: Mapping[str, Any]) -> None:
        self.access_token = data.get("access_token") or self.access_token
        self.refresh_token = data.get("refresh_token") or self.refresh_token
        if self.on_tokens is not None and self.access_token:
            self.on_tokens(self.access_token, self.refresh_token)

    # -- typed helpers ----------------------------------------------------------------

    def me(self) -> dict:
        return self.get("me")

    def company(self) -> dict:
        return self.get("company")

    def changes(self, cursor: str | None, limit: int = 500) -> dict:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self.get("changes", params=params)

    def push(self, envelope: Mapping[str, Any]) -> dict:
        return self.post("mutations", dict(envelope))

    def vehicles(self) -> list[dict]:
        return self._all_pages("vehicles")

    def vehicle(self, vehicle_id: str) -> dict:
        return self.get(f"vehicles/{vehicle_id}")

    def users(self) -> list[dict]:
        return self._all_pages("users")

    def products(self) -> list[dict]:
        return self._all_pages("products")

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
        return samples_from_response(self.get(f"vehicles/{vehicle_id}/telemetry", params=params))

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
        return orjson.loads(resp.content) if resp.content else {}

    def _all_pages(self, path: str, limit: int = 500) -> list[dict]:
        items: list[dict] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            data = self.get(path, params=params)
            if isinstance(data, list):
                return data
            items.extend(data.get("items", []))
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


def _json(resp: httpx.Response) -> Any:
    if resp.status_code == 204 or not resp.content:
        return None
    return resp.json()


def _problem(resp: httpx.Response) -> PortalError:
    body: Any = None
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        detail = body.get("detail") or body.get("title") or resp.reason_phrase
        if not isinstance(detail, str):
            detail = str(detail)
        return PortalError(resp.status_code, body.get("code"), detail, body)
    return PortalError(resp.status_code, None, resp.text[:200] or resp.reason_phrase, body)
