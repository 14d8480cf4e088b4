"""Live VIN validation in the add-vehicle dialog (SPEC R16)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from mpro_desktop.views.vehicles.add_dialog import AddVehicleDialog


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_ok_enabled_only_for_a_valid_vin(qtbot):
    d = AddVehicleDialog()
    qtbot.addWidget(d)
    assert not _ok(d).isEnabled()
    qtbot.keyClicks(d.vin_edit, "w1v9076351p12345")
    assert not _ok(d).isEnabled()
    assert "16 of 17" in d.vin_hint.text()
    qtbot.keyClicks(d.vin_edit, "6")
    assert _ok(d).isEnabled()
    assert d.values()["vin"] == "W1V9076351P123456"


def test_forbidden_letter_is_named_with_its_position(qtbot):
    d = AddVehicleDialog()
    qtbot.addWidget(d)
    d.vin_edit.setText("W1V9O76351P123456")
    assert not _ok(d).isEnabled()
    assert "position 5" in d.vin_hint.text()
