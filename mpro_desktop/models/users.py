"""Users of the company and their invitations (SPEC R2, R11, R13)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.models.colors import colors
from mpro_desktop.models.table import Column, RowTableModel


def role_label(role: str) -> str:
    return {
        "company_admin": QCoreApplication.translate("UserTableModel", "Company admin"),
        "fleet_manager": QCoreApplication.translate("UserTableModel", "Fleet manager"),
        "driver": QCoreApplication.translate("UserTableModel", "Driver"),
    }.get(role, role)


def roles_text(roles: list[str] | None) -> str:
    return ", ".join(role_label(x) for x in (roles or []))


def user_name(row: dict) -> str:
    return f"{row.get('first_name') or ''} {row.get('last_name') or ''}".strip()


def verified_text(row: dict) -> str:
    return (
        QCoreApplication.translate("UserTableModel", "✔ Verified")
        if row.get("verified")
        else QCoreApplication.translate("UserTableModel", "Not verified")
    )


def pending_text(row: dict) -> str:
    op = row.get("pending_op")
    if op == "roles":
        return QCoreApplication.translate("UserTableModel", "New roles waiting to be sent")
    if op == "remove":
        return QCoreApplication.translate("UserTableModel", "Being deleted")
    return ""


class UserTableModel(RowTableModel):
    def make_columns(self) -> list[Column]:
        return [
            Column("name", QCoreApplication.translate("UserTableModel", "Name"), user_name),
            Column(
                "email",
                QCoreApplication.translate("UserTableModel", "E-mail"),
                lambda r: r.get("email") or "",
            ),
            Column(
                "roles",
                QCoreApplication.translate("UserTableModel", "Roles"),
                lambda r: roles_text(r.get("roles")),
            ),
            Column(
                "verified",
                QCoreApplication.translate("UserTableModel", "Verified by dealer"),
                verified_text,
                foreground=lambda r: colors().ok if r.get("verified") else colors().muted,
                tooltip=lambda r: (
                    None
                    if r.get("verified")
                    else QCoreApplication.translate(
                        "UserTableModel",
                        "Not verified yet: the user shows an ID document at a dealer.",
                    )
                ),
            ),
            Column(
                "state",
                QCoreApplication.translate("UserTableModel", "Status"),
                pending_text,
                foreground=lambda r: colors().warning if r.get("pending_op") else None,
            ),
        ]


def iso_text(value: str | None) -> str:
    """2026-11-30 14:02 in local time, or "–"."""
    from datetime import datetime

    from mpro_desktop.models import format as fmt

    epoch = fmt.iso_to_epoch(value)
    return "–" if epoch is None else datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def invitation_state_text(row: dict) -> str:
    if row.get("pending_op") == "invite":
        return QCoreApplication.translate("InvitationTableModel", "Waiting to be sent")
    if row.get("pending_op") == "revoke":
        return QCoreApplication.translate("InvitationTableModel", "Being revoked")
    return {
        "pending": QCoreApplication.translate("InvitationTableModel", "Pending"),
        "accepted": QCoreApplication.translate("InvitationTableModel", "Accepted"),
        "revoked": QCoreApplication.translate("InvitationTableModel", "Revoked"),
        "expired": QCoreApplication.translate("InvitationTableModel", "Expired"),
    }.get(str(row.get("state")), str(row.get("state") or ""))


class InvitationTableModel(RowTableModel):
    def make_columns(self) -> list[Column]:
        return [
            Column(
                "to",
                QCoreApplication.translate("InvitationTableModel", "Invited"),
                lambda r: r.get("email") or r.get("mobile") or "",
            ),
            Column(
                "roles",
                QCoreApplication.translate("InvitationTableModel", "Roles"),
                lambda r: roles_text(r.get("roles")),
            ),
            Column(
                "state",
                QCoreApplication.translate("InvitationTableModel", "State"),
                invitation_state_text,
                foreground=lambda r: colors().warning if r.get("pending_op") else None,
            ),
            Column(
                "expires",
                QCoreApplication.translate("InvitationTableModel", "Expires"),
                lambda r: iso_text(r.get("expires_at")),
                sort_key=lambda r: r.get("expires_at") or "",
            ),
        ]
