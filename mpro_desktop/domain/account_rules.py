"""The account rules a user can be told about before anything is sent (SPEC R3, R5, R7,
R8, R10, R12–R14): plain checks returning the portal's stable ``code`` words.

The portal enforces each rule itself; the desktop uses these to disable an action, to
give live feedback in a form, and to refuse a change before it is queued. Each check
answers ``None`` (allowed) or the code the portal would answer (API.md, "Errors").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable
from typing import Final

from .accounts import COMPANY_ADMIN, ROLES

EMAIL_RE: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
E164_RE: Final = re.compile(r"^\+[1-9]\d{6,14}$")
COUNTRY_RE: Final = re.compile(r"^[A-Z]{2}$")

SUPPORT_PASSWORD_MIN: Final = 6
SUPPORT_PASSWORD_MAX: Final = 20
LOGIN_PASSWORD_MIN: Final = 8
ADULT_AGE: Final = 18
#: contracts end this many days after the company's deletion is confirmed (R8)
DELETION_NOTICE_DAYS: Final = 14
#: a dealer's support session lasts this long unless the portal says otherwise (R12)
SUPPORT_SESSION_MINUTES: Final = 60
#: how an invitation's token is written in its mail or text message (R13)
INVITATION_LINK: Final = "mpro://accept-invitation?token="
INVITATION_TOKEN_MAX: Final = 200


# -- field checks (R5, R7) --------------------------------------------------------------


def is_email(value: str) -> bool:
    value = value.strip()
    return bool(EMAIL_RE.match(value)) and len(value) <= 254


def normalize_phone(value: str) -> str:
    return value.strip().replace(" ", "").replace("-", "")


def is_e164(value: str) -> bool:
    return bool(E164_RE.match(normalize_phone(value)))


def invitation_token(text: str) -> str | None:
    """The token in what an invitee pasted: the bare token or the whole link of the mail
    (:data:`INVITATION_LINK`), spaces and line breaks of a wrapped mail ignored; None
    when nothing usable is left (empty, or characters no token has)."""
    value = "".join(text.split())
    if value.startswith(INVITATION_LINK):
        value = value[len(INVITATION_LINK) :]
    value = value.split("&", 1)[0]
    if not value or len(value) > INVITATION_TOKEN_MAX:
        return None
    if not all(c.isascii() and (c.isalnum() or c in "-_.~") for c in value):
        return None
    return value


def birth_date_problem(value: dt.date | None, today: dt.date | None = None) -> str | None:
    """``None``, ``"missing"``, ``"future"`` (not in the past) or ``"under_age"`` (< 18)."""
    if value is None:
        return "missing"
    today = today or dt.date.today()
    if value >= today:
        return "future"
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    return "under_age" if age < ADULT_AGE else None


def support_password_problems(password: str, confirm: str | None = None) -> list[str]:
    """Every unmet rule of R12, in the order a form lists them: ``too_short``,
    ``too_long``, ``whitespace``, ``mismatch`` (``confirm`` None: not checked yet)."""
    problems = []
    if len(password) < SUPPORT_PASSWORD_MIN:
        problems.append("too_short")
    if len(password) > SUPPORT_PASSWORD_MAX:
        problems.append("too_long")
    if any(c.isspace() for c in password):
        problems.append("whitespace")
    if confirm is not None and confirm != password:
        problems.append("mismatch")
    return problems


def deletion_end_date(confirmed_on: dt.date) -> dt.date:
    """When the contracts of a company deleted on ``confirmed_on`` end (R8)."""
    return confirmed_on + dt.timedelta(days=DELETION_NOTICE_DAYS)


# -- who may do what to whom (R3, R10, R13, R14) -----------------------------------------


def valid_roles(roles: Iterable[str]) -> bool:
    roles = list(roles)
    return bool(roles) and all(r in ROLES for r in roles) and len(set(roles)) == len(roles)


def invite_refusal(roles: Collection[str], verified: bool) -> str | None:
    """Only a verified company admin invites (R10, R13)."""
    if COMPANY_ADMIN not in roles:
        return "insufficient_role"
    if not verified:
        return "verification_required"
    return None


def role_change_refusal(
    actor_id: str,
    actor_roles: Collection[str],
    target_id: str,
    new_roles: Collection[str],
    admin_ids: Collection[str],
) -> str | None:
    """Only an admin changes roles, never their own, never the last admin's (R3)."""
    if COMPANY_ADMIN not in actor_roles:
        return "insufficient_role"
    if actor_id == target_id:
        return "self_role_change"
    if COMPANY_ADMIN not in new_roles and set(admin_ids) <= {target_id}:
        return "last_admin"
    return None


def removal_refusal(
    actor_id: str, actor_roles: Collection[str], target_id: str, admin_ids: Collection[str]
) -> str | None:
    """Only an admin deletes a user, never themselves, never the last admin (R3, R14)."""
    if COMPANY_ADMIN not in actor_roles:
        return "insufficient_role"
    if actor_id == target_id:
        return "self_delete"
    if set(admin_ids) <= {target_id}:
        return "last_admin"
    return None
