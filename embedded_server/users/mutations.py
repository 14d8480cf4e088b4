"""The user mutations of ``POST /mutations``: invite, set roles, remove, revoke an
invitation. Same rules and codes as the REST routes (``users.service``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from sqlalchemy.orm import Session

from embedded_server.accounts.schemas import UserFeedOut
from embedded_server.config import Settings
from embedded_server.errors import ProblemError
from embedded_server.sync.mutation_types import MutationType, Pushed
from embedded_server.tenancy import AuthContext
from embedded_server.users import service
from embedded_server.users.schemas import InvitationIn, RolesIn
from embedded_server.validation import RequestModel
from mpro_desktop.domain.accounts import Permission


class UserInvitePayload(InvitationIn):
    """``{id?: client UUID, email?|mobile?, roles[]}``; the result entity is the invitation
    with its token, answered once so the inviter can hand it over (API.md; a mobile
    invitee has no mail) and never stored with the outcome (``reply_only``)."""


class UserSetRolesPayload(RolesIn):
    user_id: Annotated[str, Field(max_length=64)]


class UserRemovePayload(RequestModel):
    user_id: Annotated[str, Field(max_length=64)]


class InvitationRevokePayload(RequestModel):
    invitation_id: Annotated[str, Field(max_length=64)]


def _auth(m: Pushed) -> AuthContext:
    if m.auth is None:
        raise ProblemError(403, "insufficient_role", "No caller for this mutation.")
    return m.auth


def _invite(session: Session, m: Pushed) -> dict[str, Any]:
    p = m.payload
    settings = m.settings or Settings()
    inv, token = service.invite(session, auth=_auth(m), settings=settings, roles=p.roles,
                                email=p.email, mobile=p.mobile, invitation_id=p.id)
    return {**service.invitation_data(inv), "token": token}


def _set_roles(session: Session, m: Pushed) -> dict[str, Any]:
    user = service.set_roles(session, auth=_auth(m), user_id=m.payload.user_id,
                             roles=m.payload.roles)
    return UserFeedOut.dump(user)


def _remove(session: Session, m: Pushed) -> dict[str, Any]:
    uid = service.remove_user(session, auth=_auth(m), user_id=m.payload.user_id)
    return {"id": uid, "deleted": True}


def _revoke(session: Session, m: Pushed) -> dict[str, Any]:
    inv = service.revoke_invitation(session, auth=_auth(m), invitation_id=m.payload.invitation_id)
    return service.invitation_data(inv)


MUTATIONS = (
    MutationType("user.invite", UserInvitePayload, Permission.MANAGE_USERS, _invite,
                 reply_only=("token",)),
    MutationType("user.set_roles", UserSetRolesPayload, Permission.MANAGE_USERS, _set_roles),
    MutationType("user.remove", UserRemovePayload, Permission.MANAGE_USERS, _remove),
    MutationType("invitation.revoke", InvitationRevokePayload, Permission.MANAGE_USERS, _revoke),
)
