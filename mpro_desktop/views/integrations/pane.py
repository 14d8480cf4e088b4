"""Integrations (company admins): rFMS clients through which third-party fleet systems
read the vehicles that hold the Data interface product (SPEC N4, API.md "Integration").

Online only: a client is made and revoked by the portal there and then, and its secret
is shown once (``SecretDialog``), so nothing here is queued or kept in the cache."""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.users import iso_text
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.permissions import refusal_text
from mpro_desktop.views.common.style import heading, note_label, set_tone
from mpro_desktop.views.integrations.secret_dialog import SecretDialog

log = logging.getLogger(__name__)
#: the portal's limit on a client's name (embedded_server/rfms/schemas.py NAME_MAX)
NAME_MAX = 100
IdRole = Qt.ItemDataRole.UserRole + 1


class IntegrationsPane(Pane):
    NAME = "integrations"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Integrations")
    PERMISSION = Permission.MANAGE_COMPANY

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.clients: list[dict] = []
        #: the last creation's dialog (the only place its secret ever shows)
        self.secret_dialog: SecretDialog | None = None
        self._generation = 0
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setPlaceholderText(self.tr("Name of the system, e.g. Transport planning"))
        self.name_edit.setAccessibleName(self.tr("Name of the new client"))
        self.name_edit.textChanged.connect(lambda _t: self.update_actions())
        self.name_edit.returnPressed.connect(self.create_client)
        self.create_button = QPushButton(self.tr("Create client"))
        self.create_button.clicked.connect(self.create_client)
        self.revoke_button = QPushButton(self.tr("Revoke…"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(self.tr("rFMS clients"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Client ID"),
                self.tr("Created"),
                self.tr("Last used"),
                self.tr("State"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)
        self.table.itemSelectionChanged.connect(self.update_actions)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.addresses = note_label()
        self.addresses.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addresses.hide()
        create_row = QHBoxLayout()
        create_row.addWidget(self.name_edit, 1)
        create_row.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        layout.addWidget(
            note_label(
                self.tr(
                    "Third-party fleet systems read your vehicles that hold the Data "
                    "interface product through the ACEA rFMS 4.0 standard. Create one client "
                    "per system and give it the client ID and secret. Online only: clients "
                    "are created and revoked in the portal at once, nothing is queued."
                )
            )
        )
        layout.addWidget(self.addresses)
        layout.addLayout(create_row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.refresh_button)
        bottom.addStretch(1)
        bottom.addWidget(self.revoke_button)
        layout.addLayout(bottom)
        context.sig_online_changed.connect(lambda _on: self.reload())
        self.update_actions()

    # -- state ----------------------------------------------------------------------------
    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        pk = self.table.item(rows[0].row(), 0).data(IdRole)
        return next((c for c in self.clients if c["id"] == pk), None)

    def update_actions(self) -> None:
        online = self.context.online is not None
        offline_why = None if online else refusal_text("offline")
        has_name = bool(self.name_edit.text().strip())
        self.create_button.setEnabled(online and has_name)
        self.create_button.setToolTip(
            offline_why or ("" if has_name else self.tr("Type the name of the system first."))
        )
        chosen = self.selected()
        live = chosen is not None and not chosen.get("revoked_at")
        self.revoke_button.setEnabled(online and live)
        self.revoke_button.setToolTip(
            offline_why or ("" if live else self.tr("Select a client that is not revoked."))
        )
        self.refresh_button.setEnabled(online)
        self.name_edit.setEnabled(online)

    # -- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        api = self.context.online
        self.update_actions()
        if api is None:
            self.status.setText(refusal_text("offline"))
            set_tone(self.status, "warning")
            self.addresses.hide()  # (an empty selectable label would be an unnamed stop)
            return
        self.addresses.setText(
            self.tr("Token address: %1/oauth/token · rFMS address: %1/rfms").replace(
                "%1", api.portal_url
            )
        )
        self.addresses.show()
        self._generation += 1
        generation = self._generation
        self.status.setText(self.tr("Reading the clients from the portal…"))
        set_tone(self.status, None)

        def done(clients: list[dict]) -> None:
            if generation == self._generation:
                self.show_clients(clients)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.status.setText(online_error_text(exc))
                set_tone(self.status, "error")

        run_in_background(api.rfms_clients, done, failed, owner=self)

    def show_clients(self, clients: list[dict]) -> None:
        chosen = self.selected()
        self.clients = clients
        self.table.setRowCount(len(clients))
        for row, c in enumerate(clients):
            revoked = bool(c.get("revoked_at"))
            state = (
                self.tr("Revoked %1").replace("%1", iso_text(c["revoked_at"]))
                if revoked
                else self.tr("Active")
            )
            cells = [
                c.get("name", ""),
                c.get("client_id", ""),
                iso_text(c.get("created_at")),
                iso_text(c.get("last_used_at")) if c.get("last_used_at") else self.tr("Never"),
                state,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(IdRole, c["id"])
                if revoked:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, col, item)
            if chosen is not None and c["id"] == chosen["id"]:
                self.table.selectRow(row)
        active = sum(1 for c in clients if not c.get("revoked_at"))
        self.status.setText(
            self.tr("Active clients: %1").replace("%1", str(active))
            if clients
            else self.tr("No clients yet. Create one for each system that should read your fleet.")
        )
        set_tone(self.status, None)
        self.update_actions()

    # -- writing (online, never queued) -------------------------------------------------------
    def create_client(self) -> None:
        api = self.context.online
        name = self.name_edit.text().strip()
        if api is None or not name or not self.create_button.isEnabled():
            return
        self.create_button.setEnabled(False)
        self.status.setText(self.tr("Creating the client in the portal…"))
        set_tone(self.status, None)

        def done(created: dict) -> None:
            self.name_edit.clear()
            self.reload()
            self.secret_dialog = SecretDialog(created, api.portal_url, self)
            self.secret_dialog.open()  # window-modal, and the pane keeps running

        def failed(exc: BaseException) -> None:
            self.status.setText(online_error_text(exc))
            set_tone(self.status, "error")
            self.update_actions()

        run_in_background(lambda: api.create_rfms_client(name), done, failed, owner=self)

    def revoke_selected(self) -> None:
        api = self.context.online
        chosen = self.selected()
        if api is None or chosen is None or chosen.get("revoked_at"):
            return
        answer = QMessageBox.question(
            self,
            self.tr("Revoke rFMS client"),
            self.tr(
                "Revoke %1? The system using it can no longer read your fleet; its access "
                "ends at once. This cannot be undone."
            ).replace("%1", chosen.get("name") or chosen["client_id"]),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.revoke_button.setEnabled(False)
        self.status.setText(self.tr("Revoking the client in the portal…"))
        set_tone(self.status, None)

        def failed(exc: BaseException) -> None:
            self.status.setText(online_error_text(exc))
            set_tone(self.status, "error")
            self.update_actions()

        run_in_background(
            lambda: api.revoke_rfms_client(chosen["id"]),
            lambda _r: self.reload(),
            failed,
            owner=self,
        )
