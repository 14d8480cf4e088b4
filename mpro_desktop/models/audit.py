"""The company's audit log (R12: every dealer action "acting as" a user), for admins."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from mpro_desktop.models.table import Column, RowTableModel
from mpro_desktop.models.users import iso_text


def action_labels() -> dict[str, str]:
    """The actions the portal writes (``<area>.<verb>``), in the user's words."""
    return {
        "auth.login": QCoreApplication.translate("AuditTableModel", "Signed in"),
        "auth.login_failed": QCoreApplication.translate("AuditTableModel", "Failed sign-in"),
        "auth.password_reset": QCoreApplication.translate("AuditTableModel", "Password reset"),
        "user.invited": QCoreApplication.translate("AuditTableModel", "User invited"),
        "invitation.revoked": QCoreApplication.translate("AuditTableModel", "Invitation revoked"),
        "invitation.accepted": QCoreApplication.translate("AuditTableModel", "Invitation accepted"),
        "user.roles_changed": QCoreApplication.translate("AuditTableModel", "Roles changed"),
        "user.deleted": QCoreApplication.translate("AuditTableModel", "User deleted"),
        "user.updated": QCoreApplication.translate("AuditTableModel", "Personal data changed"),
        "user.support_password_set": QCoreApplication.translate(
            "AuditTableModel", "Support password set"
        ),
        "user.data_exported": QCoreApplication.translate(
            "AuditTableModel", "Personal data exported"
        ),
        "membership.requested": QCoreApplication.translate(
            "AuditTableModel", "Membership requested"
        ),
        "membership.confirmed": QCoreApplication.translate(
            "AuditTableModel", "Membership confirmed"
        ),
        "company.updated": QCoreApplication.translate("AuditTableModel", "Company changed"),
        "company.deletion_requested": QCoreApplication.translate(
            "AuditTableModel", "Company deletion requested"
        ),
        "company.deleted": QCoreApplication.translate("AuditTableModel", "Company deleted"),
        "rfms_client.created": QCoreApplication.translate("AuditTableModel", "rFMS client created"),
        "rfms_client.revoked": QCoreApplication.translate("AuditTableModel", "rFMS client revoked"),
        "dealer.lookup": QCoreApplication.translate("AuditTableModel", "Dealer looked up the user"),
        "dealer.verification": QCoreApplication.translate(
            "AuditTableModel", "Verified by a dealer"
        ),
        "support.session_opened": QCoreApplication.translate(
            "AuditTableModel", "Support session opened"
        ),
        "support.session_ended": QCoreApplication.translate(
            "AuditTableModel", "Support session ended"
        ),
    }


class AuditTableModel(RowTableModel):
    """Rows are ``GET /audit`` items; ``name_of(user_id)`` names a user (cached users)."""

    def __init__(self, name_of: Callable[[str | None], str], parent=None) -> None:
        self.name_of = name_of
        self.labels = action_labels()
        super().__init__(parent)

    def who(self, row: dict) -> str:
        if row.get("actor_dealer_id"):
            dealer = QCoreApplication.translate("AuditTableModel", "Dealer %1").replace(
                "%1", str(row["actor_dealer_id"])
            )
            if row.get("acting_as_user_id"):
                return (
                    QCoreApplication.translate("AuditTableModel", "%1 acting as %2")
                    .replace("%1", dealer)
                    .replace("%2", self.name_of(row["acting_as_user_id"]))
                )
            return dealer
        return self.name_of(row.get("actor_user_id")) or "–"

    def make_columns(self) -> list[Column]:
        return [
            Column(
                "when",
                QCoreApplication.translate("AuditTableModel", "When"),
                lambda r: iso_text(r.get("created_at")),
                sort_key=lambda r: r.get("created_at") or "",
            ),
            Column("who", QCoreApplication.translate("AuditTableModel", "Who"), self.who),
            Column(
                "action",
                QCoreApplication.translate("AuditTableModel", "Action"),
                lambda r: self.labels.get(r.get("action") or "", r.get("action") or ""),
                tooltip=lambda r: r.get("action"),
            ),
            Column(
                "target",
                QCoreApplication.translate("AuditTableModel", "Concerns"),
                lambda r: (
                    self.name_of(r.get("target_id"))
                    if r.get("target_type") == "user"
                    else (r.get("target_id") or "")
                ),
            ),
            Column(
                "detail",
                QCoreApplication.translate("AuditTableModel", "Details"),
                lambda r: (
                    json.dumps(r.get("detail"), ensure_ascii=False) if r.get("detail") else ""
                ),
            ),
        ]
