"""Fleet alerts as a table (issue 12): the words for their types, severities and states."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.domain import alerts as rules
from mpro_desktop.models import format as fmt
from mpro_desktop.models.table import Column, RowTableModel

_SEVERITY_ORDER = {rules.CRITICAL: 0, rules.WARNING: 1, rules.INFO: 2}


def type_label(kind: str | None) -> str:
    return {
        rules.TYRE_PRESSURE_LOW: QCoreApplication.translate("alerts", "Tyre pressure low"),
        rules.TYRE_PRESSURE_DROP: QCoreApplication.translate("alerts", "Tyre pressure dropping fast"),
        rules.FUEL_LOW: QCoreApplication.translate("alerts", "Fuel low"),
        rules.SOC_LOW: QCoreApplication.translate("alerts", "Battery low"),
        rules.DOOR_OPEN_PARKED: QCoreApplication.translate("alerts", "Door open while parked"),
        rules.UNLOCKED_PARKED: QCoreApplication.translate("alerts", "Unlocked while parked"),
        rules.CHARGING_INTERRUPTED: QCoreApplication.translate("alerts", "Charging interrupted"),
        rules.NO_CONTACT: QCoreApplication.translate("alerts", "No contact"),
    }.get(kind or "", kind or "")


def severity_label(severity: str | None) -> str:
    return {
        rules.CRITICAL: QCoreApplication.translate("alerts", "Critical"),
        rules.WARNING: QCoreApplication.translate("alerts", "Warning"),
        rules.INFO: QCoreApplication.translate("alerts", "Info"),
    }.get(severity or "", severity or "")


def state_label(row: dict) -> str:
    if row.get("pending_op"):
        return QCoreApplication.translate("alerts", "%1 (not sent yet)").replace("%1", _state_word(row.get("state")))
    return _state_word(row.get("state"))


def _state_word(state: str | None) -> str:
    return {
        rules.OPEN: QCoreApplication.translate("alerts", "Open"),
        rules.ACKNOWLEDGED: QCoreApplication.translate("alerts", "Acknowledged"),
        rules.CLOSED: QCoreApplication.translate("alerts", "Closed"),
    }.get(state or "", state or "")


def detail_text(row: dict) -> str:
    """One line a fleet manager reads: which tyres, how low, since when."""
    d = row.get("detail") or {}
    kind = row.get("type")
    if kind == rules.TYRE_PRESSURE_LOW:
        kpa = d.get("kpa") or {}
        return ", ".join(f"{tyre.upper()} {fmt.number(kpa.get(tyre), 0, 'kPa')}" for tyre in d.get("tyres") or [])
    if kind == rules.TYRE_PRESSURE_DROP:
        drop = d.get("drop_kpa") or {}
        return ", ".join(QCoreApplication.translate("alerts", "%1 −%2 kPa").replace("%1", tyre.upper()).replace(
            "%2", fmt.number(drop.get(tyre), 0)) for tyre in d.get("tyres") or [])
    if kind == rules.FUEL_LOW:
        return fmt.number(d.get("fuel_level_pct"), 0, "%")
    if kind in (rules.SOC_LOW, rules.CHARGING_INTERRUPTED):
        return fmt.number(d.get("soc_pct"), 0, "%")
    if kind in (rules.DOOR_OPEN_PARKED, rules.UNLOCKED_PARKED):
        return QCoreApplication.translate("alerts", "since %1").replace("%1", fmt.when(fmt.iso_to_epoch(d.get("since"))))
    if kind == rules.NO_CONTACT:
        return QCoreApplication.translate("alerts", "last heard %1").replace(
            "%1", fmt.when(fmt.iso_to_epoch(d.get("last_contact"))))
    return ""


class AlertTableModel(RowTableModel):
    def make_columns(self) -> list[Column]:
        return [
            Column("severity", QCoreApplication.translate("AlertTableModel", "Severity"),
                   lambda r: severity_label(r.get("severity")),
                   sort_key=lambda r: _SEVERITY_ORDER.get(r.get("severity") or "", 9)),
            Column("type", QCoreApplication.translate("AlertTableModel", "Alert"), lambda r: type_label(r.get("type"))),
            Column("vehicle", QCoreApplication.translate("AlertTableModel", "Vehicle"), lambda r: r.get("vehicle_name") or ""),
            Column("state", QCoreApplication.translate("AlertTableModel", "State"), state_label),
            Column("opened", QCoreApplication.translate("AlertTableModel", "Since"),
                   lambda r: fmt.when(fmt.iso_to_epoch(r.get("opened_at"))),
                   sort_key=lambda r: fmt.iso_to_epoch(r.get("opened_at")) or 0.0),
            Column("detail", QCoreApplication.translate("AlertTableModel", "Details"), detail_text),
        ]
