"""Registration, login (with throttling), token refresh and password reset."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from embedded_server.accounts import repository as repo
from embedded_server.accounts import throttle
from embedded_server.accounts.schemas import CompanyOut, RegisterIn, UserFeedOut, UserOut
from embedded_server.audit import service as audit
from embedded_server.config import Settings
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.models import AuthToken, Company, Identity, User
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


def _email_taken() -> ProblemError:
    return ProblemError(
        409, "email_taken", "An account with this e-mail address exists; sign in instead."
    )


def create_user(
    session: Session,
    *,
    company_id: str,
    email: str,
    password: str | None,
    first_name: str,
    last_name: str,
    roles: list[str],
    birth_date: dt.date | None = None,
    mobile: str | None = None,
    language: str = "sv",
    verified: bool = False,
    identity: Identity | None = None,
    state: str = "active",
) -> User:
    """Create a membership of a new login identity (409 ``email_taken`` if the address
    has one), or, with ``identity``, a further membership of that identity (R1; nothing of
    its other memberships is copied: the personal data is what the caller passes)."""
    email = email.strip().lower()
    if identity is None:
        if repo.find_identity_by_email(session, email) is not None:
            raise _email_taken()
        assert password is not None
        identity = Identity(id=str(uuid.uuid4()), email=email,
                            password_hash=hash_password(password))
        repo.add(session, identity)
    user = User(
        id=str(uuid.uuid4()),
        company_id=company_id,
        identity=identity,
        state=state,
        email=identity.email,
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
        raise _email_taken() from exc
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


def _create_registration(
    session: Session, body: RegisterIn, identity: Identity | None = None
) -> tuple[Company, User]:
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
    if identity is not None:
        hash_password(u.password)  # the same work as a new identity; the hash is dropped
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
        identity=identity,
        state="active" if identity is None else "pending",
    )
    publish_account_state(session, company, [user])
    return company, user


MEMBERSHIP_TOKEN_KIND = "membership"
MEMBERSHIP_LINK = "mpro://confirm-membership?token="


def register(session: Session, *, body: RegisterIn, settings: Settings) -> dict[str, Any]:
    """R5: a company and its first user, who becomes company_admin (unverified).

    R1 / API.md: an address that already has a login identity gets the same 201, shape
    and work: the company and a *pending* membership of that identity are created (with
    the submitted personal data; nothing is copied from the identity's other
    memberships, and the submitted password is hashed and dropped: the identity keeps
    its own). The identity's owner gets the mail "Your MPRO registration" with a
    single-use link (``POST /memberships/confirm``) that makes the membership usable;
    a new address gets "Welcome to MPRO".
    """
    email = body.user.email
    identity = repo.find_identity_by_email(session, email)
    if identity is None:
        try:
            with session.begin_nested():
                company, user = _create_registration(session, body)
        except (IntegrityError, ProblemError):  # registered concurrently: now it is known
            identity = repo.find_identity_by_email(session, email)
            if identity is None:
                raise
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
    with session.begin_nested():  # the same steps as a new registration (timing, #7)
        company, user = _create_registration(session, body, identity)
    token = new_token("mc_")
    repo.add(session, AuthToken(
        token_hash=token_hash(token), kind=MEMBERSHIP_TOKEN_KIND, user_id=user.id,
        expires_at=utcnow() + dt.timedelta(seconds=settings.membership_token_ttl_s)))
    audit.record(session, company_id=company.id, action="membership.requested",
                 target_type="user", target_id=user.id)
    repo.add_mail(
        session,
        to_addr=email,
        subject="Your MPRO registration",
        body=(
            f"Someone registered the company {body.company.name} at MPRO with this e-mail "
            "address, which already has an MPRO login. If it was you, confirm the new "
            "company membership with this link (you keep your password; nothing is copied "
            f"from your other accounts):\n{MEMBERSHIP_LINK}{token}\n"
            "If it was not you, ignore this mail: the membership stays unusable.\n"
        ),
    )
    return {"company": CompanyOut.dump(company), "user": UserOut.dump(user)}


def confirm_membership(session: Session, *, token: str) -> User:
    """The identity's owner confirms a pending membership (single-use token, R1)."""
    now = utcnow()
    row = repo.lock_token(session, token_hash(token))
    user = repo.get_user(session, row.user_id) if row is not None else None
    if (row is None or user is None or row.kind != MEMBERSHIP_TOKEN_KIND
            or row.revoked_at is not None or row.expires_at <= now or user.state != "pending"):
        raise ProblemError(400, "invalid_membership_token",
                           "The confirmation link is invalid, used or expired.")
    row.revoked_at = now
    user.state = "active"
    user.version += 1
    user.updated_at = now
    feed_user(session, user)
    audit.record(session, company_id=user.company_id, actor_user_id=user.id,
                 action="membership.confirmed", target_type="user", target_id=user.id)
    return user


