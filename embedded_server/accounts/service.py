"""Registration, login (with throttling), token refresh and password reset."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from embedded_server.accounts import repository as repo
from embedded_server.accounts.schemas import RegisterIn
from embedded_server.config import Settings
from embedded_server.db import utcnow
from embedded_server.deps import AuthContext
from embedded_server.errors import ProblemError
from embedded_server.models import AuthToken, Company, User
from embedded_server.security import (
    burn_password_check,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)

ROLES = ("company_admin", "fleet_manager", "driver")


def company_json(c: Company) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "country": c.country,
        "address": {"street": c.street, "postal_code": c.postal_code, "city": c.city},
        "org_number": c.org_number,
        "phone": c.phone,
        "version": c.version,
        "created_at": c.created_at.isoformat(),
        "updated_at": c.updated_at.isoformat(),
    }


def user_json(u: User) -> dict[str, Any]:
    return {
        "id": u.id,
        "company_id": u.company_id,
        "email": u.email,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "birth_date": u.birth_date.isoformat() if u.birth_date else None,
        "mobile": u.mobile,
        "language": u.language,
        "roles": list(u.roles or []),
        "verified": bool(u.verified),
        "version": u.version,
        "created_at": u.created_at.isoformat(),
    }


def _unauthorized(detail: str, code: str = "unauthorized") -> ProblemError:
    return ProblemError(401, code, detail, headers={"WWW-Authenticate": "Bearer"})


def create_company(
    session: Session,
    *,
    name: str,
    country: str,
    street: str,
    postal_code: str,
    city: str,
    org_number: str,
    phone: str,
    company_id: str | None = None,
) -> Company:
    company = Company(
        id=company_id or str(uuid.uuid4()),
        name=name,
        country=country,
        street=street,
        postal_code=postal_code,
        city=city,
        org_number=org_number,
        phone=phone,
        version=1,
        change_seq=0,
    )
    repo.add(session, company)
    session.flush()
    return company


def create_user(
    session: Session,
    *,
    company_id: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    birth_date: dt.date | None = None,
    mobile: str | None = None,
    language: str = "sv",
    verified: bool = False,
) -> User:
    """Create a user; 409 email_taken if the login identity exists already."""
    if repo.find_user_by_email(session, email) is not None:
        raise ProblemError(409, "email_taken", "An account with this e-mail address exists; sign in instead.")
    user = User(
        id=str(uuid.uuid4()),
        company_id=company_id,
        email=email.strip().lower(),
        password_hash=hash_password(password),
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        mobile=mobile,
        language=language,
        roles=list(roles),
        verified=verified,
        verified_at=utcnow() if verified else None,
        version=1,
        failed_logins=0,
    )
    repo.add(session, user)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ProblemError(409, "email_taken", "An account with this e-mail address exists; sign in instead.") from exc
    return user


def publish_account_state(session: Session, company: Company, users: list[User]) -> None:
    """Put the company, the given users and the catalogue into the company's change feed."""
    from embedded_server.products.service import publish_catalogue
    from embedded_server.sync.service import append_change

    append_change(session, company_id=company.id, entity="company", entity_id=company.id,
                  op="upsert", data=company_json(company), version=company.version)
    for u in users:
        append_change(session, company_id=company.id, entity="user", entity_id=u.id,
                      op="upsert", data=user_feed_json(u), version=u.version)
    publish_catalogue(session, company_id=company.id)


def user_feed_json(u: User) -> dict[str, Any]:
    keys = ("id", "email", "first_name", "last_name", "mobile", "language", "roles", "verified", "version")
    full = user_json(u)
    return {k: full[k] for k in keys}


def register(session: Session, *, body: RegisterIn) -> tuple[Company, User]:
    """R5: a company and its first user, who becomes company_admin (unverified)."""
    c = body.company
    company = create_company(
        session,
        name=c.name,
        country=c.country,
        street=c.address.street,
        postal_code=c.address.postal_code,
        city=c.address.city,
        org_number=c.org_number,
        phone=c.phone,
    )
    u = body.user
    user = create_user(
        session,
        company_id=company.id,
        email=u.email,
        password=u.password,
        first_name=u.first_name,
        last_name=u.last_name,
        birth_date=u.birth_date,
        mobile=u.mobile,
        language=u.language,
        roles=["company_admin"],
    )
    publish_account_state(session, company, [user])
    return company, user


