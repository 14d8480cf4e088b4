"""RFC 9457 problem+json errors with a stable ``code`` and the handlers that emit them."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from embedded_server.validation import printable

log = logging.getLogger("embedded_server")

PROBLEM_TYPE = "about:blank"
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    410: "Gone",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
}


class ProblemError(Exception):
    """A domain error that carries its HTTP status and machine code."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def not_found(what: str = "Resource") -> ProblemError:
    return ProblemError(404, "not_found", f"{what} not found.")


def problem_body(status: int, code: str, detail: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    body.update(extra)
    return body


def problem_response(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    return Response(
        orjson.dumps(problem_body(status, code, detail, **extra)),
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        where = parts[0]
        rest = parts[1:]
        return ".".join(rest) if rest else where
    return ".".join(parts)


def validation_problem(errors: list[dict[str, Any]]) -> Response:
    """422 validation_error (or 400 malformed_json) from pydantic error dicts."""
    if any(e.get("type") == "json_invalid" for e in errors):
        return problem_response(400, "malformed_json", "The request body is not valid JSON.")
    items = [
        {"field": printable(_field_path(e.get("loc", ()))), "message": printable(str(e.get("msg", ""))),
         "type": e.get("type")}
        for e in errors
    ]
    fields = sorted({i["field"] for i in items})
    return problem_response(
        422,
        "validation_error",
        "Invalid fields: " + ", ".join(fields) if fields else "Invalid request.",
        fields=fields,
        errors=items,
    )


def install_handlers(app: FastAPI) -> None:
    """Every error leaves as problem+json; a 500 only for genuine bugs (logged). The
    OpenAPI document lists those problems (:func:`document_problems`)."""
    build_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document_problems(build_openapi())  # FastAPI caches it in app.openapi_schema
        return build_openapi()

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(ProblemError)
    async def _problem(_req: Request, exc: ProblemError) -> Response:
        return problem_response(exc.status, exc.code, exc.detail, exc.headers, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(req: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        if any(tuple(e.get("loc", ())) == ("body",) for e in errors):
            raw = await req.body()
            if raw.strip():
                try:
                    orjson.loads(raw)
                except orjson.JSONDecodeError:
                    return problem_response(400, "malformed_json", "The request body is not valid JSON.")
        return validation_problem(errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(req: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(status, "Error")
        headers = dict(exc.headers or {})
        if status == 405:
            headers["Allow"] = allowed_methods(req.app, req.url.path) or headers.get("Allow", "")
        return problem_response(status, DEFAULT_CODES.get(status, "error"), detail, headers)

    @app.exception_handler(Exception)
    async def _bug(_req: Request, exc: Exception) -> Response:
        log.exception("unhandled error", exc_info=exc)
        return problem_response(500, "internal_error", "An unexpected error occurred.")


#: Status of every problem ``code`` a route declares with :func:`problems` (API.md names
#: most; docs/contracts.md the rest). One table, so the OpenAPI and the answers agree.
CODE_STATUS: dict[str, int] = {
    "malformed_json": 400, "invalid_cursor": 400, "invalid_reset_token": 400,
    "invalid_membership_token": 400, "invalid_invitation_token": 400,
    "unauthorized": 401, "invalid_token": 401, "token_expired": 401,
    "invalid_credentials": 401, "invalid_module_token": 401,
    "insufficient_role": 403, "product_required": 403, "no_active_service": 403,
    "vin_mismatch": 403, "verification_required": 403, "self_role_change": 403,
    "self_delete": 403, "membership_pending": 403, "company_deleted": 403,
    "not_found": 404,
    "vin_taken": 409, "vin_exists": 409, "id_conflict": 409, "version_conflict": 409,
    "vehicle_removed": 409, "not_an_evan": 409, "requires_evan": 409, "email_taken": 409,
    "last_admin": 409, "invitation_closed": 409, "deletion_not_requested": 409,
    "already_member": 409,
    "command_expired": 409, "command_finished": 409, "request_in_progress": 409,
    "alert_closed": 409,
    "terms_missing": 409, "already_subscribed": 409, "order_not_pending": 409,
    "no_comm_module": 409, "term_version_outdated": 409, "subscription_ended": 409,
    "support_session_required": 403, "acceptance_personal": 403,
    "not_in_support_session": 403,
    "requires_comm_module": 422, "unknown_product": 422, "not_orderable": 422,
    "term_not_offered": 422, "duplicate_item": 422,
    "resync_required": 410,
    "payload_too_large": 413,
    "validation_error": 422, "invalid_vin": 422, "idempotency_key_reused": 422,
    "country_immutable": 422, "invalid_support_password": 422, "invalid_deletion_code": 422,
    "too_many_attempts": 429,
    "not_ready": 503,
}
#: Problem JSON (RFC 9457) as documented for every error status.
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "code": {"type": "string"},
    },
}
#: every operation can answer these (bad input, no or bad token, a role, not found or not yours)
COMMON_CODES = ("malformed_json", "unauthorized", "insufficient_role", "not_found", "validation_error")
#: ... and a mutating one these (Idempotency-Key in flight or reused; body caps)
MUTATING_CODES = ("request_in_progress", "idempotency_key_reused", "payload_too_large")
#: ``openapi_extra`` of an operation that answers in its own standard's error format
#: (OAuth 2.0, rFMS): :func:`document_problems` leaves it as declared
OWN_ERRORS: dict[str, Any] = {"x-own-errors": True}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def problems(*codes: str) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: the problem ``codes`` it raises, grouped by status."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        status = CODE_STATUS[code]  # KeyError: add the code to CODE_STATUS first
        entry = out.setdefault(status, {"description": "", "content": {
            "application/problem+json": {"schema": PROBLEM_SCHEMA}}})
        entry["description"] = " / ".join(filter(None, (entry["description"], code)))
    return out


PROBLEM_RESPONSES = problems(*COMMON_CODES)


def document_problems(spec: dict[str, Any]) -> dict[str, Any]:
    """Complete an OpenAPI document in place: every operation lists the common problem
    statuses (mutating ones also 409/413/422 of Idempotency-Key and body caps), and every
    4xx/5xx response is problem+json."""
    for ops in spec.get("paths", {}).values():
        for method, op in ops.items():
            if method not in _METHODS or op.get("x-own-errors"):
                continue
            extra = COMMON_CODES + (MUTATING_CODES if method in ("post", "put", "patch", "delete") else ())
            responses = op.setdefault("responses", {})
            for status, entry in problems(*extra).items():
                have = responses.setdefault(str(status), {"description": entry["description"]})
                codes = have.get("description", "")
                for code in entry["description"].split(" / "):
                    if code not in codes:
                        codes = f"{codes} / {code}" if codes else code
                have["description"] = codes
            for status, entry in responses.items():
                if str(status)[0] in "45":
                    entry["content"] = {"application/problem+json": {"schema": PROBLEM_SCHEMA}}
    return spec


def allowed_methods(app: FastAPI, path: str) -> str:
    """``Allow`` for ``path``: the methods the OpenAPI lists for the path templates it
    matches (RFC 9110 wants all of them; routing alone knows only the first route's)."""
    methods: set[str] = set()
    for template, ops in app.openapi().get("paths", {}).items():
        if _template_regex(template).fullmatch(path):
            methods.update(m.upper() for m in ops if m in _METHODS)
    return ", ".join(sorted(methods))


@functools.lru_cache(maxsize=256)
def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)))
