"""HTTP routes: rFMS clients (``/api/v1/integrations/rfms-clients``), the OAuth token
endpoint (``/oauth/token``) and the rFMS 4.0 reads (``/rfms/...``).

The last two answer in their standards' error formats (RFC 6749 §5.2 bodies, rFMS
``ErrorObject``), not problem+json: their routes use :class:`StandardErrorRoute`, which
turns every refusal raised on the way (the app-wide parameter check included) into that
format, and their OpenAPI operations carry ``x-own-errors`` so the portal's problem+json
documentation leaves them alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from embedded_server.authorization import PUBLIC_ROUTE, require
from embedded_server.db import utcnow
from embedded_server.deps import AuthContext, SessionDep, open_session
from embedded_server.errors import OWN_ERRORS, PROBLEM_RESPONSES, ProblemError
from embedded_server.idempotency.middleware import NOT_REPLAYABLE
from embedded_server.rfms import clients, oauth, query, service
from embedded_server.rfms.schemas import RfmsClientCreated, RfmsClientIn, RfmsClientPage
from mpro_desktop.domain.accounts import Permission

# ---------------------------------------------------------------- rFMS clients (portal API)

clients_router = APIRouter(
    prefix="/api/v1/integrations", tags=["integrations"], responses=PROBLEM_RESPONSES
)
Admin = Annotated[AuthContext, require(Permission.MANAGE_COMPANY)]
ClientPk = Annotated[str, Path(min_length=1, max_length=36)]


@clients_router.post(
    "/rfms-clients", status_code=201, response_model=RfmsClientCreated, openapi_extra=NOT_REPLAYABLE
)
def create_rfms_client(body: RfmsClientIn, auth: Admin, session: SessionDep) -> dict[str, Any]:
    """A new rFMS client; ``client_secret`` is in this answer only (kept as a hash)."""
    out = clients.create_client(session, auth=auth, name=body.name)
    session.commit()
    return out


@clients_router.get("/rfms-clients", response_model=RfmsClientPage)
def list_rfms_clients(auth: Admin, session: SessionDep) -> dict[str, Any]:
    """The company's rFMS clients, newest first, revoked ones included; no secrets."""
    return {"items": clients.list_clients(session, auth=auth), "next_cursor": None}


@clients_router.delete("/rfms-clients/{client_pk}", status_code=204)
def revoke_rfms_client(client_pk: ClientPk, auth: Admin, session: SessionDep) -> Response:
    """Revoke: the client's tokens stop working at once; it can't get new ones."""
    clients.revoke_client(session, auth=auth, client_pk=client_pk)
    session.commit()
    return Response(status_code=204)


# ------------------------------------------------------------ standard error formats

_JSON = "application/json"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _answer(
    status: int, body: Any, media_type: str = _JSON, headers: dict[str, str] | None = None
) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type, headers=headers)


