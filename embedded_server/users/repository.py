"""Queries for a company's users and invitations (every one through ``tenancy.owned``)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from embedded_server.models import AuthToken, Invitation, User
from embedded_server.tenancy import Scope, owned, owned_column


def get_user(session: Session, scope: Scope | str, user_id: str) -> User | None:
    return session.scalars(owned(User, scope, User.id == user_id)).first()


def get_invitation(session: Session, scope: Scope | str, invitation_id: str) -> Invitation | None:
    return session.scalars(owned(Invitation, scope, Invitation.id == invitation_id)).first()


def invitation_by_token_hash(session: Session, token_hash: str) -> Invitation | None:
    """The token names the invitation (and with it the company): no scope to start from."""
    return session.scalars(
        select(Invitation).where(Invitation.token_hash == token_hash).with_for_update()
    ).first()


def list_invitations(
    session: Session, scope: Scope, *, after_id: str | None, limit: int
) -> list[Invitation]:
    stmt = owned(Invitation, scope).order_by(Invitation.id).limit(limit)
    if after_id:
        stmt = stmt.where(Invitation.id > after_id)
    return list(session.scalars(stmt))


def active_admin_count(session: Session, scope: Scope | str) -> int:
    rows = session.scalars(owned(User, scope, User.state == "active")).all()
    return sum(1 for u in rows if "company_admin" in (u.roles or ()))


def member_with_email(session: Session, scope: Scope | str, email: str) -> User | None:
    return session.scalars(owned(User, scope, User.email == email)).first()


def count_members(session: Session, identity_id: str) -> int:
    stmt = select(func.count()).select_from(User).where(User.identity_id == identity_id)
    return int(session.scalar(stmt) or 0)


def delete_tokens(session: Session, user_id: str) -> None:
    session.execute(delete(AuthToken).where(AuthToken.user_id == user_id))


__all__ = ["owned_column"]
