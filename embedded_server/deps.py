"""Request-scoped dependencies: DB session, settings and the authenticated caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from embedded_server.accounts.service import authenticate_access_token
from embedded_server.config import Settings
from embedded_server.errors import ProblemError
from embedded_server.idempotency.repository import attach
from embedded_server.tenancy import AuthContext

__all__ = ["AuthContext"]  # re-exported: routers take the caller from here


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def open_session(request: Request) -> Session:
    """The request's session (read-only for GET/HEAD), with its Idempotency-Key attached;
    for handlers that manage the session themselves. The caller closes it."""
    session: Session = request.app.state.session_factory(readonly=request.method in ("GET", "HEAD"))
    idem = getattr(request.state, "idempotency", None)
    if idem is not None:  # the Idempotency-Key is claimed in this session's commit
        attach(session, idem)
    return session


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; GET requests use a read-only (deferred) transaction.

    Routers commit explicitly (one commit per request); anything left open is rolled back.
    """
    session = open_session(request)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProblemError(
            401,
            "unauthorized",
            "Sign in: send 'Authorization: Bearer <access token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return token.strip()


#: ``request.state`` attribute holding the caller checked before the body was read
EARLY_AUTH = "early_auth"


def authenticate_request(request: Request) -> AuthContext:
    """Check the access token in a short read-only session of its own.

    ``transport.TransportGuard`` calls this before the body is read; :func:`current_auth`
    then reuses the result. Own session: a long-lived stream holds no transaction open.
    """
    with request.app.state.session_factory(readonly=True) as session:
        auth = authenticate_access_token(session, token=bearer_token(request))
    setattr(request.state, EARLY_AUTH, auth)
    return auth


def current_auth(request: Request) -> AuthContext:
    early = getattr(request.state, EARLY_AUTH, None)
    if early is not None:
        return early  # type: ignore[no-any-return]
    return authenticate_request(request)


def leaf_routes(routes: list[Any]) -> list[Any]:
    """The endpoint routes, also inside included routers (FastAPI >= 0.16x nests them)."""
    out: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(leaf_routes(inner.routes) if inner is not None else [route])
    return out

