"""Dealer accounts, sign-in, the counter (lookup, verification) and support sessions.

Token kinds (docs/contracts.md "Dealer"): a dealer's own token (``dt_`` prefix, table
``dealer_tokens``) reaches only dealer routes; a support-session token (``st_``, table
``support_sessions``) acts as one user with that user's company and roles until the
session ends or expires, checked on every request. Every dealer action on a customer is
written to that customer's company audit log with the dealer as actor and, in a support
session, the user acted as.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from embedded_server.accounts import repository as accounts_repo
from embedded_server.accounts import throttle
from embedded_server.accounts.schemas import EMAIL_RE, UserFeedOut
from embedded_server.audit import service as audit
from embedded_server.config import Settings
from embedded_server.db import utcnow
from embedded_server.dealer import repository as repo
from embedded_server.dealer.models import Dealer, DealerToken, IdentityVerification, SupportSession
from embedded_server.dealer.schemas import IdDocumentIn
from embedded_server.errors import ProblemError, not_found
from embedded_server.feed.changelog import append_change
from embedded_server.models import User
from embedded_server.security import (
    burn_password_check,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)
from embedded_server.tenancy import AuthContext, DealerContext
from mpro_desktop.domain.accounts import DEALER
from mpro_desktop.domain.dealer import identity_mismatches

DEALER_TOKEN_PREFIX = "dt_"
SUPPORT_TOKEN_PREFIX = "st_"
DEALER_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 200

# audit actions of the dealer side (audit.service.ACTIONS lists the accounts side's)
CUSTOMER_LOOKUP = "dealer.customer_lookup"
USER_VERIFIED = "dealer.user_verified"
VERIFICATION_MISMATCH = "dealer.verification_mismatch"
SESSION_OPENED = "support.session_opened"
SESSION_REFUSED = "support.session_refused"
SESSION_ENDED = "support.session_ended"
SESSION_REQUEST = "support.request"
SESSION_EXPIRED = "support.session_expired"
# the platform's entries (no company): a dealer's sign-ins (detail ``reason`` on failure:
# ``wrong_password``, ``unknown_account``, ``throttled``)
DEALER_LOGIN = "dealer.login"
DEALER_LOGIN_FAILED = "dealer.login_failed"
ACTIONS = (
    CUSTOMER_LOOKUP, USER_VERIFIED, VERIFICATION_MISMATCH,
    SESSION_OPENED, SESSION_REFUSED, SESSION_ENDED, SESSION_REQUEST, SESSION_EXPIRED,
    DEALER_LOGIN, DEALER_LOGIN_FAILED,
)


class InvalidDealer(ValueError):
    """``add-dealer`` input that can't make a dealer (the message says why)."""


class Refused(Exception):
    """A refusal whose bookkeeping (a failure count, an audit entry) must be committed
    before the problem is answered."""

    def __init__(self, problem: ProblemError) -> None:
        super().__init__(problem.detail)
        self.problem = problem


# --- dealer accounts ------------------------------------------------------------------


def create_dealer(
    session: Session, *, dealer_id: str, name: str, email: str, password: str
) -> Dealer:
    """A new dealer account (``mpro-server add-dealer``, the demo seed); InvalidDealer on
    bad input or a taken e-mail / dealer id. The caller commits."""
    email = email.strip().lower()
    name = name.strip()
    dealer_id = dealer_id.strip()
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise InvalidDealer(f"not a valid e-mail address: {email!r}")
    if not name or len(name) > 200:
        raise InvalidDealer("the dealer name must be 1 to 200 characters")
    if not DEALER_ID_RE.match(dealer_id):
        raise InvalidDealer(
            "the dealer id must be 1 to 64 letters, digits, '.', '_' or '-' (starting with "
            "a letter or digit)"
        )
    if len(password) < MIN_PASSWORD or len(password) > MAX_PASSWORD:
        raise InvalidDealer(
            f"the password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters long"
        )
    if repo.find_dealer_by_email(session, email) is not None:
        raise InvalidDealer(f"a dealer with the e-mail {email} exists already")
    if repo.find_dealer(session, dealer_id) is not None:
        raise InvalidDealer(f"a dealer with the id {dealer_id} exists already")
    dealer = Dealer(
        id=str(uuid.uuid4()),
        dealer_id=dealer_id,
        name=name,
        email=email,
        password_hash=hash_password(password),
    )
    repo.add(session, dealer)
    try:
        session.flush()
    except IntegrityError as exc:  # made concurrently
        raise InvalidDealer(f"a dealer with the e-mail {email} or id {dealer_id} exists") from exc
    return dealer


# --- sign-in and tokens ---------------------------------------------------------------


def _unauthorized(detail: str, code: str = "invalid_token") -> ProblemError:
    return ProblemError(401, code, detail, headers={"WWW-Authenticate": "Bearer"})