class StandardErrorRoute(APIRoute):
    """A route whose refusals leave in its standard's format (``error_format``)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        oauth_format = self.path.startswith("/oauth/")

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except oauth.OAuthError as exc:
                return _answer(exc.status, exc.body(), headers={**_NO_STORE, **exc.headers})
            except query.RfmsError as exc:
                return _answer(exc.status, exc.body(), headers=exc.headers)
            except (RequestValidationError, ProblemError) as exc:
                detail = (
                    "The request contains characters that are not allowed."
                    if isinstance(exc, RequestValidationError)
                    else exc.detail
                )
                status = (
                    400
                    if isinstance(exc, RequestValidationError) or exc.status in (400, 422)
                    else exc.status
                )
                if oauth_format:
                    return _answer(
                        status,
                        {"error": "invalid_request", "error_description": detail},
                        headers=_NO_STORE,
                    )
                return _answer(status, {"error": "InvalidParameters", "error_description": detail})

        return run


def _error_doc(*statuses: int) -> dict[int | str, dict[str, Any]]:
    schema = {
        "type": "object",
        "properties": {
            "error": {"type": "string"},
            "error_description": {"type": "string"},
            "error_uri": {"type": "string"},
        },
    }
    return {s: {"description": "Error", "content": {_JSON: {"schema": schema}}} for s in statuses}


# ---------------------------------------------------------------------- OAuth 2.0 token

oauth_router = APIRouter(tags=["integrations"], route_class=StandardErrorRoute)
_FORM_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            oauth.FORM_MEDIA_TYPE: {
                "schema": {
                    "type": "object",
                    "required": ["grant_type"],
                    "properties": {
                        "grant_type": {"type": "string", "enum": [oauth.GRANT_TYPE]},
                        "scope": {"type": "string", "enum": [oauth.SCOPE]},
                        "client_id": {"type": "string"},
                        "client_secret": {"type": "string"},
                    },
                }
            }
        },
    }
}
_TOKEN_SCHEMA = {
    "type": "object",
    "required": ["access_token", "token_type", "expires_in"],
    "properties": {
        "access_token": {"type": "string"},
        "token_type": {"type": "string"},
        "expires_in": {"type": "integer"},
        "scope": {"type": "string"},
    },
}


@oauth_router.post(
    "/oauth/token",
    dependencies=[PUBLIC_ROUTE],
    openapi_extra={**NOT_REPLAYABLE, **OWN_ERRORS, **_FORM_BODY},
    responses={
        200: {"description": "Access token", "content": {_JSON: {"schema": _TOKEN_SCHEMA}}},
        **_error_doc(400, 401, 413, 429),
    },
    response_class=Response,
)
async def token(request: Request) -> Response:
    """OAuth 2.0 client credentials (RFC 6749 §4.4) for an rFMS client: HTTP Basic or
    ``client_id``/``client_secret`` form fields; errors per RFC 6749 §5.2."""
    parsed = oauth.parse_token_request(
        request.headers.get("content-type", ""),
        await request.body(),
        request.headers.get("authorization"),
    )
    address = request.client.host if request.client else ""
    return await _run_sync(request, parsed, address)


async def _run_sync(request: Request, parsed: oauth.TokenRequest, address: str) -> Response:
    def issue() -> Response:
        session = open_session(request)
        try:
            try:
                out = oauth.issue_token(
                    session, request=parsed, settings=request.app.state.settings, address=address
                )
            except oauth.Refused as refused:
                session.commit()
                raise refused.error from None
            session.commit()
            return _answer(200, out, headers=_NO_STORE)
        finally:
            session.close()

    return await run_in_threadpool(issue)


# --------------------------------------------------------------------------- rFMS reads

rfms_router = APIRouter(prefix="/rfms", tags=["rfms"], route_class=StandardErrorRoute)


def _param(
    name: str, schema: dict[str, Any], description: str, where: str = "query"
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": False,
        "schema": schema,
        "description": description,
    }


_STR = {"type": "string"}
_TIME = {"type": "string", "format": "date-time"}
_COMMON = [
    _param(
        "X-Correlation-Id",
        {"type": "string", "maxLength": 40},
        "A client's request id for fault tracing (max 40 characters).",
        "header",
    )
]
_LAST_VIN = _param("lastVin", _STR, "The next page starts after this VIN.")
_DATA = [
    _param(
        "datetype",
        {"type": "string", "enum": list(query.DATETYPES)},
        "Compare start/stop times with the created or received time (default received).",
    ),
    _param("starttime", _TIME, "Reports at or after this time."),
    _param("stoptime", _TIME, "Reports before this time."),
    _param("vin", _STR, "Only this vehicle."),
    _param("latestOnly", {"type": "boolean"}, "Only each vehicle's latest report."),
    _LAST_VIN,
]
_TRIGGER_ENUM = {"type": "string", "enum": list(query.TRIGGER_TYPES)}


def _doc(resource: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """OpenAPI of an rFMS read: its parameters and media type; the schemas are the
    standard's (``embedded_server/rfms/spec/rfms-4.0.yaml``)."""
    return {
        "dependencies": [PUBLIC_ROUTE],
        "response_class": Response,
        "openapi_extra": {**OWN_ERRORS, "parameters": _COMMON + parameters},
        "responses": {
            200: {
                "description": "OK (ACEA rFMS 4.0; see embedded_server/rfms/spec/rfms-4.0.yaml)",
                "content": {query.MEDIA_TYPES[resource]: {"schema": {"type": "object"}}},
            },
            **_error_doc(400, 401, 403, 404, 406),
        },
    }