def issue_tokens(session: Session, *, user: User, settings: Settings) -> dict[str, Any]:
    now = utcnow()
    access, refresh = new_token("at_"), new_token("rt_")
    repo.add(session, AuthToken(token_hash=token_hash(access), kind="access", user_id=user.id,
                                expires_at=now + dt.timedelta(seconds=settings.access_token_ttl_s)))
    repo.add(session, AuthToken(token_hash=token_hash(refresh), kind="refresh", user_id=user.id,
                                expires_at=now + dt.timedelta(seconds=settings.refresh_token_ttl_s)))
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": settings.access_token_ttl_s,
        "user": user_json(user),
    }


class LoginFailed(Exception):
    """Raised after the failure counter was persisted (the router commits, then answers)."""

    def __init__(self, problem: ProblemError) -> None:
        super().__init__(problem.detail)
        self.problem = problem


def login(session: Session, *, email: str, password: str, settings: Settings) -> dict[str, Any]:
    """Check credentials; 10 consecutive failures lock the account briefly (429)."""
    now = utcnow()
    user = repo.find_user_by_email(session, email)
    if user is None:
        burn_password_check(password)
        raise LoginFailed(_unauthorized("Wrong e-mail address or password.", "invalid_credentials"))
    if user.locked_until is not None and user.locked_until > now:
        retry = max(1, math.ceil((user.locked_until - now).total_seconds()))
        raise LoginFailed(ProblemError(
            429, "too_many_attempts",
            f"Too many failed sign-in attempts. Try again in {retry} seconds or reset your password.",
            headers={"Retry-After": str(retry)},
        ))
    if not verify_password(user.password_hash, password):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= settings.login_max_failures:
            user.locked_until = now + dt.timedelta(seconds=settings.login_lockout_s)
            user.failed_logins = 0
            raise LoginFailed(ProblemError(
                429, "too_many_attempts",
                "Too many failed sign-in attempts. Try again later or reset your password.",
                headers={"Retry-After": str(settings.login_lockout_s)},
            ))
        raise LoginFailed(_unauthorized("Wrong e-mail address or password.", "invalid_credentials"))
    user.failed_logins = 0
    user.locked_until = None
    return issue_tokens(session, user=user, settings=settings)


def refresh(session: Session, *, refresh_token: str, settings: Settings) -> dict[str, Any]:
    """Rotate: the presented refresh token is revoked and a new pair issued."""
    now = utcnow()
    row = repo.get_token(session, token_hash(refresh_token))
    if row is None or row.kind != "refresh" or row.revoked_at is not None or row.expires_at <= now:
        raise _unauthorized("The refresh token is invalid or expired; sign in again.", "invalid_refresh_token")
    user = repo.get_user(session, row.user_id)
    if user is None:
        raise _unauthorized("The refresh token is invalid; sign in again.", "invalid_refresh_token")
    row.revoked_at = now
    return issue_tokens(session, user=user, settings=settings)


def request_password_reset(session: Session, *, email: str, settings: Settings) -> None:
    """R15: mail a reset link if the address exists; the caller can't tell either way."""
    user = repo.find_user_by_email(session, email)
    if user is None:
        return
    token = new_token("pr_")
    repo.add(session, AuthToken(token_hash=token_hash(token), kind="reset", user_id=user.id,
                                expires_at=utcnow() + dt.timedelta(seconds=settings.reset_token_ttl_s)))
    repo.add_mail(
        session,
        to_addr=user.email,
        subject="Reset your MPRO password",
        body=f"Use this link within one hour to choose a new password:\nmpro://password-reset?token={token}\n",
    )


def authenticate_access_token(session: Session, *, token: str) -> AuthContext:
    row = repo.get_token(session, token_hash(token))
    if row is None or row.kind != "access" or row.revoked_at is not None:
        raise _unauthorized("The access token is invalid; sign in again.", "invalid_token")
    if row.expires_at <= utcnow():
        raise _unauthorized("The access token has expired; refresh it or sign in again.", "token_expired")
    user = repo.get_user(session, row.user_id)
    if user is None:
        raise _unauthorized("The access token is invalid; sign in again.", "invalid_token")
    return AuthContext(user_id=user.id, company_id=user.company_id, roles=tuple(user.roles or ()))


def get_me(session: Session, *, auth: AuthContext) -> User:
    user = repo.get_user(session, auth.user_id)
    if user is None:
        raise _unauthorized("The access token is invalid; sign in again.", "invalid_token")
    return user


def get_company(session: Session, *, auth: AuthContext) -> Company:
    company = repo.get_company(session, auth.company_id)
    if company is None:
        raise ProblemError(404, "not_found", "Company not found.")
    return company


def list_users(
    session: Session, *, auth: AuthContext, cursor: str | None, limit: int
) -> tuple[list[User], str | None]:
    rows = repo.list_users(session, auth.company_id, after_id=cursor, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)