def _too_many(retry_after: int, what: str) -> ProblemError:
    return ProblemError(
        429,
        "too_many_attempts",
        f"Too many failed {what}. Try again in {retry_after} seconds.",
        headers={"Retry-After": str(retry_after)},
    )


def _login_limits(settings: Settings) -> tuple[throttle.Limit, throttle.Limit]:
    per_address = throttle.Limit(
        "dealer-login", settings.login_max_failures, None, settings.login_lockout_s
    )
    per_client = throttle.Limit(
        "dealer-login-client", settings.login_client_max_failures, settings.login_client_window_s
    )
    return per_address, per_client


def login(
    session: Session, *, email: str, password: str, settings: Settings, client: str = ""
) -> dict[str, Any]:
    """A dealer's sign-in, throttled like a user's (``accounts.service.login``): counted
    before the slow check, per e-mail address (known or not) and per client address; an
    unknown address costs the same hash check; one answer for every failure."""
    email = email.strip().lower()
    per_address, per_client = _login_limits(settings)
    by_client = throttle.hit(session, per_client, client)
    if by_client.refused:
        _record_login(session, None, "throttled")
        session.commit()
        raise Refused(_too_many(by_client.retry_after, "sign-in attempts"))
    by_address = throttle.hit(session, per_address, email)
    session.commit()
    if by_address.refused:
        _record_login(session, repo.find_dealer_by_email(session, email), "throttled")
        raise Refused(_too_many(by_address.retry_after, "sign-in attempts"))
    dealer = repo.find_dealer_by_email(session, email)
    session.commit()  # no transaction during the slow hash check
    if dealer is None:
        burn_password_check(password)
        ok = False
    else:
        ok = verify_password(dealer.password_hash, password)
    if not ok:
        _record_login(session, dealer, "wrong_password" if dealer else "unknown_account")
        if by_address.blocked or by_client.blocked:
            raise Refused(
                _too_many(max(by_address.retry_after, by_client.retry_after), "sign-in attempts")
            )
        raise Refused(
            _unauthorized("Wrong e-mail address or password.", "invalid_credentials")
        )
    assert dealer is not None
    throttle.clear(session, per_address, email)
    throttle.undo(session, per_client, client, by_client)
    _record_login(session, dealer, None)
    token = new_token(DEALER_TOKEN_PREFIX)
    expires_at = utcnow() + dt.timedelta(seconds=settings.dealer_token_ttl_s)
    repo.add(
        session,
        DealerToken(token_hash=token_hash(token), dealer_id=dealer.dealer_id, expires_at=expires_at),
    )
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": settings.dealer_token_ttl_s,
        "expires_at": expires_at,
        "actor": "dealer",
        "dealer": dealer,
    }


def _record_login(session: Session, dealer: Dealer | None, failure: str | None) -> None:
    """A dealer's sign-in in the platform's audit log (no company; committed with the
    answer): who (when known) and, on failure, why. The attempted address is not kept
    (it may be a customer's, mistyped)."""
    audit.record(
        session,
        company_id=None,
        actor_dealer_id=dealer.dealer_id if dealer is not None else None,
        action=DEALER_LOGIN if failure is None else DEALER_LOGIN_FAILED,
        target_type="dealer" if dealer is not None else None,
        target_id=dealer.dealer_id if dealer is not None else None,
        detail=None if failure is None else {"reason": failure},
    )


def is_dealer_side_token(token: str) -> bool:
    return token.startswith((DEALER_TOKEN_PREFIX, SUPPORT_TOKEN_PREFIX))


def authenticate(session: Session, *, token: str) -> AuthContext | DealerContext:
    """The caller of a dealer token or a support-session token (checked on every request:
    revoked, expired or ended sessions answer 401)."""
    digest = token_hash(token)
    now = utcnow()
    if token.startswith(DEALER_TOKEN_PREFIX):
        row = repo.get_dealer_token(session, digest)
        if row is None or row.revoked_at is not None:
            raise _unauthorized("The access token is invalid; sign in again.")
        if row.expires_at <= now:
            raise _unauthorized("The access token has expired; sign in again.", "token_expired")
        return DealerContext(dealer_id=row.dealer_id, roles=(DEALER,), expires_at=row.expires_at)
    support = repo.find_session_by_token(session, digest)
    if support is None:
        raise _unauthorized("The access token is invalid; sign in again.")
    if support.ended_at is not None or support.expires_at <= now:
        raise _unauthorized(
            "The support session has ended; open a new one with the user's support password.",
            "support_session_ended",
        )
    user = accounts_repo.get_user(session, support.user_id)
    if user is None or user.company_id != support.company_id or not _usable(session, user):
        raise _unauthorized("The support session has ended.", "support_session_ended")
    return AuthContext(
        user_id=user.id,
        company_id=user.company_id,
        roles=tuple(user.roles or ()),
        expires_at=support.expires_at,
        dealer_id=support.dealer_id,
        support_session_id=support.id,
    )


