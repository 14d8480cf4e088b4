"""The logbook (körjournal) of one vehicle: its trips over a period, read from the portal
(online only: trips are not kept on this computer), with CSV and PDF export.

The vehicles for the chooser come from the cache; the trips from ``GET
/vehicles/{id}/trips`` off the UI thread; an export writes off the UI thread too.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.models import format as fmt
from mpro_desktop.models.trips import (
    LogbookTableModel,
    csv_text,
    duration_text,
    logbook_rows,
    totals,
)
from mpro_desktop.views.common.flow_layout import FlowLayout, kept_together
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.permissions import refusal_text
from mpro_desktop.views.common.style import heading, note_label, set_tone
from mpro_desktop.views.trips.export import write_csv, write_pdf

log = logging.getLogger(__name__)


class TripsPane(Pane):
    NAME = "trips"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Logbook")
    ENTITIES = frozenset({"vehicle"})

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.rows: list[dict] = []
        self._generation = 0
        self.model = LogbookTableModel(self)
        self.vehicle = QComboBox()
        self.vehicle.setAccessibleName(self.tr("Vehicle"))
        self.vehicle.setMinimumContentsLength(16)
        self.vehicle.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.since = QDateEdit(QDate.currentDate().addDays(-7))
        self.until = QDateEdit(QDate.currentDate())
        for edit, name in ((self.since, self.tr("From date")), (self.until, self.tr("To date"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.clicked.connect(self.load_trips)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.clicked.connect(lambda: self._choose_and_export("csv"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.clicked.connect(lambda: self._choose_and_export("pdf"))
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Trips"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # wraps on a narrow window (the dates go under the vehicle) instead of
        # widening it; a label stays with its field
        filters = FlowLayout()
        filters.addWidget(
            kept_together(QLabel(self.tr("Vehicle")), self.vehicle, stretch=self.vehicle), 1
        )
        filters.addWidget(
            kept_together(QLabel(self.tr("From")), self.since, QLabel(self.tr("to")), self.until)
        )
        filters.addWidget(self.show_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        layout.addWidget(
            note_label(
                self.tr(
                    "Every trip from ignition on to ignition off, with where it started and "
                    "ended. Read from the portal when you ask; not kept on this computer."
                )
            )
        )
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._set_exportable(False)
        context.sig_online_changed.connect(lambda _on: self.load_trips())
        self.vehicle.currentIndexChanged.connect(lambda _i: self.load_trips())

    # -- vehicles (cache) -------------------------------------------------------------
    def reload(self) -> None:
        cache = self.cache

        def fill(vehicles: list[dict]) -> None:
            current = self.vehicle.currentData()
            self.vehicle.blockSignals(True)
            self.vehicle.clear()
            for v in sorted(vehicles, key=lambda v: (v.get("name") or v["vin"]).lower()):
                self.vehicle.addItem(v.get("name") or v["vin"], v["id"])
            index = self.vehicle.findData(current)
            self.vehicle.setCurrentIndex(max(0, index))
            self.vehicle.blockSignals(False)
            if self.vehicle.currentData() != current or not self.rows:
                self.load_trips()

        run_in_background(
            cache.vehicles, fill, lambda exc: log.warning("vehicles: %s", exc), owner=self
        )

    def select_vehicle(self, vehicle_id: str) -> None:
        index = self.vehicle.findData(vehicle_id)
        if index >= 0:
            self.vehicle.setCurrentIndex(index)

    def period(self) -> tuple[str, str]:
        """The chosen days as an ISO interval (local midnight to the end of the last day)."""
        start = datetime.combine(self.since.date().toPython(), time.min).astimezone(UTC)
        end = datetime.combine(self.until.date().toPython(), time.max).astimezone(UTC)
        return start.isoformat(), end.isoformat()

    # -- trips (portal) ---------------------------------------------------------------
    def load_trips(self) -> None:
        self._generation += 1
        generation = self._generation
        vid = self.vehicle.currentData()
        self.rows = []
        self.model.set_rows([])
        self.summary.setText("")
        self._set_exportable(False)
        api = self.context.online
        if vid is None:
            self.status.setText(self.tr("No vehicle to show."))
            set_tone(self.status, None)
            return
        if api is None:
            self.status.setText(refusal_text("offline"))
            set_tone(self.status, "warning")
            return
        if self.since.date() > self.until.date():
            self.status.setText(self.tr("The first day is after the last one."))
            set_tone(self.status, "error")
            return
        since, until = self.period()
        self.status.setText(self.tr("Reading the trips from the portal…"))
        set_tone(self.status, None)
        self.show_button.setEnabled(False)

        def done(items: list) -> None:
            if generation != self._generation:
                return
            self.show_button.setEnabled(True)
            self.rows = logbook_rows(items)
            self.model.set_rows(self.rows)
            self.table.resizeColumnsToContents()
            distance, seconds = totals(self.rows)
            self.status.setText(
                self.tr("%n trips.", "", len(self.rows))
                if self.rows
                else self.tr("No trips in this period.")
            )
            set_tone(self.status, None)
            self.summary.setText(
                self.tr("Total %1, driving time %2")
                .replace("%1", fmt.number(distance, 1, "km"))
                .replace("%2", duration_text(seconds))
            )
            self._set_exportable(bool(self.rows))

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.show_button.setEnabled(True)
            self.status.setText(online_error_text(exc))
            set_tone(self.status, "error")

        run_in_background(
            lambda: api.trips(vid, since=since, until=until), done, failed, owner=self
        )

    # -- export -----------------------------------------------------------------------
    def _set_exportable(self, on: bool) -> None:
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(on)
            button.setToolTip("" if on else self.tr("Show some trips first."))

    def title_text(self) -> str:
        return self.tr("Logbook: %1").replace("%1", self.vehicle.currentText())

    def period_text(self) -> str:
        return (
            self.since.date().toString("yyyy-MM-dd")
            + " – "
            + self.until.date().toString("yyyy-MM-dd")
        )

    def _choose_and_export(self, kind: str) -> None:
        stem = f"logbook-{self.vehicle.currentText() or 'vehicle'}".replace(" ", "-")
        if kind == "csv":
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export logbook as CSV"), f"{stem}.csv", self.tr("CSV files (*.csv)")
            )
        else:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export logbook as PDF"), f"{stem}.pdf", self.tr("PDF files (*.pdf)")
            )
        if path:
            self.export(kind, Path(path))

    def export(self, kind: str, path: Path) -> None:
        """Write the rows shown as ``kind`` (``csv`` or ``pdf``) to ``path``, off the UI thread."""
        rows = list(self.rows)
        if kind == "csv":
            text = csv_text(rows)
            job = lambda: write_csv(path, text)  # noqa: E731 - a one-line job
        else:
            title, period = self.title_text(), self.period_text()
            job = lambda: write_pdf(path, title, period, rows)  # noqa: E731
        self.status.setText(self.tr("Writing %1…").replace("%1", path.name))
        set_tone(self.status, None)

        def done(_result: object) -> None:
            self.status.setText(self.tr("Saved %1.").replace("%1", str(path)))
            set_tone(self.status, "ok")

        def failed(exc: BaseException) -> None:
            self.status.setText(
                self.tr("Could not write %1: %2").replace("%1", str(path)).replace("%2", str(exc))
            )
            set_tone(self.status, "error")

        run_in_background(job, done, failed, owner=self)
