"""Request-scoped dependencies: DB session, settings and the authenticated caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from embedded_server.accounts.service import authenticate_access_token
from embedded_server.config import Settings
from embedded_server.dealer import service as dealer_service
from embedded_server.errors import ProblemError
from embedded_server.idempotency.repository import attach
from embedded_server.tenancy import AuthContext, Caller, DealerContext

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


def authenticate(session: Session, token: str) -> Caller:
    """Whoever ``token`` belongs to: a user, a dealer, or a dealer's support session."""
    if dealer_service.is_dealer_side_token(token):
        return dealer_service.authenticate(session, token=token)
    return authenticate_access_token(session, token=token)


def authenticate_request(request: Request) -> Caller:
    """Check the access token in a short read-only session of its own.

    ``transport.TransportGuard`` calls this before the body is read; :func:`current_caller`
    then reuses the result. Own session: a long-lived stream holds no transaction open.
    A request in a dealer's support session is written to the company's audit log here,
    the one place every such request passes, before anything else of it runs (R12).
    """
    factory = request.app.state.session_factory
    with factory(readonly=True) as session:
        caller = authenticate(session, bearer_token(request))
    if isinstance(caller, AuthContext) and caller.support_session_id is not None:
        with factory() as session:
            dealer_service.record_support_request(
                session, caller, method=request.method, path=request.url.path
            )
            session.commit()
    setattr(request.state, EARLY_AUTH, caller)
    return caller


def current_caller(request: Request) -> Caller:
    early = getattr(request.state, EARLY_AUTH, None)
    if early is not None:
        return early  # type: ignore[no-any-return]
    return authenticate_request(request)


def current_auth(caller: Annotated[Caller, Depends(current_caller)]) -> AuthContext:
    """The caller acting in a company: a user, or a dealer in a support session. A
    dealer's own token has no company: 403 ``support_session_required`` (R4)."""
    if isinstance(caller, DealerContext):
        raise ProblemError(
            403,
            "support_session_required",
            "A dealer acts on a company account only in a support session: open one with "
            "the user's support password.",
        )
    return caller


def current_dealer(caller: Annotated[Caller, Depends(current_caller)]) -> DealerContext | None:
    """The dealer behind the caller (own token or support session), else None."""
    return dealer_service.as_dealer(caller)


def leaf_routes(routes: list[Any]) -> list[Any]:
    """The endpoint routes, also inside included routers (FastAPI >= 0.16x nests them)."""
    out: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(leaf_routes(inner.routes) if inner is not None else [route])
    return out