def _usable(session: Session, user: User) -> bool:
    """An active membership of a company that still has access (R1, R8)."""
    if user.state != "active":
        return False
    company = accounts_repo.get_company(session, user.company_id)
    return company is not None and company.deleted_at is None


def _membership(session: Session, email: str, company_id: str | None) -> User | None:
    """The membership an e-mail address names: in ``company_id`` if given, else the
    identity's newest active one (R1: one identity, several companies)."""
    if company_id is None:
        return accounts_repo.find_user_by_email(session, email)
    identity = accounts_repo.find_identity_by_email(session, email)
    if identity is None:
        return None
    return next(
        (u for u in accounts_repo.memberships_of(session, identity.id)
         if u.company_id == company_id and u.state == "active"),
        None,
    )


def as_dealer(caller: AuthContext | DealerContext) -> DealerContext | None:
    """The dealer behind ``caller`` (its own token or a support session), else None."""
    if isinstance(caller, DealerContext):
        return caller
    if caller.dealer_id is None:
        return None
    return DealerContext(
        dealer_id=caller.dealer_id,
        roles=(DEALER,),
        expires_at=caller.expires_at,
        support_session_id=caller.support_session_id,
        acting_as=caller,
    )


def record_support_request(session: Session, auth: AuthContext, *, method: str, path: str) -> None:
    """R12: one audit entry for a request made in a support session ("acting as")."""
    audit.record(
        session,
        company_id=auth.company_id,
        actor_dealer_id=auth.dealer_id,
        acting_as_user_id=auth.user_id,
        action=SESSION_REQUEST,
        target_type="support_session",
        target_id=auth.support_session_id,
        detail={"method": method, "path": path[:500]},
    )


def _record(session: Session, dealer: DealerContext, user: User, action: str,
            **detail: Any) -> None:
    acting_as = dealer.acting_as.user_id if dealer.acting_as is not None else None
    audit.record(
        session,
        company_id=user.company_id,
        actor_dealer_id=dealer.dealer_id,
        acting_as_user_id=acting_as,
        action=action,
        target_type="user",
        target_id=user.id,
        detail=detail or None,
    )


# --- the counter ----------------------------------------------------------------------


def find_customer(
    session: Session, *, dealer: DealerContext, email: str, company_id: str | None = None
) -> dict[str, Any]:
    """The customer at the counter by e-mail (404 if unknown); audited."""
    user = _membership(session, email, company_id)
    company = accounts_repo.get_company(session, user.company_id) if user is not None else None
    if user is None or company is None:
        raise not_found("User")
    _record(session, dealer, user, CUSTOMER_LOOKUP)
    return {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "verified": user.verified,
        "company": company,
    }


def verify_identity(
    session: Session, *, dealer: DealerContext, user_id: str, document: IdDocumentIn
) -> User:
    """R11: mark the user verified when the ID document's names (case, whitespace and
    Unicode form aside) and birth date match the stored data; otherwise 409
    ``identity_mismatch`` naming the fields and nothing changes (the attempt is audited).
    """
    user = accounts_repo.get_user(session, user_id)
    if user is None:
        raise not_found("User")
    mismatched = identity_mismatches(
        (user.first_name, user.last_name, user.birth_date),
        (document.first_name, document.last_name, document.birth_date),
    )
    if mismatched:
        _record(session, dealer, user, VERIFICATION_MISMATCH, mismatched_fields=mismatched)
        raise Refused(
            ProblemError(
                409,
                "identity_mismatch",
                "The ID document does not match the user's data: " + ", ".join(mismatched) + ".",
                mismatched_fields=mismatched,
            )
        )
    now = utcnow()
    verification = IdentityVerification(
        id=str(uuid.uuid4()),
        user_id=user.id,
        dealer_id=dealer.dealer_id,
        document_number=document.document_number.strip(),
        verified_at=now,
    )
    repo.add(session, verification)
    user.verified = True
    user.verified_at = now
    user.verified_by = dealer.dealer_id
    user.version = (user.version or 0) + 1
    user.updated_at = now
    session.flush()
    append_change(
        session,
        company_id=user.company_id,
        entity="user",
        entity_id=user.id,
        op="upsert",
        data=UserFeedOut.dump(user),
        version=user.version,
    )
    _record(session, dealer, user, USER_VERIFIED, verification_id=verification.id)
    return user


# --- support sessions (R12) -----------------------------------------------------------


