"""Registration, login (with throttling), token refresh and password reset."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from embedded_server.accounts import repository as repo
from embedded_server.accounts import throttle
from embedded_server.audit import service as audit
from embedded_server.accounts.schemas import CompanyOut, RegisterIn, UserFeedOut, UserOut
from embedded_server.config import Settings
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.models import AuthToken, Company, User
from embedded_server.products.service import publish_catalogue
from embedded_server.security import (
    burn_password_check,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)
from embedded_server.tenancy import AuthContext


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
        raise ProblemError(
            409, "email_taken", "An account with this e-mail address exists; sign in instead."
        )
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
        raise ProblemError(
            409, "email_taken", "An account with this e-mail address exists; sign in instead."
        ) from exc
    return user


def publish_account_state(session: Session, company: Company, users: list[User]) -> None:
    """Put the company, the given users and the catalogue into the company's change feed."""
    append_change(
        session,
        company_id=company.id,
        entity="company",
        entity_id=company.id,
        op="upsert",
        data=CompanyOut.dump(company),
        version=company.version,
    )
    for u in users:
        append_change(
            session,
            company_id=company.id,
            entity="user",
            entity_id=u.id,
            op="upsert",
            data=UserFeedOut.dump(u),
            version=u.version,
        )
    publish_catalogue(session, company_id=company.id)


def _create_registration(session: Session, body: RegisterIn, email: str) -> tuple[Company, User]:
    c, u = body.company, body.user
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
    user = create_user(
        session,
        company_id=company.id,
        email=email,
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


def register(session: Session, *, body: RegisterIn) -> dict[str, Any]:
    """R5: a company and its first user, who becomes company_admin (unverified).

    API.md/R1: an address that already has a login identity gets the same 201 and shape,
    and the same work is done (the whole registration runs in a savepoint that is rolled
    back, password hash included), so neither status nor timing tells the two apart; the
    address's owner gets a mail instead (a new registration gets a welcome mail). This
    portal keeps one membership per identity, so the mail says to sign in with the
    existing login; nothing of the other account is read or copied into the answer.
    """
    email = body.user.email
    if repo.find_user_by_email(session, email) is None:
        try:
            with session.begin_nested():
                company, user = _create_registration(session, body, email)
        except (IntegrityError, ProblemError):  # registered concurrently: now it is known
            pass
        else:
            repo.add_mail(
                session,
                to_addr=email,
                subject="Welcome to MPRO",
                body=(
                    f"Your company {company.name} is registered at MPRO; sign in with {email}.\n"
                ),
            )
            return {"company": CompanyOut.dump(company), "user": UserOut.dump(user)}
    events = session.info.pop("events", None)
    savepoint = session.begin_nested()
    try:
        company, user = _create_registration(session, body, f"{uuid.uuid4()}@registration.invalid")
        answer = {"company": CompanyOut.dump(company), "user": {**UserOut.dump(user), "email": email}}
    finally:
        savepoint.rollback()
        session.info.pop("events", None)
        if events is not None:
            session.info["events"] = events
    repo.add_mail(
        session,
        to_addr=email,
        subject="Your MPRO registration",
        body=(
            f"Someone registered the company {body.company.name} at MPRO with this e-mail "
            "address. The address already has an MPRO login, so no second account was made: "
            "sign in with your existing password (or reset it). If it was not you, ignore "
            "this mail.\n"
        ),
    )
    return answer


def issue_tokens(
    session: Session, *, user: User, settings: Settings, family_id: str | None = None
) -> dict[str, Any]:
    """A new access/refresh pair; ``family_id`` ties it to its sign-in (new one if None)."""
    now = utcnow()
    family_id = family_id or str(uuid.uuid4())
    access, refresh = new_token("at_"), new_token("rt_")
    repo.add(
        session,
        AuthToken(
            token_hash=token_hash(access),
            kind="access",
            user_id=user.id,
            family_id=family_id,
            expires_at=now + dt.timedelta(seconds=settings.access_token_ttl_s),
        ),
    )
    repo.add(
        session,
        AuthToken(
            token_hash=token_hash(refresh),
            kind="refresh",
            user_id=user.id,
            family_id=family_id,
            expires_at=now + dt.timedelta(seconds=settings.refresh_token_ttl_s),
        ),
    )
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": settings.access_token_ttl_s,
        "user": UserOut.dump(user),
    }


class Refused(Exception):
    """A refusal whose bookkeeping must persist (a failure count, a revoked family): the
    router commits, then answers with ``problem``."""

    def __init__(self, problem: ProblemError) -> None:
        super().__init__(problem.detail)
        self.problem = problem


def _limits(settings: Settings) -> tuple[throttle.Limit, throttle.Limit]:
    per_address = throttle.Limit(
        "login", settings.login_max_failures, None, settings.login_lockout_s
    )
    per_client = throttle.Limit(
        "login-client", settings.login_client_max_failures, settings.login_client_window_s
    )
    return per_address, per_client


def _too_many(retry_after: int) -> ProblemError:
    return ProblemError(
        429,
        "too_many_attempts",
        f"Too many failed sign-in attempts. Try again in {retry_after} seconds or reset your password.",
        headers={"Retry-After": str(retry_after)},
    )


