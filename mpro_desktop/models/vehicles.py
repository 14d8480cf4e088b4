"""Vehicles table: the cache's vehicles plus their latest live status."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from mpro_desktop.domain.telemetry import FUEL_DIESEL, FUEL_ELECTRIC, energy_field
from mpro_desktop.domain.vehicles import DRIVING_MIN_KMH, is_recent, status_epoch
from mpro_desktop.models import format as fmt
from mpro_desktop.models.colors import colors
from mpro_desktop.models.table import FIELD_SEPARATOR, Column, RowTableModel


def _status(row: dict) -> dict:
    return row.get("status") or {}


def _energy(row: dict) -> float | None:
    return _status(row).get(energy_field(row.get("fuel_type") or ""))


def _sync_text(row: dict) -> str:
    op = row.get("pending_op")
    if not op:
        return QCoreApplication.translate("VehicleTableModel", "Synced")
    return {
        "add": QCoreApplication.translate("VehicleTableModel", "Waiting to upload (new)"),
        "update": QCoreApplication.translate("VehicleTableModel", "Waiting to upload (changed)"),
        "remove": QCoreApplication.translate("VehicleTableModel", "Waiting to upload (removed)"),
    }.get(op, QCoreApplication.translate("VehicleTableModel", "Waiting to upload"))


def _state_text(row: dict) -> str:
    st = _status(row)
    if not st:
        return (
            QCoreApplication.translate("VehicleTableModel", "No data")
            if row.get("has_comm_module", True)
            else QCoreApplication.translate("VehicleTableModel", "No module")
        )
    if st.get("ignition"):
        word = (
            QCoreApplication.translate("VehicleTableModel", "Driving")
            if (st.get("speed_kmh") or 0) > DRIVING_MIN_KMH
            else QCoreApplication.translate("VehicleTableModel", "Ignition on")
        )
    else:
        word = QCoreApplication.translate("VehicleTableModel", "Parked")
    if not is_recent(st):  # yesterday's "Driving" must not read as now
        return f"{word}, {fmt.as_of(status_epoch(st))}"
    return word


def _stale(row: dict) -> bool:
    """Live columns of a row whose data is old are drawn muted (and say "as of")."""
    st = _status(row)
    return bool(st) and not is_recent(st)


def _live_foreground(row: dict):
    return colors().muted if _stale(row) else None


def _energy_foreground(row: dict):
    if (_energy(row) or 100) < 15:
        return colors().error
    return _live_foreground(row)


def _updated_text(row: dict) -> str:
    ts = _status(row).get("ts_epoch")
    return fmt.as_of(ts) if _stale(row) else fmt.when(ts)


class VehicleTableModel(RowTableModel):
    """Rows come from ``Cache.vehicles()``; live samples update one row at a time."""

    def make_columns(self) -> list[Column]:
        return [
            Column(
                "name",
                QCoreApplication.translate("VehicleTableModel", "Name"),
                lambda r: r.get("name") or "",
            ),
            Column(
                "vin", QCoreApplication.translate("VehicleTableModel", "VIN"), lambda r: r["vin"]
            ),
            Column(
                "license_plate",
                QCoreApplication.translate("VehicleTableModel", "Plate"),
                lambda r: r.get("license_plate") or "",
            ),
            Column(
                "fuel_type",
                QCoreApplication.translate("VehicleTableModel", "Fuel type"),
                lambda r: (
                    QCoreApplication.translate("VehicleTableModel", "Electric")
                    if r.get("fuel_type") == FUEL_ELECTRIC
                    else QCoreApplication.translate("VehicleTableModel", "Diesel")
                ),
            ),
            Column(
                "state",
                QCoreApplication.translate("VehicleTableModel", "State"),
                _state_text,
                foreground=_live_foreground,
            ),
            Column(
                "speed",
                QCoreApplication.translate("VehicleTableModel", "Speed"),
                lambda r: fmt.number(_status(r).get("speed_kmh"), 0, "km/h"),
                sort_key=lambda r: _status(r).get("speed_kmh"),
                align_right=True,
                foreground=_live_foreground,
            ),
            Column(
                "energy",
                QCoreApplication.translate("VehicleTableModel", "Fuel / charge"),
                lambda r: fmt.number(_energy(r), 0, "%"),
                sort_key=_energy,
                align_right=True,
                foreground=_energy_foreground,
            ),
            Column(
                "odometer",
                QCoreApplication.translate("VehicleTableModel", "Odometer"),
                lambda r: fmt.number(_status(r).get("odometer_km"), 0, "km"),
                sort_key=lambda r: _status(r).get("odometer_km"),
                align_right=True,
                foreground=_live_foreground,
            ),
            Column(
                "updated",
                QCoreApplication.translate("VehicleTableModel", "Last data"),
                _updated_text,
                sort_key=lambda r: _status(r).get("ts_epoch"),
                foreground=_live_foreground,
            ),
            Column(
                "sync",
                QCoreApplication.translate("VehicleTableModel", "Sync"),
                _sync_text,
                foreground=lambda r: colors().warning if r.get("pending_op") else None,
            ),
        ]

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Translated drive labels, looked up once rather than once per row.
        display = self._columns[self.column_index("fuel_type")].display
        self._drive_words = {f: display({"fuel_type": f}) for f in (FUEL_DIESEL, FUEL_ELECTRIC)}

    def search_text(self, row: dict) -> str:
        # Search what a fleet manager types: name, VIN, plate, drive; not live numbers.
        parts = (
            row.get("name"),
            row.get("vin"),
            row.get("license_plate"),
            row.get("model"),
            self._drive_words.get(row.get("fuel_type") or "diesel", ""),
        )
        return FIELD_SEPARATOR.join(" ".join(p.split()) for p in parts if p).lower()

    def apply_samples(self, samples_by_vehicle: dict[str, list[dict]]) -> int:
        """Fold the newest live sample of each vehicle into its status (one repaint)."""
        changes: dict[str, dict] = {}
        for vid, samples in samples_by_vehicle.items():
            i = self.row_for_id(vid)
            if not samples or i is None:
                continue
            last = samples[-1]
            status = dict(self.row_dict(i).get("status") or {})
            ts = last.get("ts_epoch") or fmt.iso_to_epoch(last.get("ts")) or time.time()
            if ts < (status.get("ts_epoch") or 0):
                continue
            status.update({k: v for k, v in last.items() if k not in ("seq", "ts")})
            status["ts_epoch"] = ts
            changes[vid] = {"status": status}
        return self.update_rows(changes, searchable=False)


def normalise_vehicle_rows(rows: list[dict]) -> list[dict]:
    """Give each cached status an epoch timestamp once, so sorting never parses dates."""
    out = []
    for row in rows:
        st = row.get("status")
        if st and "ts_epoch" not in st:
            st = {
                **st,
                "ts_epoch": fmt.iso_to_epoch(st.get("ts"))
                if isinstance(st.get("ts"), str)
                else st.get("ts"),
            }
            row = {**row, "status": st}
        out.append(row)
    return out
