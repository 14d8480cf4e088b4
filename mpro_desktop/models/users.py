"""Users of the company (read-only for now; SPEC R2)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.models.table import Column, RowTableModel


def role_label(role: str) -> str:
    return {
        "company_admin": QCoreApplication.translate("UserTableModel", "Company admin"),
        "fleet_manager": QCoreApplication.translate("UserTableModel", "Fleet manager"),
        "driver": QCoreApplication.translate("UserTableModel", "Driver"),
    }.get(role, role)


class UserTableModel(RowTableModel):
    def make_columns(self) -> list[Column]:
        return [
            Column(
                "name",
                QCoreApplication.translate("UserTableModel", "Name"),
                lambda r: f"{r.get('first_name') or ''} {r.get('last_name') or ''}".strip(),
            ),
            Column(
                "email",
                QCoreApplication.translate("UserTableModel", "E-mail"),
                lambda r: r.get("email") or "",
            ),
            Column(
                "roles",
                QCoreApplication.translate("UserTableModel", "Roles"),
                lambda r: ", ".join(role_label(x) for x in (r.get("roles") or [])),
            ),
            Column(
                "verified",
                QCoreApplication.translate("UserTableModel", "Verified by dealer"),
                lambda r: (
                    QCoreApplication.translate("UserTableModel", "Yes")
                    if r.get("verified")
                    else QCoreApplication.translate("UserTableModel", "No")
                ),
            ),
        ]
