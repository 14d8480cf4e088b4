"""Queries for companies, users, auth tokens and the mail outbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from embedded_server.models import AuthToken, Company, MailOutbox, User
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


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


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
