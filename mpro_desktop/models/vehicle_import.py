"""The rows of a vehicle import as the dialog previews them: each file line with what
happens to it (added, or skipped and why). Rows are built off the UI thread by the
dialog (``views/vehicles/import_dialog.py``), which words the reasons."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.domain.telemetry import FUEL_ELECTRIC
from mpro_desktop.models.colors import colors
from mpro_desktop.models.table import Column, RowTableModel


class ImportPreviewModel(RowTableModel):
    """Row dicts: ``id`` (the line as text), ``line``, ``vin``, ``name``,
    ``license_plate``, ``fuel_type``, ``model``, ``problem`` (worded; empty = added)."""

    def make_columns(self) -> list[Column]:
        return [
            Column(
                "line",
                QCoreApplication.translate("ImportPreviewModel", "Line"),
                lambda r: str(r["line"]),
                sort_key=lambda r: r["line"],
                align_right=True,
                header_tip=QCoreApplication.translate(
                    "ImportPreviewModel", "The line in the file (the header is line 1)"
                ),
            ),
            Column(
                "vin",
                QCoreApplication.translate("ImportPreviewModel", "VIN"),
                lambda r: r.get("vin") or "",
            ),
            Column(
                "name",
                QCoreApplication.translate("ImportPreviewModel", "Name"),
                lambda r: r.get("name") or "",
                tooltip=lambda r: r.get("name") or None,
            ),
            Column(
                "license_plate",
                QCoreApplication.translate("ImportPreviewModel", "Plate"),
                lambda r: r.get("license_plate") or "",
            ),
            Column(
                "fuel_type",
                QCoreApplication.translate("ImportPreviewModel", "Fuel type"),
                lambda r: (
                    ""
                    if r.get("problem")
                    else (
                        QCoreApplication.translate("ImportPreviewModel", "Electric")
                        if r.get("fuel_type") == FUEL_ELECTRIC
                        else QCoreApplication.translate("ImportPreviewModel", "Diesel")
                    )
                ),
            ),
            Column(
                "result",
                QCoreApplication.translate("ImportPreviewModel", "Result"),
                lambda r: (
                    r.get("problem")
                    or QCoreApplication.translate("ImportPreviewModel", "Will be added")
                ),
                tooltip=lambda r: r.get("problem") or None,
                sort_key=lambda r: (not r.get("problem"), r["line"]),
                foreground=lambda r: colors().error if r.get("problem") else None,
            ),
        ]