def feed_user(session: Session, user: User, op: str = "upsert") -> None:
    append_change(session, company_id=user.company_id, entity="user", entity_id=user.id, op=op,
                  data=UserFeedOut.dump(user), version=user.version)


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


def choose_membership(
    session: Session, identity: Identity, company_id: str | None
) -> User | ProblemError:
    """The membership a sign-in of ``identity`` acts for (R1): the one in ``company_id``
    when given, else the most recently created active one. A refusal (after the password
    was right) says why: ``membership_pending`` (not confirmed from the mail yet),
    ``company_deleted`` (R8: access ended), or ``invalid_credentials`` for a company the
    identity has no membership in."""
    memberships = repo.memberships_of(session, identity.id)
    if company_id is not None:
        memberships = [m for m in memberships if m.company_id == company_id]
        if not memberships:
            return _unauthorized("Wrong e-mail address or password.", "invalid_credentials")
    usable = [m for m in memberships if m.state == "active" and not _company_closed(session, m)]
    if usable:
        return max(usable, key=lambda m: (m.created_at, m.id))
    if any(m.state == "pending" for m in memberships):
        return ProblemError(403, "membership_pending",
                            "This company membership is not confirmed yet: use the link in the "
                            "mail sent to your address.")
    return ProblemError(403, "company_deleted",
                        "The company account was deleted; access has ended.")


def _company_closed(session: Session, user: User) -> bool:
    company = repo.get_company(session, user.company_id)
    return company is None or company.deleted_at is not None


def login(
    session: Session,
    *,
    email: str,
    password: str,
    settings: Settings,
    client: str = "",
    company_id: str | None = None,
) -> dict[str, Any]:
    """Check credentials under two limits (API.md): 10 consecutive failures for one e-mail
    address, existing or not, and ``login_client_max_failures`` a window per client address.

    The attempt is counted (and committed) BEFORE the slow password check, so parallel
    guesses can't slip past the limit; a success takes it back. Known and unknown
    addresses run the same steps (a dummy hash is checked for an unknown one). The
    password is the login identity's; the membership is then chosen by
    :func:`choose_membership` (``company_id`` of the body, else the newest active one).
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
    identity = repo.find_identity_by_email(session, email)
    session.commit()  # no transaction (SQLite: no writer lock) during the slow hash check
    if identity is None:
        burn_password_check(password)
        ok = False
    else:
        ok = verify_password(identity.password_hash, password)
    if not ok:
        known = repo.latest_membership(session, identity.id) if identity is not None else None
        if known is not None:
            audit.record(session, company_id=known.company_id, actor_user_id=known.id,
                         action="auth.login_failed", target_type="user", target_id=known.id)
        if by_address.blocked or by_client.blocked:
            raise Refused(_too_many(max(by_address.retry_after, by_client.retry_after)))
        raise Refused(_unauthorized("Wrong e-mail address or password.", "invalid_credentials"))
    assert identity is not None
    throttle.clear(session, per_address, email)
    throttle.undo(session, per_client, client, by_client)
    user = choose_membership(session, identity, company_id)
    if isinstance(user, ProblemError):
        raise Refused(user)
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
    if user is None or user.state != "active" or _company_closed(session, user):
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
    identity = repo.find_identity_by_email(session, email)
    user = repo.latest_membership(session, identity.id) if identity is not None else None
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
    user.password_hash = hash_password(password)  # the login identity's (R1)
    user.updated_at = now
    for member in repo.memberships_of(session, user.identity_id or ""):
        for kind in ("reset", "refresh", "access"):
            repo.revoke_user_tokens(session, member.id, kind, now)
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
    if user is None or user.state != "active" or _company_closed(session, user):
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
