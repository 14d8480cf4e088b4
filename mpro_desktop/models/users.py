"""Users of the company (read-only for now; SPEC R2)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.models.table import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("UserTableModel", text)


def role_label(role: str) -> str:
    return {
        "company_admin": _tr("Company admin"),
        "fleet_manager": _tr("Fleet manager"),
        "driver": _tr("Driver"),
    }.get(role, role)


class UserTableModel(RowTableModel):
    def make_columns(self) -> list[Column]:
        return [
            Column(
                "name",
                _tr("Name"),
                lambda r: f"{r.get('first_name') or ''} {r.get('last_name') or ''}".strip(),
            ),
            Column("email", _tr("E-mail"), lambda r: r.get("email") or ""),
            Column(
                "roles",
                _tr("Roles"),
                lambda r: ", ".join(role_label(x) for x in (r.get("roles") or [])),
            ),
            Column(
                "verified",
                _tr("Verified by dealer"),
                lambda r: _tr("Yes") if r.get("verified") else _tr("No"),
            ),
        ]
