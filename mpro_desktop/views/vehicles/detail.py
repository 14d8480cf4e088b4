"""The selected vehicle: identity, live status and the live chart."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.telemetry import FUEL_ELECTRIC, energy_field
from mpro_desktop.domain.vehicles import is_recent
from mpro_desktop.models import format as fmt
from mpro_desktop.models.selection import VehicleSelection
from mpro_desktop.views.common.chart_slot import ChartSlot
from mpro_desktop.views.common.style import heading, set_tone
from mpro_desktop.views.vehicles.status_drawing import VehicleStatusView

CHART_MIN_HEIGHT = 240


class VehicleDetail(QWidget):
    """Shows the vehicle of ``selection`` and nothing else (header, status, chart)."""

    sig_rename_requested = Signal(str)
    """The user asked to rename the vehicle with this id."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        commands: QWidget | None = None,
        selection: VehicleSelection | None = None,
    ) -> None:
        super().__init__(parent)
        # The clock "as of" is measured against (the table's, so both agree).
        self.now: Callable[[], float] = time.time
        self.selection = selection if selection is not None else VehicleSelection(self)
        self.vehicle: dict | None = None
        self.commands = commands
        self.title = heading(self.tr("Select a vehicle"))
        self.title.setWordWrap(True)  # a long name wraps instead of widening the panel
        # why the user may not rename (set by the pane from the permission table), or None
        self.edit_refusal: str | None = None
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.rename_button.setEnabled(False)
        self.rename_button.clicked.connect(self._rename_clicked)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.rename_button)

        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, label in (
            ("vin", self.tr("VIN")),
            ("plate", self.tr("Licence plate")),
            ("drive", self.tr("Fuel type")),
            ("speed", self.tr("Speed")),
            ("energy", self.tr("Fuel / charge")),
            ("range", self.tr("Range")),
            ("odometer", self.tr("Odometer")),
            ("locked", self.tr("Lock")),
            ("position", self.tr("Position")),
            ("updated", self.tr("Last data")),
        ):
            value = QLabel("–")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label, value)

        #: The chart, or a placeholder while pyqtgraph loads (``chart_slot``).
        self.chart_slot = ChartSlot()
        # Below this the panel scrolls (the pane puts it in a QScrollArea) rather than
        # squeezing the plots to nothing.
        self.chart_slot.setMinimumHeight(CHART_MIN_HEIGHT)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(form)
        #: doors, windows, hood, lock and tyres on a van outline, gear, plug, ignition
        self.status_view = VehicleStatusView()
        self.status_view.now = lambda: self.now()
        layout.addWidget(self.status_view)
        if commands is not None:
            layout.addWidget(commands)
        layout.addWidget(self.chart_slot, 1)
        self.selection.changed.connect(self._show_vehicle)
        self.selection.refreshed.connect(self.update_status)

    @property
    def chart(self):
        """The ``TelemetryChart`` (a ``PendingChart`` until it is loaded)."""
        return self.chart_slot.chart

    def _rename_clicked(self) -> None:
        target = self.selection.vehicle_id
        if target is not None:
            self.sig_rename_requested.emit(target)

    def show_vehicle(self, vehicle: dict | None) -> None:
        """Target ``vehicle`` (for a detail that owns its selection)."""
        self.selection.set(vehicle)

    def _show_vehicle(self, vehicle: dict | None) -> None:
        self.vehicle = vehicle
        self.rename_button.setEnabled(vehicle is not None and self.edit_refusal is None)
        if vehicle is None:
            self.title.setText(self.tr("Select a vehicle"))
            for label in self.fields.values():
                label.setText("–")
            self.status_view.show_vehicle(None)
            self.chart.reset("fuel_level_pct")
            return
        self.chart.reset(energy_field(vehicle.get("fuel_type") or ""))
        self.update_status(vehicle)

    def update_status(self, vehicle: dict) -> None:
        """New data for the vehicle shown; data for any other vehicle is ignored."""
        if self.vehicle is None or vehicle.get("id") != self.vehicle["id"]:
            return
        self.vehicle = vehicle
        st = vehicle.get("status") or {}
        electric = vehicle.get("fuel_type") == FUEL_ELECTRIC
        self.title.setText(vehicle.get("name") or vehicle["vin"])
        f = self.fields
        f["vin"].setText(vehicle["vin"])
        f["plate"].setText(vehicle.get("license_plate") or "–")
        f["drive"].setText(self.tr("Electric") if electric else self.tr("Diesel"))
        f["speed"].setText(fmt.number(st.get("speed_kmh"), 0, "km/h"))
        f["energy"].setText(
            fmt.number(st.get(energy_field(vehicle.get("fuel_type") or "")), 0, "%")
        )
        f["range"].setText(fmt.number(st.get("range_km"), 0, "km"))
        f["odometer"].setText(fmt.number(st.get("odometer_km"), 0, "km"))
        locked = st.get("locked")
        f["locked"].setText(
            "–" if locked is None else (self.tr("Locked") if locked else self.tr("Unlocked"))
        )
        lat, lon = st.get("lat"), st.get("lon")
        f["position"].setText("–" if lat is None or lon is None else f"{lat:.5f}, {lon:.5f}")
        now = self.now()
        recent = is_recent(st, now)
        if not st:
            f["updated"].setText(self.tr("No data yet"))
        elif recent:
            f["updated"].setText(fmt.when(st.get("ts_epoch")))
        else:  # old data: the fields above are not what the van does now
            f["updated"].setText(fmt.as_of(st.get("ts_epoch"), now))
        set_tone(f["updated"], "muted" if st and not recent else None)
        self.status_view.show_vehicle(vehicle)
