"""The one vehicle the user has selected: what the detail shows and every action targets.

Why a separate object: the header, the status, the chart, the command box, Rename and
Remove must never disagree about *which* van they belong to (a command once went to
the previously selected van). So there is exactly one place that holds the target;
the vehicles pane is the only writer, everything else listens to :attr:`changed` and
reads :attr:`vehicle_id` at the moment the user clicks.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class VehicleSelection(QObject):
    changed = Signal(object)
    """The target is another vehicle (its row dict) or none (``None``)."""

    refreshed = Signal(object)
    """The same vehicle has new data (row dict): a rename, a sync, live status."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vehicle: dict | None = None

    @property
    def vehicle(self) -> dict | None:
        return self._vehicle

    @property
    def vehicle_id(self) -> str | None:
        return None if self._vehicle is None else self._vehicle["id"]

    def set(self, vehicle: dict | None) -> None:
        """Target ``vehicle`` (a row dict with ``id``); same id only refreshes its data."""
        new_id = None if vehicle is None else vehicle["id"]
        if new_id == self.vehicle_id:
            if vehicle is not None and vehicle != self._vehicle:
                self._vehicle = vehicle
                self.refreshed.emit(vehicle)
            return
        self._vehicle = vehicle
        self.changed.emit(vehicle)
