"""HTTP routes of registration, authentication, the caller and the company."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from embedded_server.accounts import service
from embedded_server.accounts.schemas import (
    Accepted,
    CompanyOut,
    LoginIn,
    PasswordResetIn,
    RefreshIn,
    RegisterIn,
    RegisterOut,
    TokenOut,
    UserOut,
    UserPage,
)
from embedded_server.deps import AuthDep, SessionDep, SettingsDep
from embedded_server.errors import PROBLEM_RESPONSES

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=PROBLEM_RESPONSES)


@router.post("/register", status_code=201, response_model=RegisterOut)
def register(body: RegisterIn, session: SessionDep) -> dict[str, Any]:
    company, user = service.register(session, body=body)
    session.commit()
    return {"company": service.company_json(company), "user": service.user_json(user)}


@router.post("/auth/login", response_model=TokenOut, responses={429: {"description": "Throttled"}})
def login(body: LoginIn, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    try:
        result = service.login(session, email=body.email, password=body.password, settings=settings)
    except service.LoginFailed as failed:
        session.commit()  # persist the failure counter before answering
        raise failed.problem from None
    session.commit()
    return result


@router.post("/auth/refresh", response_model=TokenOut)
def refresh(body: RefreshIn, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    result = service.refresh(session, refresh_token=body.refresh_token, settings=settings)
    session.commit()
    return result


@router.post("/auth/password-reset", status_code=202, response_model=Accepted)
def password_reset(body: PasswordResetIn, session: SessionDep, settings: SettingsDep) -> JSONResponse:
    service.request_password_reset(session, email=body.email, settings=settings)
    session.commit()
    return JSONResponse({"status": "accepted"}, status_code=202)


@router.get("/me", response_model=UserOut)
def me(auth: AuthDep, session: SessionDep) -> dict[str, Any]:
    return service.user_json(service.get_me(session, auth=auth))


@router.get("/company", response_model=CompanyOut)
def company(auth: AuthDep, session: SessionDep) -> dict[str, Any]:
    return service.company_json(service.get_company(session, auth=auth))


@router.get("/users", response_model=UserPage)
def users(
    auth: AuthDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    rows, next_cursor = service.list_users(session, auth=auth, cursor=cursor, limit=limit)
    return {"items": [service.user_json(u) for u in rows], "next_cursor": next_cursor}
