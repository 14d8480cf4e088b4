"""HTTP routes of the company: PATCH, contracts, deletion in steps (API.md "Accounts")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from embedded_server.accounts.schemas import CompanyOut
from embedded_server.authorization import require
from embedded_server.company import service
from embedded_server.company.schemas import (
    CompanyPatch,
    ContractPage,
    DeletionConfirmed,
    DeletionConfirmIn,
    DeletionRequested,
)
from embedded_server.deps import AuthContext, SessionDep, SettingsDep
from embedded_server.errors import PROBLEM_RESPONSES, problems
from embedded_server.idempotency.middleware import NOT_REPLAYABLE
from embedded_server.models import Company
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["company"], responses=PROBLEM_RESPONSES)
Admin = Annotated[AuthContext, require(Permission.MANAGE_COMPANY)]


@router.patch("/company", response_model=CompanyOut, responses=problems("country_immutable"))
def patch_company(body: CompanyPatch, auth: Admin, session: SessionDep) -> Company:
    c = service.update_company(session, auth=auth, changes=body.model_dump(exclude_unset=True))
    session.commit()
    return c


@router.get("/company/contracts", response_model=ContractPage)
def contracts(auth: Annotated[AuthContext, require(Permission.READ)],
              session: SessionDep) -> dict[str, Any]:
    return {"items": service.list_contracts(session, auth=auth), "next_cursor": None}


@router.post("/company/deletion", status_code=202, response_model=DeletionRequested,
             openapi_extra=NOT_REPLAYABLE)
def request_deletion(auth: Admin, session: SessionDep, settings: SettingsDep) -> JSONResponse:
    code, expires = service.request_deletion(session, auth=auth, settings=settings)
    session.commit()
    return JSONResponse({"confirmation_code": code,
                         "expires_at": expires.isoformat().replace("+00:00", "Z")},
                        status_code=202)


@router.post("/company/deletion/confirm", response_model=DeletionConfirmed,
             openapi_extra=NOT_REPLAYABLE,
             responses=problems("deletion_not_requested", "invalid_deletion_code"))
def confirm_deletion(body: DeletionConfirmIn, auth: Admin, session: SessionDep) -> dict[str, Any]:
    out = service.confirm_deletion(session, auth=auth, code=body.confirmation_code)
    session.commit()
    return out
