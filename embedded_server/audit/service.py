"""Writing and reading the audit log.

``record`` is what every domain calls (in its own transaction; the caller commits).
Actions are dotted words, ``<area>.<verb>``; the ones the portal writes are listed in
:data:`ACTIONS` (docs/contracts.md) - a dealer module adds its own the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_
from sqlalchemy.orm import Session

from embedded_server.audit.models import AuditEntry
from embedded_server.errors import ProblemError
from embedded_server.tenancy import Scope, owned, unowned
from embedded_server.validation import ascii_int

#: actions written by the accounts side (the dealer side adds ``dealer.*`` / ``support.*``)
ACTIONS = (
    "auth.login",  # success (detail: {"company_id"})
    "auth.login_failed",  # wrong password for a known identity (detail: {"reason"})
    "auth.password_reset",  # a reset link was used (all sessions ended)
    "user.invited",  # detail: {"email"|"mobile", "roles"}
    "invitation.revoked",
    "invitation.accepted",
    "user.roles_changed",  # detail: {"from": [...], "to": [...]}
    "user.deleted",
    "user.updated",  # own personal data (detail: {"fields": [...]})
    "user.support_password_set",
    "user.data_exported",
    "membership.requested",  # a registration for an existing login identity
    "membership.confirmed",
    "company.updated",  # detail: {"fields": [...]}
    "company.deletion_requested",
    "company.deleted",
    "rfms_client.created",  # an rFMS integration client (detail: {"name", "client_id"})
    "rfms_client.revoked",
)


def record(
    session: Session,
    *,
    company_id: str | None,
    actor_user_id: str | None = None,
    actor_dealer_id: str | None = None,
    acting_as_user_id: str | None = None,
    action: str,
    target_type: str | None = None,
    target_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry (flushed, not committed); ``company_id`` None: the platform's
    (a dealer's sign-in), read with :func:`dealer_entries`, never by a company."""
    entry = AuditEntry(
        company_id=company_id,
        actor_user_id=actor_user_id,
        actor_dealer_id=actor_dealer_id,
        acting_as_user_id=acting_as_user_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail,
    )
    session.add(entry)
    session.flush()
    return entry


def _invalid_cursor() -> ProblemError:
    return ProblemError(400, "invalid_cursor", "The cursor is not one this portal issued.",
                        fields=["cursor"])


def list_entries(
    session: Session,
    scope: Scope,
    *,
    cursor: str | None,
    limit: int,
    user_id: str | None = None,
    action: str | None = None,
    from_: dt.datetime | None = None,
    to: dt.datetime | None = None,
) -> tuple[list[AuditEntry], str | None]:
    """Newest first; ``cursor`` is the id of the last entry of the previous page.
    ``user_id`` matches the acting user or the user a dealer acted as; ``action`` an
    exact action or, ending in ``.``, every action of that area (``user.``)."""
    criteria: list[Any] = []
    if cursor:
        before = ascii_int(cursor)
        if before is None:
            raise _invalid_cursor()
        criteria.append(AuditEntry.id < before)
    if user_id:
        criteria.append(or_(AuditEntry.actor_user_id == user_id,
                            AuditEntry.acting_as_user_id == user_id))
    if action:
        if action.endswith("."):
            criteria.append(AuditEntry.action.startswith(action, autoescape=True))
        else:
            criteria.append(AuditEntry.action == action)
    if from_ is not None:
        criteria.append(AuditEntry.created_at >= from_)
    if to is not None:
        criteria.append(AuditEntry.created_at < to)
    stmt = owned(AuditEntry, scope, *criteria).order_by(AuditEntry.id.desc()).limit(limit + 1)
    rows = list(session.scalars(stmt))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (str(rows[-1].id) if more and rows else None)


def dealer_entries(session: Session, dealer_id: str, *, limit: int = 100) -> list[AuditEntry]:
    """A dealer's own platform entries (sign-ins), newest first: for an operator."""
    stmt = (
        unowned(AuditEntry, AuditEntry.actor_dealer_id == dealer_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))
