"""Changes the portal refused, for the Conflicts pane."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.models import format as fmt
from mpro_desktop.models.table import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConflictTableModel", text)


def change_label(kind: str | None) -> str:
    return {
        "vehicle.add": _tr("Add vehicle"),
        "vehicle.update": _tr("Edit vehicle"),
        "vehicle.remove": _tr("Remove vehicle"),
    }.get(kind or "", kind or "")


def reason_text(row: dict) -> str:
    """A sentence for the refusal; codes we know get our own wording."""
    code = row.get("code") or ""
    known = {
        "vin_taken": _tr(
            "This VIN is active in another company account. Ask the previous owner or "
            "your dealer to remove it there first."
        ),
        "vin_exists": _tr("This VIN is already in your vehicle list."),
        "depends_on_rejected": _tr("The vehicle this change refers to was not added."),
        "not_found": _tr("The vehicle no longer exists on the portal."),
    }
    if code in known:
        return known[code]
    if row.get("result") == "conflict":
        return _tr("Someone else changed this vehicle at the same time.")
    return row.get("detail") or code or _tr("The portal refused the change.")


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
                _tr("When"),
                lambda r: fmt.when(r.get("created_at")),
                sort_key=lambda r: r.get("created_at") or 0,
            ),
            Column("change", _tr("Change"), lambda r: change_label(r.get("type"))),
            Column("vehicle", _tr("Vehicle"), vehicle_label),
            Column(
                "result",
                _tr("Outcome"),
                lambda r: _tr("Conflict") if r.get("result") == "conflict" else _tr("Refused"),
            ),
            Column("reason", _tr("Reason"), reason_text),
        ]


def conflict_rows(records: list[dict]) -> list[dict]:
    """Cache records carry integer ids; the table keys rows by string ids."""
    return [{**r, "conflict_id": r["id"], "id": str(r["id"])} for r in records]
