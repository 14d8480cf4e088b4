"""Import vehicles from a CSV file (issue 11): choose, preview, import.

All valid rows, or nothing: every row that passes the vehicle rules (``domain.vin``,
``domain.vehicles``) and is neither in the fleet nor earlier in the file is added, and
the dialog lists each skipped row with its reason before anything is written; that
report can be saved. The valid rows are then added and queued in ONE local transaction
(``outbox.add_vehicles``, like Add vehicle, so offline too): if anything refuses one of
them there (the fleet changed since the preview), none is added and the preview is
made again. Reading, checking and writing all run off the UI thread.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain import vehicle_csv as vc
from mpro_desktop.domain.vehicles import MODEL_MAX, NAME_MAX, PLATE_MAX
from mpro_desktop.models.vehicle_import import ImportPreviewModel
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.style import error_label, muted_label, set_tone
from mpro_desktop.views.vehicles.add_dialog import vin_message

log = logging.getLogger(__name__)


def list_separator() -> str:
    """The separator Excel uses for CSV in this locale: ``;`` where the decimal mark is
    a comma (Swedish), else ``,`` (see ``domain.vehicle_csv``)."""
    return ";" if QLocale().decimalPoint() == "," else ","


def file_error_message(exc: vc.CsvFileError) -> str:
    """A sentence for a file that can't be read as a vehicle list: what, and what to do."""
    code = exc.code
    if code == "too_large":
        return QCoreApplication.translate(
            "ImportVehiclesDialog",
            "The file is larger than %1 MB. Split the list into several files and import "
            "them one after the other.",
        ).replace("%1", str(vc.MAX_FILE_BYTES // (1024 * 1024)))
    if code == "empty":
        return QCoreApplication.translate("ImportVehiclesDialog", "The file is empty.")
    if code == "spreadsheet":
        return QCoreApplication.translate(
            "ImportVehiclesDialog",
            "This is an Excel workbook, not a CSV file. In Excel choose File > Save As > "
            '"CSV UTF-8 (comma delimited)" and import that file.',
        )
    if code == "not_text":
        return QCoreApplication.translate(
            "ImportVehiclesDialog",
            "The file is not a text file (is it a PDF, an image or an archive?). Choose a "
            "CSV file with one vehicle per line.",
        )
    if code == "encoding":
        return QCoreApplication.translate(
            "ImportVehiclesDialog",
            "The file's characters can't be read (it is neither UTF-8 nor Windows "
            'text). Save it again as "CSV UTF-8".',
        )
    if code == "missing_columns":
        return QCoreApplication.translate(
            "ImportVehiclesDialog",
            "The first line must name the columns, and a column VIN is required (found "
            "no column called VIN). Optional: name, license_plate, fuel_type, model.",
        )
    if code == "field_too_long":
        return (
            QCoreApplication.translate(
                "ImportVehiclesDialog",
                "Line %1 has a field of more than %2 characters: this is no vehicle list "
                "(or a quote is not closed).",
            )
            .replace("%1", str(exc.line or "?"))
            .replace("%2", str(vc.MAX_FIELD_CHARS))
        )
    if code == "no_rows":
        return QCoreApplication.translate(
            "ImportVehiclesDialog", "The file has column names but no vehicles."
        )
    if code == "no_header":
        return QCoreApplication.translate(
            "ImportVehiclesDialog", "The file has no line with column names."
        )
    return QCoreApplication.translate(
        "ImportVehiclesDialog", "The file is not a CSV table (line %1)."
    ).replace("%1", str(exc.line or "?"))


def problem_message(p: vc.RowProblem) -> str:
    """Why one row is skipped, as a sentence (VIN reasons worded like Add vehicle)."""
    if p.reason == vc.DUPLICATE_IN_FILE:
        return QCoreApplication.translate(
            "ImportVehiclesDialog", "Same VIN as line %1 of the file."
        ).replace("%1", str(p.other_line))
    if p.reason == vc.IN_FLEET:
        return QCoreApplication.translate(
            "ImportVehiclesDialog", "This VIN is already in your vehicle list."
        )
    if p.reason == vc.NAME_TOO_LONG:
        return QCoreApplication.translate(
            "ImportVehiclesDialog", "The name is longer than %1 characters."
        ).replace("%1", str(NAME_MAX))
    if p.reason == vc.PLATE_TOO_LONG:
        return QCoreApplication.translate(
            "ImportVehiclesDialog", "The licence plate is longer than %1 characters."
        ).replace("%1", str(PLATE_MAX))
    if p.reason == vc.MODEL_TOO_LONG:
        return QCoreApplication.translate(
            "ImportVehiclesDialog", "The model is longer than %1 characters."
        ).replace("%1", str(MODEL_MAX))
    if p.reason == vc.UNKNOWN_FUEL:
        return QCoreApplication.translate(
            "ImportVehiclesDialog", 'Unknown fuel type "%1": use diesel or electric.'
        ).replace("%1", p.value)
    if p.reason == vc.TOO_MANY_FIELDS:
        return QCoreApplication.translate(
            "ImportVehiclesDialog",
            "More fields than column names (a separator inside a value without quotes?).",
        )
    vin = "".join(p.vin.split()).upper()
    if p.reason == "empty":
        return QCoreApplication.translate("ImportVehiclesDialog", "The VIN is missing.")
    if p.reason == "too_short":
        return QCoreApplication.translate(
            "ImportVehiclesDialog", "The VIN has %1 of 17 characters."
        ).replace("%1", str(len(vin)))
    return vin_message(p.reason, vin, p.position)  # worded like Add vehicle


def preview_rows(plan: vc.ImportPlan) -> list[dict]:
    """The preview's rows in file order: each added row and each skipped one, worded."""
    rows = [
        {
            "id": str(r.line),
            "line": r.line,
            "vin": r.vin,
            "name": r.name,
            "license_plate": r.license_plate,
            "fuel_type": r.fuel_type,
            "model": r.model,
            "problem": "",
        }
        for r in plan.valid
    ]
    rows += [
        {
            "id": str(p.line),
            "line": p.line,
            "vin": p.vin,
            "name": p.name or None,
            "license_plate": p.license_plate or None,
            "fuel_type": None,
            "model": None,
            "problem": problem_message(p),
        }
        for p in plan.problems
    ]
    rows.sort(key=lambda r: r["line"])
    return rows


def report_csv(plan: vc.ImportPlan, source: str, separator: str) -> bytes:
    """The skipped rows as a CSV file (line, VIN, reason) the user can keep or send on."""
    header = (
        QCoreApplication.translate("ImportVehiclesDialog", "File"),
        QCoreApplication.translate("ImportVehiclesDialog", "Line"),
        QCoreApplication.translate("ImportVehiclesDialog", "VIN"),
        QCoreApplication.translate("ImportVehiclesDialog", "Reason"),
    )
    return vc.write_csv(
        header,
        ((source, p.line, p.vin, problem_message(p)) for p in plan.problems),
        separator=separator,
    )


def _read_and_plan(path: str, cache) -> vc.ImportPlan:
    """Off the UI thread: the file (refused unread when too large) checked against the
    fleet as the cache has it now."""
    if os.path.getsize(path) > vc.MAX_FILE_BYTES:
        raise vc.CsvFileError("too_large", "too large")
    with open(path, "rb") as f:
        data = f.read(vc.MAX_FILE_BYTES + 1)
    return vc.plan_file(data, [v["vin"] for v in cache.vehicles()])


class _Progress(QObject):
    """Carries the write's progress from the write thread to the dialog (queued)."""

    sig_done = Signal(int)
    """How many vehicles are staged so far."""


class ImportVehiclesDialog(QDialog):
    sig_imported = Signal(list)
    """The ids of the vehicles just added (all in one transaction)."""

    def __init__(
        self, context: PaneContext, parent: QWidget | None = None, *, separator: str = ","
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.cache = context.cache
        #: the separator the saved report is written with (the locale's list separator)
        self.separator = separator
        self.plan: vc.ImportPlan | None = None
        self.path: str | None = None
        self.imported: list[str] | None = None
        self.rows: list[dict] = []
        self.report_path: str | None = None  # where the last report was saved
        self._notice = ""
        self._busy = False
        self.setWindowTitle(self.tr("Import vehicles from CSV"))

        self.file_label = muted_label(self.tr("No file chosen."))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)
        self.help_label = muted_label(
            self.tr(
                "One vehicle per line; the first line names the columns: VIN (required), "
                "name, license_plate, fuel_type (diesel or electric), model. Comma, "
                "semicolon or tab separated, as Excel saves it."
            )
        )
        self.help_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = error_label()
        self.only_problems = QCheckBox(self.tr("Show only skipped rows"))
        self.only_problems.toggled.connect(self._show_rows)
        self.only_problems.setEnabled(False)

        self.model = ImportPreviewModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Import preview"))
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(40)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.progress.hide()
        self._progress = _Progress(self)
        self._progress.sig_done.connect(self.progress.setValue)

        self.save_report_button = QPushButton(self.tr("Save report…"))
        self.save_report_button.setToolTip(self.tr("Save the skipped rows and why, as CSV"))
        self.save_report_button.setEnabled(False)
        self.save_report_button.clicked.connect(self.choose_report_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.save_report_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.help_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(860, 540)

    # -- choosing and checking a file ------------------------------------------------
    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import vehicles"),
            "",
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str, *, notice: str = "") -> None:
        """Read and check ``path`` off the UI thread, then show the preview (and
        ``notice``, why it was checked again)."""
        self.path = path
        self.plan = None
        self._notice = notice
        self.file_label.setText(Path(path).name)
        set_tone(self.file_label, None)
        self.error.hide()
        self.summary.setText(self.tr("Reading the file…"))
        self.model.set_rows([])
        self._set_busy(True, None)
        cache = self.cache
        run_in_background(
            lambda: _read_and_plan(path, cache), self._planned, self._plan_failed, owner=self
        )

    def _planned(self, plan: vc.ImportPlan) -> None:
        self._set_busy(False)
        self.plan = plan
        self.rows = preview_rows(plan)
        self._show_rows()
        self._summarise()
        if self._notice:
            self._show_error(self._notice)

    def _plan_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.plan = None
        self.rows = []
        self.model.set_rows([])
        if isinstance(exc, vc.CsvFileError):
            message = file_error_message(exc)
        elif isinstance(exc, OSError):
            message = self.tr("The file can't be read: %1").replace("%1", exc.strerror or str(exc))
        else:
            log.warning("import check failed: %s", exc)
            message = self.tr("The file could not be checked: %1").replace("%1", str(exc))
        self.summary.setText("")
        self._show_error(message)

    def _summarise(self) -> None:
        plan = self.plan
        assert plan is not None
        ok, bad = len(plan.valid), len(plan.problems)
        parts = [
            self.tr("1 vehicle will be added.")
            if ok == 1
            else self.tr("%n vehicles will be added.", "", ok),
            ""
            if not bad
            else self.tr("1 line will be skipped (listed in red).")
            if bad == 1
            else self.tr("%n lines will be skipped (listed in red).", "", bad),
        ]
        if plan.ignored_columns:
            parts.append(
                self.tr("Columns not imported: %1.").replace("%1", ", ".join(plan.ignored_columns))
            )
        separator = {";": self.tr("semicolon"), ",": self.tr("comma"), "\t": self.tr("tab")}
        parts.append(
            self.tr("Read as %1, separated by %2.")
            .replace("%1", plan.encoding)
            .replace("%2", separator.get(plan.separator, plan.separator))
        )
        self.summary.setText(" ".join(p for p in parts if p))
        self.only_problems.setEnabled(bad > 0)
        self.save_report_button.setEnabled(bad > 0)
        self.import_button.setEnabled(ok > 0)
        self.import_button.setText(
            self.tr("Import")
            if not ok
            else self.tr("Import 1 vehicle")
            if ok == 1
            else self.tr("Import %n vehicles", "", ok)
        )
        if not ok:
            self._show_error(self.tr("No line of the file can be added: see the reasons below."))

    def _show_rows(self, *_args) -> None:
        rows = self.rows
        if self.only_problems.isChecked():
            rows = [r for r in rows if r["problem"]]
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _set_busy(self, busy: bool, maximum: int | None = None) -> None:
        self._busy = busy
        self.choose_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self.plan is not None and bool(self.plan.valid))
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, maximum or 0)  # 0..0: busy without a count
            self.progress.setValue(0)

    # -- importing -------------------------------------------------------------------
    def start_import(self) -> None:
        plan = self.plan
        if plan is None or not plan.valid or self._busy:
            return
        # Loads SQLAlchemy, so on first use (startup.py keeps it out of the first paint).
        from mpro_desktop.sync import outbox

        values = [r.values() for r in plan.valid]
        self._set_busy(True, len(values))
        self.summary.setText(self.tr("Adding %n vehicles…", "", len(values)))
        cache, progress = self.cache, self._progress

        def refused(exc: BaseException) -> None:
            self._set_busy(False)
            if isinstance(exc, outbox.BulkAddFailed):
                # The fleet changed since the preview (a sync, another window): nothing
                # was added; check again so the preview says what is what now.
                message = (
                    self.tr(
                        "Nothing was imported: the vehicle list changed while you looked at "
                        "the preview (line %1: %2). The file has been checked again."
                    )
                    .replace("%1", str(plan.valid[exc.index].line))
                    .replace("%2", str(exc.cause))
                )
                self._show_error(message)
                if self.path:
                    self.load_file(self.path, notice=message)
            else:
                self._show_error(self.tr("Nothing was imported: %1").replace("%1", str(exc)))

        run_write(
            lambda: outbox.add_vehicles(cache, values, progress=progress.sig_done.emit),
            changes={"vehicle"},
            listener=self.context,
            on_success=self._imported,
            on_failure=refused,
            owner=self,
        )

    def _imported(self, ids: list[str]) -> None:
        self._set_busy(False)
        self.imported = ids
        self.sig_imported.emit(ids)
        self.accept()

    # -- the report ------------------------------------------------------------------
    def choose_report_file(self) -> None:
        if self.plan is None or not self.plan.problems:
            return
        suggested = (Path(self.path).stem if self.path else "vehicles") + "-skipped.csv"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save import report"), suggested, self.tr("CSV files (*.csv)")
        )
        if path:
            self.save_report(path)

    def save_report(self, path: str) -> None:
        """Write the skipped rows to ``path`` off the UI thread."""
        plan, source, separator = self.plan, Path(self.path or "").name, self.separator
        assert plan is not None
        # worded here, on the UI thread's translators; written in the background
        data = report_csv(plan, source, separator)

        def write() -> str:
            Path(path).write_bytes(data)
            return path

        self.save_report_button.setEnabled(False)
        run_in_background(write, self._report_saved, self._report_failed, owner=self)

    def _report_saved(self, path: str) -> None:
        self.save_report_button.setEnabled(True)
        self.summary.setText(
            self.summary.text() + " " + self.tr("Report saved to %1.").replace("%1", path)
        )
        self.report_path = path

    def _report_failed(self, exc: BaseException) -> None:
        self.save_report_button.setEnabled(True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self._show_error(self.tr("The report could not be saved: %1").replace("%1", reason))
