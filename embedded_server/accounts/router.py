"""HTTP routes of registration, authentication, the caller and the company."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from embedded_server.accounts import personal, service
from embedded_server.accounts.schemas import (
    Accepted,
    CompanyOut,
    LoginIn,
    MembershipConfirmIn,
    MePatch,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
    RegisterIn,
    RegisterOut,
    SupportPasswordIn,
    TokenOut,
    UserOut,
    UserPage,
)
from embedded_server.authorization import PUBLIC_ROUTE, require
from embedded_server.deps import AuthContext, SessionDep, SettingsDep
from embedded_server.errors import PROBLEM_RESPONSES, problems
from embedded_server.idempotency.middleware import NOT_REPLAYABLE
from embedded_server.models import Company, User
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=PROBLEM_RESPONSES)


@router.post("/register", status_code=201, response_model=RegisterOut, dependencies=[PUBLIC_ROUTE])
def register(body: RegisterIn, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    answer = service.register(session, body=body, settings=settings)
    session.commit()
    return answer


def _commit_refusal(session: SessionDep, refused: service.Refused) -> Exception:
    session.commit()  # persist the bookkeeping (failure count, revoked family) first
    return refused.problem


@router.post(
    "/auth/login",
    dependencies=[PUBLIC_ROUTE],
    response_model=TokenOut,
    openapi_extra=NOT_REPLAYABLE,
    responses={429: {"description": "too_many_attempts (Retry-After)"}},
)
def login(
    body: LoginIn, request: Request, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    client = request.client.host if request.client else ""
    try:
        result = service.login(
            session, email=body.email, password=body.password, settings=settings, client=client,
            company_id=body.company_id,
        )
    except service.Refused as refused:
        raise _commit_refusal(session, refused) from None
    session.commit()
    return result


@router.post(
    "/auth/refresh",
    response_model=TokenOut,
    openapi_extra=NOT_REPLAYABLE,
    dependencies=[PUBLIC_ROUTE],
)
def refresh(body: RefreshIn, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    try:
        result = service.refresh(session, refresh_token=body.refresh_token, settings=settings)
    except service.Refused as refused:
        raise _commit_refusal(session, refused) from None
    session.commit()
    return result


@router.post(
    "/auth/password-reset",
    status_code=202,
    response_model=Accepted,
    dependencies=[PUBLIC_ROUTE],
)
def password_reset(
    body: PasswordResetIn, session: SessionDep, settings: SettingsDep
) -> JSONResponse:
    service.request_password_reset(session, email=body.email, settings=settings)
    session.commit()
    return JSONResponse({"status": "accepted"}, status_code=202)


@router.post(
    "/auth/password-reset/confirm",
    dependencies=[PUBLIC_ROUTE],
    status_code=204,
    openapi_extra=NOT_REPLAYABLE,
    responses={
        204: {"description": "Password changed; every session ended"},
        400: {"description": "invalid_reset_token"},
    },
)
def password_reset_confirm(
    body: PasswordResetConfirmIn, session: SessionDep, settings: SettingsDep
) -> Response:
    service.confirm_password_reset(
        session, token=body.token, password=body.password, settings=settings
    )
    session.commit()
    return Response(status_code=204)


@router.post(
    "/memberships/confirm",
    dependencies=[PUBLIC_ROUTE],
    response_model=UserOut,
    openapi_extra=NOT_REPLAYABLE,
    responses=problems("invalid_membership_token"),
)
def confirm_membership(body: MembershipConfirmIn, session: SessionDep) -> User:
    """R1: the owner of a login identity confirms, with the token from the mail
    "Your MPRO registration", the company membership registered for their address."""
    user = service.confirm_membership(session, token=body.token)
    session.commit()
    return user


@router.get("/me", response_model=UserOut)
def me(auth: Annotated[AuthContext, require(Permission.SELF)], session: SessionDep) -> User:
    return service.get_me(session, auth=auth)


@router.patch("/me", response_model=UserOut,
              responses=problems("email_taken", "not_in_support_session"))
def patch_me(body: MePatch, auth: Annotated[AuthContext, require(Permission.SELF)],
             session: SessionDep) -> User:
    user = personal.update_me(session, auth=auth, changes=body.model_dump(exclude_unset=True))
    session.commit()
    return user


@router.put("/me/support-password", status_code=204, openapi_extra=NOT_REPLAYABLE,
            responses=problems("invalid_support_password", "not_in_support_session"))
def support_password(body: SupportPasswordIn, auth: Annotated[AuthContext, require(Permission.SELF)],
                     session: SessionDep) -> Response:
    personal.set_support_password(session, auth=auth, password=body.password, confirm=body.confirm)
    session.commit()
    return Response(status_code=204)


@router.get("/me/export", responses=problems("not_in_support_session"))
def export_me(auth: Annotated[AuthContext, require(Permission.SELF)],
              session: SessionDep) -> dict[str, Any]:
    """R26: every piece of personal data the portal holds about the caller, as JSON."""
    return personal.export(session, auth=auth)


@router.get("/company", response_model=CompanyOut)
def company(auth: Annotated[AuthContext, require(Permission.READ)], session: SessionDep) -> Company:
    return service.get_company(session, auth=auth)


@router.get("/users", response_model=UserPage)
def users(
    auth: Annotated[AuthContext, require(Permission.READ)],
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    rows, next_cursor = service.list_users(session, auth=auth, cursor=cursor, limit=limit)
    return {"items": rows, "next_cursor": next_cursor}