def _support_limits(settings: Settings) -> tuple[throttle.Limit, throttle.Limit]:
    per_user = throttle.Limit(
        "support-user",
        settings.support_password_max_failures,
        None,
        settings.support_password_lockout_s,
    )
    per_dealer = throttle.Limit(
        "support-dealer", settings.support_dealer_max_failures, settings.support_dealer_window_s
    )
    return per_user, per_dealer


def _wrong_support_password() -> ProblemError:
    return ProblemError(
        403,
        "invalid_support_password",
        "The e-mail address or the support password is wrong (or the user has set none).",
    )


def open_support_session(
    session: Session,
    *,
    dealer: DealerContext,
    user_email: str,
    support_password: str,
    settings: Settings,
    company_id: str | None = None,
) -> dict[str, Any]:
    """R12: a time-limited session acting as the user, opened with their support password.

    Guessing is limited per user (``support_password_max_failures`` in a row, whether or
    not the address exists, then a lockout) and per dealer (over all users, per window),
    counted before the slow check like a sign-in. Unknown address, no support password
    set and a wrong one give the same answer after the same work.
    """
    email = user_email.strip().lower()
    per_user, per_dealer = _support_limits(settings)
    by_dealer = throttle.hit(session, per_dealer, dealer.dealer_id)
    if by_dealer.refused:
        session.commit()
        raise Refused(_too_many(by_dealer.retry_after, "support passwords"))
    by_user = throttle.hit(session, per_user, email)
    session.commit()
    if by_user.refused:
        raise Refused(_too_many(by_user.retry_after, "support passwords"))
    user = _membership(session, email, company_id)
    if user is not None and not _usable(session, user):
        user = None
    stored = user.support_password_hash if user is not None else None
    session.commit()  # no transaction during the slow hash check
    if stored is None:
        burn_password_check(support_password)
        ok = False
    else:
        ok = verify_password(stored, support_password)
    if not ok:
        if user is not None:
            _record(session, dealer, user, SESSION_REFUSED)
        if by_user.blocked or by_dealer.blocked:
            raise Refused(
                _too_many(max(by_user.retry_after, by_dealer.retry_after), "support passwords")
            )
        raise Refused(_wrong_support_password())
    assert user is not None
    throttle.clear(session, per_user, email)
    throttle.undo(session, per_dealer, dealer.dealer_id, by_dealer)
    company = accounts_repo.get_company(session, user.company_id)
    if company is None:
        raise Refused(_wrong_support_password())
    token = new_token(SUPPORT_TOKEN_PREFIX)
    now = utcnow()
    row = SupportSession(
        id=str(uuid.uuid4()),
        token_hash=token_hash(token),
        dealer_id=dealer.dealer_id,
        user_id=user.id,
        company_id=user.company_id,
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.support_session_ttl_s),
    )
    repo.add(session, row)
    session.flush()
    _record(session, dealer, user, SESSION_OPENED, support_session_id=row.id,
            expires_at=row.expires_at.isoformat())
    return {
        "id": row.id,
        "access_token": token,
        "token_type": "bearer",
        "actor": "support_session",
        "expires_at": row.expires_at,
        "expires_in": settings.support_session_ttl_s,
        "acting_as": {
            "user_id": user.id,
            "name": f"{user.first_name} {user.last_name}".strip(),
            "roles": list(user.roles or ()),
            "company": {"id": company.id, "name": company.name},
        },
    }


def end_support_session(session: Session, *, dealer: DealerContext, session_id: str) -> None:
    """End one of the dealer's own support sessions at once (404 for anyone else's);
    ending an ended or expired one changes nothing."""
    row = repo.lock_dealers_session(session, dealer.dealer_id, session_id)
    if row is None:
        raise not_found("Support session")
    now = utcnow()
    if row.ended_at is not None or row.expires_at <= now:
        return
    row.ended_at = now
    user = accounts_repo.get_user(session, row.user_id)
    if user is not None:
        _record(session, dealer, user, SESSION_ENDED, support_session_id=row.id)


def close_expired_sessions(factory: Any, *, now: dt.datetime | None = None) -> int:
    """Sweep: a support session whose time is up is closed (``ended_at`` = its expiry)
    and its close audited ``support.session_expired`` in the company, like an ended one;
    its token stopped working at expiry already (checked on every request)."""
    now = now or utcnow()
    closed = 0
    with factory() as session:
        for row in repo.expired_open_sessions(session, now=now):
            row.ended_at = row.expires_at
            audit.record(
                session,
                company_id=row.company_id,
                actor_dealer_id=row.dealer_id,
                acting_as_user_id=row.user_id,
                action=SESSION_EXPIRED,
                target_type="support_session",
                target_id=row.id,
                detail={"expires_at": row.expires_at.isoformat()},
            )
            closed += 1
        session.commit()
    return closed
