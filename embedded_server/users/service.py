"""The rules of a company's users (R2, R3, R13, R14): invitations, roles, removal.

REST routes and the mutations of ``users.mutations`` call the same functions, so both
paths answer the same codes. The caller commits.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.orm import Session

from embedded_server.accounts import repository as accounts_repo
from embedded_server.accounts.service import create_user, feed_user
from embedded_server.audit import service as audit
from embedded_server.config import Settings
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError, not_found
from embedded_server.feed.changelog import append_change
from embedded_server.models import Invitation, User
from embedded_server.security import new_token, token_hash, verify_password
from embedded_server.tenancy import AuthContext
from embedded_server.users import repository as repo
from embedded_server.users.schemas import AcceptIn, InvitationOut
from mpro_desktop.domain.account_rules import INVITATION_LINK
from mpro_desktop.domain.accounts import COMPANY_ADMIN


def invitation_data(inv: Invitation) -> dict[str, Any]:
    return InvitationOut.dump(inv)


def feed_invitation(session: Session, inv: Invitation) -> None:
    append_change(session, company_id=inv.company_id, entity="invitation", entity_id=inv.id,
                  op="upsert", data=invitation_data(inv), version=inv.version)


def _actor(session: Session, auth: AuthContext) -> User:
    user = accounts_repo.get_user(session, auth.user_id)
    if user is None:
        raise ProblemError(401, "invalid_token", "The access token is invalid; sign in again.")
    return user


def _audit(session: Session, auth: AuthContext, action: str, **kw: Any) -> None:
    dealer = getattr(auth, "dealer_id", None)
    audit.record(session, company_id=auth.company_id,
                 actor_user_id=None if dealer else auth.user_id,
                 actor_dealer_id=dealer, acting_as_user_id=auth.user_id if dealer else None,
                 action=action, **kw)


def invite(
    session: Session,
    *,
    auth: AuthContext,
    settings: Settings,
    roles: list[str],
    email: str | None = None,
    mobile: str | None = None,
    invitation_id: str | None = None,
) -> tuple[Invitation, str]:
    """R13/R10: only a verified admin invites (the route checked the role): 403
    ``verification_required`` otherwise. Returns the invitation and its token (only
    the hash is stored); an e-mail invitee gets the token by mail."""
    if not _actor(session, auth).verified:
        raise ProblemError(403, "verification_required",
                           "Only a verified administrator can invite users: show your ID at a "
                           "dealer to verify your account.")
    accounts_repo.lock_company(session, auth.company_id)
    if invitation_id is not None:
        try:
            invitation_id = str(uuid.UUID(invitation_id))
        except ValueError:
            raise ProblemError(422, "validation_error", "id must be a UUID.", fields=["id"]) from None
        if repo.get_invitation(session, auth, invitation_id) is not None:
            raise ProblemError(409, "id_conflict", "An invitation with this id exists.")
    if email is not None and repo.member_with_email(session, auth, email) is not None:
        raise ProblemError(409, "already_member", "A user with this e-mail address is a member.")
    token = new_token("inv_")
    now = utcnow()
    inv = Invitation(
        company_id=auth.company_id, id=invitation_id or str(uuid.uuid4()), email=email,
        mobile=mobile, roles=list(roles), token_hash=token_hash(token), state="pending",
        invited_by=auth.user_id, expires_at=now + dt.timedelta(seconds=settings.invitation_ttl_s),
        version=1, created_at=now, updated_at=now,
    )
    session.add(inv)
    session.flush()
    company = accounts_repo.get_company(session, auth.company_id)
    if email is not None:
        accounts_repo.add_mail(
            session, to_addr=email, subject="You are invited to MPRO",
            body=(f"You are invited to join {company.name if company else 'a company'} at MPRO "
                  f"as {', '.join(roles)}. Accept before {inv.expires_at:%Y-%m-%d %H:%M} UTC:\n"
                  f"{INVITATION_LINK}{token}\n"))
    feed_invitation(session, inv)
    _audit(session, auth, "user.invited", target_type="invitation", target_id=inv.id,
           detail={"email": email, "mobile": mobile, "roles": list(roles)})
    return inv, token


def revoke_invitation(session: Session, *, auth: AuthContext, invitation_id: str) -> Invitation:
    inv = repo.get_invitation(session, auth, invitation_id)
    if inv is None:
        raise not_found("Invitation")
    if inv.state == "pending":
        inv.state = "revoked"
        inv.version += 1
        inv.updated_at = utcnow()
        feed_invitation(session, inv)
        _audit(session, auth, "invitation.revoked", target_type="invitation", target_id=inv.id)
    elif inv.state == "accepted":
        raise ProblemError(409, "invitation_closed", "The invitation was accepted already.")
    return inv


def _invalid_token() -> ProblemError:
    return ProblemError(400, "invalid_invitation_token",
                        "The invitation is invalid, revoked, used or expired; ask for a new one.")


def accept(session: Session, *, token: str, body: AcceptIn) -> User:
    """R13: the invitee becomes a user with the invited roles. A mobile invitee gives a
    valid e-mail here (422 naming ``email`` otherwise): the account works only with one.
    An address that has a login already must come with that login's password (R1: a
    further membership of the same identity; nothing copied from the others)."""
    inv = repo.invitation_by_token_hash(session, token_hash(token))
    if inv is None or inv.current_state != "pending":
        raise _invalid_token()
    email = inv.email or body.email
    if email is None:
        raise ProblemError(422, "validation_error",
                           "Invited by mobile: give your e-mail address to use the account.",
                           fields=["email"])
    if inv.email is not None and body.email is not None and body.email != inv.email:
        raise ProblemError(422, "validation_error",
                           "The invitation is for another e-mail address.", fields=["email"])
    identity = accounts_repo.find_identity_by_email(session, email)
    if identity is not None:
        if not verify_password(identity.password_hash, body.password):
            raise ProblemError(401, "invalid_credentials",
                               "This e-mail address has an MPRO login: give its password.")
        if repo.member_with_email(session, inv.company_id, email) is not None:
            raise ProblemError(409, "already_member", "You are a member of this company.")
    user = create_user(
        session, company_id=inv.company_id, email=email, password=body.password,
        first_name=body.first_name, last_name=body.last_name, roles=list(inv.roles),
        birth_date=body.birth_date, mobile=inv.mobile, language=body.language,
        identity=identity,
    )
    now = utcnow()
    inv.state, inv.accepted_user_id, inv.updated_at = "accepted", user.id, now
    inv.version += 1
    feed_invitation(session, inv)
    feed_user(session, user)
    audit.record(session, company_id=inv.company_id, actor_user_id=user.id,
                 action="invitation.accepted", target_type="invitation", target_id=inv.id)
    return user


def _target(session: Session, auth: AuthContext, user_id: str) -> User:
    user = repo.get_user(session, auth, user_id)
    if user is None:
        raise not_found("User")
    return user


def _last_admin() -> ProblemError:
    return ProblemError(409, "last_admin", "A company must keep at least one administrator.")


def set_roles(session: Session, *, auth: AuthContext, user_id: str, roles: list[str]) -> User:
    """R3: only an admin (the route's permission), never their own roles, never leaving
    the company without an administrator (checked under the company's row lock)."""
    accounts_repo.lock_company(session, auth.company_id)
    user = _target(session, auth, user_id)
    if user.id == auth.user_id:
        raise ProblemError(403, "self_role_change", "You cannot change your own roles.")
    was_admin = COMPANY_ADMIN in (user.roles or ())
    if was_admin and COMPANY_ADMIN not in roles and user.state == "active" \
            and repo.active_admin_count(session, auth) <= 1:
        raise _last_admin()
    if list(user.roles or ()) != list(roles):
        before = list(user.roles or ())
        user.roles = list(roles)
        user.version += 1
        user.updated_at = utcnow()
        session.flush()
        feed_user(session, user)
        _audit(session, auth, "user.roles_changed", target_type="user", target_id=user.id,
               detail={"from": before, "to": list(roles)})
    return user


def remove_user(session: Session, *, auth: AuthContext, user_id: str) -> str:
    """R14/R3/R26: an admin deletes another user (never themselves, never the last admin);
    the membership and its personal data are deleted (the identity too when it has no
    other membership), its sessions end, the user is mailed. Returns the user's id."""
    accounts_repo.lock_company(session, auth.company_id)
    user = _target(session, auth, user_id)
    if user.id == auth.user_id:
        raise ProblemError(403, "self_delete", "You cannot delete yourself.")
    if COMPANY_ADMIN in (user.roles or ()) and user.state == "active" \
            and repo.active_admin_count(session, auth) <= 1:
        raise _last_admin()
    company = accounts_repo.get_company(session, auth.company_id)
    accounts_repo.add_mail(
        session, to_addr=user.email, subject="Your MPRO account was deleted",
        body=(f"An administrator of {company.name if company else 'your company'} deleted your "
              "MPRO user account and the personal data it held. Ask them if you think this "
              "is a mistake.\n"))
    identity = user.identity
    uid = user.id
    repo.delete_tokens(session, uid)
    session.delete(user)
    session.flush()
    if identity is not None and repo.count_members(session, identity.id) == 0:
        session.delete(identity)
    append_change(session, company_id=auth.company_id, entity="user", entity_id=uid,
                  op="delete", data=None, version=0)
    _audit(session, auth, "user.deleted", target_type="user", target_id=uid)
    return uid


def list_invitations(
    session: Session, *, auth: AuthContext, cursor: str | None, limit: int
) -> tuple[list[Invitation], str | None]:
    rows = repo.list_invitations(session, auth, after_id=cursor, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)
