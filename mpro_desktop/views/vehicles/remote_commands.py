"""Remote services for the selected van: buttons and the latest commands (R23).

A command goes into the cache and the outbox like every other change (off the UI
thread), so it can be given offline; the portal decides expiry from how long it waited
(its TTL). The window reloads the history when commands change. For an eVan the box
also shows, from the live status and before anything is sent, which R24/R25 conditions
are not met now (the van's own rule), and takes the pre-conditioning time and
cabin temperature (``preconditioning.py``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.commands import (
    COMMON,
    EVAN_BUTTONS,
    SET_DEPARTURE_TIME,
    START_CHARGING,
    START_PRECONDITIONING,
)
from mpro_desktop.domain.telemetry import FUEL_ELECTRIC
from mpro_desktop.models import format as fmt
from mpro_desktop.models.commands import command_label, outcome_text, readiness_text
from mpro_desktop.models.selection import VehicleSelection
from mpro_desktop.views.common.flow_layout import FlowLayout
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.style import set_tone
from mpro_desktop.views.vehicles.preconditioning import PreconditioningForm

log = logging.getLogger(__name__)

SHOWN = 4


class RemoteCommandsBox(QGroupBox):
    """Buttons for the vehicle of ``selection``; a click sends to that vehicle only."""

    def __init__(
        self,
        context: PaneContext,
        parent: QWidget | None = None,
        *,
        selection: VehicleSelection | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Remote services"))
        self.context = context
        self.selection = selection if selection is not None else VehicleSelection(self)
        #: The vehicle the buttons and the history were built for.
        self.vehicle: dict | None = None
        self.buttons: dict[str, QPushButton] = {}
        # as many a row as the detail's width takes (one, in a narrow one): the
        # buttons never set the detail's minimum width beyond the widest of them
        grid = FlowLayout()
        for kind in COMMON + EVAN_BUTTONS:
            button = QPushButton(command_label(kind))
            button.clicked.connect(lambda _=False, k=kind: self.send(k))
            self.buttons[kind] = button
            grid.addWidget(button)
        self.preconditioning = PreconditioningForm()
        self.preconditioning.changed.connect(self._show_readiness)
        self.departure_button = QPushButton(command_label(SET_DEPARTURE_TIME))
        self.departure_button.clicked.connect(lambda: self.send(SET_DEPARTURE_TIME))
        self.readiness: dict[str, QLabel] = {}
        for kind in (START_CHARGING, START_PRECONDITIONING):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            # long sentences wrap to the panel's width instead of asking for a wider one
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.readiness[kind] = label
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.preconditioning)
        layout.addWidget(self.departure_button)
        for label in self.readiness.values():
            layout.addWidget(label)
        layout.addWidget(self.history)
        self.selection.changed.connect(self._show_vehicle)
        self.selection.refreshed.connect(self._on_refreshed)
        self._show_vehicle(self.selection.vehicle)

    def set_vehicle(self, vehicle: dict | None) -> None:
        """Target ``vehicle`` (for a box that owns its selection)."""
        self.selection.set(vehicle)

    def _on_refreshed(self, vehicle: dict) -> None:
        old = self.vehicle or {}
        if any(old.get(k) != vehicle.get(k) for k in ("fuel_type", "has_comm_module")):
            self._show_vehicle(vehicle)
        else:
            self.vehicle = vehicle
            self._show_readiness()

    def _show_vehicle(self, vehicle: dict | None) -> None:
        self.vehicle = vehicle
        electric = bool(vehicle) and vehicle.get("fuel_type") == FUEL_ELECTRIC
        usable = bool(vehicle) and vehicle.get("has_comm_module", True)
        for kind, button in self.buttons.items():
            button.setVisible(kind in COMMON or electric)
            button.setEnabled(usable)
        for widget in (self.preconditioning, self.departure_button, *self.readiness.values()):
            widget.setVisible(electric)
        self.preconditioning.setEnabled(usable)
        self.departure_button.setEnabled(usable)
        self._show_readiness()
        if vehicle is not None and not usable:
            self.history.setText(self.tr("This van has no communication module."))
        self.reload()

    def send(self, kind: str) -> None:
        # The target is read now, from the one selection; the buttons must have been
        # built for that same vehicle, or the click is not sent anywhere.
        target = self.selection.vehicle_id
        if target is None or self.vehicle is None or self.vehicle["id"] != target:
            return
        params = None
        if kind in (START_PRECONDITIONING, SET_DEPARTURE_TIME):
            problem = self.preconditioning.error()
            if problem:
                self.history.setText(problem)
                return
            params = self.preconditioning.params()
            if kind == SET_DEPARTURE_TIME:
                params = {"departure_time": params["departure_time"]}
        # Loads SQLAlchemy, so on first use, after the first paint (startup.py).
        from mpro_desktop.sync import outbox

        cache = self.context.cache
        run_write(
            lambda: outbox.send_command(cache, target, kind, params),
            changes={"command"},
            listener=self.context,
            on_failure=lambda exc: self.history.setText(str(exc)),
            owner=self,
        )

    def command_state(self) -> dict:
        """What the R24/R25 rule looks at here: the live status plus this box's choices."""
        status = dict((self.vehicle or {}).get("status") or {})
        if status:
            form = self.preconditioning
            status.update(departure_time=form.departure_iso(), target_temp_c=form.cabin.value())
        return status

    def _show_readiness(self) -> None:
        if self.vehicle is None or self.vehicle.get("fuel_type") != FUEL_ELECTRIC:
            return
        state = self.command_state()
        for kind, label in self.readiness.items():
            text, ready = readiness_text(kind, state)
            label.setText(text)
            set_tone(label, "ok" if ready else "warning")

    def reload(self) -> None:
        vehicle = self.vehicle
        if vehicle is None:
            self.history.setText("")
            return
        cache, vid = self.context.cache, vehicle["id"]

        def show(commands: list[dict]) -> None:
            if self.vehicle is None or self.vehicle["id"] != vid:
                return
            if not commands:
                self.history.setText(self.tr("No commands sent yet."))
                return
            lines = [
                f"{fmt.when(fmt.iso_to_epoch(c.get('created_at')))}  "
                f"{command_label(c.get('type') or '')} — {outcome_text(c)}"
                for c in commands
            ]
            self.history.setText("\n".join(lines))

        run_in_background(
            lambda: cache.commands(vid, limit=SHOWN),
            show,
            lambda e: log.warning("commands: %s", e),
            owner=self,
        )
