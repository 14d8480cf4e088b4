"""RFC 9457 problem+json errors with a stable ``code`` and the handlers that emit them."""

from __future__ import annotations

import logging
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
}
DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "too_large",
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
    """Every error leaves as problem+json; a 500 only for genuine bugs (logged)."""

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
    async def _http(_req: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(status, "Error")
        return problem_response(
            status, DEFAULT_CODES.get(status, "error"), detail, dict(exc.headers or {})
        )

    @app.exception_handler(Exception)
    async def _bug(_req: Request, exc: Exception) -> Response:
        log.exception("unhandled error", exc_info=exc)
        return problem_response(500, "internal_error", "An unexpected error occurred.")


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    s: {"description": TITLES[s], "content": {"application/problem+json": {}}}
    for s in (400, 401, 404, 422)
}