def _read(request: Request, session: Any, resource: str) -> tuple[Any, str, dict[str, list[str]]]:
    """The caller, the media type to answer in, and the query parameters (lists)."""
    caller = oauth.authenticate(session, request.headers.get("authorization"))
    media_type = query.check_accept(request.headers.get("accept"), resource)
    query.check_correlation_id(request.headers.get("x-correlation-id"))
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return caller, media_type, params


def _flat(params: dict[str, list[str]], keep: tuple[str, ...]) -> dict[str, str]:
    """The request's own parameters (single-valued, checked) for the next-page link."""
    return {k: v[0] for k, v in params.items() if k in keep and v}


_HISTORY_KEYS = (
    "datetype",
    "starttime",
    "stoptime",
    "vin",
    "latestOnly",
    "triggerFilter",
    "contentFilter",
    "lastVin",
)


@rfms_router.get("/vehicles", **_doc("vehicles", [_LAST_VIN]))
def rfms_vehicles(request: Request, session: SessionDep) -> Response:
    """The vehicles this client may read, in VIN order (``lastVin`` pages)."""
    caller, media_type, params = _read(request, session, "vehicles")
    last_vin = query.vin_param("lastVin", query.single(params, "lastVin"))
    out = service.vehicles(
        session,
        caller.scope,
        last_vin=last_vin,
        page=request.app.state.settings.rfms_page_size,
        params={},
    )
    return _answer(200, out, media_type)


@rfms_router.get(
    "/vehiclepositions",
    **_doc(
        "vehiclepositions",
        [*_DATA, _param("triggerFilter", _TRIGGER_ENUM, "Only reports with this trigger.")],
    ),
)
def rfms_positions(request: Request, session: SessionDep) -> Response:
    """Positions: the latest per vehicle (``latestOnly``) or a time window."""
    return _reports(request, session, statuses=False)


@rfms_router.get(
    "/vehiclestatuses",
    **_doc(
        "vehiclestatuses",
        [
            *_DATA,
            {
                **_param(
                    "triggerFilter",
                    {"type": "array", "items": _TRIGGER_ENUM},
                    "Only reports with one of these triggers.",
                ),
                "style": "form",
                "explode": False,
            },
            {
                **_param(
                    "contentFilter",
                    {
                        "type": "array",
                        "items": {"type": "string", "enum": list(service.mapping.BLOCKS)},
                    },
                    "Only these blocks.",
                ),
                "style": "form",
                "explode": False,
            },
        ],
    ),
)
def rfms_statuses(request: Request, session: SessionDep) -> Response:
    """Status reports: the latest per vehicle (``latestOnly``) or a time window."""
    return _reports(request, session, statuses=True)


def _reports(request: Request, session: Any, *, statuses: bool) -> Response:
    now: dt.datetime = utcnow()
    resource = "vehiclestatuses" if statuses else "vehiclepositions"
    caller, media_type, params = _read(request, session, resource)
    checked = query.data_query(params, statuses=statuses)
    keep = _HISTORY_KEYS if statuses else tuple(k for k in _HISTORY_KEYS if k != "contentFilter")
    out = service.reports(
        session,
        caller.scope,
        checked,
        statuses=statuses,
        page=request.app.state.settings.rfms_page_size,
        params=_flat(params, keep),
        now=now,
    )
    return _answer(200, out, media_type)


#: every router of this package, for the app factory
routers = (clients_router, oauth_router, rfms_router)
