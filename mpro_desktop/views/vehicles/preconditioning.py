"""The pre-conditioning choices of the remote-services box (R25): now or at a
departure time, with a cabin temperature.

"Now" is sent as a departure ``PRECONDITION_LEAD_MIN`` minutes ahead, so the van starts
at once (a departure time is what R25 asks for); a later time lets the van start that
long before it. The widget only collects and checks the input; the box sends.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QWidget,
)

from mpro_desktop.domain.preconditions import (
    PRECONDITION_LEAD_MIN,
    TARGET_TEMP_MAX_C,
    TARGET_TEMP_MIN_C,
)

DEFAULT_CABIN_C = 21.0


def next_morning(now: float) -> float:
    """07:00 local time tomorrow (or today, before seven): a van's usual departure."""
    local = datetime.fromtimestamp(now).astimezone()
    seven = local.replace(hour=7, minute=0, second=0, microsecond=0)
    if seven <= local:
        seven += timedelta(days=1)
    return seven.timestamp()


class PreconditioningForm(QWidget):
    """Now / at a departure time, and the cabin temperature; ``changed`` on any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now = time.time  # the clock the departure is checked against (tests set it)
        self.at_once = QRadioButton(self.tr("Now"))
        self.at_time = QRadioButton(self.tr("At departure time"))
        self.at_once.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.at_once)
        group.addButton(self.at_time)
        self.departure = QDateTimeEdit()
        self.departure.setCalendarPopup(True)
        self.departure.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.departure.setDateTime(QDateTime.fromSecsSinceEpoch(int(next_morning(self.now()))))
        self.departure.setEnabled(False)
        self.departure.setAccessibleName(self.tr("Departure time"))
        self.cabin = QDoubleSpinBox()
        self.cabin.setRange(TARGET_TEMP_MIN_C, TARGET_TEMP_MAX_C)
        self.cabin.setDecimals(1)
        self.cabin.setSingleStep(0.5)
        self.cabin.setSuffix(" °C")
        self.cabin.setValue(DEFAULT_CABIN_C)
        self.cabin.setAccessibleName(self.tr("Cabin temperature"))
        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.at_once)
        when.addWidget(self.at_time)
        when.addStretch(1)
        form = QFormLayout(self)  # one choice a row: the detail panel is narrow
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Pre-condition"), when)
        form.addRow(self.tr("Departure time"), self.departure)
        form.addRow(self.tr("Cabin temperature"), self.cabin)
        self.at_time.toggled.connect(self.departure.setEnabled)
        self.at_time.toggled.connect(self.changed)
        self.departure.dateTimeChanged.connect(self.changed)
        self.cabin.valueChanged.connect(self.changed)

    def departure_epoch(self) -> float:
        if self.at_once.isChecked():
            return self.now() + PRECONDITION_LEAD_MIN * 60.0
        return float(self.departure.dateTime().toSecsSinceEpoch())

    def error(self) -> str | None:
        """Why the choice cannot be sent (a departure time in the past), or None."""
        if self.at_time.isChecked() and self.departure_epoch() <= self.now():
            return self.tr("The departure time has passed; choose a later one.")
        return None

    def departure_iso(self) -> str:
        return datetime.fromtimestamp(self.departure_epoch(), UTC).isoformat(timespec="seconds")

    def params(self) -> dict:
        """``start_preconditioning``'s parameters (check :meth:`error` first)."""
        return {"departure_time": self.departure_iso(), "target_temp_c": self.cabin.value()}
