"""Queries for companies, users, auth tokens and the mail outbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from embedded_server.models import AuthToken, Company, Identity, MailOutbox, User
from embedded_server.tenancy import owned


def get_company(session: Session, company_id: str) -> Company | None:
    return session.get(Company, company_id)


def lock_company(session: Session, company_id: str) -> Company | None:
    """Row-lock the company (PostgreSQL); the serialisation point of its writes."""
    return session.scalars(
        select(Company).where(Company.id == company_id).with_for_update()
    ).first()


def find_company_by_name(session: Session, name: str) -> Company | None:
    return session.scalars(select(Company).where(Company.name == name)).first()


def get_user(session: Session, user_id: str) -> User | None:
    return session.get(User, user_id)


def find_identity_by_email(session: Session, email: str) -> Identity | None:
    return session.scalars(
        select(Identity).where(Identity.email == email.strip().lower())
    ).first()


def memberships_of(session: Session, identity_id: str) -> list[User]:
    """Every membership (``users`` row) of a login identity, any company, any state."""
    return list(session.scalars(
        select(User).where(User.identity_id == identity_id).order_by(User.created_at, User.id)
    ))


def latest_membership(session: Session, identity_id: str) -> User | None:
    """The newest active membership of an identity, else its newest one."""
    rows = memberships_of(session, identity_id)
    active = [m for m in rows if m.state == "active"]
    return (active or rows or [None])[-1]


def find_user_by_email(session: Session, email: str) -> User | None:
    """The membership an e-mail address names: its identity's newest active one (R1: an
    identity may belong to several companies)."""
    identity = find_identity_by_email(session, email)
    return latest_membership(session, identity.id) if identity is not None else None


def list_users(
    session: Session, company_id: str, *, after_id: str | None, limit: int
) -> list[User]:
    stmt = owned(User, company_id).order_by(User.id).limit(limit)
    if after_id:
        stmt = stmt.where(User.id > after_id)
    return list(session.scalars(stmt))


def add(session: Session, obj: object) -> None:
    session.add(obj)


def get_token(session: Session, token_hash: str) -> AuthToken | None:
    return session.get(AuthToken, token_hash)


def lock_token(session: Session, token_hash: str) -> AuthToken | None:
    """The token row, row-locked (PostgreSQL): two refreshes of one token serialise."""
    return session.scalars(
        select(AuthToken).where(AuthToken.token_hash == token_hash).with_for_update()
    ).first()


def revoke_family(session: Session, token: AuthToken, now: dt.datetime) -> None:
    """Revoke every token of ``token``'s sign-in (all the user's refresh tokens for a
    token from before families existed)."""
    stmt = update(AuthToken).where(AuthToken.revoked_at.is_(None))
    if token.family_id is not None:
        stmt = stmt.where(AuthToken.family_id == token.family_id)
    else:
        stmt = stmt.where(AuthToken.user_id == token.user_id, AuthToken.kind == "refresh")
    session.execute(stmt.values(revoked_at=now))


def revoke_user_tokens(session: Session, user_id: str, kind: str, now: dt.datetime) -> None:
    session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user_id, AuthToken.kind == kind, AuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def add_mail(
    session: Session, *, to_addr: str, subject: str, body: str, kind: str = "message"
) -> None:
    session.add(MailOutbox(to_addr=to_addr, subject=subject, body=body, kind=kind))


def list_mail(session: Session, to_addr: str | None = None) -> list[MailOutbox]:
    stmt = select(MailOutbox).order_by(MailOutbox.id)
    if to_addr:
        stmt = stmt.where(MailOutbox.to_addr == to_addr)
    return list(session.scalars(stmt))
