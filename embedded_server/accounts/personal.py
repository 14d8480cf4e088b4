"""The caller's own personal data (R7, R12, R26): edit, support password, export.

``EXPORTERS`` names, per table that has a column marked ``models.PERSONAL``, how to find
the caller's rows; ``GET /me/export`` returns them all, and a test walks the ORM metadata
so a new table with personal data fails until it is listed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session

from embedded_server.accounts import repository as repo
from embedded_server.accounts.service import feed_user
from embedded_server.audit import service as audit
from embedded_server.audit.models import AuditEntry
from embedded_server.db import utcnow
from embedded_server.dealer.models import IdentityVerification
from embedded_server.errors import ProblemError
from embedded_server.models import Identity, Invitation, MailOutbox, User
from embedded_server.security import hash_password
from embedded_server.tenancy import AuthContext
from mpro_desktop.domain.account_rules import support_password_problems

#: never exported (credentials and bookkeeping, not data about the person)
SECRET_COLUMNS = {"password_hash", "support_password_hash", "token_hash", "deletion_code_hash",
                  "failed_logins", "locked_until", "body"}


#: 403 code: a dealer in a support session may act with the user's roles (R12) but
#: never on the user's own person: personal data, support password, data export
NOT_IN_SUPPORT_SESSION = "not_in_support_session"


def own_person_only(auth: AuthContext, what: str) -> None:
    """Refuse ``what`` in a dealer's support session (403 ``not_in_support_session``):
    it is the person's own to do (R7, R12, R26), not their roles'."""
    if auth.support_session_id is not None:
        raise ProblemError(
            403,
            NOT_IN_SUPPORT_SESSION,
            f"{what} only the user can do, not a dealer in a support session: ask the user "
            "to do it in MPRO Desktop (My profile).",
        )


def _row(obj: Any) -> dict[str, Any]:
    out = {}
    for col in inspect(obj).mapper.column_attrs:
        if col.key in SECRET_COLUMNS:
            continue
        value = getattr(obj, col.key)
        out[col.key] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return out


def _users(s: Session, u: User) -> list[Any]:
    return [u]


def _identities(s: Session, u: User) -> list[Any]:
    return [u.identity] if u.identity is not None else []


def _invitations(s: Session, u: User) -> list[Any]:
    return list(s.scalars(select(Invitation).where(
        or_(Invitation.accepted_user_id == u.id, Invitation.email == u.email))))


def _audit(s: Session, u: User) -> list[Any]:
    return list(s.scalars(select(AuditEntry).where(
        or_(AuditEntry.actor_user_id == u.id, AuditEntry.acting_as_user_id == u.id,
            AuditEntry.target_id == u.id)).order_by(AuditEntry.id)))


def _verifications(s: Session, u: User) -> list[Any]:
    return list(s.scalars(select(IdentityVerification).where(IdentityVerification.user_id == u.id)
                          .order_by(IdentityVerification.verified_at)))


def _mail(s: Session, u: User) -> list[Any]:
    return list(s.scalars(select(MailOutbox).where(MailOutbox.to_addr == u.email)
                          .order_by(MailOutbox.id)))


EXPORTERS: dict[str, Callable[[Session, User], list[Any]]] = {
    "users": _users,
    "identities": _identities,
    "invitations": _invitations,
    "audit_log": _audit,
    "identity_verifications": _verifications,
    "mail_outbox": _mail,
}


def export(session: Session, *, auth: AuthContext) -> dict[str, Any]:
    own_person_only(auth, "Exporting the personal data")
    user = repo.get_user(session, auth.user_id)
    assert user is not None
    data = {table: [_row(r) for r in fn(session, user)] for table, fn in EXPORTERS.items()}
    return {"exported_at": utcnow().isoformat().replace("+00:00", "Z"), "user_id": user.id,
            "tables": data}


def update_me(session: Session, *, auth: AuthContext, changes: dict[str, Any]) -> User:
    """R7: the caller's personal data (already validated by ``MePatch``)."""
    own_person_only(auth, "Changing the personal data")
    user = repo.get_user(session, auth.user_id)
    assert user is not None
    changed = sorted(k for k, v in changes.items() if v is not None and getattr(user, k) != v)
    if not changed:
        return user
    now = utcnow()
    if "email" in changed:
        email = changes["email"]
        if repo.find_identity_by_email(session, email) is not None:
            raise ProblemError(409, "email_taken", "Another login has this e-mail address.")
        assert user.identity is not None
        user.identity.email, user.identity.updated_at = email, now
        for m in repo.memberships_of(session, user.identity.id):  # the identity's address
            if m.id != user.id:
                m.email = email
                m.version += 1
                feed_user(session, m)
    for key in changed:
        setattr(user, key, changes[key])
    user.version += 1
    user.updated_at = now
    session.flush()
    feed_user(session, user)
    audit.record(session, company_id=user.company_id, actor_user_id=user.id,
                 action="user.updated", target_type="user", target_id=user.id,
                 detail={"fields": changed})
    return user


def set_support_password(session: Session, *, auth: AuthContext, password: str,
                         confirm: str) -> None:
    """R12: 6-20 characters, no whitespace, entered twice; the old one is not asked for;
    stored only as an argon2 hash and never returned."""
    own_person_only(auth, "Setting the support password")
    problems = support_password_problems(password, confirm)
    if problems:
        raise ProblemError(422, "invalid_support_password",
                           "The support password must be 6 to 20 characters without spaces, "
                           "entered the same twice.", problems=problems,
                           fields=["confirm"] if problems == ["mismatch"] else ["password"])
    user = repo.get_user(session, auth.user_id)
    assert user is not None
    user.support_password_hash = hash_password(password)
    user.updated_at = utcnow()
    audit.record(session, company_id=user.company_id, actor_user_id=user.id,
                 action="user.support_password_set", target_type="user", target_id=user.id)


__all__ = ["EXPORTERS", "Identity", "export"]
