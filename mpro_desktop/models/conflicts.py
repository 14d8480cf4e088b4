"""Changes the portal refused, for the Conflicts pane."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.models import format as fmt
from mpro_desktop.models.account_texts import ACCOUNT_CODES, refusal_text
from mpro_desktop.models.table import Column, RowTableModel


def change_label(kind: str | None) -> str:
    return {
        "vehicle.add": QCoreApplication.translate("ConflictTableModel", "Add vehicle"),
        "vehicle.update": QCoreApplication.translate("ConflictTableModel", "Edit vehicle"),
        "vehicle.remove": QCoreApplication.translate("ConflictTableModel", "Remove vehicle"),
        "user.invite": QCoreApplication.translate("ConflictTableModel", "Invite user"),
        "user.set_roles": QCoreApplication.translate("ConflictTableModel", "Change roles"),
        "user.remove": QCoreApplication.translate("ConflictTableModel", "Delete user"),
        "invitation.revoke": QCoreApplication.translate("ConflictTableModel", "Revoke invitation"),
        "company.update": QCoreApplication.translate("ConflictTableModel", "Edit company"),
    }.get(kind or "", kind or "")


def reason_text(row: dict) -> str:
    """A sentence for the refusal; codes we know get our own wording."""
    code = row.get("code") or ""
    if code in ACCOUNT_CODES:
        return refusal_text(code)
    known = {
        "vin_taken": QCoreApplication.translate(
            "ConflictTableModel",
            "This VIN is active in another company account. Ask the previous owner or "
            "your dealer to remove it there first.",
        ),
        "vin_exists": QCoreApplication.translate(
            "ConflictTableModel", "This VIN is already in your vehicle list."
        ),
        "depends_on_rejected": QCoreApplication.translate(
            "ConflictTableModel", "The vehicle this change refers to was not added."
        ),
        "not_found": QCoreApplication.translate(
            "ConflictTableModel", "The vehicle no longer exists on the portal."
        ),
    }
    if code in known:
        return known[code]
    if row.get("result") == "conflict":
        return QCoreApplication.translate(
            "ConflictTableModel", "Someone else changed this vehicle at the same time."
        )
    return (
        row.get("detail")
        or code
        or QCoreApplication.translate("ConflictTableModel", "The portal refused the change.")
    )


def vehicle_label(row: dict) -> str:
    entity = row.get("entity") or {}
    payload = row.get("payload") or {}
    return (
        entity.get("name") or payload.get("name") or entity.get("vin") or payload.get("vin") or "–"
    )


class ConflictTableModel(RowTableModel):
    def make_columns(self) -> list[Column]:
        return [
            Column(
                "when",
                QCoreApplication.translate("ConflictTableModel", "When"),
                lambda r: fmt.when(r.get("created_at")),
                sort_key=lambda r: r.get("created_at") or 0,
            ),
            Column(
                "change",
                QCoreApplication.translate("ConflictTableModel", "Change"),
                lambda r: change_label(r.get("type")),
            ),
            Column(
                "vehicle",
                QCoreApplication.translate("ConflictTableModel", "Vehicle"),
                vehicle_label,
            ),
            Column(
                "result",
                QCoreApplication.translate("ConflictTableModel", "Outcome"),
                lambda r: (
                    QCoreApplication.translate("ConflictTableModel", "Conflict")
                    if r.get("result") == "conflict"
                    else QCoreApplication.translate("ConflictTableModel", "Refused")
                ),
            ),
            Column(
                "reason", QCoreApplication.translate("ConflictTableModel", "Reason"), reason_text
            ),
        ]


def conflict_rows(records: list[dict]) -> list[dict]:
    """Cache records carry integer ids; the table keys rows by string ids."""
    return [{**r, "conflict_id": r["id"], "id": str(r["id"])} for r in records]