def login(
    session: Session, *, email: str, password: str, settings: Settings, client: str = ""
) -> dict[str, Any]:
    """Check credentials under two limits (API.md): 10 consecutive failures for one e-mail
    address, existing or not, and ``login_client_max_failures`` a window per client address.

    The attempt is counted (and committed) BEFORE the slow password check, so parallel
    guesses can't slip past the limit; a success takes it back. Known and unknown
    addresses run the same steps (a dummy hash is checked for an unknown one).
    """
    email = email.strip().lower()
    per_address, per_client = _limits(settings)
    by_client = throttle.hit(session, per_client, client)
    if by_client.refused:
        session.commit()
        raise Refused(_too_many(by_client.retry_after))
    by_address = throttle.hit(session, per_address, email)
    session.commit()  # the attempt counts even if this process dies during the check
    if by_address.refused:
        raise Refused(_too_many(by_address.retry_after))
    user = repo.find_user_by_email(session, email)
    session.commit()  # no transaction (SQLite: no writer lock) during the slow hash check
    if user is None:
        burn_password_check(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    if not ok:
        if user is not None:
            audit.record(session, company_id=user.company_id, actor_user_id=user.id,
                         action="auth.login_failed", target_type="user", target_id=user.id)
        if by_address.blocked or by_client.blocked:
            raise Refused(_too_many(max(by_address.retry_after, by_client.retry_after)))
        raise Refused(_unauthorized("Wrong e-mail address or password.", "invalid_credentials"))
    assert user is not None
    throttle.clear(session, per_address, email)
    throttle.undo(session, per_client, client, by_client)
    audit.record(session, company_id=user.company_id, actor_user_id=user.id, action="auth.login",
                 target_type="user", target_id=user.id)
    return issue_tokens(session, user=user, settings=settings)


def refresh(session: Session, *, refresh_token: str, settings: Settings) -> dict[str, Any]:
    """Rotate: the presented refresh token is revoked and a new pair of its family issued.

    Presenting an already rotated refresh token means one of the two holders stole it:
    the whole family (its successors included) is revoked and both must sign in again.
    """
    now = utcnow()
    row = repo.lock_token(session, token_hash(refresh_token))
    invalid = _unauthorized(
        "The refresh token is invalid or expired; sign in again.", "invalid_refresh_token"
    )
    if row is None or row.kind != "refresh" or row.expires_at <= now:
        raise invalid
    if row.revoked_at is not None:
        repo.revoke_family(session, row, now)
        raise Refused(invalid)
    user = repo.get_user(session, row.user_id)
    if user is None:
        raise invalid
    row.revoked_at = now
    return issue_tokens(session, user=user, settings=settings, family_id=row.family_id)


RESET_LINK = "mpro://password-reset?token="
RESET_MAIL_KIND = "password_reset"
RESET_SUBJECT = "Reset your MPRO password"


def request_password_reset(session: Session, *, email: str, settings: Settings) -> None:
    """R15: queue a reset mail; the caller can't tell whether the address exists.

    The request does the same work either way: count it in the per-address limit (at
    most ``reset_mails_per_window``; later requests queue nothing) and queue one body-less
    ``password_reset`` row. Whether the address has an account is decided at delivery
    (``password_reset_body``), outside any request.
    """
    email = email.strip().lower()
    limit = throttle.Limit(
        "reset", settings.reset_mails_per_window + 1, settings.reset_mail_window_s
    )
    if throttle.hit(session, limit, email).blocked:
        return
    repo.add_mail(session, to_addr=email, subject=RESET_SUBJECT, body="", kind=RESET_MAIL_KIND)


def password_reset_body(session: Session, *, email: str, settings: Settings) -> str | None:
    """At delivery: a fresh single-use reset token (only its hash is stored) and the mail
    text with the link, or None when no account has this address (nothing is sent)."""
    user = repo.find_user_by_email(session, email)
    if user is None:
        return None
    token = new_token("pr_")
    repo.add(
        session,
        AuthToken(
            token_hash=token_hash(token),
            kind="reset",
            user_id=user.id,
            expires_at=utcnow() + dt.timedelta(seconds=settings.reset_token_ttl_s),
        ),
    )
    return f"Use this link within one hour to choose a new password:\n{RESET_LINK}{token}\n"


def confirm_password_reset(
    session: Session, *, token: str, password: str, settings: Settings
) -> None:
    """Set a new password with a single-use, unexpired reset token; every session of the
    user ends (all refresh and access tokens revoked) and the sign-in lock is lifted."""
    now = utcnow()
    row = repo.lock_token(session, token_hash(token))
    if row is None or row.kind != "reset" or row.revoked_at is not None or row.expires_at <= now:
        raise ProblemError(
            400,
            "invalid_reset_token",
            "The reset link is invalid, used or expired; request a new one.",
        )
    user = repo.get_user(session, row.user_id)
    if user is None:
        raise ProblemError(
            400,
            "invalid_reset_token",
            "The reset link is invalid, used or expired; request a new one.",
        )
    user.password_hash = hash_password(password)
    user.updated_at = now
    for kind in ("reset", "refresh", "access"):
        repo.revoke_user_tokens(session, user.id, kind, now)
    throttle.clear(session, _limits(settings)[0], user.email)
    audit.record(session, company_id=user.company_id, actor_user_id=user.id,
                 action="auth.password_reset", target_type="user", target_id=user.id)


def authenticate_access_token(session: Session, *, token: str) -> AuthContext:
    row = repo.get_token(session, token_hash(token))
    if row is None or row.kind != "access" or row.revoked_at is not None:
        raise _unauthorized("The access token is invalid; sign in again.", "invalid_token")
    if row.expires_at <= utcnow():
        raise _unauthorized(
            "The access token has expired; refresh it or sign in again.", "token_expired"
        )
    user = repo.get_user(session, row.user_id)
    if user is None:
        raise _unauthorized("The access token is invalid; sign in again.", "invalid_token")
    return AuthContext(
        user_id=user.id,
        company_id=user.company_id,
        roles=tuple(user.roles or ()),
        expires_at=row.expires_at,
    )


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
