"""Audit log (company admins): sign-ins, role changes, deletions, invitations, support
sessions and every action in them, read from the portal page by page (online only)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.audit import AuditTableModel, action_labels
from mpro_desktop.models.users import user_name
from mpro_desktop.views.common.flow_layout import FlowLayout, kept_together
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.permissions import refusal_text
from mpro_desktop.views.common.style import heading, note_label, set_tone

log = logging.getLogger(__name__)
PAGE = 50


class AuditPane(Pane):
    NAME = "audit"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Audit log")
    ENTITIES = frozenset({"user"})
    PERMISSION = Permission.MANAGE_COMPANY

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.names: dict[str, str] = {}
        self.items: list[dict] = []
        self.next_cursor: str | None = None
        self._generation = 0
        self.model = AuditTableModel(lambda uid: self.names.get(uid or "", uid or ""), self)
        self.user_filter = QComboBox()
        self.user_filter.setAccessibleName(self.tr("Filter by user"))
        self.user_filter.addItem(self.tr("All users"), None)
        self.user_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.user_filter.setMinimumContentsLength(12)
        self.action_filter = QComboBox()
        self.action_filter.setAccessibleName(self.tr("Filter by action"))
        self.action_filter.addItem(self.tr("All actions"), None)
        self.action_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.action_filter.setMinimumContentsLength(12)
        for action, label in sorted(action_labels().items(), key=lambda kv: kv[1]):
            self.action_filter.addItem(label, action)
        self.use_dates = QCheckBox(self.tr("From"))
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.until = QDateEdit(QDate.currentDate())
        for edit, name in ((self.since, self.tr("From date")), (self.until, self.tr("To date"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.lineEdit().setAccessibleName(name)
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        self.refresh_button = QPushButton(self.tr("Show"))
        self.refresh_button.clicked.connect(self.reload_log)
        self.more_button = QPushButton(self.tr("Show older entries"))
        self.more_button.clicked.connect(self.load_more)
        self.more_button.setEnabled(False)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Audit log"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        who = QHBoxLayout()
        who.addWidget(self.user_filter, 1)
        who.addWidget(self.action_filter, 1)
        filters = FlowLayout()  # wraps on a narrow window instead of widening it
        filters.addWidget(
            kept_together(self.use_dates, self.since, QLabel(self.tr("to")), self.until)
        )
        filters.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        layout.addWidget(
            note_label(
                self.tr(
                    "Security-relevant actions in the company account, dealers' support "
                    "sessions included. Read from the portal; not kept on this computer."
                )
            )
        )
        layout.addLayout(who)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.more_button)
        layout.addLayout(bottom)
        context.sig_online_changed.connect(lambda _on: self.reload())

    # -- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Users for the names and the filter (cache), then the first page (portal)."""
        cache = self.cache

        def names(users: list[dict]) -> None:
            self.names = {u["id"]: user_name(u) or u.get("email") or u["id"] for u in users}
            current = self.user_filter.currentData()
            self.user_filter.blockSignals(True)
            self.user_filter.clear()
            self.user_filter.addItem(self.tr("All users"), None)
            for uid, name in sorted(self.names.items(), key=lambda kv: kv[1]):
                self.user_filter.addItem(name, uid)
            index = self.user_filter.findData(current)
            self.user_filter.setCurrentIndex(max(0, index))
            self.user_filter.blockSignals(False)
            self.reload_log()

        run_in_background(cache.users, names, lambda exc: log.warning("users: %s", exc), owner=self)

    def filters(self) -> dict:
        found: dict = {
            "user_id": self.user_filter.currentData(),
            "action": self.action_filter.currentData(),
        }
        if self.use_dates.isChecked():
            start = datetime.combine(self.since.date().toPython(), time.min).astimezone(UTC)
            end = datetime.combine(self.until.date().toPython(), time.max).astimezone(UTC)
            found["since"] = start.isoformat()
            found["until"] = end.isoformat()
        return found

    def reload_log(self) -> None:
        self.items = []
        self.next_cursor = None
        self.model.set_rows([])
        self._fetch(None)

    def load_more(self) -> None:
        if self.next_cursor:
            self._fetch(self.next_cursor)

    def _fetch(self, cursor: str | None) -> None:
        api = self.context.online
        if api is None:
            self.status.setText(refusal_text("offline"))
            set_tone(self.status, "warning")
            self.more_button.setEnabled(False)
            return
        self._generation += 1
        generation = self._generation
        filters = self.filters()
        self.status.setText(self.tr("Reading the audit log from the portal…"))
        set_tone(self.status, None)
        self.refresh_button.setEnabled(False)

        def done(page: dict) -> None:
            if generation != self._generation:
                return
            self.refresh_button.setEnabled(True)
            self.items.extend(page.get("items") or [])
            self.next_cursor = page.get("next_cursor")
            self.model.set_rows([{**i, "id": str(i.get("id"))} for i in self.items])
            self.more_button.setEnabled(bool(self.next_cursor))
            self.status.setText(
                self.tr("%n entries shown.", "", len(self.items))
                if self.items
                else self.tr("No entries match the filter.")
            )

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.refresh_button.setEnabled(True)
            self.status.setText(online_error_text(exc))
            set_tone(self.status, "error")

        run_in_background(
            lambda: api.audit(cursor=cursor, limit=PAGE, **filters), done, failed, owner=self
        )
