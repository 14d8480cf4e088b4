"""Who is signed in, and why an action is not theirs to take (issue 10).

Every action a user may not take stays visible but disabled, with a tooltip that says
why and, where there is one, what to do about it. The reasons are the portal's stable
``code`` words (``domain.account_rules``); :func:`refusal_text` turns each into one
sentence, used for tooltips and for a refused change coming back from the portal alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from mpro_desktop.domain.accounts import Permission, allowed
from mpro_desktop.models.account_texts import refusal_text, role_text

__all__ = ["Account", "gate", "first", "refusal_text", "role_text", "why_not"]


@dataclass(frozen=True)
class Account:
    """The signed-in user as the login (or ``/me``) answered, cached for offline starts.

    ``known`` is False where no roles are known (an old last-session file): the window
    then offers everything and the portal's answer decides.
    """

    user_id: str = ""
    email: str = ""
    roles: tuple[str, ...] = ()
    verified: bool = False
    first_name: str = ""
    last_name: str = ""
    known: bool = True
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_user(cls, user: dict | None, email: str = "") -> Account:
        if not user:
            return cls(email=email, known=False)
        return cls(
            user_id=str(user.get("id") or ""),
            email=str(user.get("email") or email),
            roles=tuple(user.get("roles") or ()),
            verified=bool(user.get("verified")),
            first_name=str(user.get("first_name") or ""),
            last_name=str(user.get("last_name") or ""),
            known="roles" in user,
        )

    def as_user(self) -> dict:
        return {
            "id": self.user_id,
            "email": self.email,
            "roles": list(self.roles),
            "verified": self.verified,
            "first_name": self.first_name,
            "last_name": self.last_name,
        }

    def may(self, permission: Permission) -> bool:
        return not self.known or allowed(self.roles, permission)

    def updated(self, user: dict) -> Account:
        """This account with the cache's newer copy of the user (roles, verification)."""
        return replace(
            self,
            roles=tuple(user.get("roles") or self.roles),
            verified=bool(user.get("verified", self.verified)),
            first_name=str(user.get("first_name") or self.first_name),
            last_name=str(user.get("last_name") or self.last_name),
            known=True,
        )


def why_not(account: Account | None, permission: Permission) -> str | None:
    """None if ``account`` may; else the sentence a disabled action's tooltip shows."""
    if account is None or account.may(permission):
        return None
    return role_text(permission)


def gate(target: QWidget | QAction, reason: str | None, tooltip: str = "") -> None:
    """Enable ``target`` (with ``tooltip``) when ``reason`` is None, else disable it and
    let its tooltip say why. Disabled widgets show tooltips in Qt, actions in menus too."""
    target.setEnabled(reason is None)
    text = tooltip if reason is None else reason
    target.setToolTip(text)
    if isinstance(target, QWidget):
        target.setAccessibleDescription(text)
    else:
        target.setStatusTip(text)


def first(*reasons: str | None) -> str | None:
    """The first reason that applies (checks in the order the user would fix them)."""
    return next((r for r in reasons if r), None)


def all_reasons(reasons: Iterable[str | None]) -> list[str]:
    return [r for r in reasons if r]
