"""Add a vehicle by VIN with live validation (SPEC R16).

The VIN rule itself lives in ``domain.vin``; this dialog only shows its verdict as
the user types, so the OK button is never enabled for a VIN the portal would refuse
on syntax.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.telemetry import FUEL_DIESEL, FUEL_ELECTRIC
from mpro_desktop.domain.vin import VIN_LENGTH, check_vin
from mpro_desktop.views.common.style import error_label, set_tone


def vin_message(reason: str | None, normalized: str, position: int | None) -> str:
    """Translated sentence for a VIN check result (one home for these texts)."""
    n = len(normalized)
    if reason == "empty":
        return QCoreApplication.translate(
            "AddVehicleDialog", "Enter the 17-character VIN (vehicle identification number)."
        )
    if reason == "too_short":
        return QCoreApplication.translate(
            "AddVehicleDialog", "%1 of 17 characters entered."
        ).replace("%1", str(n))
    if reason == "too_long":
        return QCoreApplication.translate(
            "AddVehicleDialog", "A VIN has exactly 17 characters; this one has %1."
        ).replace("%1", str(n))
    if reason == "forbidden_letter" and position is not None:
        return QCoreApplication.translate(
            "AddVehicleDialog",
            "VINs never contain I, O or Q (position %1): did you mean 1 or 0?",
        ).replace("%1", str(position + 1))
    if reason == "bad_character" and position is not None:
        return QCoreApplication.translate(
            "AddVehicleDialog", "Only letters and digits are allowed (position %1)."
        ).replace("%1", str(position + 1))
    return QCoreApplication.translate("AddVehicleDialog", "The VIN looks right.")


class AddVehicleDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add vehicle"))
        self.vin_edit = QLineEdit()
        self.vin_edit.setPlaceholderText(self.tr("e.g. W1V9076351P123456"))
        self.vin_edit.setMaxLength(VIN_LENGTH + 8)  # allow pasted blanks
        self.vin_edit.setAccessibleName(self.tr("VIN"))
        self.vin_hint = QLabel()
        self.vin_hint.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Optional, e.g. Van 26"))
        self.name_edit.setAccessibleName(self.tr("Name"))
        self.plate_edit = QLineEdit()
        self.plate_edit.setPlaceholderText(self.tr("Optional, e.g. ABC 123"))
        self.plate_edit.setAccessibleName(self.tr("Licence plate"))
        self.fuel_combo = QComboBox()
        self.fuel_combo.setAccessibleName(self.tr("Fuel type"))
        self.fuel_combo.addItem(self.tr("Diesel"), FUEL_DIESEL)
        self.fuel_combo.addItem(self.tr("Electric (eVan)"), FUEL_ELECTRIC)
        self.error_label = error_label()

        form = QFormLayout()
        form.addRow(self.tr("VIN"), self.vin_edit)
        form.addRow("", self.vin_hint)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Licence plate"), self.plate_edit)
        form.addRow(self.tr("Fuel type"), self.fuel_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add vehicle"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.vin_edit.textChanged.connect(self._validate)
        self._validate("")
        self.resize(460, self.sizeHint().height())

    def _validate(self, text: str) -> None:
        result = check_vin(text)
        self.vin_hint.setText(vin_message(result.reason, result.normalized, result.bad_position))
        ok = result.valid
        tone = "ok" if ok else ("muted" if result.reason in ("empty", "too_short") else "error")
        set_tone(self.vin_hint, tone)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.error_label.hide()

    def show_error(self, message: str) -> None:
        """Keep the dialog open with the user's input and say what went wrong."""
        self.error_label.setText(message)
        self.error_label.show()

    def values(self) -> dict:
        return {
            "vin": check_vin(self.vin_edit.text()).normalized,
            "name": self.name_edit.text().strip() or None,
            "license_plate": self.plate_edit.text().strip() or None,
            "fuel_type": self.fuel_combo.currentData(),
        }
