"""HTTP routes of invitations and user administration (API.md "Users")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from embedded_server.accounts.schemas import UserOut
from embedded_server.authorization import PUBLIC_ROUTE, require
from embedded_server.deps import AuthContext, SessionDep, SettingsDep
from embedded_server.errors import PROBLEM_RESPONSES, problems
from embedded_server.idempotency.middleware import NOT_REPLAYABLE
from embedded_server.models import User
from embedded_server.users import service
from embedded_server.users.schemas import (
    AcceptIn,
    InvitationCreatedOut,
    InvitationIn,
    InvitationOut,
    InvitationPage,
    RolesIn,
)
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["users"], responses=PROBLEM_RESPONSES)
Admin = Annotated[AuthContext, require(Permission.MANAGE_USERS)]
Id = Annotated[str, Path(max_length=64)]


@router.post("/invitations", status_code=201, response_model=InvitationCreatedOut,
             openapi_extra=NOT_REPLAYABLE,
             responses=problems("verification_required", "already_member", "id_conflict"))
def create_invitation(body: InvitationIn, auth: Admin, session: SessionDep,
                      settings: SettingsDep) -> dict[str, Any]:
    inv, token = service.invite(session, auth=auth, settings=settings, roles=body.roles,
                                email=body.email, mobile=body.mobile, invitation_id=body.id)
    answer = {**service.invitation_data(inv), "token": token}
    session.commit()
    return answer


@router.get("/invitations", response_model=InvitationPage)
def list_invitations(
    auth: Admin,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    rows, nxt = service.list_invitations(session, auth=auth, cursor=cursor, limit=limit)
    return {"items": rows, "next_cursor": nxt}


@router.delete("/invitations/{invitation_id}", status_code=204,
               responses=problems("invitation_closed"))
def revoke_invitation(invitation_id: Id, auth: Admin, session: SessionDep) -> Response:
    service.revoke_invitation(session, auth=auth, invitation_id=invitation_id)
    session.commit()
    return Response(status_code=204)


@router.post("/invitations/{token}/accept", status_code=201, response_model=UserOut,
             dependencies=[PUBLIC_ROUTE], openapi_extra=NOT_REPLAYABLE,
             responses=problems("invalid_invitation_token", "invalid_credentials",
                                "already_member"))
def accept_invitation(token: Annotated[str, Path(max_length=200)], body: AcceptIn,
                      session: SessionDep) -> User:
    user = service.accept(session, token=token, body=body)
    session.commit()
    return user


@router.put("/users/{user_id}/roles", response_model=UserOut,
            responses=problems("self_role_change", "last_admin"))
def set_roles(user_id: Id, body: RolesIn, auth: Admin, session: SessionDep) -> User:
    user = service.set_roles(session, auth=auth, user_id=user_id, roles=body.roles)
    session.commit()
    return user


@router.delete("/users/{user_id}", status_code=204, responses=problems("self_delete", "last_admin"))
def delete_user(user_id: Id, auth: Admin, session: SessionDep) -> Response:
    service.remove_user(session, auth=auth, user_id=user_id)
    session.commit()
    return Response(status_code=204)


__all__ = ["InvitationOut", "router"]
